//! Tauri commands: adapters only. Errors cross IPC as `ApiError` (`{code, message}`).

use std::sync::{Mutex, MutexGuard};

use std::collections::BTreeMap;

use parcours_workspace::model::Drain;
use parcours_workspace::model::diff::VersionDiff;
use parcours_workspace::model::lifecycle::AuditEntry;
use parcours_workspace::model::live_report::{Bucket, JourneyReport};
use parcours_workspace::model::{
    CustomAction, DataSource, Diagnostic, Event, Fixture, FixtureTarget, Journey, TestProfile,
};
use parcours_workspace::secrets::{SecretBinding, SecretStatus, SecretStoreKind, SecretsOverview};
use parcours_workspace::simulation::{Job, SessionView, SimulationResult, SimulationSession};
use parcours_workspace::simulator::coverage::Coverage;
use parcours_workspace::test_requests::TestResponse;
use parcours_workspace::{
    ApiError, CurrentUser, ErrorCode, FileKind, ImportPreview, ImportReport, Overview, PublishOutcome, PushInfo, Role,
    RunnerCheck, RunnerInfo, UserInfo, VersionInfo, Workspace,
};
use serde_json::Value;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use tauri::{AppHandle, Emitter, Manager, State};

use crate::doors::{self, ChosenFiles, FileChoice, Purpose};

/// The workspace, or why it could not be opened (shown by the UI, never a crash).
pub struct AppState(pub Mutex<Result<Workspace, ApiError>>);

/// The test panel's step-by-step session, if one is open (one at a time).
#[derive(Default)]
pub struct TestSession(pub Mutex<Option<SimulationSession>>);

/// Runs `f` on the open session on a worker thread (a step may make real calls; a
/// run may be long) and answers what the panel shows next.
async fn with_session(
    app: AppHandle,
    f: impl FnOnce(&mut SimulationSession) -> Result<(), ApiError> + Send + 'static,
) -> Result<SessionView, ApiError> {
    blocking(move || on_session(&app.state::<TestSession>(), f)).await
}

/// The test session, even after a step panicked while holding it: that session's state
/// may be half-stepped, so it is closed (the panel asks for a new one) rather than every
/// later call failing until the app restarts.
fn lock_session(state: &TestSession) -> MutexGuard<'_, Option<SimulationSession>> {
    state.0.lock().unwrap_or_else(|poisoned| {
        state.0.clear_poison();
        let mut guard = poisoned.into_inner();
        *guard = None;
        guard
    })
}

fn on_session(
    state: &State<TestSession>,
    f: impl FnOnce(&mut SimulationSession) -> Result<(), ApiError>,
) -> Result<SessionView, ApiError> {
    let mut guard = lock_session(state);
    let session = guard.as_mut().ok_or_else(|| {
        ApiError::new(
            ErrorCode::InvalidInput,
            "no test session is open: start one from the test panel",
        )
    })?;
    f(session)?;
    Ok(session.view())
}

/// The workspace, even after a command panicked while holding it: the workspace is still
/// whole (every write is one SQLite transaction, rolled back when the panic dropped it),
/// so later commands work rather than all failing until the app restarts.
fn lock_workspace(state: &AppState) -> MutexGuard<'_, Result<Workspace, ApiError>> {
    state.0.lock().unwrap_or_else(|poisoned| {
        state.0.clear_poison();
        poisoned.into_inner()
    })
}

fn with<T>(state: &State<AppState>, f: impl FnOnce(&mut Workspace) -> Result<T, ApiError>) -> Result<T, ApiError> {
    let mut guard = lock_workspace(state);
    match guard.as_mut() {
        Ok(ws) => f(ws),
        Err(e) => Err(e.clone()),
    }
}

/// Prepares a slow job with the workspace (permissions, data), then runs it on a
/// worker thread without holding the workspace: the window (synchronous commands run
/// on its main thread) and the autosave stay responsive during network calls and runs.
async fn run_job<T: Send + 'static>(
    app: &AppHandle,
    prepare: impl FnOnce(&mut Workspace) -> Result<Job<T>, ApiError>,
) -> Result<T, ApiError> {
    let job = with(&app.state::<AppState>(), prepare)?;
    blocking(job).await
}

async fn blocking<T: Send + 'static>(f: impl FnOnce() -> Result<T, ApiError> + Send + 'static) -> Result<T, ApiError> {
    tauri::async_runtime::spawn_blocking(f)
        .await
        .map_err(|e| ApiError::new(ErrorCode::Internal, format!("the task failed: {e}")))?
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

#[tauri::command]
pub fn create_journey(state: State<AppState>, name: String, description: String) -> Result<Journey, ApiError> {
    with(&state, |ws| ws.create_journey(&name, &description))
}

#[tauri::command]
pub fn save_journey(state: State<AppState>, journey: Journey) -> Result<Vec<Diagnostic>, ApiError> {
    with(&state, |ws| ws.save_journey(&journey))
}

#[tauri::command]
pub fn validate_draft(state: State<AppState>, journey: Journey) -> Result<Vec<Diagnostic>, ApiError> {
    with(&state, |ws| ws.validate_draft(&journey))
}

#[tauri::command]
pub fn journey_help(state: State<AppState>, journey: Journey) -> Result<parcours_workspace::JourneyHelp, ApiError> {
    with(&state, |ws| ws.journey_help(&journey))
}

#[tauri::command]
pub fn example_payload(
    state: State<AppState>,
    fields: Vec<parcours_workspace::model::Field>,
) -> Result<serde_json::Value, ApiError> {
    with(&state, |ws| ws.example_payload(&fields))
}

#[tauri::command]
pub fn duplicate_journey(state: State<AppState>, name: String, new_name: String) -> Result<Journey, ApiError> {
    with(&state, |ws| ws.duplicate_journey(&name, &new_name))
}

#[tauri::command]
pub fn delete_journey(state: State<AppState>, name: String) -> Result<(), ApiError> {
    with(&state, |ws| ws.delete_journey(&name))
}

#[tauri::command]
pub fn list_events(state: State<AppState>) -> Result<Vec<Event>, ApiError> {
    with(&state, |ws| ws.list_events())
}

#[tauri::command]
pub fn save_event(state: State<AppState>, event: Event) -> Result<Vec<Diagnostic>, ApiError> {
    with(&state, |ws| ws.save_event(&event))
}

#[tauri::command]
pub fn check_event(state: State<AppState>, event: Event) -> Result<Vec<Diagnostic>, ApiError> {
    with(&state, |ws| ws.check_event(&event))
}

#[tauri::command]
pub fn delete_event(state: State<AppState>, name: String) -> Result<(), ApiError> {
    with(&state, |ws| ws.delete_event(&name))
}

#[tauri::command]
pub fn list_fixtures(state: State<AppState>) -> Result<Vec<Fixture>, ApiError> {
    with(&state, |ws| ws.list_fixtures())
}

#[tauri::command]
pub fn check_fixture(state: State<AppState>, fixture: Fixture) -> Result<Vec<Diagnostic>, ApiError> {
    with(&state, |ws| ws.check_fixture(&fixture))
}

#[tauri::command]
pub fn save_fixture(state: State<AppState>, fixture: Fixture) -> Result<Vec<Diagnostic>, ApiError> {
    with(&state, |ws| ws.save_fixture(&fixture))
}

#[tauri::command]
pub fn delete_fixture(state: State<AppState>, target: FixtureTarget) -> Result<(), ApiError> {
    with(&state, |ws| ws.delete_fixture(&target))
}

#[tauri::command]
pub fn list_test_profiles(state: State<AppState>) -> Result<Vec<TestProfile>, ApiError> {
    with(&state, |ws| ws.list_test_profiles())
}

#[tauri::command]
pub fn check_test_profile(state: State<AppState>, profile: TestProfile) -> Result<Vec<Diagnostic>, ApiError> {
    with(&state, |ws| ws.check_test_profile(&profile))
}

#[tauri::command]
pub fn save_test_profile(state: State<AppState>, profile: TestProfile) -> Result<Vec<Diagnostic>, ApiError> {
    with(&state, |ws| ws.save_test_profile(&profile))
}

#[tauri::command]
pub fn test_payload(state: State<AppState>, event: String, profile: Option<String>) -> Result<Value, ApiError> {
    with(&state, |ws| ws.test_payload(&event, profile.as_deref()))
}

#[tauri::command]
pub fn delete_test_profile(state: State<AppState>, name: String) -> Result<(), ApiError> {
    with(&state, |ws| ws.delete_test_profile(&name))
}

#[tauri::command]
pub fn list_actions(state: State<AppState>) -> Result<Vec<CustomAction>, ApiError> {
    with(&state, |ws| ws.list_actions())
}

#[tauri::command]
pub fn save_action(state: State<AppState>, action: CustomAction) -> Result<Vec<Diagnostic>, ApiError> {
    with(&state, |ws| ws.save_action(&action))
}

#[tauri::command]
pub fn check_action(state: State<AppState>, action: CustomAction) -> Result<Vec<Diagnostic>, ApiError> {
    with(&state, |ws| ws.check_action(&action))
}

#[tauri::command]
pub fn delete_action(state: State<AppState>, name: String) -> Result<(), ApiError> {
    with(&state, |ws| ws.delete_action(&name))
}

#[tauri::command]
pub fn current_user(state: State<AppState>) -> Result<CurrentUser, ApiError> {
    with(&state, |ws| Ok(ws.current_user()))
}

#[tauri::command]
pub fn list_users(state: State<AppState>) -> Result<Vec<UserInfo>, ApiError> {
    with(&state, |ws| ws.list_users())
}

#[tauri::command]
pub fn add_user(state: State<AppState>, name: String, role: Role) -> Result<(), ApiError> {
    with(&state, |ws| ws.add_user(&name, role))
}

#[tauri::command]
pub fn set_user_role(state: State<AppState>, name: String, role: Role) -> Result<(), ApiError> {
    with(&state, |ws| ws.set_user_role(&name, role))
}

#[tauri::command]
pub fn remove_user(state: State<AppState>, name: String) -> Result<(), ApiError> {
    with(&state, |ws| ws.remove_user(&name))
}

/// The value goes to the OS keychain (or the unlocked secrets file) and is never returned.
#[tauri::command]
pub fn set_secret(
    state: State<AppState>,
    name: String,
    value: String,
    binding: SecretBinding,
) -> Result<SecretStoreKind, ApiError> {
    with(&state, |ws| ws.set_secret(&name, &value, &binding))
}

#[tauri::command]
pub fn bind_secret(state: State<AppState>, name: String, binding: SecretBinding) -> Result<(), ApiError> {
    with(&state, |ws| ws.bind_secret(&name, &binding))
}

#[tauri::command]
pub fn delete_secret(state: State<AppState>, name: String) -> Result<(), ApiError> {
    with(&state, |ws| ws.delete_secret(&name))
}

#[tauri::command]
pub fn secret_status(state: State<AppState>, name: String) -> Result<SecretStatus, ApiError> {
    with(&state, |ws| ws.secret_status(&name))
}

#[tauri::command]
pub fn secrets_overview(state: State<AppState>) -> Result<SecretsOverview, ApiError> {
    with(&state, |ws| ws.secrets_overview())
}

/// The passphrase opens the file for this run; it is kept nowhere.
#[tauri::command]
pub async fn unlock_secrets(app: AppHandle, passphrase: String) -> Result<(), ApiError> {
    // The key derivation takes a moment on purpose: not on the window's thread, and not
    // holding the workspace.
    run_job(&app, |ws| Ok(ws.unlock_secrets_job(passphrase))).await
}

#[tauri::command]
pub fn secret_is_set(state: State<AppState>, name: String) -> Result<bool, ApiError> {
    with(&state, |ws| ws.secret_is_set(&name))
}

#[tauri::command]
pub async fn run_test_events(
    app: AppHandle,
    journey: String,
    events: String,
    real_calls: Option<bool>,
) -> Result<SimulationResult, ApiError> {
    run_job(&app, |ws| {
        ws.test_events_job(&journey, &events, real_calls.unwrap_or(false))
    })
    .await
}

/// Shows a native open or save dialog; gives a token for the chosen file (or nothing
/// when cancelled). Only such tokens open the file doors below.
#[tauri::command]
pub async fn choose_file(
    app: AppHandle,
    purpose: Purpose,
    kind: FileKind,
    title: String,
    default_name: Option<String>,
) -> Result<Option<FileChoice>, ApiError> {
    let filter: (&str, &[&str]) = match kind {
        FileKind::Bundle => ("Parcours bundle", &["json"]),
        FileKind::Csv => ("CSV", &["csv"]),
    };
    // The dialog blocks until the person answers: off the window's thread.
    let chosen = blocking({
        let app = app.clone();
        move || Ok(doors::ask(&app, purpose, &title, default_name.as_deref(), filter))
    })
    .await?;
    Ok(chosen.map(|path| app.state::<ChosenFiles>().remember(path, purpose)))
}

/// What importing the chosen file would do (origin changes to confirm); the token
/// stays good for the import.
#[tauri::command]
pub fn preview_import_file(
    state: State<AppState>,
    files: State<ChosenFiles>,
    token: String,
) -> Result<ImportPreview, ApiError> {
    let path = files.redeem(&token, Purpose::Open, true)?;
    with(&state, |ws| ws.preview_import_file(&path))
}

#[tauri::command]
pub fn import_bundle_file(
    state: State<AppState>,
    files: State<ChosenFiles>,
    token: String,
    allow_origin_change: bool,
) -> Result<ImportReport, ApiError> {
    let path = files.redeem(&token, Purpose::Open, false)?;
    with(&state, |ws| ws.import_bundle_file(&path, allow_origin_change))
}

/// No journey means the whole workspace.
#[tauri::command]
pub fn export_bundle_file(
    state: State<AppState>,
    files: State<ChosenFiles>,
    token: String,
    journey: Option<String>,
) -> Result<(), ApiError> {
    let path = files.redeem(&token, Purpose::Save, false)?;
    with(&state, |ws| ws.export_bundle_file(&path, journey.as_deref()))
}

#[tauri::command]
pub fn list_data_sources(state: State<AppState>) -> Result<Vec<DataSource>, ApiError> {
    with(&state, |ws| ws.list_data_sources())
}

#[tauri::command]
pub fn save_data_source(state: State<AppState>, source: DataSource) -> Result<Vec<Diagnostic>, ApiError> {
    with(&state, |ws| ws.save_data_source(&source))
}

#[tauri::command]
pub fn check_data_source(state: State<AppState>, source: DataSource) -> Result<Vec<Diagnostic>, ApiError> {
    with(&state, |ws| ws.check_data_source(&source))
}

#[tauri::command]
pub fn delete_data_source(state: State<AppState>, name: String) -> Result<(), ApiError> {
    with(&state, |ws| ws.delete_data_source(&name))
}

#[tauri::command]
pub async fn test_action(
    app: AppHandle,
    action: CustomAction,
    values: BTreeMap<String, Value>,
) -> Result<TestResponse, ApiError> {
    run_job(&app, |ws| ws.test_action_job(&action, values)).await
}

#[tauri::command]
pub async fn test_data_source(
    app: AppHandle,
    source: DataSource,
    group: String,
    params: BTreeMap<String, Value>,
) -> Result<TestResponse, ApiError> {
    run_job(&app, |ws| ws.test_data_source_job(&source, &group, params)).await
}

/// A what-if run; the window gets `what-if-progress` events (`{done, total}`) every
/// 100 ms for its progress bar.
#[tauri::command]
pub async fn what_if(app: AppHandle, journey: String, people: u32, seed: u64) -> Result<SimulationResult, ApiError> {
    let progress = Arc::new(AtomicU64::new(0));
    let finished = Arc::new(AtomicBool::new(false));
    let reporter = {
        let (app, progress, finished) = (app.clone(), progress.clone(), finished.clone());
        std::thread::spawn(move || {
            while !finished.load(Ordering::Relaxed) {
                let done = progress.load(Ordering::Relaxed);
                let _ = app.emit("what-if-progress", serde_json::json!({ "done": done, "total": people }));
                std::thread::sleep(std::time::Duration::from_millis(100));
            }
        })
    };
    let counter = progress.clone();
    let result = run_job(&app, |ws| ws.what_if_job(&journey, people as usize, seed, counter)).await;
    finished.store(true, Ordering::Relaxed);
    let _ = reporter.join();
    result
}

#[tauri::command]
pub async fn coverage(app: AppHandle, journey: String) -> Result<Coverage, ApiError> {
    run_job(&app, |ws| ws.coverage_job(&journey, 1)).await
}

/// Opens a step-by-step session on the saved journey (replacing any open one).
#[tauri::command]
pub fn start_test_session(
    state: State<AppState>,
    session: State<TestSession>,
    journey: String,
    real_calls: Option<bool>,
) -> Result<SessionView, ApiError> {
    let opened = with(&state, |ws| {
        ws.start_simulation(&journey, 1, None, real_calls.unwrap_or(false))
    })?;
    let view = opened.view();
    *lock_session(&session) = Some(opened);
    Ok(view)
}

#[tauri::command]
pub async fn session_push_events(app: AppHandle, events: String) -> Result<SessionView, ApiError> {
    with_session(app, move |s| s.push_events(&events)).await
}

/// Sends a reaction event from a person in the run (at `at`, default now).
#[tauri::command]
pub async fn session_send_reaction(
    app: AppHandle,
    person: String,
    event: String,
    at: Option<chrono::DateTime<chrono::Utc>>,
    payload: Option<serde_json::Value>,
) -> Result<SessionView, ApiError> {
    with_session(app, move |s| s.send_reaction(&person, &event, at, payload)).await
}

#[tauri::command]
pub async fn session_step(app: AppHandle) -> Result<SessionView, ApiError> {
    with_session(app, move |s| {
        s.step();
        Ok(())
    })
    .await
}

#[tauri::command]
pub async fn session_next_timer(app: AppHandle) -> Result<SessionView, ApiError> {
    with_session(app, move |s| {
        s.run_to_next_timer();
        Ok(())
    })
    .await
}

#[tauri::command]
pub async fn session_advance(app: AppHandle, to: chrono::DateTime<chrono::Utc>) -> Result<SessionView, ApiError> {
    with_session(app, move |s| s.advance_to(to)).await
}

#[tauri::command]
pub async fn session_run(app: AppHandle) -> Result<SessionView, ApiError> {
    with_session(app, move |s| {
        s.run();
        Ok(())
    })
    .await
}

/// Ends the open session, freeing what it holds.
#[tauri::command]
pub fn close_test_session(session: State<TestSession>) -> Result<(), ApiError> {
    *lock_session(&session) = None;
    Ok(())
}

// --- The publish lifecycle ------------------------------------------------------

#[tauri::command]
pub fn journey_versions(state: State<AppState>, name: String) -> Result<Vec<VersionInfo>, ApiError> {
    with(&state, |ws| ws.versions(&name))
}

#[tauri::command]
pub fn publish_journey(
    state: State<AppState>,
    sender: State<crate::deliveries::Deliveries>,
    name: String,
    drain: Drain,
) -> Result<PublishOutcome, ApiError> {
    let outcome = with(&state, |ws| ws.publish(&name, drain))?;
    sender.nudge();
    Ok(outcome)
}

#[tauri::command]
pub fn new_version(state: State<AppState>, name: String) -> Result<u32, ApiError> {
    with(&state, |ws| ws.new_version(&name))
}

#[tauri::command]
pub fn close_journey(
    state: State<AppState>,
    sender: State<crate::deliveries::Deliveries>,
    name: String,
) -> Result<Vec<u32>, ApiError> {
    let moved = with(&state, |ws| ws.close_journey(&name))?;
    sender.nudge();
    Ok(moved)
}

#[tauri::command]
pub fn stop_journey(
    state: State<AppState>,
    sender: State<crate::deliveries::Deliveries>,
    name: String,
) -> Result<Vec<u32>, ApiError> {
    let moved = with(&state, |ws| ws.stop_journey(&name))?;
    sender.nudge();
    Ok(moved)
}

#[tauri::command]
pub fn pause_journey(
    state: State<AppState>,
    sender: State<crate::deliveries::Deliveries>,
    name: String,
) -> Result<Vec<u32>, ApiError> {
    let moved = with(&state, |ws| ws.pause_journey(&name))?;
    sender.nudge();
    Ok(moved)
}

#[tauri::command]
pub fn resume_journey(
    state: State<AppState>,
    sender: State<crate::deliveries::Deliveries>,
    name: String,
) -> Result<Vec<u32>, ApiError> {
    let moved = with(&state, |ws| ws.resume_journey(&name))?;
    sender.nudge();
    Ok(moved)
}

#[tauri::command]
pub fn diff_versions(state: State<AppState>, name: String, from: u32, to: u32) -> Result<VersionDiff, ApiError> {
    with(&state, |ws| ws.diff_versions(&name, from, to))
}

#[tauri::command]
pub fn rollback_journey(
    state: State<AppState>,
    sender: State<crate::deliveries::Deliveries>,
    name: String,
    to: u32,
    drain: Drain,
) -> Result<PublishOutcome, ApiError> {
    let outcome = with(&state, |ws| ws.rollback(&name, to, drain))?;
    sender.nudge();
    Ok(outcome)
}

#[tauri::command]
pub fn audit_log(state: State<AppState>, name: Option<String>) -> Result<Vec<AuditEntry>, ApiError> {
    with(&state, |ws| ws.audit(name.as_deref()))
}

// --- Runners and pushes -------------------------------------------------------------

#[tauri::command]
pub fn list_runners(state: State<AppState>) -> Result<Vec<RunnerInfo>, ApiError> {
    with(&state, |ws| ws.runners())
}

/// The token goes to the keychain; it is never sent back.
#[tauri::command]
pub fn add_runner(
    state: State<AppState>,
    name: String,
    url: String,
    token: Option<String>,
) -> Result<RunnerInfo, ApiError> {
    with(&state, |ws| ws.add_runner(&name, &url, token.as_deref()))
}

#[tauri::command]
pub fn remove_runner(state: State<AppState>, name: String) -> Result<(), ApiError> {
    with(&state, |ws| ws.remove_runner(&name))
}

#[tauri::command]
pub async fn check_runner(app: AppHandle, name: String) -> Result<RunnerCheck, ApiError> {
    let job = with(&app.state::<AppState>(), |ws| ws.runner_check_job(&name))?;
    blocking(move || Ok(job.run())).await
}

#[tauri::command]
pub fn journey_runners(state: State<AppState>, name: String) -> Result<Vec<String>, ApiError> {
    with(&state, |ws| ws.journey_runners(&name))
}

#[tauri::command]
pub fn list_pushes(state: State<AppState>, name: Option<String>) -> Result<Vec<PushInfo>, ApiError> {
    with(&state, |ws| ws.pushes(name.as_deref()))
}

/// Publishes, queues the release for `runners`, and wakes the sender.
#[tauri::command]
pub fn publish_to_runners(
    state: State<AppState>,
    sender: State<crate::deliveries::Deliveries>,
    name: String,
    drain: Drain,
    runners: Vec<String>,
) -> Result<PublishOutcome, ApiError> {
    let outcome = with(&state, |ws| ws.publish_to(&name, drain, Some(runners)))?;
    sender.nudge();
    Ok(outcome)
}

/// "Retry now": every queued push becomes due, and the sender wakes.
#[tauri::command]
pub fn deliver_now(state: State<AppState>, sender: State<crate::deliveries::Deliveries>) -> Result<(), ApiError> {
    with(&state, |ws| ws.retry_pushes_now())?;
    sender.nudge();
    Ok(())
}

/// A journey's live figures from a runner (the canvas's Live view, the report screen).
/// `from` is RFC 3339; `bucket` is minute or hour.
#[tauri::command]
pub async fn live_report(
    app: AppHandle,
    runner: String,
    name: String,
    from: Option<String>,
    bucket: Option<Bucket>,
) -> Result<JourneyReport, ApiError> {
    let job = with(&app.state::<AppState>(), |ws| {
        ws.report_job(&runner, &name, from, bucket)
    })?;
    blocking(move || job.run()).await
}

/// The same figures as CSV (`period_start,version,activity,measure,key,count`), for export.
#[tauri::command]
pub async fn live_report_csv(
    app: AppHandle,
    runner: String,
    name: String,
    from: Option<String>,
    bucket: Option<Bucket>,
) -> Result<String, ApiError> {
    let job = with(&app.state::<AppState>(), |ws| {
        ws.report_job(&runner, &name, from, bucket)
    })?;
    blocking(move || job.fetch(true)).await
}

/// The same figures as CSV, written where the save dialog's `token` says.
#[tauri::command]
pub async fn export_live_report_csv(
    app: AppHandle,
    runner: String,
    name: String,
    from: Option<String>,
    bucket: Option<Bucket>,
    token: String,
) -> Result<(), ApiError> {
    let path = app.state::<ChosenFiles>().redeem(&token, Purpose::Save, false)?;
    let job = with(&app.state::<AppState>(), |ws| {
        ws.report_job(&runner, &name, from, bucket)
    })?;
    blocking(move || job.export_csv(&path)).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn poison<T: Send>(lock: &Mutex<T>) {
        std::thread::scope(|scope| {
            let _ = scope
                .spawn(|| {
                    let _held = lock.lock();
                    panic!("a command panics while holding the lock");
                })
                .join();
        });
        assert!(lock.is_poisoned());
    }

    #[test]
    fn a_panic_under_the_locks_leaves_the_workspace_working_and_closes_the_test_session() {
        let dir = tempfile::tempdir().unwrap();
        let mut ws = Workspace::open_local(&dir.path().join("w.sqlite")).unwrap();
        ws.seed_samples_if_empty().unwrap();
        let session = TestSession::default();
        *lock_session(&session) = Some(ws.start_simulation("cart_recovery", 1, None, false).unwrap());
        let state = AppState(Mutex::new(Ok(ws)));

        poison(&state.0);
        let mut guard = lock_workspace(&state);
        let ws = guard.as_mut().unwrap();
        assert!(
            ws.overview()
                .unwrap()
                .journeys
                .iter()
                .any(|j| j.name == "cart_recovery")
        );
        drop(guard);
        assert!(!state.0.is_poisoned());

        // The session's step may have stopped half-way: it is closed, not resumed.
        poison(&session.0);
        assert!(lock_session(&session).is_none());
        assert!(!session.0.is_poisoned());
    }
}
