//! The publish lifecycle from the shell: exit codes (1 refused by validation, 2 bad
//! input), the commands' output, and a publish killed with SIGKILL mid-transaction
//! leaving the old state or the new one, never half.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Output, Stdio};

use parcours_model::generate;

const EXAMPLES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples");

fn parcours(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_parcours"))
        .args(args)
        .env_remove("PARCOURS_USER")
        .env_remove("PARCOURS_STALL_BEFORE_COMMIT")
        .output()
        .expect("the binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn ok(args: &[&str]) -> String {
    let out = parcours(args);
    assert_eq!(out.status.code(), Some(0), "{args:?}: {}", text(&out.stderr));
    text(&out.stdout)
}

fn workspace_with(dir: &Path, example: &str) -> String {
    let db = dir.join("w.sqlite").display().to_string();
    ok(&["import", &format!("{EXAMPLES}/{example}.parcours.json"), "--db", &db]);
    db
}

fn versions(db: &str, journey: &str) -> serde_json::Value {
    serde_json::from_str(&ok(&["versions", "--db", db, "--journey", journey, "--json"])).unwrap()
}

fn audit(db: &str) -> Vec<serde_json::Value> {
    serde_json::from_str(&ok(&["audit", "--db", db, "--json"])).unwrap()
}

#[test]
fn publish_new_version_diff_rollback_and_audit_from_the_shell() {
    let dir = tempfile::tempdir().unwrap();
    let db = workspace_with(dir.path(), "cart_abandonment");
    assert!(ok(&["new-version", "--db", &db, "--journey", "cart_recovery"]).contains("v2 is a new draft"));
    let published = ok(&["publish", "--db", &db, "--journey", "cart_recovery"]);
    assert!(
        published.starts_with("published cart_recovery v2 (sha256 "),
        "{published}"
    );
    assert!(published.contains("closed v1"), "{published}");
    let v = versions(&db, "cart_recovery");
    assert_eq!(v[0]["state"], "closed");
    assert_eq!(v[1]["state"], "live");
    assert_eq!(v[1]["sha256"].as_str().unwrap().len(), 64);

    let diff = ok(&["diff", "--db", &db, "--journey", "cart_recovery"]);
    assert!(diff.starts_with("cart_recovery v1 → v2"), "{diff}");
    let rolled = ok(&[
        "rollback",
        "--db",
        &db,
        "--journey",
        "cart_recovery",
        "--to",
        "1",
        "--json",
    ]);
    let rolled: serde_json::Value = serde_json::from_str(&rolled).unwrap();
    assert_eq!(rolled["version"], 3);
    assert_eq!(
        rolled["journeySha256"],
        versions(&db, "cart_recovery")[0]["journeySha256"]
    );

    ok(&["pause", "--db", &db, "--journey", "cart_recovery"]);
    ok(&["resume", "--db", &db, "--journey", "cart_recovery"]);
    assert!(ok(&["close", "--db", &db, "--journey", "cart_recovery"]).contains("closed cart_recovery v3"));
    assert!(ok(&["stop", "--db", &db, "--journey", "cart_recovery"]).contains("stopped cart_recovery v1, v2, v3"));
    let actions: Vec<String> = audit(&db)
        .iter()
        .map(|e| e["action"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        actions,
        [
            "imported",
            "newVersion",
            "published",
            "closed",
            "rolledBack",
            "closed",
            "paused",
            "resumed",
            "closed",
            "stopped",
            "stopped",
            "stopped"
        ]
    );
    let log = ok(&["audit", "--db", &db, "--journey", "cart_recovery"]);
    assert!(
        log.lines().any(|l| l.contains(" published cart_recovery v2 sha256:")),
        "{log}"
    );
}

#[test]
fn a_publish_refused_by_validation_exits_one_bad_input_exits_two() {
    let dir = tempfile::tempdir().unwrap();
    let mut bundle: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(format!("{EXAMPLES}/welcome_series.parcours.json")).unwrap())
            .unwrap();
    bundle["journeys"][0]["versions"][0]["edges"]
        .as_array_mut()
        .unwrap()
        .pop();
    let file = dir.path().join("broken.parcours.json");
    std::fs::write(&file, bundle.to_string()).unwrap();
    let db = dir.path().join("w.sqlite").display().to_string();
    ok(&["import", &file.display().to_string(), "--db", &db]);

    let out = parcours(&["publish", "--db", &db, "--journey", "welcome_series"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("cannot be published"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(versions(&db, "welcome_series")[0]["state"], "draft");

    // A live version with errors in a bundle: refused whole, exit 1.
    bundle["journeys"][0]["versions"][0]["status"] = "live".into();
    std::fs::write(&file, bundle.to_string()).unwrap();
    let other = dir.path().join("other.sqlite").display().to_string();
    let out = parcours(&["import", &file.display().to_string(), "--db", &other]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("journeys[0].versions[0]"),
        "{}",
        text(&out.stderr)
    );

    // Bad input: a journey that is not there (the message lists those that are), no
    // workspace at that path, a version that does not exist.
    let out = parcours(&["publish", "--db", &db, "--journey", "welcome"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("its journeys: welcome_series"),
        "{}",
        text(&out.stderr)
    );
    let missing = dir.path().join("nowhere.sqlite").display().to_string();
    let out = parcours(&["versions", "--db", &missing, "--journey", "x"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(!Path::new(&missing).exists(), "no workspace is created by a typo");
    let out = parcours(&[
        "diff",
        "--db",
        &db,
        "--journey",
        "welcome_series",
        "--from",
        "7",
        "--to",
        "1",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("no version 7"), "{}", text(&out.stderr));
}

#[test]
fn help_describes_every_argument_and_the_default_database() {
    let commands = [
        "validate",
        "import",
        "export",
        "schema",
        "simulate",
        "coverage",
        "publish",
        "versions",
        "diff",
        "rollback",
        "new-version",
        "close",
        "stop",
        "pause",
        "resume",
        "audit",
    ];
    for command in commands {
        let help = text(&parcours(&[command, "-h"]).stdout);
        let args = help
            .lines()
            .skip_while(|l| !l.starts_with("Arguments:") && !l.starts_with("Options:"))
            .filter(|l| l.trim_start().starts_with('-') || l.trim_start().starts_with('<'));
        for line in args {
            // "  --name <V>  What it is": a description after the argument.
            let described = line.trim().split("  ").filter(|part| !part.trim().is_empty()).count() >= 2;
            assert!(
                described,
                "`parcours {command}`: `{}` has no description:\n{help}",
                line.trim()
            );
        }
    }
    let publish = text(&parcours(&["publish", "--help"]).stdout);
    assert!(publish.contains("PARCOURS_DB"), "{publish}");
    let top = text(&parcours(&["--help"]).stdout);
    assert!(top.contains("workspace.sqlite"), "{top}");
}

#[test]
fn a_closed_pipe_ends_the_command_quietly() {
    // Far more than a pipe holds, so the writer meets the closed pipe.
    let dir = tempfile::tempdir().unwrap();
    let db = large_workspace(dir.path());
    let mut child = Command::new(env!("CARGO_BIN_EXE_parcours"))
        .args(["export", "--db", &db])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Read one line, then hang up, as `| head -1` does.
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(first.starts_with('{'));
    assert!(!text(&out.stderr).contains("panicked"), "{}", text(&out.stderr));
    assert!(text(&out.stderr).is_empty(), "{}", text(&out.stderr));
}

/// A workspace holding a draft 1,000-activity journey `large`.
fn large_workspace(dir: &Path) -> String {
    let file = dir.join("large.parcours.json");
    std::fs::write(&file, generate::large_journey(1000).to_canonical_json()).unwrap();
    let db = dir.join("large.sqlite").display().to_string();
    ok(&["import", &file.display().to_string(), "--db", &db]);
    db
}

/// The workspace is in the old state (a draft, no release, no audit line) or the new
/// one (live, with its release and its audit line); anything else is half a publish.
fn old_or_new(db: &str) -> &'static str {
    let v = versions(db, "large");
    let log = audit(db);
    match v[0]["state"].as_str() {
        Some("draft") => {
            assert!(v[0]["sha256"].is_null(), "a draft with a release: {v}");
            assert!(log.iter().all(|e| e["action"] != "published"), "{log:?}");
            "old"
        }
        Some("live") => {
            assert_eq!(
                v[0]["sha256"].as_str().map(str::len),
                Some(64),
                "live without its release: {v}"
            );
            assert_eq!(log.iter().filter(|e| e["action"] == "published").count(), 1, "{log:?}");
            "new"
        }
        other => panic!("neither old nor new: {other:?}"),
    }
}

#[test]
fn a_publish_killed_mid_transaction_leaves_the_old_state_or_the_new_one() {
    let dir = tempfile::tempdir().unwrap();
    let db = large_workspace(dir.path());

    // Killed with its transaction open (the test hook holds it there): the old state.
    let mut child = Command::new(env!("CARGO_BIN_EXE_parcours"))
        .args(["publish", "--db", &db, "--journey", "large"])
        .env("PARCOURS_STALL_BEFORE_COMMIT", "lifecycle")
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    while !line.contains("stalled before commit") {
        line.clear();
        assert!(
            stderr.read_line(&mut line).unwrap() > 0,
            "the publish ended before its commit"
        );
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    assert_eq!(old_or_new(&db), "old");

    // Killed at other moments: always one or the other.
    let mut seen = std::collections::BTreeSet::new();
    for delay_ms in [0u64, 2, 5, 10, 20, 40, 80, 160] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_parcours"))
            .args(["publish", "--db", &db, "--journey", "large"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let _ = child.kill();
        child.wait().unwrap();
        seen.insert(old_or_new(&db));
    }
    // And a publish left alone completes.
    let _ = parcours(&["publish", "--db", &db, "--journey", "large"]);
    assert_eq!(old_or_new(&db), "new", "seen before: {seen:?}");
}
