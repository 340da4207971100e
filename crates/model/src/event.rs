//! An event is the information a journey listens for: a typed payload that belongs to
//! one person, recognised either by a rule over the payload or by a generated id field.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;

use crate::field::{self, Field, PayloadError};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Event {
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// Dotted path of the payload field that identifies the person.
    pub profile_id: String,
    pub recognition: Recognition,
    pub fields: Vec<Field>,
}

/// How an incoming payload is recognised as this event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(tag = "kind", rename_all = "camelCase", deny_unknown_fields)]
pub enum Recognition {
    /// A CEL condition over the payload (`event`), e.g. `event.type == "cart.abandoned"`.
    Rule { condition: String },
    /// The sender puts this system-generated event id in the payload field `field`.
    SystemId {
        field: String,
        #[serde(default)]
        id: String,
    },
}

impl Event {
    /// A payload to copy: every field filled, the event id where the sender must put it.
    pub fn example_payload(&self) -> Value {
        let mut payload = field::example_payload(&self.fields);
        if let Recognition::SystemId { field, id } = &self.recognition
            && let Some(slot) = field.split('.').try_fold(&mut payload, |v, k| v.get_mut(k))
        {
            *slot = Value::String(id.clone());
        }
        payload
    }

    pub fn payload_schema(&self) -> Value {
        field::payload_schema(&self.name, &self.fields)
    }

    pub fn check_payload(&self, payload: &Value) -> Vec<PayloadError> {
        field::check_payload(&self.name, &self.fields, payload)
    }

    /// A validator of this event's payloads, to check many.
    pub fn payload_validator(&self) -> field::PayloadValidator {
        field::PayloadValidator::new(&self.name, &self.fields)
    }

    /// Fields of `self` that `newer` removed or changed: what a published journey
    /// forbids, since only new fields may be added to an event in use.
    pub fn incompatible_changes(&self, newer: &Event) -> Vec<String> {
        let mut changes = Vec::new();
        if self.profile_id != newer.profile_id {
            changes.push(format!(
                "profile id changed from `{}` to `{}`",
                self.profile_id, newer.profile_id
            ));
        }
        if self.recognition != newer.recognition {
            changes.push("recognition changed".to_string());
        }
        compare_fields("", &self.fields, &newer.fields, &mut changes);
        changes
    }
}

fn compare_fields(prefix: &str, old: &[Field], new: &[Field], changes: &mut Vec<String>) {
    for o in old {
        let path = format!("{prefix}{}", o.name);
        match new.iter().find(|n| n.name == o.name) {
            None => changes.push(format!("field `{path}` removed")),
            Some(n) if n.kind != o.kind || n.items != o.items => changes.push(format!("field `{path}` changed type")),
            Some(n) if n.required && !o.required => changes.push(format!("field `{path}` became required")),
            Some(n) => compare_fields(&format!("{path}."), &o.fields, &n.fields, changes),
        }
    }
    for n in new {
        if n.required && !old.iter().any(|o| o.name == n.name) {
            changes.push(format!("new field `{prefix}{}` is required", n.name));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::field::FieldKind;

    fn event(fields: Vec<Field>) -> Event {
        Event {
            name: "signup".into(),
            description: String::new(),
            profile_id: "email".into(),
            recognition: Recognition::SystemId {
                field: "eventId".into(),
                id: "evt_signup".into(),
            },
            fields,
        }
    }

    #[test]
    fn only_new_optional_fields_are_compatible() {
        let old = event(vec![Field::new("email", FieldKind::String).required()]);
        let mut grown = old.clone();
        grown.fields.push(Field::new("plan", FieldKind::String));
        assert!(old.incompatible_changes(&grown).is_empty());

        let mut retyped = old.clone();
        retyped.fields[0].kind = FieldKind::Integer;
        assert_eq!(old.incompatible_changes(&retyped), vec!["field `email` changed type"]);

        let shrunk = event(vec![]);
        assert_eq!(old.incompatible_changes(&shrunk), vec!["field `email` removed"]);

        let mut strict = old.clone();
        strict.fields.push(Field::new("plan", FieldKind::String).required());
        assert_eq!(old.incompatible_changes(&strict), vec!["new field `plan` is required"]);
    }
}
