//! For operators: liveness, readiness, Prometheus metrics, the OpenAPI document, and a
//! JSON 404 for everything else.

use std::sync::atomic::Ordering;

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};

use super::AppState;
use crate::error::{ApiError, Code};
use crate::tokens::Scope;

/// Who a token is and what it may do: for clients checking their connection.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct TokenInfo {
    pub name: String,
    pub scopes: Vec<String>,
    /// The runner's version.
    pub version: String,
}

#[utoipa::path(
    get, path = "/v1/token", tag = "operations",
    responses((status = 200, description = "The token's name and scopes", body = TokenInfo), (status = 401, body = ApiError)),
    security(("bearer" = []))
)]
pub async fn token(State(state): State<AppState>, headers: HeaderMap) -> Result<Json<TokenInfo>, ApiError> {
    let holder = state.authorize(&headers, None)?;
    Ok(Json(TokenInfo {
        name: holder.name,
        scopes: holder.scopes.iter().map(|s| s.as_str().to_string()).collect(),
        version: env!("CARGO_PKG_VERSION").to_string(),
    }))
}

#[utoipa::path(get, path = "/healthz", tag = "operations", responses((status = 200, description = "The process is up")))]
pub async fn healthz() -> &'static str {
    "ok\n"
}

#[utoipa::path(
    get, path = "/readyz", tag = "operations",
    responses((status = 200, description = "Accepting work"), (status = 503, description = "Stopping, or the database is unreachable", body = ApiError))
)]
pub async fn readyz(State(state): State<AppState>) -> Result<&'static str, ApiError> {
    if !state.ready.load(Ordering::Relaxed) {
        return Err(ApiError::unavailable("the runner is stopping"));
    }
    state.read(|r| Ok(r.sizes()?)).await?;
    Ok("ready\n")
}

#[utoipa::path(
    get, path = "/metrics", tag = "operations",
    responses((status = 200, description = "Prometheus text format", content_type = "text/plain")),
    security(("bearer" = ["read"]))
)]
pub async fn metrics(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, ApiError> {
    state.authorize(&headers, Scope::Read)?;
    let sizes = state.read(|r| Ok(r.sizes()?)).await?;
    let text = state.metrics.render(state.ingest.len(), sizes);
    Ok(([(header::CONTENT_TYPE, "text/plain; version=0.0.4")], text).into_response())
}

pub async fn openapi() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], super::openapi::document()).into_response()
}

pub async fn not_found(uri: Uri) -> (StatusCode, Json<ApiError>) {
    let e = ApiError::new(Code::NotFound, format!("no route {}: see /openapi.json", uri.path()));
    (StatusCode::NOT_FOUND, Json(e))
}

pub async fn method_not_allowed(method: axum::http::Method, uri: Uri) -> (StatusCode, Json<ApiError>) {
    let e = ApiError::new(
        Code::MethodNotAllowed,
        format!("{} does not take {method}: see /openapi.json", uri.path()),
    );
    (StatusCode::METHOD_NOT_ALLOWED, Json(e))
}
