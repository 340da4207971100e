//! The sample workspace: the bundles in `examples/`, compiled in so a first start (of
//! the app, or `cargo xtask run`) shows realistic journeys with no file to find.

use crate::{ApiError, Workspace};

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
    /// Imports the samples into an empty workspace; returns whether it did.
    pub fn seed_samples_if_empty(&mut self) -> Result<bool, ApiError> {
        if !self.store.is_empty()? {
            return Ok(false);
        }
        for (_, text) in SAMPLES {
            self.import_bundle_text(text)?;
        }
        Ok(true)
    }
}
