//! What the runner answers when it refuses: `{code, message, path?}` with the HTTP
//! status that goes with the code, read the same way as the app's `ApiError`. A code is
//! for programs and never changes; the message is for people and names the place (the
//! JSON path, the header, the journey).

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Code {
    /// Malformed JSON, a wrong type, a missing field (400).
    InvalidInput,
    /// No token, or one the runner does not know (401).
    Unauthorized,
    /// The token lacks the scope this call needs (403).
    Forbidden,
    /// No such journey or version (404).
    NotFound,
    /// The route exists, not with this method (405).
    MethodNotAllowed,
    /// The same version with other content, or a move the state does not allow (409).
    Conflict,
    /// A body over the size limit (413).
    PayloadTooLarge,
    /// A release with validation errors or a broken hash (422).
    ValidationFailed,
    /// A release naming a secret the runner does not have (422).
    MissingSecret,
    /// A release sending a secret to an origin the runner's binding refuses (422).
    SecretNotBound,
    /// Too many requests for this token (429).
    RateLimited,
    /// The ingest queue is full: retry after the time given (429).
    QueueFull,
    /// The runner is stopping, or its storage failed (503).
    Unavailable,
    Internal,
}

impl Code {
    pub fn status(self) -> StatusCode {
        match self {
            Code::InvalidInput => StatusCode::BAD_REQUEST,
            Code::Unauthorized => StatusCode::UNAUTHORIZED,
            Code::Forbidden => StatusCode::FORBIDDEN,
            Code::NotFound => StatusCode::NOT_FOUND,
            Code::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            Code::Conflict => StatusCode::CONFLICT,
            Code::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Code::ValidationFailed | Code::MissingSecret | Code::SecretNotBound => StatusCode::UNPROCESSABLE_ENTITY,
            Code::RateLimited | Code::QueueFull => StatusCode::TOO_MANY_REQUESTS,
            Code::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            Code::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ApiError {
    pub code: Code,
    pub message: String,
    /// Where in the request: a JSON path (`batch[3].userId`), a header, a parameter.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// More for programs: a release's diagnostics, the missing secrets.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Object>)]
    pub detail: Option<Box<serde_json::Value>>,
    /// Seconds to wait before retrying (429, 503).
    #[serde(skip)]
    pub retry_after: Option<u64>,
}

impl ApiError {
    pub fn new(code: Code, message: impl Into<String>) -> Self {
        ApiError {
            code,
            message: message.into(),
            path: None,
            detail: None,
            retry_after: None,
        }
    }

    pub fn at(mut self, path: impl Into<String>) -> Self {
        self.path = Some(path.into());
        self
    }

    pub fn with_detail(mut self, detail: serde_json::Value) -> Self {
        self.detail = Some(Box::new(detail));
        self
    }

    pub fn retry_after(mut self, seconds: u64) -> Self {
        self.retry_after = Some(seconds);
        self
    }

    pub fn invalid(path: impl Into<String>, message: impl Into<String>) -> Self {
        let path = path.into();
        let message = format!("{path}: {}", message.into());
        ApiError::new(Code::InvalidInput, message).at(path)
    }

    pub fn unavailable(message: impl Into<String>) -> Self {
        ApiError::new(Code::Unavailable, message).retry_after(1)
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.code.status();
        let retry = self.retry_after;
        let mut response = (status, axum::Json(self)).into_response();
        if let Some(seconds) = retry {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        if status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"parcours-runner\", Basic realm=\"parcours-runner\""),
            );
        }
        response
    }
}

impl From<crate::storage::StorageError> for ApiError {
    fn from(e: crate::storage::StorageError) -> Self {
        tracing::error!(error = %e, "storage");
        ApiError::unavailable(format!("storage: {e}"))
    }
}
