//! The error every use case returns, and what crosses IPC: a stable code for programs,
//! a message for people.

use parcours_model::BundleError;
use parcours_store::StoreError;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ErrorCode {
    NotFound,
    Forbidden,
    InvalidInput,
    /// Refused because validation found errors (publishing, importing a live version).
    ValidationFailed,
    InUse,
    Immutable,
    Conflict,
    Storage,
    NewerDatabase,
    CorruptDatabase,
    NotAWorkspace,
    SecretStore,
    /// Refused until the person confirms (an import that changes where calls go).
    ConfirmationNeeded,
    /// A runner could not be reached (or answered 5xx): the last figures stay on screen.
    Unreachable,
    Internal,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, thiserror::Error)]
#[error("{message}")]
pub struct ApiError {
    pub code: ErrorCode,
    pub message: String,
}

impl ApiError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        ApiError {
            code,
            message: message.into(),
        }
    }

    pub fn not_found(kind: &str, name: &str) -> Self {
        ApiError::new(ErrorCode::NotFound, format!("{kind} `{name}` does not exist"))
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        let code = match &e {
            StoreError::NewerSchema { .. } => ErrorCode::NewerDatabase,
            StoreError::Corrupt { .. } | StoreError::BadRecord { .. } => ErrorCode::CorruptDatabase,
            StoreError::NotAWorkspace { .. } => ErrorCode::NotAWorkspace,
            StoreError::InUse { .. } | StoreError::EventInUse { .. } => ErrorCode::InUse,
            StoreError::Immutable { .. } | StoreError::Live { .. } => ErrorCode::Immutable,
            StoreError::NotFound { .. } => ErrorCode::NotFound,
            StoreError::Exists { .. } | StoreError::LastAdministrator { .. } => ErrorCode::Conflict,
            StoreError::Sqlite(_) | StoreError::Migration(_) => ErrorCode::Storage,
        };
        ApiError::new(code, e.to_string())
    }
}

impl From<BundleError> for ApiError {
    fn from(e: BundleError) -> Self {
        ApiError::new(ErrorCode::InvalidInput, e.to_string())
    }
}
