//! Bundles in and out: validate a file without a workspace, import all-or-nothing,
//! export everything or one journey with what it needs.

use std::collections::BTreeSet;
use std::path::Path;

use parcours_model::field::find_field;
use parcours_model::{Bundle, Catalog, Diagnostic, Event, FixtureTarget, Journey, validate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{ApiError, ErrorCode, Permission, Workspace};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ValidationReport {
    pub errors: u32,
    pub warnings: u32,
    pub diagnostics: Vec<Diagnostic>,
}

impl ValidationReport {
    pub fn new(mut diagnostics: Vec<Diagnostic>) -> Self {
        diagnostics.sort();
        let errors = diagnostics.iter().filter(|d| d.is_error()).count() as u32;
        ValidationReport {
            warnings: diagnostics.len() as u32 - errors,
            errors,
            diagnostics,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ImportReport {
    pub events: u32,
    pub data_sources: u32,
    pub actions: u32,
    pub journeys: u32,
    pub fixtures: u32,
    pub test_profiles: u32,
    /// Diagnostics of the imported journeys: import keeps work in progress.
    pub diagnostics: Vec<Diagnostic>,
    /// Configurations whose origin changed (confirmed); their secrets stay bound to
    /// the old one until bound again in the form.
    pub origin_changes: Vec<crate::OriginChange>,
}

/// What an import would do, shown before it is applied.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ImportPreview {
    pub events: u32,
    pub data_sources: u32,
    pub actions: u32,
    pub journeys: u32,
    /// Configurations that would send their calls somewhere else: needs a yes.
    pub origin_changes: Vec<crate::OriginChange>,
}

/// Validates a bundle file's text on its own (no workspace). A file that cannot be
/// read as a bundle is an error naming the JSON path; problems in a readable bundle
/// are diagnostics.
pub fn validate_bundle_text(text: &str) -> Result<ValidationReport, ApiError> {
    let bundle = Bundle::parse(text)?;
    Ok(ValidationReport::new(validate::validate_bundle(&bundle)))
}

/// The JSON Schema of the bundle format.
pub fn bundle_schema() -> String {
    Bundle::json_schema()
}

/// A journey and, transitively, the journeys it jumps to.
fn journey_closure<'a>(all: &'a [Journey], root: &str) -> Result<Vec<&'a Journey>, ApiError> {
    let mut seen = BTreeSet::new();
    let mut todo = vec![root.to_string()];
    let mut out = Vec::new();
    while let Some(name) = todo.pop() {
        if !seen.insert(name.clone()) {
            continue;
        }
        let Some(journey) = all.iter().find(|j| j.name == name) else {
            if name == root {
                return Err(ApiError::not_found("journey", root));
            }
            continue;
        };
        for version in &journey.versions {
            todo.extend(version.references().journeys);
        }
        out.push(journey);
    }
    Ok(out)
}

/// What the workspace will hold after importing `bundle`: its configurations and
/// journeys, replaced by the bundle's.
/// The bundle's journeys as the workspace will hold them once imported: an import keeps
/// the versions only the workspace has.
fn journeys_after_import(existing: &Bundle, bundle: &Bundle) -> Vec<Journey> {
    bundle
        .journeys
        .iter()
        .map(|incoming| {
            let mut journey = incoming.clone();
            if let Some(stored) = existing.journeys.iter().find(|j| j.name == incoming.name) {
                let kept = stored
                    .versions
                    .iter()
                    .filter(|v| !incoming.versions.iter().any(|i| i.version == v.version));
                journey.versions.extend(kept.cloned());
                journey.versions.sort_by_key(|v| v.version);
            }
            journey
        })
        .collect()
}

/// What the workspace holds once `bundle` is imported, with `journeys` (the bundle's,
/// or [`journeys_after_import`]) in place of the stored ones of the same name.
fn merged_catalog<'a>(existing: &'a Bundle, bundle: &'a Bundle, journeys: &'a [Journey]) -> Catalog<'a> {
    let mut catalog = existing.catalog();
    let incoming = bundle.catalog();
    catalog.events.extend(incoming.events);
    catalog.data_sources.extend(incoming.data_sources);
    catalog.actions.extend(incoming.actions);
    catalog.journeys.extend(journeys.iter().map(|j| (j.name.as_str(), j)));
    catalog
}

/// A published version with errors could not have been published here: the bundle is
/// refused whole, naming the version and its errors.
fn refuse_published_with_errors(bundle: &Bundle, catalog: &Catalog) -> Result<(), ApiError> {
    for (i, journey) in bundle.journeys.iter().enumerate() {
        for (k, version) in journey.versions.iter().enumerate() {
            if !version.status.is_published() {
                continue;
            }
            let diagnostics = validate::validate_journey_version(&journey.name, version, catalog);
            if validate::has_errors(&diagnostics) {
                return Err(ApiError::new(
                    ErrorCode::ValidationFailed,
                    format!(
                        "journeys[{i}].versions[{k}]: journey `{}` v{} is {} but has {}; nothing was imported",
                        journey.name,
                        version.version,
                        version.status.as_str(),
                        crate::lifecycle::error_summary(&diagnostics)
                    ),
                ));
            }
        }
    }
    Ok(())
}

/// Test data a run or a save would refuse (a fixture for what does not exist, a bad
/// status or rate, a profile without an id...) is refused on import too, with its place.
fn refuse_bad_test_data(bundle: &Bundle, existing: &Bundle) -> Result<(), ApiError> {
    let catalog = merged_catalog(existing, bundle, &bundle.journeys);
    let fixtures = bundle.fixtures.iter().enumerate().flat_map(|(i, f)| {
        validate::validate_fixture(f, &catalog)
            .into_iter()
            .map(move |d| (format!("fixtures[{i}].{}", d.path), d))
    });
    let profiles = bundle.test_profiles.iter().enumerate().flat_map(|(i, p)| {
        validate::validate_test_profile(p, &catalog)
            .into_iter()
            .map(move |d| (format!("testProfiles[{i}].{}", d.path), d))
    });
    match fixtures.chain(profiles).find(|(_, d)| d.is_error()) {
        Some((path, d)) => Err(ApiError::new(
            ErrorCode::InvalidInput,
            format!("{path}: {} ({}); nothing was imported", d.message, d.code.as_str()),
        )),
        None => Ok(()),
    }
}

impl Workspace {
    /// An import adds versions; it never closes, stops, pauses or resumes one published
    /// here (those are lifecycle moves, with their permissions and audit lines).
    fn refuse_lifecycle_moves(&self, i: usize, journey: &Journey) -> Result<(), ApiError> {
        let Some(stored) = self.store.get_journey(&journey.name)? else {
            return Ok(());
        };
        for (k, v) in journey.versions.iter().enumerate() {
            let Some(o) = stored.versions.iter().find(|o| o.version == v.version) else {
                continue;
            };
            if o.status.is_published()
                && (o.status != v.status || o.closed_at != v.closed_at || o.paused_at != v.paused_at)
            {
                return Err(ApiError::new(
                    ErrorCode::Conflict,
                    format!(
                        "journeys[{i}].versions[{k}]: journey `{}` v{} is {} here and {} in the bundle: \
                         an import does not move a published version (close, stop, pause or resume it); \
                         nothing was imported",
                        journey.name,
                        v.version,
                        o.status.as_str(),
                        v.status.as_str()
                    ),
                ));
            }
        }
        Ok(())
    }

    /// Imports a bundle's text: everything, or nothing if any part is refused.
    /// Credentials written in clear are refused with their JSON path; a change of
    /// origin needs [`Workspace::import_bundle_text_confirmed`].
    pub fn import_bundle_text(&mut self, text: &str) -> Result<ImportReport, ApiError> {
        self.import_bundle_text_confirmed(text, false)
    }

    /// What importing `text` would do, origin changes included; nothing is written.
    pub fn preview_import_text(&self, text: &str) -> Result<ImportPreview, ApiError> {
        self.require(Permission::ManageJourneys)
            .or_else(|_| self.require(Permission::ManageConfigurations))?;
        let bundle = Bundle::parse(text)?;
        let existing = self.store.export_all()?;
        Ok(ImportPreview {
            events: bundle.events.len() as u32,
            data_sources: bundle.data_sources.len() as u32,
            actions: bundle.actions.len() as u32,
            journeys: bundle.journeys.len() as u32,
            origin_changes: crate::import_changes::origin_changes(&existing, &bundle),
        })
    }

    /// [`Workspace::import_bundle_text`], with `allow_origin_change` the person's yes to
    /// configurations that would send their calls somewhere else.
    pub fn import_bundle_text_confirmed(
        &mut self,
        text: &str,
        allow_origin_change: bool,
    ) -> Result<ImportReport, ApiError> {
        let bundle = Bundle::parse(text)?;
        // A journeys-only bundle needs only the journey permission, and vice versa.
        if !(bundle.events.is_empty() && bundle.data_sources.is_empty() && bundle.actions.is_empty()) {
            self.require(Permission::ManageConfigurations)?;
        }
        if !bundle.journeys.is_empty() {
            self.require(Permission::ManageJourneys)?;
        }
        for (i, journey) in bundle.journeys.iter().enumerate() {
            self.require_publish_rights(journey)?;
            self.refuse_lifecycle_moves(i, journey)?;
        }
        if !(bundle.fixtures.is_empty() && bundle.test_profiles.is_empty()) {
            self.require(Permission::Simulate)?;
        }
        refuse_bundle_credentials(&bundle)?;
        let existing = self.store.export_all()?;
        let origin_changes = crate::import_changes::origin_changes(&existing, &bundle);
        if !allow_origin_change {
            crate::import_changes::refuse_unconfirmed(&origin_changes)?;
        }
        refuse_bad_test_data(&bundle, &existing)?;
        let dangling = bundle.dangling_references(&existing.catalog());
        if let Some(first) = dangling.first() {
            let more = if dangling.len() > 1 {
                format!(" (and {} more)", dangling.len() - 1)
            } else {
                String::new()
            };
            return Err(ApiError::new(
                ErrorCode::InvalidInput,
                format!("{first}{more}; nothing was imported"),
            ));
        }
        // Everything is checked, and the report's diagnostics computed, before the one
        // write: whatever validation meets (a huge or looping journey), nothing is half
        // imported and nothing is imported that could not be reported on.
        let after = journeys_after_import(&existing, &bundle);
        let (releases, diagnostics) = {
            let catalog = merged_catalog(&existing, &bundle, &after);
            refuse_published_with_errors(&bundle, &catalog)?;
            let releases = self.imported_releases(&bundle, &catalog)?;
            let validator = validate::Validator::new(&catalog);
            let diagnostics: Vec<Diagnostic> = after.iter().flat_map(|j| validator.journey(j)).collect();
            (releases, diagnostics)
        };
        self.store.import_bundle(&bundle, &releases).map_err(|e| {
            let e = ApiError::from(e);
            ApiError::new(e.code, format!("{}; nothing was imported", e.message))
        })?;
        Ok(ImportReport {
            events: bundle.events.len() as u32,
            data_sources: bundle.data_sources.len() as u32,
            actions: bundle.actions.len() as u32,
            journeys: bundle.journeys.len() as u32,
            fixtures: bundle.fixtures.len() as u32,
            test_profiles: bundle.test_profiles.len() as u32,
            diagnostics,
            origin_changes,
        })
    }

    /// Imports a bundle file (the app's Import… dialog, `parcours import`). Errors name
    /// the file, then the place in it.
    pub fn import_bundle_file(&mut self, path: &Path, allow_origin_change: bool) -> Result<ImportReport, ApiError> {
        let text = self.read_bundle_file(path)?;
        self.import_bundle_text_confirmed(&text, allow_origin_change)
            .map_err(|e| ApiError::new(e.code, format!("{}: {}", path.display(), e.message)))
    }

    /// What importing a bundle file would do (the app shows it before asking for a yes).
    pub fn preview_import_file(&self, path: &Path) -> Result<ImportPreview, ApiError> {
        let text = self.read_bundle_file(path)?;
        self.preview_import_text(&text)
            .map_err(|e| ApiError::new(e.code, format!("{}: {}", path.display(), e.message)))
    }

    fn read_bundle_file(&self, path: &Path) -> Result<String, ApiError> {
        // Someone who may import nothing learns nothing about the file either.
        self.require(Permission::ManageJourneys)
            .or_else(|_| self.require(Permission::ManageConfigurations))?;
        std::fs::read_to_string(path)
            .map_err(|e| ApiError::new(ErrorCode::InvalidInput, format!("cannot read {}: {e}", path.display())))
    }

    /// Writes the workspace (or one journey and what it uses) to a bundle file. The
    /// file is written beside its final name and renamed into place, so a failed
    /// export never leaves half a file where a good one was.
    pub fn export_bundle_file(&self, path: &Path, journey: Option<&str>) -> Result<(), ApiError> {
        let text = self.export_bundle(journey)?;
        let partial = path.with_extension("parcours-export-partial");
        let written = (|| {
            use std::io::Write;
            let mut file = std::fs::File::create(&partial)?;
            file.write_all(text.as_bytes())?;
            // On disk before it takes the final name: a crash leaves the old file or the new.
            file.sync_all()?;
            std::fs::rename(&partial, path)
        })();
        written.map_err(|e| {
            let _ = std::fs::remove_file(&partial);
            ApiError::new(ErrorCode::Storage, format!("cannot write {}: {e}", path.display()))
        })
    }

    /// The canonical bundle text of the whole workspace, or of one journey with the
    /// events, data sources, actions and jump targets it uses.
    pub fn export_bundle(&self, journey: Option<&str>) -> Result<String, ApiError> {
        self.require(Permission::ReadJourneys)?;
        let all = self.store.export_all()?;
        let Some(root) = journey else {
            return Ok(all.to_canonical_json());
        };
        let journeys: Vec<Journey> = journey_closure(&all.journeys, root)?.into_iter().cloned().collect();
        let mut events = BTreeSet::new();
        let mut actions = BTreeSet::new();
        let mut sources = BTreeSet::new();
        for j in &journeys {
            for v in &j.versions {
                let r = v.references();
                events.extend(r.events);
                actions.extend(r.actions);
                sources.extend(r.data_sources);
            }
        }
        let catalog: Catalog = all.catalog();
        let events: Vec<Event> = events
            .iter()
            .filter_map(|n| catalog.events.get(n.as_str()).map(|e| (*e).clone()))
            .collect();
        // A profile goes along when it fills a field of an event the journey uses, or
        // fills none (it suits any event).
        let test_profiles = all
            .test_profiles
            .iter()
            .filter(|p| {
                p.values.is_empty()
                    || p.values
                        .keys()
                        .any(|path| events.iter().any(|e| find_field(&e.fields, path).is_some()))
            })
            .cloned()
            .collect();
        let bundle = Bundle {
            events,
            data_sources: sources
                .iter()
                .filter_map(|n| catalog.data_sources.get(n.as_str()).map(|e| (*e).clone()))
                .collect(),
            actions: actions
                .iter()
                .filter_map(|n| catalog.actions.get(n.as_str()).map(|e| (*e).clone()))
                .collect(),
            fixtures: all
                .fixtures
                .iter()
                .filter(|f| match &f.target {
                    FixtureTarget::Action { name } => actions.contains(name),
                    FixtureTarget::DataSource { source, .. } => sources.contains(source),
                })
                .cloned()
                .collect(),
            journeys,
            test_profiles,
            ..Bundle::default()
        };
        Ok(bundle.to_canonical_json())
    }
}

/// A bundle carrying a credential in clear is refused whole, with the JSON path of each.
fn refuse_bundle_credentials(bundle: &Bundle) -> Result<(), ApiError> {
    for (i, a) in bundle.actions.iter().enumerate() {
        crate::refuse_clear_credentials(
            &format!("action `{}`", a.name),
            &format!("actions[{i}]."),
            &validate::validate_action(a),
            "nothing was imported",
        )?;
    }
    for (i, d) in bundle.data_sources.iter().enumerate() {
        crate::refuse_clear_credentials(
            &format!("data source `{}`", d.name),
            &format!("dataSources[{i}]."),
            &validate::validate_data_source(d),
            "nothing was imported",
        )?;
    }
    Ok(())
}
