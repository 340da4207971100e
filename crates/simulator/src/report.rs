//! What a run shows: per node, how many entered, left by each port, failed, timed out
//! or are still waiting there; per journey, the totals and the discarded events.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

fn is_zero(n: &u64) -> bool {
    *n == 0
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct NodeReport {
    pub entered: u64,
    /// Port name → count.
    pub exited: BTreeMap<String, u64>,
    /// People whose run failed here (action without error path, lookup, expression).
    pub errors: u64,
    /// People removed here by the journey's global timeout.
    pub timeouts: u64,
    /// Calls made here that failed, by reason (`http_503`, `timedout`, `capped`,
    /// `internalError`), whether or not an error path caught them.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub failed_calls: BTreeMap<String, u64>,
    /// Attempts made again after a retryable answer (fixtures follow the connector's
    /// retry policy).
    #[serde(default, skip_serializing_if = "is_zero")]
    #[ts(as = "Option<u64>", optional)]
    pub retries: u64,
    /// People still here when the run stopped.
    pub waiting: u64,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct JourneyTotals {
    pub entered: u64,
    /// Reached an end.
    pub finished: u64,
    pub jumped: u64,
    /// Left before an end: no matching path, failure, global timeout.
    pub exited_early: u64,
    pub errors: u64,
    pub still_inside: u64,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    /// Journey → node id → counts.
    pub nodes: BTreeMap<String, BTreeMap<String, NodeReport>>,
    pub journeys: BTreeMap<String, JourneyTotals>,
    /// Reason → count.
    pub discarded: BTreeMap<String, u64>,
    /// Events processed, including discarded ones.
    pub events: u64,
}

impl Report {
    /// Adds another report's counts (what-if runs merge per-thread reports).
    pub fn merge(&mut self, other: &Report) {
        for (journey, nodes) in &other.nodes {
            let mine = self.nodes.entry(journey.clone()).or_default();
            for (id, n) in nodes {
                let m = mine.entry(id.clone()).or_default();
                m.entered += n.entered;
                m.errors += n.errors;
                m.timeouts += n.timeouts;
                for (reason, c) in &n.failed_calls {
                    *m.failed_calls.entry(reason.clone()).or_default() += c;
                }
                m.retries += n.retries;
                m.waiting += n.waiting;
                for (port, c) in &n.exited {
                    *m.exited.entry(port.clone()).or_default() += c;
                }
            }
        }
        for (journey, t) in &other.journeys {
            let m = self.journeys.entry(journey.clone()).or_default();
            m.entered += t.entered;
            m.finished += t.finished;
            m.jumped += t.jumped;
            m.exited_early += t.exited_early;
            m.errors += t.errors;
            m.still_inside += t.still_inside;
        }
        for (reason, c) in &other.discarded {
            *self.discarded.entry(reason.clone()).or_default() += c;
        }
        self.events += other.events;
    }

    /// People who left `node` of `journey` by `port`.
    pub fn exits(&self, journey: &str, node: &str, port: &str) -> u64 {
        self.nodes
            .get(journey)
            .and_then(|n| n.get(node))
            .and_then(|n| n.exited.get(port))
            .copied()
            .unwrap_or(0)
    }
}
