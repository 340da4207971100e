//! The home screen's data: journeys with their state and problems, configurations
//! with how many journeys use them. One call, so the app renders in one round trip.

use parcours_model::lifecycle::VersionState;
use parcours_model::{JourneyStatus, Severity, validate};
use parcours_store::ConfigKind;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{ApiError, Permission, Workspace};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Overview {
    pub database_path: String,
    pub journeys: Vec<JourneySummary>,
    pub events: Vec<ConfigSummary>,
    pub data_sources: Vec<ConfigSummary>,
    pub actions: Vec<ConfigSummary>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct JourneySummary {
    pub name: String,
    pub description: String,
    pub latest_version: u32,
    pub status: JourneyStatus,
    /// The journey's lifecycle at a glance: its running version's state (live, paused,
    /// closed…), else its latest version's.
    pub state: VersionState,
    /// The version new people enter, if one is live.
    #[ts(optional)]
    pub live_version: Option<u32>,
    pub activities: u32,
    pub updated_at: String,
    pub errors: u32,
    pub warnings: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ConfigSummary {
    pub name: String,
    pub description: String,
    pub used_in: u32,
}

impl Workspace {
    pub fn overview(&self) -> Result<Overview, ApiError> {
        self.require(Permission::ReadJourneys)?;
        let all = self.store.export_all()?;
        let catalog = all.catalog();
        let validator = validate::Validator::new(&catalog);
        let rows = self.store.list_journeys()?;
        let journeys = rows
            .into_iter()
            .map(|row| {
                let journey = catalog.journeys.get(row.name.as_str()).copied();
                let diagnostics = journey.map(|j| validator.journey(j)).unwrap_or_default();
                // The states time has brought (a pause expired…), as the versions show them.
                let journey = journey.map(|j| {
                    let mut settled = j.clone();
                    settled.settle(self.now());
                    settled
                });
                let journey = journey.as_ref();
                let live = journey.and_then(|j| j.live());
                let running = journey.and_then(|j| {
                    j.versions
                        .iter()
                        .filter(|v| v.status.is_published())
                        .max_by_key(|v| v.version)
                });
                let state = match (live, running) {
                    (Some(v), _) | (None, Some(v)) => VersionState::of(v),
                    _ => VersionState::Draft,
                };
                let count = |s: Severity| diagnostics.iter().filter(|d| d.severity == s).count() as u32;
                JourneySummary {
                    errors: count(Severity::Error),
                    warnings: count(Severity::Warning),
                    name: row.name,
                    description: row.description,
                    latest_version: row.latest_version,
                    status: row.status,
                    state,
                    live_version: live.map(|v| v.version),
                    activities: row.activities,
                    updated_at: row.updated_at,
                }
            })
            .collect();
        let summaries = |kind: ConfigKind, items: Vec<(String, String)>| -> Result<Vec<ConfigSummary>, ApiError> {
            let counts = self.store.usage_counts(kind)?;
            Ok(items
                .into_iter()
                .map(|(name, description)| ConfigSummary {
                    used_in: counts.get(&name).copied().unwrap_or(0),
                    name,
                    description,
                })
                .collect())
        };
        Ok(Overview {
            database_path: self
                .store
                .path()
                .map(|p| p.display().to_string())
                .unwrap_or_else(|| ":memory:".into()),
            journeys,
            events: summaries(
                ConfigKind::Event,
                all.events
                    .iter()
                    .map(|e| (e.name.clone(), e.description.clone()))
                    .collect(),
            )?,
            data_sources: summaries(
                ConfigKind::DataSource,
                all.data_sources
                    .iter()
                    .map(|e| (e.name.clone(), e.description.clone()))
                    .collect(),
            )?,
            actions: summaries(
                ConfigKind::Action,
                all.actions
                    .iter()
                    .map(|e| (e.name.clone(), e.description.clone()))
                    .collect(),
            )?,
        })
    }
}
