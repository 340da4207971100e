//! Checks on test data: fixtures (canned responses) and test profiles. Like every other
//! check they never fail; a bad fixture would otherwise only surface when a simulation
//! refuses to start.

use serde_json::Value;

use crate::expr::compile;
use crate::field::{FieldKind, find_field};
use crate::{Catalog, Code, Diagnostic, Fixture, FixtureTarget, TestProfile};

/// The object a fixture's diagnostics are about: `fixture:send_sms` or
/// `fixture:crm/profile`.
pub fn fixture_object(target: &FixtureTarget) -> String {
    format!("fixture:{}", target.label())
}

pub fn validate_fixture(fixture: &Fixture, catalog: &Catalog) -> Vec<Diagnostic> {
    let object = fixture_object(&fixture.target);
    let mut out = Vec::new();
    match &fixture.target {
        FixtureTarget::Action { name } if !catalog.actions.contains_key(name.as_str()) => out.push(Diagnostic::new(
            Code::FixtureTarget,
            &object,
            "target.name",
            format!("no custom action is named `{name}`"),
        )),
        FixtureTarget::DataSource { source, group } => match catalog.data_sources.get(source.as_str()) {
            None => out.push(Diagnostic::new(
                Code::FixtureTarget,
                &object,
                "target.source",
                format!("no data source is named `{source}`"),
            )),
            Some(s) if s.group(group).is_none() => out.push(Diagnostic::new(
                Code::FixtureTarget,
                &object,
                "target.group",
                format!("data source `{source}` has no field group `{group}`"),
            )),
            Some(_) => {}
        },
        FixtureTarget::Action { .. } => {}
    }
    for (i, response) in fixture.responses.iter().enumerate() {
        if !(100..=599).contains(&response.status) {
            out.push(Diagnostic::new(
                Code::FixtureStatus,
                &object,
                &format!("responses[{i}].status"),
                format!("{} is not an HTTP status (100 to 599)", response.status),
            ));
        }
        if let Some(when) = &response.when
            && let Err(e) = compile(when)
        {
            out.push(Diagnostic::new(
                Code::ExprSyntax,
                &object,
                &format!("responses[{i}].when"),
                format!("`{when}` is not a valid expression: {e}"),
            ));
        }
    }
    for (path, rate) in [("errorRate", fixture.error_rate), ("timeoutRate", fixture.timeout_rate)] {
        if !(0.0..=1.0).contains(&rate) {
            out.push(Diagnostic::new(
                Code::FixtureRate,
                &object,
                path,
                format!("{rate} is not a share between 0 and 1"),
            ));
        }
    }
    if fixture.error_rate + fixture.timeout_rate > 1.0 {
        out.push(Diagnostic::new(
            Code::FixtureRate,
            &object,
            "timeoutRate",
            "errors and timeouts together exceed every call",
        ));
    }
    out
}

/// A JSON value of the shape a field of `kind` holds.
fn fits(kind: FieldKind, value: &Value) -> bool {
    match (kind, value) {
        (_, Value::Null) => true,
        (FieldKind::String | FieldKind::Datetime | FieldKind::Date, Value::String(_)) => true,
        (FieldKind::Integer, Value::Number(n)) => n.is_i64() || n.is_u64(),
        (FieldKind::Number, Value::Number(_)) => true,
        (FieldKind::Boolean, Value::Bool(_)) => true,
        (FieldKind::Object, Value::Object(_)) => true,
        (FieldKind::Array, Value::Array(_)) => true,
        _ => false,
    }
}

pub fn validate_test_profile(profile: &TestProfile, catalog: &Catalog) -> Vec<Diagnostic> {
    let object = format!("testProfile:{}", profile.name);
    let mut out = Vec::new();
    if profile.name.trim().is_empty() {
        out.push(Diagnostic::new(
            Code::InvalidName,
            &object,
            "name",
            "a test profile needs a name",
        ));
    }
    if profile.profile_id.trim().is_empty() {
        out.push(Diagnostic::new(
            Code::ProfileIdMissing,
            &object,
            "profileId",
            "a test profile needs the id its test events carry",
        ));
    }
    for event in catalog.events.values() {
        let kind = find_field(&event.fields, &event.profile_id).map(|f| f.kind);
        if !profile.profile_id.trim().is_empty() && profile.id_value(kind).is_none() {
            out.push(Diagnostic::new(
                Code::ProfileValueType,
                &object,
                "profileId",
                format!(
                    "`{}` cannot go in event `{}`'s profile id `{}`, a {}",
                    profile.profile_id,
                    event.name,
                    event.profile_id,
                    format!("{:?}", kind.unwrap_or(FieldKind::String)).to_lowercase()
                ),
            ));
        }
    }
    for (path, value) in &profile.values {
        let fields: Vec<_> = catalog
            .events
            .values()
            .filter_map(|e| find_field(&e.fields, path).map(|f| (e.name.as_str(), f)))
            .collect();
        if fields.is_empty() {
            out.push(Diagnostic::new(
                Code::ProfileFieldUnknown,
                &object,
                &format!("values.{path}"),
                format!("no event has a field `{path}`: the value is never used"),
            ));
        }
        for (event, field) in fields {
            if !fits(field.kind, value) {
                out.push(Diagnostic::new(
                    Code::ProfileValueType,
                    &object,
                    &format!("values.{path}"),
                    format!(
                        "`{path}` is a {} in event `{event}`, not {value}",
                        format!("{:?}", field.kind).to_lowercase()
                    ),
                ));
            }
        }
    }
    out
}
