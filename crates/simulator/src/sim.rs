//! The simulator: a virtual clock and a queue of what happens next (events, timers,
//! action and lookup answers). Each item is applied to the engine at its time, so a
//! 30-day journey runs in microseconds, and stepping or time travel is just choosing
//! how far to go in the queue.

use std::collections::BTreeMap;

// Keys are the simulation's own person ids and names, never hostile input: a fast
// hash beats SipHash's flooding resistance here.
use rustc_hash::FxHashMap as HashMap;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use parcours_engine::{
    ActionOutcome, Admission, Discard, Effect, Input, Instance, Outcome, Plan, Router, profile_id, recognises, start,
    step,
};
use parcours_model::field::PayloadValidator;
use parcours_model::{Bundle, Event, Journey, TestProfile};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::mock::MockConnector;
use crate::queue::TaskQueue;
use crate::report::Report;
use crate::test_events::{TestEvent, build_payload};

/// Real calls instead of fixtures, with the secrets they need.
#[derive(Clone)]
pub struct RealCalls(pub Arc<dyn parcours_connectors::Secrets>);

impl std::fmt::Debug for RealCalls {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RealCalls")
    }
}

/// Who answers actions and lookups: fixtures, or the real systems (opt-in).
// One per simulator, read on every call: the fixtures stay inline rather than behind a box.
#[allow(clippy::large_enum_variant)]
enum Calls {
    Mock(MockConnector),
    Real {
        http: Box<parcours_connectors::BlockingHttp>,
        bundle: Box<Bundle>,
    },
}

impl Calls {
    fn call_action(&self, request: &parcours_engine::ActionRequest) -> crate::mock::Answer<ActionOutcome> {
        match self {
            Calls::Mock(m) => m.call_action(request),
            Calls::Real { http, bundle } => {
                let (result, latency_ms) = match bundle.actions.iter().find(|a| a.name == request.action) {
                    Some(def) => http.call_action(def, request),
                    None => (ActionOutcome::failed("internalError"), 0),
                };
                crate::mock::Answer { result, latency_ms }
            }
        }
    }

    fn fetch(&self, request: &parcours_engine::DataRequest, key: &str) -> crate::mock::Answer<Result<Value, String>> {
        match self {
            Calls::Mock(m) => m.fetch(request, key),
            Calls::Real { http, bundle } => {
                let (result, latency_ms) = match bundle.data_sources.iter().find(|s| s.name == request.source) {
                    Some(def) => http.fetch(def, request),
                    None => (Err(format!("no data source `{}`", request.source)), 0),
                };
                crate::mock::Answer { result, latency_ms }
            }
        }
    }
}

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
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct TraceEntry {
    #[ts(type = "string")]
    pub at: DateTime<Utc>,
    pub journey: String,
    pub node: String,
    #[serde(flatten)]
    pub kind: TraceKind,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum TraceKind {
    Entered,
    Exited {
        port: String,
    },
    Evaluated {
        expression: String,
        value: String,
    },
    Request {
        target: String,
        #[ts(type = "unknown")]
        request: Value,
    },
    Response {
        target: String,
        status: String,
        #[ts(type = "unknown")]
        body: Value,
    },
    Timer {
        #[ts(type = "string")]
        at: DateTime<Utc>,
    },
    Finished {
        outcome: Outcome,
    },
}

#[derive(Debug, Clone, Default)]
struct Counter {
    entered: u64,
    exited: Vec<u64>,
    errors: u64,
    timeouts: u64,
    /// Failed calls by reason (`http_503`, `timedout`, `capped`, ...).
    failed_calls: BTreeMap<String, u64>,
}

#[derive(Debug, Clone)]
enum Task {
    Event {
        name: Option<String>,
        payload: Value,
    },
    Timer {
        instance: usize,
    },
    Action {
        instance: usize,
        outcome: ActionOutcome,
    },
    Data {
        instance: usize,
        result: Result<Value, String>,
    },
}

pub struct Simulator {
    plans: BTreeMap<String, Arc<Plan>>,
    routers: BTreeMap<String, Router>,
    events: Vec<Event>,
    profiles: Vec<TestProfile>,
    /// Payload validators, by event position in `events`.
    validators: Vec<PayloadValidator>,
    connector: Calls,
    pub instances: Vec<Instance>,
    /// Each instance's plan, parallel to `instances`: no name lookup per step.
    instance_plans: Vec<Arc<Plan>>,
    /// Instances still inside, per person.
    active: HashMap<String, Vec<usize>>,
    queue: TaskQueue<Task>,
    now: DateTime<Utc>,
    report: Report,
    traces: Vec<Vec<TraceEntry>>,
    data_cache: HashMap<String, (Value, DateTime<Utc>)>,
    options: Options,
    effects: Vec<Effect>,
    /// Journeys each event starts.
    starts: HashMap<String, Vec<String>>,
    /// Per journey, per node index.
    counters: BTreeMap<String, Vec<Counter>>,
    /// Entries so far per journey and person.
    entries: HashMap<String, HashMap<String, u32>>,
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
        let routers = plans.iter().map(|(k, p)| (k.clone(), Router::new(p.clone()))).collect();
        let mut starts: HashMap<String, Vec<String>> = HashMap::default();
        for (k, p) in &plans {
            starts.entry(p.entry_event.name.clone()).or_default().push(k.clone());
        }
        let counters = plans
            .iter()
            .map(|(k, p)| {
                let nodes = p
                    .nodes
                    .iter()
                    .map(|n| Counter {
                        exited: vec![0; n.ports.len()],
                        ..Counter::default()
                    })
                    .collect();
                (k.clone(), nodes)
            })
            .collect();
        Ok(Simulator {
            plans,
            routers,
            events: bundle.events.clone(),
            profiles: bundle.test_profiles.clone(),
            validators: bundle.events.iter().map(Event::payload_validator).collect(),
            connector: match &options.real {
                None => Calls::Mock(MockConnector::new(bundle, options.seed).map_err(SimError::Fixture)?),
                Some(RealCalls(secrets)) => Calls::Real {
                    http: Box::new(parcours_connectors::BlockingHttp::new(secrets.clone()).map_err(SimError::Fixture)?),
                    bundle: Box::new(bundle.clone()),
                },
            },
            instances: Vec::new(),
            instance_plans: Vec::new(),
            active: HashMap::default(),
            queue: TaskQueue::default(),
            now: options.start,
            report: Report::default(),
            traces: Vec::new(),
            data_cache: HashMap::default(),
            options,
            effects: Vec::new(),
            entries: HashMap::default(),
            counters,
            starts,
            failures: HashMap::default(),
            reactions: HashMap::default(),
        })
    }

    /// Makes room for `people` more instances at once (a what-if run knows how many).
    pub fn reserve(&mut self, people: usize) {
        self.instances.reserve(people);
        self.instance_plans.reserve(people);
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.now
    }

    fn enqueue(&mut self, at: DateTime<Utc>, task: Task) {
        self.queue.push(at, self.now, task);
    }

    /// Queues a test event; its payload is resolved now (example + overrides).
    pub fn push_event(&mut self, index: usize, event: &TestEvent) -> Result<(), SimError> {
        self.push_owned(index, event.clone())
    }

    /// [`Simulator::push_event`] without copying the payload.
    pub fn push_owned(&mut self, index: usize, mut event: TestEvent) -> Result<(), SimError> {
        if event.profile.is_none()
            && let Some(payload) = event.payload.take()
        {
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
            .events
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
        self.enqueue(
            event.at,
            Task::Event {
                name: event.event.clone(),
                payload,
            },
        );
        Ok(())
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
        self.queue.peek().map(|(at, _)| at)
    }

    /// Processes the next queued item. Returns false when nothing is left.
    pub fn step_one(&mut self) -> bool {
        let Some((at, task)) = self.queue.pop() else {
            return false;
        };
        self.now = self.now.max(at);
        match task {
            Task::Event { name, payload } => self.receive(name, payload),
            Task::Timer { instance } => self.apply(instance, Input::Timer),
            Task::Action { instance, outcome } => {
                self.trace_response(instance, &outcome);
                if !outcome.ok {
                    self.count_failed(instance, self.instances[instance].node, &outcome.status);
                }
                self.apply(instance, Input::ActionResult { outcome })
            }
            Task::Data { instance, result } => {
                if let Err(reason) = &result {
                    // Statuses as actions report them; other failures (transport, auth)
                    // carry free text, which would make a new key each time.
                    let known = reason.starts_with("http_") || reason == "timedout" || reason == "capped";
                    let node = self.instances[instance].node;
                    self.count_failed(instance, node, if known { reason } else { "internalError" });
                }
                if self.options.trace {
                    let inst = &self.instances[instance];
                    let target = match inst.state {
                        parcours_engine::State::Fetching { binding } => {
                            self.instance_plans[instance].bindings[binding].key.clone()
                        }
                        _ => String::new(),
                    };
                    let (status, body) = match &result {
                        Ok(v) => ("ok".to_string(), v.clone()),
                        Err(e) => (e.clone(), Value::Null),
                    };
                    let node = self.node_id(instance);
                    self.trace(instance, &node, TraceKind::Response { target, status, body });
                }
                self.apply(instance, Input::DataResult { result })
            }
        }
        true
    }

    /// Runs everything due up to `t` (time travel), then sets the clock to `t`.
    pub fn advance_to(&mut self, t: DateTime<Utc>) {
        while self.next_at().is_some_and(|at| at <= t) {
            self.step_one();
        }
        self.now = self.now.max(t);
    }

    /// Runs until the next timer has fired (or nothing is left).
    pub fn run_to_next_timer(&mut self) {
        while let Some((_, task)) = self.queue.peek() {
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

    fn receive(&mut self, name: Option<String>, payload: Value) {
        self.report.events += 1;
        let position = match &name {
            Some(n) => self.events.iter().position(|e| &e.name == n),
            None => self.events.iter().position(|e| recognises(e, &payload)),
        };
        let Some(position) = position else {
            return self.discard(Discard::Unrecognised);
        };
        if !self.validators[position].is_valid(&payload) {
            return self.discard(Discard::SchemaMismatch);
        }
        let Some(profile) = profile_id(&self.events[position], &payload) else {
            return self.discard(Discard::NoProfileId);
        };
        let event = self.events[position].name.clone();
        let mut used = false;
        let waiting: Vec<usize> = match self.active.get(&profile) {
            Some(list) if !list.is_empty() => list.clone(),
            _ => Vec::new(),
        };
        for i in waiting {
            if matches!(&self.instances[i].state, parcours_engine::State::Reacting { event: e, .. } if *e == event) {
                used = true;
                let input = Input::Event {
                    name: event.clone(),
                    payload: payload.clone(),
                };
                self.apply(i, input);
            }
        }
        let mut refusal = None;
        let starting = self.starts.get(&event).cloned().unwrap_or_default();
        let mut payload = Some(payload);
        for (k, journey) in starting.iter().enumerate() {
            // The last journey takes the payload; others get a copy.
            let p = if k + 1 == starting.len() {
                payload.take().unwrap_or_default()
            } else {
                payload.clone().unwrap_or_default()
            };
            match self.enter(journey, &profile, p) {
                Ok(()) => used = true,
                Err(d) => refusal = refusal.or(Some(d)),
            }
        }
        if !used {
            self.discard(refusal.unwrap_or(Discard::NoJourney));
        }
    }

    fn enter(&mut self, journey: &str, profile: &str, payload: Value) -> Result<(), Discard> {
        let router = self.routers.get_mut(journey).expect("a router per plan");
        if let Admission::Refuse(d) = router.admit(profile, self.now) {
            return Err(d);
        }
        let plan = self.plans[journey].clone();
        // Ids depend on the person and their entry count only, so fixture draws keyed
        // by them are the same however people are split across threads.
        let per_person = match self.entries.get_mut(journey) {
            Some(map) => map,
            None => self.entries.entry(journey.to_string()).or_default(),
        };
        let count = per_person.entry(profile.to_string()).or_default();
        *count += 1;
        let id = format!("{journey}:{profile}:{count}");
        self.instances
            .push(start(&plan, id, profile.to_string(), payload, self.now));
        self.instance_plans.push(plan.clone());
        self.traces.push(Vec::new());
        let index = self.instances.len() - 1;
        self.active.entry(profile.to_string()).or_default().push(index);
        match self.report.journeys.get_mut(journey) {
            Some(totals) => totals.entered += 1,
            None => self.report.journeys.entry(journey.to_string()).or_default().entered += 1,
        }
        self.apply(index, Input::Start);
        Ok(())
    }

    fn discard(&mut self, reason: Discard) {
        let key = serde_json::to_value(&reason)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string));
        *self.report.discarded.entry(key.unwrap_or_default()).or_default() += 1;
    }

    fn trace(&mut self, instance: usize, node: &str, kind: TraceKind) {
        if self.options.trace {
            let journey = self.instances[instance].journey.clone();
            self.traces[instance].push(TraceEntry {
                at: self.now,
                journey,
                node: node.to_string(),
                kind,
            });
        }
    }

    fn trace_response(&mut self, instance: usize, outcome: &ActionOutcome) {
        if self.options.trace {
            let node = self.node_id(instance);
            let inst = &self.instances[instance];
            let target = match &self.instance_plans[instance].nodes[inst.node].op {
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

    fn node_id(&self, instance: usize) -> String {
        let inst = &self.instances[instance];
        self.instance_plans[instance].nodes[inst.node].id.clone()
    }

    /// Applies an input to an instance and carries out the engine's effects.
    fn apply(&mut self, index: usize, input: Input) {
        let plan = self.instance_plans[index].clone();
        let mut effects = std::mem::take(&mut self.effects);
        effects.clear();
        step(&plan, &mut self.instances[index], input, self.now, &mut effects);
        for effect in effects.drain(..) {
            self.carry_out(&plan, index, effect);
        }
        self.effects = effects;
    }

    fn carry_out(&mut self, plan: &Plan, index: usize, effect: Effect) {
        let journey = plan.journey.as_str();
        match effect {
            Effect::Entered { node } => {
                self.counter(journey, node).entered += 1;
                self.trace(index, &plan.nodes[node].id, TraceKind::Entered);
            }
            Effect::Exited { node, port } => {
                self.counter(journey, node).exited[port] += 1;
                if self.options.trace {
                    let port = plan.nodes[node].ports[port].clone();
                    self.trace(index, &plan.nodes[node].id, TraceKind::Exited { port });
                }
            }
            Effect::Evaluated {
                node,
                expression,
                value,
            } => self.trace(index, &plan.nodes[node].id, TraceKind::Evaluated { expression, value }),
            Effect::CallAction { node, request } => {
                let profile = &self.instances[index].profile_id;
                let forced = !self.failures.is_empty()
                    && self.failures.get(profile).is_some_and(|a| a.contains(&request.action));
                let mut answer = self.connector.call_action(&request);
                if forced {
                    answer.result = ActionOutcome::http(500, Value::Null);
                }
                if self.options.trace {
                    let req = redacted(serde_json::to_value(&request).unwrap_or(Value::Null));
                    self.trace(
                        index,
                        &plan.nodes[node].id,
                        TraceKind::Request {
                            target: request.action.clone(),
                            request: req,
                        },
                    );
                }
                let at = self.now + chrono::Duration::milliseconds(answer.latency_ms as i64);
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
                self.trace(
                    index,
                    &plan.nodes[node].id,
                    TraceKind::Response {
                        target: action,
                        status: "internalError".into(),
                        body: serde_json::json!({ "error": reason }),
                    },
                );
            }
            Effect::FetchData { node, binding, request } => {
                // Cached per person: what one person's lookup hits must not depend on
                // who else ran in the same thread, or results would vary with threads.
                let cache_key = format!(
                    "{}\u{0}{}",
                    self.instances[index].profile_id,
                    serde_json::to_string(&request).unwrap_or_default()
                );
                let ttl = plan.bindings[binding].source.cache_seconds as i64;
                let cached = self
                    .data_cache
                    .get(&cache_key)
                    .filter(|(_, until)| *until > self.now)
                    .map(|(v, _)| v.clone());
                if self.options.trace {
                    let req = serde_json::to_value(&request).unwrap_or(Value::Null);
                    let target = format!("{}.{}", request.source, request.group);
                    self.trace(index, &plan.nodes[node].id, TraceKind::Request { target, request: req });
                }
                let (result, latency) = match cached {
                    Some(v) => (Ok(v), 0),
                    None => {
                        let key = format!("{}:{}", self.instances[index].id, plan.nodes[node].id);
                        let answer = self.connector.fetch(&request, &key);
                        if let (Ok(v), true) = (&answer.result, ttl > 0) {
                            let until = self.now + chrono::Duration::seconds(ttl);
                            self.data_cache.insert(cache_key, (v.clone(), until));
                        }
                        (answer.result, answer.latency_ms)
                    }
                };
                let at = self.now + chrono::Duration::milliseconds(latency as i64);
                self.enqueue(
                    at,
                    Task::Data {
                        instance: index,
                        result,
                    },
                );
            }
            Effect::SetTimer { at } => {
                if self.options.trace {
                    let id = self.node_id(index);
                    self.trace(index, &id, TraceKind::Timer { at });
                }
                self.enqueue(at, Task::Timer { instance: index });
                self.scripted_reaction(index);
            }
            Effect::Jump { journey: target, event } => {
                let profile = self.instances[index].profile_id.clone();
                let refused = match self.plans.contains_key(&target) {
                    true => self.enter(&target, &profile, event).err(),
                    false => Some(Discard::NoJourney),
                };
                if let Some(reason) = refused {
                    self.discard(reason);
                }
            }
            Effect::Finished { node, outcome } => {
                if !self.report.journeys.contains_key(journey) {
                    self.report.journeys.insert(journey.to_string(), Default::default());
                }
                let totals = self.report.journeys.get_mut(journey).expect("inserted above");
                match &outcome {
                    Outcome::Ended => totals.finished += 1,
                    Outcome::Jumped { .. } => totals.jumped += 1,
                    Outcome::NoPath => totals.exited_early += 1,
                    Outcome::TimedOut => {
                        totals.exited_early += 1;
                        self.counter(journey, node).timeouts += 1;
                    }
                    Outcome::Failed { .. } => {
                        totals.exited_early += 1;
                        totals.errors += 1;
                        self.counter(journey, node).errors += 1;
                    }
                }
                self.trace(index, &plan.nodes[node].id, TraceKind::Finished { outcome });
                if !self.options.trace {
                    // Nobody will read a finished person's data in a what-if run:
                    // free it now rather than hold 100,000 payloads to the end.
                    let inst = &mut self.instances[index];
                    inst.event = Value::Null;
                    inst.events.clear();
                    inst.data.clear();
                    inst.actions.clear();
                    inst.forget_variables();
                }
                let profile = self.instances[index].profile_id.clone();
                if let Some(router) = self.routers.get_mut(journey) {
                    router.left(&profile);
                }
                if let Some(list) = self.active.get_mut(&profile) {
                    list.retain(|&i| i != index);
                }
            }
        }
    }

    fn scripted_reaction(&mut self, index: usize) {
        let inst = &self.instances[index];
        let parcours_engine::State::Reacting { event, .. } = &inst.state else {
            return;
        };
        if self.reactions.is_empty() {
            return;
        }
        let scripted = self.reactions.get(&inst.profile_id).is_some_and(|e| e.contains(event));
        let def = self.events.iter().find(|e| &e.name == event);
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
            let at = (self.now + chrono::Duration::minutes(1)).min(self.now + (*timeout_at - self.now) / 2);
            self.enqueue(at, Task::Event { name, payload });
        }
    }

    /// Counts a failed call of `instance` at `node` under `reason`; a string is built only
    /// the first time a reason is seen at a node.
    fn count_failed(&mut self, instance: usize, node: usize, reason: &str) {
        let journey = self.instance_plans[instance].journey.as_str();
        let counts = &mut self.counters.get_mut(journey).expect("counters per plan")[node].failed_calls;
        match counts.get_mut(reason) {
            Some(n) => *n += 1,
            None => {
                counts.insert(reason.to_owned(), 1);
            }
        }
    }

    /// Counters by node index: no string is built on the hot path.
    fn counter(&mut self, journey: &str, node: usize) -> &mut Counter {
        &mut self.counters.get_mut(journey).expect("counters per plan")[node]
    }

    /// The report so far, with the people still inside counted where they wait.
    pub fn report(&self) -> Report {
        let mut report = self.report.clone();
        for (journey, counters) in &self.counters {
            let plan = &self.plans[journey];
            let nodes = report.nodes.entry(journey.clone()).or_default();
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
                for (p, count) in c.exited.iter().enumerate().filter(|(_, c)| **c > 0) {
                    *n.exited.entry(plan.nodes[i].ports[p].clone()).or_default() += count;
                }
            }
        }
        for inst in self.instances.iter().filter(|i| !i.is_done()) {
            let id = &self.plans[&inst.journey].nodes[inst.node].id;
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
        self.instances.iter().zip(self.traces.iter().map(Vec::as_slice))
    }

    pub fn plan(&self, journey: &str) -> Option<&Arc<Plan>> {
        self.plans.get(journey)
    }
}

/// Header and query values whose names look like credentials, blanked for traces.
fn redacted(mut request: Value) -> Value {
    for part in ["headers", "query"] {
        if let Some(Value::Object(map)) = request.get_mut(part) {
            for (name, value) in map.iter_mut() {
                let secret = parcours_model::validate::looks_like_credential(name);
                if secret {
                    *value = Value::String("[redacted]".into());
                }
            }
        }
    }
    request
}
