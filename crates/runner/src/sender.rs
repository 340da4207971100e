//! The outbox sender: makes the calls the writer stored, through the connectors
//! (auth, time budget, at most 3 retries with backoff and jitter, none on
//! 401/403/404, `Retry-After` honoured, per-host caps), and hands each answer back to
//! the writer, which applies it and removes the row in one transaction. A crash in
//! between means the call is made again at restart with the same request, so with
//! the same `Idempotency-Key`: calls are at-least-once and receivers de-duplicate.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use parcours_connectors::HttpConnector;
use parcours_engine::ActionOutcome;
use tokio::sync::{Semaphore, mpsc, watch};

use crate::clock::Clock;
use crate::live::Definitions;
use crate::metrics::Metrics;
use crate::storage::{Call, OutboxRow};
use crate::writer::{Answer, Work};

/// A capped call waits for the host's next window, for at most this long (then it
/// fails as `capped`).
const CAPPED_QUEUE_MS: i64 = 6 * 3600 * 1000;

pub struct Sender {
    pub http: Arc<HttpConnector>,
    pub definitions: Arc<Definitions>,
    pub writer: crossbeam_channel::Sender<Work>,
    pub metrics: Arc<Metrics>,
    pub clock: Clock,
    pub max_in_flight: usize,
}

impl Sender {
    /// Takes rows until `stop` turns true, then waits for the calls under way.
    pub async fn run(self, mut rows: mpsc::UnboundedReceiver<OutboxRow>, mut stop: watch::Receiver<bool>) {
        let this = Arc::new(self);
        let slots = Arc::new(Semaphore::new(this.max_in_flight));
        let in_flight: Arc<Mutex<HashSet<i64>>> = Arc::default();
        loop {
            let row = tokio::select! {
                row = rows.recv() => row,
                _ = stop.wait_for(|s| *s) => None,
            };
            let Some(row) = row else {
                break;
            };
            // Held while its version is paused: the writer sends it again on resume.
            if this.definitions.is_held(&row.journey, row.version) {
                continue;
            }
            if !in_flight.lock().expect("in-flight lock").insert(row.id) {
                continue;
            }
            let Ok(permit) = slots.clone().acquire_owned().await else {
                break;
            };
            let this = this.clone();
            let in_flight = in_flight.clone();
            tokio::spawn(async move {
                let id = row.id;
                let instance = row.instance;
                let answer = this.call(row).await;
                // The answer is queued before the row leaves the in-flight set, so a
                // re-send (resume) cannot make the call twice in this process.
                let _ = this.writer.send(Work::Answer {
                    call: id,
                    instance,
                    answer,
                });
                in_flight.lock().expect("in-flight lock").remove(&id);
                drop(permit);
            });
        }
        // Stopping: let the calls under way finish (each has its own time budget).
        let _ = slots.acquire_many(this.max_in_flight as u32).await;
    }

    async fn call(&self, row: OutboxRow) -> Answer {
        match row.call {
            Call::Action { request } => {
                let Some(action) = self.definitions.action(&row.journey, row.version, &request.action) else {
                    return Answer::Action(ActionOutcome::internal_error(format!(
                        "no action `{}` in {} v{}",
                        request.action, row.journey, row.version
                    )));
                };
                loop {
                    let outcome = self.http.call_action(&action, &request).await;
                    let age = (self.clock)().timestamp_millis() - row.created_at;
                    if outcome.status == "capped" && age < CAPPED_QUEUE_MS {
                        tokio::time::sleep(Duration::from_millis(250)).await;
                        continue;
                    }
                    self.metrics.call("action", &outcome.status);
                    return Answer::Action(outcome);
                }
            }
            Call::Data { request } => {
                let Some(source) = self.definitions.data_source(&row.journey, row.version, &request.source) else {
                    return Answer::Data {
                        result: Err(format!("no data source `{}`", request.source)),
                        request,
                    };
                };
                loop {
                    let result = self.http.fetch(&source, &request).await;
                    let age = (self.clock)().timestamp_millis() - row.created_at;
                    if result.as_ref().err().is_some_and(|e| e == "capped") && age < CAPPED_QUEUE_MS {
                        tokio::time::sleep(Duration::from_millis(250)).await;
                        continue;
                    }
                    let status = match &result {
                        Ok(_) => "ok",
                        Err(e) => crate::tally::lookup_status(e),
                    };
                    self.metrics.call("lookup", status);
                    return Answer::Data { request, result };
                }
            }
        }
    }
}
