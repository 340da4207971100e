//! Tauri commands: adapters only. Errors cross IPC as `ApiError` (`{code, message}`).

use std::sync::Mutex;

use parcours_workspace::model::{Diagnostic, Journey};
use parcours_workspace::{ApiError, ErrorCode, Overview, Workspace};
use tauri::State;

/// The workspace, or why it could not be opened (shown by the UI, never a crash).
pub struct AppState(pub Mutex<Result<Workspace, ApiError>>);

fn with<T>(state: &State<AppState>, f: impl FnOnce(&mut Workspace) -> Result<T, ApiError>) -> Result<T, ApiError> {
    let mut guard = state
        .0
        .lock()
        .map_err(|_| ApiError::new(ErrorCode::Internal, "workspace lock poisoned"))?;
    match guard.as_mut() {
        Ok(ws) => f(ws),
        Err(e) => Err(e.clone()),
    }
}

#[tauri::command]
pub fn overview(state: State<AppState>) -> Result<Overview, ApiError> {
    with(&state, |ws| ws.overview())
}

#[tauri::command]
pub fn get_journey(state: State<AppState>, name: String) -> Result<Journey, ApiError> {
    with(&state, |ws| ws.get_journey(&name))
}

#[tauri::command]
pub fn validate_journey(state: State<AppState>, name: String) -> Result<Vec<Diagnostic>, ApiError> {
    with(&state, |ws| ws.validate_journey(&name))
}
