//! Data lookups that fail, and fixtures that behave like the real connector: a failed
//! lookup takes the default value, the activity's error path, or ends the person; a
//! fixture slower than the budget is a timeout; retryable statuses are retried by the
//! connector's policy, counted, and cost the policy's virtual time.

use chrono::{DateTime, Utc};
use parcours_engine::{Outcome, State};
use parcours_model::{Activity, Bundle, Edge};
use parcours_simulator::{Options, Simulator, TestEvent, TraceKind};
use serde_json::json;

const CART: &str = include_str!("../../../examples/cart_abandonment.parcours.json");

fn t(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

/// The cart example, with the orders lookup answering 404 for carts `gone-…`, a 503
/// for `flaky-…`, and after 40 s (over the 30 s budget) for `slow-…`.
fn bundle(change: impl FnOnce(&mut parcours_model::JourneyVersion)) -> Bundle {
    let mut b = Bundle::parse(CART).unwrap();
    let fixture = b
        .fixtures
        .iter_mut()
        .find(|f| matches!(&f.target, parcours_model::FixtureTarget::DataSource { .. }))
        .unwrap();
    let canned: Vec<parcours_model::CannedResponse> = serde_json::from_value(json!([
        {"when": "request.params.cartId.startsWith(\"gone-\")", "status": 404, "body": {"error": "no such cart"}},
        {"when": "request.params.cartId.startsWith(\"flaky-\")", "status": 503, "body": {}},
        {"when": "request.params.cartId.startsWith(\"slow-\")", "status": 200, "latencyMs": 40000, "body": {"paid": true}},
    ]))
    .unwrap();
    fixture.responses.splice(0..0, canned);
    let journey = b.journeys.iter_mut().find(|j| j.name == "cart_recovery").unwrap();
    change(journey.versions.last_mut().unwrap());
    b
}

fn run(b: &Bundle, cart: &str) -> Simulator {
    let options = Options {
        seed: 1,
        start: t("2026-01-15T09:00:00Z"),
        trace: true,
        real: None,
    };
    let mut s = Simulator::new(b, "cart_recovery", options).unwrap();
    let event = TestEvent {
        at: t("2026-01-15T09:00:00Z"),
        event: Some("cart_abandoned".into()),
        payload: None,
        overrides: json!({"email": "ada@example.com", "cartId": cart}).as_object().cloned(),
        profile: None,
    };
    s.push_event(0, &event).unwrap();
    s.run();
    s
}

fn outcome(s: &Simulator) -> Outcome {
    match &s.instances()[0].state {
        State::Done { outcome } => outcome.clone(),
        other => panic!("still running: {other:?}"),
    }
}

fn condition_error_path(v: &mut parcours_model::JourneyVersion) {
    let node = v.nodes.iter_mut().find(|n| n.id == "still_unpaid").unwrap();
    let Activity::Condition { error_path, .. } = &mut node.activity else {
        panic!("still_unpaid is a condition")
    };
    *error_path = true;
    v.edges.push(Edge {
        from: "still_unpaid".into(),
        port: "error".into(),
        to: "end_failed".into(),
    });
}

#[test]
fn an_unhandled_failed_lookup_ends_the_person_with_the_reason() {
    let s = run(&bundle(|_| {}), "gone-1");
    match outcome(&s) {
        Outcome::Failed { reason } => assert!(
            reason.contains("orders.byCart") && reason.contains("http_404"),
            "{reason}"
        ),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_default_value_stands_in_for_a_failed_lookup() {
    let b = bundle(|v| {
        v.data[0].default =
            Some(json!({"orderId": "", "paid": false, "total": 0.0, "updatedAt": "2026-01-01T00:00:00Z"}))
    });
    let s = run(&b, "gone-1");
    assert_eq!(outcome(&s), Outcome::Ended);
    let r = s.report();
    // Unpaid by default: the reminder went out, and the failure is counted where it happened.
    assert_eq!(r.exits("cart_recovery", "still_unpaid", "unpaid"), 1);
    assert_eq!(r.nodes["cart_recovery"]["still_unpaid"].failed_calls["lookupFailed"], 1);
    let (_, trace) = s.traces().next().unwrap();
    assert!(
        trace
            .iter()
            .any(|e| matches!(&e.kind, TraceKind::Response { status, .. } if status == "lookupFailed"))
    );
}

#[test]
fn a_condition_takes_its_error_path_when_its_lookup_fails() {
    let b = bundle(condition_error_path);
    let diagnostics = parcours_model::validate::validate_bundle(&b);
    assert!(diagnostics.iter().all(|d| !d.is_error()), "{diagnostics:?}");
    let s = run(&b, "gone-1");
    assert_eq!(outcome(&s), Outcome::Ended);
    assert_eq!(s.report().exits("cart_recovery", "still_unpaid", "error"), 1);
    // A lookup that works still takes the paths.
    let s = run(&b, "c-1");
    assert_eq!(s.report().exits("cart_recovery", "still_unpaid", "unpaid"), 1);
}

#[test]
fn a_fixture_slower_than_the_budget_is_a_timeout_after_the_budget() {
    let s = run(&bundle(condition_error_path), "slow-1");
    assert_eq!(s.report().exits("cart_recovery", "still_unpaid", "error"), 1);
    let (_, trace) = s.traces().next().unwrap();
    let failed = trace
        .iter()
        .find(|e| matches!(&e.kind, TraceKind::Response { status, .. } if status == "lookupFailed"))
        .unwrap();
    // The lookup starts after the hour's wait and gives up at the 30 s budget.
    assert_eq!(failed.at, t("2026-01-15T10:00:30Z"));
    match &failed.kind {
        TraceKind::Response { body, .. } => assert!(body.to_string().contains("timedout"), "{body}"),
        _ => unreachable!(),
    }
}

#[test]
fn retryable_answers_are_retried_by_the_connectors_policy_and_counted() {
    let s = run(&bundle(condition_error_path), "flaky-1");
    let node = &s.report().nodes["cart_recovery"]["still_unpaid"];
    assert_eq!(node.retries, 3, "a lookup retries up to 3 times");
    assert_eq!(node.exited["error"], 1);
    // Three pauses of at least 200, 400 and 800 ms after four 40 ms answers.
    let (_, trace) = s.traces().next().unwrap();
    let failed = trace
        .iter()
        .find(|e| matches!(&e.kind, TraceKind::Response { status, .. } if status == "lookupFailed"))
        .unwrap();
    let spent = failed.at - t("2026-01-15T10:00:00Z");
    assert!(spent >= chrono::Duration::milliseconds(4 * 40 + 1_400), "{spent}");
    assert!(spent < chrono::Duration::seconds(30), "{spent}");
    // A 404 is final: no retry.
    let s = run(&bundle(condition_error_path), "gone-1");
    assert_eq!(s.report().nodes["cart_recovery"]["still_unpaid"].retries, 0);
}

#[test]
fn an_action_answering_503_is_retried_as_its_definition_says() {
    let b = bundle(|_| {});
    let retries = b.actions.iter().find(|a| a.name == "send_reminder").unwrap().retries;
    assert!(retries > 0);
    let options = Options {
        seed: 1,
        start: t("2026-01-15T09:00:00Z"),
        trace: true,
        real: None,
    };
    let mut s = Simulator::new(&b, "cart_recovery", options).unwrap();
    let event = TestEvent {
        at: t("2026-01-15T09:00:00Z"),
        event: Some("cart_abandoned".into()),
        payload: None,
        overrides: json!({"email": "bo@bounce.example", "cartId": "c-2"})
            .as_object()
            .cloned(),
        profile: None,
    };
    s.push_event(0, &event).unwrap();
    s.run();
    let node = &s.report().nodes["cart_recovery"]["remind"];
    assert_eq!(node.retries, retries as u64);
    assert_eq!(node.exited["error"], 1);
}

#[test]
fn an_absurd_cache_length_is_a_long_cache_not_a_crash() {
    // `Duration::seconds(i64::MAX)` panicked when the answer was cached.
    let mut b = bundle(|_| {});
    b.data_sources[0].cache_seconds = i64::MAX as u64;
    let s = run(&b, "c-1");
    assert!(matches!(s.instances()[0].state, State::Done { .. }));
}
