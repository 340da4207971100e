//! The use-case API as the app and the CLI see it: permissions, samples, overview,
//! import/export, errors as `{code, message}`.

use parcours_model::{Bundle, Code, Drain, JourneyStatus};
use parcours_workspace::{Actor, ApiError, ErrorCode, Permission, Role, Workspace, samples::SAMPLES};

fn admin() -> Workspace {
    Workspace::open_in_memory(Actor::with_role("ada", Role::Administrator)).unwrap()
}

fn seeded() -> Workspace {
    let mut ws = admin();
    assert!(ws.seed_samples_if_empty().unwrap());
    ws
}

#[test]
fn samples_seed_an_empty_workspace_once() {
    let mut ws = seeded();
    assert!(!ws.seed_samples_if_empty().unwrap());
    let overview = ws.overview().unwrap();
    let names: Vec<&str> = overview.journeys.iter().map(|j| j.name.as_str()).collect();
    assert_eq!(
        names,
        ["cart_recovery", "loyalty_upgrade", "vip_onboarding", "welcome_series"]
    );
    assert!(overview.journeys.iter().all(|j| j.errors == 0 && j.warnings == 0));
    let push = overview.actions.iter().find(|a| a.name == "send_push").unwrap();
    assert_eq!(push.used_in, 2);
    assert_eq!(overview.events.len(), 6);
    assert_eq!(overview.data_sources[0].used_in, 1);
}

#[test]
fn permissions_are_enforced_by_the_api() {
    let path = tempfile::tempdir().unwrap();
    let db = path.path().join("w.sqlite");
    let mut admin = Workspace::open(&db, Actor::with_role("ada", Role::Administrator)).unwrap();
    admin.seed_samples_if_empty().unwrap();
    let event = admin.get_event("cart_abandoned").unwrap();
    let journey = admin.get_journey("welcome_series").unwrap();
    drop(admin);

    let mut business = Workspace::open(&db, Actor::with_role("bo", Role::Business)).unwrap();
    assert_eq!(business.save_event(&event).unwrap_err().code, ErrorCode::Forbidden);
    assert!(business.save_journey(&journey).is_ok());
    drop(business);

    let mut technical = Workspace::open(&db, Actor::with_role("tec", Role::Technical)).unwrap();
    assert!(technical.save_event(&event).is_ok());
    assert_eq!(technical.save_journey(&journey).unwrap_err().code, ErrorCode::Forbidden);
    assert_eq!(
        technical.import_bundle_text(SAMPLES[0].1).unwrap_err().code,
        ErrorCode::Forbidden
    );
    // Configurations alone are a technical user's to import.
    let mut configs_only = Bundle::parse(SAMPLES[0].1).unwrap();
    configs_only.journeys.clear();
    assert!(technical.import_bundle_text(&configs_only.to_canonical_json()).is_ok());
    drop(technical);

    let mut reader = Workspace::open(&db, Actor::with_role("ro", Role::Viewer)).unwrap();
    assert!(reader.overview().is_ok());
    assert_eq!(
        reader.delete_journey("welcome_series").unwrap_err().code,
        ErrorCode::Forbidden
    );
}

#[test]
fn publishing_needs_the_publish_permission() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("w.sqlite");
    let mut admin = Workspace::open(&db, Actor::with_role("ada", Role::Administrator)).unwrap();
    admin.seed_samples_if_empty().unwrap();
    let mut journey = admin.get_journey("welcome_series").unwrap();
    drop(admin);
    let mut designer = Actor::with_role("dee", Role::Business);
    designer.permissions.remove(&Permission::PublishJourneys);
    let mut ws = Workspace::open(&db, designer).unwrap();
    journey.versions[0].nodes[0].label = "Signed up (edited)".into();
    assert!(ws.save_journey(&journey).is_ok(), "drafts are theirs to edit");
    journey.versions[0].status = JourneyStatus::Live;
    let refused = ws.save_journey(&journey).unwrap_err();
    assert_eq!(refused.code, ErrorCode::Conflict, "a save never publishes: {refused:?}");
    assert_eq!(
        ws.publish("welcome_series", Drain::ClosePrevious).unwrap_err().code,
        ErrorCode::Forbidden
    );
    let mut bundle = Bundle::parse(SAMPLES[1].1).unwrap();
    bundle.journeys[0].versions[0].status = JourneyStatus::Live;
    bundle.events.clear();
    bundle.actions.clear();
    bundle.fixtures.clear();
    assert_eq!(
        ws.import_bundle_text(&bundle.to_canonical_json()).unwrap_err().code,
        ErrorCode::Forbidden
    );
}

#[test]
fn saving_a_journey_with_errors_keeps_it_and_reports_them() {
    let mut ws = seeded();
    let mut journey = ws.get_journey("welcome_series").unwrap();
    journey.versions[0].edges.pop();
    let diagnostics = ws.save_journey(&journey).unwrap();
    assert!(diagnostics.iter().any(|d| d.code == Code::OpenPort), "{diagnostics:?}");
    assert_eq!(ws.get_journey("welcome_series").unwrap(), journey);
    assert_eq!(ws.overview().unwrap().journeys[3].errors as usize, diagnostics.len());
}

#[test]
fn export_of_one_journey_carries_what_it_uses() {
    let ws = seeded();
    let text = ws.export_bundle(Some("loyalty_upgrade")).unwrap();
    let bundle = Bundle::parse(&text).unwrap();
    let journeys: Vec<&str> = bundle.journeys.iter().map(|j| j.name.as_str()).collect();
    assert_eq!(journeys, ["loyalty_upgrade", "vip_onboarding"]);
    let events: Vec<&str> = bundle.events.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(events, ["coupon_redeemed", "purchase_completed", "vip_nominated"]);
    assert!(bundle.data_sources.is_empty());
    // It is the example file itself.
    assert_eq!(text, SAMPLES[2].1);
    // And it imports into an empty workspace without anything missing.
    let mut fresh = admin();
    fresh.import_bundle_text(&text).unwrap();
    assert!(ws.export_bundle(None).unwrap().len() > text.len());
    assert_eq!(ws.export_bundle(Some("nope")).unwrap_err().code, ErrorCode::NotFound);
}

#[test]
fn import_then_export_gives_the_same_bytes() {
    for (name, text) in SAMPLES {
        let mut ws = admin();
        ws.import_bundle_text(text).unwrap();
        assert_eq!(ws.export_bundle(None).unwrap(), *text, "{name}");
    }
}

#[test]
fn a_bad_import_names_the_place_and_loses_nothing() {
    let mut ws = seeded();
    let before = ws.export_bundle(None).unwrap();
    let mut value: serde_json::Value = serde_json::from_str(SAMPLES[1].1).unwrap();
    value["journeys"][0]["versions"][0]["nodes"][3]["activity"]["branches"][0]["weight"] = "half".into();
    let err: ApiError = ws.import_bundle_text(&value.to_string()).unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidInput);
    assert!(
        err.message.starts_with("journeys[0].versions[0].nodes[3].activity"),
        "{}",
        err.message
    );

    let mut value: serde_json::Value = serde_json::from_str(SAMPLES[2].1).unwrap();
    value["journeys"][1]["versions"][0]["nodes"][1]["activity"]["action"] = "send_fax".into();
    value["events"][0]["description"] = "should not land".into();
    let err = ws.import_bundle_text(&value.to_string()).unwrap_err();
    assert!(
        err.message.contains("journeys[1].versions[0].nodes[1].activity.action"),
        "{}",
        err.message
    );
    assert!(err.message.contains("nothing was imported"), "{}", err.message);
    assert_eq!(ws.export_bundle(None).unwrap(), before);
}

#[test]
fn an_oversized_journey_is_refused_before_any_write() {
    // Before: import committed a 100,000-activity journey, then validation overflowed.
    let mut ws = seeded();
    let before = ws.export_bundle(None).unwrap();
    let mut value: serde_json::Value = serde_json::from_str(SAMPLES[0].1).unwrap();
    let version = &mut value["journeys"][0]["versions"][0];
    let nodes = version["nodes"].as_array_mut().unwrap();
    for i in 0..100_000 {
        nodes.push(serde_json::json!({"id": format!("extra{i}"), "activity": {"type": "end"}}));
    }
    let err = ws.import_bundle_text(&value.to_string()).unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidInput);
    assert!(
        err.message.starts_with("journeys[0].versions[0].nodes: "),
        "{}",
        err.message
    );
    assert!(err.message.contains("over the limit of 1000"), "{}", err.message);
    assert_eq!(ws.export_bundle(None).unwrap(), before);

    // The designer's save is held to the same limits and names.
    let mut journey = ws.get_journey("cart_recovery").unwrap();
    journey.versions.last_mut().unwrap().nodes[1].id = "wait\u{202E}1".into();
    let err = ws.save_journey(&journey).unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidInput);
    assert!(
        err.message
            .contains(".nodes[1].id: holds the invisible character U+202E"),
        "{}",
        err.message
    );
    assert!(err.message.ends_with("not saved"), "{}", err.message);
    assert_eq!(ws.export_bundle(None).unwrap(), before);
}

#[test]
fn errors_serialize_as_code_and_message() {
    let err = ApiError::new(ErrorCode::InUse, "event `x` is used by journey `y`");
    assert_eq!(
        serde_json::to_value(&err).unwrap(),
        serde_json::json!({"code": "IN_USE", "message": "event `x` is used by journey `y`"})
    );
}

#[test]
fn opening_a_newer_database_reports_its_code() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("w.sqlite");
    drop(Workspace::open(&db, Actor::with_role("a", Role::Administrator)).unwrap());
    let conn = rusqlite_free_set_version(&db);
    drop(conn);
    let err = Workspace::open(&db, Actor::with_role("a", Role::Administrator))
        .err()
        .unwrap();
    assert_eq!(err.code, ErrorCode::NewerDatabase);
}

/// Bumps the schema version with the sqlite3 shell-free route: the store's own
/// migration test covers the details, here only the code mapping matters.
fn rusqlite_free_set_version(path: &std::path::Path) -> std::fs::File {
    // user_version lives at byte offset 60 of the database header (big-endian).
    use std::io::{Seek, SeekFrom, Write};
    let mut f = std::fs::OpenOptions::new().write(true).open(path).unwrap();
    f.seek(SeekFrom::Start(60)).unwrap();
    f.write_all(&99u32.to_be_bytes()).unwrap();
    f.sync_all().unwrap();
    f
}

#[test]
fn test_mode_steps_runs_to_timers_and_travels_in_time() {
    let ws = seeded();
    let mut session = ws.start_simulation("cart_recovery", 1, None, false).unwrap();
    session
        .push_events(
            "{\"at\": \"2026-01-05T09:00:00Z\", \"event\": \"cart_abandoned\", \"overrides\": {\"cartId\": \"c-1\"}}",
        )
        .unwrap();
    assert!(session.step());
    let report = session.result().report;
    assert_eq!(report.nodes["cart_recovery"]["wait_1h"].waiting, 1);
    session.run_to_next_timer();
    assert_eq!(session.now().to_rfc3339(), "2026-01-05T10:00:00+00:00");
    session.advance_to("2026-01-06T00:00:00Z".parse().unwrap()).unwrap();
    let result = session.result();
    assert_eq!(result.report.journeys["cart_recovery"].finished, 1);
    assert!(!result.traces[0].entries.is_empty());
    let err = session.advance_to("2026-01-01T00:00:00Z".parse().unwrap()).unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidInput);

    let reader = Workspace::open_in_memory(Actor::with_role("ro", Role::Viewer)).unwrap();
    assert_eq!(
        reader
            .start_simulation("cart_recovery", 1, None, false)
            .err()
            .unwrap()
            .code,
        ErrorCode::Forbidden
    );
}
