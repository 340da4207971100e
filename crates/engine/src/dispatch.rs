//! Dispatch: what an incoming event, a fired timer or a call's answer does to the people
//! of a run. Recognising the event, checking its payload, finding the person, handing
//! the event to their waiting reactions, admitting them into journeys (dates,
//! re-entrance, one version of a journey at a time), naming instances, jumps and the data
//! cache are decided here, once, for the simulator and the runner alike.
//!
//! Like [`step`], dispatch is pure: the caller passes `now`, and everything that lasts
//! between two calls sits behind [`RunState`] (memory in the simulator, a database in
//! the runner). What the driver must do (call an action, fetch data) or may record
//! (reports, traces) comes out as [`Output`]s, in the order it happened.
//!
//! **The data cache rule** (one rule, test and live): a successful lookup is kept per
//! person and per request (source, group, URL, parameters, body) for the data source's
//! `cacheSeconds`, in the run's own clock (virtual in a simulation, the wall clock live).
//! Per person, so what one person's lookup returns never depends on who else ran before:
//! a what-if run gives the same result on any number of threads, and a live person sees
//! exactly what the simulator showed.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use foldhash::HashMap;
use parcours_model::field::PayloadValidator;
use parcours_model::{Event, Reentrance};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::instance::{ActionOutcome, Instance, State};
use crate::plan::{BaseContext, Plan};
use crate::requests::DataRequest;
use crate::router::{Discard, Recognizer, profile_id};
use crate::step::{Effect, Input, start, step};

/// How a [`RunState`] names an instance (a vector index in memory, a row id on disk).
pub type InstanceKey = u64;

/// A person's entries into one journey (any version): how many, and the last one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Entries {
    pub count: u32,
    pub last: DateTime<Utc>,
}

/// What lasts between two dispatches. Every lookup is by person or by instance, so a
/// durable implementation can hold millions of waiting people and load only the few
/// one event touches.
pub trait RunState {
    /// Appends the instances of `person` still inside a journey (any journey), oldest first.
    fn active(&mut self, person: &str, out: &mut Vec<InstanceKey>);
    fn instance(&mut self, key: InstanceKey) -> Option<&mut Instance>;
    /// Keeps a new instance; it is active for its person until [`RunState::finished`].
    fn insert(&mut self, instance: Instance) -> InstanceKey;
    /// The instance is done: no longer active for its person.
    fn finished(&mut self, key: InstanceKey);
    fn entries(&mut self, journey: &str, person: &str) -> Option<Entries>;
    fn set_entries(&mut self, journey: &str, person: &str, entries: Entries);
    /// A cached lookup result still valid at `now`.
    fn cached(&mut self, key: &str, now: DateTime<Utc>) -> Option<Value>;
    fn cache(&mut self, key: String, value: Value, until: DateTime<Utc>);
    /// Fires [`Incoming::Timer`] for `key` at `at` (earlier timers of the key may stay:
    /// a timer that no longer fits the instance's state changes nothing).
    fn set_timer(&mut self, key: InstanceKey, at: DateTime<Utc>);
}

/// What reaches a run from outside.
#[derive(Debug, Clone, PartialEq)]
pub enum Incoming {
    /// An event: named by the sender, or recognised from its payload.
    Event { name: Option<String>, payload: Value },
    /// A timer set with [`RunState::set_timer`] is due.
    Timer { instance: InstanceKey },
    /// The answer to an [`Effect::CallAction`].
    ActionResult {
        instance: InstanceKey,
        outcome: ActionOutcome,
    },
    /// The journey version of `instance` was stopped: the person leaves now.
    Stop { instance: InstanceKey },
    /// The answer to an [`Output::Fetch`] (its request, so the answer can be cached).
    DataResult {
        instance: InstanceKey,
        request: Box<DataRequest>,
        result: Result<Value, String>,
    },
}

/// What happened, in order: for the driver to carry out or record.
#[derive(Debug, Clone, PartialEq)]
pub enum Output {
    /// A new instance entered its journey (its entry event follows as effects).
    Started { instance: InstanceKey },
    /// What the engine did to an instance. The driver carries out
    /// [`Effect::CallAction`] and answers with [`Incoming::ActionResult`]; timers are
    /// already set and jumps already entered. Never [`Effect::FetchData`]: see `Fetch`.
    Effect { instance: InstanceKey, effect: Effect },
    /// A lookup: answered from the cache (already applied: the effects that follow are
    /// its consequences) or to be made by the driver, who answers with
    /// [`Incoming::DataResult`].
    Fetch {
        instance: InstanceKey,
        node: usize,
        request: Box<DataRequest>,
        from_cache: Option<Value>,
    },
    /// An event (or a jump) that nobody took, and why; the journey that refused it,
    /// when one did (re-entrance, dates, already inside).
    Discarded { reason: Discard, journey: Option<String> },
}

/// Outputs of dispatches, reused from one call to the next.
#[derive(Debug, Default)]
pub struct Dispatched {
    pub outputs: Vec<Output>,
    effects: Vec<Effect>,
    keys: Vec<InstanceKey>,
}

impl Dispatched {
    pub fn drain(&mut self) -> std::vec::Drain<'_, Output> {
        self.outputs.drain(..)
    }
}

/// The versions of one journey a run knows.
#[derive(Default)]
struct Versions {
    /// The version new people enter (the latest published), if any does.
    admitting: Option<Arc<Plan>>,
    /// Every version people may still be in.
    all: Vec<Arc<Plan>>,
}

/// The rules of a run: the events it recognises and the journey versions it runs.
pub struct Dispatcher {
    events: Vec<Event>,
    recognizers: Vec<Recognizer>,
    /// The CEL functions, registered once, for rules the shortcut cannot decide.
    base: BaseContext,
    validators: Vec<PayloadValidator>,
    journeys: HashMap<String, Versions>,
    /// Every plan, for a scan quicker than hashing the journey's name when there are few.
    plans: Vec<Arc<Plan>>,
    /// Journeys each event starts (those admitting new people).
    starts: HashMap<String, Vec<String>>,
}

impl Dispatcher {
    pub fn new(events: &[Event]) -> Dispatcher {
        Dispatcher {
            events: events.to_vec(),
            recognizers: events.iter().map(Recognizer::new).collect(),
            base: BaseContext::new(),
            validators: events.iter().map(Event::payload_validator).collect(),
            journeys: HashMap::default(),
            plans: Vec::new(),
            starts: HashMap::default(),
        }
    }

    /// Runs `plan`'s version: people inside it go on; when `admits`, new people (and
    /// jumps) enter this version of its journey instead of any other.
    pub fn add(&mut self, plan: Arc<Plan>, admits: bool) {
        let versions = self.journeys.entry(plan.journey.clone()).or_default();
        versions.all.retain(|p| p.version != plan.version);
        versions.all.push(plan.clone());
        self.plans
            .retain(|p| !(p.journey == plan.journey && p.version == plan.version));
        self.plans.push(plan.clone());
        // The newest version admits: plans added out of order never hand new people
        // to an older one.
        if admits && versions.admitting.as_ref().is_none_or(|a| a.version <= plan.version) {
            versions.admitting = Some(plan);
        }
        self.rebuild_starts();
    }

    /// Stops admitting new people into `journey` (closed, stopped, paused): those inside go on.
    pub fn close(&mut self, journey: &str) {
        if let Some(v) = self.journeys.get_mut(journey) {
            v.admitting = None;
        }
        self.rebuild_starts();
    }

    fn rebuild_starts(&mut self) {
        self.starts.clear();
        let mut names: Vec<&String> = self.journeys.keys().collect();
        names.sort();
        for name in names {
            if let Some(plan) = &self.journeys[name].admitting {
                self.starts
                    .entry(plan.entry_event.name.clone())
                    .or_default()
                    .push(name.clone());
            }
        }
    }

    /// The version of `journey` new people enter.
    pub fn admitting(&self, journey: &str) -> Option<&Arc<Plan>> {
        self.journeys.get(journey)?.admitting.as_ref()
    }

    /// The plan `instance` runs on.
    pub fn plan_of(&self, instance: &Instance) -> Option<&Arc<Plan>> {
        // Called on every step: a few plans are scanned faster than a name is hashed.
        if self.plans.len() <= 8 {
            return self
                .plans
                .iter()
                .find(|p| p.version == instance.version && p.journey == instance.journey);
        }
        let versions = self.journeys.get(&instance.journey)?;
        versions.all.iter().find(|p| p.version == instance.version)
    }

    pub fn events(&self) -> &[Event] {
        &self.events
    }

    /// What is wrong with `payload` as event `name` (JSON path and reason each), with
    /// the schema compiled once: `None` when there is no such event, empty when it fits.
    pub fn payload_errors(&self, name: &str, payload: &Value) -> Option<Vec<parcours_model::field::PayloadError>> {
        let position = self.events.iter().position(|e| e.name == name)?;
        let validator = &self.validators[position];
        Some(if validator.is_valid(payload) {
            Vec::new()
        } else {
            validator.check(payload)
        })
    }

    /// Applies `input` at `now`; what happened is appended to `out.outputs`.
    pub fn dispatch(&self, state: &mut impl RunState, input: Incoming, now: DateTime<Utc>, out: &mut Dispatched) {
        match input {
            Incoming::Event { name, payload } => self.receive(state, name.as_deref(), payload, now, out),
            Incoming::Timer { instance } => self.apply(state, instance, Input::Timer, now, out),
            Incoming::Stop { instance } => self.apply(state, instance, Input::Stop, now, out),
            Incoming::ActionResult { instance, outcome } => {
                self.apply(state, instance, Input::ActionResult { outcome }, now, out)
            }
            Incoming::DataResult {
                instance,
                request,
                result,
            } => {
                if let Ok(value) = &result
                    && let Some(ttl) = self.cache_seconds(state, instance)
                    && let Some(person) = state.instance(instance).map(|i| i.profile_id.clone())
                {
                    let until = crate::step::seconds_after(now, ttl);
                    state.cache(cache_key(&person, &request), value.clone(), until);
                }
                self.apply(state, instance, Input::DataResult { result }, now, out)
            }
        }
    }

    /// The cache duration of the lookup `instance` waits for, when it is cached at all.
    fn cache_seconds(&self, state: &mut impl RunState, instance: InstanceKey) -> Option<u64> {
        let inst = state.instance(instance)?;
        let State::Fetching { binding } = inst.state else {
            return None;
        };
        let seconds = self.plan_of(inst)?.bindings.get(binding)?.source.cache_seconds;
        (seconds > 0).then_some(seconds)
    }

    fn receive(
        &self,
        state: &mut impl RunState,
        name: Option<&str>,
        payload: Value,
        now: DateTime<Utc>,
        out: &mut Dispatched,
    ) {
        let position = match name {
            Some(n) => self.events.iter().position(|e| e.name == n),
            None => self.recognizers.iter().position(|r| r.matches(&payload, &self.base)),
        };
        let Some(position) = position else {
            return discard(out, Discard::Unrecognised, None);
        };
        if !self.validators[position].is_valid(&payload) {
            return discard(out, Discard::SchemaMismatch, None);
        }
        let event = &self.events[position];
        let Some(person) = profile_id(event, &payload) else {
            return discard(out, Discard::NoProfileId, None);
        };
        let mut used = false;
        // The person's reactions waiting for this event take it first.
        let mut keys = std::mem::take(&mut out.keys);
        keys.clear();
        state.active(&person, &mut keys);
        for &key in &keys {
            let waits = state
                .instance(key)
                .is_some_and(|i| matches!(&i.state, State::Reacting { event: e, .. } if *e == event.name));
            if waits {
                used = true;
                let input = Input::Event {
                    name: event.name.clone(),
                    payload: payload.clone(),
                };
                self.apply(state, key, input, now, out);
            }
        }
        out.keys = keys;
        let mut refusal = None;
        let starting = self.starts.get(&event.name).map(Vec::as_slice).unwrap_or_default();
        let mut payload = Some(payload);
        for (k, journey) in starting.iter().enumerate() {
            // The last journey takes the payload; others get a copy.
            let p = if k + 1 == starting.len() {
                payload.take().unwrap_or_default()
            } else {
                payload.clone().unwrap_or_default()
            };
            match self.enter(state, journey, &person, p, now, out) {
                Ok(()) => used = true,
                Err(d) => refusal = refusal.or(Some((d, journey))),
            }
        }
        if !used {
            match refusal {
                Some((reason, journey)) => discard(out, reason, Some(journey.clone())),
                None => discard(out, Discard::NoJourney, None),
            }
        }
    }

    /// Admits `person` into `journey`'s admitting version and starts them, or says why not.
    fn enter(
        &self,
        state: &mut impl RunState,
        journey: &str,
        person: &str,
        payload: Value,
        now: DateTime<Utc>,
        out: &mut Dispatched,
    ) -> Result<(), Discard> {
        let plan = self.admitting(journey).ok_or(Discard::NoJourney)?;
        let p = &plan.properties;
        if p.start.is_some_and(|s| now < s) || p.end.is_some_and(|e| now >= e) {
            return Err(Discard::OutsideDates);
        }
        // One version of a journey at a time: any version's instance counts.
        let mut keys = std::mem::take(&mut out.keys);
        keys.clear();
        state.active(person, &mut keys);
        let inside = keys
            .iter()
            .any(|&k| state.instance(k).is_some_and(|i| i.journey == journey && !i.is_done()));
        out.keys = keys;
        if inside {
            return Err(Discard::AlreadyInJourney);
        }
        let before = state.entries(journey, person);
        if let Some(before) = before
            && !may_reenter(plan, before.last, now)
        {
            return Err(match p.reentrance {
                Reentrance::Never {} => Discard::ReentranceNever,
                _ => Discard::ReentranceWait,
            });
        }
        // Saturating: a damaged row's count must not crash the runner's writer.
        let count = before.map_or(0, |b| b.count).saturating_add(1);
        state.set_entries(journey, person, Entries { count, last: now });
        // Ids depend on the person and their entry count only: fixture draws and
        // idempotency keys derived from them are the same on every run.
        let id = format!("{journey}:{person}:{count}");
        let key = state.insert(start(plan, id, person.to_string(), payload, now));
        out.outputs.push(Output::Started { instance: key });
        self.apply(state, key, Input::Start, now, out);
        Ok(())
    }

    /// Steps one instance and follows up its effects.
    fn apply(
        &self,
        state: &mut impl RunState,
        key: InstanceKey,
        input: Input,
        now: DateTime<Utc>,
        out: &mut Dispatched,
    ) {
        let Some(inst) = state.instance(key) else {
            return;
        };
        let Some(plan) = self.plan_of(inst) else {
            // A version this run no longer has: nothing can move the person.
            return;
        };
        let mut effects = std::mem::take(&mut out.effects);
        effects.clear();
        step(plan, inst, input, now, &mut effects);
        // Jumps and cached lookups dispatch again, with a buffer of their own.
        for effect in effects.drain(..) {
            self.follow(state, plan, key, effect, now, out);
        }
        out.effects = effects;
    }

    fn follow(
        &self,
        state: &mut impl RunState,
        plan: &Plan,
        key: InstanceKey,
        effect: Effect,
        now: DateTime<Utc>,
        out: &mut Dispatched,
    ) {
        match effect {
            Effect::FetchData { node, binding, request } => {
                let cached = if plan.bindings[binding].source.cache_seconds > 0 {
                    let person = state.instance(key).map(|i| i.profile_id.clone()).unwrap_or_default();
                    state.cached(&cache_key(&person, &request), now)
                } else {
                    None
                };
                let answer = cached.clone();
                out.outputs.push(Output::Fetch {
                    instance: key,
                    node,
                    request,
                    from_cache: cached,
                });
                if let Some(value) = answer {
                    self.apply(state, key, Input::DataResult { result: Ok(value) }, now, out);
                }
            }
            Effect::SetTimer { at } => {
                state.set_timer(key, at);
                out.outputs.push(Output::Effect {
                    instance: key,
                    effect: Effect::SetTimer { at },
                });
            }
            Effect::Jump { journey, event } => {
                let person = state.instance(key).map(|i| i.profile_id.clone()).unwrap_or_default();
                out.outputs.push(Output::Effect {
                    instance: key,
                    effect: Effect::Jump {
                        journey: journey.clone(),
                        event: Value::Null,
                    },
                });
                if let Err(reason) = self.enter(state, &journey, &person, event, now, out) {
                    discard(out, reason, Some(journey));
                }
            }
            Effect::Finished { node, outcome } => {
                state.finished(key);
                out.outputs.push(Output::Effect {
                    instance: key,
                    effect: Effect::Finished { node, outcome },
                });
            }
            effect => out.outputs.push(Output::Effect { instance: key, effect }),
        }
    }
}

/// Whether re-entrance rules let a person who last entered at `last` enter again now.
fn may_reenter(plan: &Plan, last: DateTime<Utc>, now: DateTime<Utc>) -> bool {
    match plan.properties.reentrance {
        Reentrance::Never {} => false,
        Reentrance::Always {} => true,
        Reentrance::AfterWait { seconds } => crate::step::seconds_after(last, seconds) <= now,
    }
}

fn discard(out: &mut Dispatched, reason: Discard, journey: Option<String>) {
    out.outputs.push(Output::Discarded { reason, journey });
}

/// The cache key of a person's lookup: the person, then the request as JSON.
fn cache_key(person: &str, request: &DataRequest) -> String {
    let mut key = String::with_capacity(person.len() + 128);
    key.push_str(person);
    key.push('\0');
    key.push_str(&serde_json::to_string(request).unwrap_or_default());
    key
}
