//! The runner's HTTP API (axum): routes, access (bearer tokens with scopes, HTTP Basic
//! with the token as user name for Segment clients, a rate per token) and bodies read
//! with their size limit and JSON paths in errors. Handlers hand writes to the writer
//! thread and read through short-lived read-only storage views.

pub mod ingest;
mod journeys;
pub mod openapi;
mod ops;
pub mod segment;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, header};
use axum::routing::{get, post, put};
use base64::Engine;
use crossbeam_channel::TrySendError;
use serde::de::DeserializeOwned;

use crate::config::Config;
use crate::error::{ApiError, Code};
use crate::metrics::Metrics;
use crate::storage::Reader;
use crate::tokens::{Holder, Scope, TokenBook};
use crate::writer::Work;

pub type ReaderFactory = Arc<dyn Fn() -> Result<Box<dyn Reader>, crate::storage::StorageError> + Send + Sync>;

/// Where each secret the runner has may go (`None`: it has no such secret).
pub type SecretBindings = Arc<dyn Fn(&str) -> Option<parcours_connectors::Binding> + Send + Sync>;

#[derive(Clone)]
pub struct AppState {
    pub ingest: crossbeam_channel::Sender<Work>,
    pub internal: crossbeam_channel::Sender<Work>,
    pub tokens: Arc<TokenBook>,
    pub reader: ReaderFactory,
    pub metrics: Arc<Metrics>,
    pub config: Arc<Config>,
    /// Where each secret the runner has may go (`None`: it has no such secret).
    pub secret_binding: SecretBindings,
    /// False once the runner is stopping (readiness).
    pub ready: Arc<AtomicBool>,
}

pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/v1/journeys", get(journeys::list))
        .route("/v1/journeys/{id}", get(journeys::one))
        .route("/v1/journeys/{id}/versions/{n}", put(journeys::publish))
        .route("/v1/journeys/{id}/report", get(journeys::report))
        .route("/v1/journeys/{id}/{action}", post(journeys::control))
        .route("/v1/audit", get(journeys::audit))
        .route("/v1/events", post(ingest::events))
        .route("/v1/track", post(segment::track))
        .route("/v1/identify", post(segment::identify))
        .route("/v1/batch", post(segment::batch))
        .route("/v1/token", get(ops::token))
        .route("/healthz", get(ops::healthz))
        .route("/readyz", get(ops::readyz))
        .route("/metrics", get(ops::metrics))
        .route("/openapi.json", get(ops::openapi))
        .fallback(ops::not_found)
        .method_not_allowed_fallback(ops::method_not_allowed)
        .with_state(state)
}

impl AppState {
    /// The caller's token, checked for `scope` (any, when `None`) and its rate.
    pub fn authorize(&self, headers: &HeaderMap, scope: impl Into<Option<Scope>>) -> Result<Holder, ApiError> {
        let token = presented(headers)?;
        let holder = self.tokens.holder(&token).ok_or_else(|| {
            ApiError::new(Code::Unauthorized, "this token is not valid here (unknown or revoked)").at("Authorization")
        })?;
        if let Some(scope) = scope.into()
            && !holder.may(scope)
        {
            return Err(ApiError::new(
                Code::Forbidden,
                format!(
                    "the token `{}` has no `{}` scope (it has: {})",
                    holder.name,
                    scope.as_str(),
                    holder.scopes.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ")
                ),
            ));
        }
        if let Err(wait) = self.tokens.take(&holder.name, Instant::now()) {
            self.metrics.rejected.add(1);
            return Err(ApiError::new(
                Code::RateLimited,
                format!("the token `{}` is over its rate of {}/s", holder.name, self.tokens.rate),
            )
            .retry_after(wait));
        }
        Ok(holder)
    }

    /// Hands work to the writer; a full queue is back-pressure (429), never memory.
    pub fn submit(&self, work: Work) -> Result<(), ApiError> {
        if !self.ready.load(Ordering::Relaxed) {
            return Err(ApiError::unavailable("the runner is stopping"));
        }
        let queue = if matches!(work, Work::Ingest { .. }) {
            &self.ingest
        } else {
            &self.internal
        };
        queue.try_send(work).map_err(|e| match e {
            TrySendError::Full(_) => {
                self.metrics.rejected.add(1);
                ApiError::new(Code::QueueFull, "the runner's ingest queue is full: retry shortly").retry_after(1)
            }
            TrySendError::Disconnected(_) => ApiError::unavailable("the runner is stopping"),
        })
    }

    pub async fn read<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut dyn Reader) -> Result<T, ApiError> + Send + 'static,
    ) -> Result<T, ApiError> {
        let factory = self.reader.clone();
        tokio::task::spawn_blocking(move || {
            let mut reader = factory()?;
            f(reader.as_mut())
        })
        .await
        .map_err(|e| ApiError::new(Code::Internal, e.to_string()))?
    }
}

/// The token from `Authorization: Bearer …` or `Basic base64(token:)`.
fn presented(headers: &HeaderMap) -> Result<String, ApiError> {
    let missing = || {
        ApiError::new(
            Code::Unauthorized,
            "no token: send `Authorization: Bearer <token>` (or HTTP Basic with the token as user name)",
        )
        .at("Authorization")
    };
    let value = headers
        .get(header::AUTHORIZATION)
        .ok_or_else(missing)?
        .to_str()
        .map_err(|_| missing())?
        .trim();
    if let Some(token) = value.strip_prefix("Bearer ").or_else(|| value.strip_prefix("bearer ")) {
        return Ok(token.trim().to_string());
    }
    if let Some(encoded) = value.strip_prefix("Basic ").or_else(|| value.strip_prefix("basic ")) {
        let decoded = base64::engine::general_purpose::STANDARD
            .decode(encoded.trim())
            .ok()
            .and_then(|b| String::from_utf8(b).ok())
            .ok_or_else(|| {
                ApiError::new(Code::Unauthorized, "the Basic credentials are not valid base64 text").at("Authorization")
            })?;
        let user = decoded.split_once(':').map_or(decoded.as_str(), |(u, _)| u);
        return Ok(user.to_string());
    }
    Err(missing())
}

/// The body, refused past `limit` bytes with `code` (413 natively; Segment says 400).
pub async fn body_of(body: Body, limit: usize, code: Code) -> Result<Bytes, ApiError> {
    axum::body::to_bytes(body, limit).await.map_err(|_| {
        ApiError::new(
            code,
            format!("the request body is larger than the {} KB allowed", limit / 1024),
        )
        .at("body")
    })
}

/// A query string that does not fit, as `{code, message, path}` naming the parameter
/// (axum's own answer is plain text).
pub fn query_error(rejection: axum::extract::rejection::QueryRejection) -> ApiError {
    let text = rejection.body_text();
    let what = text
        .strip_prefix("Failed to deserialize query string: ")
        .unwrap_or(&text);
    match what.split_once(": ") {
        Some((param, why)) if !param.contains(' ') => ApiError::invalid(param, why),
        _ => ApiError::invalid("query", what),
    }
}

/// Parses JSON, naming where it went wrong (`events[3].payload`).
pub fn parse<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        if inner.is_syntax() || inner.is_eof() {
            // serde's text ends with the position, which the message already leads with.
            let (line, column) = (inner.line(), inner.column());
            let text = inner.to_string();
            let what = text
                .strip_suffix(&format!(" at line {line} column {column}"))
                .unwrap_or(&text);
            ApiError::invalid("body", format!("not valid JSON (line {line}, column {column}): {what}"))
        } else {
            let path = if path == "." { "body".to_string() } else { path };
            ApiError::invalid(path, inner.to_string())
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::response::IntoResponse;

    fn state(queue: usize) -> (AppState, crossbeam_channel::Receiver<Work>) {
        let (ingest, waiting) = crossbeam_channel::bounded(queue);
        let (internal, _) = crossbeam_channel::unbounded();
        let state = AppState {
            ingest,
            internal,
            tokens: Arc::new(TokenBook::new(1.0, 1.0)),
            reader: Arc::new(|| Err(crate::storage::StorageError::Database("no storage in this test".into()))),
            metrics: Arc::new(Metrics::default()),
            config: Arc::new(Config::default()),
            secret_binding: Arc::new(|_| None),
            ready: Arc::new(AtomicBool::new(true)),
        };
        (state, waiting)
    }

    fn ingest() -> Work {
        Work::Ingest {
            events: Vec::new(),
            reply: tokio::sync::oneshot::channel().0,
        }
    }

    #[test]
    fn a_full_queue_answers_429_with_retry_after_and_holds_no_more_in_memory() {
        let (state, waiting) = state(2);
        state.submit(ingest()).unwrap();
        state.submit(ingest()).unwrap();
        let refused = state.submit(ingest()).unwrap_err();
        assert_eq!(refused.code, Code::QueueFull);
        let response = refused.into_response();
        assert_eq!(response.status(), 429);
        assert_eq!(response.headers()["retry-after"], "1");
        assert_eq!(waiting.len(), 2, "the refused request was not queued");
        assert_eq!(state.metrics.rejected.get(), 1);
        // Once the writer takes one, there is room again.
        waiting.recv().unwrap();
        state.submit(ingest()).unwrap();
    }

    #[test]
    fn a_stopping_runner_takes_no_new_work() {
        let (state, waiting) = state(2);
        state.ready.store(false, Ordering::Relaxed);
        let refused = state.submit(ingest()).unwrap_err();
        assert_eq!(refused.code, Code::Unavailable);
        assert!(waiting.is_empty());
    }
}
