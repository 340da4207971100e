//! What changed between two versions of a journey: activities added, removed or changed
//! (which fields, old → new), connections added or removed, properties and data lookups,
//! and the configurations the versions use (as each version froze them). Computed from
//! releases, so a published version is compared as it runs, not as its configurations
//! read today.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;

use crate::Release;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum Change {
    Added,
    Removed,
    Changed,
}

/// One value that differs, at a dotted path (`activity.paths[0].expression`); `None` on
/// the side where it does not exist.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FieldChange {
    pub path: String,
    #[ts(type = "unknown")]
    pub old: Option<Value>,
    #[ts(type = "unknown")]
    pub new: Option<Value>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ActivityDiff {
    pub id: String,
    pub change: Change,
    /// The activity's type (`wait`, `action`, …), on the side where it exists (`to` first).
    pub kind: String,
    pub label: String,
    /// For `changed`: what changed in it.
    pub fields: Vec<FieldChange>,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct EdgeDiff {
    pub from: String,
    pub port: String,
    pub to: String,
    pub change: Change,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ConfigDiff {
    /// `event`, `dataSource` or `action`.
    pub kind: String,
    pub name: String,
    pub change: Change,
    pub fields: Vec<FieldChange>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct VersionDiff {
    pub journey: String,
    pub from: u32,
    pub to: u32,
    pub activities: Vec<ActivityDiff>,
    pub edges: Vec<EdgeDiff>,
    /// Journey properties (`properties.…`) and data lookups (`data[…]`).
    pub properties: Vec<FieldChange>,
    pub configurations: Vec<ConfigDiff>,
}

impl VersionDiff {
    /// Compares two frozen versions of one journey.
    pub fn between(from: &Release, to: &Release) -> VersionDiff {
        let (Some(a), Some(b)) = (from.journey_version(), to.journey_version()) else {
            // A damaged release has no version to compare: nothing is shown as changed.
            return VersionDiff {
                journey: to.journey.clone(),
                from: from.version,
                to: to.version,
                activities: Vec::new(),
                edges: Vec::new(),
                properties: Vec::new(),
                configurations: Vec::new(),
            };
        };
        let nodes_a: BTreeMap<&str, Value> = a.nodes.iter().map(|n| (n.id.as_str(), to_json(n))).collect();
        let nodes_b: BTreeMap<&str, Value> = b.nodes.iter().map(|n| (n.id.as_str(), to_json(n))).collect();
        let mut activities = Vec::new();
        // In the order of the newer version, then what it no longer has.
        for node in &b.nodes {
            let new = &nodes_b[node.id.as_str()];
            match nodes_a.get(node.id.as_str()) {
                None => activities.push(activity(&node.id, Change::Added, new, vec![])),
                Some(old) if old != new => {
                    let mut fields = Vec::new();
                    diff_values("", Some(old), Some(new), &mut fields);
                    activities.push(activity(&node.id, Change::Changed, new, fields));
                }
                Some(_) => {}
            }
        }
        for node in &a.nodes {
            if !nodes_b.contains_key(node.id.as_str()) {
                activities.push(activity(&node.id, Change::Removed, &nodes_a[node.id.as_str()], vec![]));
            }
        }

        let edges_of = |v: &crate::JourneyVersion| -> BTreeSet<(String, String, String)> {
            v.edges
                .iter()
                .map(|e| (e.from.clone(), e.port.clone(), e.to.clone()))
                .collect()
        };
        let (ea, eb) = (edges_of(a), edges_of(b));
        let mut edges: Vec<EdgeDiff> = eb
            .difference(&ea)
            .map(|e| edge(e, Change::Added))
            .chain(ea.difference(&eb).map(|e| edge(e, Change::Removed)))
            .collect();
        edges.sort();

        let mut properties = Vec::new();
        let part = |v: &crate::JourneyVersion| serde_json::json!({ "properties": v.properties, "data": v.data });
        diff_values("", Some(&part(a)), Some(&part(b)), &mut properties);

        let mut configurations = Vec::new();
        let (ca, cb) = (&from.content, &to.content);
        configs(
            "event",
            named(&ca.events, |e| e.name.as_str()),
            named(&cb.events, |e| e.name.as_str()),
            &mut configurations,
        );
        configs(
            "dataSource",
            named(&ca.data_sources, |d| d.name.as_str()),
            named(&cb.data_sources, |d| d.name.as_str()),
            &mut configurations,
        );
        configs(
            "action",
            named(&ca.actions, |a| a.name.as_str()),
            named(&cb.actions, |a| a.name.as_str()),
            &mut configurations,
        );

        VersionDiff {
            journey: to.journey.clone(),
            from: from.version,
            to: to.version,
            activities,
            edges,
            properties,
            configurations,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.activities.is_empty()
            && self.edges.is_empty()
            && self.properties.is_empty()
            && self.configurations.is_empty()
    }

    /// The diff for people: one line per change, `+` added, `-` removed, `~` changed.
    pub fn to_text(&self) -> String {
        let mut t = format!("{} v{} → v{}\n", self.journey, self.from, self.to);
        if self.is_empty() {
            t.push_str("  no changes\n");
            return t;
        }
        let sign = |c: Change| match c {
            Change::Added => '+',
            Change::Removed => '-',
            Change::Changed => '~',
        };
        if !self.activities.is_empty() {
            t.push_str("activities:\n");
            for a in &self.activities {
                let _ = writeln!(t, "  {} {} ({}, \"{}\")", sign(a.change), a.id, a.kind, a.label);
                fields_text(&mut t, &a.fields);
            }
        }
        if !self.edges.is_empty() {
            t.push_str("connections:\n");
            for e in &self.edges {
                let _ = writeln!(t, "  {} {}.{} → {}", sign(e.change), e.from, e.port, e.to);
            }
        }
        if !self.properties.is_empty() {
            t.push_str("properties:\n");
            fields_text(&mut t, &self.properties);
        }
        if !self.configurations.is_empty() {
            t.push_str("configurations:\n");
            for c in &self.configurations {
                let _ = writeln!(t, "  {} {} {}", sign(c.change), c.kind, c.name);
                fields_text(&mut t, &c.fields);
            }
        }
        t
    }
}

fn fields_text(t: &mut String, fields: &[FieldChange]) {
    let show = |v: &Option<Value>| v.as_ref().map_or("(none)".to_string(), Value::to_string);
    for f in fields {
        let _ = writeln!(t, "      {}: {} → {}", f.path, show(&f.old), show(&f.new));
    }
}

fn to_json<T: Serialize>(value: &T) -> Value {
    // Invariant: model types are string-keyed structs and maps: serde_json cannot fail on them.
    serde_json::to_value(value).expect("the model serializes")
}

fn activity(id: &str, change: Change, node: &Value, fields: Vec<FieldChange>) -> ActivityDiff {
    let text = |v: Option<&Value>| v.and_then(Value::as_str).unwrap_or_default().to_string();
    ActivityDiff {
        id: id.to_string(),
        change,
        kind: text(node.pointer("/activity/type")),
        label: text(node.get("label")),
        fields,
    }
}

fn edge((from, port, to): &(String, String, String), change: Change) -> EdgeDiff {
    EdgeDiff {
        from: from.clone(),
        port: port.clone(),
        to: to.clone(),
        change,
    }
}

fn named<'a, T: Serialize>(items: &'a [T], name: impl Fn(&'a T) -> &'a str) -> BTreeMap<&'a str, Value> {
    items.iter().map(|i| (name(i), to_json(i))).collect()
}

fn configs(kind: &str, a: BTreeMap<&str, Value>, b: BTreeMap<&str, Value>, out: &mut Vec<ConfigDiff>) {
    let names: BTreeSet<&str> = a.keys().chain(b.keys()).copied().collect();
    for name in names {
        let (old, new) = (a.get(name), b.get(name));
        let change = match (old, new) {
            (None, Some(_)) => Change::Added,
            (Some(_), None) => Change::Removed,
            (Some(o), Some(n)) if o != n => Change::Changed,
            _ => continue,
        };
        let mut fields = Vec::new();
        if change == Change::Changed {
            diff_values("", old, new, &mut fields);
        }
        out.push(ConfigDiff {
            kind: kind.to_string(),
            name: name.to_string(),
            change,
            fields,
        });
    }
}

/// Appends the leaves where `old` and `new` differ. Objects are compared key by key,
/// lists of equal length item by item; anything else is one change.
fn diff_values(path: &str, old: Option<&Value>, new: Option<&Value>, out: &mut Vec<FieldChange>) {
    if old == new {
        return;
    }
    match (old, new) {
        (Some(Value::Object(a)), Some(Value::Object(b))) => {
            let mut keys: Vec<&String> = a.keys().collect();
            keys.extend(b.keys().filter(|k| !a.contains_key(*k)));
            for key in keys {
                let child = if path.is_empty() {
                    key.clone()
                } else {
                    format!("{path}.{key}")
                };
                diff_values(&child, a.get(key), b.get(key), out);
            }
        }
        (Some(Value::Array(a)), Some(Value::Array(b))) if a.len() == b.len() => {
            for (i, (x, y)) in a.iter().zip(b).enumerate() {
                diff_values(&format!("{path}[{i}]"), Some(x), Some(y), out);
            }
        }
        _ => out.push(FieldChange {
            path: path.to_string(),
            old: old.cloned(),
            new: new.cloned(),
        }),
    }
}
