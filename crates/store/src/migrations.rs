//! Schema history. Never edit a released migration: add one. Each step runs in a
//! transaction and bumps `user_version`; a database ahead of this list is refused.

use rusqlite_migration::{M, Migrations};

// The application id is set in the first migration's transaction: a file with our
// tables always carries our mark, even after a crash during the first open.
const V1: &str = r#"
PRAGMA application_id = 1347568467;
CREATE TABLE events (
    name TEXT PRIMARY KEY NOT NULL,
    body TEXT NOT NULL CHECK (json_valid(body)),
    updated_at TEXT NOT NULL
) STRICT;
CREATE TABLE data_sources (
    name TEXT PRIMARY KEY NOT NULL,
    body TEXT NOT NULL CHECK (json_valid(body)),
    updated_at TEXT NOT NULL
) STRICT;
CREATE TABLE actions (
    name TEXT PRIMARY KEY NOT NULL,
    body TEXT NOT NULL CHECK (json_valid(body)),
    updated_at TEXT NOT NULL
) STRICT;
CREATE TABLE journeys (
    name TEXT PRIMARY KEY NOT NULL,
    description TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;
CREATE TABLE journey_versions (
    journey TEXT NOT NULL REFERENCES journeys(name) ON DELETE CASCADE ON UPDATE CASCADE,
    version INTEGER NOT NULL CHECK (version > 0),
    status TEXT NOT NULL CHECK (status IN ('draft', 'live', 'closed', 'stopped', 'finished')),
    published_at TEXT,
    body TEXT NOT NULL CHECK (json_valid(body)),
    PRIMARY KEY (journey, version)
) STRICT;
-- Published versions are frozen: apart from its lifecycle status, the body of a
-- non-draft row never changes, and a live version is never deleted.
CREATE TRIGGER journey_versions_frozen BEFORE UPDATE OF body ON journey_versions
WHEN OLD.status <> 'draft'
 AND json_remove(NEW.body, '$.status') IS NOT json_remove(OLD.body, '$.status')
BEGIN SELECT RAISE(ABORT, 'published journey versions are immutable'); END;
CREATE TRIGGER journey_versions_no_redraft BEFORE UPDATE OF status ON journey_versions
WHEN OLD.status <> 'draft' AND NEW.status = 'draft'
BEGIN SELECT RAISE(ABORT, 'published journey versions are immutable'); END;
CREATE TRIGGER journey_versions_live_kept BEFORE DELETE ON journey_versions
WHEN OLD.status = 'live'
BEGIN SELECT RAISE(ABORT, 'live journey versions cannot be deleted'); END;
"#;

/// v2: what each journey version uses, so deleting a configuration can name the
/// journeys that need it without reading every body. Filled from existing bodies.
const V2: &str = r#"
CREATE TABLE journey_refs (
    journey TEXT NOT NULL,
    version INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('event', 'action', 'dataSource', 'journey')),
    name TEXT NOT NULL,
    PRIMARY KEY (journey, version, kind, name),
    FOREIGN KEY (journey, version) REFERENCES journey_versions(journey, version)
        ON DELETE CASCADE ON UPDATE CASCADE
) STRICT;
CREATE INDEX journey_refs_by_target ON journey_refs(kind, name);
INSERT OR IGNORE INTO journey_refs (journey, version, kind, name)
SELECT v.journey, v.version,
       CASE json_extract(n.value, '$.activity.type')
           WHEN 'action' THEN 'action'
           WHEN 'jump' THEN 'journey'
           ELSE 'event' END,
       COALESCE(json_extract(n.value, '$.activity.event'),
                json_extract(n.value, '$.activity.action'),
                json_extract(n.value, '$.activity.journey'))
FROM journey_versions v, json_each(v.body, '$.nodes') n
WHERE json_extract(n.value, '$.activity.type') IN ('entry', 'reaction', 'action', 'jump');
INSERT OR IGNORE INTO journey_refs (journey, version, kind, name)
SELECT v.journey, v.version, 'dataSource', json_extract(d.value, '$.source')
FROM journey_versions v, json_each(v.body, '$.data') d;
"#;

/// v3: simulation fixtures (canned responses), keyed by their target.
const V3: &str = r#"
CREATE TABLE fixtures (
    target TEXT PRIMARY KEY NOT NULL CHECK (json_valid(target)),
    body TEXT NOT NULL CHECK (json_valid(body)),
    updated_at TEXT NOT NULL
) STRICT;
"#;

/// v4: test profiles (named people for test mode), keyed by name.
const V4: &str = r#"
CREATE TABLE test_profiles (
    name TEXT PRIMARY KEY NOT NULL CHECK (length(trim(name)) > 0),
    body TEXT NOT NULL CHECK (json_valid(body)),
    updated_at TEXT NOT NULL
) STRICT;
"#;

/// v5: the publish lifecycle. A published version's lifecycle dates (`closedAt`,
/// `pausedAt`) may change like its status, nothing else; each publish freezes a release
/// (the version with the configurations it uses, addressed by its SHA-256), which never
/// changes; and an append-only audit log says who did what to which version.
const V5: &str = r#"
DROP TRIGGER journey_versions_frozen;
CREATE TRIGGER journey_versions_frozen BEFORE UPDATE OF body ON journey_versions
WHEN OLD.status <> 'draft'
 AND json_remove(NEW.body, '$.status', '$.closedAt', '$.pausedAt')
     IS NOT json_remove(OLD.body, '$.status', '$.closedAt', '$.pausedAt')
BEGIN SELECT RAISE(ABORT, 'published journey versions are immutable'); END;
CREATE TABLE releases (
    journey TEXT NOT NULL,
    version INTEGER NOT NULL,
    sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
    journey_sha256 TEXT NOT NULL CHECK (length(journey_sha256) = 64),
    drain TEXT NOT NULL CHECK (drain IN ('closePrevious', 'keepPrevious')),
    published_at TEXT NOT NULL,
    published_by TEXT NOT NULL,
    body TEXT NOT NULL CHECK (json_valid(body)),
    PRIMARY KEY (journey, version),
    FOREIGN KEY (journey, version) REFERENCES journey_versions(journey, version) ON DELETE CASCADE
) STRICT;
CREATE TRIGGER releases_frozen BEFORE UPDATE ON releases
BEGIN SELECT RAISE(ABORT, 'releases are immutable'); END;
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    journey TEXT NOT NULL,
    version INTEGER,
    sha256 TEXT,
    detail TEXT NOT NULL
) STRICT;
CREATE INDEX audit_log_by_journey ON audit_log(journey, id);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
"#;

/// v6: runners (where published journeys run; their tokens live in the keychain, never
/// here), the runners each journey is published to, and the push outbox: each publish or
/// lifecycle move for a runner, stored in the move's own transaction and delivered later.
const V6: &str = r#"
CREATE TABLE runners (
    name TEXT PRIMARY KEY NOT NULL CHECK (length(trim(name)) > 0),
    url TEXT NOT NULL,
    added_at TEXT NOT NULL
) STRICT;
CREATE TABLE journey_runners (
    journey TEXT NOT NULL REFERENCES journeys(name) ON DELETE CASCADE ON UPDATE CASCADE,
    runner TEXT NOT NULL REFERENCES runners(name) ON DELETE CASCADE,
    PRIMARY KEY (journey, runner)
) STRICT;
CREATE TABLE pushes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    runner TEXT NOT NULL REFERENCES runners(name) ON DELETE CASCADE,
    journey TEXT NOT NULL,
    version INTEGER,
    kind TEXT NOT NULL CHECK (kind IN ('publish', 'pause', 'resume', 'close', 'stop')),
    body TEXT NOT NULL CHECK (json_valid(body)),
    state TEXT NOT NULL CHECK (state IN ('queued', 'delivered', 'refused')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_at TEXT NOT NULL,
    last_error TEXT,
    created_at TEXT NOT NULL,
    done_at TEXT
) STRICT;
CREATE INDEX pushes_queued ON pushes (state, runner, id);
"#;

/// v7: the workspace's users and their roles. The first person to open the workspace
/// becomes its administrator; roles guard against mistakes (the file's owner can edit the
/// file), the runner's scoped tokens are the security boundary (docs/security.md).
const V7: &str = r#"
CREATE TABLE users (
    name TEXT PRIMARY KEY NOT NULL CHECK (length(trim(name)) > 0),
    role TEXT NOT NULL CHECK (role IN ('technical', 'business', 'publisher', 'administrator', 'viewer')),
    added_at TEXT NOT NULL,
    added_by TEXT NOT NULL
) STRICT;
"#;

/// Journey tags (a JSON array of strings), for finding and grouping journeys.
const V8: &str = r#"
ALTER TABLE journeys ADD COLUMN tags TEXT NOT NULL DEFAULT '[]';
"#;

pub fn migrations() -> Migrations<'static> {
    Migrations::new(vec![
        M::up(V1),
        M::up(V2),
        M::up(V3),
        M::up(V4),
        M::up(V5),
        M::up(V6),
        M::up(V7),
        M::up(V8),
    ])
}

/// The schema version this build writes.
pub const LATEST_SCHEMA: i64 = 8;
