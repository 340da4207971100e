//! A process killed in the middle of a write: the file opens again, with what was
//! committed before and without what was not. The killed writer is a child process
//! (this test binary run again) that aborts mid-transaction, as kill -9 would leave it.

use std::path::{Path, PathBuf};
use std::process::Command;

use parcours_model::Bundle;
use parcours_store::Store;

const CART: &str = include_str!("../../../examples/cart_abandonment.parcours.json");
const CHILD: &str = "PARCOURS_CRASH_CHILD";

fn sidecar(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// Runs `test` of this binary again as a child that does `what` on `path` and aborts.
fn killed_child(test: &str, what: &str, path: &Path) {
    let status = Command::new(std::env::current_exe().unwrap())
        .args([test, "--exact", "--nocapture", "--test-threads=1"])
        .env(CHILD, format!("{what}\n{}", path.display()))
        .status()
        .unwrap();
    assert!(!status.success(), "the child was meant to die mid-write");
}

/// In the child: a big write, spilled to the file, then death before the commit.
fn die_mid_write() -> bool {
    let Ok(job) = std::env::var(CHILD) else {
        return false;
    };
    let (what, path) = job.split_once('\n').unwrap();
    let conn = rusqlite::Connection::open(path).unwrap();
    let table = match what {
        // A new file, still in the rollback journal it starts in.
        "create" => "CREATE TABLE events (name TEXT, body BLOB)",
        // A workspace: its WAL gets uncommitted frames.
        _ => "CREATE TABLE IF NOT EXISTS scratch (name TEXT, body BLOB)",
    };
    conn.execute_batch(&format!("PRAGMA cache_size = 2; BEGIN IMMEDIATE; {table};"))
        .unwrap();
    let target = if what == "create" { "events" } else { "scratch" };
    for i in 0..2_000 {
        conn.execute(
            &format!("INSERT INTO {target} VALUES (?1, ?2)"),
            rusqlite::params![format!("row {i}"), vec![7u8; 2_000]],
        )
        .unwrap();
    }
    std::process::abort();
}

#[test]
fn a_file_killed_while_being_created_opens_as_new() {
    if die_mid_write() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new.sqlite");
    killed_child("a_file_killed_while_being_created_opens_as_new", "create", &path);
    assert!(sidecar(&path, "-journal").exists(), "the kill left a hot journal");
    // Before: the read-only look could not roll the journal back, and the file was
    // refused as damaged on every open.
    let mut store = Store::open(&path).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(store.schema_version().unwrap(), parcours_store::LATEST_SCHEMA);
    store.import_bundle(&Bundle::parse(CART).unwrap(), &[]).unwrap();
    drop(store);
    let store = Store::open(&path).unwrap();
    assert_eq!(store.export_all().unwrap().journeys.len(), 1);
}

#[test]
fn a_workspace_killed_mid_write_keeps_what_was_committed() {
    if die_mid_write() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("w.sqlite");
    let mut store = Store::open(&path).unwrap();
    store.import_bundle(&Bundle::parse(CART).unwrap(), &[]).unwrap();
    let before = store.export_all().unwrap();
    drop(store);
    killed_child("a_workspace_killed_mid_write_keeps_what_was_committed", "write", &path);
    assert!(sidecar(&path, "-wal").exists(), "the kill left a WAL");
    let store = Store::open(&path).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(store.export_all().unwrap(), before);
}
