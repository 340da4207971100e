//! The publish lifecycle, as the market leader has it: Draft → Live (vN, frozen) →
//! Closed (no new entries, people inside finish) → Finished (the global timeout after
//! closing); Stopped (everyone out, irreversible) from any running state; a live journey
//! may be paused (at most 14 days, then it is closed) and resumed. A new version starts
//! from the latest; publishing it closes the previous one unless the publisher keeps it
//! running until it drains.
//!
//! These are pure moves on a [`Journey`]: the workspace checks permissions, freezes the
//! release and stores the result with its audit entries in one transaction.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::release::Drain;
use crate::{Journey, JourneyStatus, JourneyVersion};

/// A pause lasts at most this long; then the journey is closed.
pub const MAX_PAUSE_DAYS: i64 = 14;

/// What people see of a version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub enum VersionState {
    Draft,
    Live,
    Paused,
    Closed,
    Stopped,
    Finished,
}

impl VersionState {
    pub fn of(version: &JourneyVersion) -> VersionState {
        match version.status {
            JourneyStatus::Live if version.paused_at.is_some() => VersionState::Paused,
            JourneyStatus::Draft => VersionState::Draft,
            JourneyStatus::Live => VersionState::Live,
            JourneyStatus::Closed => VersionState::Closed,
            JourneyStatus::Stopped => VersionState::Stopped,
            JourneyStatus::Finished => VersionState::Finished,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            VersionState::Draft => "draft",
            VersionState::Live => "live",
            VersionState::Paused => "paused",
            VersionState::Closed => "closed",
            VersionState::Stopped => "stopped",
            VersionState::Finished => "finished",
        }
    }
}

/// What happened, for the audit log.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum AuditAction {
    Published,
    NewVersion,
    Closed,
    Stopped,
    Paused,
    Resumed,
    RolledBack,
    Finished,
    Imported,
}

impl AuditAction {
    pub fn as_str(self) -> &'static str {
        match self {
            AuditAction::Published => "published",
            AuditAction::NewVersion => "newVersion",
            AuditAction::Closed => "closed",
            AuditAction::Stopped => "stopped",
            AuditAction::Paused => "paused",
            AuditAction::Resumed => "resumed",
            AuditAction::RolledBack => "rolledBack",
            AuditAction::Finished => "finished",
            AuditAction::Imported => "imported",
        }
    }

    pub fn parse(text: &str) -> Option<AuditAction> {
        use AuditAction::*;
        [
            Published, NewVersion, Closed, Stopped, Paused, Resumed, RolledBack, Finished, Imported,
        ]
        .into_iter()
        .find(|a| a.as_str() == text)
    }
}

/// One line of the audit log: who did what to which version, when, with the release's
/// content hash where there is one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AuditEntry {
    #[ts(type = "string")]
    pub at: DateTime<Utc>,
    /// Who: a person's name, or `parcours` for what time did (a pause expiring).
    pub actor: String,
    pub action: AuditAction,
    pub journey: String,
    #[ts(optional)]
    pub version: Option<u32>,
    #[ts(optional)]
    pub sha256: Option<String>,
    pub detail: String,
}

/// Why a lifecycle move is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LifecycleError {
    #[error("journey `{journey}` has no draft to publish: v{latest} is {state}; make a new version first")]
    NoDraft {
        journey: String,
        latest: u32,
        state: &'static str,
    },
    #[error("journey `{journey}` already has a draft, v{draft}: edit it")]
    DraftExists { journey: String, draft: u32 },
    #[error("journey `{journey}` has no {wanted} version")]
    NoneIn { journey: String, wanted: &'static str },
    #[error("journey `{journey}` has no version {version}")]
    NoVersion { journey: String, version: u32 },
    #[error("journey `{journey}` v{version} was never published: only published versions can be restored")]
    NeverPublished { journey: String, version: u32 },
    #[error("journey `{journey}` has reached its last version number, v{version}")]
    NumbersUsedUp { journey: String, version: u32 },
}

fn latest_number(j: &Journey) -> u32 {
    j.versions.iter().map(|v| v.version).max().unwrap_or(0)
}

fn draft_of(j: &Journey) -> Option<u32> {
    j.versions
        .iter()
        .filter(|v| v.status == JourneyStatus::Draft)
        .map(|v| v.version)
        .max()
}

impl Journey {
    fn version_mut(&mut self, number: u32) -> Option<&mut JourneyVersion> {
        self.versions.iter_mut().find(|v| v.version == number)
    }

    /// Starts a draft from the latest version. Refused while a draft exists.
    pub fn new_version(&mut self) -> Result<u32, LifecycleError> {
        if let Some(draft) = draft_of(self) {
            return Err(LifecycleError::DraftExists {
                journey: self.name.clone(),
                draft,
            });
        }
        let latest = self.latest().ok_or_else(|| LifecycleError::NoneIn {
            journey: self.name.clone(),
            wanted: "saved",
        })?;
        let number = latest
            .version
            .checked_add(1)
            .ok_or_else(|| LifecycleError::NumbersUsedUp {
                journey: self.name.clone(),
                version: latest.version,
            })?;
        let draft = latest.as_draft(number);
        self.versions.push(draft);
        Ok(number)
    }

    /// Publishes the draft (the latest version); the previous live versions are closed
    /// or kept as `drain` says. Returns the versions it closed.
    pub fn publish(&mut self, drain: Drain, now: DateTime<Utc>) -> Result<(u32, Vec<u32>), LifecycleError> {
        let latest = self.latest().ok_or_else(|| LifecycleError::NoneIn {
            journey: self.name.clone(),
            wanted: "draft",
        })?;
        if latest.status != JourneyStatus::Draft {
            return Err(LifecycleError::NoDraft {
                journey: self.name.clone(),
                latest: latest.version,
                state: VersionState::of(latest).as_str(),
            });
        }
        let number = latest.version;
        Ok((number, self.publish_version(number, drain, now)))
    }

    /// Makes draft `number` live; returns the live versions `drain` closed.
    fn publish_version(&mut self, number: u32, drain: Drain, now: DateTime<Utc>) -> Vec<u32> {
        let mut closed = Vec::new();
        if drain == Drain::ClosePrevious {
            for v in self.versions.iter_mut().filter(|v| v.status == JourneyStatus::Live) {
                v.status = JourneyStatus::Closed;
                v.closed_at = Some(now);
                v.paused_at = None;
                closed.push(v.version);
            }
        }
        // Invariant: `number` is the draft found above.
        let v = self.version_mut(number).expect("the draft exists");
        v.status = JourneyStatus::Live;
        v.published_at = Some(now);
        closed
    }

    /// Publishes the content of version `to` again as a new version, before any draft
    /// (which moves up one number, keeping its edits). Returns the new number, the draft's
    /// new number and the versions closed.
    pub fn rollback(
        &mut self,
        to: u32,
        drain: Drain,
        now: DateTime<Utc>,
    ) -> Result<(u32, Option<u32>, Vec<u32>), LifecycleError> {
        let old = self
            .versions
            .iter()
            .find(|v| v.version == to)
            .ok_or_else(|| LifecycleError::NoVersion {
                journey: self.name.clone(),
                version: to,
            })?;
        if !old.status.is_published() {
            return Err(LifecycleError::NeverPublished {
                journey: self.name.clone(),
                version: to,
            });
        }
        let old = old.clone();
        let draft = draft_of(self);
        let used_up = |version: u32| LifecycleError::NumbersUsedUp {
            journey: self.name.clone(),
            version,
        };
        let number = match draft {
            Some(d) => d,
            None => latest_number(self)
                .checked_add(1)
                .ok_or_else(|| used_up(latest_number(self)))?,
        };
        // The draft moves up one to make room for the restored version.
        let moved_to = draft.map(|d| d.checked_add(1).ok_or_else(|| used_up(d))).transpose()?;
        let moved = draft.zip(moved_to).map(|(d, to)| {
            // Invariant: `draft_of` found this draft in the list just above.
            let v = self.version_mut(d).expect("the draft exists");
            v.version = to;
            to
        });
        self.versions.push(old.as_draft(number));
        self.versions.sort_by_key(|v| v.version);
        let closed = self.publish_version(number, drain, now);
        Ok((number, moved, closed))
    }

    /// Closes every live version: nobody new enters, the people inside finish.
    pub fn close(&mut self, now: DateTime<Utc>) -> Result<Vec<u32>, LifecycleError> {
        let live = self.numbers(|v| v.status == JourneyStatus::Live, "live")?;
        for n in &live {
            // Invariant: the numbers were listed from these versions just above.
            let v = self.version_mut(*n).expect("listed");
            v.status = JourneyStatus::Closed;
            v.closed_at = Some(now);
            v.paused_at = None;
        }
        Ok(live)
    }

    /// The numbers of the versions that `pick` selects; refused when there are none.
    fn numbers(
        &self,
        pick: impl Fn(&JourneyVersion) -> bool,
        wanted: &'static str,
    ) -> Result<Vec<u32>, LifecycleError> {
        let list: Vec<u32> = self.versions.iter().filter(|v| pick(v)).map(|v| v.version).collect();
        if list.is_empty() {
            return Err(LifecycleError::NoneIn {
                journey: self.name.clone(),
                wanted,
            });
        }
        Ok(list)
    }

    /// Stops every running version: everyone out, for good.
    pub fn stop(&mut self, now: DateTime<Utc>) -> Result<Vec<u32>, LifecycleError> {
        let running = self.numbers(|v| v.status.is_running(), "live or closed")?;
        for n in &running {
            // Invariant: the numbers were listed from these versions just above.
            let v = self.version_mut(*n).expect("listed above");
            v.status = JourneyStatus::Stopped;
            v.closed_at = v.closed_at.or(Some(now));
            v.paused_at = None;
        }
        Ok(running)
    }

    /// Pauses every live version not paused yet.
    pub fn pause(&mut self, now: DateTime<Utc>) -> Result<Vec<u32>, LifecycleError> {
        let live = self.numbers(
            |v| v.status == JourneyStatus::Live && v.paused_at.is_none(),
            "unpaused live",
        )?;
        for n in &live {
            // Invariant: the numbers were listed from these versions just above.
            self.version_mut(*n).expect("listed above").paused_at = Some(now);
        }
        Ok(live)
    }

    pub fn resume(&mut self) -> Result<Vec<u32>, LifecycleError> {
        let paused = self.numbers(|v| v.status == JourneyStatus::Live && v.paused_at.is_some(), "paused")?;
        for n in &paused {
            // Invariant: the numbers were listed from these versions just above.
            self.version_mut(*n).expect("listed above").paused_at = None;
        }
        Ok(paused)
    }

    /// What time has done by `now`: pauses older than 14 days close their version;
    /// closed versions past their global timeout are finished.
    pub fn settle(&mut self, now: DateTime<Utc>) -> Vec<(u32, AuditAction, String)> {
        let mut moves = Vec::new();
        for v in &mut self.versions {
            if v.status == JourneyStatus::Live
                && let Some(paused) = v.paused_at
                && now - paused >= Duration::days(MAX_PAUSE_DAYS)
            {
                let at = paused + Duration::days(MAX_PAUSE_DAYS);
                v.status = JourneyStatus::Closed;
                v.closed_at = Some(at);
                v.paused_at = None;
                moves.push((
                    v.version,
                    AuditAction::Closed,
                    format!("paused for {MAX_PAUSE_DAYS} days"),
                ));
            }
            if v.status == JourneyStatus::Closed
                && let Some(closed) = v.closed_at
                && now >= crate::time::seconds_after(closed, v.properties.global_timeout_seconds)
            {
                v.status = JourneyStatus::Finished;
                moves.push((
                    v.version,
                    AuditAction::Finished,
                    "the global timeout has passed since it closed".into(),
                ));
            }
        }
        moves
    }
}
