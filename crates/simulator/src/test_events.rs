//! Test events: a JSONL file, one event per line, each with the time it arrives and
//! either a full payload or overrides applied to the event's example payload.
//!
//! ```text
//! {"at": "2026-03-01T09:00:00Z", "event": "cart_abandoned", "payload": {...}}
//! {"at": "2026-03-01T09:05:00Z", "event": "cart_abandoned", "overrides": {"email": "b@x.io"}}
//! {"at": "2026-03-01T09:10:00Z", "event": "cart_abandoned", "profile": "Gold member"}
//! ```
//!
//! A payload is built in this order: the example (or the full `payload`), then the test
//! profile's id and values, then the overrides, the most specific last.

use chrono::{DateTime, Utc};
use parcours_model::field::find_field;
use parcours_model::{Event, TestProfile};
use serde::{Deserialize, Serialize};
use serde_json::Value;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TestEvent {
    pub at: DateTime<Utc>,
    /// The configured event's name; when absent, the payload is recognised by the
    /// events' rules and ids, as live events are.
    #[serde(default)]
    pub event: Option<String>,
    #[serde(default)]
    pub payload: Option<Value>,
    /// Dotted paths into the example payload → values.
    #[serde(default)]
    pub overrides: Option<serde_json::Map<String, Value>>,
    /// The test profile (by name) sending the event: its id and values go into the
    /// payload.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile: Option<String>,
}

/// Parses JSONL; an error names the line and the JSON path.
pub fn parse_jsonl(text: &str) -> Result<Vec<TestEvent>, String> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.trim_start().starts_with("//") {
            continue;
        }
        let value: Value = serde_json::from_str(line).map_err(|e| format!("line {}: not JSON: {e}", i + 1))?;
        let event: TestEvent = serde_path_to_error::deserialize(value).map_err(|e| {
            let path = e.path().to_string();
            format!(
                "line {}: {}: {}",
                i + 1,
                if path == "." { "$" } else { &path },
                e.inner()
            )
        })?;
        if event.payload.is_some() && event.overrides.is_some() {
            return Err(format!("line {}: give `payload` or `overrides`, not both", i + 1));
        }
        if event.profile.is_some() && event.event.is_none() {
            return Err(format!(
                "line {}: `profile` needs `event` (which field holds the profile id)",
                i + 1
            ));
        }
        if event.payload.is_none() && event.event.is_none() {
            return Err(format!(
                "line {}: `overrides` need `event` (whose example payload they change)",
                i + 1
            ));
        }
        out.push(event);
    }
    Ok(out)
}

pub use parcours_engine::set_path;

/// The payload a test event sends, in the order the module doc gives: the full `payload`
/// (or `event`'s example), then `profile`'s id and values, then the overrides.
pub fn build_payload(
    event: &Event,
    payload: Option<Value>,
    profile: Option<&TestProfile>,
    overrides: Option<&serde_json::Map<String, Value>>,
) -> Value {
    let mut payload = payload.unwrap_or_else(|| event.example_payload());
    if let Some(p) = profile {
        apply_profile(&mut payload, event, p);
    }
    match overrides {
        Some(o) => with_overrides(payload, o),
        None => payload,
    }
}

/// Puts a test profile into a payload of `event`: its id in the event's profile id
/// field (a number when that field is numeric), and each of its values whose field the
/// event has.
fn apply_profile(payload: &mut Value, event: &Event, profile: &TestProfile) {
    let kind = find_field(&event.fields, &event.profile_id).map(|f| f.kind);
    // An id the field cannot hold goes in as text: the payload check then says why.
    let id = profile
        .id_value(kind)
        .unwrap_or_else(|| Value::String(profile.profile_id.clone()));
    set_path(payload, &event.profile_id, id);
    for (path, value) in &profile.values {
        if find_field(&event.fields, path).is_some() {
            set_path(payload, path, value.clone());
        }
    }
}

/// The example payload with `overrides` applied at their dotted paths.
pub fn with_overrides(mut payload: Value, overrides: &serde_json::Map<String, Value>) -> Value {
    for (path, value) in overrides {
        set_path(&mut payload, path, value.clone());
    }
    payload
}
