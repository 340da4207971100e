//! The designer's use cases: create and duplicate journeys, check drafts and
//! configurations as they are typed (nothing saved), run test events.

use parcours_model::{Activity, Code, JourneyStatus, Severity};
use parcours_workspace::{Actor, ErrorCode, Role, Workspace};

fn seeded() -> Workspace {
    let mut ws = Workspace::open_in_memory(Actor::with_role("ada", Role::Administrator)).unwrap();
    assert!(ws.seed_samples_if_empty().unwrap());
    ws
}

#[test]
fn new_journeys_start_as_an_empty_draft_and_names_are_not_reused() {
    let mut ws = seeded();
    let j = ws.create_journey("spring_sale", "Spring campaign").unwrap();
    assert_eq!(j.versions.len(), 1);
    assert_eq!(j.versions[0].status, JourneyStatus::Draft);
    assert!(j.versions[0].nodes.is_empty());
    assert_eq!(ws.get_journey("spring_sale").unwrap(), j);
    let err = ws.create_journey("spring_sale", "again").unwrap_err();
    assert_eq!(err.code, ErrorCode::Conflict);
    assert!(err.message.contains("spring_sale"), "{}", err.message);
    assert_eq!(ws.get_journey("spring_sale").unwrap().description, "Spring campaign");
    let bad = ws.create_journey("no spaces", "").unwrap_err();
    assert_eq!(bad.code, ErrorCode::InvalidInput);
}

#[test]
fn a_duplicate_is_a_draft_copy_of_the_latest_version() {
    let mut ws = seeded();
    let source = ws.get_journey("cart_recovery").unwrap();
    let copy = ws.duplicate_journey("cart_recovery", "cart_recovery_b").unwrap();
    assert_eq!(copy.versions.len(), 1);
    assert_eq!(copy.versions[0].version, 1);
    assert_eq!(copy.versions[0].status, JourneyStatus::Draft);
    assert_eq!(copy.versions[0].nodes, source.latest().unwrap().nodes);
    assert_eq!(ws.get_journey("cart_recovery_b").unwrap(), copy);
    assert_eq!(
        ws.duplicate_journey("cart_recovery", "welcome_series")
            .unwrap_err()
            .code,
        ErrorCode::Conflict
    );
    assert_eq!(ws.duplicate_journey("nope", "x").unwrap_err().code, ErrorCode::NotFound);
}

#[test]
fn a_draft_is_checked_without_being_saved() {
    let ws = seeded();
    let saved = ws.get_journey("cart_recovery").unwrap();
    let mut draft = saved.clone();
    let version = draft.versions.iter_mut().max_by_key(|v| v.version).unwrap();
    let node = version
        .nodes
        .iter_mut()
        .find(|n| matches!(n.activity, Activity::Condition { .. }))
        .unwrap();
    let id = node.id.clone();
    if let Activity::Condition { paths, .. } = &mut node.activity {
        paths[0].expression = "event.no_such_field > 1".into();
    }
    let diagnostics = ws.validate_draft(&draft).unwrap();
    let problem = diagnostics
        .iter()
        .find(|d| d.node.as_deref() == Some(id.as_str()) && d.severity == Severity::Error)
        .unwrap_or_else(|| panic!("no error on {id}: {diagnostics:#?}"));
    assert!(problem.path.contains("expression"), "{problem:?}");
    assert!(problem.message.contains("no_such_field"), "{problem:?}");
    assert_eq!(ws.get_journey("cart_recovery").unwrap(), saved, "nothing saved");
    assert!(
        ws.validate_journey("cart_recovery")
            .unwrap()
            .iter()
            .all(|d| d.severity != Severity::Error)
    );
}

#[test]
fn configurations_are_checked_without_being_saved() {
    let ws = seeded();
    let mut event = ws.list_events().unwrap().remove(0);
    event.profile_id = "not_a_field".into();
    let d = ws.check_event(&event).unwrap();
    assert!(
        d.iter()
            .any(|d| d.severity == Severity::Error && d.path.contains("profileId")),
        "{d:#?}"
    );
    assert_ne!(ws.get_event(&event.name).unwrap().profile_id, "not_a_field");

    let mut action = ws.list_actions().unwrap().remove(0);
    action.url = "not a url".into();
    let d = ws.check_action(&action).unwrap();
    assert!(
        d.iter().any(|d| d.severity == Severity::Error && d.path == "url"),
        "{d:#?}"
    );
    assert_ne!(ws.get_action(&action.name).unwrap().url, "not a url");
}

#[test]
fn test_events_run_to_the_end_and_bad_input_names_the_line() {
    let ws = seeded();
    let result = ws
        .run_test_events(
            "cart_recovery",
            "{\"at\": \"2026-01-05T09:00:00Z\", \"event\": \"cart_abandoned\", \"overrides\": {\"cartId\": \"c-1\"}}",
            false,
        )
        .unwrap();
    assert_eq!(result.report.journeys["cart_recovery"].entered, 1);
    let visited: Vec<&str> = result.traces[0].entries.iter().map(|e| e.node.as_str()).collect();
    assert!(visited.contains(&"wait_1h"), "{visited:?}");

    let err = ws.run_test_events("cart_recovery", "\n{\"at\": 3}", false).unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidInput);
    assert!(err.message.starts_with("line 2"), "{}", err.message);
}

#[test]
fn a_journey_with_errors_cannot_be_tested() {
    let mut ws = seeded();
    let mut j = ws.create_journey("broken", "").unwrap();
    j.versions[0].nodes.push(parcours_model::Node {
        id: "start".into(),
        label: String::new(),
        position: Default::default(),
        activity: Activity::Entry {
            event: "no_such_event".into(),
        },
    });
    let d = ws.save_journey(&j).unwrap();
    assert!(d.iter().any(|d| d.code == Code::UnknownEvent), "{d:#?}");
    let err = ws
        .run_test_events(
            "broken",
            "{\"at\": \"2026-01-05T09:00:00Z\", \"event\": \"cart_abandoned\"}",
            false,
        )
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidInput);
    assert!(err.message.contains("broken"), "{}", err.message);
}

#[test]
fn bundle_files_import_and_export_and_errors_name_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let ws = seeded();
    let file = dir.path().join("cart.parcours.json");
    ws.export_bundle_file(&file, None).unwrap();
    // A second export replaces the first, and no partial file is left beside it.
    ws.export_bundle_file(&file, Some("cart_recovery")).unwrap();
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(names, ["cart.parcours.json"]);
    let text = std::fs::read_to_string(&file).unwrap();
    assert_eq!(text, ws.export_bundle(Some("cart_recovery")).unwrap());

    let mut other = Workspace::open_in_memory(Actor::with_role("ada", Role::Administrator)).unwrap();
    let report = other.import_bundle_file(&file, false).unwrap();
    assert_eq!(report.journeys, 1);
    assert_eq!(
        other.get_journey("cart_recovery").unwrap(),
        ws.get_journey("cart_recovery").unwrap()
    );

    let broken = dir.path().join("broken.parcours.json");
    std::fs::write(&broken, text.replacen("\"nodes\"", "\"nodez\"", 1)).unwrap();
    let err = other.import_bundle_file(&broken, false).unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidInput);
    assert!(
        err.message.starts_with(&broken.display().to_string()),
        "{}",
        err.message
    );
    assert!(err.message.contains("journeys[0]"), "{}", err.message);

    let missing = other
        .import_bundle_file(&dir.path().join("nope.json"), false)
        .unwrap_err();
    assert!(missing.message.contains("nope.json"), "{}", missing.message);

    // Exporting into a folder that does not exist fails and leaves nothing behind.
    let err = ws
        .export_bundle_file(&dir.path().join("no/such/dir/out.json"), None)
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::Storage);
    assert!(err.message.contains("out.json"), "{}", err.message);

    // Someone who may not import is told so before the file is read.
    let mut reader = Workspace::open_in_memory(Actor::with_role("ro", Role::Viewer)).unwrap();
    let err = reader
        .import_bundle_file(&dir.path().join("nope.json"), false)
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::Forbidden);
}

#[test]
fn real_calls_need_the_right_to_manage_configurations_and_runs_have_a_size_limit() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("w.sqlite");
    let admin = {
        let mut admin = Workspace::open(&db, Actor::with_role("ada", Role::Administrator)).unwrap();
        admin.seed_samples_if_empty().unwrap();
        admin
    };
    let business = Workspace::open(&db, Actor::with_role("bo", Role::Business)).unwrap();
    let event = "{\"at\": \"2026-01-05T09:00:00Z\", \"event\": \"cart_abandoned\"}";
    assert!(business.run_test_events("cart_recovery", event, false).is_ok());
    assert_eq!(
        business.run_test_events("cart_recovery", event, true).unwrap_err().code,
        ErrorCode::Forbidden
    );
    assert_eq!(
        business
            .start_simulation("cart_recovery", 1, None, true)
            .err()
            .unwrap()
            .code,
        ErrorCode::Forbidden
    );
    let too_many = parcours_workspace::simulation::MAX_PEOPLE + 1;
    let err = admin
        .what_if_job("cart_recovery", too_many, 1, Default::default())
        .err()
        .unwrap();
    assert_eq!(err.code, ErrorCode::InvalidInput);
    assert!(err.message.contains("limit"), "{}", err.message);
}

#[test]
fn what_if_runs_count_progress_and_report_branch_volumes() {
    let ws = seeded();
    let progress = std::sync::atomic::AtomicU64::new(0);
    let result = ws.what_if("cart_recovery", 500, 7, &progress).unwrap();
    assert_eq!(progress.load(std::sync::atomic::Ordering::Relaxed), 500);
    assert_eq!(result.report.journeys["cart_recovery"].entered, 500);
    let exits: u64 = result.report.nodes["cart_recovery"]["still_unpaid"]
        .exited
        .values()
        .sum();
    assert_eq!(exits, 500, "every person leaves the condition by one of its ports");
    assert!(result.traces.is_empty(), "what-if runs keep no per-person traces");
    let again = ws
        .what_if("cart_recovery", 500, 7, &std::sync::atomic::AtomicU64::new(0))
        .unwrap();
    assert_eq!(again.report, result.report, "same seed, same volumes");
}

#[test]
fn a_test_session_view_shows_the_clock_and_what_comes_next() {
    let ws = seeded();
    let mut session = ws.start_simulation("cart_recovery", 1, None, false).unwrap();
    assert!(session.view().next_at.is_none(), "nothing queued yet");
    session
        .push_events("{\"at\": \"2026-01-05T09:00:00Z\", \"event\": \"cart_abandoned\"}")
        .unwrap();
    assert_eq!(
        session.view().next_at.unwrap().to_rfc3339(),
        "2026-01-05T09:00:00+00:00"
    );
    session.step();
    let view = session.view();
    assert_eq!(view.now.to_rfc3339(), "2026-01-05T09:00:00+00:00");
    assert_eq!(
        view.next_at.unwrap().to_rfc3339(),
        "2026-01-05T10:00:00+00:00",
        "the one-hour wait is next"
    );
    assert_eq!(view.result.report.nodes["cart_recovery"]["wait_1h"].waiting, 1);
    let json = serde_json::to_value(&view).unwrap();
    assert!(json.get("nextAt").is_some() && json.get("now").is_some(), "{json}");
}
