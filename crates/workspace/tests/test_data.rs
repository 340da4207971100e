//! Test data through the one API: fixtures and test profiles are checked like any other
//! configuration, refused when they would break a run, kept in the workspace file,
//! exported with the journeys, and used by test runs.

use parcours_model::{CannedResponse, Code, Fixture, FixtureTarget, TestProfile};
use parcours_workspace::{Actor, ErrorCode, Role, Workspace};
use serde_json::json;

/// The samples, opened by someone with `role`. The directory must outlive the workspace.
fn seeded(role: Role) -> (tempfile::TempDir, Workspace) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ws.sqlite");
    let mut admin = Workspace::open(&db, Actor::with_role("ada", Role::Administrator)).unwrap();
    assert!(admin.seed_samples_if_empty().unwrap());
    drop(admin);
    let ws = Workspace::open(&db, Actor::with_role("tess", role)).unwrap();
    (dir, ws)
}

fn reminder_fails(status: u16, when: Option<&str>) -> Fixture {
    Fixture {
        target: FixtureTarget::Action {
            name: "send_reminder".into(),
        },
        responses: vec![CannedResponse {
            when: when.map(String::from),
            status,
            body: json!({"error": "unavailable"}),
            latency_ms: None,
        }],
        latency_ms: 0,
        error_rate: 0.0,
        timeout_rate: 0.0,
    }
}

const CART_EVENT: &str =
    "{\"at\": \"2026-01-05T09:00:00Z\", \"event\": \"cart_abandoned\", \"overrides\": {\"cartId\": \"c-1\"}}";

#[test]
fn a_saved_fixture_answers_test_runs_and_a_broken_one_is_refused_with_its_place() {
    let (_dir, mut ws) = seeded(Role::Business);
    let before = ws.run_test_events("cart_recovery", CART_EVENT, false).unwrap();
    assert_eq!(before.report.exits("cart_recovery", "remind", "error"), 0);

    let samples = ws.list_fixtures().unwrap();
    let broken = reminder_fails(700, Some("request.body.cartId ==="));
    let found = ws.check_fixture(&broken).unwrap();
    let codes: Vec<(Code, &str)> = found.iter().map(|d| (d.code, d.path.as_str())).collect();
    assert_eq!(
        codes,
        [
            (Code::FixtureStatus, "responses[0].status"),
            (Code::ExprSyntax, "responses[0].when")
        ]
    );
    let err = ws.save_fixture(&broken).unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidInput);
    assert!(
        err.message.starts_with("fixture:send_reminder responses[0].status"),
        "{}",
        err.message
    );
    assert_eq!(ws.list_fixtures().unwrap(), samples, "nothing was saved");

    let failing = reminder_fails(503, Some("request.body.template == \"cart_reminder\""));
    assert!(ws.save_fixture(&failing).unwrap().is_empty());
    assert!(ws.list_fixtures().unwrap().contains(&failing));
    let after = ws.run_test_events("cart_recovery", CART_EVENT, false).unwrap();
    assert_eq!(after.report.exits("cart_recovery", "remind", "error"), 1);

    ws.delete_fixture(&failing.target).unwrap();
    assert!(!ws.list_fixtures().unwrap().iter().any(|f| f.target == failing.target));
    assert_eq!(
        ws.delete_fixture(&failing.target).unwrap_err().code,
        ErrorCode::NotFound
    );
}

#[test]
fn fixtures_must_name_what_exists_and_go_when_it_goes() {
    let (_dir, mut ws) = seeded(Role::Administrator);
    let unknown = Fixture {
        target: FixtureTarget::DataSource {
            source: "orders".into(),
            group: "nope".into(),
        },
        ..reminder_fails(200, None)
    };
    let found = ws.check_fixture(&unknown).unwrap();
    assert_eq!(found[0].code, Code::FixtureTarget);
    assert_eq!(found[0].path, "target.group");

    let rates = Fixture {
        error_rate: 0.7,
        timeout_rate: 0.6,
        ..reminder_fails(200, None)
    };
    assert_eq!(ws.check_fixture(&rates).unwrap()[0].code, Code::FixtureRate);

    // An action no journey uses can be deleted; its canned answers go with it, or
    // every later simulation would refuse to start.
    let mut spare = ws.get_action("send_reminder").unwrap();
    spare.name = "spare".into();
    ws.save_action(&spare).unwrap();
    let target = FixtureTarget::Action { name: "spare".into() };
    ws.save_fixture(&Fixture {
        target: target.clone(),
        ..reminder_fails(503, None)
    })
    .unwrap();
    let before = ws.list_fixtures().unwrap().len();
    ws.delete_action("spare").unwrap();
    let after = ws.list_fixtures().unwrap();
    assert_eq!(after.len(), before - 1);
    assert!(!after.iter().any(|f| f.target == target));
}

#[test]
fn test_profiles_fill_the_test_payload_and_travel_in_exports() {
    let (_dir, mut ws) = seeded(Role::Business);
    let gold = TestProfile {
        name: "Gold member".into(),
        profile_id: "gold@example.com".into(),
        description: "spends a lot".into(),
        values: [("cart.total".to_string(), json!(980.5))].into(),
    };
    assert!(ws.check_test_profile(&gold).unwrap().is_empty());
    ws.save_test_profile(&gold).unwrap();

    let payload = ws.test_payload("cart_abandoned", Some("Gold member")).unwrap();
    assert_eq!(payload["email"], "gold@example.com");
    assert_eq!(payload["cart"]["total"], 980.5);
    let example = ws.test_payload("cart_abandoned", None).unwrap();
    assert_ne!(example["email"], "gold@example.com");
    assert_eq!(
        ws.test_payload("cart_abandoned", Some("Nobody")).unwrap_err().code,
        ErrorCode::NotFound
    );

    // A run names the profile instead of a payload.
    let line = "{\"at\": \"2026-01-05T09:00:00Z\", \"event\": \"cart_abandoned\", \"profile\": \"Gold member\"}";
    let result = ws.run_test_events("cart_recovery", line, false).unwrap();
    assert_eq!(result.traces[0].profile_id, "gold@example.com");

    let exported = ws.export_bundle(Some("cart_recovery")).unwrap();
    assert!(exported.contains("\"testProfiles\""), "{exported}");
    assert!(exported.contains("gold@example.com"));

    let wrong = TestProfile {
        name: "Wrong".into(),
        profile_id: " ".into(),
        description: String::new(),
        values: [
            ("cart.total".to_string(), json!("lots")),
            ("shoe.size".to_string(), json!(42)),
        ]
        .into(),
    };
    let found: Vec<(Code, String)> = ws
        .check_test_profile(&wrong)
        .unwrap()
        .into_iter()
        .map(|d| (d.code, d.path))
        .collect();
    assert!(
        found.contains(&(Code::ProfileIdMissing, "profileId".into())),
        "{found:?}"
    );
    assert!(
        found.contains(&(Code::ProfileValueType, "values.cart.total".into())),
        "{found:?}"
    );
    assert!(
        found.contains(&(Code::ProfileFieldUnknown, "values.shoe.size".into())),
        "{found:?}"
    );
    assert_eq!(ws.save_test_profile(&wrong).unwrap_err().code, ErrorCode::InvalidInput);

    ws.delete_test_profile("Gold member").unwrap();
    assert!(!ws.list_test_profiles().unwrap().iter().any(|p| p.name == "Gold member"));
    let loyalty = ws.export_bundle(Some("loyalty_upgrade")).unwrap();
    assert!(
        !loyalty.contains("\"testProfiles\""),
        "profiles filling only cart fields stay out of other journeys' exports"
    );
}

#[test]
fn only_people_who_may_test_change_test_data() {
    let (_dir, mut ws) = seeded(Role::Viewer);
    assert!(!ws.list_fixtures().unwrap().is_empty(), "reading is allowed");
    assert_eq!(
        ws.save_fixture(&reminder_fails(503, None)).unwrap_err().code,
        ErrorCode::Forbidden
    );
    let p = TestProfile {
        name: "P".into(),
        profile_id: "p".into(),
        description: String::new(),
        values: Default::default(),
    };
    assert_eq!(ws.save_test_profile(&p).unwrap_err().code, ErrorCode::Forbidden);
    assert_eq!(ws.delete_test_profile("P").unwrap_err().code, ErrorCode::Forbidden);
}

#[test]
fn imports_check_test_data_and_need_the_right_to_test() {
    let (_dir, mut ws) = seeded(Role::Administrator);
    let before = ws.export_bundle(None).unwrap();
    let mut bundle: serde_json::Value = serde_json::from_str(&before).unwrap();
    bundle["fixtures"][0]["responses"][0]["status"] = json!(42);
    let err = ws.import_bundle_text(&bundle.to_string()).unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidInput);
    assert!(
        err.message
            .starts_with("fixtures[0].responses[0].status: 42 is not an HTTP status"),
        "{}",
        err.message
    );
    assert!(err.message.ends_with("nothing was imported"), "{}", err.message);
    assert_eq!(ws.export_bundle(None).unwrap(), before, "nothing changed");

    let only_profiles = json!({
        "format": "parcours.bundle",
        "version": 1,
        "testProfiles": [{"name": "Nemo", "profileId": "nemo", "values": {}}]
    });
    let (_d, mut reader) = seeded(Role::Viewer);
    assert_eq!(
        reader.import_bundle_text(&only_profiles.to_string()).unwrap_err().code,
        ErrorCode::Forbidden
    );
    let (_d2, mut tester) = seeded(Role::Business);
    tester.import_bundle_text(&only_profiles.to_string()).unwrap();
    assert!(tester.list_test_profiles().unwrap().iter().any(|p| p.name == "Nemo"));
}

#[test]
fn a_data_source_takes_its_fixtures_along_and_a_stale_one_does_not_stop_runs() {
    let (_dir, mut ws) = seeded(Role::Administrator);
    // Renaming the field group the sample's fixture answers leaves that fixture behind.
    let mut orders = ws.get_data_source("orders").unwrap();
    orders.field_groups[0].name = "byCartId".into();
    ws.save_data_source(&orders).unwrap();
    let stale = FixtureTarget::DataSource {
        source: "orders".into(),
        group: "byCart".into(),
    };
    assert!(ws.list_fixtures().unwrap().iter().any(|f| f.target == stale));
    let found = ws.validate_all().unwrap();
    assert!(
        found
            .iter()
            .any(|d| d.code == Code::FixtureTarget && d.object == "fixture:orders/byCart"),
        "{found:?}"
    );
    // Runs go on: the journey's own binding to the old group is reported by validation, so
    // use a journey that does not read orders.
    let welcome = "{\"at\": \"2026-01-05T09:00:00Z\", \"event\": \"user_signed_up\"}";
    assert!(ws.run_test_events("welcome_series", welcome, false).is_ok());

    // Deleting the data source deletes its fixtures.
    let mut spare = ws.get_data_source("orders").unwrap();
    spare.name = "spare_orders".into();
    ws.save_data_source(&spare).unwrap();
    let target = FixtureTarget::DataSource {
        source: "spare_orders".into(),
        group: "byCartId".into(),
    };
    ws.save_fixture(&Fixture {
        target: target.clone(),
        ..reminder_fails(200, None)
    })
    .unwrap();
    ws.delete_data_source("spare_orders").unwrap();
    assert!(!ws.list_fixtures().unwrap().iter().any(|f| f.target == target));
}

#[test]
fn a_numeric_profile_id_field_gets_a_number_and_refuses_text() {
    let (_dir, mut ws) = seeded(Role::Administrator);
    let mut event = ws.get_event("cart_abandoned").unwrap();
    event.name = "numbered_cart".into();
    event.recognition = parcours_model::Recognition::Rule {
        condition: "event.eventType == \"cart.numbered\"".into(),
    };
    let field = event.fields.iter_mut().find(|f| f.name == event.profile_id).unwrap();
    field.kind = parcours_model::FieldKind::Integer;
    field.example = Some(json!(7));
    ws.save_event(&event).unwrap();

    let numbered = TestProfile {
        name: "Number 42".into(),
        profile_id: "42".into(),
        description: String::new(),
        values: Default::default(),
    };
    assert!(ws.check_test_profile(&numbered).unwrap().is_empty());
    ws.save_test_profile(&numbered).unwrap();
    assert_eq!(
        ws.test_payload("numbered_cart", Some("Number 42")).unwrap()[&event.profile_id],
        json!(42)
    );

    let named = TestProfile {
        name: "Ada".into(),
        profile_id: "ada@example.com".into(),
        ..numbered
    };
    let found = ws.check_test_profile(&named).unwrap();
    assert!(
        found
            .iter()
            .any(|d| d.code == Code::ProfileValueType && d.path == "profileId" && d.message.contains("numbered_cart")),
        "{found:?}"
    );
}
