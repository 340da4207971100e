//! The shapes of the app's file doors (src-tauri/src/doors.rs), here so their
//! TypeScript types are generated with the others: the window asks for a dialog and gets
//! a token for the chosen file, never a path it could make up.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum FilePurpose {
    /// Read a file the person opened.
    Open,
    /// Write where the person chose to save.
    Save,
}

/// Which dialog filter: bundles (`*.json`) or CSV.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum FileKind {
    Bundle,
    Csv,
}

/// What the window gets back from a dialog: a token, and the file's name to show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FileChoice {
    pub token: String,
    pub name: String,
}
