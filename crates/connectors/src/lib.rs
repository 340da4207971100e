//! Real calls for actions and data sources, as the runner (and opt-in simulations)
//! make them: every auth kind (secrets read through [`Secrets`], never stored here),
//! a time budget per call that retries share, exponential backoff with jitter and
//! `Retry-After`, no retry on 401/403/404, a per-host cap on calls per second, cached
//! custom tokens (lookup results are cached by the engine's dispatch), and an `Idempotency-Key`
//! per (journey version, instance, activity) so a receiver recognises a retry.

mod auth;
mod blocking;
mod http;
mod limits;
pub mod retry;

pub use blocking::{BlockingHttp, Timed};
pub use http::HttpConnector;

/// The environment variable a secret may come from, the same for the app, the CLI and
/// the runner: `PARCOURS_SECRET_<NAME>`, upper-cased, `-` and `.` as `_` (so a shell can
/// set it).
pub fn secret_env_name(secret: &str) -> String {
    format!("PARCOURS_SECRET_{}", secret.to_uppercase().replace(['-', '.'], "_"))
}

/// The environment variable that binds a secret given by [`secret_env_name`] to origins:
/// `PARCOURS_ORIGINS_<NAME>`, a comma-separated list (`https://api.example.com,…`). A
/// different prefix, so no secret's name can collide with it.
pub fn origins_env_name(secret: &str) -> String {
    format!("PARCOURS_ORIGINS_{}", secret.to_uppercase().replace(['-', '.'], "_"))
}

/// Where a secret may be sent: these origins (scheme, host, port) and no other. Plain
/// `http://` only to this machine, unless `allow_http` says so.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Binding {
    pub origins: Vec<String>,
    pub allow_http: bool,
}

impl Binding {
    /// Bound to the origins of these URLs (an operator's list: an `http://` origin written
    /// there is allowed as written).
    pub fn written(urls: &[String]) -> Result<Binding, String> {
        let origins = urls
            .iter()
            .map(|u| {
                parcours_model::origin::origin_of(u.trim()).ok_or_else(|| format!("`{u}` is not an http(s) origin"))
            })
            .collect::<Result<Vec<_>, _>>()?;
        let allow_http = origins
            .iter()
            .any(|o| o.starts_with("http://") && !parcours_model::origin::is_loopback(o));
        Ok(Binding { origins, allow_http })
    }

    /// Whether the secret `name` may go to `url`; the refusal names the secret and both
    /// origins.
    pub fn permits(&self, name: &str, url: &str) -> Result<(), String> {
        let Some(to) = parcours_model::origin::origin_of(url) else {
            return Err(format!("secret `{name}` is not sent to `{url}`: not an http(s) URL"));
        };
        if self.origins.is_empty() {
            return Err(format!(
                "secret `{name}` is not bound to any origin, so it is not sent to {to}: set where it may go (its form, `parcours secret set {name} --origin {to}`, or {})",
                origins_env_name(name)
            ));
        }
        if !self.origins.contains(&to) {
            return Err(format!(
                "secret `{name}` may be sent to {} only, not to {to}: call refused (if it is meant to go there, bind it to {to} too)",
                self.origins.join(", ")
            ));
        }
        if to.starts_with("http://") && !parcours_model::origin::is_loopback(&to) && !self.allow_http {
            return Err(format!(
                "secret `{name}` is not sent over plain HTTP to {to}: use https://, or allow plain HTTP for this secret in its form"
            ));
        }
        Ok(())
    }
}

/// A secret's value and its binding. The value never appears in `Debug`.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret {
    pub value: String,
    pub binding: Binding,
}

impl Secret {
    pub fn new(value: impl Into<String>, binding: Binding) -> Secret {
        Secret {
            value: value.into(),
            binding,
        }
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Secret")
            .field("value", &"…")
            .field("binding", &self.binding)
            .finish()
    }
}

/// Where secret values come from (the OS keychain, the encrypted secrets file or the
/// environment in the app and CLI; the runner's configuration; a map in tests).
pub trait Secrets: Send + Sync {
    fn get(&self, name: &str) -> Option<Secret>;

    /// Where `name` could be set, for the error when it is missing.
    fn where_to_set(&self, name: &str) -> String {
        secret_env_name(name)
    }
}

impl Secrets for std::collections::HashMap<String, Secret> {
    fn get(&self, name: &str) -> Option<Secret> {
        std::collections::HashMap::get(self, name).cloned()
    }
}
