//! `POST /v1/events`: events in Parcours' own shape, one or a batch of up to 500.
//! Acknowledged (200) only once they are durable; an id seen before is acknowledged
//! again and not processed twice.

use axum::Json;
use axum::body::Body;
use axum::extract::State;
use axum::http::HeaderMap;
use serde::Deserialize;
use serde_json::Value;
use tokio::sync::oneshot;
use utoipa::ToSchema;

use super::{AppState, body_of, parse};
use crate::error::{ApiError, Code};
use crate::tokens::Scope;
use crate::writer::{Accepted, IngestAck, Work};

/// Most events in one request.
pub const MAX_BATCH: usize = 500;
/// Longest sender id.
pub const MAX_ID: usize = 100;

/// One event.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NativeEvent {
    /// The sender's id for this event: a retry with the same id is not processed twice.
    /// Generated when absent (then no de-duplication).
    #[serde(default)]
    pub id: Option<String>,
    /// The configured event's name; when absent, the event is recognised from its payload.
    #[serde(default)]
    pub name: Option<String>,
    /// The event's fields, as the event configuration describes them.
    #[schema(value_type = Object)]
    pub payload: serde_json::Map<String, Value>,
}

/// A batch.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NativeBatch {
    pub events: Vec<NativeEvent>,
}

/// A fresh id for an event the sender did not name.
pub fn fresh_id() -> String {
    let mut bytes = [0u8; 16];
    // Invariant: getrandom fails only when the OS has no randomness source, never on input.
    getrandom::fill(&mut bytes).expect("the OS gives random bytes");
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!("gen-{hex}")
}

/// Where an event sits in a request, for errors: its id's path and its own.
pub struct Place {
    pub id: String,
    pub event: String,
}

/// Checks an event's id and size.
pub fn accept(
    id: Option<String>,
    name: Option<String>,
    payload: Value,
    place: Place,
    max_bytes: usize,
    too_large: Code,
) -> Result<Accepted, ApiError> {
    if let Some(id) = &id
        && (id.is_empty() || id.len() > MAX_ID)
    {
        return Err(ApiError::invalid(
            place.id,
            format!("an id has 1 to {MAX_ID} characters"),
        ));
    }
    let path = place.event.as_str();
    let size = serde_json::to_vec(&payload).map(|v| v.len()).unwrap_or(usize::MAX);
    if size > max_bytes {
        return Err(ApiError::new(
            too_large,
            format!(
                "{path}: the event is {size} bytes, more than the {} KB allowed",
                max_bytes / 1024
            ),
        )
        .at(path.to_string()));
    }
    Ok(Accepted {
        id: id.unwrap_or_else(fresh_id),
        name,
        payload,
        name_is_hint: false,
    })
}

/// Hands accepted events to the writer and waits until they are durable.
pub async fn store(state: &AppState, events: Vec<Accepted>) -> Result<IngestAck, ApiError> {
    let (reply, answer) = oneshot::channel();
    state.submit(Work::Ingest { events, reply })?;
    answer
        .await
        .map_err(|_| ApiError::unavailable("the runner stopped before storing the events: send them again"))?
}

#[utoipa::path(
    post,
    path = "/v1/events",
    tag = "ingest",
    request_body(content = NativeBatch, description = "One event (`{id?, name?, payload}`) or a batch (`{events: [...]}`, at most 500)"),
    responses(
        (status = 200, description = "Stored and processed (or seen before)", body = IngestAck),
        (status = 400, description = "Malformed", body = ApiError),
        (status = 401, body = ApiError), (status = 403, body = ApiError),
        (status = 413, description = "Body over 1 MB or an event over 64 KB", body = ApiError),
        (status = 429, description = "Queue full or token over its rate; see Retry-After", body = ApiError),
    ),
    security(("bearer" = ["ingest"]))
)]
pub async fn events(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Body,
) -> Result<Json<IngestAck>, ApiError> {
    state.authorize(&headers, Scope::Ingest)?;
    let bytes = body_of(body, state.config.max_body_bytes, Code::PayloadTooLarge).await?;
    let accepted = native_body(&bytes, state.config.max_event_bytes)?;
    Ok(Json(store(&state, accepted).await?))
}

/// The native ingest body (one `{id?, name?, payload}` or `{events: [...]}`) as the
/// events to store: every check that needs no runner state, so it can be fuzzed alone.
pub fn native_body(bytes: &[u8], max_event_bytes: usize) -> Result<Vec<Accepted>, ApiError> {
    let value: Value = parse(bytes)?;
    let (list, batched) = match value {
        Value::Object(ref map) if map.contains_key("events") => {
            let batch: NativeBatch = parse_value(value, "")?;
            (batch.events, true)
        }
        other => (vec![parse_value::<NativeEvent>(other, "")?], false),
    };
    if list.len() > MAX_BATCH {
        return Err(ApiError::invalid(
            "events",
            format!("{} events: a batch holds at most {MAX_BATCH}", list.len()),
        ));
    }
    if list.is_empty() {
        return Err(ApiError::invalid("events", "the batch is empty"));
    }
    let mut accepted = Vec::with_capacity(list.len());
    for (i, e) in list.into_iter().enumerate() {
        let place = if batched {
            Place {
                id: format!("events[{i}].id"),
                event: format!("events[{i}].payload"),
            }
        } else {
            Place {
                id: "id".into(),
                event: "payload".into(),
            }
        };
        accepted.push(accept(
            e.id,
            e.name,
            Value::Object(e.payload),
            place,
            max_event_bytes,
            Code::PayloadTooLarge,
        )?);
    }
    Ok(accepted)
}

/// Deserializes a parsed value, naming the path of what does not fit.
pub fn parse_value<T: serde::de::DeserializeOwned>(value: Value, prefix: &str) -> Result<T, ApiError> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        let path = match (prefix.is_empty(), path == ".") {
            (true, true) => "body".to_string(),
            (true, false) => path,
            (false, true) => prefix.to_string(),
            (false, false) => format!("{prefix}.{path}"),
        };
        ApiError::invalid(path, e.into_inner().to_string())
    })
}
