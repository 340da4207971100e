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

pub use blocking::{BlockingHttp, Timed};
pub use http::HttpConnector;

/// The environment variable a secret may come from, the same for the app, the CLI and
/// the runner: `PARCOURS_SECRET_<NAME>`, upper-cased, `-` and `.` as `_` (so a shell can
/// set it).
pub fn secret_env_name(secret: &str) -> String {
    format!("PARCOURS_SECRET_{}", secret.to_uppercase().replace(['-', '.'], "_"))
}

/// Where secret values come from (the OS keychain in the app and CLI; a map in tests).
pub trait Secrets: Send + Sync {
    fn get(&self, name: &str) -> Option<String>;
}

impl Secrets for std::collections::HashMap<String, String> {
    fn get(&self, name: &str) -> Option<String> {
        std::collections::HashMap::get(self, name).cloned()
    }
}
