//! The calls between the outbox table and the sender. A row is *claimed* from the moment
//! it is queued until the writer has committed its answer (or the sender let it go:
//! held by a pause, or the runner stopping), and a claimed row is never queued again.
//! Rows reach the queue from several places (a batch's new calls, a resume, a close, a
//! rolled-back batch, the start), so without this a row waiting in the queue, or
//! answered but not yet committed, could be sent twice.
//!
//! Memory is bounded: past `limit` claimed rows, new ones stay in the database only,
//! and the writer reads them back ([`CallQueue::wants_refill`]) once half have gone.

use std::collections::HashSet;
use std::sync::{Mutex, PoisonError};

use tokio::sync::mpsc;

use crate::storage::OutboxRow;

pub struct CallQueue {
    rows: mpsc::UnboundedSender<OutboxRow>,
    state: Mutex<Claims>,
    limit: usize,
}

#[derive(Default)]
struct Claims {
    ids: HashSet<i64>,
    /// Rows were left in the database because the queue was full.
    overflow: bool,
}

impl CallQueue {
    pub fn new(limit: usize) -> (CallQueue, mpsc::UnboundedReceiver<OutboxRow>) {
        let (rows, receiver) = mpsc::unbounded_channel();
        let queue = CallQueue {
            rows,
            state: Mutex::default(),
            limit: limit.max(1),
        };
        (queue, receiver)
    }

    /// Queues `row` unless it is already claimed; false when the queue is full (the row
    /// stays in the database and comes back with a refill).
    pub fn offer(&self, row: OutboxRow) -> bool {
        let mut claims = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        if claims.ids.contains(&row.id) {
            return true;
        }
        if claims.ids.len() >= self.limit {
            claims.overflow = true;
            return false;
        }
        claims.ids.insert(row.id);
        // A closed channel means the sender has stopped: the row stays in the database.
        let _ = self.rows.send(row);
        true
    }

    /// The row is done with: answered and committed, or let go by the sender.
    pub fn release(&self, id: i64) {
        self.state
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .ids
            .remove(&id);
    }

    /// Whether rows left in the database should be read back now (once, until the
    /// queue overflows again).
    pub fn wants_refill(&self) -> bool {
        let mut claims = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        if claims.overflow && claims.ids.len() <= self.limit / 2 {
            claims.overflow = false;
            return true;
        }
        false
    }

    /// Rows claimed now (queued, under way, or answered and not yet committed).
    pub fn claimed(&self) -> usize {
        self.state.lock().unwrap_or_else(PoisonError::into_inner).ids.len()
    }

    /// How many rows a refill should read to find `limit` unclaimed ones.
    pub fn refill_size(&self) -> usize {
        self.limit * 2
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::Call;

    fn row(id: i64) -> OutboxRow {
        OutboxRow {
            id,
            instance: 1,
            journey: "j".into(),
            version: 1,
            call: Call::Data {
                request: serde_json::from_value(serde_json::json!({
                    "source": "s", "group": "g", "method": "GET", "url": "http://x",
                    "params": {}, "query": {}, "body": null
                }))
                .unwrap(),
            },
            created_at: 0,
        }
    }

    #[test]
    fn a_row_is_queued_once_until_released_and_overflow_asks_for_a_refill() {
        let (queue, mut received) = CallQueue::new(4);
        assert!(queue.offer(row(1)));
        // The same row again (a resume while it waits or is under way): not queued twice.
        assert!(queue.offer(row(1)));
        assert_eq!(received.try_recv().unwrap().id, 1);
        assert!(received.try_recv().is_err());
        // Answered and committed: it may be queued again (a retry after a rollback).
        queue.release(1);
        assert!(queue.offer(row(1)));
        assert_eq!(received.try_recv().unwrap().id, 1);

        for id in 2..=4 {
            assert!(queue.offer(row(id)));
        }
        assert!(!queue.offer(row(5)), "full: row 5 stays in the database");
        assert_eq!(queue.claimed(), 4);
        assert!(!queue.wants_refill(), "no room yet");
        queue.release(1);
        queue.release(2);
        assert!(queue.wants_refill());
        assert!(!queue.wants_refill(), "once per overflow");
    }
}
