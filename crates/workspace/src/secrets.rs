//! Secret values: in the OS keychain (service `parcours`, one entry per secret name),
//! never in the workspace file, bundles, IPC payloads or logs. Headless runs (CI, a
//! server) without a keychain may give `PARCOURS_SECRET_<NAME>` environment variables.

use parcours_connectors::Secrets;

use crate::{ApiError, ErrorCode, Permission, Workspace};

const SERVICE: &str = "parcours";

/// Reads secrets from the keychain, then from the environment.
pub struct KeychainSecrets;

impl Secrets for KeychainSecrets {
    fn get(&self, name: &str) -> Option<String> {
        keyring::Entry::new(SERVICE, name)
            .and_then(|e| e.get_password())
            .ok()
            .or_else(|| std::env::var(parcours_connectors::secret_env_name(name)).ok())
    }
}

impl Workspace {
    /// Stores a secret in the keychain. The value goes nowhere else.
    pub fn set_secret(&self, name: &str, value: &str) -> Result<(), ApiError> {
        self.require(Permission::ManageConfigurations)?;
        keyring::Entry::new(SERVICE, name)
            .and_then(|e| e.set_password(value))
            .map_err(|e| ApiError::new(ErrorCode::SecretStore, format!("cannot store secret `{name}`: {e}")))
    }

    /// Whether a secret is set (forms show that, never the value).
    pub fn secret_is_set(&self, name: &str) -> Result<bool, ApiError> {
        self.require(Permission::ReadJourneys)?;
        Ok(KeychainSecrets.get(name).is_some())
    }
}
