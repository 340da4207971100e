//! Path coverage: every path through a journey, and test people who take each one.
//!
//! Paths are enumerated on the compiled plan. Test people are generated where the
//! conditions allow it: values on both sides of every comparison between an event
//! field and a constant (also through data lookups answered by fixtures), arrival
//! times on both sides of date and time windows, reactions answered or not, actions
//! failing or not; splits vary with each person. All candidates run in one simulation;
//! the first person who takes a path becomes its example. Paths nobody took are
//! reported with the first step nobody took.

use std::collections::{BTreeSet, HashMap};

use cel::common::ast::{Expr, IdedExpr, LiteralValue, operators as op};
use chrono::{DateTime, Duration, Utc};
use parcours_engine::{Op, Plan, text};
use parcours_model::field::{FieldKind, find_field};
use parcours_model::{Bundle, Event};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use ts_rs::TS;

use crate::sim::{Options, SimError, Simulator};
use crate::test_events::{TestEvent, set_path};
use crate::trace::TraceKind;

/// At most this many paths are listed (a journey with more is reported as such).
pub const MAX_PATHS: usize = 5_000;
/// At most this many test people are simulated.
pub const MAX_PEOPLE: usize = 20_000;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Coverage {
    pub journey: String,
    pub paths: Vec<PathCoverage>,
    pub covered: u32,
    /// Test people simulated.
    pub people: u32,
    /// True when the journey has more paths than were enumerated.
    pub truncated: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PathCoverage {
    /// `node[port]` steps, e.g. `still_unpaid[unpaid]`, ending at the last node.
    pub steps: Vec<String>,
    pub covered: bool,
    /// A test person who took it.
    #[ts(optional)]
    pub example: Option<Scenario>,
    /// Why nobody took it.
    #[ts(optional)]
    pub reason: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Scenario {
    #[ts(type = "string")]
    pub at: DateTime<Utc>,
    #[ts(type = "unknown")]
    pub payload: Value,
    /// Events sent when a reaction waits for them.
    pub reactions: Vec<String>,
    /// Actions made to fail.
    pub failures: Vec<String>,
}

type Path = Vec<(usize, usize)>;

fn enumerate(plan: &Plan) -> (Vec<Path>, bool) {
    let mut out = Vec::new();
    let mut stack: Vec<(usize, Path)> = vec![(plan.entry, Vec::new())];
    while let Some((node, path)) = stack.pop() {
        if out.len() >= MAX_PATHS {
            return (out, true);
        }
        let ports = plan.nodes[node].ports.len();
        if ports == 0 {
            out.push(path);
            continue;
        }
        for port in (0..ports).rev() {
            let mut next = path.clone();
            next.push((node, port));
            match plan.nodes[node].next[port] {
                Some(n) if !path.iter().any(|(v, _)| *v == n) => stack.push((n, next)),
                _ => out.push(next),
            }
        }
    }
    (out, false)
}

fn describe(plan: &Plan, path: &Path) -> Vec<String> {
    let mut steps: Vec<String> = path
        .iter()
        .map(|(n, p)| format!("{}[{}]", plan.nodes[*n].id, plan.nodes[*n].ports[*p]))
        .collect();
    if let Some(&(n, p)) = path.last()
        && let Some(next) = plan.nodes[n].next[p]
    {
        steps.push(plan.nodes[next].id.clone());
    }
    steps
}

/// `event.a.b` → `a.b`.
fn event_path(e: &IdedExpr, root: &str) -> Option<String> {
    let mut parts = Vec::new();
    let mut current = e;
    loop {
        match &current.expr {
            Expr::Select(s) if !s.test => {
                parts.push(s.field.clone());
                current = &s.operand;
            }
            Expr::Ident(name) if name == root => break,
            _ => return None,
        }
    }
    parts.reverse();
    Some(parts.join("."))
}

fn literal(e: &IdedExpr) -> Option<Value> {
    match &e.expr {
        Expr::Literal(LiteralValue::Int(i)) => Some(json!(*i.inner())),
        Expr::Literal(LiteralValue::UInt(u)) => Some(json!(*u.inner())),
        Expr::Literal(LiteralValue::Double(d)) => Some(json!(*d.inner())),
        Expr::Literal(LiteralValue::String(s)) => Some(json!(s.inner())),
        Expr::Literal(LiteralValue::Boolean(b)) => Some(json!(*b.inner())),
        _ => None,
    }
}

/// Values around a constant an expression compares `root.path` with.
fn collect(e: &IdedExpr, root: &str, out: &mut Vec<(String, Vec<Value>)>) {
    if let Expr::Call(call) = &e.expr {
        let pair = |a: &IdedExpr, b: &IdedExpr| event_path(a, root).zip(literal(b));
        let found = match (call.func_name.as_str(), &call.target, call.args.as_slice()) {
            (
                op::EQUALS | op::NOT_EQUALS | op::LESS | op::LESS_EQUALS | op::GREATER | op::GREATER_EQUALS,
                None,
                [a, b],
            ) => pair(a, b).or_else(|| pair(b, a)).map(|(p, v)| (p, around(&v))),
            ("startsWith", Some(t), [a]) => {
                pair(t, a).map(|(p, v)| (p, vec![json!(format!("{}x", text(&v))), json!("x")]))
            }
            ("endsWith", Some(t), [a]) => {
                pair(t, a).map(|(p, v)| (p, vec![json!(format!("x{}", text(&v))), json!("x")]))
            }
            ("contains", Some(t), [a]) => {
                pair(t, a).map(|(p, v)| (p, vec![json!(format!("x{}x", text(&v))), json!("x")]))
            }
            _ => None,
        };
        out.extend(found);
        for a in call.target.iter().map(|t| t.as_ref()).chain(call.args.iter()) {
            collect(a, root, out);
        }
    }
    if let Expr::Comprehension(c) = &e.expr {
        collect(&c.iter_range, root, out);
        collect(&c.loop_step, root, out);
    }
}

fn around(v: &Value) -> Vec<Value> {
    match v {
        Value::Number(n) if n.is_i64() => {
            let i = n.as_i64().unwrap_or(0);
            [i.checked_sub(1), Some(i), i.checked_add(1)]
                .into_iter()
                .flatten()
                .map(|n| json!(n))
                .collect()
        }
        Value::Number(n) => {
            let d = n.as_f64().unwrap_or(0.0);
            vec![json!(d - 0.5), json!(d), json!(d + 0.5)]
        }
        Value::String(s) => vec![json!(s), json!(format!("{s}_x"))],
        Value::Bool(b) => vec![json!(b), json!(!b)],
        other => vec![other.clone()],
    }
}

/// Fits a candidate to the field's type (an integer field compared with `1000.0`).
fn typed(v: &Value, kind: FieldKind) -> Value {
    match (kind, v) {
        (FieldKind::Integer, Value::Number(n)) => json!(n.as_f64().unwrap_or(0.0).floor() as i64),
        (FieldKind::Number, Value::Number(n)) => json!(n.as_f64().unwrap_or(0.0)),
        _ => v.clone(),
    }
}

/// Payload variants: the example, then one field changed at a time, then the fields
/// of each expression changed together.
fn payloads(plan: &Plan, bundle: &Bundle, event: &Event) -> Vec<Value> {
    let mut groups: Vec<Vec<(String, Vec<Value>)>> = Vec::new();
    let mut sources: Vec<&IdedExpr> = Vec::new();
    let programs: Vec<cel::Program> = plan
        .nodes
        .iter()
        .filter_map(|n| match &n.op {
            Op::Condition { paths, .. } => Some(paths.iter().map(|e| e.source.clone()).collect::<Vec<_>>()),
            _ => None,
        })
        .flatten()
        .filter_map(|s| parcours_model::expr::compile(&s).ok())
        .collect();
    sources.extend(programs.iter().map(|p| p.expression()));
    for e in sources {
        let mut found = Vec::new();
        collect(e, "event", &mut found);
        if !found.is_empty() {
            groups.push(found);
        }
    }
    // Fixture conditions on lookup parameters (`request.params.cartId`) reach event
    // fields through the journey's bindings (`cartId: event.cartId`).
    for fixture in &bundle.fixtures {
        for response in &fixture.responses {
            let Some(program) = response
                .when
                .as_deref()
                .and_then(|w| parcours_model::expr::compile(w).ok())
            else {
                continue;
            };
            let mut found = Vec::new();
            collect(program.expression(), "request", &mut found);
            let mapped: Vec<(String, Vec<Value>)> = found
                .into_iter()
                .filter_map(|(path, values)| {
                    let param = path.strip_prefix("params.")?;
                    let binding = plan.bindings.iter().find_map(|b| {
                        b.parameters
                            .iter()
                            .find(|(n, _)| n == param)
                            .map(|(_, e)| e.source.clone())
                    })?;
                    Some((binding.strip_prefix("event.")?.to_string(), values))
                })
                .collect();
            if !mapped.is_empty() {
                groups.push(mapped);
            }
        }
    }
    let base = event.example_payload();
    let mut out = vec![base.clone()];
    let kind = |path: &str| find_field(&event.fields, path).map(|f| f.kind);
    for group in &groups {
        for (path, values) in group {
            let Some(k) = kind(path) else { continue };
            for v in values {
                let mut p = base.clone();
                set_path(&mut p, path, typed(v, k));
                out.push(p);
            }
        }
        if group.len() > 1 {
            // Every combination of this expression's fields, capped.
            let mut combos = vec![base.clone()];
            for (path, values) in group {
                let Some(k) = kind(path) else { continue };
                combos = combos
                    .iter()
                    .flat_map(|c| {
                        values.iter().map(move |v| {
                            let mut p = c.clone();
                            set_path(&mut p, path, typed(v, k));
                            p
                        })
                    })
                    .take(256)
                    .collect();
            }
            out.extend(combos);
        }
    }
    let mut seen = BTreeSet::new();
    out.retain(|p| seen.insert(p.to_string()));
    out
}

/// Arrival times on both sides of every date and time window, and around the clock.
fn times(plan: &Plan, start: DateTime<Utc>) -> Vec<DateTime<Utc>> {
    let mut out = vec![start];
    for node in &plan.nodes {
        match &node.op {
            Op::Date { windows, .. } => {
                for (after, before) in windows {
                    for t in after.iter().chain(before.iter()) {
                        // A window at the edge of chrono's range has no time beyond it.
                        out.extend(t.checked_sub_signed(Duration::hours(1)));
                        out.extend(t.checked_add_signed(Duration::hours(1)));
                    }
                }
            }
            Op::Time { .. } => {
                out.extend((1..8).map(|k| start + Duration::hours(3 * k)));
                out.extend((1..7).map(|d| start + Duration::days(d)));
            }
            _ => {}
        }
    }
    out.sort();
    out.dedup();
    out
}

fn subsets(items: &[String]) -> Vec<Vec<String>> {
    let capped = &items[..items.len().min(4)];
    (0..(1u32 << capped.len()))
        .map(|mask| {
            capped
                .iter()
                .enumerate()
                .filter(|(i, _)| mask & (1 << i) != 0)
                .map(|(_, s)| s.clone())
                .collect()
        })
        .collect()
}

/// Computes the coverage of `journey`'s paths.
pub fn coverage(bundle: &Bundle, journey: &str, options: &Options) -> Result<Coverage, SimError> {
    let probe = Simulator::new(bundle, journey, options.clone())?;
    // Invariant: `Simulator::new` just compiled this journey's plan.
    let plan = probe.plan(journey).expect("the journey under test").clone();
    drop(probe);
    let (paths, truncated) = enumerate(&plan);
    let event = plan.entry_event.clone();
    let reactions: Vec<String> = plan
        .nodes
        .iter()
        .filter_map(|n| match &n.op {
            Op::Reaction { event, .. } => Some(event.clone()),
            _ => None,
        })
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let failing: Vec<String> = plan
        .nodes
        .iter()
        .filter_map(|n| match &n.op {
            Op::Action {
                action,
                error_port: true,
                ..
            } => Some(action.clone()),
            _ => None,
        })
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let mut scenarios = Vec::new();
    'outer: for payload in payloads(&plan, bundle, &event) {
        for at in times(&plan, options.start) {
            for r in subsets(&reactions) {
                for f in subsets(&failing) {
                    // A few people per scenario, so splits draw several times.
                    for _ in 0..4 {
                        if scenarios.len() >= MAX_PEOPLE {
                            break 'outer;
                        }
                        scenarios.push(Scenario {
                            at,
                            payload: payload.clone(),
                            reactions: r.clone(),
                            failures: f.clone(),
                        });
                    }
                }
            }
        }
    }
    let mut sim = Simulator::new(
        bundle,
        journey,
        Options {
            trace: true,
            ..options.clone()
        },
    )?;
    for (i, s) in scenarios.iter_mut().enumerate() {
        let profile = format!("coverage-{i}");
        set_path(&mut s.payload, &event.profile_id, json!(profile));
        for r in &s.reactions {
            sim.react_with(&profile, r);
        }
        for f in &s.failures {
            sim.force_failure(&profile, f);
        }
        let test = TestEvent {
            at: s.at,
            event: Some(event.name.clone()),
            payload: Some(s.payload.clone()),
            overrides: None,
            profile: None,
        };
        sim.push_event(i, &test)?;
    }
    sim.run();
    let index: HashMap<&Path, usize> = paths.iter().enumerate().map(|(i, p)| (p, i)).collect();
    let mut example: Vec<Option<usize>> = vec![None; paths.len()];
    let mut taken: BTreeSet<(usize, usize)> = BTreeSet::new();
    for (inst, trace) in sim.traces() {
        if inst.journey != journey {
            continue;
        }
        let walked: Path = trace
            .iter()
            .filter_map(|e| match &e.kind {
                TraceKind::Exited { port } => {
                    let n = plan.node_index(&e.node)?;
                    Some((n, plan.port_index(n, port)?))
                }
                _ => None,
            })
            .collect();
        taken.extend(walked.iter().copied());
        let person: usize = inst
            .profile_id
            .trim_start_matches("coverage-")
            .parse()
            .unwrap_or(usize::MAX);
        if let Some(&p) = index.get(&walked)
            && example[p].is_none()
        {
            example[p] = Some(person);
        }
    }
    let paths: Vec<PathCoverage> = paths
        .iter()
        .zip(&example)
        .map(|(path, ex)| {
            let reason = ex.is_none().then(|| why(&plan, path, &taken));
            PathCoverage {
                steps: describe(&plan, path),
                covered: ex.is_some(),
                example: ex.and_then(|i| scenarios.get(i).cloned()),
                reason,
            }
        })
        .collect();
    Ok(Coverage {
        journey: journey.to_string(),
        covered: paths.iter().filter(|p| p.covered).count() as u32,
        paths,
        people: scenarios.len() as u32,
        truncated,
    })
}

fn why(plan: &Plan, path: &Path, taken: &BTreeSet<(usize, usize)>) -> String {
    let Some(&(n, p)) = path.iter().find(|step| !taken.contains(step)) else {
        return "every step was taken by someone, but never all together: the conditions along it may contradict each other"
            .to_string();
    };
    let node = &plan.nodes[n];
    let port = &node.ports[p];
    let hint = match &node.op {
        Op::Condition { paths, .. } => match paths.get(p) {
            Some(e) => format!("no generated person made `{}` true first", e.source),
            None => "every generated person matched an earlier path".to_string(),
        },
        Op::Split { .. } => "no generated person was drawn into this branch".to_string(),
        Op::Date { .. } | Op::Time { .. } => "no generated arrival time fell in this window".to_string(),
        Op::Action { .. } => "the action never answered this way (add a fixture)".to_string(),
        _ => "nobody reached it".to_string(),
    };
    format!("nobody left `{}` by `{port}`: {hint}", node.id)
}
