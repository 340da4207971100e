//! Who answers a simulation's actions and lookups: fixtures, or the real systems
//! (opt-in), behind one interface so the simulator does not care which.

use std::sync::Arc;

use parcours_engine::{ActionOutcome, ActionRequest, DataRequest};
use parcours_model::Bundle;
use serde_json::Value;

use crate::mock::{Answer, MockConnector};

/// Real calls instead of fixtures, with the secrets they need.
#[derive(Clone)]
pub struct RealCalls(pub Arc<dyn parcours_connectors::Secrets>);

impl std::fmt::Debug for RealCalls {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RealCalls")
    }
}

/// Who answers actions and lookups: fixtures, or the real systems (opt-in).
// One per simulator, read on every call: the fixtures stay inline rather than behind a box.
#[allow(clippy::large_enum_variant)]
pub(crate) enum Calls {
    Mock(MockConnector),
    Real {
        http: Box<parcours_connectors::BlockingHttp>,
        bundle: Box<Bundle>,
    },
}

impl Calls {
    pub(crate) fn call_action(&self, request: &ActionRequest) -> Answer<ActionOutcome> {
        match self {
            Calls::Mock(m) => m.call_action(request),
            Calls::Real { http, bundle } => {
                let (result, latency_ms) = match bundle.actions.iter().find(|a| a.name == request.action) {
                    Some(def) => http.call_action(def, request),
                    None => (ActionOutcome::failed("internalError"), 0),
                };
                // The real connector retries inside the call; its attempts are not seen.
                Answer {
                    result,
                    latency_ms,
                    attempts: 1,
                }
            }
        }
    }

    pub(crate) fn fetch(&self, request: &DataRequest, key: &str) -> Answer<Result<Value, String>> {
        match self {
            Calls::Mock(m) => m.fetch(request, key),
            Calls::Real { http, bundle } => {
                let (result, latency_ms) = match bundle.data_sources.iter().find(|s| s.name == request.source) {
                    Some(def) => http.fetch(def, request),
                    None => (Err(format!("no data source `{}`", request.source)), 0),
                };
                Answer {
                    result,
                    latency_ms,
                    attempts: 1,
                }
            }
        }
    }
}
