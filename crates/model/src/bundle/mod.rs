//! The bundle file (`*.parcours.json`): everything a team shares or keeps in git.
//!
//! Canonical form: keys in declaration order, lists sorted by name (versions by
//! number), two-space indentation, a final newline. Exporting what was imported from a
//! canonical file gives the same bytes. Secrets are never in a bundle: auths name them.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::{Catalog, CustomAction, DataSource, Event, Fixture, Journey, TestProfile};

mod limits;
mod locate;

pub use limits::{
    MAX_ACTIVITIES, MAX_BUNDLE_BYTES, MAX_EDGES, MAX_NAME_CHARS, MAX_OBJECTS, MAX_VERSIONS, check_action,
    check_data_source, check_event, check_journey, check_test_profile, name_problem,
};

pub const BUNDLE_FORMAT: &str = "parcours.bundle";
pub const BUNDLE_VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schemars(
    title = "Parcours bundle",
    description = "Events, data sources, custom actions and journeys of a Parcours workspace."
)]
pub struct Bundle {
    /// Always `parcours.bundle`.
    pub format: String,
    /// Format version; this Parcours reads version 1.
    pub version: u32,
    #[serde(default)]
    pub events: Vec<Event>,
    #[serde(default)]
    pub data_sources: Vec<DataSource>,
    #[serde(default)]
    pub actions: Vec<CustomAction>,
    #[serde(default)]
    pub journeys: Vec<Journey>,
    /// Simulation fixtures: canned responses for actions and data sources.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fixtures: Vec<Fixture>,
    /// Named people for test mode.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub test_profiles: Vec<TestProfile>,
}

impl Default for Bundle {
    fn default() -> Self {
        Bundle {
            format: BUNDLE_FORMAT.into(),
            version: BUNDLE_VERSION,
            events: vec![],
            data_sources: vec![],
            actions: vec![],
            journeys: vec![],
            fixtures: vec![],
            test_profiles: vec![],
        }
    }
}

/// Why a bundle could not be read: where (a JSON path such as
/// `journeys[0].versions[0].nodes[3].activity.type`) and what.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}: {message}")]
pub struct BundleError {
    pub path: String,
    pub message: String,
}

impl BundleError {
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> Self {
        BundleError {
            path: path.into(),
            message: message.into(),
        }
    }
}

impl Bundle {
    /// Parses a bundle, checking the format and version before the contents.
    pub fn parse(text: &str) -> Result<Bundle, BundleError> {
        limits::check_size(text)?;
        let value: Value = serde_json::from_str(text).map_err(|e| {
            BundleError::new(
                "$",
                format!("not valid JSON (line {}, column {}): {e}", e.line(), e.column()),
            )
        })?;
        let Value::Object(map) = &value else {
            return Err(BundleError::new("$", "a bundle is a JSON object"));
        };
        match map.get("format") {
            Some(Value::String(f)) if f == BUNDLE_FORMAT => {}
            Some(other) => {
                return Err(BundleError::new(
                    "format",
                    format!("expected \"{BUNDLE_FORMAT}\", found {other}: this is not a Parcours bundle"),
                ));
            }
            None => return Err(BundleError::new("format", "missing: this is not a Parcours bundle")),
        }
        match map.get("version").and_then(Value::as_u64) {
            Some(v) if v == BUNDLE_VERSION as u64 => {}
            Some(v) if v > BUNDLE_VERSION as u64 => {
                return Err(BundleError::new(
                    "version",
                    format!(
                        "bundle format version {v} is newer than this Parcours reads ({BUNDLE_VERSION}); update Parcours"
                    ),
                ));
            }
            _ => {
                return Err(BundleError::new(
                    "version",
                    format!(
                        "expected format version {BUNDLE_VERSION}, found {}",
                        map.get("version").unwrap_or(&Value::Null)
                    ),
                ));
            }
        }
        let bundle: Bundle = serde_path_to_error::deserialize(&value).map_err(|e| {
            let path = e.path().to_string();
            let path = if path == "." { "$".to_string() } else { path };
            let message = e.inner().to_string();
            let path = locate::refine(&value, &path, &message).unwrap_or(path);
            BundleError::new(path, message)
        })?;
        limits::check(&bundle)?;
        bundle.check_unique_names()?;
        Ok(bundle)
    }

    fn check_unique_names(&self) -> Result<(), BundleError> {
        fn unique<'a>(list: &str, names: impl Iterator<Item = &'a str>) -> Result<(), BundleError> {
            let mut seen = std::collections::BTreeSet::new();
            for (i, name) in names.enumerate() {
                if !seen.insert(name) {
                    return Err(BundleError::new(
                        format!("{list}[{i}].name"),
                        format!("`{name}` appears twice"),
                    ));
                }
            }
            Ok(())
        }
        unique("events", self.events.iter().map(|e| e.name.as_str()))?;
        unique("dataSources", self.data_sources.iter().map(|e| e.name.as_str()))?;
        unique("actions", self.actions.iter().map(|e| e.name.as_str()))?;
        unique("journeys", self.journeys.iter().map(|e| e.name.as_str()))?;
        unique("testProfiles", self.test_profiles.iter().map(|p| p.name.as_str()))?;
        let mut targets = std::collections::BTreeSet::new();
        for (i, fixture) in self.fixtures.iter().enumerate() {
            if !targets.insert(&fixture.target) {
                return Err(BundleError::new(
                    format!("fixtures[{i}].target"),
                    "another fixture already answers this target: keep one, with several responses",
                ));
            }
        }
        for (j, journey) in self.journeys.iter().enumerate() {
            if journey.versions.is_empty() {
                return Err(BundleError::new(
                    format!("journeys[{j}].versions"),
                    "a journey needs at least one version",
                ));
            }
            let mut seen = std::collections::BTreeSet::new();
            for (i, v) in journey.versions.iter().enumerate() {
                if !seen.insert(v.version) {
                    return Err(BundleError::new(
                        format!("journeys[{j}].versions[{i}].version"),
                        format!("version {} appears twice", v.version),
                    ));
                }
            }
        }
        Ok(())
    }

    /// References to names neither in this bundle nor in `known` (what the destination
    /// already holds); each error names the JSON path of the reference.
    pub fn dangling_references(&self, known: &Catalog) -> Vec<BundleError> {
        fn has<'a>(list: &'a [&'a str], extra: bool) -> impl Fn(&str) -> bool + 'a {
            move |n| list.contains(&n) || extra
        }
        let events: Vec<&str> = self.events.iter().map(|e| e.name.as_str()).collect();
        let actions: Vec<&str> = self.actions.iter().map(|e| e.name.as_str()).collect();
        let sources: Vec<&str> = self.data_sources.iter().map(|e| e.name.as_str()).collect();
        let journeys: Vec<&str> = self.journeys.iter().map(|e| e.name.as_str()).collect();
        let mut out = Vec::new();
        for (j, journey) in self.journeys.iter().enumerate() {
            for (v, version) in journey.versions.iter().enumerate() {
                let base = format!("journeys[{j}].versions[{v}]");
                for (n, node) in version.nodes.iter().enumerate() {
                    let at = format!("{base}.nodes[{n}].activity");
                    let (kind, name, found) = match &node.activity {
                        crate::Activity::Entry { event } | crate::Activity::Reaction { event, .. } => (
                            "event",
                            event,
                            has(&events, known.events.contains_key(event.as_str()))(event),
                        ),
                        crate::Activity::Action { action, .. } => (
                            "action",
                            action,
                            has(&actions, known.actions.contains_key(action.as_str()))(action),
                        ),
                        crate::Activity::Jump { journey } => (
                            "journey",
                            journey,
                            has(&journeys, known.journeys.contains_key(journey.as_str()))(journey),
                        ),
                        _ => continue,
                    };
                    if !found {
                        out.push(BundleError::new(
                            format!("{at}.{kind}"),
                            format!("{kind} `{name}` is neither in the bundle nor in the workspace"),
                        ));
                    }
                }
                for (d, binding) in version.data.iter().enumerate() {
                    let s = binding.source.as_str();
                    if !(sources.contains(&s) || known.data_sources.contains_key(s)) {
                        out.push(BundleError::new(
                            format!("{base}.data[{d}].source"),
                            format!("data source `{s}` is neither in the bundle nor in the workspace"),
                        ));
                    }
                }
            }
        }
        out
    }

    /// Sorts everything into canonical order.
    pub fn canonicalize(&mut self) {
        self.events.sort_by(|a, b| a.name.cmp(&b.name));
        self.data_sources.sort_by(|a, b| a.name.cmp(&b.name));
        self.actions.sort_by(|a, b| a.name.cmp(&b.name));
        self.journeys.sort_by(|a, b| a.name.cmp(&b.name));
        for j in &mut self.journeys {
            j.versions.sort_by_key(|v| v.version);
        }
        self.fixtures.sort_by(|a, b| a.target.cmp(&b.target));
        self.test_profiles.sort_by(|a, b| a.name.cmp(&b.name));
    }

    /// The canonical text of this bundle.
    pub fn to_canonical_json(&self) -> String {
        let mut sorted = self.clone();
        sorted.canonicalize();
        // Invariant: bundles are string-keyed structs and maps: serde_json cannot fail on them.
        let mut text = serde_json::to_string_pretty(&sorted).expect("bundles always serialize");
        text.push('\n');
        text
    }

    pub fn catalog(&self) -> Catalog<'_> {
        Catalog::new(&self.events, &self.data_sources, &self.actions, &self.journeys)
    }

    /// The JSON Schema of the bundle format, generated from these types.
    pub fn json_schema() -> String {
        let schema = schemars::schema_for!(Bundle);
        // Invariant: schemars' output is a JSON value: serde_json cannot fail on it.
        let mut text = serde_json::to_string_pretty(&schema).expect("schemas serialize");
        text.push('\n');
        text
    }
}
