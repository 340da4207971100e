//! The one door to the core. The Tauri commands and the CLI subcommands are one-line
//! adapters over [`Workspace`] and the free functions here; permissions are checked here,
//! never in a UI. Errors leave as [`ApiError`] (`{code, message}`), so no adapter has to
//! match on message text.

mod access;
pub mod bindings;
mod bundle_io;
mod designer;
pub use designer::JourneyHelp;
mod error;
mod file_choice;
mod import_changes;
mod lifecycle;
mod overview;
mod runners;
pub mod samples;
mod secret_store;
pub mod secrets;
pub mod simulation;
mod test_data;
pub mod test_requests;
mod users;
mod vault;

pub use access::{Actor, Permission, Role, local_user_name};
pub use bundle_io::{ImportPreview, ImportReport, ValidationReport, bundle_schema, validate_bundle_text};
pub use error::{ApiError, ErrorCode};
pub use file_choice::{FileChoice, FileKind, FilePurpose};
pub use import_changes::OriginChange;
pub use lifecycle::{PublishOutcome, VersionInfo};
pub use overview::{ConfigSummary, JourneySummary, Overview};
/// The journey language, re-exported so adapters need only this crate.
pub use parcours_model as model;
pub use parcours_simulator as simulator;
pub use runners::{PushInfo, ReportJob, RunnerCheck, RunnerCheckJob, RunnerInfo, env_token as runner_token_env};
pub use users::{CurrentUser, UserInfo};

use std::path::{Path, PathBuf};

use parcours_model::{Catalog, CustomAction, DataSource, Diagnostic, Event, Journey, validate};
use parcours_store::{ConfigKind, Store};

/// Where a workspace reads the time: the system clock, or a test's.
pub type Clock = std::sync::Arc<dyn Fn() -> chrono::DateTime<chrono::Utc> + Send + Sync>;

/// An open workspace, as seen by one actor.
pub struct Workspace {
    store: Store,
    actor: Actor,
    clock: Clock,
    /// Where secret values are kept on this machine (shared with the jobs that call out).
    secrets: std::sync::Arc<secrets::LocalSecrets>,
}

fn system_clock() -> Clock {
    std::sync::Arc::new(chrono::Utc::now)
}

/// A credential typed in clear never reaches the workspace file: a save or an import
/// holding one is refused, naming where it is (`prefix` + the field's path).
pub(crate) fn refuse_clear_credentials(
    what: &str,
    prefix: &str,
    diagnostics: &[Diagnostic],
    outcome: &str,
) -> Result<(), ApiError> {
    let clear: Vec<String> = diagnostics
        .iter()
        .filter(|d| d.code == parcours_model::Code::SecretInConstant)
        .map(|d| format!("{prefix}{}", d.path))
        .collect();
    match diagnostics
        .iter()
        .find(|d| d.code == parcours_model::Code::SecretInConstant)
    {
        None => Ok(()),
        Some(first) => Err(ApiError::new(
            ErrorCode::InvalidInput,
            format!(
                "{what}: {prefix}{}: {} ({}: {}); {outcome}",
                first.path,
                first.message,
                first.code.as_str(),
                clear.join(", ")
            ),
        )),
    }
}

/// Where the app and the CLI keep the workspace unless told otherwise:
/// `$PARCOURS_DB`, else the user's data directory.
pub fn default_database_path() -> PathBuf {
    if let Some(path) = std::env::var_os("PARCOURS_DB") {
        return PathBuf::from(path);
    }
    dirs::data_dir()
        .unwrap_or_else(|| PathBuf::from("."))
        .join("parcours")
        .join("workspace.sqlite")
}

impl Workspace {
    pub fn open(path: &Path, actor: Actor) -> Result<Workspace, ApiError> {
        let store = Store::open(path)?;
        tracing::info!(path = %path.display(), actor = %actor.name, "workspace opened");
        Ok(Workspace {
            store,
            actor,
            clock: system_clock(),
            secrets: std::sync::Arc::new(secrets::LocalSecrets::from_env()),
        })
    }

    pub fn open_in_memory(actor: Actor) -> Result<Workspace, ApiError> {
        Ok(Workspace {
            store: Store::open_in_memory()?,
            actor,
            clock: system_clock(),
            secrets: std::sync::Arc::new(secrets::LocalSecrets::from_env()),
        })
    }

    /// Reads the time from `clock` from now on (tests move time forward by hand).
    pub fn with_clock(mut self, clock: Clock) -> Workspace {
        self.clock = clock;
        self
    }

    /// Keeps secrets in `secrets` from now on (tests: a file of their own, no keychain).
    pub fn with_secrets(mut self, secrets: secrets::LocalSecrets) -> Workspace {
        self.secrets = std::sync::Arc::new(secrets);
        self
    }

    pub(crate) fn now(&self) -> chrono::DateTime<chrono::Utc> {
        (self.clock)()
    }

    pub fn actor(&self) -> &Actor {
        &self.actor
    }

    pub fn database_path(&self) -> Option<&Path> {
        self.store.path()
    }

    fn require(&self, permission: Permission) -> Result<(), ApiError> {
        self.actor.require(permission)
    }

    // --- Configurations -------------------------------------------------------

    pub fn list_events(&self) -> Result<Vec<Event>, ApiError> {
        self.require(Permission::ReadJourneys)?;
        Ok(self.store.list_configs()?)
    }

    pub fn get_event(&self, name: &str) -> Result<Event, ApiError> {
        self.require(Permission::ReadJourneys)?;
        self.store
            .get_config(name)?
            .ok_or_else(|| ApiError::not_found("event", name))
    }

    pub fn save_event(&mut self, event: &Event) -> Result<Vec<Diagnostic>, ApiError> {
        self.require(Permission::ManageConfigurations)?;
        parcours_model::bundle::check_event("", event)?;
        self.store.save_config(event)?;
        Ok(validate::validate_event(event))
    }

    pub fn delete_event(&mut self, name: &str) -> Result<(), ApiError> {
        self.require(Permission::ManageConfigurations)?;
        Ok(self.store.delete_config(ConfigKind::Event, name)?)
    }

    pub fn list_data_sources(&self) -> Result<Vec<DataSource>, ApiError> {
        self.require(Permission::ReadJourneys)?;
        Ok(self.store.list_configs()?)
    }

    pub fn get_data_source(&self, name: &str) -> Result<DataSource, ApiError> {
        self.require(Permission::ReadJourneys)?;
        self.store
            .get_config(name)?
            .ok_or_else(|| ApiError::not_found("data source", name))
    }

    pub fn save_data_source(&mut self, source: &DataSource) -> Result<Vec<Diagnostic>, ApiError> {
        self.require(Permission::ManageConfigurations)?;
        parcours_model::bundle::check_data_source("", source)?;
        let diagnostics = validate::validate_data_source(source);
        refuse_clear_credentials(&format!("data source `{}`", source.name), "", &diagnostics, "not saved")?;
        self.store.save_config(source)?;
        Ok(diagnostics)
    }

    pub fn delete_data_source(&mut self, name: &str) -> Result<(), ApiError> {
        self.require(Permission::ManageConfigurations)?;
        Ok(self.store.delete_config(ConfigKind::DataSource, name)?)
    }

    pub fn list_actions(&self) -> Result<Vec<CustomAction>, ApiError> {
        self.require(Permission::ReadJourneys)?;
        Ok(self.store.list_configs()?)
    }

    pub fn get_action(&self, name: &str) -> Result<CustomAction, ApiError> {
        self.require(Permission::ReadJourneys)?;
        self.store
            .get_config(name)?
            .ok_or_else(|| ApiError::not_found("action", name))
    }

    pub fn save_action(&mut self, action: &CustomAction) -> Result<Vec<Diagnostic>, ApiError> {
        self.require(Permission::ManageConfigurations)?;
        parcours_model::bundle::check_action("", action)?;
        let diagnostics = validate::validate_action(action);
        refuse_clear_credentials(&format!("action `{}`", action.name), "", &diagnostics, "not saved")?;
        self.store.save_config(action)?;
        Ok(diagnostics)
    }

    pub fn delete_action(&mut self, name: &str) -> Result<(), ApiError> {
        self.require(Permission::ManageConfigurations)?;
        Ok(self.store.delete_config(ConfigKind::Action, name)?)
    }

    // --- Journeys --------------------------------------------------------------

    /// A journey as it stands now: what time has done to its lifecycle (a pause expired,
    /// a closed version finished) shows even before it is stored by the next move.
    pub fn get_journey(&self, name: &str) -> Result<Journey, ApiError> {
        self.require(Permission::ReadJourneys)?;
        let mut journey = self
            .store
            .get_journey(name)?
            .ok_or_else(|| ApiError::not_found("journey", name))?;
        journey.settle(self.now());
        Ok(journey)
    }

    /// Saves a journey (all versions, one transaction) and returns the latest
    /// version's diagnostics: a journey with errors is saved all the same.
    pub fn save_journey(&mut self, journey: &Journey) -> Result<Vec<Diagnostic>, ApiError> {
        self.require(Permission::ManageJourneys)?;
        if !parcours_model::name::is_valid_name(&journey.name) {
            return Err(ApiError::new(
                ErrorCode::InvalidInput,
                format!(
                    "`{}` is not a valid journey name: use letters, digits and `_`",
                    journey.name
                ),
            ));
        }
        if journey.versions.is_empty() {
            return Err(ApiError::new(
                ErrorCode::InvalidInput,
                format!("journey `{}` needs at least one version", journey.name),
            ));
        }
        // What the designer saves is held to what a bundle may hold.
        parcours_model::bundle::check_journey("", journey).map_err(|e| {
            ApiError::new(
                ErrorCode::InvalidInput,
                format!("journey `{}`: {e}; not saved", journey.name),
            )
        })?;
        let journey = self.with_stored_lifecycle(journey)?;
        self.store.save_journey(&journey)?;
        self.validate_journey(&journey.name)
    }

    /// A save edits drafts; publishing and the other lifecycle moves have their own use
    /// cases (validation, release, audit). So a save never publishes, and the lifecycle of
    /// a published version is the store's: a window opened before a pause or a close made
    /// elsewhere still saves its draft. A draft published meanwhile is not overwritten.
    fn with_stored_lifecycle(&self, journey: &Journey) -> Result<Journey, ApiError> {
        let stored = self.store.get_journey(&journey.name)?;
        let mut kept = journey.clone();
        for v in &mut kept.versions {
            let before = stored
                .as_ref()
                .and_then(|s| s.versions.iter().find(|o| o.version == v.version));
            match before {
                Some(o) if o.status.is_published() => {
                    if !v.status.is_published() {
                        return Err(ApiError::new(
                            ErrorCode::Conflict,
                            format!(
                                "journey `{}` v{} was published meanwhile (in another window or the CLI): \
                                 reload the journey to go on from its latest version",
                                journey.name, v.version
                            ),
                        ));
                    }
                    v.status = o.status;
                    v.published_at = o.published_at;
                    v.closed_at = o.closed_at;
                    v.paused_at = o.paused_at;
                }
                _ if v.status.is_published() => {
                    return Err(ApiError::new(
                        ErrorCode::Conflict,
                        format!(
                            "journey `{}` v{}: a save cannot publish it; use publish, which validates it \
                             and freezes its release",
                            journey.name, v.version
                        ),
                    ));
                }
                _ => {}
            }
        }
        Ok(kept)
    }

    /// Making a version non-draft is publishing: it needs the publish permission.
    pub(crate) fn require_publish_rights(&self, journey: &Journey) -> Result<(), ApiError> {
        let stored = self.store.get_journey(&journey.name)?;
        let publishes = journey.versions.iter().any(|v| {
            let before = stored
                .as_ref()
                .and_then(|s| s.versions.iter().find(|o| o.version == v.version))
                .map(|o| o.status);
            v.status.is_published() && before.is_none_or(|b| !b.is_published())
        });
        if publishes {
            self.require(Permission::PublishJourneys)?;
        }
        Ok(())
    }

    /// The names of the workspace's journeys, sorted.
    pub fn journey_names(&self) -> Result<Vec<String>, ApiError> {
        self.require(Permission::ReadJourneys)?;
        Ok(self.store.list_journeys()?.into_iter().map(|r| r.name).collect())
    }

    pub fn delete_journey(&mut self, name: &str) -> Result<(), ApiError> {
        self.require(Permission::ManageJourneys)?;
        Ok(self.store.delete_journey(name)?)
    }

    /// Everything in the workspace as a bundle (used for validation and export).
    fn snapshot(&self) -> Result<parcours_model::Bundle, ApiError> {
        Ok(self.store.export_all()?)
    }

    pub fn validate_journey(&self, name: &str) -> Result<Vec<Diagnostic>, ApiError> {
        self.require(Permission::ReadJourneys)?;
        let all = self.snapshot()?;
        let journey = all
            .journeys
            .iter()
            .find(|j| j.name == name)
            .ok_or_else(|| ApiError::not_found("journey", name))?;
        Ok(validate::validate_journey(journey, &all.catalog()))
    }

    pub fn validate_all(&self) -> Result<Vec<Diagnostic>, ApiError> {
        self.require(Permission::ReadJourneys)?;
        let all = self.snapshot()?;
        Ok(validate::validate_bundle(&all))
    }

    /// The saved configurations (no journeys), read per call: checks typed in a form must
    /// see the latest, and need not load every journey.
    pub fn with_catalog<T>(&self, f: impl FnOnce(&Catalog) -> T) -> Result<T, ApiError> {
        let events: Vec<Event> = self.store.list_configs()?;
        let sources: Vec<DataSource> = self.store.list_configs()?;
        let actions: Vec<CustomAction> = self.store.list_configs()?;
        Ok(f(&Catalog::new(&events, &sources, &actions, &[])))
    }
}
