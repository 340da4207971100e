//! Access tokens: named after who holds them, with scopes, stored as SHA-256 hashes
//! (the token itself is shown once, when created). The server keeps a copy of the
//! table in memory, read again every second, so a token revoked from the CLI stops
//! working within a second without a database read per request. Each token also has
//! a request rate (a token bucket).

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError, RwLock};
use std::time::Instant;

use base64::Engine;
use sha2::{Digest, Sha256};

use crate::storage::TokenRow;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub enum Scope {
    /// PUT releases.
    Publish,
    /// Pause, resume, close, stop.
    Control,
    /// Send events (native and Segment-compatible); a Segment write key.
    Ingest,
    /// Journeys, reports, metrics.
    Read,
    /// Everything.
    Admin,
}

pub const SCOPES: [Scope; 5] = [Scope::Publish, Scope::Control, Scope::Ingest, Scope::Read, Scope::Admin];

impl Scope {
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Publish => "publish",
            Scope::Control => "control",
            Scope::Ingest => "ingest",
            Scope::Read => "read",
            Scope::Admin => "admin",
        }
    }

    pub fn parse(text: &str) -> Option<Scope> {
        SCOPES.into_iter().find(|s| s.as_str() == text)
    }
}

/// A new token: `prt_` and 32 random bytes, base64url.
pub fn generate() -> String {
    let mut bytes = [0u8; 32];
    // Invariant: getrandom fails only when the OS has no randomness source, never on input.
    getrandom::fill(&mut bytes).expect("the OS gives random bytes");
    format!("prt_{}", base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes))
}

pub fn hash(token: &str) -> String {
    let digest = Sha256::digest(token.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

#[derive(Debug, Clone)]
pub struct Holder {
    pub name: String,
    pub scopes: Vec<Scope>,
}

impl Holder {
    pub fn may(&self, scope: Scope) -> bool {
        self.scopes.contains(&scope) || self.scopes.contains(&Scope::Admin)
    }
}

/// The tokens the server accepts now, by hash, and their request rates.
pub struct TokenBook {
    by_hash: RwLock<HashMap<String, Holder>>,
    buckets: Mutex<HashMap<String, (f64, Instant)>>,
    /// Requests per second per token, and the burst allowed.
    pub rate: f64,
    pub burst: f64,
}

impl TokenBook {
    pub fn new(rate: f64, burst: f64) -> TokenBook {
        TokenBook {
            by_hash: RwLock::default(),
            buckets: Mutex::default(),
            rate,
            burst,
        }
    }

    pub fn load(&self, rows: Vec<TokenRow>) {
        let map = rows
            .into_iter()
            .filter(|r| r.revoked_at.is_none())
            .map(|r| {
                let scopes = r.scopes.iter().filter_map(|s| Scope::parse(s)).collect();
                (r.hash, Holder { name: r.name, scopes })
            })
            .collect();
        *self.by_hash.write().unwrap_or_else(PoisonError::into_inner) = map;
    }

    pub fn holder(&self, token: &str) -> Option<Holder> {
        self.by_hash
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .get(&hash(token))
            .cloned()
    }

    /// Takes one request from `name`'s allowance; otherwise the seconds to wait.
    pub fn take(&self, name: &str, now: Instant) -> Result<(), u64> {
        let mut buckets = self.buckets.lock().unwrap_or_else(PoisonError::into_inner);
        let (level, last) = buckets.entry(name.to_string()).or_insert((self.burst, now));
        *level = (*level + now.duration_since(*last).as_secs_f64() * self.rate).min(self.burst);
        *last = now;
        if *level >= 1.0 {
            *level -= 1.0;
            Ok(())
        } else {
            Err(((1.0 - *level) / self.rate).ceil().max(1.0) as u64)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_is_checked_by_its_hash_and_revoked_ones_are_refused() {
        let book = TokenBook::new(10.0, 2.0);
        let (a, b) = (generate(), generate());
        assert_ne!(a, b);
        book.load(vec![
            TokenRow {
                name: "ci".into(),
                scopes: vec!["ingest".into()],
                hash: hash(&a),
                created_at: 0,
                revoked_at: None,
            },
            TokenRow {
                name: "old".into(),
                scopes: vec!["admin".into()],
                hash: hash(&b),
                created_at: 0,
                revoked_at: Some(1),
            },
        ]);
        let ci = book.holder(&a).expect("known");
        assert!(ci.may(Scope::Ingest) && !ci.may(Scope::Publish));
        assert!(book.holder(&b).is_none());
        assert!(book.holder("prt_guess").is_none());
    }

    #[test]
    fn a_token_over_its_rate_is_told_when_to_come_back() {
        let book = TokenBook::new(1.0, 2.0);
        let t = Instant::now();
        assert!(book.take("ci", t).is_ok());
        assert!(book.take("ci", t).is_ok());
        assert_eq!(book.take("ci", t), Err(1));
        assert!(book.take("ci", t + std::time::Duration::from_secs(1)).is_ok());
    }
}
