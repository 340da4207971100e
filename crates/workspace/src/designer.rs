//! Use cases of the designer screens: creating and duplicating journeys, and checking
//! what is being typed (a draft journey, an event or an action) with the same
//! validation as everything else, without saving it.

use std::sync::Arc;
use std::sync::atomic::AtomicU64;

use parcours_model::{CustomAction, Diagnostic, Event, Journey, JourneyStatus, JourneyVersion, validate};

use crate::simulation::{Job, SimulationInput, SimulationRequest, SimulationResult};
use crate::{ApiError, ErrorCode, Permission, Workspace};

impl Workspace {
    /// A new journey with one empty draft version. Refused when the name is taken.
    pub fn create_journey(&mut self, name: &str, description: &str) -> Result<Journey, ApiError> {
        self.require(Permission::ManageJourneys)?;
        self.refuse_taken_journey_name(name)?;
        let journey = Journey {
            name: name.to_string(),
            description: description.to_string(),
            tags: Vec::new(),
            versions: vec![JourneyVersion {
                version: 1,
                status: JourneyStatus::Draft,
                published_at: None,
                closed_at: None,
                paused_at: None,
                properties: Default::default(),
                data: vec![],
                nodes: vec![],
                edges: vec![],
            }],
        };
        self.save_journey(&journey)?;
        Ok(journey)
    }

    /// A copy of `name`'s latest version as version 1 of a new draft journey.
    pub fn duplicate_journey(&mut self, name: &str, new_name: &str) -> Result<Journey, ApiError> {
        self.require(Permission::ManageJourneys)?;
        let source = self.get_journey(name)?;
        self.refuse_taken_journey_name(new_name)?;
        let version = source
            .latest()
            .map(|v| v.as_draft(1))
            .ok_or_else(|| ApiError::new(ErrorCode::InvalidInput, format!("journey `{name}` has no version")))?;
        let copy = Journey {
            name: new_name.to_string(),
            description: source.description.clone(),
            tags: source.tags.clone(),
            versions: vec![version],
        };
        self.save_journey(&copy)?;
        Ok(copy)
    }

    fn refuse_taken_journey_name(&self, name: &str) -> Result<(), ApiError> {
        if self.store.get_journey(name)?.is_some() {
            return Err(ApiError::new(
                ErrorCode::Conflict,
                format!("a journey named `{name}` already exists"),
            ));
        }
        Ok(())
    }

    /// Diagnostics of an unsaved journey against the saved configurations.
    pub fn validate_draft(&self, journey: &Journey) -> Result<Vec<Diagnostic>, ApiError> {
        self.require(Permission::ReadJourneys)?;
        let mut all = self.store.export_all()?;
        all.journeys.retain(|j| j.name != journey.name);
        all.journeys.push(journey.clone());
        Ok(validate::validate_journey(journey, &all.catalog()))
    }

    /// What the designer's editors need from Rust for an unsaved journey: each
    /// activity's output ports and the fields in scope there, and the expression
    /// functions with their signatures.
    pub fn journey_help(&self, journey: &Journey) -> Result<JourneyHelp, ApiError> {
        self.require(Permission::ReadJourneys)?;
        let mut all = self.store.export_all()?;
        all.journeys.retain(|j| j.name != journey.name);
        all.journeys.push(journey.clone());
        let catalog = all.catalog();
        let nodes = match journey.latest() {
            Some(version) => validate::journey_scopes(version, &catalog),
            None => Vec::new(),
        };
        Ok(JourneyHelp {
            nodes,
            functions: parcours_model::expr::functions::help(),
        })
    }

    /// The example payload of a field tree, as the event form previews it and test
    /// mode pre-fills it (the same one the simulator sends).
    pub fn example_payload(&self, fields: &[parcours_model::Field]) -> Result<serde_json::Value, ApiError> {
        self.require(Permission::ReadJourneys)?;
        Ok(parcours_model::field::example_payload(fields))
    }

    /// Diagnostics of an unsaved event definition.
    pub fn check_event(&self, event: &Event) -> Result<Vec<Diagnostic>, ApiError> {
        self.require(Permission::ReadJourneys)?;
        Ok(validate::validate_event(event))
    }

    /// Diagnostics of an unsaved data source.
    pub fn check_data_source(&self, source: &parcours_model::DataSource) -> Result<Vec<Diagnostic>, ApiError> {
        self.require(Permission::ReadJourneys)?;
        Ok(validate::validate_data_source(source))
    }

    /// Diagnostics of an unsaved custom action.
    pub fn check_action(&self, action: &CustomAction) -> Result<Vec<Diagnostic>, ApiError> {
        self.require(Permission::ReadJourneys)?;
        Ok(validate::validate_action(action))
    }

    /// A what-if run of `people` synthetic people through a saved journey, with the
    /// workspace's fixtures; `progress` counts people processed.
    pub fn what_if(
        &self,
        journey: &str,
        people: usize,
        seed: u64,
        progress: &AtomicU64,
    ) -> Result<SimulationResult, ApiError> {
        self.simulate(what_if_request(journey, people, seed), progress)
    }

    /// [`Workspace::what_if`] as a job to run without the workspace.
    pub fn what_if_job(
        &self,
        journey: &str,
        people: usize,
        seed: u64,
        progress: Arc<AtomicU64>,
    ) -> Result<Job<SimulationResult>, ApiError> {
        self.simulate_job(what_if_request(journey, people, seed), progress)
    }

    /// Runs test events (JSONL) through a saved journey, to the end: the app's test
    /// panel. Fixtures answer actions and lookups unless `real_calls` is set.
    pub fn run_test_events(&self, journey: &str, events: &str, real_calls: bool) -> Result<SimulationResult, ApiError> {
        self.test_events_job(journey, events, real_calls)?()
    }

    pub fn test_events_job(
        &self,
        journey: &str,
        events: &str,
        real_calls: bool,
    ) -> Result<Job<SimulationResult>, ApiError> {
        self.simulate_job(
            SimulationRequest {
                real_calls,
                ..SimulationRequest::new(journey, SimulationInput::Events(events.to_string()))
            },
            Arc::new(AtomicU64::new(0)),
        )
    }
}

fn what_if_request(journey: &str, people: usize, seed: u64) -> SimulationRequest {
    SimulationRequest {
        seed,
        ..SimulationRequest::new(
            journey,
            SimulationInput::People {
                count: people,
                distributions: Default::default(),
            },
        )
    }
}

/// See [`Workspace::journey_help`].
#[derive(Debug, Clone, serde::Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct JourneyHelp {
    pub nodes: Vec<validate::NodeScope>,
    pub functions: Vec<parcours_model::expr::functions::FunctionHelp>,
}
