//! Coverage finds every path of the examples, with a test person for each, and says
//! why a path nobody can take was not covered.

use chrono::{DateTime, Utc};
use parcours_model::{Activity, Bundle, ConditionPath};
use parcours_simulator::Options;
use parcours_simulator::coverage::coverage;

const EXAMPLES: &[(&str, &str)] = &[
    (
        "cart_recovery",
        include_str!("../../../examples/cart_abandonment.parcours.json"),
    ),
    (
        "welcome_series",
        include_str!("../../../examples/welcome_series.parcours.json"),
    ),
    (
        "loyalty_upgrade",
        include_str!("../../../examples/loyalty_upgrade.parcours.json"),
    ),
    (
        "vip_onboarding",
        include_str!("../../../examples/loyalty_upgrade.parcours.json"),
    ),
];

fn options() -> Options {
    Options {
        seed: 7,
        start: "2026-01-15T09:00:00Z".parse::<DateTime<Utc>>().unwrap(),
        trace: true,
        real: None,
    }
}

#[test]
fn every_path_of_the_examples_is_covered() {
    let expected = [
        ("cart_recovery", 3),
        ("welcome_series", 2),
        ("loyalty_upgrade", 6),
        ("vip_onboarding", 1),
    ];
    for ((journey, text), (_, paths)) in EXAMPLES.iter().zip(expected) {
        let bundle = Bundle::parse(text).unwrap();
        let c = coverage(&bundle, journey, &options()).unwrap();
        assert_eq!(c.paths.len(), paths, "{journey}: {:#?}", c.paths);
        let missing: Vec<_> = c.paths.iter().filter(|p| !p.covered).collect();
        assert!(missing.is_empty(), "{journey}: uncovered {missing:#?}");
        assert!(c.paths.iter().all(|p| p.example.is_some()));
    }
}

#[test]
fn the_examples_take_the_paths_they_claim() {
    let bundle = Bundle::parse(EXAMPLES[0].1).unwrap();
    let c = coverage(&bundle, "cart_recovery", &options()).unwrap();
    let paid = c
        .paths
        .iter()
        .find(|p| p.steps.contains(&"still_unpaid[other]".to_string()))
        .unwrap();
    let example = paid.example.as_ref().unwrap();
    // Either the lookup says paid (fixture for `paid-…` carts) or the cart is empty.
    let paid_cart = example.payload["cartId"].as_str().unwrap().starts_with("paid-");
    let empty_cart = example.payload["cart"]["total"].as_f64().unwrap() <= 0.0;
    assert!(paid_cart || empty_cart, "{example:?}");
    let failed = c
        .paths
        .iter()
        .find(|p| p.steps.contains(&"remind[error]".to_string()))
        .unwrap();
    assert_eq!(failed.steps.last().unwrap(), "end_failed");
}

#[test]
fn an_impossible_path_is_reported_with_its_reason() {
    let mut bundle = Bundle::parse(EXAMPLES[0].1).unwrap();
    let v = &mut bundle.journeys[0].versions[0];
    let node = v.nodes.iter_mut().find(|n| n.id == "still_unpaid").unwrap();
    node.activity = Activity::Condition {
        paths: vec![ConditionPath {
            port: "unpaid".into(),
            expression: "event.cart.total > 10.0 && event.cart.total < 5.0".into(),
        }],
        other: true,
        error_path: false,
    };
    let c = coverage(&bundle, "cart_recovery", &options()).unwrap();
    assert_eq!(c.covered, 1);
    let reason = c.paths.iter().find(|p| !p.covered).unwrap().reason.clone().unwrap();
    assert!(reason.contains("nobody left `still_unpaid` by `unpaid`"), "{reason}");
    assert!(reason.contains("event.cart.total > 10.0"), "{reason}");
}
