//! Jumps across journeys: the target must exist, identify people the same way, and no
//! chain of jumps may come back to where it started.

use petgraph::algo::has_path_connecting;
use petgraph::graphmap::DiGraphMap;

use crate::field::find_field;
use crate::{Activity, Catalog, Code, Diagnostic, JourneyVersion};

fn jump_targets(version: &JourneyVersion) -> impl Iterator<Item = (&str, &str)> {
    version.nodes.iter().filter_map(|n| match &n.activity {
        Activity::Jump { journey } => Some((n.id.as_str(), journey.as_str())),
        _ => None,
    })
}

/// The person-id field (last segment and kind) an event uses.
pub(super) fn event_identity(event: &str, catalog: &Catalog) -> Option<(String, crate::FieldKind)> {
    let event = catalog.events.get(event)?;
    let field = find_field(&event.fields, &event.profile_id)?;
    Some((field.name.clone(), field.kind))
}

/// The person-id field a version's entry event uses.
fn identity(version: &JourneyVersion, catalog: &Catalog) -> Option<(String, crate::FieldKind)> {
    event_identity(version.entry_event()?, catalog)
}

pub fn check(out: &mut Vec<Diagnostic>, object: &str, name: &str, version: &JourneyVersion, catalog: &Catalog) {
    let mut graph: DiGraphMap<&str, ()> = DiGraphMap::default();
    for (journey_name, journey) in &catalog.journeys {
        if *journey_name == name {
            continue;
        }
        if let Some(v) = journey.latest() {
            for (_, target) in jump_targets(v) {
                graph.add_edge(journey_name, target, ());
            }
        }
    }
    for (_, target) in jump_targets(version) {
        graph.add_edge(name, target, ());
    }
    let mine = identity(version, catalog);
    for (node, target) in jump_targets(version) {
        let diag = |code, msg: String| Diagnostic::new(code, object, "activity.journey", msg).at_node(node);
        let Some(target_journey) = catalog.journeys.get(target) else {
            out.push(diag(Code::JumpTargetUnknown, format!("there is no journey `{target}`")));
            continue;
        };
        if target == name || has_path_connecting(&graph, target, name, None) {
            out.push(diag(
                Code::JumpLoop,
                format!("jumping to `{target}` leads back to `{name}`: loops between journeys are refused"),
            ));
            continue;
        }
        // A jump enters the target's latest published version.
        let target_version = match target_journey.live() {
            Some(v) => Some(v),
            None => {
                out.push(diag(
                    Code::JumpTargetUnpublished,
                    format!("`{target}` has no published version yet: the jump works once it is published"),
                ));
                target_journey.latest()
            }
        };
        let theirs = target_version.and_then(|v| identity(v, catalog));
        if let (Some(a), Some(b)) = (&mine, &theirs)
            && a != b
        {
            out.push(diag(
                Code::JumpIdentityMismatch,
                format!(
                    "`{target}` identifies people by `{}`, this journey by `{}`: both must use the same person id",
                    b.0, a.0
                ),
            ));
        }
    }
}
