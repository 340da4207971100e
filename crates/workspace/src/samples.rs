//! The sample workspace: the bundles in `examples/`, compiled in so a first start (of
//! the app, or `cargo xtask run`) shows realistic journeys with no file to find.

use crate::{Actor, ApiError, Role, Workspace};

pub const SAMPLES: &[(&str, &str)] = &[
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

impl Workspace {
    /// Imports the samples into an empty workspace; returns whether it did. This is the
    /// workspace's creation, not a use case of the person at the machine: it works for
    /// every role (a viewer's first start shows the samples, read-only).
    pub fn seed_samples_if_empty(&mut self) -> Result<bool, ApiError> {
        if !self.store.is_empty()? {
            return Ok(false);
        }
        let person = std::mem::replace(&mut self.actor, Actor::with_role("parcours", Role::Administrator));
        let seeded = SAMPLES
            .iter()
            .try_for_each(|(_, text)| self.import_bundle_text(text).map(drop));
        self.actor = person;
        seeded.map(|()| true)
    }
}
