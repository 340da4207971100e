//! TypeScript types for everything that crosses IPC, generated from these Rust types
//! (ts-rs) into `ui/src/bindings/`. They are committed; a test fails when they are stale,
//! and `cargo xtask bindings` rewrites them.

use std::path::Path;

use ts_rs::{Config, TS};

use crate::{ApiError, ImportReport, Overview, Permission, Role, ValidationReport};
use parcours_model::{CustomAction, DataSource, Event, Fixture, Journey, TestProfile};

/// Writes every IPC type (and the types they use) into `dir`, one file each.
pub fn export_bindings(dir: &Path) -> Result<(), ts_rs::ExportError> {
    let cfg = Config::new().with_out_dir(dir).with_large_int("number");
    Overview::export_all(&cfg)?;
    ApiError::export_all(&cfg)?;
    ValidationReport::export_all(&cfg)?;
    ImportReport::export_all(&cfg)?;
    crate::ImportPreview::export_all(&cfg)?;
    crate::FileChoice::export_all(&cfg)?;
    crate::FilePurpose::export_all(&cfg)?;
    crate::FileKind::export_all(&cfg)?;
    Event::export_all(&cfg)?;
    DataSource::export_all(&cfg)?;
    CustomAction::export_all(&cfg)?;
    Journey::export_all(&cfg)?;
    Permission::export_all(&cfg)?;
    Role::export_all(&cfg)?;
    crate::CurrentUser::export_all(&cfg)?;
    crate::UserInfo::export_all(&cfg)?;
    crate::secrets::SecretBinding::export_all(&cfg)?;
    crate::secrets::SecretStatus::export_all(&cfg)?;
    crate::secrets::SecretsOverview::export_all(&cfg)?;
    Fixture::export_all(&cfg)?;
    TestProfile::export_all(&cfg)?;
    crate::simulation::SimulationResult::export_all(&cfg)?;
    crate::simulation::SessionView::export_all(&cfg)?;
    crate::JourneyHelp::export_all(&cfg)?;
    crate::test_requests::TestResponse::export_all(&cfg)?;
    parcours_simulator::coverage::Coverage::export_all(&cfg)?;
    crate::VersionInfo::export_all(&cfg)?;
    crate::PublishOutcome::export_all(&cfg)?;
    crate::RunnerInfo::export_all(&cfg)?;
    crate::RunnerCheck::export_all(&cfg)?;
    crate::PushInfo::export_all(&cfg)?;
    parcours_model::live_report::JourneyReport::export_all(&cfg)?;
    parcours_model::diff::VersionDiff::export_all(&cfg)?;
    parcours_model::lifecycle::AuditEntry::export_all(&cfg)?;
    parcours_model::Drain::export_all(&cfg)?;
    Ok(())
}
