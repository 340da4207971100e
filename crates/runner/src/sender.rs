//! The outbox sender: makes the calls the writer stored, through the connectors
//! (auth, time budget, at most 3 retries with backoff and jitter, none on
//! 401/403/404, `Retry-After` honoured, per-host caps), and hands each answer back to
//! the writer, which applies it and removes the row in one transaction. A crash in
//! between means the call is made again at restart with the same request, so with
//! the same `Idempotency-Key`: calls are at-least-once and receivers de-duplicate.

use std::sync::Arc;
use std::time::Duration;

use parcours_connectors::HttpConnector;
use parcours_engine::ActionOutcome;
use tokio::sync::{OwnedSemaphorePermit, Semaphore, mpsc, watch};

use crate::call_queue::CallQueue;
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
    pub queue: Arc<CallQueue>,
    pub metrics: Arc<Metrics>,
    pub clock: Clock,
    pub max_in_flight: usize,
    pub stop: watch::Receiver<bool>,
}

impl Sender {
    /// Takes rows until `stop` turns true, then waits for the calls under way.
    pub async fn run(self, mut rows: mpsc::UnboundedReceiver<OutboxRow>) {
        let mut stop = self.stop.clone();
        let this = Arc::new(self);
        let slots = Arc::new(Semaphore::new(this.max_in_flight));
        loop {
            let row = tokio::select! {
                row = rows.recv() => row,
                _ = stop.wait_for(|s| *s) => None,
            };
            let Some(row) = row else {
                break;
            };
            // Held while its version is paused: queued again when it no longer is.
            if this.definitions.is_held(&row.journey, row.version) {
                this.queue.release(row.id);
                continue;
            }
            let Ok(permit) = slots.clone().acquire_owned().await else {
                break;
            };
            let this = this.clone();
            let slots = slots.clone();
            tokio::spawn(async move {
                let (id, instance) = (row.id, row.instance);
                let mut permit = Some(permit);
                match this.call(row, &slots, &mut permit).await {
                    // The row stays claimed until the writer has committed the answer.
                    Some(answer) => {
                        let sent = this.writer.send(Work::Answer {
                            call: id,
                            instance,
                            answer,
                        });
                        if sent.is_err() {
                            this.queue.release(id);
                        }
                    }
                    // Let go (paused or stopping): the row is still in the outbox.
                    None => this.queue.release(id),
                }
                drop(permit);
            });
        }
        // Stopping: let the calls under way finish (each has its own time budget).
        let _ = slots
            .acquire_many(u32::try_from(this.max_in_flight).unwrap_or(u32::MAX))
            .await;
    }

    /// Whether a call waiting for its host's cap should stop waiting.
    fn let_go(&self, row: &OutboxRow) -> bool {
        *self.stop.borrow() || self.definitions.is_held(&row.journey, row.version)
    }

    /// Waits for the host's next window without holding a slot, so calls to other hosts
    /// go on meanwhile; false when the call should be let go instead (stopping, paused).
    async fn wait_for_cap(
        &self,
        row: &OutboxRow,
        slots: &Arc<Semaphore>,
        permit: &mut Option<OwnedSemaphorePermit>,
    ) -> bool {
        if self.let_go(row) {
            return false;
        }
        *permit = None;
        tokio::time::sleep(Duration::from_millis(250)).await;
        match slots.clone().acquire_owned().await {
            Ok(p) if !self.let_go(row) => {
                *permit = Some(p);
                true
            }
            _ => false,
        }
    }

    /// The call's answer, or `None` when it was let go while waiting for its cap.
    async fn call(
        &self,
        row: OutboxRow,
        slots: &Arc<Semaphore>,
        permit: &mut Option<OwnedSemaphorePermit>,
    ) -> Option<Answer> {
        match &row.call {
            Call::Action { request } => {
                let Some(action) = self.definitions.action(&row.journey, row.version, &request.action) else {
                    return Some(Answer::Action(ActionOutcome::internal_error(format!(
                        "no action `{}` in {} v{}",
                        request.action, row.journey, row.version
                    ))));
                };
                loop {
                    let outcome = self.http.call_action(&action, request).await;
                    let age = (self.clock)().timestamp_millis().saturating_sub(row.created_at);
                    if outcome.status == "capped" && age < CAPPED_QUEUE_MS {
                        if !self.wait_for_cap(&row, slots, permit).await {
                            return None;
                        }
                        continue;
                    }
                    self.metrics.call("action", &outcome.status);
                    return Some(Answer::Action(outcome));
                }
            }
            Call::Data { request } => {
                let Some(source) = self.definitions.data_source(&row.journey, row.version, &request.source) else {
                    return Some(Answer::Data {
                        result: Err(format!("no data source `{}`", request.source)),
                        request: request.clone(),
                    });
                };
                loop {
                    let result = self.http.fetch(&source, request).await;
                    let age = (self.clock)().timestamp_millis().saturating_sub(row.created_at);
                    if result.as_ref().err().is_some_and(|e| e == "capped") && age < CAPPED_QUEUE_MS {
                        if !self.wait_for_cap(&row, slots, permit).await {
                            return None;
                        }
                        continue;
                    }
                    let status = match &result {
                        Ok(_) => "ok",
                        Err(e) => crate::tally::lookup_status(e),
                    };
                    self.metrics.call("lookup", status);
                    return Some(Answer::Data {
                        request: request.clone(),
                        result,
                    });
                }
            }
        }
    }
}
