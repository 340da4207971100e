//! Test data for simulations: canned responses for actions and data sources, with
//! latency and failure rates. Part of the bundle (they are test data, never secrets).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Fixture {
    pub target: FixtureTarget,
    /// Tried in order; the first whose `when` holds (or has none) answers.
    pub responses: Vec<CannedResponse>,
    /// Added to every response's latency.
    #[serde(default)]
    pub latency_ms: u32,
    /// Share of calls (0–1) answered `500` instead.
    #[serde(default)]
    pub error_rate: f64,
    /// Share of calls (0–1) that time out.
    #[serde(default)]
    pub timeout_rate: f64,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema, TS)]
#[serde(tag = "kind", rename_all = "camelCase", deny_unknown_fields)]
pub enum FixtureTarget {
    Action { name: String },
    DataSource { source: String, group: String },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CannedResponse {
    /// CEL over `request` (`request.body`, `request.query`, `request.headers`,
    /// `request.path`, `request.params` for data sources), e.g. `request.params.cartId == "c-1"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub when: Option<String>,
    #[serde(default = "ok_status")]
    pub status: u16,
    #[serde(default)]
    #[ts(type = "unknown")]
    pub body: Value,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub latency_ms: Option<u32>,
}

fn ok_status() -> u16 {
    200
}

impl FixtureTarget {
    /// What the fixture answers, as people name it: `send_sms`, `crm/profile`.
    pub fn label(&self) -> String {
        match self {
            FixtureTarget::Action { name } => name.clone(),
            FixtureTarget::DataSource { source, group } => format!("{source}/{group}"),
        }
    }
}
