//! What an expression on a node may read: the entry event, the events and action
//! responses of activities upstream of the node, the journey's data lookups, the
//! journey's own context and `now`.

use std::collections::BTreeSet;

use crate::expr::{Scope, Ty};
use crate::{Activity, Catalog, JourneyVersion};

/// What happened before a node that its expressions may read: the reactions' events
/// and the actions upstream of it, by name.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Upstream<'a> {
    pub reactions: BTreeSet<&'a str>,
    pub actions: BTreeSet<&'a str>,
}

impl<'a> Upstream<'a> {
    /// Adds what `activity` contributes to the nodes after it, left by `port`.
    pub fn add_via(&mut self, activity: &'a Activity, port: &str) {
        match activity {
            Activity::Reaction { event, .. } if port == crate::journey::PORT_NEXT => {
                self.reactions.insert(event);
            }
            Activity::Action { action, .. } => {
                self.actions.insert(action);
            }
            _ => {}
        }
    }

    /// Everything `other` has too.
    pub fn extend(&mut self, other: &Upstream<'a>) {
        self.reactions.extend(other.reactions.iter().copied());
        self.actions.extend(other.actions.iter().copied());
    }

    /// What both histories have.
    pub fn intersect(&self, other: &Upstream<'a>) -> Upstream<'a> {
        Upstream {
            reactions: self.reactions.intersection(&other.reactions).copied().collect(),
            actions: self.actions.intersection(&other.actions).copied().collect(),
        }
    }
}

/// The scope of expressions on a node, given what is upstream of it.
pub fn node_scope(version: &JourneyVersion, catalog: &Catalog, upstream: &Upstream) -> Scope {
    let mut scope = Scope::new();
    let mut events = Vec::new();
    if let Some(e) = version.entry_event().and_then(|name| catalog.events.get(name)) {
        scope.insert("event".into(), Ty::of_fields(&e.fields));
        events.push((e.name.clone(), Ty::of_fields(&e.fields)));
    }
    for name in &upstream.reactions {
        if let Some(e) = catalog.events.get(name) {
            events.push((e.name.clone(), Ty::of_fields(&e.fields)));
        }
    }
    let mut actions = Vec::new();
    for name in &upstream.actions {
        if let Some(a) = catalog.actions.get(name) {
            actions.push((
                a.name.clone(),
                Ty::object([
                    ("status".to_string(), Ty::String),
                    ("ok".to_string(), Ty::Bool),
                    ("response".to_string(), Ty::of_fields(&a.response_fields())),
                ]),
            ));
        }
    }
    scope.insert("events".into(), Ty::object(events));
    scope.insert("actions".into(), Ty::object(actions));
    scope.insert("data".into(), data_scope(version, catalog));
    scope.insert(
        "journey".into(),
        Ty::object([
            ("name".to_string(), Ty::String),
            ("version".to_string(), Ty::Int),
            ("instanceId".to_string(), Ty::String),
            ("profileId".to_string(), Ty::String),
            ("enteredAt".to_string(), Ty::Timestamp),
            ("timeZone".to_string(), Ty::String),
        ]),
    );
    scope.insert("now".into(), Ty::Timestamp);
    scope
}

fn data_scope(version: &JourneyVersion, catalog: &Catalog) -> Ty {
    let mut sources: std::collections::BTreeMap<String, Vec<(String, Ty)>> = Default::default();
    for binding in &version.data {
        let group = catalog
            .data_sources
            .get(binding.source.as_str())
            .and_then(|s| s.group(&binding.group));
        if let Some(group) = group {
            sources
                .entry(binding.source.clone())
                .or_default()
                .push((group.name.clone(), Ty::of_fields(&group.response_fields())));
        }
    }
    Ty::object(sources.into_iter().map(|(name, groups)| (name, Ty::object(groups))))
}

/// A field an expression on a node may read, as the field picker lists it.
#[derive(Debug, Clone, PartialEq, serde::Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct ScopeField {
    /// `event.cart.total`, `data.crm.profile.tier`, `actions.sendSms.status`
    pub path: String,
    /// The checker's type: `string`, `double`, `list(string)`, `object`…
    pub ty: String,
    /// Where it comes from, for grouping: `Entry event cart.abandoned`, `Lookup crm.profile`…
    pub group: String,
}

/// What a node's editor needs from Rust: its output ports and the fields in scope.
#[derive(Debug, Clone, PartialEq, serde::Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct NodeScope {
    pub node: String,
    pub ports: Vec<String>,
    pub fields: Vec<ScopeField>,
}

/// Every path under `root` (objects opened, lists and maps kept whole), in order.
/// Iterative: field trees come from user input and may be deep.
fn flatten(root: &str, ty: &Ty, group: &str, out: &mut Vec<ScopeField>) {
    let mut stack = vec![(root.to_string(), ty)];
    while let Some((path, ty)) = stack.pop() {
        out.push(ScopeField {
            path: path.clone(),
            ty: ty.to_string(),
            group: group.to_string(),
        });
        if let Ty::Object(fields) = ty {
            // Reversed onto the stack so they come out in name order.
            for (name, child) in fields.iter().rev() {
                stack.push((format!("{path}.{name}"), child));
            }
        }
    }
}

/// The fields of a scope, grouped by where they come from: the entry event first, then
/// reactions' events, actions, lookups, the journey and the clock.
pub fn scope_fields(scope: &Scope, entry_event: Option<&str>) -> Vec<ScopeField> {
    let mut out = Vec::new();
    let children = |name: &str| match scope.get(name) {
        Some(Ty::Object(fields)) => fields.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
        _ => Vec::new(),
    };
    if let Some(event) = scope.get("event") {
        let label = format!("Entry event {}", entry_event.unwrap_or(""));
        flatten("event", event, label.trim_end(), &mut out);
    }
    for (name, ty) in children("events") {
        flatten(&format!("events.{name}"), &ty, &format!("Event {name}"), &mut out);
    }
    for (name, ty) in children("actions") {
        flatten(&format!("actions.{name}"), &ty, &format!("Action {name}"), &mut out);
    }
    for (source, groups) in children("data") {
        if let Ty::Object(groups) = groups {
            for (group, ty) in groups.iter() {
                let label = format!("Lookup {source}.{group}");
                flatten(&format!("data.{source}.{group}"), ty, &label, &mut out);
            }
        }
    }
    if let Some(journey) = scope.get("journey") {
        flatten("journey", journey, "Journey", &mut out);
    }
    if let Some(now) = scope.get("now") {
        flatten("now", now, "Clock", &mut out);
    }
    out
}
