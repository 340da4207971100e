//! Real calls from code that does not run async: a simulation with real calls and the
//! forms' "send test request". Each call waits for its answer on a runtime of its own,
//! and says how long it took (what a test request shows, what a simulation counts).

use std::sync::Arc;
use std::time::Instant;

use parcours_engine::{ActionOutcome, ActionRequest, DataRequest};
use parcours_model::{CustomAction, DataSource};
use serde_json::Value;

use crate::{HttpConnector, Secrets};

pub struct BlockingHttp {
    http: HttpConnector,
    runtime: tokio::runtime::Runtime,
}

/// An answer and the milliseconds it took.
pub type Timed<T> = (T, u64);

impl BlockingHttp {
    pub fn new(secrets: Arc<dyn Secrets>) -> Result<BlockingHttp, String> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| format!("cannot start the HTTP runtime: {e}"))?;
        Ok(BlockingHttp {
            http: HttpConnector::new(secrets),
            runtime,
        })
    }

    pub fn call_action(&self, action: &CustomAction, request: &ActionRequest) -> Timed<ActionOutcome> {
        let started = Instant::now();
        let outcome = self.runtime.block_on(self.http.call_action(action, request));
        (outcome, started.elapsed().as_millis() as u64)
    }

    pub fn fetch(&self, source: &DataSource, request: &DataRequest) -> Timed<Result<Value, String>> {
        let started = Instant::now();
        let result = self.runtime.block_on(self.http.fetch(source, request));
        (result, started.elapsed().as_millis() as u64)
    }
}
