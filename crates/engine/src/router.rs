//! Recognising an incoming event: which configured event it is and whose it is. Events
//! nobody takes are discarded with a reason, never a crash. Used by dispatch only.

use parcours_model::expr::{Ty, functions};
use parcours_model::{Event, Recognition};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::cel_values::to_cel;

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

/// Whether `payload` is recognised as `event` (its rule holds, or it carries the
/// event's generated id).
pub(crate) fn recognises(event: &Event, payload: &Value) -> bool {
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
pub(crate) fn profile_id(event: &Event, payload: &Value) -> Option<String> {
    match event.profile_id.split('.').try_fold(payload, |v, k| v.get(k))? {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}
