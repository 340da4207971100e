//! A runner killed while creating its file: the next start opens it as new instead of
//! refusing it as damaged forever. The killed runner is a child process (this test
//! binary run again) that aborts mid-transaction, as kill -9 would leave it.

use std::path::PathBuf;
use std::process::Command;

use parcours_runner::storage::sqlite::SqliteStorage;

const CHILD: &str = "PARCOURS_RUNNER_CRASH_CHILD";

#[test]
fn a_runner_file_killed_while_being_created_opens_as_new() {
    if let Ok(path) = std::env::var(CHILD) {
        // The child: a new file, in the rollback journal it starts in, written past
        // its page cache, then death before the commit.
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch("PRAGMA cache_size = 2; BEGIN IMMEDIATE; CREATE TABLE instances (id TEXT, body BLOB);")
            .unwrap();
        for i in 0..2_000 {
            conn.execute(
                "INSERT INTO instances VALUES (?1, ?2)",
                rusqlite::params![format!("i-{i}"), vec![7u8; 2_000]],
            )
            .unwrap();
        }
        std::process::abort();
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("runner.sqlite");
    let status = Command::new(std::env::current_exe().unwrap())
        .args([
            "a_runner_file_killed_while_being_created_opens_as_new",
            "--exact",
            "--nocapture",
        ])
        .env(CHILD, &path)
        .status()
        .unwrap();
    assert!(!status.success(), "the child was meant to die mid-write");
    let journal = PathBuf::from(format!("{}-journal", path.display()));
    assert!(journal.exists(), "the kill left a hot journal");
    // Before: refused on every start ("attempt to write a readonly database").
    let storage = SqliteStorage::open(&path).unwrap_or_else(|e| panic!("{e}"));
    assert!(storage.tokens().unwrap().is_empty());
    drop(storage);
    SqliteStorage::open(&path).unwrap();
}
