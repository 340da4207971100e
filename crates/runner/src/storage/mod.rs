//! Where the runner keeps what must survive a crash, behind two traits: [`Storage`]
//! (one writer: transactions) and [`Reader`] (any number of read-only views for the
//! HTTP API). The runner's logic speaks only these traits; SQLite is the default
//! implementation ([`sqlite`]) and PostgreSQL implements the same rows next. Times are
//! milliseconds since the Unix epoch; bodies are JSON text.
//!
//! A transaction holds everything one batch of work changes (events seen, instances,
//! entries, cache, timers, outbox rows, report counters, releases, audit lines), so a
//! batch is applied entirely or not at all: that is what makes an acknowledged event
//! processed exactly once.

pub mod sqlite;

use parcours_engine::{Entries, Instance, InstanceKey};
use serde::{Deserialize, Serialize};
use serde_json::Value;

#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    #[error("{path}: {detail}")]
    Corrupt { path: String, detail: String },
    #[error("{path} is not a Parcours runner database")]
    Foreign { path: String },
    #[error("{path} was written by a newer runner (schema {found}, this one reads up to {supported})")]
    Newer { path: String, found: i64, supported: i64 },
    #[error("database: {0}")]
    Database(String),
    #[error("stored data does not read back: {0}")]
    Decode(String),
}

pub type Result<T> = std::result::Result<T, StorageError>;

/// A journey version's state on the runner.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub enum VersionState {
    /// New people enter it (the newest live version of its journey).
    Live,
    /// Admits nobody; the people inside finish.
    Closed,
    /// Admits nobody; the people inside are held at their next action until resumed.
    Paused,
    /// Everyone left; nothing runs.
    Stopped,
}

impl From<VersionState> for parcours_model::lifecycle::VersionState {
    fn from(s: VersionState) -> Self {
        use parcours_model::lifecycle::VersionState as Shown;
        match s {
            VersionState::Live => Shown::Live,
            VersionState::Closed => Shown::Closed,
            VersionState::Paused => Shown::Paused,
            VersionState::Stopped => Shown::Stopped,
        }
    }
}

impl VersionState {
    pub fn as_str(self) -> &'static str {
        match self {
            VersionState::Live => "live",
            VersionState::Closed => "closed",
            VersionState::Paused => "paused",
            VersionState::Stopped => "stopped",
        }
    }

    pub fn parse(text: &str) -> Option<VersionState> {
        Some(match text {
            "live" => VersionState::Live,
            "closed" => VersionState::Closed,
            "paused" => VersionState::Paused,
            "stopped" => VersionState::Stopped,
            _ => return None,
        })
    }
}

/// A release as the runner stores it.
#[derive(Debug, Clone)]
pub struct StoredRelease {
    pub journey: String,
    pub version: u32,
    pub sha256: String,
    /// The release's JSON text, as received.
    pub body: String,
    pub state: VersionState,
    pub published_at: i64,
    /// When it was paused (a pause lasts at most 14 days).
    pub paused_at: Option<i64>,
}

/// What an outbox row asks the sender to do.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum Call {
    Action {
        request: Box<parcours_engine::ActionRequest>,
    },
    Data {
        request: Box<parcours_engine::DataRequest>,
    },
}

/// A call waiting to be made (or to be answered): at-least-once, with the same
/// request (and so the same `Idempotency-Key`) whatever the number of attempts.
#[derive(Debug, Clone)]
pub struct OutboxRow {
    pub id: i64,
    pub instance: InstanceKey,
    pub journey: String,
    pub version: u32,
    pub call: Call,
    pub created_at: i64,
}

/// One report counter: how many times `metric` (`entered`, `exited`, `error`,
/// `failedCall`, `timeout`, `discarded`, `finished`…) with `key` (a port, a status, a
/// reason) happened at `node` of a journey version in the minute `minute`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CountKey {
    pub journey: String,
    pub version: u32,
    pub node: String,
    pub metric: &'static str,
    pub key: String,
    /// Minutes since the Unix epoch.
    pub minute: i64,
}

/// One stored counter, read back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CountRow {
    pub version: u32,
    pub node: String,
    pub metric: String,
    pub key: String,
    pub minute: i64,
    pub n: u64,
}

/// A line of the runner's audit log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AuditLine {
    pub at: i64,
    /// The name of the token that made the call.
    pub actor: String,
    pub action: String,
    pub journey: String,
    pub version: Option<u32>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub detail: String,
}

/// An access token as stored: its SHA-256 only, never the token itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenRow {
    pub name: String,
    pub scopes: Vec<String>,
    pub hash: String,
    pub created_at: i64,
    pub revoked_at: Option<i64>,
}

/// The people waiting at a node now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WaitingRow {
    pub version: u32,
    pub node: usize,
    pub n: u64,
}

/// The one writer's handle.
pub trait Storage: Send + 'static {
    type Tx<'a>: Tx
    where
        Self: 'a;
    fn begin(&mut self) -> Result<Self::Tx<'_>>;
    /// A read-only view that HTTP handlers may use beside the writer.
    fn reader(&self) -> Result<Box<dyn Reader>>;
}

/// One batch's changes; nothing is visible to readers before [`Tx::commit`].
pub trait Tx {
    /// Records an incoming event's id; false when it was seen before (a duplicate).
    fn first_seen(&mut self, id: &str, at: i64) -> Result<bool>;
    /// Forgets ids first seen before `before`, the oldest first, at most `limit`; gives how many.
    fn forget_seen(&mut self, before: i64, limit: usize) -> Result<usize>;

    fn active(&mut self, person: &str, out: &mut Vec<InstanceKey>) -> Result<()>;
    fn load(&mut self, key: InstanceKey) -> Result<Option<Instance>>;
    fn insert(&mut self, instance: &Instance) -> Result<InstanceKey>;
    fn update(&mut self, key: InstanceKey, instance: &Instance) -> Result<()>;
    /// The instance is done: it, its timers and its calls are forgotten.
    fn remove(&mut self, key: InstanceKey) -> Result<()>;
    /// Every instance still inside a version (stop).
    fn instances_of(&mut self, journey: &str, version: u32) -> Result<Vec<InstanceKey>>;

    fn entries(&mut self, journey: &str, person: &str) -> Result<Option<Entries>>;
    fn set_entries(&mut self, journey: &str, person: &str, entries: Entries) -> Result<()>;
    fn cached(&mut self, key: &str, now: i64) -> Result<Option<Value>>;
    fn cache(&mut self, key: &str, value: &Value, until: i64) -> Result<()>;

    fn add_timer(&mut self, key: InstanceKey, at: i64) -> Result<()>;
    /// Timers due at `now`, oldest first, at most `limit`; they are removed.
    fn take_due_timers(&mut self, now: i64, limit: usize) -> Result<Vec<(InstanceKey, i64)>>;
    /// The earliest timer still stored, as this transaction sees it.
    fn next_timer(&mut self) -> Result<Option<i64>>;

    fn add_call(&mut self, instance: InstanceKey, journey: &str, version: u32, call: &Call, now: i64) -> Result<i64>;
    /// The call was answered (its answer is applied in this same transaction).
    fn complete_call(&mut self, id: i64, instance: InstanceKey) -> Result<bool>;

    fn add_counts(&mut self, counts: &[(CountKey, u64)]) -> Result<()>;

    fn put_release(&mut self, release: &StoredRelease) -> Result<()>;
    fn set_state(&mut self, journey: &str, version: u32, state: VersionState, paused_at: Option<i64>) -> Result<()>;
    fn append_audit(&mut self, line: &AuditLine) -> Result<()>;

    fn commit(self) -> Result<()>;
}

/// Read-only access for the HTTP API and startup.
pub trait Reader: Send {
    fn releases(&mut self) -> Result<Vec<StoredRelease>>;
    /// Calls not yet answered, oldest first, at most `limit`; those of paused versions
    /// are held and not listed.
    fn pending_calls(&mut self, limit: usize) -> Result<Vec<OutboxRow>>;
    fn next_timer(&mut self) -> Result<Option<i64>>;
    fn counts(&mut self, journey: &str, since_minute: i64) -> Result<Vec<CountRow>>;
    fn waiting(&mut self, journey: &str) -> Result<Vec<WaitingRow>>;
    fn tokens(&mut self) -> Result<Vec<TokenRow>>;
    fn audit(&mut self, journey: Option<&str>) -> Result<Vec<AuditLine>>;
    /// Queue figures for `/metrics`: outbox rows, timers, waiting people.
    fn sizes(&mut self) -> Result<Sizes>;
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Sizes {
    pub outbox: u64,
    pub timers: u64,
    pub instances: u64,
}

/// Token administration (the CLI, while a runner may be serving the same file).
pub trait TokenAdmin {
    fn create_token(&mut self, row: &TokenRow) -> Result<()>;
    /// Revokes the token named `name`; false when there is none (or it is revoked).
    fn revoke_token(&mut self, name: &str, at: i64) -> Result<bool>;
}
