//! What happens next, in time order (then in the order it was queued). Most of what
//! a simulation queues is due at once (an answered call, an event now): those wait in
//! a plain FIFO, already in order, and only later items go through the heap. Heap
//! entries are small; the tasks themselves wait in reusable slots.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, VecDeque};

use chrono::{DateTime, Utc};

#[derive(PartialEq, Eq, PartialOrd, Ord)]
struct Key {
    at: DateTime<Utc>,
    seq: u64,
    slot: u32,
}

pub struct TaskQueue<T> {
    later: BinaryHeap<Reverse<Key>>,
    /// Due now or earlier, sorted by (time, seq) because only those are pushed here.
    due: VecDeque<Key>,
    slots: Vec<Option<T>>,
    free: Vec<u32>,
    seq: u64,
}

impl<T> Default for TaskQueue<T> {
    fn default() -> Self {
        TaskQueue {
            later: BinaryHeap::new(),
            due: VecDeque::new(),
            slots: Vec::new(),
            free: Vec::new(),
            seq: 0,
        }
    }
}

impl<T> TaskQueue<T> {
    /// Queues `task` for `at`; `now` is the clock's time.
    pub fn push(&mut self, at: DateTime<Utc>, now: DateTime<Utc>, task: T) {
        self.seq += 1;
        let slot = match self.free.pop() {
            Some(slot) => {
                self.slots[slot as usize] = Some(task);
                slot
            }
            None => {
                self.slots.push(Some(task));
                // Invariant: every queued task holds memory; 4 billion of them would need hundreds of
                // GB before this number is reached.
                u32::try_from(self.slots.len() - 1).expect("fewer than 4 billion queued tasks")
            }
        };
        let key = Key {
            at,
            seq: self.seq,
            slot,
        };
        if at <= now && self.due.back().is_none_or(|last| last.at <= at) {
            self.due.push_back(key);
        } else {
            self.later.push(Reverse(key));
        }
    }

    /// True when the next task comes from the FIFO.
    fn due_first(&self) -> Option<bool> {
        match (self.due.front(), self.later.peek()) {
            (None, None) => None,
            (Some(_), None) => Some(true),
            (None, Some(_)) => Some(false),
            (Some(d), Some(Reverse(l))) => Some(d < l),
        }
    }

    /// The next task's time and the task.
    pub fn peek(&self) -> Option<(DateTime<Utc>, &T)> {
        let key = if self.due_first()? {
            self.due.front()?
        } else {
            &self.later.peek()?.0
        };
        Some((
            key.at,
            self.slots[key.slot as usize]
                .as_ref()
                // Invariant: a slot is emptied only when its task is taken, and then leaves the heap.
                .expect("a queued slot holds its task"),
        ))
    }

    pub fn pop(&mut self) -> Option<(DateTime<Utc>, T)> {
        let key = if self.due_first()? {
            self.due.pop_front()?
        } else {
            self.later.pop()?.0
        };
        self.free.push(key.slot);
        let task = self.slots[key.slot as usize]
            .take()
            // Invariant: a slot is emptied only when its task is taken, and then leaves the heap.
            .expect("a queued slot holds its task");
        Some((key.at, task))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;

    #[test]
    fn tasks_come_out_by_time_then_by_arrival() {
        let t0 = DateTime::parse_from_rfc3339("2026-01-05T09:00:00Z").unwrap().to_utc();
        let mut q = TaskQueue::default();
        q.push(t0 + Duration::minutes(5), t0, "timer");
        q.push(t0, t0, "now 1");
        q.push(t0 - Duration::minutes(1), t0, "late");
        q.push(t0, t0, "now 2");
        q.push(t0 + Duration::minutes(5), t0, "timer 2");
        q.push(t0 + Duration::minutes(1), t0, "soon");
        let mut order = Vec::new();
        while let Some((_, task)) = q.pop() {
            order.push(task);
            // The clock moves on and more arrives at its new time.
            if task == "soon" {
                q.push(t0 + Duration::minutes(1), t0 + Duration::minutes(1), "answer");
            }
        }
        assert_eq!(order, ["late", "now 1", "now 2", "soon", "answer", "timer", "timer 2"]);
        assert_eq!(q.slots.len(), 6, "slots are reused");
    }
}
