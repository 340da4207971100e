//! Checks on one journey version: its graph (petgraph), its references, its timing and
//! every expression in the scope of its node.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{Datelike, NaiveTime};
use petgraph::algo::{condensation, kosaraju_scc, toposort};
use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::{Dfs, EdgeRef};

use super::known_wait::known_wait_seconds;
use super::scope::{NodeScope, ScopeField, Upstream, node_scope, scope_fields};
use super::{MAX_ACTIVITIES, jumps};
use crate::expr::{Scope, Ty, check_expression};
use crate::field::{FieldKind, find_field};
use crate::journey::{DAY, PORT_NEXT};
use crate::name::is_valid_name;
use crate::time::check_year;
use crate::{Activity, Catalog, Code, Diagnostic, JourneyVersion, Node, Reentrance, TimeZoneSetting, WaitSpec};

const MAX_WAIT: u64 = 90 * DAY;
const REACTION_MIN: u64 = 40;
const REACTION_MAX: u64 = 30 * DAY;

struct Ctx<'a> {
    object: String,
    version: &'a JourneyVersion,
    catalog: &'a Catalog<'a>,
    out: Vec<Diagnostic>,
}

impl Ctx<'_> {
    fn push(&mut self, code: Code, node: Option<&str>, path: &str, message: String) {
        let mut d = Diagnostic::new(code, &self.object, path, message);
        d.node = node.map(str::to_string);
        self.out.push(d);
    }

    /// Checks an expression; `expected` is the type its place needs.
    fn expression(&mut self, node: &str, path: &str, source: &str, scope: &Scope, expected: &Ty) {
        let (ty, problems) = check_expression(source, scope);
        for p in problems {
            self.push(p.code, Some(node), path, p.message);
        }
        if let Some(ty) = ty.filter(|t| !t.fits(expected)) {
            self.push(
                Code::ExprType,
                Some(node),
                path,
                format!("this expression is a {ty}, a {expected} is needed here"),
            );
        }
    }
}

/// Validates one version of the journey `name` against the catalog.
pub fn validate_journey_version(name: &str, version: &JourneyVersion, catalog: &Catalog) -> Vec<Diagnostic> {
    let loops = jumps::JumpLoops::of(catalog, Some((name, version)));
    validate_with_loops(name, version, catalog, &loops)
}

/// [`validate_journey_version`] with the catalog's jump loops already known.
pub(super) fn validate_with_loops(
    name: &str,
    version: &JourneyVersion,
    catalog: &Catalog,
    loops: &jumps::JumpLoops,
) -> Vec<Diagnostic> {
    let mut cx = Ctx {
        object: format!("journey:{name}"),
        version,
        catalog,
        out: Vec::new(),
    };
    if !is_valid_name(name) {
        cx.push(
            Code::InvalidName,
            None,
            "name",
            format!("`{name}` is not a valid journey name"),
        );
    }
    if version.nodes.len() > MAX_ACTIVITIES {
        cx.push(
            Code::TooManyActivities,
            None,
            "nodes",
            format!(
                "{} activities, over the guardrail of {MAX_ACTIVITIES}",
                version.nodes.len()
            ),
        );
    }
    let graph = Graph::build(&mut cx);
    properties(&mut cx);
    let upstream = graph.upstream_names(version);
    // Nodes with the same history share one scope: build each once.
    let mut scopes: HashMap<&Upstream, Scope> = HashMap::new();
    for (node, up) in version.nodes.iter().zip(&upstream) {
        let scope = scopes.entry(up).or_insert_with(|| node_scope(version, catalog, up));
        activity(&mut cx, node, scope);
    }
    data_bindings(&mut cx);
    if let Some(order) = &graph.order {
        cumulative_waits(&mut cx, &graph, order);
    }
    jumps::check(&mut cx.out, &cx.object, name, version, catalog, loops);
    cx.out
}

/// For each node: its output ports and the fields its expressions may read, as the
/// designer's inspector and field picker show them (so the app never guesses them).
pub fn journey_scopes(version: &JourneyVersion, catalog: &Catalog) -> Vec<NodeScope> {
    let mut cx = Ctx {
        object: String::new(),
        version,
        catalog,
        out: Vec::new(),
    };
    let graph = Graph::build(&mut cx);
    let upstream = graph.upstream_names(version);
    let entry = version.entry_event();
    let mut fields: HashMap<&Upstream, Vec<ScopeField>> = HashMap::new();
    version
        .nodes
        .iter()
        .zip(&upstream)
        .map(|(node, up)| NodeScope {
            node: node.id.clone(),
            ports: node.activity.output_ports().into_iter().map(str::to_string).collect(),
            fields: fields
                .entry(up)
                .or_insert_with(|| scope_fields(&node_scope(version, catalog, up), entry))
                .clone(),
        })
        .collect()
}

struct Graph {
    graph: DiGraph<usize, String>,
    indices: Vec<NodeIndex>,
    /// Topological order of node positions, when the graph has no cycle.
    order: Option<Vec<usize>>,
}

impl Graph {
    fn build(cx: &mut Ctx) -> Graph {
        let version = cx.version;
        let mut graph = DiGraph::new();
        let indices: Vec<NodeIndex> = (0..version.nodes.len()).map(|i| graph.add_node(i)).collect();
        let mut by_id: BTreeMap<&str, usize> = BTreeMap::new();
        for (i, node) in version.nodes.iter().enumerate() {
            if by_id.insert(node.id.as_str(), i).is_some() {
                cx.push(
                    Code::DuplicateNodeId,
                    Some(&node.id),
                    &format!("nodes[{i}].id"),
                    format!("another node already has the id `{}`", node.id),
                );
            }
            let ports = node.activity.output_ports();
            let mut seen = BTreeSet::new();
            for (k, p) in ports.iter().enumerate() {
                if !seen.insert(*p) {
                    let list = if matches!(node.activity, Activity::Split { .. }) {
                        "branches"
                    } else {
                        "paths"
                    };
                    cx.push(
                        Code::DuplicatePort,
                        Some(&node.id),
                        &format!("activity.{list}[{k}].port"),
                        format!("two paths are named `{p}`"),
                    );
                }
            }
        }
        let mut used: BTreeMap<(&str, &str), usize> = BTreeMap::new();
        for (i, edge) in version.edges.iter().enumerate() {
            let path = format!("edges[{i}]");
            let (Some(&from), Some(&to)) = (by_id.get(edge.from.as_str()), by_id.get(edge.to.as_str())) else {
                let missing = if by_id.contains_key(edge.from.as_str()) {
                    &edge.to
                } else {
                    &edge.from
                };
                // Located on the end that exists, so the canvas can show it.
                let present = [&edge.from, &edge.to]
                    .into_iter()
                    .find(|n| by_id.contains_key(n.as_str()));
                cx.push(
                    Code::DanglingEdge,
                    present.map(|s| s.as_str()),
                    &path,
                    format!(
                        "edge {} → {} refers to node `{missing}`, which does not exist",
                        edge.from, edge.to
                    ),
                );
                continue;
            };
            let from_node = &version.nodes[from];
            if !from_node.activity.output_ports().contains(&edge.port.as_str()) {
                cx.push(
                    Code::UnknownPort,
                    Some(&edge.from),
                    &format!("{path}.port"),
                    format!(
                        "node `{}` has no output `{}` (outputs: {})",
                        edge.from,
                        edge.port,
                        from_node.activity.output_ports().join(", ")
                    ),
                );
                continue;
            }
            if let Some(first) = used.insert((edge.from.as_str(), edge.port.as_str()), i) {
                cx.push(
                    Code::PortReused,
                    Some(&edge.from),
                    &format!("{path}.port"),
                    format!(
                        "output `{}` of `{}` is already connected by edges[{first}]: one output leads to one activity",
                        edge.port, edge.from
                    ),
                );
                continue;
            }
            graph.add_edge(indices[from], indices[to], edge.port.clone());
        }
        for node in &version.nodes {
            for port in node.activity.output_ports() {
                if !used.contains_key(&(node.id.as_str(), port)) {
                    cx.push(
                        Code::OpenPort,
                        Some(&node.id),
                        &format!("ports.{port}"),
                        format!("output `{port}` of `{}` leads nowhere: connect it or end it", node.id),
                    );
                }
            }
        }
        let g = Graph {
            order: toposort(&graph, None)
                .ok()
                .map(|o| o.into_iter().map(|ix| graph[ix]).collect()),
            graph,
            indices,
        };
        g.entry_checks(cx);
        g
    }

    fn entry_checks(&self, cx: &mut Ctx) {
        let version = cx.version;
        let entries: Vec<usize> = (0..version.nodes.len())
            .filter(|&i| matches!(version.nodes[i].activity, Activity::Entry { .. }))
            .collect();
        match entries.as_slice() {
            [] => cx.push(Code::NoEntry, None, "nodes", "the journey has no entry event".into()),
            [_] => {}
            [_, rest @ ..] => {
                for &i in rest {
                    cx.push(
                        Code::MultipleEntries,
                        Some(&version.nodes[i].id),
                        "activity",
                        "a journey has exactly one entry event".into(),
                    );
                }
            }
        }
        for &i in &entries {
            if self
                .graph
                .neighbors_directed(self.indices[i], petgraph::Incoming)
                .next()
                .is_some()
            {
                cx.push(
                    Code::EntryNotFirst,
                    Some(&version.nodes[i].id),
                    "activity",
                    "the entry event must come first: nothing may lead into it".into(),
                );
            }
        }
        // Kosaraju walks with explicit stacks; petgraph's Tarjan recurses once per activity and
        // overflows the stack on a long chain.
        for scc in kosaraju_scc(&self.graph) {
            let looping = scc.len() > 1 || self.graph.contains_edge(scc[0], scc[0]);
            if looping {
                let mut ids: Vec<&str> = scc
                    .iter()
                    .map(|ix| version.nodes[self.graph[*ix]].id.as_str())
                    .collect();
                ids.sort();
                cx.push(
                    Code::Cycle,
                    Some(ids[0]),
                    "edges",
                    format!("these activities form a loop: {}", ids.join(" → ")),
                );
            }
        }
        if let Some(&entry) = entries.first() {
            let mut reached = BTreeSet::new();
            let mut dfs = Dfs::new(&self.graph, self.indices[entry]);
            while let Some(ix) = dfs.next(&self.graph) {
                reached.insert(self.graph[ix]);
            }
            for (i, node) in version.nodes.iter().enumerate() {
                if !reached.contains(&i) && !entries.contains(&i) {
                    cx.push(
                        Code::Unreachable,
                        Some(&node.id),
                        "",
                        format!("no path from the entry event reaches `{}`", node.id),
                    );
                }
            }
        }
    }

    /// For each node, what its upstream nodes contribute to its scope. One pass in
    /// topological order; a graph with a loop (already an error) walks back per node.
    /// With loops, what may have happened before a node: all that can reach it (in a
    /// loop, a node comes before itself too). One pass over the loops (strongly
    /// connected components) in order, not a search from every node, which was
    /// quadratic in the journey's size.
    fn upstream_in_loops<'a>(&self, version: &'a JourneyVersion) -> Vec<Upstream<'a>> {
        let nodes = &version.nodes;
        let condensed = condensation(self.graph.map(|_, &i| i, |_, _| ()), true);
        // Invariant: a condensation (each loop one node) has no cycle.
        let order = toposort(&condensed, None).expect("a condensation has no cycle");
        let mut before: Vec<Upstream<'a>> = vec![Upstream::default(); condensed.node_count()];
        let mut out = vec![Upstream::default(); nodes.len()];
        for c in order {
            let mut up = Upstream::default();
            for p in condensed.neighbors_directed(c, petgraph::Incoming) {
                up.extend(&before[p.index()]);
                for &i in &condensed[p] {
                    up.add_via(&nodes[i].activity, PORT_NEXT);
                }
            }
            let members = &condensed[c];
            let looping = members.len() > 1
                || self
                    .graph
                    .contains_edge(self.indices[members[0]], self.indices[members[0]]);
            if looping {
                for &i in members {
                    up.add_via(&nodes[i].activity, PORT_NEXT);
                }
            }
            for &i in members {
                out[i] = up.clone();
            }
            before[c.index()] = up;
        }
        out
    }

    fn upstream_names<'a>(&self, version: &'a JourneyVersion) -> Vec<Upstream<'a>> {
        let nodes = &version.nodes;
        let mut out = vec![Upstream::default(); nodes.len()];
        let Some(order) = &self.order else {
            return self.upstream_in_loops(version);
        };
        // What is certain at a node is what every way into it brings: the
        // intersection over incoming edges. A reaction brings its event only through
        // `next` (not when it timed out).
        for &i in order {
            let mut common: Option<Upstream> = None;
            for edge in self.graph.edges_directed(self.indices[i], petgraph::Incoming) {
                let p = self.graph[edge.source()];
                let mut via = out[p].clone();
                via.add_via(&nodes[p].activity, edge.weight());
                common = Some(match common {
                    None => via,
                    Some(c) => c.intersect(&via),
                });
            }
            out[i] = common.unwrap_or_default();
        }
        out
    }
}

fn properties(cx: &mut Ctx) {
    let p = &cx.version.properties;
    if p.global_timeout_seconds == 0 || p.global_timeout_seconds > 91 * DAY {
        cx.push(
            Code::GlobalTimeoutRange,
            None,
            "properties.globalTimeoutSeconds",
            "the global timeout must be between 1 second and 91 days".into(),
        );
    }
    if let Reentrance::AfterWait { seconds } = p.reentrance
        && seconds > MAX_WAIT
    {
        cx.push(
            Code::WaitRange,
            None,
            "properties.reentrance.seconds",
            "the wait before re-entry is at most 90 days".into(),
        );
    }
    for (field, date) in [("properties.start", p.start), ("properties.end", p.end)] {
        if let Some(Err(message)) = date.map(|d| check_year(d.year(), d)) {
            cx.push(Code::DateWindow, None, field, message);
        }
    }
    if let (Some(start), Some(end)) = (p.start, p.end)
        && start >= end
    {
        cx.push(
            Code::DateWindow,
            None,
            "properties.end",
            "the end date must come after the start date".into(),
        );
    }
    let zones: Vec<(&str, &str)> = match &p.time_zone {
        TimeZoneSetting::Fixed { zone } => vec![("properties.timeZone.zone", zone)],
        TimeZoneSetting::FromField { path, fallback } => {
            let entry = cx.version.entry_event().and_then(|e| cx.catalog.events.get(e));
            if let Some(event) = entry {
                let ok = find_field(&event.fields, path).is_some_and(|f| f.kind == FieldKind::String);
                if !ok {
                    cx.push(
                        Code::ExprUnknownField,
                        None,
                        "properties.timeZone.path",
                        format!("`{path}` is not a string field of entry event `{}`", event.name),
                    );
                }
            }
            vec![("properties.timeZone.fallback", fallback)]
        }
    };
    for (path, zone) in zones {
        if zone.parse::<chrono_tz::Tz>().is_err() {
            cx.push(Code::TimeZone, None, path, format!("`{zone}` is not an IANA time zone"));
        }
    }
}

fn activity(cx: &mut Ctx, node: &Node, scope: &Scope) {
    let id = node.id.as_str();
    let catalog = cx.catalog;
    let path_count = match &node.activity {
        Activity::Condition { paths, .. } => Some(paths.len()),
        Activity::DateCondition { paths, .. } => Some(paths.len()),
        Activity::TimeCondition { paths, .. } => Some(paths.len()),
        _ => None,
    };
    if path_count == Some(0) {
        cx.push(
            Code::EmptyCondition,
            Some(id),
            "activity.paths",
            "the condition has no path".into(),
        );
    }
    match &node.activity {
        Activity::Entry { event } => {
            if !catalog.events.contains_key(event.as_str()) {
                cx.push(
                    Code::UnknownEvent,
                    Some(id),
                    "activity.event",
                    format!("there is no event `{event}`"),
                );
            }
        }
        Activity::Reaction { event, timeout_seconds } => {
            if !catalog.events.contains_key(event.as_str()) {
                cx.push(
                    Code::UnknownEvent,
                    Some(id),
                    "activity.event",
                    format!("there is no event `{event}`"),
                );
            }
            let entry = cx.version.entry_event();
            if let (Some(theirs), Some(mine)) = (
                jumps::event_identity(event, catalog),
                entry.and_then(|e| jumps::event_identity(e, catalog)),
            ) && theirs != mine
            {
                cx.push(
                    Code::ReactionIdentityMismatch,
                    Some(id),
                    "activity.event",
                    format!(
                        "`{event}` identifies people by `{}`, the entry event by `{}`: a reaction waits for the same person",
                        theirs.0, mine.0
                    ),
                );
            }
            if !(REACTION_MIN..=REACTION_MAX).contains(timeout_seconds) {
                cx.push(
                    Code::ReactionTimeoutRange,
                    Some(id),
                    "activity.timeoutSeconds",
                    format!("a reaction waits between 40 s and 30 days, not {timeout_seconds} s"),
                );
            }
        }
        Activity::Condition { paths, error_path, .. } => {
            for (i, p) in paths.iter().enumerate() {
                cx.expression(
                    id,
                    &format!("activity.paths[{i}].expression"),
                    &p.expression,
                    scope,
                    &Ty::Bool,
                );
            }
            // The error path is taken only when a lookup the paths read fails.
            if *error_path && !paths.iter().any(|p| p.expression.contains("data.")) {
                cx.push(
                    Code::ErrorPathUnused,
                    Some(id),
                    "activity.errorPath",
                    "no path reads a data lookup (`data.…`), so the error path can never be taken".into(),
                );
            }
        }
        Activity::Split { branches } => {
            let total: u64 = branches.iter().map(|b| b.weight as u64).sum();
            if total != 100 {
                cx.push(
                    Code::SplitWeights,
                    Some(id),
                    "activity.branches",
                    format!("split weights add up to {total}, not 100"),
                );
            }
        }
        Activity::DateCondition { paths, .. } => {
            for (i, p) in paths.iter().enumerate() {
                let bad = match (p.after, p.before) {
                    (None, None) => Some("give a date to be after, before, or both"),
                    (Some(a), Some(b)) if a >= b => Some("`after` must come before `before`"),
                    _ => None,
                };
                if let Some(msg) = bad {
                    cx.push(Code::DateWindow, Some(id), &format!("activity.paths[{i}]"), msg.into());
                }
                for (field, date) in [("after", p.after), ("before", p.before)] {
                    if let Some(Err(message)) = date.map(|d| check_year(d.year(), d)) {
                        cx.push(
                            Code::DateWindow,
                            Some(id),
                            &format!("activity.paths[{i}].{field}"),
                            message,
                        );
                    }
                }
            }
        }
        Activity::TimeCondition { paths, .. } => {
            for (i, p) in paths.iter().enumerate() {
                for (field, value) in [("from", &p.from), ("to", &p.to)] {
                    if NaiveTime::parse_from_str(value, "%H:%M").is_err() {
                        cx.push(
                            Code::TimeWindow,
                            Some(id),
                            &format!("activity.paths[{i}].{field}"),
                            format!("`{value}` is not a time of day HH:MM"),
                        );
                    }
                }
                if p.from == p.to {
                    cx.push(
                        Code::TimeWindow,
                        Some(id),
                        &format!("activity.paths[{i}]"),
                        "the window is empty: `from` equals `to`".into(),
                    );
                }
            }
        }
        Activity::Wait { wait } => match wait {
            WaitSpec::Duration { seconds } => {
                if *seconds == 0 || *seconds > MAX_WAIT {
                    cx.push(
                        Code::WaitRange,
                        Some(id),
                        "activity.wait.seconds",
                        format!("a wait lasts between 1 second and 90 days, not {seconds} s"),
                    );
                }
            }
            WaitSpec::Until { expression } => {
                cx.expression(id, "activity.wait.expression", expression, scope, &Ty::Timestamp);
                if let Some(seconds) = known_wait_seconds(expression, cx.version)
                    && seconds > MAX_WAIT
                {
                    cx.push(
                        Code::WaitRange,
                        Some(id),
                        "activity.wait.expression",
                        format!("this wait lasts {}, over the limit of 90 days", human(seconds)),
                    );
                }
            }
        },
        Activity::End {} | Activity::Jump { .. } => {}
        Activity::Action {
            action,
            mapping,
            dynamic_path,
            ..
        } => action_mapping(cx, node, action, mapping, dynamic_path.as_deref(), scope),
    }
}

fn action_mapping(
    cx: &mut Ctx,
    node: &Node,
    action: &str,
    mapping: &BTreeMap<String, String>,
    dynamic_path: Option<&str>,
    scope: &Scope,
) {
    let id = node.id.as_str();
    let Some(def) = cx.catalog.actions.get(action).copied() else {
        cx.push(
            Code::UnknownAction,
            Some(id),
            "activity.action",
            format!("there is no action `{action}`"),
        );
        return;
    };
    let slots = def.variables();
    for slot in &slots {
        let path = format!("activity.mapping.{}", slot.key);
        match mapping.get(&slot.key) {
            None if !slot.optional => cx.push(
                Code::ActionParamUnmapped,
                Some(id),
                &path,
                format!("parameter `{}` of `{action}` needs a value", slot.key),
            ),
            None => {}
            Some(source) => {
                let (ty, problems) = check_expression(source, scope);
                for p in problems {
                    cx.push(p.code, Some(id), &path, p.message);
                }
                let expected = Ty::of_kind(slot.kind);
                if let Some(ty) = ty
                    && !(ty.fits(&expected) || (ty == Ty::Null && slot.nullable))
                {
                    cx.push(
                        Code::ActionParamType,
                        Some(id),
                        &path,
                        format!("parameter `{}` is a {expected}, the expression gives a {ty}", slot.key),
                    );
                }
            }
        }
    }
    for key in mapping.keys() {
        if !slots.iter().any(|s| &s.key == key) {
            cx.push(
                Code::ActionParamUnknown,
                Some(id),
                &format!("activity.mapping.{key}"),
                format!("`{action}` has no variable parameter `{key}`"),
            );
        }
    }
    match (def.dynamic_path, dynamic_path) {
        (true, None) => cx.push(
            Code::ActionParamUnmapped,
            Some(id),
            "activity.dynamicPath",
            format!("`{action}` needs a dynamic path"),
        ),
        (true, Some(src)) => cx.expression(id, "activity.dynamicPath", src, scope, &Ty::String),
        (false, Some(_)) => cx.push(
            Code::DynamicPathUnused,
            Some(id),
            "activity.dynamicPath",
            format!("`{action}` has a static URL: remove the dynamic path"),
        ),
        (false, None) => {}
    }
}

fn data_bindings(cx: &mut Ctx) {
    let scope = node_scope(cx.version, cx.catalog, &Upstream::default());
    for (i, binding) in cx.version.data.iter().enumerate() {
        let path = format!("data[{i}]");
        let Some(source) = cx.catalog.data_sources.get(binding.source.as_str()).copied() else {
            cx.push(
                Code::UnknownDataSource,
                None,
                &format!("{path}.source"),
                format!("there is no data source `{}`", binding.source),
            );
            continue;
        };
        let Some(group) = source.group(&binding.group) else {
            cx.push(
                Code::UnknownDataSource,
                None,
                &format!("{path}.group"),
                format!("data source `{}` has no field group `{}`", source.name, binding.group),
            );
            continue;
        };
        for param in &group.parameters {
            match binding.parameters.get(&param.name) {
                None => cx.push(
                    Code::DataParamUnmapped,
                    None,
                    &format!("{path}.parameters.{}", param.name),
                    format!(
                        "parameter `{}` of `{}.{}` needs a value",
                        param.name, source.name, group.name
                    ),
                ),
                Some(src) => {
                    let (ty, problems) = check_expression(src, &scope);
                    let at = format!("{path}.parameters.{}", param.name);
                    for p in problems {
                        cx.push(p.code, None, &at, p.message);
                    }
                    let expected = Ty::of_kind(param.kind);
                    if let Some(ty) = ty.filter(|t| !t.fits(&expected)) {
                        cx.push(
                            Code::ExprType,
                            None,
                            &at,
                            format!("a {expected} is needed, the expression gives a {ty}"),
                        );
                    }
                }
            }
        }
        for key in binding.parameters.keys() {
            if !group.parameters.iter().any(|p| &p.name == key) {
                cx.push(
                    Code::DataParamUnknown,
                    None,
                    &format!("{path}.parameters.{key}"),
                    format!("`{}.{}` has no parameter `{key}`", source.name, group.name),
                );
            }
        }
    }
}

/// The longest time a person can spend waiting along any path, checked against the
/// journey's global timeout: a wait that can never finish is a design error.
fn cumulative_waits(cx: &mut Ctx, graph: &Graph, order: &[usize]) {
    let version = cx.version;
    let timeout = version.properties.global_timeout_seconds;
    let mut longest = vec![0u64; version.nodes.len()];
    let mut reported = BTreeSet::new();
    for &i in order {
        let own = match &version.nodes[i].activity {
            Activity::Wait {
                wait: WaitSpec::Duration { seconds },
            } => *seconds,
            Activity::Wait {
                wait: WaitSpec::Until { expression },
            } => known_wait_seconds(expression, version).unwrap_or(0),
            Activity::Reaction { timeout_seconds, .. } => *timeout_seconds,
            _ => 0,
        };
        let before = graph
            .graph
            .neighbors_directed(graph.indices[i], petgraph::Incoming)
            .map(|ix| longest[graph.graph[ix]])
            .max()
            .unwrap_or(0);
        longest[i] = before.saturating_add(own);
        if own > 0 && longest[i] > timeout && reported.insert(i) {
            let node = &version.nodes[i];
            cx.push(
                Code::WaitExceedsTimeout,
                Some(&node.id),
                "activity",
                format!(
                    "people can wait {} here, longer than the journey's global timeout of {}",
                    human(longest[i]),
                    human(timeout)
                ),
            );
        }
    }
}

fn human(seconds: u64) -> String {
    if seconds.is_multiple_of(DAY) {
        format!("{} days", seconds / DAY)
    } else if seconds.is_multiple_of(3600) {
        format!("{} h", seconds / 3600)
    } else {
        format!("{seconds} s")
    }
}
