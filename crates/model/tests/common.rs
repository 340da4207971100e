//! Shared fixtures: the example bundles, merged into one catalog.

#![allow(dead_code)]

use parcours_model::{Bundle, Journey, JourneyVersion, Node};

pub const EXAMPLES: &[(&str, &str)] = &[
    (
        "cart_abandonment",
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
];

/// All examples in one bundle.
pub fn merged() -> Bundle {
    let mut all = Bundle::default();
    for (_, text) in EXAMPLES {
        let b = Bundle::parse(text).expect("examples parse");
        all.events.extend(b.events);
        all.data_sources.extend(b.data_sources);
        all.actions.extend(b.actions);
        all.journeys.extend(b.journeys);
        all.fixtures.extend(b.fixtures);
        all.test_profiles.extend(b.test_profiles);
    }
    all
}

pub fn journey<'a>(b: &'a mut Bundle, name: &str) -> &'a mut Journey {
    b.journeys.iter_mut().find(|j| j.name == name).expect("journey exists")
}

pub fn latest<'a>(b: &'a mut Bundle, name: &str) -> &'a mut JourneyVersion {
    journey(b, name).versions.last_mut().expect("a version")
}

pub fn node<'a>(b: &'a mut Bundle, journey: &str, id: &str) -> &'a mut Node {
    latest(b, journey)
        .nodes
        .iter_mut()
        .find(|n| n.id == id)
        .expect("node exists")
}
