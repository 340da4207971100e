//! "Send test request" in the configuration forms: one real call with the form's
//! current definition (saved or not), through the connector journeys use, so what the
//! technical user sees is what a journey will get. Secrets come from the keychain.

use std::collections::BTreeMap;
use std::sync::Arc;

use parcours_connectors::BlockingHttp;
use parcours_engine::{action_request_for, data_request_for};
use parcours_model::{CustomAction, DataSource, Diagnostic, validate};
use serde::Serialize;
use serde_json::Value;
use ts_rs::TS;

use crate::simulation::Job;
use crate::{ApiError, ErrorCode, Permission, Workspace};

/// What came back: the status as journeys see it (`http_200`, `timedout`, ...), the
/// time taken and the body.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TestResponse {
    pub status: String,
    pub ok: bool,
    pub ms: u64,
    #[ts(type = "unknown")]
    pub body: Value,
}

fn refuse_errors(what: &str, diagnostics: Vec<Diagnostic>) -> Result<(), ApiError> {
    match diagnostics.into_iter().find(Diagnostic::is_error) {
        Some(d) => Err(ApiError::new(
            ErrorCode::InvalidInput,
            format!("{what} cannot be called yet: {}: {}", d.path, d.message),
        )),
        None => Ok(()),
    }
}

fn http(secrets: Arc<dyn parcours_connectors::Secrets>) -> Result<BlockingHttp, ApiError> {
    BlockingHttp::new(secrets).map_err(|e| ApiError::new(ErrorCode::Internal, e))
}

impl Workspace {
    /// Calls `action` once. `values` fill its variable parameters, keyed as in a
    /// journey's mapping (`payload.to`, `header.X-Id`, `query.q`); `path` is the
    /// dynamic path when the action has one.
    pub fn test_action(
        &self,
        action: &CustomAction,
        values: BTreeMap<String, Value>,
    ) -> Result<TestResponse, ApiError> {
        self.test_action_job(action, values)?()
    }

    /// [`Workspace::test_action`] as a job: the call runs without the workspace.
    pub fn test_action_job(
        &self,
        action: &CustomAction,
        values: BTreeMap<String, Value>,
    ) -> Result<Job<TestResponse>, ApiError> {
        self.require(Permission::ManageConfigurations)?;
        refuse_errors(&format!("action `{}`", action.name), validate::validate_action(action))?;
        let action = action.clone();
        let secrets = self.secrets.clone();
        Ok(Box::new(move || {
            let path = action
                .dynamic_path
                .then(|| values.get("path").map(parcours_engine::text))
                .flatten();
            // A fresh key: a test call must not be taken for a retry of an earlier one.
            let key = format!("test-{}", chrono::Utc::now().timestamp_nanos_opt().unwrap_or_default());
            let request = action_request_for(&action, &values, path, key);
            let (outcome, ms) = http(secrets)?.call_action(&action, &request);
            Ok(TestResponse {
                ok: outcome.ok,
                status: outcome.status,
                ms,
                body: outcome.response,
            })
        }))
    }

    /// Looks `group` of `source` up once with `params`.
    pub fn test_data_source(
        &self,
        source: &DataSource,
        group: &str,
        params: BTreeMap<String, Value>,
    ) -> Result<TestResponse, ApiError> {
        self.test_data_source_job(source, group, params)?()
    }

    /// [`Workspace::test_data_source`] as a job: the call runs without the workspace.
    pub fn test_data_source_job(
        &self,
        source: &DataSource,
        group: &str,
        params: BTreeMap<String, Value>,
    ) -> Result<Job<TestResponse>, ApiError> {
        self.require(Permission::ManageConfigurations)?;
        refuse_errors(
            &format!("data source `{}`", source.name),
            validate::validate_data_source(source),
        )?;
        let request = data_request_for(source, group, params).ok_or_else(|| {
            ApiError::new(
                ErrorCode::InvalidInput,
                format!("data source `{}` has no field group `{group}`", source.name),
            )
        })?;
        // No cache for a test: the user wants to see the system answer now.
        let mut source = source.clone();
        source.cache_seconds = 0;
        let secrets = self.secrets.clone();
        Ok(Box::new(move || {
            let (result, ms) = http(secrets)?.fetch(&source, &request);
            Ok(match result {
                Ok(body) => TestResponse {
                    status: "ok".into(),
                    ok: true,
                    ms,
                    body,
                },
                Err(status) => TestResponse {
                    status,
                    ok: false,
                    ms,
                    body: Value::Null,
                },
            })
        }))
    }
}
