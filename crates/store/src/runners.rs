//! Runners and the push outbox. A publish or a lifecycle move meant for runners writes
//! its pushes in the move's own transaction ([`Store::record_lifecycle`]'s `pushes`), so
//! a move the app reports done is certain to reach each runner eventually, whether the
//! laptop was online or not. Delivery marks each push delivered or refused; a push for
//! one runner waits for the ones queued before it, so a runner sees moves in order.

use rusqlite::{OptionalExtension, params};
use serde::{Deserialize, Serialize};

use crate::{Store, StoreError};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunnerRow {
    pub name: String,
    pub url: String,
    pub added_at: String,
}

/// What a lifecycle move sends to runners, written in its transaction.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PushPlan {
    /// The journey's runners from now on, when the move chose them (a publish).
    pub remember: Option<Vec<String>>,
    pub pushes: Vec<NewPush>,
    /// RFC 3339: when they were queued (and first due).
    pub now: String,
}

/// A push to write with a lifecycle move.
#[derive(Debug, Clone, PartialEq)]
pub struct NewPush {
    pub runner: String,
    pub journey: String,
    pub version: Option<u32>,
    /// `publish`, `pause`, `resume`, `close` or `stop`.
    pub kind: String,
    /// What is sent: for a publish, `{release, drain}`.
    pub body: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PushRow {
    pub id: i64,
    pub runner: String,
    pub journey: String,
    pub version: Option<u32>,
    pub kind: String,
    pub body: String,
    /// `queued`, `delivered` or `refused`.
    pub state: String,
    pub attempts: u32,
    pub next_at: String,
    pub last_error: Option<String>,
    pub created_at: String,
    pub done_at: Option<String>,
}

fn runner_row(r: &rusqlite::Row) -> rusqlite::Result<RunnerRow> {
    Ok(RunnerRow {
        name: r.get(0)?,
        url: r.get(1)?,
        added_at: r.get(2)?,
    })
}

const PUSH_COLUMNS: &str =
    "id, runner, journey, version, kind, body, state, attempts, next_at, last_error, created_at, done_at";

fn push_row(r: &rusqlite::Row) -> rusqlite::Result<PushRow> {
    Ok(PushRow {
        id: r.get(0)?,
        runner: r.get(1)?,
        journey: r.get(2)?,
        version: r.get(3)?,
        kind: r.get(4)?,
        body: r.get(5)?,
        state: r.get(6)?,
        attempts: r.get(7)?,
        next_at: r.get(8)?,
        last_error: r.get(9)?,
        created_at: r.get(10)?,
        done_at: r.get(11)?,
    })
}

pub(crate) fn put_pushes(tx: &rusqlite::Transaction, pushes: &[NewPush], now: &str) -> Result<(), StoreError> {
    let mut stmt = tx.prepare_cached(
        "INSERT INTO pushes (runner, journey, version, kind, body, state, next_at, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, 'queued', ?6, ?6)",
    )?;
    for p in pushes {
        stmt.execute(params![p.runner, p.journey, p.version, p.kind, p.body, now])?;
    }
    Ok(())
}

impl Store {
    pub fn add_runner(&mut self, name: &str, url: &str, now: &str) -> Result<(), StoreError> {
        self.write(|tx| {
            tx.execute(
                "INSERT INTO runners (name, url, added_at) VALUES (?1, ?2, ?3)
                 ON CONFLICT (name) DO UPDATE SET url = excluded.url",
                params![name, url, now],
            )?;
            Ok(())
        })
    }

    pub fn runners(&self) -> Result<Vec<RunnerRow>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT name, url, added_at FROM runners ORDER BY name")?;
        let rows = stmt.query_map([], runner_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn runner(&self, name: &str) -> Result<Option<RunnerRow>, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT name, url, added_at FROM runners WHERE name = ?1",
                [name],
                runner_row,
            )
            .optional()?)
    }

    /// Removes a runner, the journeys' choice of it and its pushes.
    pub fn remove_runner(&mut self, name: &str) -> Result<(), StoreError> {
        self.write(|tx| {
            let n = tx.execute("DELETE FROM runners WHERE name = ?1", [name])?;
            if n == 0 {
                return Err(StoreError::NotFound {
                    kind: "runner",
                    name: name.to_string(),
                });
            }
            Ok(())
        })
    }

    /// The runners a journey is published to (chosen at publish, remembered).
    pub fn journey_runners(&self, journey: &str) -> Result<Vec<String>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT runner FROM journey_runners WHERE journey = ?1 ORDER BY runner")?;
        let rows = stmt.query_map([journey], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Pushes, newest first: of one journey, or all.
    pub fn pushes(&self, journey: Option<&str>) -> Result<Vec<PushRow>, StoreError> {
        let sql = format!("SELECT {PUSH_COLUMNS} FROM pushes WHERE ?1 IS NULL OR journey = ?1 ORDER BY id DESC");
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([journey], push_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn push(&self, id: i64) -> Result<Option<PushRow>, StoreError> {
        let sql = format!("SELECT {PUSH_COLUMNS} FROM pushes WHERE id = ?1");
        Ok(self.conn.query_row(&sql, [id], push_row).optional()?)
    }

    /// The pushes to try now: for each runner, its oldest queued push, when it is due.
    pub fn due_pushes(&self, now: &str) -> Result<Vec<PushRow>, StoreError> {
        let sql = format!(
            "SELECT {PUSH_COLUMNS} FROM pushes p WHERE state = 'queued' AND next_at <= ?1
             AND id = (SELECT min(id) FROM pushes q WHERE q.state = 'queued' AND q.runner = p.runner)
             ORDER BY id"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([now], push_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// A push reached its runner (`delivered`) or was refused for good (`refused`, with the
    /// runner's reason).
    pub fn finish_push(&mut self, id: i64, state: &str, reason: Option<&str>, now: &str) -> Result<(), StoreError> {
        self.write(|tx| {
            tx.execute(
                "UPDATE pushes SET state = ?2, last_error = ?3, done_at = ?4, attempts = attempts + 1
                 WHERE id = ?1 AND state = 'queued'",
                params![id, state, reason, now],
            )?;
            Ok(())
        })
    }

    /// When the earliest queued push is due (RFC 3339), if any.
    pub fn next_push_at(&self) -> Result<Option<String>, StoreError> {
        Ok(self
            .conn
            .query_row("SELECT min(next_at) FROM pushes WHERE state = 'queued'", [], |r| {
                r.get(0)
            })?)
    }

    /// Makes every queued push due now (the user asked to retry now).
    pub fn make_pushes_due(&mut self, now: &str) -> Result<(), StoreError> {
        self.write(|tx| {
            tx.execute(
                "UPDATE pushes SET next_at = ?1 WHERE state = 'queued' AND next_at > ?1",
                [now],
            )?;
            Ok(())
        })
    }

    /// A try failed in a way that may pass (unreachable, 5xx, 429): try again at `next_at`.
    pub fn retry_push(&mut self, id: i64, reason: &str, next_at: &str) -> Result<(), StoreError> {
        self.write(|tx| {
            tx.execute(
                "UPDATE pushes SET attempts = attempts + 1, last_error = ?2, next_at = ?3
                 WHERE id = ?1 AND state = 'queued'",
                params![id, reason, next_at],
            )?;
            Ok(())
        })
    }
}
