//! Reading and writing the workspace's records. Bodies are stored as the same JSON the
//! bundle uses, so a record, an export and an IPC payload are one format.

use std::collections::BTreeMap;

use chrono::{SecondsFormat, Utc};
use parcours_model::lifecycle::AuditEntry;
use parcours_model::{Bundle, CustomAction, DataSource, Event, Journey, JourneyStatus, JourneyVersion};
use rusqlite::{OptionalExtension, Transaction, params};
use serde::{Serialize, de::DeserializeOwned};

use crate::lifecycle::{StoredRelease, put_audit, put_release};
use crate::test_data::{put_fixture, put_test_profile};
use crate::{Store, StoreError};

/// The three kinds of configuration a technical user manages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConfigKind {
    Event,
    DataSource,
    Action,
}

impl ConfigKind {
    fn table(self) -> &'static str {
        match self {
            ConfigKind::Event => "events",
            ConfigKind::DataSource => "data_sources",
            ConfigKind::Action => "actions",
        }
    }

    /// The `journey_refs.kind` value, also used in messages.
    pub fn label(self) -> &'static str {
        match self {
            ConfigKind::Event => "event",
            ConfigKind::DataSource => "dataSource",
            ConfigKind::Action => "action",
        }
    }
}

/// A configuration record type.
pub trait Config: Serialize + DeserializeOwned {
    const KIND: ConfigKind;
    fn name(&self) -> &str;
}

impl Config for Event {
    const KIND: ConfigKind = ConfigKind::Event;
    fn name(&self) -> &str {
        &self.name
    }
}
impl Config for DataSource {
    const KIND: ConfigKind = ConfigKind::DataSource;
    fn name(&self) -> &str {
        &self.name
    }
}
impl Config for CustomAction {
    const KIND: ConfigKind = ConfigKind::Action;
    fn name(&self) -> &str {
        &self.name
    }
}

/// One line of the journey list.
#[derive(Debug, Clone, PartialEq)]
pub struct JourneyRow {
    pub name: String,
    pub description: String,
    pub tags: Vec<String>,
    pub latest_version: u32,
    pub status: JourneyStatus,
    pub activities: u32,
    pub updated_at: String,
}

fn tags_text(tags: &[String]) -> String {
    serde_json::to_string(tags).unwrap_or_else(|_| "[]".into())
}

/// Tags as stored; a damaged value reads as none rather than hiding the journey.
fn tags_of(text: &str) -> Vec<String> {
    serde_json::from_str(text).unwrap_or_default()
}

pub(crate) fn now() -> String {
    Utc::now().to_rfc3339_opts(SecondsFormat::Millis, true)
}

pub(crate) fn decode<T: DeserializeOwned>(kind: &'static str, name: &str, body: &str) -> Result<T, StoreError> {
    serde_json::from_str(body).map_err(|e| StoreError::BadRecord {
        kind,
        name: name.to_string(),
        detail: e.to_string(),
    })
}

pub(crate) fn encode<T: Serialize>(value: &T) -> String {
    // Invariant: model values are string-keyed structs and maps: serde_json cannot fail on them.
    serde_json::to_string(value).expect("model values always serialize")
}

fn parse_status(s: &str) -> JourneyStatus {
    serde_json::from_value(serde_json::Value::String(s.to_string())).unwrap_or(JourneyStatus::Draft)
}

/// Journeys whose versions use `name` as a `kind`, optionally only published ones.
fn users(tx: &rusqlite::Connection, kind: &str, name: &str, published_only: bool) -> Result<Vec<String>, StoreError> {
    let sql = format!(
        "SELECT DISTINCT r.journey FROM journey_refs r
         JOIN journey_versions v ON v.journey = r.journey AND v.version = r.version
         WHERE r.kind = ?1 AND r.name = ?2 {} ORDER BY r.journey",
        if published_only { "AND v.status <> 'draft'" } else { "" }
    );
    let mut stmt = tx.prepare_cached(&sql)?;
    let rows = stmt.query_map(params![kind, name], |r| r.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

fn put_config<T: Config + 'static>(tx: &Transaction, item: &T) -> Result<(), StoreError> {
    if let Some(event) = (item as &dyn std::any::Any).downcast_ref::<Event>() {
        guard_event_change(tx, event)?;
    }
    let sql = format!(
        "INSERT INTO {} (name, body, updated_at) VALUES (?1, ?2, ?3)
         ON CONFLICT(name) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at
         WHERE body IS NOT excluded.body",
        T::KIND.table()
    );
    tx.execute(&sql, params![item.name(), encode(item), now()])?;
    Ok(())
}

/// An event used by a published journey may only gain optional fields.
fn guard_event_change(tx: &Transaction, event: &Event) -> Result<(), StoreError> {
    let old: Option<String> = tx
        .query_row("SELECT body FROM events WHERE name = ?1", [&event.name], |r| r.get(0))
        .optional()?;
    let Some(old) = old else { return Ok(()) };
    let old: Event = decode("event", &event.name, &old)?;
    let changes = old.incompatible_changes(event);
    if changes.is_empty() {
        return Ok(());
    }
    let journeys = users(tx, "event", &event.name, true)?;
    if journeys.is_empty() {
        return Ok(());
    }
    Err(StoreError::EventInUse {
        event: event.name.clone(),
        journeys,
        changes,
    })
}

/// How a save treats stored versions missing from the saved journey.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Missing {
    /// The editor's save: the journey is what it sends; missing drafts are deleted.
    Delete,
    /// An import: versions only this workspace has are kept.
    Keep,
}

pub(crate) fn put_journey(tx: &Transaction, journey: &Journey, missing: Missing) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO journeys (name, description, tags, updated_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT(name) DO UPDATE SET description = excluded.description, tags = excluded.tags,
             updated_at = excluded.updated_at",
        params![journey.name, journey.description, tags_text(&journey.tags), now()],
    )?;
    let existing: BTreeMap<u32, (String, String)> = {
        let mut stmt = tx.prepare_cached("SELECT version, status, body FROM journey_versions WHERE journey = ?1")?;
        let rows = stmt.query_map([&journey.name], |r| Ok((r.get::<_, u32>(0)?, (r.get(1)?, r.get(2)?))))?;
        rows.collect::<Result<_, _>>()?
    };
    for (&number, (status, _)) in &existing {
        if missing == Missing::Delete && !journey.versions.iter().any(|v| v.version == number) {
            if status != "draft" {
                return Err(StoreError::Immutable {
                    journey: journey.name.clone(),
                    version: number,
                });
            }
            tx.execute(
                "DELETE FROM journey_versions WHERE journey = ?1 AND version = ?2",
                params![journey.name, number],
            )?;
        }
    }
    for version in &journey.versions {
        let body = encode(version);
        match existing.get(&version.version) {
            Some((_, old)) if *old == body => continue,
            Some((status, old)) if status != "draft" => {
                // Only the lifecycle of a published version may move on (status and
                // its dates), by the lifecycle's moves: never back to draft.
                let mut old: JourneyVersion = decode("journey", &journey.name, old)?;
                if !old.status.may_become(version.status) {
                    return Err(StoreError::Immutable {
                        journey: journey.name.clone(),
                        version: version.version,
                    });
                }
                old.status = version.status;
                old.closed_at = version.closed_at;
                old.paused_at = version.paused_at;
                if encode(&old) != body {
                    return Err(StoreError::Immutable {
                        journey: journey.name.clone(),
                        version: version.version,
                    });
                }
            }
            _ => {}
        }
        tx.execute(
            "INSERT INTO journey_versions (journey, version, status, published_at, body) VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT(journey, version) DO UPDATE SET status = excluded.status,
                 published_at = excluded.published_at, body = excluded.body",
            params![
                journey.name,
                version.version,
                version.status.as_str(),
                version.published_at.map(|t| t.to_rfc3339()),
                body
            ],
        )?;
        tx.execute(
            "DELETE FROM journey_refs WHERE journey = ?1 AND version = ?2",
            params![journey.name, version.version],
        )?;
        let refs = version.references();
        let mut insert =
            tx.prepare_cached("INSERT INTO journey_refs (journey, version, kind, name) VALUES (?1, ?2, ?3, ?4)")?;
        for (kind, names) in [
            ("event", &refs.events),
            ("action", &refs.actions),
            ("journey", &refs.journeys),
            ("dataSource", &refs.data_sources),
        ] {
            for name in names {
                insert.execute(params![journey.name, version.version, kind, name])?;
            }
        }
    }
    Ok(())
}

impl Store {
    pub(crate) fn write<T>(&mut self, f: impl FnOnce(&Transaction) -> Result<T, StoreError>) -> Result<T, StoreError> {
        // IMMEDIATE: the write lock is taken up front, so another process's writer
        // makes this one wait (busy timeout) instead of failing at its first write.
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let out = f(&tx)?;
        tx.commit()?;
        Ok(out)
    }

    pub fn list_configs<T: Config>(&self) -> Result<Vec<T>, StoreError> {
        let sql = format!("SELECT name, body FROM {} ORDER BY name", T::KIND.table());
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
        rows.map(|row| {
            let (name, body) = row?;
            decode(T::KIND.label(), &name, &body)
        })
        .collect()
    }

    pub fn get_config<T: Config>(&self, name: &str) -> Result<Option<T>, StoreError> {
        let sql = format!("SELECT body FROM {} WHERE name = ?1", T::KIND.table());
        let body: Option<String> = self.conn.query_row(&sql, [name], |r| r.get(0)).optional()?;
        body.map(|b| decode(T::KIND.label(), name, &b)).transpose()
    }

    pub fn save_config<T: Config + 'static>(&mut self, item: &T) -> Result<(), StoreError> {
        self.write(|tx| put_config(tx, item))
    }

    /// Deletes a configuration no journey uses; otherwise names the journeys.
    pub fn delete_config(&mut self, kind: ConfigKind, name: &str) -> Result<(), StoreError> {
        self.write(|tx| {
            let journeys = users(tx, kind.label(), name, false)?;
            if !journeys.is_empty() {
                return Err(StoreError::InUse {
                    kind: kind.label(),
                    name: name.to_string(),
                    journeys,
                });
            }
            let n = tx.execute(&format!("DELETE FROM {} WHERE name = ?1", kind.table()), [name])?;
            if n == 0 {
                return Err(StoreError::NotFound {
                    kind: kind.label(),
                    name: name.to_string(),
                });
            }
            // Canned answers for what no longer exists would only be reported, never used.
            let fixtures_of = match kind {
                ConfigKind::Action => Some(("action", "$.name")),
                ConfigKind::DataSource => Some(("dataSource", "$.source")),
                ConfigKind::Event => None,
            };
            if let Some((target_kind, key)) = fixtures_of {
                tx.execute(
                    "DELETE FROM fixtures WHERE json_extract(target, '$.kind') = ?1 AND json_extract(target, ?2) = ?3",
                    params![target_kind, key, name],
                )?;
            }
            Ok(())
        })
    }

    /// How many journeys use each configuration of `kind`.
    pub fn usage_counts(&self, kind: ConfigKind) -> Result<BTreeMap<String, u32>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT name, count(DISTINCT journey) FROM journey_refs WHERE kind = ?1 GROUP BY name")?;
        let rows = stmt.query_map([kind.label()], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn list_journeys(&self) -> Result<Vec<JourneyRow>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT j.name, j.description, j.updated_at, v.version, v.status,
                    coalesce(json_array_length(v.body, '$.nodes'), 0), j.tags
             FROM journeys j
             JOIN journey_versions v ON v.journey = j.name
             WHERE v.version = (SELECT max(version) FROM journey_versions WHERE journey = j.name)
             ORDER BY j.name",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(JourneyRow {
                name: r.get(0)?,
                description: r.get(1)?,
                updated_at: r.get(2)?,
                latest_version: r.get(3)?,
                status: parse_status(&r.get::<_, String>(4)?),
                activities: r.get(5)?,
                tags: tags_of(&r.get::<_, String>(6)?),
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn get_journey(&self, name: &str) -> Result<Option<Journey>, StoreError> {
        let head: Option<(String, String)> = self
            .conn
            .query_row("SELECT description, tags FROM journeys WHERE name = ?1", [name], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()?;
        let Some((description, tags)) = head else {
            return Ok(None);
        };
        let mut stmt = self
            .conn
            .prepare_cached("SELECT body FROM journey_versions WHERE journey = ?1 ORDER BY version")?;
        let bodies = stmt.query_map([name], |r| r.get::<_, String>(0))?;
        let versions = bodies
            .map(|b| decode("journey", name, &b?))
            .collect::<Result<Vec<JourneyVersion>, _>>()?;
        Ok(Some(Journey {
            name: name.to_string(),
            description,
            tags: tags_of(&tags),
            versions,
        }))
    }

    /// Every journey with only the versions validation reads (the latest and the live
    /// ones): what checking a publish needs, without decoding every version ever made.
    pub fn list_journey_heads(&self) -> Result<Vec<Journey>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT j.name, j.description, v.body, j.tags FROM journeys j
             JOIN journey_versions v ON v.journey = j.name
             WHERE v.status = 'live'
                OR v.version = (SELECT max(version) FROM journey_versions WHERE journey = j.name)
             ORDER BY j.name, v.version",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
            ))
        })?;
        let mut out: Vec<Journey> = Vec::new();
        for row in rows {
            let (name, description, body, tags) = row?;
            let version: JourneyVersion = decode("journey", &name, &body)?;
            match out.last_mut() {
                Some(j) if j.name == name => j.versions.push(version),
                _ => out.push(Journey {
                    name,
                    description,
                    tags: tags_of(&tags),
                    versions: vec![version],
                }),
            }
        }
        Ok(out)
    }

    pub fn list_full_journeys(&self) -> Result<Vec<Journey>, StoreError> {
        let names: Vec<String> = self.list_journeys()?.into_iter().map(|r| r.name).collect();
        names.iter().filter_map(|n| self.get_journey(n).transpose()).collect()
    }

    /// Saves a journey with all its versions in one transaction. Published versions
    /// must be unchanged (their status may move on: live → closed, …).
    pub fn save_journey(&mut self, journey: &Journey) -> Result<(), StoreError> {
        self.write(|tx| put_journey(tx, journey, Missing::Delete))
    }

    /// Deletes a journey that has no live version and that no other journey jumps to.
    pub fn delete_journey(&mut self, name: &str) -> Result<(), StoreError> {
        self.write(|tx| {
            let live: Option<u32> = tx
                .query_row(
                    "SELECT version FROM journey_versions WHERE journey = ?1 AND status = 'live'",
                    [name],
                    |r| r.get(0),
                )
                .optional()?;
            if let Some(version) = live {
                return Err(StoreError::Live {
                    journey: name.to_string(),
                    version,
                });
            }
            let jumpers: Vec<String> = users(tx, "journey", name, false)?
                .into_iter()
                .filter(|j| j != name)
                .collect();
            if !jumpers.is_empty() {
                return Err(StoreError::InUse {
                    kind: "journey",
                    name: name.to_string(),
                    journeys: jumpers,
                });
            }
            if tx.execute("DELETE FROM journeys WHERE name = ?1", [name])? == 0 {
                return Err(StoreError::NotFound {
                    kind: "journey",
                    name: name.to_string(),
                });
            }
            Ok(())
        })
    }

    /// Writes everything in the bundle in one transaction: all of it, or none of it.
    /// `releases` freeze the bundle's published versions that are new here; each one's
    /// audit line is written when its release is.
    pub fn import_bundle(
        &mut self,
        bundle: &Bundle,
        releases: &[(StoredRelease, AuditEntry)],
    ) -> Result<(), StoreError> {
        self.write(|tx| {
            for e in &bundle.events {
                put_config(tx, e)?;
            }
            for d in &bundle.data_sources {
                put_config(tx, d)?;
            }
            for a in &bundle.actions {
                put_config(tx, a)?;
            }
            for j in &bundle.journeys {
                put_journey(tx, j, Missing::Keep)?;
            }
            for f in &bundle.fixtures {
                put_fixture(tx, f)?;
            }
            for p in &bundle.test_profiles {
                put_test_profile(tx, p)?;
            }
            for (release, audit) in releases {
                if put_release(tx, release)? {
                    put_audit(tx, audit)?;
                }
            }
            Ok(())
        })
    }

    /// Everything in the workspace, in canonical order.
    pub fn export_all(&self) -> Result<Bundle, StoreError> {
        let mut bundle = Bundle {
            events: self.list_configs()?,
            data_sources: self.list_configs()?,
            actions: self.list_configs()?,
            journeys: self.list_full_journeys()?,
            fixtures: self.list_fixtures()?,
            test_profiles: self.list_test_profiles()?,
            ..Bundle::default()
        };
        bundle.canonicalize();
        Ok(bundle)
    }

    pub fn is_empty(&self) -> Result<bool, StoreError> {
        let n: i64 = self.conn.query_row(
            "SELECT (SELECT count(*) FROM journeys) + (SELECT count(*) FROM events)
                  + (SELECT count(*) FROM actions) + (SELECT count(*) FROM data_sources)",
            [],
            |r| r.get(0),
        )?;
        Ok(n == 0)
    }
}
