//! Figures for `/metrics`, in Prometheus' text format: counters kept in memory since
//! the process started, and gauges read from the storage when scraped.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, PoisonError};

use crate::storage::Sizes;

#[derive(Default)]
pub struct Counter(AtomicU64);

impl Counter {
    pub fn add(&self, n: u64) {
        self.0.fetch_add(n, Ordering::Relaxed);
    }
    pub fn get(&self) -> u64 {
        self.0.load(Ordering::Relaxed)
    }
    pub fn set(&self, n: u64) {
        self.0.store(n, Ordering::Relaxed);
    }
}

#[derive(Default)]
pub struct Metrics {
    pub events_in: Counter,
    pub duplicates: Counter,
    pub discarded: Counter,
    pub rejected: Counter,
    pub timers_late: Counter,
    /// The largest lag of the last timers fired, in milliseconds.
    pub timer_lag_ms: Counter,
    /// Calls made, by kind and final status (`action`, `http_200`).
    pub calls: Mutex<BTreeMap<(&'static str, String), u64>>,
}

impl Metrics {
    pub fn call(&self, kind: &'static str, status: &str) {
        let mut calls = self.calls.lock().unwrap_or_else(PoisonError::into_inner);
        *calls.entry((kind, status.to_string())).or_default() += 1;
    }

    pub fn render(&self, queue_depth: usize, sizes: Sizes) -> String {
        let mut s = String::new();
        let mut counter = |name: &str, help: &str, kind: &str, value: u64| {
            let _ = writeln!(s, "# HELP {name} {help}\n# TYPE {name} {kind}\n{name} {value}");
        };
        counter(
            "parcours_events_in_total",
            "Events accepted and processed.",
            "counter",
            self.events_in.get(),
        );
        counter(
            "parcours_events_duplicate_total",
            "Events acknowledged again (id seen before), not processed twice.",
            "counter",
            self.duplicates.get(),
        );
        counter(
            "parcours_events_discarded_total",
            "Events no journey took.",
            "counter",
            self.discarded.get(),
        );
        counter(
            "parcours_requests_rejected_total",
            "Requests refused for back-pressure or rate (429).",
            "counter",
            self.rejected.get(),
        );
        counter(
            "parcours_ingest_queue_depth",
            "Ingest requests waiting for the writer.",
            "gauge",
            queue_depth as u64,
        );
        counter(
            "parcours_timer_lag_milliseconds",
            "How late the last timers fired.",
            "gauge",
            self.timer_lag_ms.get(),
        );
        counter(
            "parcours_timers_late_total",
            "Timers that fired more than a second after their time (after a restart, say).",
            "counter",
            self.timers_late.get(),
        );
        counter("parcours_timers", "Timers waiting.", "gauge", sizes.timers);
        counter(
            "parcours_outbox_size",
            "Calls waiting to be made or answered.",
            "gauge",
            sizes.outbox,
        );
        counter(
            "parcours_people_inside",
            "People inside a journey (waiting, or being moved).",
            "gauge",
            sizes.instances,
        );
        let _ = writeln!(
            s,
            "# HELP parcours_calls_total Calls made, by kind and final status.\n# TYPE parcours_calls_total counter"
        );
        for ((kind, status), n) in self.calls.lock().unwrap_or_else(PoisonError::into_inner).iter() {
            let _ = writeln!(s, "parcours_calls_total{{kind=\"{kind}\",status=\"{status}\"}} {n}");
        }
        s
    }
}
