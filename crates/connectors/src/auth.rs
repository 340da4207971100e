//! Applying an auth to a request. Custom tokens are fetched once and kept for their
//! time to live; `{{secret:NAME}}` placeholders are filled from [`Secrets`]. Every
//! secret is revealed for one destination URL, and only if its binding permits it.

use std::time::{Duration, Instant};

use parcours_model::auth::MAX_TOKEN_TTL_SECONDS;
use parcours_model::{Auth, KeyLocation};
use reqwest::RequestBuilder;
use serde_json::Value;

use crate::Secrets;
use crate::limits::Cache;

/// Why a call could not be made (a missing secret, a failed token request).
pub type AuthError = String;

/// The value of `name` for a call to `to`: refused when the secret is missing or bound
/// elsewhere.
fn reveal(secrets: &dyn Secrets, name: &str, to: &str) -> Result<String, AuthError> {
    let secret = secrets.get(name).ok_or_else(|| {
        format!(
            "secret `{name}` is not set (set it with {})",
            secrets.where_to_set(name)
        )
    })?;
    secret.binding.permits(name, to)?;
    Ok(secret.value)
}

/// Fills the `{{secret:NAME}}` placeholders of a text sent to `to`.
pub fn fill(text: &str, secrets: &dyn Secrets, to: &str) -> Result<String, AuthError> {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("{{secret:") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 9..];
        let end = after.find("}}").ok_or("unclosed {{secret:…}} placeholder")?;
        out.push_str(&reveal(secrets, after[..end].trim(), to)?);
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    Ok(out)
}

fn fill_json(value: &Value, secrets: &dyn Secrets, to: &str) -> Result<Value, AuthError> {
    Ok(match value {
        Value::String(s) => Value::String(fill(s, secrets, to)?),
        Value::Array(items) => Value::Array(
            items
                .iter()
                .map(|v| fill_json(v, secrets, to))
                .collect::<Result<_, _>>()?,
        ),
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| Ok((k.clone(), fill_json(v, secrets, to)?)))
                .collect::<Result<_, AuthError>>()?,
        ),
        other => other.clone(),
    })
}

/// Applies `auth` to a request for `url`. `client` makes the token request (it must not
/// follow a redirect to another origin).
#[allow(clippy::too_many_arguments)]
pub async fn apply(
    builder: RequestBuilder,
    url: &str,
    auth: &Auth,
    owner: &str,
    client: &reqwest::Client,
    secrets: &dyn Secrets,
    tokens: &Cache,
    now: Instant,
) -> Result<RequestBuilder, AuthError> {
    match auth {
        Auth::None => Ok(builder),
        Auth::Basic { username, secret: name } => Ok(builder.basic_auth(username, Some(reveal(secrets, name, url)?))),
        Auth::ApiKey {
            name,
            location,
            secret: s,
        } => {
            let value = reveal(secrets, s, url)?;
            Ok(match location {
                KeyLocation::Header => builder.header(name.as_str(), value),
                KeyLocation::Query => builder.query(&[(name.as_str(), value.as_str())]),
            })
        }
        Auth::CustomToken {
            request,
            token_path,
            ttl_seconds,
        } => {
            let key = format!("token:{owner}");
            let token = match tokens.get(&key, now).and_then(|v| v.as_str().map(str::to_string)) {
                Some(t) => t,
                None => {
                    let mut call = client.request(crate::http::method(request.method), &request.url);
                    for (k, v) in &request.headers {
                        call = call.header(k.as_str(), fill(v, secrets, &request.url)?);
                    }
                    if let Some(body) = &request.body {
                        call = call.json(&fill_json(body, secrets, &request.url)?);
                    }
                    let response = call
                        .send()
                        .await
                        .map_err(|e| format!("token request failed: {}", crate::http::transport_error(e)))?;
                    if !response.status().is_success() {
                        return Err(format!("token request answered {}", response.status().as_u16()));
                    }
                    let body: Value = response
                        .json()
                        .await
                        .map_err(|e| format!("token response is not JSON: {e}"))?;
                    let token = token_path
                        .split('.')
                        .try_fold(&body, |v, k| v.get(k))
                        .and_then(Value::as_str)
                        .ok_or_else(|| format!("no token at `{token_path}` in the token response"))?
                        .to_string();
                    tokens.put(
                        key,
                        Value::String(token.clone()),
                        // Capped as validation caps it: an unchecked TTL must not
                        // overflow the clock.
                        now + Duration::from_secs((*ttl_seconds).min(MAX_TOKEN_TTL_SECONDS)),
                    );
                    token
                }
            };
            Ok(builder.bearer_auth(token))
        }
    }
}

/// Forgets a custom token (after a 401, the next call fetches a new one).
pub fn forget_token(tokens: &Cache, owner: &str) {
    tokens.remove(&format!("token:{owner}"));
}
