//! The app shell. It owns the window and the workspace handle; every command is a
//! one-line adapter over `parcours_workspace`, so the app and the CLI behave alike.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod commands;
mod deliveries;
mod doors;
mod rendering;

// The simulator allocates small values per person and step; mimalloc's per-thread
// heaps do that markedly faster than glibc's malloc (see docs/benchmarks.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::sync::Mutex;

use parcours_workspace::{Workspace, default_database_path};
use tauri::Manager;

fn main() {
    rendering::choose();
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
        .with_writer(std::io::stderr)
        .init();
    let path = default_database_path();
    let deliveries_path = path.clone();
    eprintln!("Parcours workspace: {}", path.display());
    let workspace = Workspace::open_local(&path).and_then(|mut ws| ws.seed_samples_if_empty().map(|_| ws));
    let state = commands::AppState(Mutex::new(workspace));
    let result = tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .manage(state)
        .manage(commands::TestSession::default())
        .manage(doors::ChosenFiles::default())
        .setup(move |app| {
            app.manage(deliveries::Deliveries::start(app.handle().clone(), deliveries_path));
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::overview,
            commands::get_journey,
            commands::validate_journey,
            commands::create_journey,
            commands::save_journey,
            commands::validate_draft,
            commands::journey_help,
            commands::example_payload,
            commands::duplicate_journey,
            commands::delete_journey,
            commands::list_events,
            commands::list_fixtures,
            commands::check_fixture,
            commands::save_fixture,
            commands::delete_fixture,
            commands::list_test_profiles,
            commands::check_test_profile,
            commands::save_test_profile,
            commands::delete_test_profile,
            commands::test_payload,
            commands::save_event,
            commands::check_event,
            commands::delete_event,
            commands::list_actions,
            commands::save_action,
            commands::check_action,
            commands::delete_action,
            commands::current_user,
            commands::list_users,
            commands::add_user,
            commands::set_user_role,
            commands::remove_user,
            commands::set_secret,
            commands::secret_is_set,
            commands::bind_secret,
            commands::delete_secret,
            commands::secret_status,
            commands::secrets_overview,
            commands::unlock_secrets,
            commands::run_test_events,
            commands::choose_file,
            commands::preview_import_file,
            commands::import_bundle_file,
            commands::export_bundle_file,
            commands::list_data_sources,
            commands::save_data_source,
            commands::check_data_source,
            commands::delete_data_source,
            commands::test_action,
            commands::test_data_source,
            commands::what_if,
            commands::coverage,
            commands::start_test_session,
            commands::session_push_events,
            commands::session_send_reaction,
            commands::session_step,
            commands::session_next_timer,
            commands::session_advance,
            commands::session_run,
            commands::close_test_session,
            commands::journey_versions,
            commands::publish_journey,
            commands::new_version,
            commands::close_journey,
            commands::stop_journey,
            commands::pause_journey,
            commands::resume_journey,
            commands::diff_versions,
            commands::rollback_journey,
            commands::audit_log,
            commands::list_runners,
            commands::add_runner,
            commands::remove_runner,
            commands::check_runner,
            commands::journey_runners,
            commands::list_pushes,
            commands::publish_to_runners,
            commands::deliver_now,
            commands::live_report,
            commands::live_report_csv,
            commands::export_live_report_csv
        ])
        .run(tauri::generate_context!());
    if let Err(e) = result {
        eprintln!("parcours: the window could not start: {e}");
        std::process::exit(1);
    }
}
