//! The workspace's single SQLite file. Everything the app shows lives here, so a save
//! is one durable transaction (WAL, `synchronous = FULL`), a published journey version
//! is a row nothing can change, and a file this code does not understand (newer schema,
//! corrupt, not a workspace) is reported and left untouched.

mod error;
mod lifecycle;
pub mod migrations;
mod open;
mod records;
mod runners;
mod test_data;
mod users;

pub use error::StoreError;
pub use lifecycle::{ReleaseRow, StoredRelease};
pub use migrations::LATEST_SCHEMA;
pub use records::{ConfigKind, JourneyRow};
pub use runners::{NewPush, PushPlan, PushRow, RunnerRow};
pub use users::UserRow;

use rusqlite::Connection;
use std::path::{Path, PathBuf};

/// SQLite `application_id` of a Parcours workspace ("PRCS").
pub const APPLICATION_ID: i32 = 0x5052_4353;

pub struct Store {
    conn: Connection,
    path: Option<PathBuf>,
}

impl Store {
    /// Opens (creating if needed) the workspace at `path`, migrating it to the latest
    /// schema. Refuses newer, corrupt or foreign files without writing to them.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        let conn = open::open_file(path)?;
        Ok(Store {
            conn,
            path: Some(path.to_path_buf()),
        })
    }

    /// A private in-memory workspace, for tests and one-shot CLI work.
    pub fn open_in_memory() -> Result<Store, StoreError> {
        let conn = open::open_memory()?;
        Ok(Store { conn, path: None })
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    pub fn schema_version(&self) -> Result<i64, StoreError> {
        Ok(self.conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }
}
