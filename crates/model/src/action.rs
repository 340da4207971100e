//! A custom action is a REST call to a third-party system. Its request payload comes from
//! a pasted JSON example in which each leaf is either a constant or a variable that the
//! journey fills with an expression.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;

use crate::auth::Auth;
use crate::field::{self, Field, FieldKind};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CustomAction {
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// Static URL, or the static prefix when `dynamicPath` is set.
    pub url: String,
    /// The journey appends a path computed by an expression to `url`.
    #[serde(default)]
    pub dynamic_path: bool,
    pub method: HttpMethod,
    #[serde(default)]
    pub headers: Vec<ActionParam>,
    #[serde(default)]
    pub query: Vec<ActionParam>,
    /// The pasted request example the payload parameters were derived from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional, type = "unknown")]
    pub payload_example: Option<Value>,
    /// One entry per leaf of the payload, by dotted path.
    #[serde(default)]
    pub payload: Vec<PayloadField>,
    /// Example response; its fields are readable later as `actions.NAME.response`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional, type = "unknown")]
    pub response_example: Option<Value>,
    #[serde(default)]
    pub auth: Auth,
    /// Budget for the call including retries, 1–30 s (default 30 s).
    #[serde(default = "default_timeout")]
    pub timeout_ms: u32,
    /// Retries within the budget (default 3); never on 401, 403 or 404.
    #[serde(default = "default_retries")]
    pub retries: u32,
    /// Cap on calls per second to the URL's host (default 5,000 = 300,000 a minute).
    #[serde(default = "default_cap")]
    pub calls_per_second: u32,
}

fn default_timeout() -> u32 {
    30_000
}
fn default_retries() -> u32 {
    3
}
fn default_cap() -> u32 {
    5_000
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(rename_all = "UPPERCASE")]
pub enum HttpMethod {
    Get,
    Post,
    Put,
    Patch,
    Delete,
}

/// A header or query parameter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ActionParam {
    pub name: String,
    pub value: ParamValue,
    /// A constant named like a credential that is not one (a public key id, a token
    /// type): says so, so validation does not refuse it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    #[ts(optional, as = "Option<bool>")]
    pub not_secret: bool,
}

/// A payload leaf, by dotted path into the example (`recipient.phone`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PayloadField {
    pub path: String,
    pub value: ParamValue,
    /// As [`ActionParam::not_secret`].
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    #[ts(optional, as = "Option<bool>")]
    pub not_secret: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(tag = "kind", rename_all = "camelCase", deny_unknown_fields)]
pub enum ParamValue {
    Constant {
        #[ts(type = "unknown")]
        value: Value,
    },
    /// Filled in by the journey. `label` is what the business user sees.
    Variable {
        #[serde(default)]
        label: String,
        #[serde(rename = "type")]
        kind: FieldKind,
        #[serde(default)]
        optional: bool,
        #[serde(default)]
        nullable: bool,
    },
}

/// Where a variable parameter sits; the journey's mapping is keyed by this.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VariableSlot<'a> {
    pub key: String,
    pub kind: FieldKind,
    pub optional: bool,
    pub nullable: bool,
    pub label: &'a str,
}

impl CustomAction {
    /// Every variable parameter with its mapping key: `header.NAME`, `query.NAME`,
    /// `payload.PATH`.
    pub fn variables(&self) -> Vec<VariableSlot<'_>> {
        let headers = self.headers.iter().map(|p| ("header", &p.name, &p.value));
        let query = self.query.iter().map(|p| ("query", &p.name, &p.value));
        let payload = self.payload.iter().map(|p| ("payload", &p.path, &p.value));
        headers
            .chain(query)
            .chain(payload)
            .filter_map(|(prefix, name, value)| match value {
                ParamValue::Variable {
                    label,
                    kind,
                    optional,
                    nullable,
                } => Some(VariableSlot {
                    key: format!("{prefix}.{name}"),
                    kind: *kind,
                    optional: *optional,
                    nullable: *nullable,
                    label,
                }),
                ParamValue::Constant { .. } => None,
            })
            .collect()
    }

    pub fn response_fields(&self) -> Vec<Field> {
        self.response_example
            .as_ref()
            .map(field::fields_from_example)
            .unwrap_or_default()
    }

    /// One constant parameter per leaf of a pasted example; the form then lets the user
    /// turn leaves into variables.
    pub fn payload_from_example(example: &Value) -> Vec<PayloadField> {
        let mut out = Vec::new();
        collect_leaves("", example, &mut out);
        out
    }
}

fn collect_leaves(prefix: &str, value: &Value, out: &mut Vec<PayloadField>) {
    match value {
        Value::Object(map) if !map.is_empty() => {
            for (k, v) in map {
                let path = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                collect_leaves(&path, v, out);
            }
        }
        _ if !prefix.is_empty() => out.push(PayloadField {
            path: prefix.to_string(),
            value: ParamValue::Constant { value: value.clone() },
            not_secret: false,
        }),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn payload_leaves_become_parameters() {
        let fields = CustomAction::payload_from_example(&json!({
            "to": {"phone": "+33600000000"}, "text": "hi", "tags": ["a"]
        }));
        let paths: Vec<&str> = fields.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(paths, vec!["to.phone", "text", "tags"]);
    }
}
