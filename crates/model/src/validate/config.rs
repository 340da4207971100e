//! Checks on what technical users configure: events, data sources, custom actions.

use std::collections::BTreeSet;

use serde_json::Value;

use super::MAX_EXAMPLE_BYTES;
use crate::expr::{Scope, Ty, check_expression};
use crate::field::{Field, FieldKind, find_field};
use crate::name::is_valid_name;
use crate::{Code, CustomAction, DataSource, Diagnostic, Event, Recognition};

fn name_check(kind: &str, name: &str) -> Option<Diagnostic> {
    (!is_valid_name(name)).then(|| {
        Diagnostic::new(
            Code::InvalidName,
            &format!("{kind}:{name}"),
            "name",
            format!("`{name}` is not a valid name: use letters, digits and `_`, not starting with a digit"),
        )
    })
}

fn check_fields(object: &str, prefix: &str, fields: &[Field], out: &mut Vec<Diagnostic>) {
    let mut seen = BTreeSet::new();
    for (i, f) in fields.iter().enumerate() {
        let path = format!("{prefix}[{i}]");
        if !is_valid_name(&f.name) {
            out.push(Diagnostic::new(
                Code::InvalidName,
                object,
                &format!("{path}.name"),
                format!("field name `{}` is not an identifier", f.name),
            ));
        }
        if !seen.insert(f.name.as_str()) {
            out.push(Diagnostic::new(
                Code::DuplicateField,
                object,
                &format!("{path}.name"),
                format!("field `{}` appears twice", f.name),
            ));
        }
        let element = if f.kind == FieldKind::Array {
            f.items
        } else {
            Some(f.kind)
        };
        match (f.kind, f.items) {
            (FieldKind::Array, None) => out.push(Diagnostic::new(
                Code::FieldShape,
                object,
                &format!("{path}.items"),
                format!("array `{}` needs an element type", f.name),
            )),
            (FieldKind::Array, Some(FieldKind::Array)) => out.push(Diagnostic::new(
                Code::FieldShape,
                object,
                &format!("{path}.items"),
                format!(
                    "array `{}` of arrays is not supported; wrap the inner array in an object",
                    f.name
                ),
            )),
            (k, Some(_)) if k != FieldKind::Array => out.push(Diagnostic::new(
                Code::FieldShape,
                object,
                &format!("{path}.items"),
                format!("only arrays have an element type, `{}` is a {k:?}", f.name),
            )),
            _ => {}
        }
        if element != Some(FieldKind::Object) && !f.fields.is_empty() {
            out.push(Diagnostic::new(
                Code::FieldShape,
                object,
                &format!("{path}.fields"),
                format!("only objects have child fields, `{}` does not", f.name),
            ));
        }
        check_fields(object, &format!("{path}.fields"), &f.fields, out);
    }
}

fn large_example(object: &str, path: &str, value: Option<&Value>) -> Option<Diagnostic> {
    let size = value.map(|v| v.to_string().len()).unwrap_or(0);
    (size > MAX_EXAMPLE_BYTES).then(|| {
        Diagnostic::new(
            Code::LargeExample,
            object,
            path,
            format!("example is {} KB, over the 64 KB payload guardrail", size / 1024),
        )
    })
}

pub fn validate_event(event: &Event) -> Vec<Diagnostic> {
    let object = format!("event:{}", event.name);
    let mut out: Vec<Diagnostic> = name_check("event", &event.name).into_iter().collect();
    check_fields(&object, "fields", &event.fields, &mut out);
    match find_field(&event.fields, &event.profile_id) {
        Some(f) if !matches!(f.kind, FieldKind::Object | FieldKind::Array) => {}
        Some(_) => out.push(Diagnostic::new(
            Code::ProfileIdMissing,
            &object,
            "profileId",
            format!("profile id `{}` must be a scalar field", event.profile_id),
        )),
        None => out.push(Diagnostic::new(
            Code::ProfileIdMissing,
            &object,
            "profileId",
            format!("profile id `{}` is not a field of the payload", event.profile_id),
        )),
    }
    match &event.recognition {
        Recognition::SystemId { field, id } => {
            if id.trim().is_empty() {
                out.push(Diagnostic::new(
                    Code::EventIdFieldMissing,
                    &object,
                    "recognition.id",
                    "the system-generated event id is empty",
                ));
            }
            if find_field(&event.fields, field).is_none() {
                out.push(Diagnostic::new(
                    Code::EventIdFieldMissing,
                    &object,
                    "recognition.field",
                    format!("event id field `{field}` is not a field of the payload"),
                ));
            }
        }
        Recognition::Rule { condition } => {
            let scope = Scope::from([("event".to_string(), Ty::of_fields(&event.fields))]);
            let (ty, problems) = check_expression(condition, &scope);
            for p in problems {
                out.push(Diagnostic::new(p.code, &object, "recognition.condition", p.message));
            }
            if let Some(ty) = ty.filter(|t| !t.fits(&Ty::Bool)) {
                out.push(Diagnostic::new(
                    Code::ExprType,
                    &object,
                    "recognition.condition",
                    format!("the event id condition must be a bool, it is a {ty}"),
                ));
            }
        }
    }
    let example = event.example_payload();
    out.extend(large_example(&object, "fields", Some(&example)));
    out
}

fn url_check(object: &str, path: &str, url: &str) -> Option<Diagnostic> {
    let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://"));
    let host = rest.map(|r| r.split(['/', '?', '#']).next().unwrap_or(""));
    match host {
        Some(h) if !h.is_empty() && !h.contains(' ') => None,
        _ => Some(Diagnostic::new(
            Code::InvalidUrl,
            object,
            path,
            format!("`{url}` is not an http(s) URL with a host"),
        )),
    }
}

pub fn validate_data_source(source: &DataSource) -> Vec<Diagnostic> {
    let object = format!("dataSource:{}", source.name);
    let mut out: Vec<Diagnostic> = name_check("dataSource", &source.name).into_iter().collect();
    out.extend(url_check(&object, "baseUrl", &source.base_url));
    out.extend(super::credentials::data_source_credentials(&object, source));
    out.extend(token_ttl(&object, &source.auth));
    let mut seen = BTreeSet::new();
    for (i, group) in source.field_groups.iter().enumerate() {
        let path = format!("fieldGroups[{i}]");
        if !is_valid_name(&group.name) {
            out.push(Diagnostic::new(
                Code::InvalidName,
                &object,
                &format!("{path}.name"),
                format!("field group name `{}` is not an identifier", group.name),
            ));
        }
        if !seen.insert(group.name.as_str()) {
            out.push(Diagnostic::new(
                Code::DuplicateName,
                &object,
                &format!("{path}.name"),
                format!("field group `{}` appears twice", group.name),
            ));
        }
        for param in group.path_parameters() {
            let declared = group
                .parameters
                .iter()
                .any(|p| p.name == param && p.location == crate::ParamLocation::Path);
            if !declared {
                out.push(Diagnostic::new(
                    Code::PathParamUndeclared,
                    &object,
                    &format!("{path}.path"),
                    format!("path parameter `{{{param}}}` is not declared as a path parameter"),
                ));
            }
        }
        out.extend(large_example(
            &object,
            &format!("{path}.responseExample"),
            Some(&group.response_example),
        ));
    }
    out
}

/// A custom token is kept for its TTL: at least a second, at most 30 days.
fn token_ttl(object: &str, auth: &crate::Auth) -> Option<Diagnostic> {
    let crate::Auth::CustomToken { ttl_seconds, .. } = auth else {
        return None;
    };
    (!(1..=crate::auth::MAX_TOKEN_TTL_SECONDS).contains(ttl_seconds)).then(|| {
        Diagnostic::new(
            Code::TokenTtlRange,
            object,
            "auth.ttlSeconds",
            format!("a token kept {ttl_seconds} s is outside 1 s – 30 days"),
        )
    })
}

pub fn validate_action(action: &CustomAction) -> Vec<Diagnostic> {
    let object = format!("action:{}", action.name);
    let mut out: Vec<Diagnostic> = name_check("action", &action.name).into_iter().collect();
    out.extend(url_check(&object, "url", &action.url));
    if !(1_000..=30_000).contains(&action.timeout_ms) {
        out.push(Diagnostic::new(
            Code::TimeoutRange,
            &object,
            "timeoutMs",
            format!("timeout {} ms is outside 1–30 s", action.timeout_ms),
        ));
    }
    if action.retries > 3 {
        out.push(Diagnostic::new(
            Code::RetriesRange,
            &object,
            "retries",
            format!("{} retries: at most 3 fit in the timeout budget", action.retries),
        ));
    }
    if action.calls_per_second == 0 {
        out.push(Diagnostic::new(
            Code::CapRange,
            &object,
            "callsPerSecond",
            "the call cap must allow at least one call per second",
        ));
    }
    out.extend(super::credentials::action_credentials(&object, action));
    out.extend(token_ttl(&object, &action.auth));
    if let Some(example) = &action.payload_example {
        for (i, field) in action.payload.iter().enumerate() {
            if pointer(example, &field.path).is_none() {
                out.push(Diagnostic::new(
                    Code::PayloadPathMissing,
                    &object,
                    &format!("payload[{i}].path"),
                    format!("`{}` is not in the payload example", field.path),
                ));
            }
        }
    }
    out.extend(large_example(
        &object,
        "payloadExample",
        action.payload_example.as_ref(),
    ));
    out.extend(large_example(
        &object,
        "responseExample",
        action.response_example.as_ref(),
    ));
    out
}

/// Header or parameter names that carry credentials (also blanked in traces).
pub fn looks_like_credential(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    [
        "authorization",
        "api-key",
        "api_key",
        "apikey",
        "token",
        "secret",
        "password",
    ]
    .iter()
    .any(|k| n.contains(k))
}

fn pointer<'a>(value: &'a Value, dotted: &str) -> Option<&'a Value> {
    dotted.split('.').try_fold(value, |v, key| v.get(key))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{ActionParam, Auth, FieldGroup, GroupMethod, HttpMethod, ParamValue, PayloadField};
    use serde_json::json;

    fn codes(d: Vec<Diagnostic>) -> Vec<&'static str> {
        d.iter().map(|d| d.code.as_str()).collect()
    }

    fn event() -> Event {
        Event {
            name: "cart_abandoned".into(),
            description: String::new(),
            profile_id: "email".into(),
            recognition: Recognition::Rule {
                condition: "event.type == \"cart.abandoned\"".into(),
            },
            fields: vec![
                Field::new("type", FieldKind::String),
                Field::new("email", FieldKind::String).required(),
            ],
        }
    }

    #[test]
    fn a_good_event_has_no_diagnostics() {
        assert!(validate_event(&event()).is_empty());
    }

    #[test]
    fn event_problems() {
        let mut e = event();
        e.name = "cart abandoned".into();
        e.profile_id = "customer.id".into();
        e.fields.push(Field::new("email", FieldKind::String));
        e.fields.push(Field::new("tags", FieldKind::Array));
        e.fields.push(Field {
            fields: vec![Field::new("x", FieldKind::String)],
            ..Field::new("flag", FieldKind::Boolean)
        });
        e.recognition = Recognition::Rule {
            condition: "event.kind == 1".into(),
        };
        let d = validate_event(&e);
        let c = codes(d.clone());
        for code in [
            "E_INVALID_NAME",
            "E_PROFILE_ID_MISSING",
            "E_DUPLICATE_FIELD",
            "E_FIELD_SHAPE",
            "E_EXPR_UNKNOWN_FIELD",
        ] {
            assert!(c.contains(&code), "{code} missing from {c:?}");
        }
        let dup = d.iter().find(|d| d.code == Code::DuplicateField).unwrap();
        assert_eq!(dup.path, "fields[2].name");

        e.recognition = Recognition::SystemId {
            field: "eventId".into(),
            id: "evt_1".into(),
        };
        assert!(codes(validate_event(&e)).contains(&"E_EVENT_ID_FIELD_MISSING"));
        e.recognition = Recognition::Rule {
            condition: "event.email".into(),
        };
        assert!(codes(validate_event(&e)).contains(&"E_EXPR_TYPE"));
    }

    #[test]
    fn data_source_problems() {
        let source = DataSource {
            name: "orders".into(),
            description: String::new(),
            base_url: "ftp://orders".into(),
            auth: Auth::None,
            cache_seconds: 0,
            rate_per_second: 15,
            field_groups: vec![FieldGroup {
                name: "byId".into(),
                method: GroupMethod::Get,
                path: "/orders/{orderId}".into(),
                parameters: vec![],
                response_example: json!({"big": "x".repeat(70_000)}),
            }],
        };
        assert_eq!(
            codes(validate_data_source(&source)),
            vec!["E_INVALID_URL", "E_PATH_PARAM_UNDECLARED", "W_LARGE_EXAMPLE"]
        );
    }

    #[test]
    fn action_problems() {
        let action = CustomAction {
            name: "send_sms".into(),
            description: String::new(),
            url: "https://sms.example/send".into(),
            dynamic_path: false,
            method: HttpMethod::Post,
            headers: vec![ActionParam {
                name: "X-Tenant".into(),
                value: ParamValue::Constant { value: json!("acme") },
                not_secret: false,
            }],
            query: vec![],
            payload_example: Some(json!({"to": "+33"})),
            payload: vec![PayloadField {
                path: "text".into(),
                value: ParamValue::Constant { value: json!("hi") },
                not_secret: false,
            }],
            response_example: None,
            auth: Auth::None,
            timeout_ms: 60_000,
            retries: 5,
            calls_per_second: 10,
        };
        assert_eq!(
            codes(validate_action(&action)),
            vec!["E_TIMEOUT_RANGE", "E_RETRIES_RANGE", "E_PAYLOAD_PATH_MISSING"]
        );
    }
}
