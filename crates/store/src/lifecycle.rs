//! Releases and the audit log. A lifecycle move (publish, close, stop, pause, resume,
//! rollback, new version) is written with its release and its audit lines in one
//! transaction: after a crash the workspace holds the old state or the new one, never
//! a live version without its release or a release nobody is recorded as publishing.

use chrono::{DateTime, SecondsFormat, Utc};
use parcours_model::lifecycle::{AuditAction, AuditEntry};
use parcours_model::{Drain, Journey, Release};
use rusqlite::{OptionalExtension, Transaction, params};

use crate::records::{Missing, decode, encode, put_journey};
use crate::{Store, StoreError};

/// A release as the workspace keeps it: the frozen content and who published it how.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredRelease {
    pub release: Release,
    pub drain: Drain,
    pub published_at: DateTime<Utc>,
    pub published_by: String,
}

/// A release without its content: what a versions list shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReleaseRow {
    pub version: u32,
    pub sha256: String,
    pub journey_sha256: String,
    pub drain: Drain,
    pub published_at: String,
    pub published_by: String,
}

fn drain_text(d: Drain) -> &'static str {
    match d {
        Drain::ClosePrevious => "closePrevious",
        Drain::KeepPrevious => "keepPrevious",
    }
}

fn parse_drain(s: &str) -> Drain {
    match s {
        "keepPrevious" => Drain::KeepPrevious,
        _ => Drain::ClosePrevious,
    }
}

fn time(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// Inserts a release unless one is stored for its version; true when inserted.
pub(crate) fn put_release(tx: &Transaction, r: &StoredRelease) -> Result<bool, StoreError> {
    let n = tx.execute(
        "INSERT OR IGNORE INTO releases
             (journey, version, sha256, journey_sha256, drain, published_at, published_by, body)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            r.release.journey,
            r.release.version,
            r.release.sha256,
            r.release.journey_sha256,
            drain_text(r.drain),
            time(r.published_at),
            r.published_by,
            encode(&r.release)
        ],
    )?;
    Ok(n == 1)
}

pub(crate) fn put_audit(tx: &Transaction, e: &AuditEntry) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO audit_log (at, actor, action, journey, version, sha256, detail)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            time(e.at),
            e.actor,
            e.action.as_str(),
            e.journey,
            e.version,
            e.sha256,
            e.detail
        ],
    )?;
    Ok(())
}

/// A test hook for crash tests: with `PARCOURS_STALL_BEFORE_COMMIT=lifecycle`, a
/// lifecycle write says so on stderr and waits, its transaction open, to be killed.
fn stall_before_commit() {
    if std::env::var("PARCOURS_STALL_BEFORE_COMMIT").as_deref() == Ok("lifecycle") {
        eprintln!("parcours: stalled before commit (PARCOURS_STALL_BEFORE_COMMIT)");
        std::thread::sleep(std::time::Duration::from_secs(120));
    }
}

impl Store {
    /// Saves a lifecycle move: the journey's versions (published ones may only move on
    /// in their lifecycle), the new releases and the audit lines, in one transaction.
    ///
    /// `pushes` carries the move to runners in the same transaction: the runners the
    /// journey is published to from now on (`remember`, when chosen), and the pushes.
    pub fn record_lifecycle(
        &mut self,
        journey: &Journey,
        releases: &[StoredRelease],
        audit: &[AuditEntry],
        pushes: Option<&crate::PushPlan>,
    ) -> Result<(), StoreError> {
        self.write(|tx| {
            put_journey(tx, journey, Missing::Keep)?;
            if let Some(plan) = pushes {
                if let Some(remember) = &plan.remember {
                    tx.execute("DELETE FROM journey_runners WHERE journey = ?1", [&journey.name])?;
                    for runner in remember {
                        tx.execute(
                            "INSERT INTO journey_runners (journey, runner) VALUES (?1, ?2)",
                            [&journey.name, runner],
                        )?;
                    }
                }
                crate::runners::put_pushes(tx, &plan.pushes, &plan.now)?;
            }
            for r in releases {
                if !put_release(tx, r)? {
                    return Err(StoreError::Immutable {
                        journey: r.release.journey.clone(),
                        version: r.release.version,
                    });
                }
            }
            for e in audit {
                put_audit(tx, e)?;
            }
            stall_before_commit();
            Ok(())
        })
    }

    /// Keeps a release frozen after the fact (a version published before releases
    /// existed); one already stored for the version stays as it is.
    pub fn add_release(&mut self, release: &StoredRelease) -> Result<(), StoreError> {
        self.write(|tx| put_release(tx, release).map(|_| ()))
    }

    pub fn release(&self, journey: &str, version: u32) -> Result<Option<StoredRelease>, StoreError> {
        let row = self
            .conn
            .query_row(
                "SELECT body, drain, published_at, published_by FROM releases WHERE journey = ?1 AND version = ?2",
                params![journey, version],
                |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                        r.get(3)?,
                    ))
                },
            )
            .optional()?;
        let Some((body, drain, at, by)) = row else {
            return Ok(None);
        };
        let release: Release = decode("release", journey, &body)?;
        if !release.is_intact() {
            return Err(StoreError::BadRecord {
                kind: "release",
                name: format!("{journey} v{version}"),
                detail: "its content does not match its SHA-256".into(),
            });
        }
        let published_at = DateTime::parse_from_rfc3339(&at)
            .map_err(|e| StoreError::BadRecord {
                kind: "release",
                name: format!("{journey} v{version}"),
                detail: e.to_string(),
            })?
            .with_timezone(&Utc);
        Ok(Some(StoredRelease {
            release,
            drain: parse_drain(&drain),
            published_at,
            published_by: by,
        }))
    }

    /// The releases of a journey, oldest first, without their content.
    pub fn releases(&self, journey: &str) -> Result<Vec<ReleaseRow>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT version, sha256, journey_sha256, drain, published_at, published_by
             FROM releases WHERE journey = ?1 ORDER BY version",
        )?;
        let rows = stmt.query_map([journey], |r| {
            Ok(ReleaseRow {
                version: r.get(0)?,
                sha256: r.get(1)?,
                journey_sha256: r.get(2)?,
                drain: parse_drain(&r.get::<_, String>(3)?),
                published_at: r.get(4)?,
                published_by: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The audit log, oldest first; of one journey when given.
    pub fn audit(&self, journey: Option<&str>) -> Result<Vec<AuditEntry>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT at, actor, action, journey, version, sha256, detail FROM audit_log
             WHERE ?1 IS NULL OR journey = ?1 ORDER BY id",
        )?;
        let rows = stmt.query_map([journey], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, Option<u32>>(4)?,
                r.get::<_, Option<String>>(5)?,
                r.get::<_, String>(6)?,
            ))
        })?;
        rows.map(|row| {
            let (at, actor, action, journey, version, sha256, detail) = row?;
            let bad = |detail: String| StoreError::BadRecord {
                kind: "audit entry",
                name: journey.clone(),
                detail,
            };
            Ok(AuditEntry {
                at: DateTime::parse_from_rfc3339(&at)
                    .map_err(|e| bad(e.to_string()))?
                    .with_timezone(&Utc),
                actor,
                action: AuditAction::parse(&action).ok_or_else(|| bad(format!("unknown action `{action}`")))?,
                journey: journey.clone(),
                version,
                sha256,
                detail,
            })
        })
        .collect()
    }
}
