//! Test profiles: named, reusable people for test mode. As in established tools, only
//! test profiles enter a journey under test; here a profile is the identity a test
//! event carries plus the field values that make the person interesting ("gold member
//! in Lyon"). Part of the bundle: they are shared test data, never secrets.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::FieldKind;
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TestProfile {
    /// What testers call this person, e.g. `Gold member in Lyon`.
    pub name: String,
    /// The value put in the event's profile id field.
    pub profile_id: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    #[ts(as = "Option<String>", optional)]
    pub description: String,
    /// Event field values by dotted path (`customer.tier`), applied to every event that
    /// has the field; other events ignore them.
    #[serde(default)]
    #[ts(type = "Record<string, unknown>")]
    pub values: BTreeMap<String, Value>,
}

impl TestProfile {
    /// The profile id as the JSON value a profile id field of `kind` holds: a number for
    /// a numeric field (when the id reads as one), a string otherwise. `None` when the
    /// field cannot hold it.
    pub fn id_value(&self, kind: Option<FieldKind>) -> Option<Value> {
        let id = self.profile_id.trim();
        match kind {
            Some(FieldKind::Integer) => id.parse::<i64>().ok().map(Value::from),
            Some(FieldKind::Number) => id
                .parse::<f64>()
                .ok()
                .and_then(serde_json::Number::from_f64)
                .map(Value::Number),
            Some(FieldKind::Boolean | FieldKind::Object | FieldKind::Array) => None,
            _ => Some(Value::String(self.profile_id.clone())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn profile(id: &str) -> TestProfile {
        TestProfile {
            name: "p".into(),
            profile_id: id.into(),
            description: String::new(),
            values: BTreeMap::new(),
        }
    }

    #[test]
    fn the_id_takes_the_shape_of_the_field_it_goes_in() {
        assert_eq!(profile("42").id_value(Some(FieldKind::Integer)), Some(json!(42)));
        assert_eq!(profile("4.5").id_value(Some(FieldKind::Number)), Some(json!(4.5)));
        assert_eq!(profile("42").id_value(Some(FieldKind::String)), Some(json!("42")));
        assert_eq!(profile("ada").id_value(None), Some(json!("ada")));
        assert_eq!(profile("ada").id_value(Some(FieldKind::Integer)), None);
        assert_eq!(profile("1").id_value(Some(FieldKind::Boolean)), None);
    }
}
