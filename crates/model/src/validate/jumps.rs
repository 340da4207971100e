//! Jumps across journeys: the target must exist, identify people the same way, and no
//! chain of jumps may come back to where it started.
//!
//! A jump loops when its target reaches back to its journey: both sit in one strongly
//! connected component of the graph of jumps. The components are computed once for a
//! whole catalog ([`JumpLoops`]), so validating every journey stays linear; a search
//! from each jump made 10,000 journeys in a ring take minutes.

use std::collections::HashMap;

use petgraph::algo::kosaraju_scc;
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

/// The strongly connected components of the jump graph: which journeys jump back to
/// each other.
pub struct JumpLoops<'a> {
    component: HashMap<&'a str, usize>,
}

impl<'a> JumpLoops<'a> {
    /// The loops among the latest versions of `catalog`'s journeys, with `edited` (a
    /// journey's version being validated) in place of that journey's latest.
    pub fn of(catalog: &Catalog<'a>, edited: Option<(&'a str, &'a JourneyVersion)>) -> Self {
        let mut graph: DiGraphMap<&'a str, ()> = DiGraphMap::default();
        for (journey_name, journey) in &catalog.journeys {
            if edited.is_some_and(|(name, _)| name == *journey_name) {
                continue;
            }
            if let Some(v) = journey.latest() {
                for (_, target) in jump_targets(v) {
                    graph.add_edge(journey_name, target, ());
                }
            }
        }
        if let Some((name, version)) = edited {
            for (_, target) in jump_targets(version) {
                graph.add_edge(name, target, ());
            }
        }
        let mut component = HashMap::new();
        for (i, scc) in kosaraju_scc(&graph).into_iter().enumerate() {
            component.extend(scc.into_iter().map(|n| (n, i)));
        }
        JumpLoops { component }
    }

    /// True when a jump from `from` to `to` comes back to `from`.
    fn loops(&self, from: &str, to: &str) -> bool {
        from == to
            || matches!(
                (self.component.get(from), self.component.get(to)),
                (Some(a), Some(b)) if a == b
            )
    }
}

pub fn check(
    out: &mut Vec<Diagnostic>,
    object: &str,
    name: &str,
    version: &JourneyVersion,
    catalog: &Catalog,
    loops: &JumpLoops,
) {
    let mine = identity(version, catalog);
    for (node, target) in jump_targets(version) {
        let diag = |code, msg: String| Diagnostic::new(code, object, "activity.journey", msg).at_node(node);
        let Some(target_journey) = catalog.journeys.get(target) else {
            out.push(diag(Code::JumpTargetUnknown, format!("there is no journey `{target}`")));
            continue;
        };
        if loops.loops(name, target) {
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
