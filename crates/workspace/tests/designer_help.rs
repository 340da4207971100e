//! What the designer asks Rust while a business user edits and tests a journey: each
//! activity's ports and the typed fields in scope there, the functions' signatures, and a
//! test session that lists people waiting in a reaction and sends them the event.

use parcours_model::Activity;
use parcours_workspace::{Actor, Role, Workspace};

/// The samples, opened by a business user (the file outlives the call).
fn seeded(dir: &tempfile::TempDir) -> Workspace {
    let db = dir.path().join("w.sqlite");
    Workspace::open(&db, Actor::with_role("ada", Role::Administrator))
        .unwrap()
        .seed_samples_if_empty()
        .unwrap();
    Workspace::open(&db, Actor::with_role("bo", Role::Business)).unwrap()
}

#[test]
fn journey_help_gives_ports_and_the_typed_scope_upstream_of_each_activity() {
    let dir = tempfile::tempdir().unwrap();
    let ws = seeded(&dir);
    let mut journey = ws.get_journey("cart_recovery").unwrap();
    // The condition gets an error path: Rust says the port exists before anything is saved.
    let version = journey.versions.last_mut().unwrap();
    let node = version.nodes.iter_mut().find(|n| n.id == "still_unpaid").unwrap();
    if let Activity::Condition { error_path, .. } = &mut node.activity {
        *error_path = true;
    }
    let help = ws.journey_help(&journey).unwrap();
    let at = |id: &str| help.nodes.iter().find(|n| n.node == id).unwrap();
    assert_eq!(at("still_unpaid").ports, ["unpaid", "other", "error"]);
    let field = |id: &str, path: &str| at(id).fields.iter().find(|f| f.path == path).cloned();
    let paid = field("still_unpaid", "data.orders.byCart.paid").expect("the lookup's fields");
    assert_eq!(
        (paid.ty.as_str(), paid.group.as_str()),
        ("bool", "Lookup orders.byCart")
    );
    assert_eq!(field("still_unpaid", "event.cart.total").unwrap().ty, "double");
    assert_eq!(field("still_unpaid", "journey.timeZone").unwrap().group, "Journey");
    assert_eq!(field("still_unpaid", "now").unwrap().ty, "timestamp");
    // The action's status is in scope only after the action.
    assert!(field("still_unpaid", "actions.send_reminder.status").is_none());
    assert!(field("end_sent", "actions.send_reminder.status").is_some());
    assert!(help.functions.len() >= 50);
    let add_days = help.functions.iter().find(|f| f.name == "addDays").unwrap();
    assert_eq!(
        add_days.signature,
        "addDays(t: timestamp, n: int, zone: zone) → timestamp"
    );
}

#[test]
fn a_test_session_sends_a_reaction_event_to_a_waiting_person_at_a_chosen_time() {
    let dir = tempfile::tempdir().unwrap();
    let ws = seeded(&dir);
    let start = "2026-01-15T10:00:00Z".parse().unwrap();
    let mut session = ws.start_simulation("loyalty_upgrade", 1, Some(start), false).unwrap();
    session
        .push_events(
            r#"{"at": "2026-01-15T10:00:00Z", "event": "purchase_completed", "overrides": {"customerId": "cu-7"}}"#,
        )
        .unwrap();
    session.advance_to("2026-01-15T12:00:00Z".parse().unwrap()).unwrap();
    let view = session.view();
    assert_eq!(view.waiting.len(), 1, "{:?}", view.result.report);
    let waiting = &view.waiting[0];
    assert_eq!(
        (waiting.person.as_str(), waiting.event.as_str(), waiting.node.as_str()),
        ("cu-7", "coupon_redeemed", "redeemed")
    );
    // Not in the past; and a payload that does not fit says where.
    let err = session
        .send_reaction(
            "cu-7",
            "coupon_redeemed",
            Some("2026-01-15T11:00:00Z".parse().unwrap()),
            None,
        )
        .unwrap_err();
    assert!(err.message.contains("before the simulation's time"), "{}", err.message);
    let mut bad = parcours_workspace::model::field::example_payload(&ws.get_event("coupon_redeemed").unwrap().fields);
    let first = bad
        .as_object()
        .unwrap()
        .keys()
        .find(|k| *k != "customerId")
        .unwrap()
        .clone();
    bad[&first] = serde_json::json!({"not": "this"});
    let err = session
        .send_reaction("cu-7", "coupon_redeemed", None, Some(bad))
        .unwrap_err();
    assert!(err.message.contains(&format!("/{first}:")), "{}", err.message);
    // A day later the person redeems: the reaction's `next` path is taken.
    session
        .send_reaction(
            "cu-7",
            "coupon_redeemed",
            Some("2026-01-16T12:00:00Z".parse().unwrap()),
            None,
        )
        .unwrap();
    session.run();
    let report = session.result().report;
    assert_eq!(report.exits("loyalty_upgrade", "redeemed", "next"), 1);
    assert!(session.view().waiting.is_empty());
}
