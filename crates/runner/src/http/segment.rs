//! A Segment-compatible surface (`/v1/track`, `/v1/identify`, `/v1/batch`), so a team's
//! existing Segment SDKs reach the runner by changing only their host: HTTP Basic auth
//! with an `ingest` token as the write key, `messageId` de-duplication, and Segment's
//! limits (32 KB an event, 500 KB a batch, 400 beyond).
//!
//! What the engine sees: a track's `properties` (an identify's `traits`), with
//! `userId`, `anonymousId`, `event`, `messageId` and `timestamp` added where the
//! object has no field of that name; a track is named by its `event` when the runner
//! has an event of that name, else recognised from that payload. Other message types
//! (page, screen, group, alias) are acknowledged and not processed.

use axum::Json;
use axum::body::Body;
use axum::extract::State;
use axum::http::HeaderMap;
use serde::Serialize;
use serde_json::{Map, Value};
use utoipa::ToSchema;

use super::ingest::{MAX_BATCH, Place, accept, store};
use super::{AppState, body_of, parse};
use crate::error::{ApiError, Code};
use crate::tokens::Scope;
use crate::writer::Accepted;

const MAX_MESSAGE: usize = 32 * 1024;
const MAX_BATCH_BYTES: usize = 500 * 1024;

/// Segment's answer.
#[derive(Debug, Serialize, ToSchema)]
pub struct Success {
    pub success: bool,
}

/// A Segment message turned into an event, or `None` for types not processed.
fn message(msg: Value, kind: Option<&str>, path: &str) -> Result<Option<Accepted>, ApiError> {
    let Value::Object(mut msg) = msg else {
        return Err(ApiError::invalid(path_or_body(path), "a message is a JSON object"));
    };
    let kind = match kind {
        Some(k) => k.to_string(),
        None => match msg.get("type") {
            Some(Value::String(t)) => t.clone(),
            _ => {
                return Err(ApiError::invalid(
                    field(path, "type"),
                    "required: track, identify, page, screen, group or alias",
                ));
            }
        },
    };
    if kind != "track" && kind != "identify" {
        return Ok(None);
    }
    let size = serde_json::to_vec(&msg).map(|v| v.len()).unwrap_or(usize::MAX);
    if size > MAX_MESSAGE {
        return Err(ApiError::new(
            Code::InvalidInput,
            format!(
                "{}: the message is {size} bytes, more than Segment's 32 KB",
                path_or_body(path)
            ),
        )
        .at(path_or_body(path)));
    }
    let text = |msg: &Map<String, Value>, key: &str| -> Result<Option<String>, ApiError> {
        match msg.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(Value::Number(n)) if key != "event" => Ok(Some(n.to_string())),
            Some(other) => Err(ApiError::invalid(
                field(path, key),
                format!("must be a string, found {}", kind_of(other)),
            )),
        }
    };
    let user = text(&msg, "userId")?;
    let anonymous = text(&msg, "anonymousId")?;
    if user.is_none() && anonymous.is_none() {
        return Err(ApiError::invalid(
            field(path, "userId"),
            "userId or anonymousId is required",
        ));
    }
    let event = text(&msg, "event")?;
    if kind == "track" && event.is_none() {
        return Err(ApiError::invalid(field(path, "event"), "required for a track"));
    }
    let message_id = text(&msg, "messageId")?;
    let inner_key = if kind == "track" { "properties" } else { "traits" };
    let mut payload = match msg.remove(inner_key) {
        None | Some(Value::Null) => Map::new(),
        Some(Value::Object(m)) => m,
        Some(other) => {
            return Err(ApiError::invalid(
                field(path, inner_key),
                format!("must be an object, found {}", kind_of(&other)),
            ));
        }
    };
    let mut add = |key: &str, value: Option<Value>| {
        if let Some(v) = value
            && !payload.contains_key(key)
        {
            payload.insert(key.to_string(), v);
        }
    };
    add("userId", user.map(Value::String));
    add("anonymousId", anonymous.map(Value::String));
    add("event", event.clone().map(Value::String));
    add("messageId", message_id.clone().map(Value::String));
    add("timestamp", msg.remove("timestamp"));
    let mut accepted = accept(
        message_id,
        event,
        Value::Object(payload),
        Place {
            id: field(path, "messageId"),
            event: path_or_body(path),
        },
        MAX_MESSAGE,
        Code::InvalidInput,
    )?;
    accepted.name_is_hint = true;
    Ok(Some(accepted))
}

fn path_or_body(path: &str) -> String {
    if path.is_empty() { "body".into() } else { path.into() }
}

fn field(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

async fn one(state: AppState, headers: HeaderMap, body: Body, kind: &str) -> Result<Json<Success>, ApiError> {
    state.authorize(&headers, Scope::Ingest)?;
    let bytes = body_of(body, MAX_MESSAGE, Code::InvalidInput).await?;
    if let Some(event) = message_body(&bytes, kind)? {
        store(&state, vec![event]).await?;
    }
    Ok(Json(Success { success: true }))
}

/// A `/v1/track` or `/v1/identify` body as the event to store (`None` for what is not
/// processed): every check that needs no runner state, so it can be fuzzed alone.
pub fn message_body(bytes: &[u8], kind: &str) -> Result<Option<Accepted>, ApiError> {
    let value: Value = parse(bytes)?;
    message(value, Some(kind), "")
}

/// A `/v1/batch` body as the events to store; see [`message_body`].
pub fn batch_body(bytes: &[u8]) -> Result<Vec<Accepted>, ApiError> {
    let value: Value = parse(bytes)?;
    let Value::Object(mut map) = value else {
        return Err(ApiError::invalid(
            "body",
            "a batch is a JSON object with a `batch` list",
        ));
    };
    let Some(Value::Array(list)) = map.remove("batch") else {
        return Err(ApiError::invalid("batch", "required: a list of messages"));
    };
    if list.len() > MAX_BATCH {
        return Err(ApiError::invalid(
            "batch",
            format!("{} messages: a batch holds at most {MAX_BATCH}", list.len()),
        ));
    }
    let mut events = Vec::with_capacity(list.len());
    for (i, msg) in list.into_iter().enumerate() {
        events.extend(message(msg, None, &format!("batch[{i}]"))?);
    }
    Ok(events)
}

#[utoipa::path(
    post, path = "/v1/track", tag = "segment",
    request_body(content = Object, description = "A Segment track message: userId or anonymousId, event, properties, messageId, timestamp"),
    responses((status = 200, body = Success), (status = 400, body = ApiError), (status = 401, body = ApiError), (status = 429, body = ApiError)),
    security(("basic" = ["ingest"]))
)]
pub async fn track(State(state): State<AppState>, headers: HeaderMap, body: Body) -> Result<Json<Success>, ApiError> {
    one(state, headers, body, "track").await
}

#[utoipa::path(
    post, path = "/v1/identify", tag = "segment",
    request_body(content = Object, description = "A Segment identify message: userId or anonymousId, traits, messageId"),
    responses((status = 200, body = Success), (status = 400, body = ApiError), (status = 401, body = ApiError), (status = 429, body = ApiError)),
    security(("basic" = ["ingest"]))
)]
pub async fn identify(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Body,
) -> Result<Json<Success>, ApiError> {
    one(state, headers, body, "identify").await
}

#[utoipa::path(
    post, path = "/v1/batch", tag = "segment",
    request_body(content = Object, description = "`{batch: [messages]}`: at most 500 KB"),
    responses((status = 200, body = Success), (status = 400, body = ApiError), (status = 401, body = ApiError), (status = 429, body = ApiError)),
    security(("basic" = ["ingest"]))
)]
pub async fn batch(State(state): State<AppState>, headers: HeaderMap, body: Body) -> Result<Json<Success>, ApiError> {
    state.authorize(&headers, Scope::Ingest)?;
    let bytes = body_of(body, MAX_BATCH_BYTES, Code::InvalidInput).await?;
    let events = batch_body(&bytes)?;
    if !events.is_empty() {
        store(&state, events).await?;
    }
    Ok(Json(Success { success: true }))
}
