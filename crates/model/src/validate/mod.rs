//! Validation never fails: it looks at everything and returns diagnostics, so the app
//! can show all problems at once and the CLI can print them all.

mod config;
mod credentials;
mod journey;
mod jumps;
mod known_wait;
mod scope;
mod test_data;

pub use config::{looks_like_credential, validate_action, validate_data_source, validate_event};
pub use journey::{journey_scopes, validate_journey_version};
pub use scope::{NodeScope, ScopeField, Upstream, node_scope, scope_fields};
pub use test_data::{fixture_object, validate_fixture, validate_test_profile};

use std::collections::BTreeSet;

use crate::{Bundle, Catalog, Code, Diagnostic, Journey};

/// Guardrail on JSON examples (the platform's 64 KB payload cap).
pub const MAX_EXAMPLE_BYTES: usize = 64 * 1024;
/// Guardrail on activities per journey.
pub const MAX_ACTIVITIES: usize = 50;

/// Validates every configuration and the latest version of every journey in `catalog`.
pub fn validate_catalog(catalog: &Catalog) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for event in catalog.events.values() {
        out.extend(validate_event(event));
    }
    for source in catalog.data_sources.values() {
        out.extend(validate_data_source(source));
    }
    for action in catalog.actions.values() {
        out.extend(validate_action(action));
    }
    let validator = Validator::new(catalog);
    for journey in catalog.journeys.values() {
        out.extend(validator.journey(journey));
    }
    out
}

/// Validates many journeys of one catalog: what they share (the loops of jumps between
/// journeys) is computed once, so validating all of them is linear, not quadratic.
pub struct Validator<'c, 'a> {
    catalog: &'c Catalog<'a>,
    loops: jumps::JumpLoops<'a>,
}

impl<'c, 'a> Validator<'c, 'a> {
    pub fn new(catalog: &'c Catalog<'a>) -> Self {
        Validator {
            catalog,
            loops: jumps::JumpLoops::of(catalog, None),
        }
    }

    /// [`validate_journey`], for a journey of the catalog (or any other).
    pub fn journey(&self, journey: &Journey) -> Vec<Diagnostic> {
        let Some(version) = journey.latest() else {
            return validate_journey(journey, self.catalog);
        };
        let in_catalog = self
            .catalog
            .journeys
            .get(journey.name.as_str())
            .and_then(|j| j.latest())
            .is_some_and(|latest| std::ptr::eq(latest, version));
        if in_catalog {
            journey::validate_with_loops(&journey.name, version, self.catalog, &self.loops)
        } else {
            validate_journey_version(&journey.name, version, self.catalog)
        }
    }
}

/// Validates everything in a bundle: the catalog, then its test data (fixtures and
/// test profiles), so `parcours validate` also catches a fixture a run would refuse.
pub fn validate_bundle(bundle: &Bundle) -> Vec<Diagnostic> {
    let catalog = bundle.catalog();
    let mut out = validate_catalog(&catalog);
    for fixture in &bundle.fixtures {
        out.extend(validate_fixture(fixture, &catalog));
    }
    for profile in &bundle.test_profiles {
        out.extend(validate_test_profile(profile, &catalog));
    }
    out.extend(duplicate_names(
        "testProfile",
        bundle.test_profiles.iter().map(|p| p.name.as_str()),
    ));
    // The simulator would refuse a second fixture for the same target.
    let mut targets = BTreeSet::new();
    for (i, fixture) in bundle.fixtures.iter().enumerate() {
        if !targets.insert(&fixture.target) {
            out.push(Diagnostic::new(
                Code::DuplicateName,
                &fixture_object(&fixture.target),
                &format!("fixtures[{i}].target"),
                "another fixture already answers this target",
            ));
        }
    }
    out
}

/// Validates the latest version of a journey: the one being edited or last published.
pub fn validate_journey(journey: &Journey, catalog: &Catalog) -> Vec<Diagnostic> {
    match journey.latest() {
        Some(version) => validate_journey_version(&journey.name, version, catalog),
        None => vec![Diagnostic::new(
            Code::NoEntry,
            &format!("journey:{}", journey.name),
            "versions",
            "the journey has no version",
        )],
    }
}

/// Names that appear twice in a list of objects of one kind.
pub fn duplicate_names<'a>(kind: &str, names: impl Iterator<Item = &'a str>) -> Vec<Diagnostic> {
    let mut seen = BTreeSet::new();
    names
        .enumerate()
        .filter(|(_, n)| !seen.insert(*n))
        .map(|(i, n)| {
            Diagnostic::new(
                Code::DuplicateName,
                &format!("{kind}:{n}"),
                &format!("[{i}].name"),
                format!("another {kind} is already named `{n}`"),
            )
        })
        .collect()
}

pub fn has_errors(diagnostics: &[Diagnostic]) -> bool {
    diagnostics.iter().any(Diagnostic::is_error)
}
