//! What a simulation shows of one person: each step with its time, node and detail.

use chrono::{DateTime, Utc};
use parcours_engine::Outcome;
use serde::{Deserialize, Serialize};
use serde_json::Value;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct TraceEntry {
    #[ts(type = "string")]
    pub at: DateTime<Utc>,
    pub journey: String,
    pub node: String,
    #[serde(flatten)]
    pub kind: TraceKind,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum TraceKind {
    Entered,
    Exited {
        port: String,
    },
    Evaluated {
        expression: String,
        value: String,
    },
    Request {
        target: String,
        #[ts(type = "unknown")]
        request: Value,
    },
    Response {
        target: String,
        status: String,
        #[ts(type = "unknown")]
        body: Value,
    },
    Timer {
        #[ts(type = "string")]
        at: DateTime<Utc>,
    },
    Finished {
        outcome: Outcome,
    },
}

/// Header and query values whose names look like credentials, blanked for traces.
pub(crate) fn redacted(mut request: Value) -> Value {
    for part in ["headers", "query"] {
        if let Some(Value::Object(map)) = request.get_mut(part) {
            for (name, value) in map.iter_mut() {
                let secret = parcours_model::validate::looks_like_credential(name);
                if secret {
                    *value = Value::String("[redacted]".into());
                }
            }
        }
    }
    request
}
