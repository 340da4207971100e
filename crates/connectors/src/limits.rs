//! Per-host caps and the data-source cache. Time comes from the caller's clock.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use serde_json::Value;

/// Calls per host in the current one-second window.
#[derive(Default)]
pub struct Caps {
    windows: Mutex<HashMap<String, (Instant, u32)>>,
}

impl Caps {
    /// Takes one call from `host`'s allowance; false when the cap is reached.
    pub fn take(&self, host: &str, per_second: u32, now: Instant) -> bool {
        let mut windows = self.windows.lock().unwrap_or_else(PoisonError::into_inner);
        let entry = windows.entry(host.to_string()).or_insert((now, 0));
        if now.duration_since(entry.0) >= Duration::from_secs(1) {
            *entry = (now, 0);
        }
        if entry.1 >= per_second {
            return false;
        }
        entry.1 += 1;
        true
    }
}

/// Responses kept until they expire.
#[derive(Default)]
pub struct Cache {
    entries: Mutex<HashMap<String, (Value, Instant)>>,
}

impl Cache {
    pub fn get(&self, key: &str, now: Instant) -> Option<Value> {
        let entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        entries
            .get(key)
            .filter(|(_, until)| *until > now)
            .map(|(v, _)| v.clone())
    }

    pub fn put(&self, key: String, value: Value, until: Instant) {
        self.entries
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(key, (value, until));
    }

    pub fn remove(&self, key: &str) {
        self.entries.lock().unwrap_or_else(PoisonError::into_inner).remove(key);
    }
}
