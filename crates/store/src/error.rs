//! Store errors carry what the user needs to act: which file, which journeys.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "{path}: the workspace was written by a newer Parcours (schema {found}, this version knows up to {supported}); it was not modified"
    )]
    NewerSchema { path: PathBuf, found: i64, supported: i64 },
    #[error("{path}: the file is damaged or not an SQLite database ({detail}); it was not modified")]
    Corrupt { path: PathBuf, detail: String },
    #[error("{path}: this SQLite database is not a Parcours workspace; it was not modified")]
    NotAWorkspace { path: PathBuf },
    #[error("{kind} `{name}` is used by {}: remove it from them first", list(journeys))]
    InUse {
        kind: &'static str,
        name: String,
        journeys: Vec<String>,
    },
    #[error("journey `{journey}` version {version} is published and cannot change; start a new draft version")]
    Immutable { journey: String, version: u32 },
    #[error("event `{event}` is used by published {}: only new optional fields may be added ({})", list(journeys), changes.join("; "))]
    EventInUse {
        event: String,
        journeys: Vec<String>,
        changes: Vec<String>,
    },
    #[error("journey `{journey}` version {version} is live; stop or close it before deleting")]
    Live { journey: String, version: u32 },
    #[error("{kind} `{name}` does not exist")]
    NotFound { kind: &'static str, name: String },
    #[error("{kind} `{name}` already exists")]
    Exists { kind: &'static str, name: String },
    #[error("`{name}` is the workspace's last administrator: make someone else administrator first")]
    LastAdministrator { name: String },
    #[error("stored {kind} `{name}` is unreadable: {detail}")]
    BadRecord {
        kind: &'static str,
        name: String,
        detail: String,
    },
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("migration failed: {0}")]
    Migration(#[from] rusqlite_migration::Error),
}

fn list(journeys: &[String]) -> String {
    let named: Vec<String> = journeys.iter().map(|j| format!("`{j}`")).collect();
    match named.len() {
        1 => format!("journey {}", named[0]),
        _ => format!("journeys {}", named.join(", ")),
    }
}
