//! Report counters from what the dispatch did, counted as the simulator counts them
//! (entered, exited by port, errors, global timeouts, failed calls by status, journey
//! totals, discards by reason), per journey version, node and minute. A batch adds
//! its counts up in memory and writes each counter once.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use parcours_engine::{Discard, Effect, Instance, Outcome, Plan};

use crate::storage::CountKey;

/// Metric names as stored and reported.
pub mod metric {
    pub const STARTED: &str = "started";
    pub const ENTERED: &str = "entered";
    pub const EXITED: &str = "exited";
    pub const ERROR: &str = "error";
    pub const TIMEOUT: &str = "timeout";
    pub const FAILED_CALL: &str = "failedCall";
    pub const FINISHED: &str = "finished";
    pub const DISCARDED: &str = "discarded";
}

pub struct Tally {
    minute: i64,
    counts: BTreeMap<CountKey, u64>,
}

/// The stable name of a discard reason (`alreadyInJourney`…).
pub fn discard_name(reason: &Discard) -> String {
    serde_json::to_value(reason)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// How a person left, as the journey totals name it.
pub fn outcome_name(outcome: &Outcome) -> &'static str {
    match outcome {
        Outcome::Ended => "ended",
        Outcome::Jumped { .. } => "jumped",
        Outcome::TimedOut => "timedOut",
        Outcome::Stopped => "stopped",
        Outcome::NoPath => "noPath",
        Outcome::Failed { .. } => "failed",
    }
}

/// A failed lookup's reason as a status: free text (transport, auth) would make a new
/// counter each time.
pub fn lookup_status(reason: &str) -> &str {
    if reason.starts_with("http_") || reason == "timedout" || reason == "capped" {
        reason
    } else {
        "internalError"
    }
}

impl Tally {
    pub fn new(now: DateTime<Utc>) -> Tally {
        Tally {
            minute: now.timestamp().div_euclid(60),
            counts: BTreeMap::new(),
        }
    }

    fn add(&mut self, journey: &str, version: u32, node: &str, metric: &'static str, key: &str) {
        let k = CountKey {
            journey: journey.to_string(),
            version,
            node: node.to_string(),
            metric,
            key: key.to_string(),
            minute: self.minute,
        };
        *self.counts.entry(k).or_default() += 1;
    }

    pub fn started(&mut self, inst: &Instance) {
        self.add(&inst.journey, inst.version, "", metric::STARTED, "");
    }

    pub fn discarded(&mut self, reason: &Discard, journey: Option<&str>) {
        self.add(journey.unwrap_or(""), 0, "", metric::DISCARDED, &discard_name(reason));
    }

    /// A call at the instance's current node failed with `status`.
    pub fn failed_call(&mut self, plan: &Plan, inst: &Instance, status: &str) {
        let node = &plan.nodes[inst.node.min(plan.nodes.len() - 1)].id;
        self.add(&inst.journey, inst.version, node, metric::FAILED_CALL, status);
    }

    pub fn effect(&mut self, plan: &Plan, effect: &Effect) {
        let (j, v) = (&plan.journey, plan.version);
        match effect {
            Effect::Entered { node } => self.add(j, v, &plan.nodes[*node].id, metric::ENTERED, ""),
            Effect::Exited { node, port } => {
                let n = &plan.nodes[*node];
                self.add(j, v, &n.id, metric::EXITED, &n.ports[*port]);
            }
            Effect::CallFailed { node, .. } => {
                self.add(j, v, &plan.nodes[*node].id, metric::FAILED_CALL, "internalError")
            }
            Effect::LookupFailed { node, .. } => {
                self.add(j, v, &plan.nodes[*node].id, metric::FAILED_CALL, "lookupFailed")
            }
            Effect::Finished { node, outcome } => {
                let id = &plan.nodes[*node].id;
                match outcome {
                    Outcome::TimedOut => self.add(j, v, id, metric::TIMEOUT, ""),
                    Outcome::Failed { .. } => self.add(j, v, id, metric::ERROR, ""),
                    _ => {}
                }
                self.add(j, v, "", metric::FINISHED, outcome_name(outcome));
            }
            _ => {}
        }
    }

    pub fn into_counts(self) -> Vec<(CountKey, u64)> {
        self.counts.into_iter().collect()
    }
}
