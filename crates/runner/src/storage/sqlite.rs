//! The runner's SQLite file: WAL, `synchronous = FULL` (a batch acknowledged survives a
//! power cut), one writer connection and short-lived read-only ones. Like the
//! workspace file, it is inspected before anything is written: a foreign, newer or
//! damaged file is refused, never "repaired".

use std::path::{Path, PathBuf};
use std::time::Duration;

use parcours_engine::{Entries, Instance, InstanceKey};
use rusqlite::{Connection, OpenFlags, OptionalExtension, params};
use rusqlite_migration::{M, Migrations};
use serde_json::Value;

use super::{
    AuditLine, Call, CountKey, CountRow, OutboxRow, Reader, Result, Sizes, Storage, StorageError, StoredRelease,
    TokenAdmin, TokenRow, Tx, VersionState, WaitingRow,
};

/// `PRAGMA application_id` of a runner file ("PRCR").
pub const APPLICATION_ID: i32 = 0x5052_4352;

fn migrations() -> Migrations<'static> {
    Migrations::new(vec![M::up(
        r#"
        CREATE TABLE releases (
            journey TEXT NOT NULL,
            version INTEGER NOT NULL,
            sha256 TEXT NOT NULL,
            body TEXT NOT NULL,
            state TEXT NOT NULL,
            published_at INTEGER NOT NULL,
            paused_at INTEGER,
            PRIMARY KEY (journey, version)
        );
        -- A release's content never changes once stored.
        CREATE TRIGGER releases_frozen BEFORE UPDATE OF body, sha256 ON releases
        BEGIN SELECT RAISE(ABORT, 'a stored release is immutable'); END;

        -- Ids of accepted events (de-duplication of retried sends).
        CREATE TABLE seen (id TEXT PRIMARY KEY, at INTEGER NOT NULL) WITHOUT ROWID;
        CREATE INDEX seen_at ON seen (at);

        -- AUTOINCREMENT: ids are never reused, so a late answer or timer can never reach
        -- another person's instance or call.
        CREATE TABLE instances (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            person TEXT NOT NULL,
            journey TEXT NOT NULL,
            version INTEGER NOT NULL,
            node INTEGER NOT NULL,
            body TEXT NOT NULL
        );
        CREATE INDEX instances_person ON instances (person);
        CREATE INDEX instances_node ON instances (journey, version, node);

        CREATE TABLE entries (
            journey TEXT NOT NULL,
            person TEXT NOT NULL,
            count INTEGER NOT NULL,
            last INTEGER NOT NULL,
            PRIMARY KEY (journey, person)
        ) WITHOUT ROWID;

        CREATE TABLE cache (key TEXT PRIMARY KEY, value TEXT NOT NULL, until INTEGER NOT NULL) WITHOUT ROWID;

        CREATE TABLE timers (id INTEGER PRIMARY KEY, instance INTEGER NOT NULL, at INTEGER NOT NULL);
        CREATE INDEX timers_at ON timers (at);
        CREATE INDEX timers_instance ON timers (instance);

        CREATE TABLE outbox (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            instance INTEGER NOT NULL,
            journey TEXT NOT NULL,
            version INTEGER NOT NULL,
            call TEXT NOT NULL,
            created_at INTEGER NOT NULL
        );
        CREATE INDEX outbox_instance ON outbox (instance);

        CREATE TABLE counts (
            journey TEXT NOT NULL,
            version INTEGER NOT NULL,
            node TEXT NOT NULL,
            metric TEXT NOT NULL,
            key TEXT NOT NULL,
            minute INTEGER NOT NULL,
            n INTEGER NOT NULL,
            PRIMARY KEY (journey, minute, version, node, metric, key)
        ) WITHOUT ROWID;

        CREATE TABLE tokens (
            name TEXT PRIMARY KEY,
            scopes TEXT NOT NULL,
            hash TEXT NOT NULL UNIQUE,
            created_at INTEGER NOT NULL,
            revoked_at INTEGER
        );

        CREATE TABLE audit (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            at INTEGER NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            journey TEXT NOT NULL,
            version INTEGER,
            detail TEXT NOT NULL
        );
        CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
        CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
        "#,
    )])
}

const LATEST_SCHEMA: i64 = 1;

fn db(e: rusqlite::Error) -> StorageError {
    StorageError::Database(e.to_string())
}

impl From<rusqlite::Error> for StorageError {
    fn from(e: rusqlite::Error) -> Self {
        db(e)
    }
}

fn decode(e: serde_json::Error) -> StorageError {
    StorageError::Decode(e.to_string())
}

/// The runner's database file.
pub struct SqliteStorage {
    path: PathBuf,
    conn: Connection,
}

impl SqliteStorage {
    /// Opens (creating and migrating when new) the runner file at `path`.
    pub fn open(path: &Path) -> Result<SqliteStorage> {
        let shown = path.display().to_string();
        let corrupt = |detail: String| StorageError::Corrupt {
            path: shown.clone(),
            detail,
        };
        let exists = |path: &Path| std::fs::metadata(path).map(|m| m.len() > 0).unwrap_or(false);
        // Only an unreadable file: a foreign or newer one is never written to.
        if exists(path) {
            match inspect(path, &shown) {
                Err(e @ StorageError::Corrupt { .. }) => {
                    if !recover_interrupted_write(path)? {
                        return Err(e);
                    }
                    if exists(path) {
                        inspect(path, &shown)?;
                    }
                }
                other => other?,
            }
        }
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| corrupt(e.to_string()))?;
        }
        let mut conn = Connection::open(path)?;
        let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
        if mode != "wal" {
            return Err(corrupt(format!("cannot use WAL journal (got {mode})")));
        }
        conn.busy_timeout(Duration::from_secs(5))?;
        // FULL: a batch acknowledged to a sender survives a power cut.
        conn.pragma_update(None, "synchronous", "FULL")?;
        migrations()
            .to_latest(&mut conn)
            .map_err(|e| corrupt(format!("migration failed: {e}")))?;
        conn.pragma_update(None, "application_id", APPLICATION_ID)?;
        Ok(SqliteStorage {
            path: path.to_path_buf(),
            conn,
        })
    }
}

/// A runner killed while writing (while creating its file, say) leaves a hot journal
/// that only a read-write connection may roll back; the read-only
/// look would refuse the file as damaged forever. One read-write read recovers it (as
/// any SQLite client would) before the look is tried again. True when there was one.
fn recover_interrupted_write(path: &Path) -> Result<bool> {
    let sidecar = |suffix: &str| {
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        PathBuf::from(name).exists()
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

/// Looks at an existing file through a read-only connection before writing to it.
fn inspect(path: &Path, shown: &str) -> Result<()> {
    let corrupt = |detail: String| StorageError::Corrupt {
        path: shown.to_string(),
        detail,
    };
    let mut header = [0u8; 16];
    use std::io::Read;
    let read = std::fs::File::open(path).and_then(|mut f| f.read_exact(&mut header));
    if read.is_err() || &header != b"SQLite format 3\0" {
        return Err(corrupt("not an SQLite file".into()));
    }
    let conn =
        Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY).map_err(|e| corrupt(e.to_string()))?;
    let one = |sql: &str| {
        conn.query_row(sql, [], |r| r.get::<_, i64>(0))
            .map_err(|e| corrupt(e.to_string()))
    };
    let app = one("PRAGMA application_id")?;
    let tables = one("SELECT count(*) FROM sqlite_schema WHERE type = 'table'")?;
    if app != APPLICATION_ID as i64 && (app != 0 || tables > 0) {
        return Err(StorageError::Foreign { path: shown.into() });
    }
    let version = one("PRAGMA user_version")?;
    if version > LATEST_SCHEMA {
        return Err(StorageError::Newer {
            path: shown.into(),
            found: version,
            supported: LATEST_SCHEMA,
        });
    }
    let check: String = conn
        .query_row("PRAGMA quick_check", [], |r| r.get(0))
        .map_err(|e| corrupt(e.to_string()))?;
    if check != "ok" {
        return Err(corrupt(check));
    }
    Ok(())
}

impl Storage for SqliteStorage {
    type Tx<'a> = SqliteTx<'a>;

    fn begin(&mut self) -> Result<SqliteTx<'_>> {
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        Ok(SqliteTx { tx })
    }

    fn reader(&self) -> Result<Box<dyn Reader>> {
        SqliteStorage::reader_for(&self.path)
    }
}

pub struct SqliteTx<'a> {
    tx: rusqlite::Transaction<'a>,
}

fn instance_body(instance: &Instance) -> Result<String> {
    serde_json::to_string(instance).map_err(decode)
}

impl Tx for SqliteTx<'_> {
    fn next_timer(&mut self) -> Result<Option<i64>> {
        Ok(self
            .tx
            .prepare_cached("SELECT min(at) FROM timers")?
            .query_row([], |r| r.get(0))?)
    }

    fn forget_seen(&mut self, before: i64, limit: usize) -> Result<usize> {
        Ok(self
            .tx
            .prepare_cached("DELETE FROM seen WHERE id IN (SELECT id FROM seen WHERE at < ?1 ORDER BY at LIMIT ?2)")?
            .execute(params![before, limit as i64])?)
    }

    fn first_seen(&mut self, id: &str, at: i64) -> Result<bool> {
        let n = self
            .tx
            .prepare_cached("INSERT OR IGNORE INTO seen (id, at) VALUES (?1, ?2)")?
            .execute(params![id, at])?;
        Ok(n == 1)
    }

    fn active(&mut self, person: &str, out: &mut Vec<InstanceKey>) -> Result<()> {
        let mut stmt = self
            .tx
            .prepare_cached("SELECT id FROM instances WHERE person = ?1 ORDER BY id")?;
        let rows = stmt.query_map([person], |r| r.get::<_, i64>(0))?;
        for row in rows {
            out.push(row? as InstanceKey);
        }
        Ok(())
    }

    fn load(&mut self, key: InstanceKey) -> Result<Option<Instance>> {
        let body: Option<String> = self
            .tx
            .prepare_cached("SELECT body FROM instances WHERE id = ?1")?
            .query_row([key as i64], |r| r.get(0))
            .optional()?;
        body.map(|b| serde_json::from_str(&b).map_err(decode)).transpose()
    }

    fn insert(&mut self, instance: &Instance) -> Result<InstanceKey> {
        let body = instance_body(instance)?;
        self.tx
            .prepare_cached("INSERT INTO instances (person, journey, version, node, body) VALUES (?1, ?2, ?3, ?4, ?5)")?
            .execute(params![
                instance.profile_id,
                instance.journey,
                instance.version,
                instance.node as i64,
                body
            ])?;
        Ok(self.tx.last_insert_rowid() as InstanceKey)
    }

    fn update(&mut self, key: InstanceKey, instance: &Instance) -> Result<()> {
        let body = instance_body(instance)?;
        self.tx
            .prepare_cached("UPDATE instances SET node = ?2, body = ?3 WHERE id = ?1")?
            .execute(params![key as i64, instance.node as i64, body])?;
        Ok(())
    }

    fn remove(&mut self, key: InstanceKey) -> Result<()> {
        let key = key as i64;
        self.tx
            .prepare_cached("DELETE FROM instances WHERE id = ?1")?
            .execute([key])?;
        self.tx
            .prepare_cached("DELETE FROM timers WHERE instance = ?1")?
            .execute([key])?;
        self.tx
            .prepare_cached("DELETE FROM outbox WHERE instance = ?1")?
            .execute([key])?;
        Ok(())
    }

    fn instances_of(&mut self, journey: &str, version: u32) -> Result<Vec<InstanceKey>> {
        let mut stmt = self
            .tx
            .prepare_cached("SELECT id FROM instances WHERE journey = ?1 AND version = ?2 ORDER BY id")?;
        let rows = stmt.query_map(params![journey, version], |r| r.get::<_, i64>(0))?;
        rows.map(|r| r.map(|k| k as InstanceKey).map_err(db)).collect()
    }

    fn entries(&mut self, journey: &str, person: &str) -> Result<Option<Entries>> {
        let row: Option<(u32, i64)> = self
            .tx
            .prepare_cached("SELECT count, last FROM entries WHERE journey = ?1 AND person = ?2")?
            .query_row([journey, person], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        Ok(row.map(|(count, last)| Entries {
            count,
            last: crate::clock::from_millis(last),
        }))
    }

    fn set_entries(&mut self, journey: &str, person: &str, entries: Entries) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO entries (journey, person, count, last) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (journey, person) DO UPDATE SET count = excluded.count, last = excluded.last",
            )?
            .execute(params![journey, person, entries.count, entries.last.timestamp_millis()])?;
        Ok(())
    }

    fn cached(&mut self, key: &str, now: i64) -> Result<Option<Value>> {
        let text: Option<String> = self
            .tx
            .prepare_cached("SELECT value FROM cache WHERE key = ?1 AND until > ?2")?
            .query_row(params![key, now], |r| r.get(0))
            .optional()?;
        text.map(|t| serde_json::from_str(&t).map_err(decode)).transpose()
    }

    fn cache(&mut self, key: &str, value: &Value, until: i64) -> Result<()> {
        self.tx
            .prepare_cached("INSERT OR REPLACE INTO cache (key, value, until) VALUES (?1, ?2, ?3)")?
            .execute(params![key, value.to_string(), until])?;
        Ok(())
    }

    fn add_timer(&mut self, key: InstanceKey, at: i64) -> Result<()> {
        self.tx
            .prepare_cached("INSERT INTO timers (instance, at) VALUES (?1, ?2)")?
            .execute(params![key as i64, at])?;
        Ok(())
    }

    fn take_due_timers(&mut self, now: i64, limit: usize) -> Result<Vec<(InstanceKey, i64)>> {
        let due: Vec<(i64, i64, i64)> = {
            let mut stmt = self
                .tx
                .prepare_cached("SELECT id, instance, at FROM timers WHERE at <= ?1 ORDER BY at, id LIMIT ?2")?;
            stmt.query_map(params![now, limit as i64], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                .collect::<rusqlite::Result<_>>()?
        };
        let mut delete = self.tx.prepare_cached("DELETE FROM timers WHERE id = ?1")?;
        for (id, _, _) in &due {
            delete.execute([id])?;
        }
        Ok(due.into_iter().map(|(_, k, at)| (k as InstanceKey, at)).collect())
    }

    fn add_call(&mut self, instance: InstanceKey, journey: &str, version: u32, call: &Call, now: i64) -> Result<i64> {
        let text = serde_json::to_string(call).map_err(decode)?;
        self.tx
            .prepare_cached(
                "INSERT INTO outbox (instance, journey, version, call, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![instance as i64, journey, version, text, now])?;
        Ok(self.tx.last_insert_rowid())
    }

    fn complete_call(&mut self, id: i64, instance: InstanceKey) -> Result<bool> {
        Ok(self
            .tx
            .prepare_cached("DELETE FROM outbox WHERE id = ?1 AND instance = ?2")?
            .execute(params![id, instance as i64])?
            == 1)
    }

    fn add_counts(&mut self, counts: &[(CountKey, u64)]) -> Result<()> {
        let mut stmt = self.tx.prepare_cached(
            "INSERT INTO counts (journey, version, node, metric, key, minute, n) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
             ON CONFLICT DO UPDATE SET n = n + excluded.n",
        )?;
        for (k, n) in counts {
            stmt.execute(params![
                k.journey, k.version, k.node, k.metric, k.key, k.minute, *n as i64
            ])?;
        }
        Ok(())
    }

    fn put_release(&mut self, r: &StoredRelease) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO releases (journey, version, sha256, body, state, published_at, paused_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?
            .execute(params![
                r.journey,
                r.version,
                r.sha256,
                r.body,
                r.state.as_str(),
                r.published_at,
                r.paused_at
            ])?;
        Ok(())
    }

    fn set_state(&mut self, journey: &str, version: u32, state: VersionState, paused_at: Option<i64>) -> Result<()> {
        self.tx
            .prepare_cached("UPDATE releases SET state = ?3, paused_at = ?4 WHERE journey = ?1 AND version = ?2")?
            .execute(params![journey, version, state.as_str(), paused_at])?;
        Ok(())
    }

    fn append_audit(&mut self, l: &AuditLine) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO audit (at, actor, action, journey, version, detail) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(params![l.at, l.actor, l.action, l.journey, l.version, l.detail])?;
        Ok(())
    }

    fn commit(self) -> Result<()> {
        self.tx.commit().map_err(db)
    }
}

pub struct SqliteReader {
    conn: Connection,
}

fn release_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<StoredRelease> {
    let state: String = r.get(4)?;
    Ok(StoredRelease {
        journey: r.get(0)?,
        version: r.get(1)?,
        sha256: r.get(2)?,
        body: r.get(3)?,
        state: VersionState::parse(&state).unwrap_or(VersionState::Closed),
        published_at: r.get(5)?,
        paused_at: r.get(6)?,
    })
}

fn audit_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<AuditLine> {
    Ok(AuditLine {
        at: r.get(0)?,
        actor: r.get(1)?,
        action: r.get(2)?,
        journey: r.get(3)?,
        version: r.get(4)?,
        detail: r.get(5)?,
    })
}

impl Reader for SqliteReader {
    fn releases(&mut self) -> Result<Vec<StoredRelease>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT journey, version, sha256, body, state, published_at, paused_at FROM releases
             ORDER BY journey, version",
        )?;
        let rows = stmt.query_map([], release_row)?;
        rows.map(|r| r.map_err(db)).collect()
    }

    fn pending_calls(&mut self, limit: usize) -> Result<Vec<OutboxRow>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT o.id, o.instance, o.journey, o.version, o.call, o.created_at FROM outbox o
             JOIN releases r ON r.journey = o.journey AND r.version = o.version
             WHERE r.state != 'paused' ORDER BY o.id LIMIT ?1",
        )?;
        let rows: Vec<(i64, i64, String, u32, String, i64)> = stmt
            .query_map([limit as i64], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?))
            })?
            .collect::<rusqlite::Result<_>>()?;
        rows.into_iter()
            .map(|(id, instance, journey, version, call, created_at)| {
                Ok(OutboxRow {
                    id,
                    instance: instance as InstanceKey,
                    journey,
                    version,
                    call: serde_json::from_str(&call).map_err(decode)?,
                    created_at,
                })
            })
            .collect()
    }

    fn next_timer(&mut self) -> Result<Option<i64>> {
        Ok(self.conn.query_row("SELECT min(at) FROM timers", [], |r| r.get(0))?)
    }

    fn counts(&mut self, journey: &str, since_minute: i64) -> Result<Vec<CountRow>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT version, node, metric, key, minute, n FROM counts WHERE journey = ?1 AND minute >= ?2
             ORDER BY minute, version, node, metric, key",
        )?;
        let rows = stmt.query_map(params![journey, since_minute], |r| {
            Ok(CountRow {
                version: r.get(0)?,
                node: r.get(1)?,
                metric: r.get(2)?,
                key: r.get(3)?,
                minute: r.get(4)?,
                // A negative count (only a damaged row) counts nothing.
                n: u64::try_from(r.get::<_, i64>(5)?).unwrap_or(0),
            })
        })?;
        rows.map(|r| r.map_err(db)).collect()
    }

    fn waiting(&mut self, journey: &str) -> Result<Vec<WaitingRow>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT version, node, count(*) FROM instances WHERE journey = ?1 GROUP BY version, node ORDER BY version, node",
        )?;
        let rows = stmt.query_map([journey], |r| {
            Ok(WaitingRow {
                version: r.get(0)?,
                node: r.get::<_, i64>(1)? as usize,
                n: r.get::<_, i64>(2)? as u64,
            })
        })?;
        rows.map(|r| r.map_err(db)).collect()
    }

    fn tokens(&mut self) -> Result<Vec<TokenRow>> {
        read_tokens(&self.conn)
    }

    fn audit(&mut self, journey: Option<&str>) -> Result<Vec<AuditLine>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT at, actor, action, journey, version, detail FROM audit
             WHERE ?1 IS NULL OR journey = ?1 ORDER BY id",
        )?;
        let rows = stmt.query_map([journey], audit_row)?;
        rows.map(|r| r.map_err(db)).collect()
    }

    fn sizes(&mut self) -> Result<Sizes> {
        let one = |sql: &str| self.conn.query_row(sql, [], |r| r.get::<_, i64>(0));
        Ok(Sizes {
            outbox: one("SELECT count(*) FROM outbox")? as u64,
            timers: one("SELECT count(*) FROM timers")? as u64,
            instances: one("SELECT count(*) FROM instances")? as u64,
        })
    }
}

fn read_tokens(conn: &Connection) -> Result<Vec<TokenRow>> {
    let mut stmt =
        conn.prepare_cached("SELECT name, scopes, hash, created_at, revoked_at FROM tokens ORDER BY name")?;
    let rows = stmt.query_map([], |r| {
        let scopes: String = r.get(1)?;
        Ok(TokenRow {
            name: r.get(0)?,
            scopes: scopes
                .split(' ')
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect(),
            hash: r.get(2)?,
            created_at: r.get(3)?,
            revoked_at: r.get(4)?,
        })
    })?;
    rows.map(|r| r.map_err(db)).collect()
}

impl TokenAdmin for SqliteStorage {
    fn create_token(&mut self, row: &TokenRow) -> Result<()> {
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        // A revoked token's name may be used again: the old row goes.
        tx.execute(
            "DELETE FROM tokens WHERE name = ?1 AND revoked_at IS NOT NULL",
            [&row.name],
        )?;
        tx.execute(
            "INSERT INTO tokens (name, scopes, hash, created_at) VALUES (?1, ?2, ?3, ?4)",
            params![row.name, row.scopes.join(" "), row.hash, row.created_at],
        )
        .map_err(|e| match e {
            rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::ConstraintViolation => {
                StorageError::Database(format!("a token named `{}` already exists", row.name))
            }
            e => db(e),
        })?;
        tx.commit().map_err(db)
    }

    fn revoke_token(&mut self, name: &str, at: i64) -> Result<bool> {
        Ok(self.conn.execute(
            "UPDATE tokens SET revoked_at = ?2 WHERE name = ?1 AND revoked_at IS NULL",
            params![name, at],
        )? == 1)
    }
}

impl SqliteStorage {
    /// A read-only view of the runner file at `path` (opened by a writer before).
    pub fn reader_for(path: &Path) -> Result<Box<dyn Reader>> {
        let conn =
            Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)?;
        conn.busy_timeout(Duration::from_secs(5))?;
        Ok(Box::new(SqliteReader { conn }))
    }

    pub fn tokens(&self) -> Result<Vec<TokenRow>> {
        read_tokens(&self.conn)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::{Call, Storage, Tx};

    fn instance() -> Instance {
        serde_json::from_value(serde_json::json!({
            "id": "i-1", "journey": "j", "version": 1, "profileId": "ada",
            "enteredAt": "2026-12-05T00:00:00Z", "deadline": "2027-12-05T00:00:00Z",
            "timeZone": "UTC", "node": 0, "state": {"kind": "calling"},
            "event": {}, "events": {}, "data": {}, "actions": {}
        }))
        .unwrap()
    }

    fn call() -> Call {
        serde_json::from_value(serde_json::json!({"kind": "data", "request": {
            "source": "s", "group": "g", "method": "GET", "url": "http://x",
            "params": {}, "query": {}, "body": null
        }}))
        .unwrap()
    }

    /// A late answer must never reach another person: ids are not reused after the
    /// highest row is deleted, and an answer completes only its own instance's call.
    #[test]
    fn instance_and_call_ids_are_never_reused_and_an_answer_completes_only_its_own_call() {
        let dir = tempfile::tempdir().unwrap();
        let mut storage = SqliteStorage::open(&dir.path().join("runner.sqlite")).unwrap();
        let mut tx = storage.begin().unwrap();
        let first = tx.insert(&instance()).unwrap();
        let call_1 = tx.add_call(first, "j", 1, &call(), 0).unwrap();
        assert!(tx.complete_call(call_1, first).unwrap());
        tx.remove(first).unwrap();
        let second = tx.insert(&instance()).unwrap();
        let call_2 = tx.add_call(second, "j", 1, &call(), 0).unwrap();
        assert_ne!(second, first);
        assert_ne!(call_2, call_1);
        assert!(!tx.complete_call(call_2, first).unwrap(), "not another instance's call");
        assert!(tx.complete_call(call_2, second).unwrap());
        tx.commit().unwrap();
    }

    #[test]
    fn event_ids_are_forgotten_after_their_window_oldest_first_in_steps() {
        let dir = tempfile::tempdir().unwrap();
        let mut storage = SqliteStorage::open(&dir.path().join("runner.sqlite")).unwrap();
        let mut tx = storage.begin().unwrap();
        for (id, at) in [("old-1", 10), ("old-2", 20), ("old-3", 30), ("new", 1_000)] {
            assert!(tx.first_seen(id, at).unwrap());
        }
        tx.commit().unwrap();

        let mut tx = storage.begin().unwrap();
        assert_eq!(tx.forget_seen(500, 2).unwrap(), 2, "at most the step");
        assert_eq!(tx.forget_seen(500, 2).unwrap(), 1);
        assert_eq!(tx.forget_seen(500, 2).unwrap(), 0);
        // Forgotten ids are new again; the recent one is still a duplicate.
        assert!(tx.first_seen("old-1", 2_000).unwrap());
        assert!(!tx.first_seen("new", 2_000).unwrap());
        tx.commit().unwrap();
    }
}
