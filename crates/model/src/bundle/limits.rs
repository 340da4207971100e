//! Hard limits and text hygiene of a bundle, checked when it is read, before anything
//! is written: a hostile or broken file is refused with the limit and the JSON path,
//! instead of exhausting memory, a stack or a person's patience later. The guardrails
//! of the domain (50 activities a journey…) stay warnings in validation; these limits
//! sit far above them and only stop what no one builds by hand.

use crate::{Bundle, CustomAction, DataSource, Event, Field, Journey, TestProfile};

use super::BundleError;

/// Bytes of bundle text read (the file, or what is pasted or sent).
pub const MAX_BUNDLE_BYTES: usize = 32 * 1024 * 1024;
/// Events, data sources, actions, journeys, fixtures or test profiles: each list.
pub const MAX_OBJECTS: usize = 10_000;
/// Versions a journey keeps.
pub const MAX_VERSIONS: usize = 1_000;
/// Activities in one journey version (the warning guardrail is 50).
pub const MAX_ACTIVITIES: usize = 1_000;
/// Edges in one journey version.
pub const MAX_EDGES: usize = 5_000;
/// The highest version number: numbering goes on from the last, so a number near
/// `u32::MAX` would leave no next one.
pub const MAX_VERSION_NUMBER: u32 = 1_000_000;
/// Characters of a name or id.
pub const MAX_NAME_CHARS: usize = 200;

/// Characters that make text read differently from what it is: control characters
/// (NUL included) and the bidirectional overrides and isolates that reorder what a
/// reviewer sees (the "Trojan Source" characters).
fn deceptive(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}')
}

/// Why `text` cannot be a name or id, if it cannot.
pub fn name_problem(text: &str) -> Option<String> {
    if text.trim().is_empty() {
        return Some(if text.is_empty() {
            "empty: a name is needed".into()
        } else {
            "only spaces: a name is needed".into()
        });
    }
    if text.trim() != text {
        return Some(format!("`{}` starts or ends with a space", text.escape_debug()));
    }
    if let Some(c) = text.chars().find(|c| deceptive(*c)) {
        return Some(format!(
            "holds the invisible character U+{:04X}: names may not hold control or text-direction characters",
            c as u32
        ));
    }
    let chars = text.chars().count();
    if chars > MAX_NAME_CHARS {
        return Some(format!("{chars} characters, over the limit of {MAX_NAME_CHARS}"));
    }
    None
}

fn name(path: impl FnOnce() -> String, text: &str) -> Result<(), BundleError> {
    match name_problem(text) {
        Some(problem) => Err(BundleError::new(path(), problem)),
        None => Ok(()),
    }
}

fn at_most(path: impl FnOnce() -> String, len: usize, limit: usize, what: &str) -> Result<(), BundleError> {
    if len > limit {
        return Err(BundleError::new(
            path(),
            format!("{len} {what}, over the limit of {limit}"),
        ));
    }
    Ok(())
}

/// The text itself, before it is parsed.
pub fn check_size(text: &str) -> Result<(), BundleError> {
    if text.len() > MAX_BUNDLE_BYTES {
        return Err(BundleError::new(
            "$",
            format!(
                "the bundle is {} bytes, over the limit of {MAX_BUNDLE_BYTES} ({} MiB)",
                text.len(),
                MAX_BUNDLE_BYTES / (1024 * 1024)
            ),
        ));
    }
    Ok(())
}

/// `base.rest`, or `rest` alone for an object checked on its own (a save).
fn at(base: &str, rest: &str) -> String {
    if base.is_empty() {
        rest.to_string()
    } else {
        format!("{base}.{rest}")
    }
}

/// Fields nest at most as deep as JSON does (serde_json stops at 128 levels), so this
/// recursion is bounded by the parser, not by the input.
fn fields(path: &str, list: &[Field]) -> Result<(), BundleError> {
    let mut seen = std::collections::BTreeSet::new();
    for (i, field) in list.iter().enumerate() {
        let here = format!("{path}[{i}]");
        name(|| format!("{here}.name"), &field.name)?;
        if !seen.insert(field.name.as_str()) {
            return Err(BundleError::new(
                format!("{here}.name"),
                format!("`{}` appears twice: a payload has one field of a name", field.name),
            ));
        }
        fields(&format!("{here}.fields"), &field.fields)?;
    }
    Ok(())
}

/// An event's names; `base` is its JSON path (empty when it is saved on its own).
pub fn check_event(base: &str, event: &Event) -> Result<(), BundleError> {
    name(|| at(base, "name"), &event.name)?;
    fields(&at(base, "fields"), &event.fields)
}

pub fn check_data_source(base: &str, source: &DataSource) -> Result<(), BundleError> {
    name(|| at(base, "name"), &source.name)?;
    for (g, group) in source.field_groups.iter().enumerate() {
        name(|| at(base, &format!("fieldGroups[{g}].name")), &group.name)?;
    }
    Ok(())
}

pub fn check_action(base: &str, action: &CustomAction) -> Result<(), BundleError> {
    name(|| at(base, "name"), &action.name)
}

pub fn check_test_profile(base: &str, profile: &TestProfile) -> Result<(), BundleError> {
    name(|| at(base, "name"), &profile.name)?;
    name(|| at(base, "profileId"), &profile.profile_id)
}

/// A journey's size and names: what the designer saves is held to what a bundle is.
pub fn check_journey(base: &str, journey: &Journey) -> Result<(), BundleError> {
    name(|| at(base, "name"), &journey.name)?;
    at_most(
        || at(base, "versions"),
        journey.versions.len(),
        MAX_VERSIONS,
        "versions",
    )?;
    for (v, version) in journey.versions.iter().enumerate() {
        let base = at(base, &format!("versions[{v}]"));
        if !(1..=MAX_VERSION_NUMBER).contains(&version.version) {
            return Err(BundleError::new(
                format!("{base}.version"),
                format!("version {} is outside 1 to {MAX_VERSION_NUMBER}", version.version),
            ));
        }
        at_most(
            || format!("{base}.nodes"),
            version.nodes.len(),
            MAX_ACTIVITIES,
            "activities",
        )?;
        at_most(|| format!("{base}.edges"), version.edges.len(), MAX_EDGES, "edges")?;
        for (n, node) in version.nodes.iter().enumerate() {
            name(|| format!("{base}.nodes[{n}].id"), &node.id)?;
        }
        for (e, edge) in version.edges.iter().enumerate() {
            name(|| format!("{base}.edges[{e}].from"), &edge.from)?;
            name(|| format!("{base}.edges[{e}].to"), &edge.to)?;
            name(|| format!("{base}.edges[{e}].port"), &edge.port)?;
        }
    }
    Ok(())
}

/// Counts and names of a parsed bundle.
pub fn check(bundle: &Bundle) -> Result<(), BundleError> {
    let lists = [
        ("events", bundle.events.len()),
        ("dataSources", bundle.data_sources.len()),
        ("actions", bundle.actions.len()),
        ("journeys", bundle.journeys.len()),
        ("fixtures", bundle.fixtures.len()),
        ("testProfiles", bundle.test_profiles.len()),
    ];
    for (list, len) in lists {
        at_most(|| list.to_string(), len, MAX_OBJECTS, list)?;
    }
    for (i, event) in bundle.events.iter().enumerate() {
        check_event(&format!("events[{i}]"), event)?;
    }
    for (i, source) in bundle.data_sources.iter().enumerate() {
        check_data_source(&format!("dataSources[{i}]"), source)?;
    }
    for (i, action) in bundle.actions.iter().enumerate() {
        check_action(&format!("actions[{i}]"), action)?;
    }
    for (j, journey) in bundle.journeys.iter().enumerate() {
        check_journey(&format!("journeys[{j}]"), journey)?;
    }
    for (i, profile) in bundle.test_profiles.iter().enumerate() {
        check_test_profile(&format!("testProfiles[{i}]"), profile)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::name_problem;

    #[test]
    fn names_are_visible_text() {
        assert_eq!(name_problem("cart_abandoned"), None);
        assert_eq!(name_problem("Gold member in Lyon"), None);
        assert_eq!(name_problem("Client à Lyon — ÉTÉ"), None);
        assert!(name_problem("").unwrap().contains("empty"));
        assert!(name_problem("   ").unwrap().contains("only spaces"));
        assert!(name_problem(" cart").unwrap().contains("starts or ends"));
        assert!(name_problem("cart\0x").unwrap().contains("U+0000"));
        assert!(name_problem("admin\u{202E}nimda").unwrap().contains("U+202E"));
        assert!(name_problem("a\u{2066}b").unwrap().contains("U+2066"));
        assert!(name_problem(&"x".repeat(201)).unwrap().contains("limit of 200"));
    }
}
