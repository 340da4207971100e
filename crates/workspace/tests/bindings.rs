//! The committed TypeScript bindings must match the Rust types. With
//! `UPDATE_BINDINGS=1` this test rewrites them instead (`cargo xtask bindings`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use parcours_workspace::bindings::export_bindings;

fn committed_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../ui/src/bindings")
}

fn read_dir(dir: &Path) -> BTreeMap<String, String> {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .map(|e| e.unwrap().path())
                .filter(|p| p.extension().is_some_and(|x| x == "ts"))
                .map(|p| {
                    (
                        p.file_name().unwrap().to_string_lossy().into_owned(),
                        std::fs::read_to_string(&p).unwrap(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn typescript_bindings_are_current() {
    let fresh = tempfile::tempdir().unwrap();
    export_bindings(fresh.path()).unwrap();
    let nested: Vec<_> = std::fs::read_dir(fresh.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    // Only top-level files are committed: a type ts-rs puts in a folder (serde_json's
    // JsonValue) would be missing from ui/src/bindings. Use `#[ts(type = "unknown")]`.
    assert!(nested.is_empty(), "bindings generated in folders: {nested:?}");
    let generated = read_dir(fresh.path());
    assert!(generated.contains_key("Overview.ts") && generated.contains_key("Journey.ts"));
    let dir = committed_dir();
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        for (name, text) in &generated {
            std::fs::write(dir.join(name), text).unwrap();
        }
        return;
    }
    let committed = read_dir(&dir);
    let stale: Vec<&String> = generated
        .keys()
        .chain(committed.keys())
        .filter(|k| generated.get(*k) != committed.get(*k))
        .collect();
    assert!(
        stale.is_empty(),
        "ui/src/bindings is stale ({stale:?}): run `cargo xtask bindings`"
    );
}
