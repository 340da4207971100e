//! Test mode as use cases: simulate a journey with test events or many people, and
//! measure its path coverage. The CLI runs them on a bundle file; the app on the
//! workspace (with the Simulate permission).

use std::sync::Arc;
use std::sync::atomic::AtomicU64;

use chrono::{DateTime, Duration, Utc};
use parcours_model::{Bundle, Fixture};
use parcours_simulator::coverage::{Coverage, coverage};
use parcours_simulator::whatif::{Distributions, People, read_people, what_if};
use parcours_simulator::{Options, RealCalls, Report, Simulator, TestEvent, TraceEntry, parse_jsonl};
use serde::Serialize;

use crate::{ApiError, ErrorCode, Permission, Workspace};

/// Who takes part in a simulation.
pub enum SimulationInput {
    /// Test events (JSONL text).
    Events(String),
    /// N synthetic people from the entry event's schema.
    People { count: usize, distributions: Distributions },
    /// People from a file: CSV (header of field paths) or JSONL.
    File { text: String, csv: bool },
}

pub struct SimulationRequest {
    pub journey: String,
    pub input: SimulationInput,
    pub seed: u64,
    /// Virtual start time (default: the first test event, or now).
    pub start: Option<DateTime<Utc>>,
    /// Replace the bundle's fixtures.
    pub fixtures: Option<Vec<Fixture>>,
    /// Call the real systems instead of fixtures.
    pub real_calls: bool,
}

impl SimulationRequest {
    /// Seed 1, the default start, the bundle's fixtures, no real calls.
    pub fn new(journey: &str, input: SimulationInput) -> Self {
        SimulationRequest {
            journey: journey.to_string(),
            input,
            seed: 1,
            start: None,
            fixtures: None,
            real_calls: false,
        }
    }
}

fn real_calls(on: bool, secrets: &Arc<crate::secrets::LocalSecrets>) -> Option<RealCalls> {
    on.then(|| RealCalls(secrets.clone()))
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct PersonTrace {
    pub instance: String,
    pub profile_id: String,
    pub journey: String,
    pub entries: Vec<TraceEntry>,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct SimulationResult {
    pub journey: String,
    pub people: u64,
    pub report: Report,
    /// One trace per person, for test events (not for what-if runs).
    pub traces: Vec<PersonTrace>,
}

/// Where virtual time starts when nothing says: a fixed instant, so that a run with
/// the same seed gives the same result whenever it is made.
pub fn default_start() -> DateTime<Utc> {
    // Invariant: a literal RFC 3339 date.
    "2026-01-05T09:00:00Z".parse().expect("a valid fixed date")
}

fn person_traces(sim: &Simulator) -> Vec<PersonTrace> {
    sim.traces()
        .map(|(inst, entries)| PersonTrace {
            instance: inst.id.clone(),
            profile_id: inst.profile_id.clone(),
            journey: inst.journey.clone(),
            entries: entries.to_vec(),
        })
        .collect()
}

fn invalid(message: impl Into<String>) -> ApiError {
    ApiError::new(ErrorCode::InvalidInput, message)
}

/// Simulates a journey of `bundle`. `progress` counts people processed. Real calls
/// read secrets from this machine's stores.
pub fn simulate(
    bundle: Bundle,
    request: SimulationRequest,
    progress: &AtomicU64,
) -> Result<SimulationResult, ApiError> {
    simulate_with(
        bundle,
        request,
        progress,
        &Arc::new(crate::secrets::LocalSecrets::from_env()),
    )
}

fn simulate_with(
    mut bundle: Bundle,
    request: SimulationRequest,
    progress: &AtomicU64,
    secrets: &Arc<crate::secrets::LocalSecrets>,
) -> Result<SimulationResult, ApiError> {
    refuse_oversized(&request)?;
    let real = real_calls(request.real_calls, secrets);
    if let Some(fixtures) = request.fixtures {
        bundle.fixtures = fixtures;
    }
    let sim_err = |e: parcours_simulator::SimError| invalid(e.to_string());
    match request.input {
        SimulationInput::Events(text) => {
            let events: Vec<TestEvent> = parse_jsonl(&text).map_err(invalid)?;
            let start = request
                .start
                .or_else(|| events.iter().map(|e| e.at).min())
                .unwrap_or_else(default_start);
            let options = Options {
                seed: request.seed,
                start,
                trace: true,
                real: real.clone(),
            };
            let mut sim = Simulator::new(&bundle, &request.journey, options).map_err(sim_err)?;
            for (i, e) in events.iter().enumerate() {
                sim.push_event(i + 1, e).map_err(sim_err)?;
            }
            sim.run();
            progress.fetch_add(events.len() as u64, std::sync::atomic::Ordering::Relaxed);
            let traces = person_traces(&sim);
            Ok(SimulationResult {
                journey: request.journey,
                people: people_in(&sim),
                report: sim.report(),
                traces,
            })
        }
        input => {
            let options = Options {
                seed: request.seed,
                start: request.start.unwrap_or_else(default_start),
                trace: false,
                real,
            };
            let people = match input {
                SimulationInput::People { count, distributions } => People::Synthetic { count, distributions },
                SimulationInput::File { text, csv } => {
                    let probe = Simulator::new(&bundle, &request.journey, options.clone()).map_err(sim_err)?;
                    let event = probe
                        .plan(&request.journey)
                        // Invariant: `Simulator::new` just compiled this journey's plan.
                        .expect("journey under test")
                        .entry_event
                        .clone();
                    People::Listed(read_people(&text, csv, &event).map_err(invalid)?)
                }
                // Invariant: the `Events` arm returned above.
                SimulationInput::Events(_) => unreachable!("handled above"),
            };
            let threads = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
            let report = what_if(
                &bundle,
                &request.journey,
                &people,
                Duration::hours(1),
                &options,
                threads,
                progress,
            )
            .map_err(sim_err)?;
            Ok(SimulationResult {
                journey: request.journey,
                people: people.len() as u64,
                report,
                traces: vec![],
            })
        }
    }
}

/// Path coverage of a journey of `bundle`.
pub fn path_coverage(bundle: &Bundle, journey: &str, seed: u64) -> Result<Coverage, ApiError> {
    let options = Options {
        seed,
        start: default_start(),
        trace: true,
        real: None,
    };
    coverage(bundle, journey, &options).map_err(|e| invalid(e.to_string()))
}

/// Work prepared with the workspace (permissions checked, data read) that runs without
/// it: the app runs jobs on a worker thread while the workspace stays free for edits.
pub type Job<T> = Box<dyn FnOnce() -> Result<T, ApiError> + Send>;

/// What-if runs larger than this are refused rather than risking the app's memory; the
/// app, the CLI and the use cases share it (the UI's form reads the same figure).
pub const MAX_PEOPLE: usize = 1_000_000;

fn refuse_oversized(request: &SimulationRequest) -> Result<(), ApiError> {
    match &request.input {
        SimulationInput::People { count, .. } if *count > MAX_PEOPLE => Err(invalid(format!(
            "{count} people is over the limit of {MAX_PEOPLE} for one what-if run"
        ))),
        _ => Ok(()),
    }
}

impl Workspace {
    /// Simulates one of the workspace's journeys (its latest version).
    pub fn simulate(&self, request: SimulationRequest, progress: &AtomicU64) -> Result<SimulationResult, ApiError> {
        refuse_oversized(&request)?;
        let bundle = self.simulation_snapshot(request.real_calls)?;
        simulate_with(bundle, request, progress, &self.secrets)
    }

    /// [`Workspace::simulate`] as a job; `progress` counts people processed.
    pub fn simulate_job(
        &self,
        request: SimulationRequest,
        progress: std::sync::Arc<AtomicU64>,
    ) -> Result<Job<SimulationResult>, ApiError> {
        refuse_oversized(&request)?;
        let bundle = self.simulation_snapshot(request.real_calls)?;
        let secrets = self.secrets.clone();
        Ok(Box::new(move || simulate_with(bundle, request, &progress, &secrets)))
    }

    /// The workspace as a bundle, for a simulation. Real calls reach third parties with
    /// the keychain's secrets: they need the right to manage configurations too.
    fn simulation_snapshot(&self, real_calls: bool) -> Result<Bundle, ApiError> {
        self.require(Permission::Simulate)?;
        if real_calls {
            self.require(Permission::ManageConfigurations)?;
        }
        Ok(self.store.export_all()?)
    }

    pub fn coverage_job(&self, journey: &str, seed: u64) -> Result<Job<Coverage>, ApiError> {
        let bundle = self.simulation_snapshot(false)?;
        let journey = journey.to_string();
        Ok(Box::new(move || path_coverage(&bundle, &journey, seed)))
    }
}

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct SessionView {
    #[ts(type = "string")]
    pub now: DateTime<Utc>,
    #[ts(optional, type = "string")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_at: Option<DateTime<Utc>>,
    pub result: SimulationResult,
    /// People waiting in a reaction: the events a tester may send them.
    pub waiting: Vec<parcours_simulator::WaitingReaction>,
}

/// A simulation the app's test mode drives step by step: send test events, step one
/// activity, run to the next timer, travel to a time, or run to the end, looking at
/// the report and traces in between.
pub struct SimulationSession {
    sim: Simulator,
    journey: String,
}

/// How many different people entered a journey (test events are not people: one
/// person may send several).
fn people_in(sim: &Simulator) -> u64 {
    let people: std::collections::BTreeSet<&str> = sim.instances().iter().map(|i| i.profile_id.as_str()).collect();
    people.len() as u64
}

impl SimulationSession {
    /// Queues test events (JSONL); they happen when the clock reaches them.
    pub fn push_events(&mut self, jsonl: &str) -> Result<(), ApiError> {
        let events = parse_jsonl(jsonl).map_err(invalid)?;
        for (i, e) in events.iter().enumerate() {
            if let Err(error) = self.sim.push_event(i + 1, e) {
                // Those before it are queued; the message says so.
                return Err(invalid(format!("{error} (the {i} events before it were queued)")));
            }
        }
        Ok(())
    }

    /// Sends a reaction event from a person already in the run, at `at` (default: the
    /// session's time), with `payload` or the event's example.
    pub fn send_reaction(
        &mut self,
        person: &str,
        event: &str,
        at: Option<DateTime<Utc>>,
        payload: Option<serde_json::Value>,
    ) -> Result<(), ApiError> {
        let at = at.unwrap_or_else(|| self.sim.now());
        self.sim
            .send_to_person(person, event, at, payload)
            .map_err(|e| invalid(e.to_string()))
    }

    /// Processes the next thing that happens; false when nothing is left.
    pub fn step(&mut self) -> bool {
        self.sim.step_one()
    }

    pub fn run_to_next_timer(&mut self) {
        self.sim.run_to_next_timer()
    }

    /// Moves the virtual clock to `t`, running everything due on the way.
    pub fn advance_to(&mut self, t: DateTime<Utc>) -> Result<(), ApiError> {
        if t < self.sim.now() {
            return Err(invalid(format!(
                "{t} is before the simulation's time {}",
                self.sim.now()
            )));
        }
        self.sim.advance_to(t);
        Ok(())
    }

    pub fn run(&mut self) {
        self.sim.run()
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.sim.now()
    }

    /// When the next queued thing happens (None: nothing left).
    pub fn next_at(&self) -> Option<DateTime<Utc>> {
        self.sim.next_at()
    }

    /// What the app shows after each move: the clock, what comes next, the result so far.
    pub fn view(&self) -> SessionView {
        SessionView {
            now: self.now(),
            next_at: self.next_at(),
            result: self.result(),
            waiting: self.sim.waiting_reactions(),
        }
    }

    pub fn result(&self) -> SimulationResult {
        SimulationResult {
            journey: self.journey.clone(),
            people: people_in(&self.sim),
            report: self.sim.report(),
            traces: person_traces(&self.sim),
        }
    }
}

impl Workspace {
    /// Opens a test-mode session on one of the workspace's journeys.
    pub fn start_simulation(
        &self,
        journey: &str,
        seed: u64,
        start: Option<DateTime<Utc>>,
        real: bool,
    ) -> Result<SimulationSession, ApiError> {
        let bundle = self.simulation_snapshot(real)?;
        let options = Options {
            seed,
            start: start.unwrap_or_else(default_start),
            trace: true,
            real: real_calls(real, &self.secrets),
        };
        let sim = Simulator::new(&bundle, journey, options).map_err(|e| invalid(e.to_string()))?;
        Ok(SimulationSession {
            sim,
            journey: journey.to_string(),
        })
    }
}
