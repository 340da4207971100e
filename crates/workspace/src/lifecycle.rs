//! The publish lifecycle as use cases: publish (errors block it), new version, close,
//! stop, pause, resume, rollback; the versions list, the diff between any two versions,
//! the releases and the audit log. The moves themselves are the model's
//! (`parcours_model::lifecycle`); here they get their permission, their release and
//! their audit lines, and are stored in one transaction.

use chrono::{DateTime, SecondsFormat, Utc};
use parcours_model::diff::VersionDiff;
use parcours_model::lifecycle::{AuditAction, AuditEntry, LifecycleError, VersionState};
use parcours_model::{Diagnostic, Drain, Journey, JourneyStatus, Release, validate};
use parcours_store::StoredRelease;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::runners::Push;
use crate::{ApiError, ErrorCode, Permission, Workspace};

/// One version as the versions panel and `parcours versions` show it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct VersionInfo {
    pub version: u32,
    pub state: VersionState,
    #[ts(optional)]
    pub published_at: Option<String>,
    #[ts(optional)]
    pub published_by: Option<String>,
    /// The release's address (SHA-256 of its content).
    #[ts(optional)]
    pub sha256: Option<String>,
    #[ts(optional)]
    pub journey_sha256: Option<String>,
    #[ts(optional)]
    pub drain: Option<Drain>,
    #[ts(optional)]
    pub closed_at: Option<String>,
    #[ts(optional)]
    pub paused_at: Option<String>,
}

/// What a publish (or a rollback) did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PublishOutcome {
    pub version: u32,
    pub sha256: String,
    pub journey_sha256: String,
    /// Versions the publish closed (the drain choice).
    pub closed: Vec<u32>,
    /// A rollback moves a draft in progress up one number: its new number.
    #[ts(optional)]
    pub draft_moved_to: Option<u32>,
}

/// The actor name for what time does (a pause expiring, a closed version finishing).
const TIME: &str = "parcours";

fn time_text(t: Option<DateTime<Utc>>) -> Option<String> {
    t.map(|t| t.to_rfc3339_opts(SecondsFormat::Secs, true))
}

impl From<LifecycleError> for ApiError {
    fn from(e: LifecycleError) -> Self {
        let code = match e {
            LifecycleError::NoVersion { .. } => ErrorCode::NotFound,
            _ => ErrorCode::Conflict,
        };
        ApiError::new(code, e.to_string())
    }
}

/// Every error of `diagnostics` with its place: `2 errors: E_… at node `n` path: …; …`.
pub fn error_summary(diagnostics: &[Diagnostic]) -> String {
    let errors: Vec<String> = diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| {
            let at = match &d.node {
                Some(node) => format!("node `{node}` {}", d.path),
                None => d.path.clone(),
            };
            format!("{} at {at}: {}", d.code.as_str(), d.message)
        })
        .collect();
    let s = if errors.len() == 1 { "" } else { "s" };
    format!("{} error{s}: {}", errors.len(), errors.join("; "))
}

/// The refusal of a publish with errors.
fn refusal(journey: &str, version: u32, diagnostics: &[Diagnostic]) -> ApiError {
    ApiError::new(
        ErrorCode::ValidationFailed,
        format!(
            "journey `{journey}` v{version} cannot be published: it has {}",
            error_summary(diagnostics)
        ),
    )
}

/// The versions of `after` that differ from `before` (or are new): all a lifecycle move
/// writes, so a journey with many large versions is not rewritten whole.
fn changed_versions(before: &Journey, after: &Journey) -> Journey {
    Journey {
        versions: after
            .versions
            .iter()
            .filter(|v| !before.versions.contains(v))
            .cloned()
            .collect(),
        ..after.clone_without_versions()
    }
}

impl Workspace {
    /// Configurations and every journey's latest and live versions: what validating and
    /// freezing a version reads.
    fn lifecycle_catalog(&self) -> Result<parcours_model::Bundle, ApiError> {
        Ok(parcours_model::Bundle {
            events: self.store.list_configs()?,
            data_sources: self.store.list_configs()?,
            actions: self.store.list_configs()?,
            journeys: self.store.list_journey_heads()?,
            ..Default::default()
        })
    }

    /// Stores what a move changed in `journey` (was `before`), with releases and audit lines.
    fn record(
        &mut self,
        before: &Journey,
        journey: &Journey,
        releases: &[StoredRelease],
        audit: &[AuditEntry],
        push: Push,
    ) -> Result<(), ApiError> {
        let plan = self.push_plan(&journey.name, releases, push)?;
        Ok(self
            .store
            .record_lifecycle(&changed_versions(before, journey), releases, audit, plan.as_ref())?)
    }

    fn audit_line(
        &self,
        action: AuditAction,
        journey: &str,
        version: Option<u32>,
        sha256: Option<String>,
        detail: String,
    ) -> AuditEntry {
        AuditEntry {
            at: self.now(),
            actor: self.actor.name.clone(),
            action,
            journey: journey.to_string(),
            version,
            sha256,
            detail,
        }
    }

    /// The journey with what time has done to it stored first (pauses expired, closed
    /// versions finished).
    fn settled(&mut self, name: &str) -> Result<Journey, ApiError> {
        let mut journey = self
            .store
            .get_journey(name)?
            .ok_or_else(|| ApiError::not_found("journey", name))?;
        let before = journey.clone();
        let moves = journey.settle(self.now());
        if !moves.is_empty() {
            let audit: Vec<AuditEntry> = moves
                .into_iter()
                .map(|(version, action, detail)| AuditEntry {
                    actor: TIME.into(),
                    ..self.audit_line(action, name, Some(version), None, detail)
                })
                .collect();
            self.record(&before, &journey, &[], &audit, Push::Nothing)?;
        }
        Ok(journey)
    }

    /// Every version of a journey with its state and release.
    pub fn versions(&mut self, journey: &str) -> Result<Vec<VersionInfo>, ApiError> {
        self.require(Permission::ReadJourneys)?;
        let j = self.settled(journey)?;
        let releases = self.store.releases(journey)?;
        Ok(j.versions
            .iter()
            .map(|v| {
                let r = releases.iter().find(|r| r.version == v.version);
                VersionInfo {
                    version: v.version,
                    state: VersionState::of(v),
                    published_at: time_text(v.published_at),
                    published_by: r.map(|r| r.published_by.clone()),
                    sha256: r.map(|r| r.sha256.clone()),
                    journey_sha256: r.map(|r| r.journey_sha256.clone()),
                    drain: r.map(|r| r.drain),
                    closed_at: time_text(v.closed_at),
                    paused_at: time_text(v.paused_at),
                }
            })
            .collect())
    }

    /// Publishes the journey's draft: refused while it has errors; freezes its release;
    /// applies the drain choice to the version live until now.
    pub fn publish(&mut self, journey: &str, drain: Drain) -> Result<PublishOutcome, ApiError> {
        self.publish_to(journey, drain, None)
    }

    /// [`Workspace::publish`], and queues the release for `runners` (remembered for the
    /// journey's later moves), or for the runners it was published to before when
    /// `None`. The pushes are written in the publish's transaction; delivery is
    /// [`Workspace::deliver_pushes`].
    pub fn publish_to(
        &mut self,
        journey: &str,
        drain: Drain,
        runners: Option<Vec<String>>,
    ) -> Result<PublishOutcome, ApiError> {
        self.require(Permission::PublishJourneys)?;
        if let Some(names) = &runners {
            for name in names {
                self.store
                    .runner(name)?
                    .ok_or_else(|| ApiError::not_found("runner", name))?;
            }
        }
        let mut j = self.settled(journey)?;
        let before = j.clone();
        let all = self.lifecycle_catalog()?;
        let catalog = all.catalog();
        let draft = j
            .latest()
            .cloned()
            .ok_or_else(|| ApiError::not_found("journey", journey))?;
        if draft.status == JourneyStatus::Draft {
            let diagnostics = validate::validate_journey_version(journey, &draft, &catalog);
            if validate::has_errors(&diagnostics) {
                return Err(refusal(journey, draft.version, &diagnostics));
            }
        }
        let now = self.now();
        let (version, closed) = j.publish(drain, now)?;
        let release =
            Release::freeze(&j, &draft, &catalog).map_err(|e| ApiError::new(ErrorCode::InvalidInput, e.to_string()))?;
        self.store_publish(
            &before,
            &j,
            release,
            drain,
            closed,
            None,
            AuditAction::Published,
            String::new(),
            Push::Publish(runners),
        )
        .map(|o| PublishOutcome { version, ..o })
    }

    #[allow(clippy::too_many_arguments)]
    fn store_publish(
        &mut self,
        before: &Journey,
        journey: &Journey,
        release: Release,
        drain: Drain,
        closed: Vec<u32>,
        draft_moved_to: Option<u32>,
        action: AuditAction,
        detail: String,
        push: Push,
    ) -> Result<PublishOutcome, ApiError> {
        let name = &journey.name;
        let mut audit = vec![self.audit_line(
            action,
            name,
            Some(release.version),
            Some(release.sha256.clone()),
            detail,
        )];
        for v in &closed {
            audit.push(self.audit_line(
                AuditAction::Closed,
                name,
                Some(*v),
                None,
                format!("by the publish of v{}", release.version),
            ));
        }
        let outcome = PublishOutcome {
            version: release.version,
            sha256: release.sha256.clone(),
            journey_sha256: release.journey_sha256.clone(),
            closed,
            draft_moved_to,
        };
        let stored = StoredRelease {
            release,
            drain,
            published_at: self.now(),
            published_by: self.actor.name.clone(),
        };
        self.record(before, journey, &[stored], &audit, push)?;
        tracing::info!(journey = %name, version = outcome.version, sha256 = %outcome.sha256, "published");
        Ok(outcome)
    }

    /// Starts a draft from the latest version (for a journey whose latest is published).
    pub fn new_version(&mut self, journey: &str) -> Result<u32, ApiError> {
        self.require(Permission::ManageJourneys)?;
        let mut j = self.settled(journey)?;
        let before = j.clone();
        let from = j.latest().map(|v| v.version);
        let number = j.new_version()?;
        let detail = from.map(|f| format!("from v{f}")).unwrap_or_default();
        let audit = [self.audit_line(AuditAction::NewVersion, journey, Some(number), None, detail)];
        self.record(&before, &j, &[], &audit, Push::Nothing)?;
        Ok(number)
    }

    /// Closes the live versions: no new entries; the people inside finish.
    pub fn close_journey(&mut self, journey: &str) -> Result<Vec<u32>, ApiError> {
        self.require(Permission::PublishJourneys)?;
        let now = self.now();
        self.move_versions(journey, AuditAction::Closed, |j| j.close(now))
    }

    /// Stops every running version: everyone out, irreversibly.
    pub fn stop_journey(&mut self, journey: &str) -> Result<Vec<u32>, ApiError> {
        self.require(Permission::PublishJourneys)?;
        self.require(Permission::ManageJourneys)?;
        let now = self.now();
        self.move_versions(journey, AuditAction::Stopped, |j| j.stop(now))
    }

    pub fn pause_journey(&mut self, journey: &str) -> Result<Vec<u32>, ApiError> {
        self.require(Permission::PublishJourneys)?;
        let now = self.now();
        self.move_versions(journey, AuditAction::Paused, |j| j.pause(now))
    }

    pub fn resume_journey(&mut self, journey: &str) -> Result<Vec<u32>, ApiError> {
        self.require(Permission::PublishJourneys)?;
        self.move_versions(journey, AuditAction::Resumed, |j| j.resume())
    }

    fn move_versions(
        &mut self,
        journey: &str,
        action: AuditAction,
        apply: impl FnOnce(&mut Journey) -> Result<Vec<u32>, LifecycleError>,
    ) -> Result<Vec<u32>, ApiError> {
        let mut j = self.settled(journey)?;
        let before = j.clone();
        let moved = apply(&mut j)?;
        let audit: Vec<AuditEntry> = moved
            .iter()
            .map(|v| self.audit_line(action, journey, Some(*v), None, String::new()))
            .collect();
        let push = match action {
            AuditAction::Closed => Push::Move("close"),
            AuditAction::Stopped => Push::Move("stop"),
            AuditAction::Paused => Push::Move("pause"),
            AuditAction::Resumed => Push::Move("resume"),
            _ => Push::Nothing,
        };
        self.record(&before, &j, &[], &audit, push)?;
        Ok(moved)
    }

    /// Publishes version `to`'s release again as a new version: the same journey and
    /// the same configurations as then. A draft in progress moves up one number.
    pub fn rollback(&mut self, journey: &str, to: u32, drain: Drain) -> Result<PublishOutcome, ApiError> {
        self.require(Permission::PublishJourneys)?;
        let mut j = self.settled(journey)?;
        let before = j.clone();
        let old = self.release_of(&j, to)?;
        let (number, moved, closed) = j.rollback(to, drain, self.now())?;
        let release = old.renumbered(number);
        self.store_publish(
            &before,
            &j,
            release,
            drain,
            closed,
            moved,
            AuditAction::RolledBack,
            format!("to v{to}"),
            Push::Publish(None),
        )
    }

    /// The release of a published version. Versions published before releases existed
    /// (schema 4 and older) are frozen at first use, with today's configurations.
    fn release_of(&mut self, journey: &Journey, version: u32) -> Result<Release, ApiError> {
        if let Some(stored) = self.store.release(&journey.name, version)? {
            return Ok(stored.release);
        }
        let v = journey
            .versions
            .iter()
            .find(|v| v.version == version)
            .ok_or_else(|| LifecycleError::NoVersion {
                journey: journey.name.clone(),
                version,
            })?;
        if !v.status.is_published() {
            return Err(LifecycleError::NeverPublished {
                journey: journey.name.clone(),
                version,
            }
            .into());
        }
        let all = self.lifecycle_catalog()?;
        let release = Release::freeze(journey, v, &all.catalog())
            .map_err(|e| ApiError::new(ErrorCode::InvalidInput, e.to_string()))?;
        let stored = StoredRelease {
            release: release.clone(),
            drain: Drain::ClosePrevious,
            published_at: v.published_at.unwrap_or_else(|| self.now()),
            published_by: TIME.into(),
        };
        self.store.add_release(&stored)?;
        Ok(release)
    }

    /// The release of a published version: what a runner runs.
    pub fn release(&mut self, journey: &str, version: u32) -> Result<Release, ApiError> {
        self.require(Permission::ReadJourneys)?;
        let j = self.settled(journey)?;
        self.release_of(&j, version)
    }

    /// What changed from version `from` to version `to` (either may be the draft,
    /// compared with today's configurations).
    pub fn diff_versions(&mut self, journey: &str, from: u32, to: u32) -> Result<VersionDiff, ApiError> {
        self.require(Permission::ReadJourneys)?;
        let j = self.settled(journey)?;
        let a = self.frozen(&j, from)?;
        let b = self.frozen(&j, to)?;
        Ok(VersionDiff::between(&a, &b))
    }

    /// A version as it runs (its release) or, for a draft, as it would be published now.
    fn frozen(&mut self, journey: &Journey, version: u32) -> Result<Release, ApiError> {
        let v = journey
            .versions
            .iter()
            .find(|v| v.version == version)
            .ok_or_else(|| LifecycleError::NoVersion {
                journey: journey.name.clone(),
                version,
            })?;
        if v.status.is_published() {
            return self.release_of(journey, version);
        }
        let all = self.lifecycle_catalog()?;
        Release::freeze(journey, v, &all.catalog()).map_err(|e| ApiError::new(ErrorCode::InvalidInput, e.to_string()))
    }

    /// Releases for the published versions a bundle brings (frozen with what the
    /// workspace will hold), each with its audit line; the store keeps those it lacks.
    pub(crate) fn imported_releases(
        &self,
        bundle: &parcours_model::Bundle,
        catalog: &parcours_model::Catalog,
    ) -> Result<Vec<(StoredRelease, AuditEntry)>, ApiError> {
        let mut out = Vec::new();
        for journey in &bundle.journeys {
            for v in journey.versions.iter().filter(|v| v.status.is_published()) {
                let release = Release::freeze(journey, v, catalog)
                    .map_err(|e| ApiError::new(ErrorCode::InvalidInput, e.to_string()))?;
                let audit = self.audit_line(
                    AuditAction::Imported,
                    &journey.name,
                    Some(v.version),
                    Some(release.sha256.clone()),
                    format!("imported as {}", v.status.as_str()),
                );
                let stored = StoredRelease {
                    release,
                    drain: Drain::ClosePrevious,
                    published_at: v.published_at.unwrap_or_else(|| self.now()),
                    published_by: self.actor.name.clone(),
                };
                out.push((stored, audit));
            }
        }
        Ok(out)
    }

    /// The audit log, oldest first; of one journey when given.
    pub fn audit(&self, journey: Option<&str>) -> Result<Vec<AuditEntry>, ApiError> {
        self.require(Permission::ReadJourneys)?;
        Ok(self.store.audit(journey)?)
    }
}
