//! The engine's [`RunState`] over one storage transaction. The dispatch reads and
//! writes instances through `&mut`: they are loaded on first use, kept for the rest of
//! the batch, and written back once when the batch ends ([`DurableState::flush`]), so
//! a person touched by ten events of a batch costs one read and one write.

use chrono::{DateTime, Utc};
use foldhash::{HashMap, HashSet};
use parcours_engine::{Entries, Instance, InstanceKey, RunState};
use serde_json::Value;

use crate::storage::{Result, StorageError, Tx};

pub struct DurableState<'t, T: Tx> {
    pub tx: &'t mut T,
    loaded: HashMap<InstanceKey, Instance>,
    dirty: HashSet<InstanceKey>,
    /// Instances that finished in this batch (removed at flush).
    done: HashSet<InstanceKey>,
    /// The first storage error: the batch is then rolled back as a whole.
    pub error: Option<StorageError>,
}

impl<'t, T: Tx> DurableState<'t, T> {
    pub fn new(tx: &'t mut T) -> Self {
        DurableState {
            tx,
            loaded: HashMap::default(),
            dirty: HashSet::default(),
            done: HashSet::default(),
            error: None,
        }
    }

    fn keep<V>(&mut self, r: Result<V>) -> Option<V> {
        match r {
            Ok(v) => Some(v),
            Err(e) => {
                self.error.get_or_insert(e);
                None
            }
        }
    }

    /// An instance already loaded in this batch (for reports), without a read.
    pub fn peek(&self, key: InstanceKey) -> Option<&Instance> {
        self.loaded.get(&key)
    }

    /// Writes back what the batch changed; finished people leave the table.
    pub fn flush(&mut self) -> Result<()> {
        if let Some(e) = self.error.take() {
            return Err(e);
        }
        for key in self.dirty.drain() {
            if self.done.contains(&key) {
                continue;
            }
            if let Some(inst) = self.loaded.get(&key) {
                self.tx.update(key, inst)?;
            }
        }
        for key in self.done.drain() {
            self.tx.remove(key)?;
        }
        self.loaded.clear();
        Ok(())
    }
}

impl<T: Tx> RunState for DurableState<'_, T> {
    fn active(&mut self, person: &str, out: &mut Vec<InstanceKey>) {
        let start = out.len();
        let r = self.tx.active(person, out);
        self.keep(r);
        // Finished earlier in this batch, but still in the table until the flush.
        if !self.done.is_empty() {
            let mut i = start;
            while i < out.len() {
                if self.done.contains(&out[i]) {
                    out.remove(i);
                } else {
                    i += 1;
                }
            }
        }
    }

    fn instance(&mut self, key: InstanceKey) -> Option<&mut Instance> {
        if !self.loaded.contains_key(&key) {
            let r = self.tx.load(key);
            let inst = self.keep(r).flatten()?;
            self.loaded.insert(key, inst);
        }
        // Whoever asks for `&mut` may change it.
        self.dirty.insert(key);
        self.loaded.get_mut(&key)
    }

    fn insert(&mut self, instance: Instance) -> InstanceKey {
        let r = self.tx.insert(&instance);
        let key = self.keep(r).unwrap_or(InstanceKey::MAX);
        self.loaded.insert(key, instance);
        self.dirty.insert(key);
        key
    }

    fn finished(&mut self, key: InstanceKey) {
        self.done.insert(key);
    }

    fn entries(&mut self, journey: &str, person: &str) -> Option<Entries> {
        let r = self.tx.entries(journey, person);
        self.keep(r).flatten()
    }

    fn set_entries(&mut self, journey: &str, person: &str, entries: Entries) {
        let r = self.tx.set_entries(journey, person, entries);
        self.keep(r);
    }

    fn cached(&mut self, key: &str, now: DateTime<Utc>) -> Option<Value> {
        let r = self.tx.cached(key, now.timestamp_millis());
        self.keep(r).flatten()
    }

    fn cache(&mut self, key: String, value: Value, until: DateTime<Utc>) {
        let r = self.tx.cache(&key, &value, until.timestamp_millis());
        self.keep(r);
    }

    fn set_timer(&mut self, key: InstanceKey, at: DateTime<Utc>) {
        let r = self.tx.add_timer(key, crate::clock::millis_ceil(at));
        self.keep(r);
    }
}
