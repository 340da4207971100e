//! Origins (scheme, host and port) and where each configuration sends which secret.
//! A secret is bound to the origins it may go to; the connectors check every call
//! against that binding, the runner checks a release's uses when it is published, the
//! forms propose the definition's origin, and an import lists configurations whose
//! origin changes. All of them read the uses from here, so they agree.

use crate::{Auth, CustomAction, DataSource, ParamValue};

/// `https://api.example.com` (default port left out, as browsers write origins), or
/// `None` for anything that is not an http(s) URL with a host.
pub fn origin_of(url: &str) -> Option<String> {
    let parsed = url::Url::parse(url).ok()?;
    if !matches!(parsed.scheme(), "http" | "https") || parsed.host_str().is_none_or(str::is_empty) {
        return None;
    }
    Some(parsed.origin().ascii_serialization())
}

/// Whether an origin (or URL) is this machine: `localhost`, 127.0.0.0/8 or ::1. Plain
/// `http://` is fine there: nothing leaves the machine.
pub fn is_loopback(url: &str) -> bool {
    match url::Url::parse(url).ok().and_then(|u| u.host().map(|h| h.to_owned())) {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

/// The `NAME`s of the `{{secret:NAME}}` placeholders in a text.
pub fn placeholders(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("{{secret:") {
        let after = &rest[start + 9..];
        let Some(end) = after.find("}}") else { break };
        out.push(after[..end].trim().to_string());
        rest = &after[end + 2..];
    }
    out
}

/// One secret sent by a configuration: which, to which origin, named by the field
/// that names it (`auth.secret`, `headers[0].value`, `auth.request.headers.X`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct SecretUse {
    pub secret: String,
    /// `None` when the URL it goes to is not a valid http(s) URL (validation says so).
    pub origin: Option<String>,
    pub path: String,
}

fn json_placeholders(value: &serde_json::Value, path: &str, out: &mut Vec<(String, String)>) {
    match value {
        serde_json::Value::String(s) => out.extend(placeholders(s).into_iter().map(|n| (n, path.to_string()))),
        serde_json::Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                json_placeholders(v, &format!("{path}[{i}]"), out);
            }
        }
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                json_placeholders(v, &format!("{path}.{k}"), out);
            }
        }
        _ => {}
    }
}

/// The secrets an auth sends, and where: the configuration's own origin, except a
/// custom token request's secrets, which go to the token endpoint.
fn auth_uses(auth: &Auth, origin: &Option<String>) -> Vec<SecretUse> {
    match auth {
        Auth::None => vec![],
        Auth::Basic { secret, .. } | Auth::ApiKey { secret, .. } => vec![SecretUse {
            secret: secret.clone(),
            origin: origin.clone(),
            path: "auth.secret".into(),
        }],
        Auth::CustomToken { request, .. } => {
            let token_origin = origin_of(&request.url);
            let mut found = Vec::new();
            for (k, v) in &request.headers {
                found.extend(
                    placeholders(v)
                        .into_iter()
                        .map(|n| (n, format!("auth.request.headers.{k}"))),
                );
            }
            if let Some(body) = &request.body {
                json_placeholders(body, "auth.request.body", &mut found);
            }
            found
                .into_iter()
                .map(|(secret, path)| SecretUse {
                    secret,
                    origin: token_origin.clone(),
                    path,
                })
                .collect()
        }
    }
}

/// What a custom action sends: its auth's secrets and the placeholders in its constant
/// headers and query parameters.
pub fn action_secret_uses(action: &CustomAction) -> Vec<SecretUse> {
    let origin = origin_of(&action.url);
    let mut out = auth_uses(&action.auth, &origin);
    for (list, params) in [("headers", &action.headers), ("query", &action.query)] {
        for (i, p) in params.iter().enumerate() {
            if let ParamValue::Constant {
                value: serde_json::Value::String(s),
            } = &p.value
            {
                out.extend(placeholders(s).into_iter().map(|secret| SecretUse {
                    secret,
                    origin: origin.clone(),
                    path: format!("{list}[{i}].value"),
                }));
            }
        }
    }
    out
}

pub fn data_source_secret_uses(source: &DataSource) -> Vec<SecretUse> {
    auth_uses(&source.auth, &origin_of(&source.base_url))
}

/// The origins a configuration talks to: its URL's, and its token endpoint's.
fn auth_origins(auth: &Auth) -> Vec<String> {
    match auth {
        Auth::CustomToken { request, .. } => origin_of(&request.url).into_iter().collect(),
        _ => vec![],
    }
}

pub fn action_origins(action: &CustomAction) -> Vec<String> {
    let mut out: Vec<String> = origin_of(&action.url).into_iter().collect();
    out.extend(auth_origins(&action.auth));
    out.dedup();
    out
}

pub fn data_source_origins(source: &DataSource) -> Vec<String> {
    let mut out: Vec<String> = origin_of(&source.base_url).into_iter().collect();
    out.extend(auth_origins(&source.auth));
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_drop_the_default_port_and_keep_any_other() {
        assert_eq!(
            origin_of("https://api.example.com:443/v1/orders?x=1").as_deref(),
            Some("https://api.example.com")
        );
        assert_eq!(
            origin_of("http://127.0.0.1:8080/hook").as_deref(),
            Some("http://127.0.0.1:8080")
        );
        assert_eq!(
            origin_of("HTTPS://API.Example.com/").as_deref(),
            Some("https://api.example.com")
        );
        assert_eq!(origin_of("ftp://example.com"), None);
        assert_eq!(origin_of("not a url"), None);
    }

    #[test]
    fn loopback_is_this_machine_only() {
        for url in [
            "http://localhost:1",
            "http://127.0.0.1",
            "http://127.9.9.9:80",
            "http://[::1]:9",
        ] {
            assert!(is_loopback(url), "{url}");
        }
        for url in ["http://localhost.example.com", "http://10.0.0.1", "https://example.com"] {
            assert!(!is_loopback(url), "{url}");
        }
    }

    #[test]
    fn placeholders_are_found_anywhere_in_a_text() {
        assert_eq!(placeholders("Bearer {{secret:a}}-{{secret: b }}"), vec!["a", "b"]);
        assert!(placeholders("{{secret:unclosed").is_empty());
    }
}
