//! The simulator: a virtual clock and a queue of what happens next (events, timers,
//! action and lookup answers). Each item is handed to the engine's dispatch at its time,
//! so a 30-day journey runs in microseconds, and stepping or time travel is just choosing
//! how far to go in the queue. What an event does to people is the engine's business;
//! this file only drives it, answers its calls and keeps traces and counters.

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::{DateTime, Datelike, Utc};
use parcours_engine::{
    ActionOutcome, Discard, Dispatched, Dispatcher, Effect, Incoming, Instance, InstanceKey, Outcome, Output, Plan,
    State,
};
use parcours_model::time::span_after;
use parcours_model::{Bundle, Journey, TestProfile};
use serde_json::Value;

use crate::calls::{Calls, RealCalls};
use crate::mock::MockConnector;
use crate::report::Report;
use crate::state::{SimState, Task};
use crate::test_events::{TestEvent, build_payload};
use crate::trace::{TraceEntry, TraceKind, redacted};

// Keys are the simulation's own person ids and names, never hostile input.
use rustc_hash::FxHashMap as HashMap;

#[derive(Debug, Clone)]
pub struct Options {
    /// Seed of every reproducible choice: splits, fixture failure draws.
    pub seed: u64,
    /// Virtual time the run starts at.
    pub start: DateTime<Utc>,
    /// Keep a trace per person (off for large what-if runs).
    pub trace: bool,
    /// Call the real systems instead of answering from fixtures.
    pub real: Option<RealCalls>,
}

#[derive(Debug, thiserror::Error)]
pub enum SimError {
    #[error("journey `{0}` is not in the bundle")]
    UnknownJourney(String),
    #[error("journey `{journey}` cannot be tested: {source}")]
    Invalid {
        journey: String,
        source: parcours_engine::CompileError,
    },
    #[error("fixtures: {0}")]
    Fixture(String),
    #[error("test event {index}: {message}")]
    BadEvent { index: usize, message: String },
    #[error("start: {0}")]
    Start(String),
}

/// Simulated times are kept to years 1–9999, as CEL keeps timestamps: chrono reads
/// `+262142-12-31T23:00:00Z`, and a clock set that late overflows when a wait, a call's
/// latency or an arrival is added to it.
pub fn simulated_time(t: DateTime<Utc>) -> Result<DateTime<Utc>, String> {
    parcours_model::time::check_year(t.year(), t).map(|()| t)
}

#[derive(Debug, Clone, Default)]
struct Counter {
    entered: u64,
    exited: Vec<u64>,
    errors: u64,
    timeouts: u64,
    /// Failed calls by reason (`http_503`, `timedout`, `capped`, ...).
    failed_calls: BTreeMap<String, u64>,
    /// Attempts made again after a retryable answer.
    retries: u64,
}

pub struct Simulator {
    dispatcher: Dispatcher,
    profiles: Vec<TestProfile>,
    connector: Calls,
    state: SimState,
    /// Outputs of the current dispatch, reused.
    out: Dispatched,
    report: Report,
    traces: Vec<Vec<TraceEntry>>,
    options: Options,
    /// Per plan (positions of `state.plans`), per node index.
    counters: Vec<Vec<Counter>>,
    /// Scripted behaviour for coverage: actions that fail for a person, and events a
    /// person sends as soon as a reaction waits for them.
    failures: HashMap<String, Vec<String>>,
    reactions: HashMap<String, Vec<String>>,
}

/// The version a simulation runs: the draft being tested for the journey under test,
/// the published one for journeys it jumps to (what a live jump would enter).
fn version_to_run(journey: &Journey, under_test: bool) -> Option<&parcours_model::JourneyVersion> {
    if under_test {
        journey.latest()
    } else {
        journey.live().or_else(|| journey.latest())
    }
}

impl Simulator {
    pub fn new(bundle: &Bundle, journey: &str, options: Options) -> Result<Simulator, SimError> {
        simulated_time(options.start).map_err(SimError::Start)?;
        let catalog = bundle.catalog();
        if !catalog.journeys.contains_key(journey) {
            return Err(SimError::UnknownJourney(journey.to_string()));
        }
        // The journey under test and every journey its jumps can reach.
        let mut todo = vec![journey.to_string()];
        let mut plans = BTreeMap::new();
        while let Some(name) = todo.pop() {
            if plans.contains_key(&name) {
                continue;
            }
            let Some(j) = catalog.journeys.get(name.as_str()) else {
                continue;
            };
            let version = version_to_run(j, name == journey).ok_or_else(|| SimError::UnknownJourney(name.clone()))?;
            let plan = Plan::compile(&name, version, &catalog, options.seed).map_err(|source| SimError::Invalid {
                journey: name.clone(),
                source,
            })?;
            todo.extend(version.references().journeys);
            plans.insert(name, Arc::new(plan));
        }
        let mut dispatcher = Dispatcher::new(&bundle.events);
        for plan in plans.values() {
            dispatcher.add(plan.clone(), true);
        }
        let counters = plans
            .values()
            .map(|p| {
                p.nodes
                    .iter()
                    .map(|n| Counter {
                        exited: vec![0; n.ports.len()],
                        ..Counter::default()
                    })
                    .collect()
            })
            .collect();
        Ok(Simulator {
            dispatcher,
            state: SimState::new(plans.values().cloned().collect(), options.start),
            profiles: bundle.test_profiles.clone(),
            connector: match &options.real {
                None => Calls::Mock(MockConnector::new(bundle, options.seed).map_err(SimError::Fixture)?),
                Some(RealCalls(secrets)) => Calls::Real {
                    http: Box::new(parcours_connectors::BlockingHttp::new(secrets.clone()).map_err(SimError::Fixture)?),
                    bundle: Box::new(bundle.clone()),
                },
            },
            out: Dispatched::default(),
            report: Report::default(),
            traces: Vec::new(),
            options,
            counters,
            failures: HashMap::default(),
            reactions: HashMap::default(),
        })
    }

    /// Makes room for `people` more instances at once (a what-if run knows how many).
    pub fn reserve(&mut self, people: usize) {
        self.state.reserve(people);
    }

    /// Forgets people once they finish (a what-if run): they leave only their counts
    /// behind, so memory stays flat however many people the run has. Their traces and
    /// [`Simulator::instances`] are then gone too.
    pub fn forget_finished(&mut self) {
        self.options.trace = false;
        self.state.forget_finished();
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.state.now
    }

    fn enqueue(&mut self, at: DateTime<Utc>, task: Task) {
        self.state.enqueue(at, task);
    }

    /// Queues a test event; its payload is resolved now (example + overrides).
    pub fn push_event(&mut self, index: usize, event: &TestEvent) -> Result<(), SimError> {
        self.push_owned(index, event.clone())
    }

    /// [`Simulator::push_event`] without copying the payload.
    pub fn push_owned(&mut self, index: usize, mut event: TestEvent) -> Result<(), SimError> {
        simulated_time(event.at).map_err(|e| SimError::BadEvent {
            index,
            message: format!("at: {e}"),
        })?;
        if event.profile.is_none()
            && let Some(payload) = event.payload.take()
        {
            if let Some(name) = &event.event {
                self.fits_schema(index, name, &payload)?;
            }
            self.enqueue(
                event.at,
                Task::Event {
                    name: event.event,
                    payload,
                },
            );
            return Ok(());
        }
        let bad = |message: String| SimError::BadEvent { index, message };
        let Some(name) = &event.event else {
            return Err(bad("needs a payload, or an event name for its example payload".into()));
        };
        let def = self
            .dispatcher
            .events()
            .iter()
            .find(|e| &e.name == name)
            .ok_or_else(|| bad(format!("there is no event `{name}`")))?;
        let profile = match &event.profile {
            Some(profile) => Some(
                self.profiles
                    .iter()
                    .find(|p| &p.name == profile)
                    .ok_or_else(|| bad(format!("there is no test profile `{profile}`")))?,
            ),
            None => None,
        };
        let payload = build_payload(def, event.payload.take(), profile, event.overrides.as_ref());
        self.fits_schema(index, name, &payload)?;
        self.enqueue(
            event.at,
            Task::Event {
                name: event.event.clone(),
                payload,
            },
        );
        Ok(())
    }

    /// A named test event's payload must fit its event's schema: the mismatch is the
    /// tester's to fix, so it is refused with each field's JSON path and what is wrong,
    /// not left to be counted as discarded. (An unnamed payload is recognised, or
    /// discarded, as a live one would be.)
    fn fits_schema(&self, index: usize, name: &str, payload: &Value) -> Result<(), SimError> {
        let Some(errors) = self.dispatcher.payload_errors(name, payload) else {
            return Err(SimError::BadEvent {
                index,
                message: format!("there is no event `{name}`"),
            });
        };
        if errors.is_empty() {
            return Ok(());
        }
        const SHOWN: usize = 5;
        let mut parts: Vec<String> = errors
            .iter()
            .take(SHOWN)
            .map(|e| format!("{}: {}", e.path, e.message))
            .collect();
        if errors.len() > SHOWN {
            parts.push(format!("and {} more", errors.len() - SHOWN));
        }
        Err(SimError::BadEvent {
            index,
            message: format!("the payload does not fit event `{name}`: {}", parts.join("; ")),
        })
    }

    /// Makes `action` answer `500` for `profile` (coverage of error paths).
    pub fn force_failure(&mut self, profile: &str, action: &str) {
        self.failures
            .entry(profile.to_string())
            .or_default()
            .push(action.to_string());
    }

    /// Makes `profile` send `event` (its example payload) a minute after a reaction
    /// starts waiting for it.
    pub fn react_with(&mut self, profile: &str, event: &str) {
        self.reactions
            .entry(profile.to_string())
            .or_default()
            .push(event.to_string());
    }

    /// The time of the next thing to happen, if any.
    pub fn next_at(&self) -> Option<DateTime<Utc>> {
        self.state.queue.peek().map(|(at, _)| at)
    }

    /// Processes the next queued item. Returns false when nothing is left.
    pub fn step_one(&mut self) -> bool {
        let Some((at, task)) = self.state.queue.pop() else {
            return false;
        };
        self.state.now = self.state.now.max(at);
        // A timer or an answer for someone already forgotten (a reaction's timeout after
        // the event came, a call outlived by the global timeout) has nobody to reach.
        if let Task::Timer { instance } | Task::Action { instance, .. } | Task::Data { instance, .. } = &task
            && !self.state.remembers(*instance)
        {
            return true;
        }
        let incoming = match task {
            Task::Event { name, payload } => {
                self.report.events += 1;
                Incoming::Event { name, payload }
            }
            Task::Timer { instance } => Incoming::Timer {
                instance: instance as InstanceKey,
            },
            Task::Action { instance, outcome } => {
                self.trace_response(instance, &outcome);
                if !outcome.ok {
                    self.count_failed(instance, self.state.get(instance).node, &outcome.status);
                }
                Incoming::ActionResult {
                    instance: instance as InstanceKey,
                    outcome,
                }
            }
            Task::Data {
                instance,
                request,
                result,
            } => {
                if let Err(reason) = &result {
                    // Statuses as actions report them; other failures (transport, auth)
                    // carry free text, which would make a new key each time.
                    let known = reason.starts_with("http_") || reason == "timedout" || reason == "capped";
                    let node = self.state.get(instance).node;
                    self.count_failed(instance, node, if known { reason } else { "internalError" });
                }
                if self.options.trace {
                    let (status, body) = match &result {
                        Ok(v) => ("ok".to_string(), v.clone()),
                        Err(e) => (e.clone(), Value::Null),
                    };
                    self.trace_lookup(instance, &request, status, body);
                }
                Incoming::DataResult {
                    instance: instance as InstanceKey,
                    request,
                    result,
                }
            }
        };
        let mut out = std::mem::take(&mut self.out);
        let now = self.state.now;
        self.dispatcher.dispatch(&mut self.state, incoming, now, &mut out);
        for output in out.drain() {
            self.carry_out(output);
        }
        self.out = out;
        self.state.forget_finished_now();
        true
    }

    /// Runs everything due up to `t` (time travel), then sets the clock to `t`.
    /// Times past year 9999 stop at its end (see [`simulated_time`]).
    pub fn advance_to(&mut self, t: DateTime<Utc>) {
        let t = simulated_time(t).unwrap_or_else(|_| parcours_model::time::last_instant().min(t.max(self.state.now)));
        while self.next_at().is_some_and(|at| at <= t) {
            self.step_one();
        }
        self.state.now = self.state.now.max(t);
    }

    /// Runs until the next timer has fired (or nothing is left).
    pub fn run_to_next_timer(&mut self) {
        while let Some((_, task)) = self.state.queue.peek() {
            let is_timer = matches!(task, Task::Timer { .. });
            self.step_one();
            if is_timer {
                break;
            }
        }
    }

    /// Runs until nothing is left to happen.
    pub fn run(&mut self) {
        while self.step_one() {}
    }

    fn discard(&mut self, reason: Discard) {
        let key = serde_json::to_value(&reason)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string));
        *self.report.discarded.entry(key.unwrap_or_default()).or_default() += 1;
    }

    fn trace(&mut self, instance: usize, node: &str, kind: TraceKind) {
        if self.options.trace {
            let journey = self.state.get(instance).journey.clone();
            self.traces[instance].push(TraceEntry {
                at: self.state.now,
                journey,
                node: node.to_string(),
                kind,
            });
        }
    }

    fn trace_response(&mut self, instance: usize, outcome: &ActionOutcome) {
        if self.options.trace {
            let node = self.node_id(instance);
            let inst = self.state.get(instance);
            let target = match &self.state.plan(instance).nodes[inst.node].op {
                parcours_engine::Op::Action { action, .. } => action.clone(),
                _ => inst.journey.clone(),
            };
            self.trace(
                instance,
                &node,
                TraceKind::Response {
                    target,
                    status: outcome.status.clone(),
                    body: outcome.response.clone(),
                },
            );
        }
    }

    /// The answer to a lookup, traced on the node that asked for it.
    fn trace_lookup(&mut self, instance: usize, request: &parcours_engine::DataRequest, status: String, body: Value) {
        let target = format!("{}.{}", request.source, request.group);
        let node = self.node_id(instance);
        self.trace(instance, &node, TraceKind::Response { target, status, body });
    }

    fn node_id(&self, instance: usize) -> String {
        let inst = self.state.get(instance);
        self.state.plan(instance).nodes[inst.node].id.clone()
    }

    /// Carries out or records one thing the dispatch did.
    fn carry_out(&mut self, output: Output) {
        match output {
            Output::Started { instance } => {
                if !self.state.forgets() {
                    self.traces.push(Vec::new());
                }
                let journey = &self.state.get(instance as usize).journey;
                match self.report.journeys.get_mut(journey) {
                    Some(totals) => totals.entered += 1,
                    None => self.report.journeys.entry(journey.clone()).or_default().entered += 1,
                }
            }
            Output::Discarded { reason, .. } => self.discard(reason),
            Output::Fetch {
                instance,
                node,
                request,
                from_cache,
            } => self.fetch(instance as usize, node, request, from_cache),
            Output::Effect { instance, effect } => self.record(instance as usize, effect),
        }
    }

    fn fetch(
        &mut self,
        index: usize,
        node: usize,
        request: Box<parcours_engine::DataRequest>,
        from_cache: Option<Value>,
    ) {
        if self.options.trace {
            let req = serde_json::to_value(&*request).unwrap_or(Value::Null);
            let target = format!("{}.{}", request.source, request.group);
            let id = self.node_name(index, node);
            self.trace(index, &id, TraceKind::Request { target, request: req });
        }
        if let Some(value) = from_cache {
            // Already applied by the dispatch: only the trace is left.
            if self.options.trace {
                self.trace_lookup(index, &request, "ok".to_string(), value);
            }
            return;
        }
        let key = format!("{}:{}", self.state.get(index).id, self.state.plan(index).nodes[node].id);
        let answer = self.connector.fetch(&request, &key);
        let p = self.state.instance_plans[index] as usize;
        self.counters[p][node].retries += u64::from(answer.attempts.saturating_sub(1));
        let at = span_after(self.state.now, chrono::Duration::milliseconds(answer.latency_ms as i64));
        self.enqueue(
            at,
            Task::Data {
                instance: index,
                request,
                result: answer.result,
            },
        );
    }

    /// The id of node `node` of instance `index`'s plan (for traces).
    fn node_name(&self, index: usize, node: usize) -> String {
        self.state.plan(index).nodes[node].id.clone()
    }

    /// Records an engine effect (counters, traces) and carries out action calls. Runs for
    /// every effect of every person: counters are reached by position, and nothing is
    /// cloned or formatted unless a trace is kept.
    fn record(&mut self, index: usize, effect: Effect) {
        let p = self.state.instance_plans[index] as usize;
        let trace = self.options.trace;
        match effect {
            Effect::Entered { node } => {
                self.counters[p][node].entered += 1;
                if trace {
                    let id = self.node_name(index, node);
                    self.trace(index, &id, TraceKind::Entered);
                }
            }
            Effect::Exited { node, port } => {
                self.counters[p][node].exited[port] += 1;
                if trace {
                    let plan = &self.state.plans[p];
                    let (id, port) = (plan.nodes[node].id.clone(), plan.nodes[node].ports[port].clone());
                    self.trace(index, &id, TraceKind::Exited { port });
                }
            }
            Effect::Evaluated {
                node,
                expression,
                value,
            } => {
                if trace {
                    let id = self.node_name(index, node);
                    self.trace(index, &id, TraceKind::Evaluated { expression, value });
                }
            }
            Effect::CallAction { node, request } => {
                let profile = &self.state.get(index).profile_id;
                let forced = !self.failures.is_empty()
                    && self.failures.get(profile).is_some_and(|a| a.contains(&request.action));
                let mut answer = self.connector.call_action(&request);
                self.counters[p][node].retries += u64::from(answer.attempts.saturating_sub(1));
                if forced {
                    answer.result = ActionOutcome::http(500, Value::Null);
                }
                if trace {
                    let req = redacted(serde_json::to_value(&request).unwrap_or(Value::Null));
                    let id = self.node_name(index, node);
                    self.trace(
                        index,
                        &id,
                        TraceKind::Request {
                            target: request.action.clone(),
                            request: req,
                        },
                    );
                }
                let at = span_after(self.state.now, chrono::Duration::milliseconds(answer.latency_ms as i64));
                self.enqueue(
                    at,
                    Task::Action {
                        instance: index,
                        outcome: answer.result,
                    },
                );
            }
            Effect::CallFailed { node, action, reason } => {
                self.count_failed(index, node, "internalError");
                let id = self.node_name(index, node);
                self.trace(
                    index,
                    &id,
                    TraceKind::Response {
                        target: action,
                        status: "internalError".into(),
                        body: serde_json::json!({ "error": reason }),
                    },
                );
            }
            // The dispatch hands lookups over as `Output::Fetch`.
            Effect::FetchData { .. } => {}
            Effect::LookupFailed { node, source, reason } => {
                self.count_failed(index, node, "lookupFailed");
                let id = self.node_name(index, node);
                self.trace(
                    index,
                    &id,
                    TraceKind::Response {
                        target: source,
                        status: "lookupFailed".into(),
                        body: serde_json::json!({ "error": reason }),
                    },
                );
            }
            Effect::SetTimer { at } => {
                // The dispatch has queued the timer (RunState::set_timer).
                if trace {
                    let id = self.node_id(index);
                    self.trace(index, &id, TraceKind::Timer { at });
                }
                self.scripted_reaction(index);
            }
            // Entered (or refused) by the dispatch.
            Effect::Jump { .. } => {}
            Effect::Finished { node, outcome } => {
                let journey = &self.state.plans[p].journey;
                let totals = match self.report.journeys.get_mut(journey) {
                    Some(t) => t,
                    None => self.report.journeys.entry(journey.clone()).or_default(),
                };
                let counter = &mut self.counters[p][node];
                match &outcome {
                    Outcome::Ended => totals.finished += 1,
                    Outcome::Jumped { .. } => totals.jumped += 1,
                    Outcome::NoPath | Outcome::Stopped => totals.exited_early += 1,
                    Outcome::TimedOut => {
                        totals.exited_early += 1;
                        counter.timeouts += 1;
                    }
                    Outcome::Failed { .. } => {
                        totals.exited_early += 1;
                        totals.errors += 1;
                        counter.errors += 1;
                    }
                }
                if trace {
                    let id = self.node_name(index, node);
                    self.trace(index, &id, TraceKind::Finished { outcome });
                } else {
                    // Nobody will read a finished person's data in a what-if run:
                    // free it now rather than hold 100,000 payloads to the end.
                    let inst = self.state.get_mut(index);
                    inst.event = Value::Null;
                    inst.events.clear();
                    inst.data.clear();
                    inst.actions.clear();
                    inst.forget_variables();
                }
            }
        }
    }

    fn scripted_reaction(&mut self, index: usize) {
        let inst = self.state.get(index);
        let parcours_engine::State::Reacting { event, .. } = &inst.state else {
            return;
        };
        if self.reactions.is_empty() {
            return;
        }
        let scripted = self.reactions.get(&inst.profile_id).is_some_and(|e| e.contains(event));
        let def = self.dispatcher.events().iter().find(|e| &e.name == event);
        if let (true, Some(def)) = (scripted, def) {
            let mut payload = def.example_payload();
            let path = def.profile_id.clone();
            let profile = Value::String(inst.profile_id.clone());
            if let Some(slot) = path.split('.').try_fold(&mut payload, |v, k| v.get_mut(k)) {
                *slot = profile;
            }
            let name = Some(event.clone());
            // Within the reaction's time, however short: a minute, or half of it.
            let parcours_engine::State::Reacting { timeout_at, .. } = &inst.state else {
                return;
            };
            let at = span_after(self.state.now, chrono::Duration::minutes(1))
                .min(span_after(self.state.now, (*timeout_at - self.state.now) / 2));
            self.enqueue(at, Task::Event { name, payload });
        }
    }

    /// Counts a failed call of `instance` at `node` under `reason`; a string is built only
    /// the first time a reason is seen at a node.
    fn count_failed(&mut self, instance: usize, node: usize, reason: &str) {
        let p = self.state.instance_plans[instance] as usize;
        let counts = &mut self.counters[p][node].failed_calls;
        match counts.get_mut(reason) {
            Some(n) => *n += 1,
            None => {
                counts.insert(reason.to_owned(), 1);
            }
        }
    }

    /// The report so far, with the people still inside counted where they wait.
    pub fn report(&self) -> Report {
        let mut report = self.report.clone();
        for (plan, counters) in self.state.plans.iter().zip(&self.counters) {
            let nodes = report.nodes.entry(plan.journey.clone()).or_default();
            for (i, c) in counters.iter().enumerate() {
                if c.entered == 0 {
                    continue;
                }
                let n = nodes.entry(plan.nodes[i].id.clone()).or_default();
                n.entered += c.entered;
                n.errors += c.errors;
                n.timeouts += c.timeouts;
                for (reason, count) in &c.failed_calls {
                    *n.failed_calls.entry(reason.clone()).or_default() += count;
                }
                n.retries += c.retries;
                for (p, count) in c.exited.iter().enumerate().filter(|(_, c)| **c > 0) {
                    *n.exited.entry(plan.nodes[i].ports[p].clone()).or_default() += count;
                }
            }
        }
        for (index, inst) in self.state.iter().filter(|(_, i)| !i.is_done()) {
            let id = &self.state.plan(index).nodes[inst.node].id;
            report
                .nodes
                .entry(inst.journey.clone())
                .or_default()
                .entry(id.clone())
                .or_default()
                .waiting += 1;
            report.journeys.entry(inst.journey.clone()).or_default().still_inside += 1;
        }
        report
    }

    /// Each person's trace, with their instance id and profile id.
    pub fn traces(&self) -> impl Iterator<Item = (&Instance, &[TraceEntry])> {
        self.state
            .iter()
            .map(|(_, inst)| inst)
            .zip(self.traces.iter().map(Vec::as_slice))
    }

    pub fn plan(&self, journey: &str) -> Option<&Arc<Plan>> {
        self.dispatcher.admitting(journey)
    }

    /// Everyone who entered, in order of entry (those still in memory: all of them
    /// unless [`Simulator::forget_finished`]).
    pub fn instances(&self) -> Vec<&Instance> {
        self.state.iter().map(|(_, inst)| inst).collect()
    }

    /// The people waiting in a reaction now: what a tester may send them.
    pub fn waiting_reactions(&self) -> Vec<WaitingReaction> {
        self.state
            .iter()
            .filter_map(|(index, inst)| match &inst.state {
                State::Reacting { event, timeout_at } => Some(WaitingReaction {
                    person: inst.profile_id.clone(),
                    journey: inst.journey.clone(),
                    node: self.node_name(index, inst.node),
                    event: event.clone(),
                    timeout_at: *timeout_at,
                }),
                _ => None,
            })
            .collect()
    }

    /// Sends event `name` from `person` (a profile id already in the run) at `at`: the
    /// payload is `payload`, else the event's example, with the person's id put in the
    /// event's profile id field. Refused when `at` has passed or the payload does not fit.
    pub fn send_to_person(
        &mut self,
        person: &str,
        name: &str,
        at: DateTime<Utc>,
        payload: Option<Value>,
    ) -> Result<(), SimError> {
        let bad = |message: String| SimError::BadEvent { index: 1, message };
        simulated_time(at).map_err(|e| bad(format!("at: {e}")))?;
        if at < self.state.now {
            return Err(bad(format!("{at} is before the simulation's time {}", self.state.now)));
        }
        let def = self
            .dispatcher
            .events()
            .iter()
            .find(|e| e.name == name)
            .ok_or_else(|| bad(format!("there is no event `{name}`")))?;
        let sender = TestProfile {
            name: person.to_string(),
            profile_id: person.to_string(),
            description: String::new(),
            values: BTreeMap::new(),
        };
        let payload = build_payload(def, payload, Some(&sender), None);
        self.fits_schema(1, name, &payload)?;
        self.enqueue(
            at,
            Task::Event {
                name: Some(name.to_string()),
                payload,
            },
        );
        Ok(())
    }
}

/// A person waiting in a reaction, as test mode lists them.
#[derive(Debug, Clone, PartialEq, serde::Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct WaitingReaction {
    /// The person's profile id.
    pub person: String,
    pub journey: String,
    /// The reaction activity's id.
    pub node: String,
    /// The event it waits for.
    pub event: String,
    #[ts(type = "string")]
    pub timeout_at: DateTime<Utc>,
}
