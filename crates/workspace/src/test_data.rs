//! Test data in the app: fixtures (how each action and data source answers in test
//! mode) and test profiles (the named people test events come from). Testers own it,
//! so the right to simulate is enough to change it; checks return diagnostics like any
//! other configuration, and a save returns them too.

use parcours_model::{Diagnostic, Fixture, FixtureTarget, TestProfile, validate};

use parcours_simulator::build_payload;
use serde_json::Value;

use crate::{ApiError, ErrorCode, Permission, Workspace};

impl Workspace {
    pub fn list_fixtures(&self) -> Result<Vec<Fixture>, ApiError> {
        self.require(Permission::ReadJourneys)?;
        Ok(self.store.list_fixtures()?)
    }

    /// Diagnostics of an unsaved fixture, against the saved actions and data sources.
    pub fn check_fixture(&self, fixture: &Fixture) -> Result<Vec<Diagnostic>, ApiError> {
        self.require(Permission::ReadJourneys)?;
        self.with_catalog(|c| validate::validate_fixture(fixture, c))
    }

    /// Saves (or replaces) the fixture for its target. Refused with the diagnostics'
    /// first error when it has errors: a simulation could not start with it.
    pub fn save_fixture(&mut self, fixture: &Fixture) -> Result<Vec<Diagnostic>, ApiError> {
        self.require(Permission::Simulate)?;
        let diagnostics = self.with_catalog(|c| validate::validate_fixture(fixture, c))?;
        refuse_errors(&diagnostics)?;
        self.store.save_fixture(fixture)?;
        Ok(diagnostics)
    }

    pub fn delete_fixture(&mut self, target: &FixtureTarget) -> Result<(), ApiError> {
        self.require(Permission::Simulate)?;
        Ok(self.store.delete_fixture(target)?)
    }

    pub fn list_test_profiles(&self) -> Result<Vec<TestProfile>, ApiError> {
        self.require(Permission::ReadJourneys)?;
        Ok(self.store.list_test_profiles()?)
    }

    pub fn check_test_profile(&self, profile: &TestProfile) -> Result<Vec<Diagnostic>, ApiError> {
        self.require(Permission::ReadJourneys)?;
        self.with_catalog(|c| validate::validate_test_profile(profile, c))
    }

    /// Saves (or replaces) a test profile; refused when it has errors.
    pub fn save_test_profile(&mut self, profile: &TestProfile) -> Result<Vec<Diagnostic>, ApiError> {
        self.require(Permission::Simulate)?;
        parcours_model::bundle::check_test_profile("", profile)?;
        let diagnostics = self.with_catalog(|c| validate::validate_test_profile(profile, c))?;
        refuse_errors(&diagnostics)?;
        self.store.save_test_profile(profile)?;
        Ok(diagnostics)
    }

    /// The payload a test event starts from: `event`'s example, sent by `profile` when
    /// one is named (its id and values put in, as the simulator does for a `profile`
    /// line).
    pub fn test_payload(&self, event: &str, profile: Option<&str>) -> Result<Value, ApiError> {
        let definition = self.get_event(event)?;
        let chosen = match profile {
            Some(name) => Some(
                self.store
                    .list_test_profiles()?
                    .into_iter()
                    .find(|p| p.name == name)
                    .ok_or_else(|| ApiError::not_found("test profile", name))?,
            ),
            None => None,
        };
        Ok(build_payload(&definition, None, chosen.as_ref(), None))
    }

    pub fn delete_test_profile(&mut self, name: &str) -> Result<(), ApiError> {
        self.require(Permission::Simulate)?;
        Ok(self.store.delete_test_profile(name)?)
    }
}

fn refuse_errors(diagnostics: &[Diagnostic]) -> Result<(), ApiError> {
    match diagnostics.iter().find(|d| d.is_error()) {
        Some(d) => Err(ApiError::new(
            ErrorCode::InvalidInput,
            format!("{} {}: {}", d.object, d.path, d.message),
        )),
        None => Ok(()),
    }
}
