//! Credentials typed in clear: a header, query parameter, payload field, token request
//! field or URL that carries a password, token or key as a constant. Such a value would
//! be stored in the workspace, exported in bundles and published in releases, and go
//! wherever the definition points: an error (E_SECRET_IN_CONSTANT), unless the constant
//! is marked "not a secret". `{{secret:NAME}}` placeholders are how a credential is
//! written instead: filled at send time from the keychain, for the secret's origins only.

use serde_json::Value;

use super::config::looks_like_credential;
use crate::{ActionParam, Auth, Code, CustomAction, DataSource, Diagnostic, ParamValue, PayloadField};

const ADVICE: &str =
    "keep it as a secret: the auth settings, or `{{secret:NAME}}` to read it from the keychain at send time";

/// A text that is not a credential in clear: empty, or holding a placeholder.
fn harmless(text: &str) -> bool {
    text.trim().is_empty() || text.contains("{{secret:")
}

fn clear(value: &Value) -> bool {
    match value {
        Value::String(s) => !harmless(s),
        Value::Number(_) => true,
        _ => false,
    }
}

fn found(object: &str, path: &str, what: String) -> Diagnostic {
    Diagnostic::new(
        Code::SecretInConstant,
        object,
        path,
        format!("{what} looks like a credential written in clear: {ADVICE} (or mark it \"not a secret\")"),
    )
}

/// Credentials in a URL: user info (`https://user:pass@…`) or a query parameter named
/// like a credential (`?api_key=…`).
fn url_credentials(object: &str, path: &str, url: &str, out: &mut Vec<Diagnostic>) {
    let Some(rest) = url.split_once("://").map(|(_, r)| r) else {
        return;
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    if let Some((user_info, _)) = authority.rsplit_once('@')
        && !harmless(user_info)
    {
        out.push(Diagnostic::new(
            Code::SecretInConstant,
            object,
            path,
            format!("the URL carries user credentials (`…@`): {ADVICE}"),
        ));
    }
    let query = url
        .split_once('?')
        .map(|(_, q)| q.split('#').next().unwrap_or(""))
        .unwrap_or("");
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        if looks_like_credential(name) && !harmless(value) {
            out.push(found(object, path, format!("query parameter `{name}` in the URL")));
        }
    }
}

fn params(object: &str, list: &str, params: &[ActionParam], out: &mut Vec<Diagnostic>) {
    for (i, p) in params.iter().enumerate() {
        if let ParamValue::Constant { value } = &p.value
            && !p.not_secret
            && looks_like_credential(&p.name)
            && clear(value)
        {
            out.push(found(object, &format!("{list}[{i}].value"), format!("`{}`", p.name)));
        }
    }
}

fn payload(object: &str, fields: &[PayloadField], out: &mut Vec<Diagnostic>) {
    for (i, f) in fields.iter().enumerate() {
        let last = f.path.rsplit('.').next().unwrap_or(&f.path);
        if let ParamValue::Constant { value } = &f.value
            && !f.not_secret
            && looks_like_credential(last)
            && clear(value)
        {
            out.push(found(
                object,
                &format!("payload[{i}].value"),
                format!("payload field `{}`", f.path),
            ));
        }
    }
}

/// Leaves of a token request's body named like a credential.
fn body(object: &str, path: &str, value: &Value, key: &str, out: &mut Vec<Diagnostic>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                body(object, &format!("{path}.{k}"), v, k, out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                body(object, &format!("{path}[{i}]"), v, key, out);
            }
        }
        leaf if looks_like_credential(key) && clear(leaf) => out.push(found(object, path, format!("`{key}`"))),
        _ => {}
    }
}

fn auth(object: &str, auth: &Auth, out: &mut Vec<Diagnostic>) {
    if let Auth::CustomToken { request, .. } = auth {
        url_credentials(object, "auth.request.url", &request.url, out);
        for (k, v) in &request.headers {
            if looks_like_credential(k) && !harmless(v) {
                out.push(found(
                    object,
                    &format!("auth.request.headers.{k}"),
                    format!("header `{k}`"),
                ));
            }
        }
        if let Some(b) = &request.body {
            body(object, "auth.request.body", b, "", out);
        }
    }
}

pub fn action_credentials(object: &str, action: &CustomAction) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    url_credentials(object, "url", &action.url, &mut out);
    params(object, "headers", &action.headers, &mut out);
    params(object, "query", &action.query, &mut out);
    payload(object, &action.payload, &mut out);
    auth(object, &action.auth, &mut out);
    out
}

pub fn data_source_credentials(object: &str, source: &DataSource) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    url_credentials(object, "baseUrl", &source.base_url, &mut out);
    for (i, group) in source.field_groups.iter().enumerate() {
        url_credentials(
            object,
            &format!("fieldGroups[{i}].path"),
            &format!("x://h{}", group.path),
            &mut out,
        );
    }
    auth(object, &source.auth, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{HttpMethod, TokenRequest};
    use serde_json::json;

    fn action() -> CustomAction {
        serde_json::from_value(json!({
            "name": "notify",
            "url": "https://api.example.com/v1/send",
            "method": "POST",
            "payloadExample": {"to": "x", "auth": {"password": "p"}},
        }))
        .unwrap()
    }

    fn constant(v: Value) -> ParamValue {
        ParamValue::Constant { value: v }
    }

    fn paths(d: Vec<Diagnostic>) -> Vec<String> {
        assert!(d.iter().all(|d| d.code == Code::SecretInConstant && d.is_error()));
        d.into_iter().map(|d| d.path).collect()
    }

    #[test]
    fn credentials_in_clear_are_found_wherever_they_are_typed() {
        let mut a = action();
        a.url = "https://bot:hunter2@api.example.com/v1/send?api_key=abc&page=2".into();
        a.headers.push(ActionParam {
            name: "X-Api-Key".into(),
            value: constant(json!("k-1")),
            not_secret: false,
        });
        a.query.push(ActionParam {
            name: "access_token".into(),
            value: constant(json!("t-1")),
            not_secret: false,
        });
        a.payload.push(PayloadField {
            path: "auth.password".into(),
            value: constant(json!("p-1")),
            not_secret: false,
        });
        a.auth = Auth::CustomToken {
            request: TokenRequest {
                url: "https://auth.example.com/token".into(),
                method: HttpMethod::Post,
                headers: [("Authorization".to_string(), "Basic dXNlcjpwYXNz".to_string())].into(),
                body: Some(json!({"grant_type": "client_credentials", "client": {"client_secret": "cs-1"}})),
            },
            token_path: "access_token".into(),
            ttl_seconds: 3600,
        };
        assert_eq!(
            paths(action_credentials("action:notify", &a)),
            [
                "url",
                "url",
                "headers[0].value",
                "query[0].value",
                "payload[0].value",
                "auth.request.headers.Authorization",
                "auth.request.body.client.client_secret",
            ]
        );
    }

    #[test]
    fn placeholders_empty_values_and_marked_constants_pass() {
        let mut a = action();
        a.headers.push(ActionParam {
            name: "Authorization".into(),
            value: constant(json!("Bearer {{secret:messaging}}")),
            not_secret: false,
        });
        a.headers.push(ActionParam {
            name: "X-Token-Type".into(),
            value: constant(json!("bearer")),
            not_secret: true,
        });
        a.query.push(ActionParam {
            name: "token".into(),
            value: constant(json!("")),
            not_secret: false,
        });
        a.payload.push(PayloadField {
            path: "auth.password".into(),
            value: ParamValue::Variable {
                label: "Password".into(),
                kind: crate::FieldKind::String,
                optional: false,
                nullable: false,
            },
            not_secret: false,
        });
        assert!(action_credentials("action:notify", &a).is_empty());
    }

    #[test]
    fn a_data_source_url_or_group_path_with_a_key_is_found() {
        let source: DataSource = serde_json::from_value(json!({
            "name": "orders",
            "baseUrl": "https://orders.example.com/api?apikey=k9",
            "fieldGroups": [{"name": "byCart", "method": "GET", "path": "/carts/{cartId}?token=t9",
                             "parameters": [], "responseExample": {}}],
        }))
        .unwrap();
        assert_eq!(
            paths(data_source_credentials("dataSource:orders", &source)),
            ["baseUrl", "fieldGroups[0].path"]
        );
    }
}
