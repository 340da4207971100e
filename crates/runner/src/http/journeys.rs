//! Journeys on the runner: publishing releases (idempotent by content), control moves,
//! what is published and in which state, reports, and the audit log.

use axum::Json;
use axum::body::Body;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use parcours_model::{Drain, Release};
use serde::{Deserialize, Serialize};
use tokio::sync::oneshot;
use utoipa::{IntoParams, ToSchema};

use super::{AppState, body_of, parse};
use crate::error::{ApiError, Code};
use crate::report::{self, Bucket, JourneyReport};
use crate::storage::{AuditLine, StoredRelease, VersionState};
use crate::tokens::Scope;
use crate::writer::{Move, Published, Work};

/// `PUT /v1/journeys/{id}/versions/{n}`'s body.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct PublishBody {
    /// The release, as the app or `parcours` froze it (format `parcours.release`).
    #[schema(value_type = Object)]
    pub release: Release,
    /// What happens to the version live before: `closePrevious` (default) or `keepPrevious`.
    #[serde(default)]
    #[schema(value_type = String, example = "closePrevious")]
    pub drain: Drain,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct VersionInfo {
    pub version: u32,
    pub state: VersionState,
    pub sha256: String,
    pub published_at: chrono::DateTime<chrono::Utc>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub paused_at: Option<chrono::DateTime<chrono::Utc>>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct JourneyInfo {
    pub journey: String,
    pub versions: Vec<VersionInfo>,
}

fn info(rows: Vec<StoredRelease>) -> Vec<JourneyInfo> {
    let mut out: Vec<JourneyInfo> = Vec::new();
    for r in rows {
        let v = VersionInfo {
            version: r.version,
            state: r.state,
            sha256: r.sha256,
            published_at: crate::clock::from_millis(r.published_at),
            paused_at: r.paused_at.map(crate::clock::from_millis),
        };
        match out.last_mut() {
            Some(j) if j.journey == r.journey => j.versions.push(v),
            _ => out.push(JourneyInfo {
                journey: r.journey,
                versions: vec![v],
            }),
        }
    }
    out
}

#[utoipa::path(
    put, path = "/v1/journeys/{id}/versions/{n}", tag = "journeys",
    params(("id" = String, Path, description = "The journey's name"), ("n" = u32, Path, description = "The version")),
    request_body = PublishBody,
    responses(
        (status = 201, description = "Published", body = JourneyInfo),
        (status = 200, description = "Already published with this content (idempotent)", body = JourneyInfo),
        (status = 400, body = ApiError), (status = 401, body = ApiError), (status = 403, body = ApiError),
        (status = 409, description = "This version is published with other content", body = ApiError),
        (status = 413, body = ApiError),
        (status = 422, description = "Validation errors, a broken hash, or a secret the runner lacks", body = ApiError),
    ),
    security(("bearer" = ["publish"]))
)]
pub async fn publish(
    State(state): State<AppState>,
    Path((id, n)): Path<(String, String)>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let holder = state.authorize(&headers, Scope::Publish)?;
    let n: u32 = n
        .parse()
        .map_err(|_| ApiError::invalid("n", format!("`{n}` is not a version number")))?;
    let bytes = body_of(body, state.config.max_release_bytes, Code::PayloadTooLarge).await?;
    let PublishBody { release, drain } = parse(&bytes)?;
    if release.journey != id || release.version != n {
        return Err(ApiError::new(
            Code::ValidationFailed,
            format!(
                "the URL names {id} v{n} but the release is {} v{}",
                release.journey, release.version
            ),
        )
        .at("release.journey"));
    }
    let seed = state.config.seed;
    let secret_binding = state.secret_binding.clone();
    let (release, plan) = tokio::task::spawn_blocking(move || {
        crate::live::check(&release, seed, &|name| secret_binding(name)).map(|plan| (release, plan))
    })
    .await
    .map_err(|e| ApiError::new(Code::Internal, e.to_string()))??;
    let text = serde_json::to_string(&release).map_err(|e| ApiError::new(Code::Internal, e.to_string()))?;
    let (reply, answer) = oneshot::channel();
    state.submit(Work::Publish {
        release: Box::new(release),
        plan: Box::new(plan),
        body: text,
        drain,
        actor: holder.name,
        reply,
    })?;
    let published = answer
        .await
        .map_err(|_| ApiError::unavailable("the runner stopped before publishing"))??;
    let journey = journey_info(&state, id).await?;
    let status = match published {
        Published::Created => StatusCode::CREATED,
        Published::AlreadyThere => StatusCode::OK,
    };
    Ok((status, Json(journey)).into_response())
}

async fn journey_info(state: &AppState, id: String) -> Result<JourneyInfo, ApiError> {
    let rows = state.read(|r| Ok(r.releases()?)).await?;
    info(rows).into_iter().find(|j| j.journey == id).ok_or_else(|| {
        ApiError::new(
            Code::NotFound,
            format!("journey `{id}` is not published on this runner"),
        )
    })
}

#[utoipa::path(
    post, path = "/v1/journeys/{id}/{action}", tag = "journeys",
    params(("id" = String, Path), ("action" = String, Path, description = "pause, resume, close or stop")),
    responses(
        (status = 200, description = "The journey's versions after the move", body = JourneyInfo),
        (status = 401, body = ApiError), (status = 403, body = ApiError), (status = 404, body = ApiError),
        (status = 409, description = "No version is in a state that allows the move", body = ApiError),
    ),
    security(("bearer" = ["control"]))
)]
pub async fn control(
    State(state): State<AppState>,
    Path((id, action)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Json<JourneyInfo>, ApiError> {
    let action = match action.as_str() {
        "pause" => Move::Pause,
        "resume" => Move::Resume,
        "close" => Move::Close,
        "stop" => Move::Stop,
        other => {
            return Err(ApiError::new(
                Code::NotFound,
                format!("no action `{other}`: pause, resume, close or stop"),
            ));
        }
    };
    let holder = state.authorize(&headers, Scope::Control)?;
    let (reply, answer) = oneshot::channel();
    state.submit(Work::Control {
        journey: id.clone(),
        action,
        actor: holder.name,
        reply,
    })?;
    answer
        .await
        .map_err(|_| ApiError::unavailable("the runner stopped before the move"))??;
    Ok(Json(journey_info(&state, id).await?))
}

#[utoipa::path(
    get, path = "/v1/journeys", tag = "journeys",
    responses((status = 200, body = Vec<JourneyInfo>), (status = 401, body = ApiError), (status = 403, body = ApiError)),
    security(("bearer" = ["read"]))
)]
pub async fn list(State(state): State<AppState>, headers: HeaderMap) -> Result<Json<Vec<JourneyInfo>>, ApiError> {
    state.authorize(&headers, Scope::Read)?;
    let rows = state.read(|r| Ok(r.releases()?)).await?;
    Ok(Json(info(rows)))
}

#[utoipa::path(
    get, path = "/v1/journeys/{id}", tag = "journeys",
    params(("id" = String, Path)),
    responses((status = 200, body = JourneyInfo), (status = 404, body = ApiError)),
    security(("bearer" = ["read"]))
)]
pub async fn one(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Json<JourneyInfo>, ApiError> {
    state.authorize(&headers, Scope::Read)?;
    Ok(Json(journey_info(&state, id).await?))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReportQuery {
    /// Start of the period (RFC 3339); default: everything.
    pub from: Option<chrono::DateTime<chrono::Utc>>,
    /// Time buckets for charts: `minute` or `hour` (default).
    pub bucket: Option<Bucket>,
}

#[utoipa::path(
    get, path = "/v1/journeys/{id}/report", tag = "reports",
    params(("id" = String, Path), ReportQuery),
    responses(
        (status = 200, description = "JSON, or CSV with `Accept: text/csv`", body = JourneyReport),
        (status = 404, body = ApiError),
    ),
    security(("bearer" = ["read"]))
)]
pub async fn report(
    State(state): State<AppState>,
    Path(id): Path<String>,
    q: Result<Query<ReportQuery>, QueryRejection>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    state.authorize(&headers, Scope::Read)?;
    let Query(q) = q.map_err(super::query_error)?;
    let bucket = q.bucket.unwrap_or(Bucket::Hour);
    let journey = id.clone();
    let report = state
        .read(move |r| report::build(r, &journey, q.from, bucket))
        .await?
        .ok_or_else(|| {
            ApiError::new(
                Code::NotFound,
                format!("journey `{id}` is not published on this runner"),
            )
        })?;
    let csv = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("text/csv"));
    if csv {
        return Ok((
            [(header::CONTENT_TYPE, "text/csv; charset=utf-8")],
            report::to_csv(&report),
        )
            .into_response());
    }
    Ok(Json(report).into_response())
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    /// Only this journey's lines.
    pub journey: Option<String>,
}

#[utoipa::path(
    get, path = "/v1/audit", tag = "journeys",
    params(AuditQuery),
    responses((status = 200, body = Vec<AuditLine>)),
    security(("bearer" = ["read"]))
)]
pub async fn audit(
    State(state): State<AppState>,
    q: Result<Query<AuditQuery>, QueryRejection>,
    headers: HeaderMap,
) -> Result<Json<Vec<AuditLine>>, ApiError> {
    state.authorize(&headers, Scope::Read)?;
    let Query(q) = q.map_err(super::query_error)?;
    Ok(Json(state.read(move |r| Ok(r.audit(q.journey.as_deref())?)).await?))
}
