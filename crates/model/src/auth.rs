//! Authentication for data sources and custom actions. Secrets are never held here:
//! an auth names a secret (`secret`), whose value lives in the OS keychain.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use ts_rs::TS;

use crate::action::HttpMethod;

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema, TS)]
#[serde(tag = "type", rename_all = "camelCase", deny_unknown_fields)]
pub enum Auth {
    #[default]
    None,
    /// HTTP basic auth; the password is the keychain secret named `secret`.
    Basic { username: String, secret: String },
    /// An API key sent in a header or query parameter called `name`.
    #[serde(rename_all = "camelCase")]
    ApiKey {
        name: String,
        location: KeyLocation,
        secret: String,
    },
    /// A first call obtains a token, which is then sent as `Authorization: Bearer …`.
    #[serde(rename_all = "camelCase")]
    CustomToken {
        request: TokenRequest,
        /// Dotted path of the token in the token response, e.g. `access_token`.
        token_path: String,
        /// How long a token is kept before a new one is requested (default 1 h).
        #[serde(default = "default_token_ttl")]
        ttl_seconds: u64,
    },
}

fn default_token_ttl() -> u64 {
    3600
}

/// The longest a custom token is kept: 30 days, longer than any token service issues.
pub const MAX_TOKEN_TTL_SECONDS: u64 = 30 * 86_400;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(rename_all = "camelCase")]
pub enum KeyLocation {
    Header,
    Query,
}

/// The call that obtains a custom token. Header and body values may contain
/// `{{secret:NAME}}` placeholders, filled from the keychain when the call is made.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TokenRequest {
    pub url: String,
    pub method: HttpMethod,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    #[ts(as = "Option<BTreeMap<String, String>>", optional)]
    pub headers: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional, type = "unknown")]
    pub body: Option<serde_json::Value>,
}

impl Auth {
    /// Names of the keychain secrets this auth needs.
    pub fn secret_names(&self) -> Vec<String> {
        match self {
            Auth::None => vec![],
            Auth::Basic { secret, .. } | Auth::ApiKey { secret, .. } => vec![secret.clone()],
            Auth::CustomToken { request, .. } => {
                let mut text: Vec<String> = request.headers.values().cloned().collect();
                if let Some(body) = &request.body {
                    text.push(body.to_string());
                }
                let mut names: Vec<String> = text.iter().flat_map(|t| placeholders(t)).collect();
                names.sort();
                names.dedup();
                names
            }
        }
    }
}

/// Secret names in `{{secret:NAME}}` placeholders.
fn placeholders(text: &str) -> Vec<String> {
    text.split("{{secret:")
        .skip(1)
        .filter_map(|rest| rest.split_once("}}").map(|(name, _)| name.to_string()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn custom_token_secrets_come_from_placeholders() {
        let auth = Auth::CustomToken {
            request: TokenRequest {
                url: "https://auth.example/token".into(),
                method: HttpMethod::Post,
                headers: BTreeMap::from([("X-Client".into(), "{{secret:client_id}}".into())]),
                body: Some(serde_json::json!({"secret": "{{secret:client_secret}}"})),
            },
            token_path: "access_token".into(),
            ttl_seconds: 3600,
        };
        assert_eq!(auth.secret_names(), vec!["client_id", "client_secret"]);
    }

    #[test]
    fn a_password_in_a_file_is_refused() {
        let err = serde_json::from_str::<Auth>(r#"{"type":"basic","username":"u","secret":"s","password":"hunter2"}"#)
            .unwrap_err();
        assert!(err.to_string().contains("password"), "{err}");
    }
}
