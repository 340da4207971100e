//! Recognising an incoming event: which configured event it is and whose it is. Events
//! nobody takes are discarded with a reason, never a crash. Used by dispatch only.

use std::sync::Arc;

use parcours_model::expr::Ty;
use parcours_model::{Event, Recognition};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::cel_values::to_cel;
use crate::fast::{Fast, Scalar};
use crate::plan::BaseContext;

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

/// An event's recognition, compiled once per dispatcher: every incoming event is tried
/// against the rules in turn, so building a CEL context per try would dominate ingest.
pub(crate) enum Recognizer {
    /// The payload carries the event's generated id at `field`.
    SystemId { field: Vec<String>, id: String },
    /// A rule: the shortcut when it applies, else its CEL program (none when it does
    /// not parse: such an event recognises nothing).
    Rule {
        fast: Option<Fast>,
        program: Option<Arc<cel::Program>>,
        ty: Ty,
    },
}

impl Recognizer {
    pub(crate) fn new(event: &Event) -> Recognizer {
        match &event.recognition {
            Recognition::SystemId { field, id } => Recognizer::SystemId {
                field: field.split('.').map(str::to_string).collect(),
                id: id.clone(),
            },
            Recognition::Rule { condition } => {
                let ty = Ty::of_fields(&event.fields);
                let program = parcours_model::expr::compile(condition).ok().map(Arc::new);
                let fast = program.as_ref().and_then(|p| Fast::of(&p.expression().expr, &ty));
                Recognizer::Rule { fast, program, ty }
            }
        }
    }

    /// Whether `payload` is this event (its rule holds, or it carries the event's id).
    pub(crate) fn matches(&self, payload: &Value, base: &BaseContext) -> bool {
        match self {
            Recognizer::SystemId { field, id } => {
                field.iter().try_fold(payload, |v, k| v.get(k)).and_then(Value::as_str) == Some(id.as_str())
            }
            Recognizer::Rule { fast, program, ty } => {
                if let Some(answer) = fast.as_ref().and_then(|f| f.eval(payload)) {
                    return answer == Scalar::Bool(true);
                }
                let Some(program) = program else {
                    return false;
                };
                let mut ctx = base.0.new_inner_scope();
                ctx.add_variable_from_value("event", to_cel(payload, ty));
                program.execute(&ctx) == Ok(cel::Value::Bool(true))
            }
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn event(recognition: Value) -> Event {
        serde_json::from_value(json!({
            "name": "e",
            "profileId": "email",
            "recognition": recognition,
            "fields": [
                {"name": "type", "type": "string", "required": true},
                {"name": "total", "type": "number"},
                {"name": "email", "type": "string", "required": true},
                {"name": "meta", "type": "object", "fields": [{"name": "eventId", "type": "string"}]}
            ]
        }))
        .unwrap()
    }

    /// The compiled recognizer answers as the rule does, by the shortcut or through CEL.
    #[test]
    fn rules_are_recognised_by_the_shortcut_or_cel_alike() {
        let base = BaseContext::new();
        let cases = [
            // The shortcut decides these…
            (
                r#"event.type == "cart.abandoned""#,
                json!({"type": "cart.abandoned"}),
                true,
                true,
            ),
            (
                r#"event.type == "cart.abandoned""#,
                json!({"type": "page"}),
                true,
                false,
            ),
            ("event.total > 3.0", json!({"type": "x", "total": 4}), true, true),
            // …CEL these: a missing field, a function, a non-boolean result.
            (r#"event.type == "cart.abandoned""#, json!({"total": 1}), true, false),
            (
                r#"event.type.startsWith("cart.")"#,
                json!({"type": "cart.paid"}),
                false,
                true,
            ),
            (
                r#"event.type.startsWith("cart.")"#,
                json!({"type": "page"}),
                false,
                false,
            ),
            ("event.type", json!({"type": "true"}), true, false),
            // A rule that does not parse recognises nothing.
            ("event.type ==", json!({"type": "x"}), false, false),
        ];
        for (rule, payload, shortcut, expected) in cases {
            let r = Recognizer::new(&event(json!({"kind": "rule", "condition": rule})));
            let Recognizer::Rule { fast, .. } = &r else {
                unreachable!()
            };
            assert_eq!(fast.is_some(), shortcut, "{rule}: shortcut");
            assert_eq!(r.matches(&payload, &base), expected, "{rule} on {payload}");
        }
        let by_id = Recognizer::new(&event(
            json!({"kind": "systemId", "field": "meta.eventId", "id": "ev-1"}),
        ));
        assert!(by_id.matches(&json!({"meta": {"eventId": "ev-1"}}), &base));
        assert!(!by_id.matches(&json!({"meta": {"eventId": "ev-2"}}), &base));
        assert!(!by_id.matches(&json!({"meta": 3}), &base));
    }
}
