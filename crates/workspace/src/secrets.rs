//! Secrets as the forms and `parcours secret` see them: a value that goes in and never
//! comes out, and the origins it may be sent to (set from the definition's origin when
//! the form creates it, editable there). The values live in [`LocalSecrets`]; the
//! connectors refuse to send one anywhere its binding does not name.

use parcours_model::origin::{SecretUse, action_secret_uses, data_source_secret_uses, is_loopback, origin_of};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use crate::secret_store::{LocalSecrets, SecretStoreKind, default_secrets_file};
use crate::vault::StoredSecret;
use crate::{ApiError, ErrorCode, Permission, Workspace};

/// Where a secret may go: origins (`https://api.example.com`), and whether plain
/// `http://` is allowed beyond this machine.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SecretBinding {
    pub origins: Vec<String>,
    #[serde(default)]
    pub allow_http: bool,
}

/// A configuration that sends the secret, the field that names it, and where it goes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SecretUseInfo {
    /// `action:send_reminder`, `dataSource:orders`.
    pub object: String,
    pub path: String,
    pub origin: Option<String>,
}

/// What the forms and `parcours secret list` show of a secret: never its value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SecretStatus {
    pub name: String,
    pub set: bool,
    pub store: Option<SecretStoreKind>,
    pub origins: Vec<String>,
    pub allow_http: bool,
    pub used_by: Vec<SecretUseInfo>,
    /// Uses its binding refuses (the call would fail), in words.
    pub problems: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SecretsOverview {
    /// `None` when the OS keychain answers; else why not ("no keychain service on this
    /// machine (…)").
    pub keychain_problem: Option<String>,
    /// The encrypted secrets file, used when there is no keychain.
    pub file: String,
    pub file_unlocked: bool,
    pub secrets: Vec<SecretStatus>,
}

/// Checks and normalizes a binding typed by a person.
fn checked(name: &str, binding: &SecretBinding) -> Result<SecretBinding, ApiError> {
    let invalid = |m: String| ApiError::new(ErrorCode::InvalidInput, format!("secret `{name}`: {m}"));
    if binding.origins.is_empty() {
        return Err(invalid(
            "name at least one origin it may be sent to (e.g. https://api.example.com)".into(),
        ));
    }
    let mut origins = Vec::new();
    for (i, o) in binding.origins.iter().enumerate() {
        let origin =
            origin_of(o.trim()).ok_or_else(|| invalid(format!("origins[{i}]: `{o}` is not an http(s) origin")))?;
        if origin.starts_with("http://") && !is_loopback(&origin) && !binding.allow_http {
            return Err(invalid(format!(
                "origins[{i}]: {origin} is plain HTTP beyond this machine: use https://, or allow plain HTTP explicitly"
            )));
        }
        if !origins.contains(&origin) {
            origins.push(origin);
        }
    }
    Ok(SecretBinding {
        origins,
        allow_http: binding.allow_http,
    })
}

fn secret_name(name: &str) -> Result<&str, ApiError> {
    let n = name.trim();
    if n.is_empty() || n.contains("}}") || n.chars().any(char::is_control) {
        return Err(ApiError::new(
            ErrorCode::InvalidInput,
            format!("`{name}` is not a secret name"),
        ));
    }
    if n.starts_with(crate::secret_store::RUNNER_TOKENS) {
        return Err(ApiError::new(
            ErrorCode::InvalidInput,
            format!("`{name}`: names starting with `runner:` are kept for runners' tokens"),
        ));
    }
    Ok(n)
}

impl Workspace {
    /// Stores a secret with where it may go. The value goes nowhere else.
    pub fn set_secret(&self, name: &str, value: &str, binding: &SecretBinding) -> Result<SecretStoreKind, ApiError> {
        self.require(Permission::ManageConfigurations)?;
        let name = secret_name(name)?;
        if value.is_empty() {
            return Err(ApiError::new(
                ErrorCode::InvalidInput,
                format!("secret `{name}`: the value is empty"),
            ));
        }
        let binding = checked(name, binding)?;
        let store = self.secrets.put(
            name,
            StoredSecret {
                value: value.to_string(),
                origins: binding.origins.clone(),
                allow_http: binding.allow_http,
            },
        )?;
        tracing::info!(secret = name, origins = ?binding.origins, store = ?store, "secret stored");
        Ok(store)
    }

    /// Changes where a stored secret may go, keeping its value.
    pub fn bind_secret(&self, name: &str, binding: &SecretBinding) -> Result<(), ApiError> {
        self.require(Permission::ManageConfigurations)?;
        let binding = checked(name, binding)?;
        match self.secrets.find(name) {
            None => Err(ApiError::new(
                ErrorCode::NotFound,
                format!("secret `{name}` is not set: set its value first"),
            )),
            Some((_, SecretStoreKind::Environment)) => Err(ApiError::new(
                ErrorCode::InvalidInput,
                format!(
                    "secret `{name}` comes from the environment: bind it with {}",
                    parcours_connectors::origins_env_name(name)
                ),
            )),
            Some((secret, _)) => {
                self.secrets.put(
                    name,
                    StoredSecret {
                        value: secret.value,
                        origins: binding.origins.clone(),
                        allow_http: binding.allow_http,
                    },
                )?;
                tracing::info!(secret = name, origins = ?binding.origins, "secret bound");
                Ok(())
            }
        }
    }

    pub fn delete_secret(&self, name: &str) -> Result<(), ApiError> {
        self.require(Permission::ManageConfigurations)?;
        if !self.secrets.delete(name)? {
            return Err(ApiError::new(
                ErrorCode::NotFound,
                format!("secret `{name}` is not kept on this machine"),
            ));
        }
        tracing::info!(secret = name, "secret deleted");
        Ok(())
    }

    /// Whether a secret is set (forms show that, never the value).
    pub fn secret_is_set(&self, name: &str) -> Result<bool, ApiError> {
        self.require(Permission::ReadJourneys)?;
        Ok(self.secrets.find(name).is_some())
    }

    /// Opens the encrypted secrets file for this run (no keychain on this machine).
    pub fn unlock_secrets(&self, passphrase: &str) -> Result<(), ApiError> {
        self.secrets.unlock(passphrase)
    }

    /// [`Workspace::unlock_secrets`] as a job to run without the workspace: the key
    /// derivation takes about a second on purpose, and saves or reads meanwhile must not
    /// wait for it (the secrets store has its own lock).
    pub fn unlock_secrets_job(&self, passphrase: String) -> crate::simulation::Job<()> {
        let secrets = self.secrets.clone();
        Box::new(move || secrets.unlock(&passphrase))
    }

    fn secret_uses(&self) -> Result<Vec<(String, SecretUse)>, ApiError> {
        let mut out = Vec::new();
        for a in self.store.list_configs::<parcours_model::CustomAction>()? {
            out.extend(
                action_secret_uses(&a)
                    .into_iter()
                    .map(|u| (format!("action:{}", a.name), u)),
            );
        }
        for s in self.store.list_configs::<parcours_model::DataSource>()? {
            out.extend(
                data_source_secret_uses(&s)
                    .into_iter()
                    .map(|u| (format!("dataSource:{}", s.name), u)),
            );
        }
        Ok(out)
    }

    fn status_of(&self, name: &str, uses: &[(String, SecretUse)]) -> SecretStatus {
        let found = self.secrets.find(name);
        let binding = found.as_ref().map(|(s, _)| s.binding.clone()).unwrap_or_default();
        let used_by: Vec<SecretUseInfo> = uses
            .iter()
            .filter(|(_, u)| u.secret == name)
            .map(|(object, u)| SecretUseInfo {
                object: object.clone(),
                path: u.path.clone(),
                origin: u.origin.clone(),
            })
            .collect();
        let problems = match &found {
            None => vec![],
            Some(_) => used_by
                .iter()
                .filter_map(|u| {
                    let origin = u.origin.as_deref()?;
                    binding
                        .permits(name, origin)
                        .err()
                        .map(|why| format!("{} ({}): {why}", u.object, u.path))
                })
                .collect(),
        };
        SecretStatus {
            name: name.to_string(),
            set: found.is_some(),
            store: found.map(|(_, k)| k),
            origins: binding.origins,
            allow_http: binding.allow_http,
            used_by,
            problems,
        }
    }

    /// One secret: set or not, where, where it may go, who sends it where.
    pub fn secret_status(&self, name: &str) -> Result<SecretStatus, ApiError> {
        self.require(Permission::ReadJourneys)?;
        Ok(self.status_of(name, &self.secret_uses()?))
    }

    /// The secrets the configurations name and those in the secrets file, and where
    /// this machine keeps them.
    pub fn secrets_overview(&self) -> Result<SecretsOverview, ApiError> {
        self.require(Permission::ReadJourneys)?;
        let uses = self.secret_uses()?;
        let mut names: Vec<String> = uses.iter().map(|(_, u)| u.secret.clone()).collect();
        names.extend(self.secrets.file_names());
        names.sort();
        names.dedup();
        Ok(SecretsOverview {
            keychain_problem: self.secrets.keychain().err(),
            file: self.secrets.file().display().to_string(),
            file_unlocked: self.secrets.unlocked(),
            secrets: names.iter().map(|n| self.status_of(n, &uses)).collect(),
        })
    }
}
