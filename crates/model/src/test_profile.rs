//! Test profiles: named, reusable people for test mode. As in established tools, only
//! test profiles enter a journey under test; here a profile is the identity a test
//! event carries plus the field values that make the person interesting ("gold member
//! in Lyon"). Part of the bundle: they are shared test data, never secrets.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;
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
