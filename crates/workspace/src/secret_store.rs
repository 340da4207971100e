//! Where the app and the CLI keep secret values, in this order when reading:
//! `PARCOURS_SECRET_<NAME>` (CI, bound by `PARCOURS_ORIGINS_<NAME>`), the OS keychain
//! (service `parcours`, one entry per secret: its value and binding as JSON), then the
//! encrypted secrets file when it is unlocked. Writing goes to the keychain, or, on a
//! machine with no keychain service, to the encrypted file — never to the workspace,
//! bundles, IPC payloads or logs. Whether a keychain answers is asked once, and said
//! plainly when it does not.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use parcours_connectors::{Binding, Secret, Secrets, origins_env_name, secret_env_name};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::vault::{StoredSecret, Vault};
use crate::{ApiError, ErrorCode};

const SERVICE: &str = "parcours";

/// Where a secret's value was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum SecretStoreKind {
    Keychain,
    File,
    Environment,
}

/// The secrets file: `PARCOURS_SECRETS_FILE`, else `secrets.enc` in the data directory
/// beside the default workspace.
pub fn default_secrets_file() -> PathBuf {
    if let Some(path) = std::env::var_os("PARCOURS_SECRETS_FILE") {
        return PathBuf::from(path);
    }
    dirs::data_dir()
        .unwrap_or_else(|| PathBuf::from("."))
        .join("parcours")
        .join("secrets.enc")
}

fn stored(secret: StoredSecret) -> Secret {
    Secret::new(
        secret.value,
        Binding {
            origins: secret.origins,
            allow_http: secret.allow_http,
        },
    )
}

/// A keychain entry: our JSON, or (written before secrets had origins) a bare value,
/// which is then bound nowhere until its form binds it.
/// The prefix of the entries holding runners' tokens.
pub const RUNNER_TOKENS: &str = "runner:";

fn parse_entry(text: String) -> StoredSecret {
    serde_json::from_str(&text).unwrap_or(StoredSecret {
        value: text,
        origins: vec![],
        allow_http: false,
    })
}

pub struct LocalSecrets {
    /// `Err(why)` when no keychain service answers.
    keychain: OnceLock<Result<(), String>>,
    keychain_off: bool,
    file: PathBuf,
    vault: Mutex<Option<Vault>>,
}

impl LocalSecrets {
    /// The machine's stores. `PARCOURS_KEYCHAIN=off` skips the keychain (a machine whose
    /// keychain should not be used); `PARCOURS_SECRETS_PASSPHRASE` unlocks the file.
    pub fn from_env() -> LocalSecrets {
        let secrets = LocalSecrets::with_file(default_secrets_file());
        LocalSecrets {
            keychain_off: std::env::var("PARCOURS_KEYCHAIN").is_ok_and(|v| v == "off"),
            ..secrets
        }
    }

    /// Like [`LocalSecrets::from_env`], with the secrets file at `file`.
    pub fn with_file(file: PathBuf) -> LocalSecrets {
        LocalSecrets {
            keychain: OnceLock::new(),
            keychain_off: false,
            file,
            vault: Mutex::new(None),
        }
    }

    /// Without the keychain, whatever the machine has (tests; servers).
    pub fn without_keychain(mut self) -> LocalSecrets {
        self.keychain_off = true;
        self
    }

    pub fn file(&self) -> &Path {
        &self.file
    }

    /// `Ok` when a keychain service answers; else why not, in words.
    pub fn keychain(&self) -> Result<(), String> {
        if self.keychain_off {
            return Err("the keychain is turned off (PARCOURS_KEYCHAIN=off)".into());
        }
        self.keychain
            .get_or_init(
                || match keyring::Entry::new(SERVICE, "parcours-probe").and_then(|e| e.get_password()) {
                    Ok(_) | Err(keyring::Error::NoEntry) => Ok(()),
                    Err(e) => Err(format!("no keychain service on this machine ({e})")),
                },
            )
            .clone()
    }

    fn vault(&self) -> std::sync::MutexGuard<'_, Option<Vault>> {
        self.vault.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Opens the secrets file with `passphrase` (refused when wrong).
    pub fn unlock(&self, passphrase: &str) -> Result<(), ApiError> {
        let vault = Vault::open(&self.file, passphrase)?;
        *self.vault() = Some(vault);
        Ok(())
    }

    pub fn unlocked(&self) -> bool {
        self.unlock_from_env();
        self.vault().is_some()
    }

    /// `PARCOURS_SECRETS_PASSPHRASE`, if set, unlocks the file at first need; a wrong
    /// one is an error for whoever wants to write.
    fn try_unlock_from_env(&self) -> Result<(), ApiError> {
        if self.vault().is_some() {
            return Ok(());
        }
        if let Ok(passphrase) = std::env::var("PARCOURS_SECRETS_PASSPHRASE") {
            let vault = Vault::open(&self.file, &passphrase)
                .map_err(|e| ApiError::new(e.code, format!("PARCOURS_SECRETS_PASSPHRASE: {}", e.message)))?;
            *self.vault() = Some(vault);
        }
        Ok(())
    }

    /// Like [`Self::try_unlock_from_env`], for readers: a wrong passphrase only logs.
    fn unlock_from_env(&self) {
        if let Err(e) = self.try_unlock_from_env() {
            tracing::warn!(error = %e.message, "the secrets file stays locked");
        }
    }

    /// The secret and where it was found. Runners' tokens, kept beside the secrets under
    /// `runner:NAME`, are never one: a `{{secret:runner:live}}` placeholder or a re-binding
    /// from a form must not reach them (they go only to their runner).
    pub fn find(&self, name: &str) -> Option<(Secret, SecretStoreKind)> {
        if name.starts_with(RUNNER_TOKENS) {
            return None;
        }
        if let Ok(value) = std::env::var(secret_env_name(name)) {
            let origins: Vec<String> = std::env::var(origins_env_name(name))
                .map(|list| {
                    list.split(',')
                        .map(str::trim)
                        .filter(|o| !o.is_empty())
                        .map(String::from)
                        .collect()
                })
                .unwrap_or_default();
            let binding = Binding::written(&origins).unwrap_or_else(|e| {
                tracing::warn!(secret = name, error = %e, "{} is not a list of origins", origins_env_name(name));
                Binding::default()
            });
            return Some((Secret::new(value, binding), SecretStoreKind::Environment));
        }
        if self.keychain().is_ok()
            && let Ok(text) = keyring::Entry::new(SERVICE, name).and_then(|e| e.get_password())
        {
            return Some((stored(parse_entry(text)), SecretStoreKind::Keychain));
        }
        self.unlock_from_env();
        self.vault()
            .as_ref()
            .and_then(|v| v.get(name).cloned())
            .map(|s| (stored(s), SecretStoreKind::File))
    }

    /// A value this machine keeps (keychain, then the secrets file), not the environment:
    /// a runner's token, whose variable has its own name.
    pub fn find_kept(&self, account: &str) -> Option<(StoredSecret, SecretStoreKind)> {
        if self.keychain().is_ok()
            && let Ok(text) = keyring::Entry::new(SERVICE, account).and_then(|e| e.get_password())
        {
            return Some((parse_entry(text), SecretStoreKind::Keychain));
        }
        self.unlock_from_env();
        self.vault()
            .as_ref()
            .and_then(|v| v.get(account).map(|s| (s.clone(), SecretStoreKind::File)))
    }

    /// Keeps a secret: in the keychain, else in the unlocked secrets file.
    pub fn put(&self, name: &str, secret: StoredSecret) -> Result<SecretStoreKind, ApiError> {
        match self.keychain() {
            Ok(()) => {
                // Invariant: a secret is a struct of strings: serde_json cannot fail on it.
                let text = serde_json::to_string(&secret).expect("a secret serializes");
                keyring::Entry::new(SERVICE, name)
                    .and_then(|e| e.set_password(&text))
                    .map_err(|e| ApiError::new(ErrorCode::SecretStore, format!("cannot store secret `{name}`: {e}")))?;
                Ok(SecretStoreKind::Keychain)
            }
            Err(why) => {
                self.try_unlock_from_env()?;
                let mut vault = self.vault();
                let Some(vault) = vault.as_mut() else {
                    return Err(self.no_store(name, &why));
                };
                vault.set(name, secret)?;
                Ok(SecretStoreKind::File)
            }
        }
    }

    /// Forgets a secret wherever this machine keeps it; whether it was kept.
    pub fn delete(&self, name: &str) -> Result<bool, ApiError> {
        let mut found = false;
        if self.keychain().is_ok() {
            match keyring::Entry::new(SERVICE, name).and_then(|e| e.delete_credential()) {
                Ok(()) => found = true,
                Err(keyring::Error::NoEntry) => {}
                Err(e) => {
                    return Err(ApiError::new(
                        ErrorCode::SecretStore,
                        format!("cannot delete secret `{name}`: {e}"),
                    ));
                }
            }
        }
        self.try_unlock_from_env()?;
        if let Some(vault) = self.vault().as_mut() {
            found |= vault.delete(name)?;
        }
        Ok(found)
    }

    /// The names kept in the secrets file (a keychain cannot be listed).
    pub fn file_names(&self) -> Vec<String> {
        self.unlock_from_env();
        self.vault()
            .as_ref()
            .map(|v| v.names().map(String::from).collect())
            .unwrap_or_default()
    }

    fn no_store(&self, name: &str, why: &str) -> ApiError {
        ApiError::new(
            ErrorCode::SecretStore,
            format!(
                "cannot keep secret `{name}`: {why}. Unlock the encrypted secrets file {} (the app asks for its passphrase; the CLI reads PARCOURS_SECRETS_PASSPHRASE), or give the value as {} — see docs/security.md",
                self.file.display(),
                secret_env_name(name)
            ),
        )
    }
}

impl Secrets for LocalSecrets {
    fn get(&self, name: &str) -> Option<Secret> {
        self.find(name).map(|(s, _)| s)
    }

    fn where_to_set(&self, name: &str) -> String {
        match self.keychain() {
            Ok(()) => format!("its form, `parcours secret set {name}`, or {}", secret_env_name(name)),
            Err(_) => format!(
                "its form or `parcours secret set {name}` (kept in the encrypted secrets file: no keychain service on this machine), or {}",
                secret_env_name(name)
            ),
        }
    }
}
