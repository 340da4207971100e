//! Found by the panic audit: values at the edge of what chrono and the integers hold,
//! given where a tester gives them (a start, a test event's `at`, a date window, a
//! literal, distribution weights), crashed runs instead of being refused or handled.
//! chrono reads years up to ±262142 (`+262142-12-31T23:00:00Z`); simulated time is kept
//! to years 1–9999, as CEL keeps timestamps.

use std::sync::atomic::AtomicU64;

use chrono::{DateTime, Datelike, Duration, Utc};
use parcours_model::{Activity, Bundle, ConditionPath, DatePath};
use parcours_simulator::coverage::coverage;
use parcours_simulator::whatif::{Distribution, People, what_if};
use parcours_simulator::{Options, SimError, Simulator, TestEvent, parse_jsonl};
use serde_json::json;

const CART: &str = include_str!("../../../examples/cart_abandonment.parcours.json");

fn at(text: &str) -> DateTime<Utc> {
    text.parse().unwrap()
}

fn options(start: &str) -> Options {
    Options {
        seed: 7,
        start: at(start),
        trace: true,
        real: None,
    }
}

fn cart() -> Bundle {
    Bundle::parse(CART).unwrap()
}

/// The cart example with its `still_unpaid` condition replaced by `activity`.
fn cart_deciding_with(activity: Activity) -> Bundle {
    let mut bundle = cart();
    let version = bundle.journeys[0].versions.last_mut().unwrap();
    let node = version.nodes.iter_mut().find(|n| n.id == "still_unpaid").unwrap();
    node.activity = activity;
    bundle
}

#[test]
fn a_start_past_year_9999_is_refused() {
    let refused = Simulator::new(&cart(), "cart_recovery", options("+262142-12-31T23:00:00Z"));
    let Err(SimError::Start(message)) = refused else {
        panic!("refused at its start");
    };
    assert!(message.contains("outside years 1 to 9999"), "{message}");
}

#[test]
fn a_test_event_past_year_9999_is_refused_with_its_field() {
    let mut sim = Simulator::new(&cart(), "cart_recovery", options("2026-01-15T09:00:00Z")).unwrap();
    let events = parse_jsonl(r#"{"at":"+262142-12-31T23:59:00Z","event":"cart_abandoned"}"#).unwrap();
    let message = sim.push_event(1, &events[0]).unwrap_err().to_string();
    assert!(message.starts_with("test event 1: at: "), "{message}");
    assert!(message.contains("outside years 1 to 9999"), "{message}");
    // The run is unharmed: a proper event still goes through.
    let fine = TestEvent {
        at: at("2026-01-15T10:00:00Z"),
        ..events[0].clone()
    };
    sim.push_event(2, &fine).unwrap();
    sim.run();
    assert_eq!(sim.report().journeys["cart_recovery"].entered, 1);
}

#[test]
fn time_travel_past_year_9999_stops_at_its_end() {
    let mut sim = Simulator::new(&cart(), "cart_recovery", options("2026-01-15T09:00:00Z")).unwrap();
    let events = parse_jsonl(r#"{"at":"2026-01-15T09:00:00Z","event":"cart_abandoned"}"#).unwrap();
    sim.push_event(1, &events[0]).unwrap();
    sim.advance_to(DateTime::<Utc>::MAX_UTC);
    assert_eq!(sim.now().year(), 9999);
    assert_eq!(sim.report().journeys["cart_recovery"].entered, 1);
}

#[test]
fn a_date_window_past_year_9999_is_a_diagnostic_and_coverage_refuses_it() {
    let bundle = cart_deciding_with(Activity::DateCondition {
        paths: vec![DatePath {
            port: "late".into(),
            after: Some(at("+262142-12-31T23:30:00Z")),
            before: None,
        }],
        other: true,
    });
    let version = bundle.journeys[0].versions.last().unwrap().clone();
    let diagnostics = parcours_model::validate::validate_journey_version("cart_recovery", &version, &bundle.catalog());
    assert!(
        diagnostics
            .iter()
            .any(|d| d.code == parcours_model::Code::DateWindow && d.path == "activity.paths[0].after"),
        "{diagnostics:?}"
    );
    let mut version = version;
    version.properties.end = Some(at("+262142-12-31T23:30:00Z"));
    let diagnostics = parcours_model::validate::validate_journey_version("cart_recovery", &version, &bundle.catalog());
    assert!(
        diagnostics
            .iter()
            .any(|d| d.code == parcours_model::Code::DateWindow && d.path == "properties.end"),
        "{diagnostics:?}"
    );
    let refused = coverage(&bundle, "cart_recovery", &options("2026-01-15T09:00:00Z"));
    assert!(matches!(refused, Err(SimError::Invalid { .. })), "{refused:?}");
}

#[test]
fn coverage_of_a_literal_at_the_integer_limit_does_not_overflow() {
    let bundle = cart_deciding_with(Activity::Condition {
        paths: vec![ConditionPath {
            port: "unpaid".into(),
            expression: "size(event.cart.items) < 9223372036854775807".into(),
        }],
        other: true,
        error_path: false,
    });
    let report = coverage(&bundle, "cart_recovery", &options("2026-01-15T09:00:00Z")).unwrap();
    assert!(report.paths.iter().any(|p| p.covered), "{:#?}", report.paths);
}

#[test]
fn the_largest_weights_and_arrival_window_do_not_overflow() {
    let people = People::Synthetic {
        count: 200,
        distributions: [(
            "cartId".to_string(),
            Distribution::OneOf {
                values: vec![json!("paid-1"), json!("c-1")],
                weights: vec![u32::MAX, u32::MAX],
            },
        )]
        .into(),
    };
    let report = what_if(
        &cart(),
        "cart_recovery",
        &people,
        Duration::hours(1),
        &options("2026-01-15T09:00:00Z"),
        1,
        &AtomicU64::new(0),
    )
    .unwrap();
    let paid = report.exits("cart_recovery", "still_unpaid", "other");
    assert!((60..=140).contains(&paid), "{paid} of 200 paid with equal weights");

    // Arrivals spread over a window that ends past chrono's range: the first arrival
    // past year 9999 is refused as a test event's `at` is, not a crash.
    let far = what_if(
        &cart(),
        "cart_recovery",
        &people,
        Duration::MAX,
        &options("2026-01-15T09:00:00Z"),
        1,
        &AtomicU64::new(0),
    );
    let message = far.unwrap_err().to_string();
    assert!(
        message.contains("at: ") && message.contains("outside years 1 to 9999"),
        "{message}"
    );
}
