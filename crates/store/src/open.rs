//! Opening a workspace file safely: look before writing. A file is inspected through a
//! read-only connection first; only a new file, or a Parcours workspace at or below
//! this build's schema, is then opened for writing and migrated.

use std::io::Read;
use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

use crate::migrations::{LATEST_SCHEMA, migrations};
use crate::{APPLICATION_ID, StoreError};

const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";

fn corrupt(path: &Path, detail: impl ToString) -> StoreError {
    StoreError::Corrupt {
        path: path.to_path_buf(),
        detail: detail.to_string(),
    }
}

/// Reads the header bytes: SQLite itself would only say "file is not a database".
fn check_header(path: &Path) -> Result<bool, StoreError> {
    let mut file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(false),
        Err(e) => return Err(corrupt(path, e)),
    };
    let mut header = Vec::with_capacity(16);
    file.by_ref()
        .take(16)
        .read_to_end(&mut header)
        .map_err(|e| corrupt(path, e))?;
    if header.is_empty() {
        return Ok(false);
    }
    if header.as_slice() != SQLITE_MAGIC {
        return Err(corrupt(path, "missing SQLite header"));
    }
    Ok(true)
}

fn inspect(path: &Path) -> Result<(), StoreError> {
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)
        .map_err(|e| corrupt(path, e))?;
    let read = |sql: &str| {
        conn.query_row(sql, [], |r| r.get::<_, i64>(0))
            .map_err(|e| corrupt(path, e))
    };
    let app_id = read("PRAGMA application_id")?;
    let version = read("PRAGMA user_version")?;
    let tables = read("SELECT count(*) FROM sqlite_schema WHERE type = 'table'")?;
    if app_id != APPLICATION_ID as i64 && (app_id != 0 || tables > 0) {
        return Err(StoreError::NotAWorkspace {
            path: path.to_path_buf(),
        });
    }
    if version > LATEST_SCHEMA {
        return Err(StoreError::NewerSchema {
            path: path.to_path_buf(),
            found: version,
            supported: LATEST_SCHEMA,
        });
    }
    let check: String = conn
        .query_row("PRAGMA quick_check", [], |r| r.get(0))
        .map_err(|e| corrupt(path, e))?;
    if check != "ok" {
        return Err(corrupt(path, check));
    }
    Ok(())
}

/// Migrates to the latest schema. Two processes opening a new file at once both see
/// version 0; the one that loses the race fails on its first write, after the winner
/// committed: it then finds the schema current (or retries from where the winner left).
fn migrate(conn: &mut Connection) -> Result<(), StoreError> {
    const ATTEMPTS: usize = 5;
    let mut attempt = 1;
    loop {
        match migrations().to_latest(conn) {
            Ok(()) => return Ok(()),
            Err(e) => {
                let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
                if version >= LATEST_SCHEMA {
                    return Ok(());
                }
                if attempt == ATTEMPTS {
                    return Err(e.into());
                }
                attempt += 1;
            }
        }
    }
}

fn configure(conn: &mut Connection) -> Result<(), StoreError> {
    conn.busy_timeout(Duration::from_secs(5))?;
    conn.pragma_update(None, "foreign_keys", true)?;
    // FULL: a save reported as done survives a power cut, even in WAL mode.
    conn.pragma_update(None, "synchronous", "FULL")?;
    migrate(conn)?;
    conn.pragma_update(None, "application_id", APPLICATION_ID)?;
    Ok(())
}

/// Whether `e` is another connection holding a lock SQLite would not wait for (a
/// journal-mode switch, a read turned write on a file being created).
fn is_busy(e: &StoreError) -> bool {
    matches!(
        e,
        StoreError::Sqlite(rusqlite::Error::SqliteFailure(f, _))
            if matches!(f.code, rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
    )
}

/// [`open_once`], tried again for a few seconds while another process holds the file
/// during its own first open.
pub fn open_file(path: &Path) -> Result<Connection, StoreError> {
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    loop {
        match open_once(path) {
            Err(e) if is_busy(&e) && std::time::Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(20));
            }
            other => return other,
        }
    }
}

/// A process killed while writing leaves a hot journal beside the file that only a
/// read-write connection may roll back: the read-only look refused such a file as
/// damaged, forever. Rolling back is SQLite's own recovery, right for any SQLite file,
/// so when the file cannot be read and a journal is there, one read-write read
/// recovers it before the look is tried again. True when there was a journal.
fn recover_interrupted_write(path: &Path) -> Result<bool, StoreError> {
    let sidecar = |suffix: &str| {
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        std::path::PathBuf::from(name).exists()
    };
    if !sidecar("-journal") {
        return Ok(false);
    }
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.busy_timeout(Duration::from_secs(5))?;
    conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get::<_, i64>(0))?;
    Ok(true)
}

fn open_once(path: &Path) -> Result<Connection, StoreError> {
    let look = || -> Result<(), StoreError> {
        if check_header(path)? {
            inspect(path)?;
        }
        Ok(())
    };
    // A write cut short can leave even the header page unwritten: the journal holds it.
    // Only an unreadable file: a foreign or newer one is never written to.
    match look() {
        Err(e @ StoreError::Corrupt { .. }) => {
            if !recover_interrupted_write(path)? {
                return Err(e);
            }
            look()?;
        }
        other => other?,
    }
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| corrupt(path, e))?;
    }
    let mut conn = Connection::open(path)?;
    // Before switching to WAL, which another process opening the file may hold up.
    conn.busy_timeout(Duration::from_secs(5))?;
    let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    if mode != "wal" {
        return Err(corrupt(path, format!("cannot use WAL journal (got {mode})")));
    }
    configure(&mut conn)?;
    Ok(conn)
}

pub fn open_memory() -> Result<Connection, StoreError> {
    let mut conn = Connection::open_in_memory()?;
    configure(&mut conn)?;
    Ok(conn)
}
