//! What an expression on a node may read: the entry event, the events and action
//! responses of activities upstream of the node, the journey's data lookups, the
//! journey's own context and `now`.

use std::collections::BTreeSet;

use crate::expr::{Scope, Ty};
use crate::{Activity, Catalog, JourneyVersion};

/// The scope of expressions on `node`, given the set of nodes upstream of it.
pub fn node_scope(version: &JourneyVersion, catalog: &Catalog, upstream: &BTreeSet<&str>) -> Scope {
    let mut scope = Scope::new();
    let mut events = Vec::new();
    let mut actions = Vec::new();
    for node in &version.nodes {
        let is_upstream = upstream.contains(node.id.as_str());
        match &node.activity {
            Activity::Entry { event } => {
                if let Some(e) = catalog.events.get(event.as_str()) {
                    scope.insert("event".into(), Ty::of_fields(&e.fields));
                    events.push((event.clone(), Ty::of_fields(&e.fields)));
                }
            }
            Activity::Reaction { event, .. } if is_upstream => {
                if let Some(e) = catalog.events.get(event.as_str()) {
                    events.push((event.clone(), Ty::of_fields(&e.fields)));
                }
            }
            Activity::Action { action, .. } if is_upstream => {
                if let Some(a) = catalog.actions.get(action.as_str()) {
                    let response = Ty::of_fields(&a.response_fields());
                    actions.push((
                        action.clone(),
                        Ty::object([
                            ("status".to_string(), Ty::String),
                            ("ok".to_string(), Ty::Bool),
                            ("response".to_string(), response),
                        ]),
                    ));
                }
            }
            _ => {}
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
            ("node".to_string(), Ty::String),
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
