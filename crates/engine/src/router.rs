//! Deciding what an incoming event does: which configured event it is, whether its
//! payload fits, and whether the person may enter a journey (re-entrance, dates) or
//! is already inside. Discarded events are counted by reason, never a crash.

// Profile ids come from live events: foldhash is fast and randomly seeded, so
// crafted ids cannot pile up in one bucket.
use foldhash::HashMap;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use parcours_model::expr::{Ty, functions};
use parcours_model::{Event, Recognition};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::cel_values::to_cel;
use crate::plan::Plan;
use crate::step::may_reenter;

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Discard {
    /// No configured event recognises the payload.
    Unrecognised,
    /// The payload does not fit the event's schema.
    SchemaMismatch,
    /// The profile id field is missing or not a scalar.
    NoProfileId,
    /// No journey starts with this event and nobody waits for it.
    NoJourney,
    /// The journey is outside its start/end dates.
    OutsideDates,
    /// The person is already in the journey.
    AlreadyInJourney,
    /// Re-entrance is never allowed and the person entered before.
    ReentranceNever,
    /// The wait before re-entry has not passed.
    ReentranceWait,
}

/// What to do with an event for one journey.
#[derive(Debug, Clone, PartialEq)]
pub enum Admission {
    Enter,
    Refuse(Discard),
}

/// Recognition of events and per-person entry records of one journey plan.
pub struct Router {
    pub plan: Arc<Plan>,
    /// profile → (last entry, still inside).
    entries: HashMap<String, (DateTime<Utc>, bool)>,
}

impl Router {
    pub fn new(plan: Arc<Plan>) -> Self {
        Router {
            plan,
            entries: HashMap::default(),
        }
    }

    /// May this person enter now? Records the entry when they may.
    pub fn admit(&mut self, profile: &str, now: DateTime<Utc>) -> Admission {
        let p = &self.plan.properties;
        if p.start.is_some_and(|s| now < s) || p.end.is_some_and(|e| now >= e) {
            return Admission::Refuse(Discard::OutsideDates);
        }
        if let Some((last, inside)) = self.entries.get(profile) {
            if *inside {
                return Admission::Refuse(Discard::AlreadyInJourney);
            }
            if !may_reenter(&self.plan, *last, now) {
                return Admission::Refuse(match p.reentrance {
                    parcours_model::Reentrance::Never => Discard::ReentranceNever,
                    _ => Discard::ReentranceWait,
                });
            }
        }
        self.entries.insert(profile.to_string(), (now, true));
        Admission::Enter
    }

    /// The person left the journey.
    pub fn left(&mut self, profile: &str) {
        if let Some(entry) = self.entries.get_mut(profile) {
            entry.1 = false;
        }
    }
}

/// Whether `payload` is recognised as `event` (its rule holds, or it carries the
/// event's generated id).
pub fn recognises(event: &Event, payload: &Value) -> bool {
    match &event.recognition {
        Recognition::SystemId { field, id } => {
            field
                .split('.')
                .try_fold(payload, |v, k| v.get(k))
                .and_then(Value::as_str)
                == Some(id.as_str())
        }
        Recognition::Rule { condition } => {
            // Parsed once per rule text, not once per incoming event.
            let compiled = parcours_model::expr::compile_memo(condition);
            let Ok(program) = compiled.as_ref() else {
                return false;
            };
            let mut ctx = cel::Context::default();
            functions::register(&mut ctx);
            ctx.add_variable_from_value("event", to_cel(payload, &Ty::of_fields(&event.fields)));
            program.execute(&ctx) == Ok(cel::Value::Bool(true))
        }
    }
}

/// The person an event belongs to: its profile id field, as text.
pub fn profile_id(event: &Event, payload: &Value) -> Option<String> {
    match event.profile_id.split('.').try_fold(payload, |v, k| v.get(k))? {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}
