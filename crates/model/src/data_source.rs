//! A data source is a REST system a journey consults mid-flow. Each field group is one
//! call with its own parameters; its response example defines the fields a journey can use
//! as `data.SOURCE.GROUP.field`.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;

use crate::auth::Auth;
use crate::field::{self, Field, FieldKind};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DataSource {
    pub name: String,
    #[serde(default)]
    pub description: String,
    pub base_url: String,
    #[serde(default)]
    pub auth: Auth,
    /// How long a response is reused for the same parameters (0: never cached).
    #[serde(default)]
    pub cache_seconds: u64,
    /// Calls per second to this source (default 15, as established tools do).
    #[serde(default = "default_rate")]
    pub rate_per_second: u32,
    pub field_groups: Vec<FieldGroup>,
}

fn default_rate() -> u32 {
    15
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FieldGroup {
    pub name: String,
    pub method: GroupMethod,
    /// Path appended to the base URL; `{param}` marks a path parameter.
    pub path: String,
    #[serde(default)]
    pub parameters: Vec<GroupParameter>,
    #[ts(type = "unknown")]
    pub response_example: Value,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(rename_all = "UPPERCASE")]
pub enum GroupMethod {
    Get,
    Post,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GroupParameter {
    pub name: String,
    pub location: ParamLocation,
    #[serde(rename = "type")]
    pub kind: FieldKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(rename_all = "camelCase")]
pub enum ParamLocation {
    Path,
    Query,
    Body,
}

impl FieldGroup {
    /// The fields a journey can read, derived from the response example.
    pub fn response_fields(&self) -> Vec<Field> {
        field::fields_from_example(&self.response_example)
    }

    /// Names written as `{name}` in the path.
    pub fn path_parameters(&self) -> Vec<&str> {
        self.path
            .split('{')
            .skip(1)
            .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
            .collect()
    }
}

impl DataSource {
    pub fn group(&self, name: &str) -> Option<&FieldGroup> {
        self.field_groups.iter().find(|g| g.name == name)
    }
}
