//! The simulator's [`RunState`]: everything in memory, timers in the virtual queue. The
//! runner keeps the same state in a database; the rules that read and write it are the
//! engine's dispatch, not this file's.

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use parcours_engine::{ActionOutcome, DataRequest, Entries, Instance, InstanceKey, Plan, RunState};
// Keys are the simulation's own person ids and names, never hostile input: a fast
// hash beats SipHash's flooding resistance here.
use rustc_hash::FxHashMap as HashMap;
use serde_json::Value;

use crate::queue::TaskQueue;

/// What happens next in a simulation.
#[derive(Debug, Clone)]
pub(crate) enum Task {
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
        request: Box<DataRequest>,
        result: Result<Value, String>,
    },
}

pub(crate) struct SimState {
    /// The virtual clock.
    pub now: DateTime<Utc>,
    pub queue: TaskQueue<Task>,
    /// Everyone who entered, by key (entry order); `None` once forgotten. Boxed, so a
    /// forgotten person costs a pointer, not an instance.
    instances: Vec<Option<Box<Instance>>>,
    /// What-if runs forget people once they finish: they leave only their counts
    /// behind, and memory stays flat however many people a run has.
    forget_finished: bool,
    /// Finished since the last [`SimState::forget_finished_now`].
    finished: Vec<usize>,
    /// The plans of the run, by position; counters and traces use the same positions.
    pub plans: Vec<Arc<Plan>>,
    /// Each instance's plan (its position in `plans`), parallel to `instances`: no name
    /// lookup per effect.
    pub instance_plans: Vec<u32>,
    by_name: BTreeMap<String, u32>,
    /// Instances still inside, per person.
    active: HashMap<String, Vec<usize>>,
    /// Per journey, per person.
    entries: HashMap<String, HashMap<String, Entries>>,
    cache: HashMap<String, (Value, DateTime<Utc>)>,
    /// Cached lookups left after the last pruning of expired ones.
    cache_kept: usize,
}

impl SimState {
    pub fn new(plans: Vec<Arc<Plan>>, now: DateTime<Utc>) -> SimState {
        SimState {
            now,
            queue: TaskQueue::default(),
            instances: Vec::new(),
            forget_finished: false,
            finished: Vec::new(),
            instance_plans: Vec::new(),
            by_name: plans
                .iter()
                .enumerate()
                .map(|(i, p)| (p.journey.clone(), i as u32))
                .collect(),
            plans,
            active: HashMap::default(),
            entries: HashMap::default(),
            cache: HashMap::default(),
            cache_kept: 0,
        }
    }

    pub fn enqueue(&mut self, at: DateTime<Utc>, task: Task) {
        self.queue.push(at, self.now, task);
    }

    pub fn reserve(&mut self, people: usize) {
        self.instances.reserve(people);
        self.instance_plans.reserve(people);
    }

    /// From now on, finished people are forgotten (see [`SimState::forget_finished_now`]).
    pub fn forget_finished(&mut self) {
        self.forget_finished = true;
    }

    pub fn forgets(&self) -> bool {
        self.forget_finished
    }

    /// Drops the people who finished during the last dispatch, once its outputs have
    /// been recorded (they read the instance).
    pub fn forget_finished_now(&mut self) {
        for index in self.finished.drain(..) {
            self.instances[index] = None;
        }
        // Lookups cached for people now gone would stay to the end of the run.
        if self.cache.len() > 2 * self.cache_kept.max(1_000) {
            let now = self.now;
            self.cache.retain(|_, (_, until)| *until > now);
            self.cache_kept = self.cache.len();
        }
    }

    /// Instance `index`, still in memory: every caller handles a task or an output of a
    /// person who has not been forgotten (tasks of forgotten people are dropped first).
    pub fn get(&self, index: usize) -> &Instance {
        self.instances[index]
            .as_deref()
            // Invariant: forgotten people's tasks are dropped before they are, so no task reads one.
            .expect("only people still in memory are read: their tasks are dropped first")
    }

    pub fn get_mut(&mut self, index: usize) -> &mut Instance {
        self.instances[index]
            .as_deref_mut()
            // Invariant: forgotten people's tasks are dropped before they are, so no task reads one.
            .expect("only people still in memory are read: their tasks are dropped first")
    }

    /// Whether instance `index` is still in memory.
    pub fn remembers(&self, index: usize) -> bool {
        self.instances.get(index).is_some_and(Option::is_some)
    }

    /// The instances in memory, with their keys, in entry order.
    pub fn iter(&self) -> impl Iterator<Item = (usize, &Instance)> {
        self.instances
            .iter()
            .enumerate()
            .filter_map(|(i, slot)| slot.as_deref().map(|inst| (i, inst)))
    }

    /// The plan of instance `index`.
    pub fn plan(&self, index: usize) -> &Arc<Plan> {
        &self.plans[self.instance_plans[index] as usize]
    }
}

impl RunState for SimState {
    fn active(&mut self, person: &str, out: &mut Vec<InstanceKey>) {
        if let Some(list) = self.active.get(person) {
            out.extend(list.iter().map(|&i| i as InstanceKey));
        }
    }

    fn instance(&mut self, key: InstanceKey) -> Option<&mut Instance> {
        self.instances
            .get_mut(key as usize)
            .and_then(|slot| slot.as_deref_mut())
    }

    fn insert(&mut self, instance: Instance) -> InstanceKey {
        let plan = self.by_name[&instance.journey];
        let index = self.instances.len();
        match self.active.get_mut(&instance.profile_id) {
            Some(list) => list.push(index),
            None => {
                self.active.insert(instance.profile_id.clone(), vec![index]);
            }
        }
        self.instances.push(Some(Box::new(instance)));
        self.instance_plans.push(plan);
        index as InstanceKey
    }

    fn finished(&mut self, key: InstanceKey) {
        let index = key as usize;
        let Some(person) = self.instances[index].as_deref().map(|i| i.profile_id.as_str()) else {
            return;
        };
        if let Some(list) = self.active.get_mut(person) {
            list.retain(|&i| i != index);
            // An empty list per person who ever entered was most of a long run's memory.
            if list.is_empty() {
                self.active.remove(person);
            }
        }
        if self.forget_finished {
            self.finished.push(index);
        }
    }

    fn entries(&mut self, journey: &str, person: &str) -> Option<Entries> {
        self.entries.get(journey)?.get(person).copied()
    }

    fn set_entries(&mut self, journey: &str, person: &str, entries: Entries) {
        let per_person = match self.entries.get_mut(journey) {
            Some(map) => map,
            None => self.entries.entry(journey.to_string()).or_default(),
        };
        match per_person.get_mut(person) {
            Some(slot) => *slot = entries,
            None => {
                per_person.insert(person.to_string(), entries);
            }
        }
    }

    fn cached(&mut self, key: &str, now: DateTime<Utc>) -> Option<Value> {
        self.cache
            .get(key)
            .filter(|(_, until)| *until > now)
            .map(|(v, _)| v.clone())
    }

    fn cache(&mut self, key: String, value: Value, until: DateTime<Utc>) {
        self.cache.insert(key, (value, until));
    }

    fn set_timer(&mut self, key: InstanceKey, at: DateTime<Utc>) {
        self.enqueue(at, Task::Timer { instance: key as usize });
    }
}
