//! One person's run through one journey version: plain data, serializable, so a runner
//! can store it between events and a simulator can keep millions in memory.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Instance {
    pub id: String,
    pub journey: String,
    pub version: u32,
    pub profile_id: String,
    pub entered_at: DateTime<Utc>,
    /// The journey's global timeout for this person.
    pub deadline: DateTime<Utc>,
    /// IANA zone for time conditions and `journey.timeZone`.
    pub time_zone: String,
    /// Index of the current node in the plan.
    pub node: usize,
    pub state: State,
    /// The entry event's payload.
    pub event: Value,
    /// Payloads of the events received after the entry event, by event name.
    pub events: BTreeMap<String, Value>,
    /// Data-source responses, by `source.group`.
    pub data: BTreeMap<String, Value>,
    /// Action results, by action name.
    pub actions: BTreeMap<String, ActionOutcome>,
    /// Expression variables converted once, not stored: rebuilt after a resume.
    #[serde(skip)]
    pub(crate) vars: crate::vars::VarCache,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum State {
    /// Created, not started yet.
    New,
    /// In a wait until `at`.
    Waiting {
        at: DateTime<Utc>,
    },
    /// In a reaction: waiting for `event`, or the timeout at `timeout_at`.
    #[serde(rename_all = "camelCase")]
    Reacting {
        event: String,
        timeout_at: DateTime<Utc>,
    },
    /// An action call is under way.
    Calling,
    /// A data-source lookup (binding index) is under way.
    Fetching {
        binding: usize,
    },
    Done {
        outcome: Outcome,
    },
}

/// How a person left the journey.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum Outcome {
    /// Reached an end activity.
    Ended,
    /// Sent to another journey.
    Jumped { journey: String },
    /// Removed by the journey's global timeout.
    TimedOut,
    /// Removed because the journey version was stopped.
    Stopped,
    /// No condition path held and there was no "other" path.
    NoPath,
    /// An action failed with no error path, a lookup failed, or an expression could
    /// not be evaluated.
    Failed { reason: String },
}

/// What an action call gave, as expressions see it: `actions.NAME.status`, `.ok`,
/// `.response`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ActionOutcome {
    /// `http_<code>`, `timedout`, `capped` or `internalError`.
    pub status: String,
    pub ok: bool,
    pub response: Value,
}

impl ActionOutcome {
    pub fn http(code: u16, response: Value) -> Self {
        ActionOutcome {
            // Most calls succeed: no formatting for them.
            status: if code == 200 {
                "http_200".to_string()
            } else {
                format!("http_{code}")
            },
            ok: (200..300).contains(&code),
            response,
        }
    }

    pub fn failed(status: &str) -> Self {
        ActionOutcome {
            status: status.to_string(),
            ok: false,
            response: Value::Null,
        }
    }

    /// A call that could not be made or completed, with why in the response
    /// (`{"error": …}`): traces and test requests show it.
    pub fn internal_error(reason: impl Into<String>) -> Self {
        ActionOutcome {
            response: serde_json::json!({ "error": reason.into() }),
            ..ActionOutcome::failed("internalError")
        }
    }
}

impl Instance {
    pub fn is_done(&self) -> bool {
        matches!(self.state, State::Done { .. })
    }

    /// Drops the converted expression variables (a finished person needs none).
    pub fn forget_variables(&mut self) {
        self.vars = Default::default();
    }

    pub fn outcome(&self) -> Option<&Outcome> {
        match &self.state {
            State::Done { outcome } => Some(outcome),
            _ => None,
        }
    }
}
