//! Compiling a journey version into a plan: done once per version, so that running a
//! step never looks a name up, parses an expression or walks the edge list.

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::{DateTime, NaiveTime, Utc};
use parcours_model::expr::{Ty, compile as compile_cel};
use parcours_model::time::span_of_seconds;
use parcours_model::{
    Activity, Catalog, Code, CustomAction, DataSource, Diagnostic, Event, JourneyVersion, Properties, WaitSpec,
    Weekday, validate,
};

/// An expression with its source (for traces) and its program, parsed once.
#[derive(Clone)]
pub struct Expr {
    pub source: String,
    pub program: Arc<cel::Program>,
    /// The shortcut for simple expressions over the entry event, when this is one.
    pub fast: Option<crate::fast::Fast>,
    /// Which instance variables it reads (bits of [`crate::vars::Slot`]).
    pub reads: u8,
}

impl std::fmt::Debug for Expr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Expr({})", self.source)
    }
}

#[derive(Debug, Clone)]
pub struct TimeWindow {
    /// Bit `n` set: applies on weekday `n` (Monday = 0); 0 means every day.
    pub days: u8,
    pub from: NaiveTime,
    pub to: NaiveTime,
}

/// A date window: on or after `.0`, before `.1`.
pub type DateWindow = (Option<DateTime<Utc>>, Option<DateTime<Utc>>);

#[derive(Debug, Clone)]
pub enum Op {
    Entry,
    Reaction {
        event: String,
        timeout: chrono::Duration,
    },
    Condition {
        paths: Vec<Expr>,
        other: bool,
    },
    /// Cumulative weights: branch `i` takes buckets below `bounds[i]`.
    Split {
        bounds: Vec<u32>,
    },
    Date {
        windows: Vec<DateWindow>,
        other: bool,
    },
    Time {
        windows: Vec<TimeWindow>,
        other: bool,
    },
    WaitFor(chrono::Duration),
    WaitUntil(Expr),
    End,
    Jump(String),
    Action {
        action: String,
        mapping: Vec<(String, Expr)>,
        dynamic_path: Option<Expr>,
        error_port: bool,
    },
}

#[derive(Debug, Clone)]
pub struct PlanNode {
    pub id: String,
    pub op: Op,
    pub ports: Vec<String>,
    /// Next node for each port, by port index.
    pub next: Vec<Option<usize>>,
    /// Data bindings this node's expressions read: fetched before it runs.
    pub needs: Vec<usize>,
}

#[derive(Debug, Clone)]
pub struct Binding {
    pub source: DataSource,
    pub group: String,
    /// `source.group`, the key in `Instance::data`.
    pub key: String,
    pub parameters: Vec<(String, Expr)>,
    /// What the group holds when the lookup fails, if the journey gave one.
    pub default: Option<serde_json::Value>,
}

/// The standard library and the journey functions, registered once per plan; each
/// evaluation binds its variables in a child scope of it.
pub struct BaseContext(pub cel::Context<'static, 'static>);

impl std::fmt::Debug for BaseContext {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("BaseContext")
    }
}

impl BaseContext {
    pub fn new() -> Self {
        let mut ctx = cel::Context::default();
        parcours_model::expr::functions::register(&mut ctx);
        BaseContext(ctx)
    }
}

impl Default for BaseContext {
    fn default() -> Self {
        Self::new()
    }
}

#[derive(Debug)]
pub struct Plan {
    pub journey: String,
    pub version: u32,
    pub nodes: Vec<PlanNode>,
    pub entry: usize,
    pub entry_event: Event,
    pub properties: Properties,
    pub bindings: Vec<Binding>,
    pub actions: BTreeMap<String, CustomAction>,
    /// Types of event payloads, data responses and action responses, for converting
    /// JSON into the values expressions expect.
    pub event_types: BTreeMap<String, Ty>,
    pub data_types: BTreeMap<String, Ty>,
    pub action_types: BTreeMap<String, Ty>,
    /// Seed of reproducible choices (splits).
    pub seed: u64,
    pub base: BaseContext,
}

#[derive(Debug, thiserror::Error)]
pub enum CompileError {
    #[error("the journey has {} error(s); fix them before testing (first: {})", .0.len(), .0[0])]
    Invalid(Vec<Diagnostic>),
    #[error("journey `{0}` has no version {1}")]
    NoVersion(String, u32),
    /// Validation checks every expression a plan compiles; this is the guard should a
    /// place ever be compiled without being checked (it once was: undeclared data
    /// parameters), so a missed check is a refused journey rather than a crash.
    #[error("expression `{expression}` does not compile: {message}")]
    Expression { expression: String, message: String },
}

/// Errors added after releases could be published, harmless to a plan: a data lookup
/// mapping a parameter its group does not declare (the value is never sent), a date
/// outside years 1–9999 (the window is never, or always, met).
const LATER_RULES: [Code; 2] = [Code::DataParamUnknown, Code::DateWindow];

fn compile_expr(source: &str, entry_event: &Ty) -> Result<Expr, CompileError> {
    let program = compile_cel(source).map_err(|message| CompileError::Expression {
        expression: source.to_string(),
        message,
    })?;
    let refs = program.references();
    let reads = crate::vars::Slot::ALL
        .iter()
        .filter(|s| refs.has_variable(s.name()))
        .fold(0, |mask, s| mask | s.bit());
    Ok(Expr {
        source: source.to_string(),
        fast: crate::fast::Fast::of(&program.expression().expr, entry_event),
        program: Arc::new(program),
        reads,
    })
}

fn weekday_bit(d: Weekday) -> u8 {
    1 << (d as u8)
}

impl Plan {
    /// Compiles a version; refuses one with validation errors (warnings are fine).
    pub fn compile(name: &str, version: &JourneyVersion, catalog: &Catalog, seed: u64) -> Result<Plan, CompileError> {
        Plan::compile_checked(name, version, catalog, seed, &[])
    }

    /// Compiles a release stored when it was published (a runner starting). Rules added
    /// since, which the plan does not rely on, do not refuse it: it was valid when it was
    /// published, and a runner upgrade must not stop a journey that is running.
    pub fn compile_stored(
        name: &str,
        version: &JourneyVersion,
        catalog: &Catalog,
        seed: u64,
    ) -> Result<Plan, CompileError> {
        Plan::compile_checked(name, version, catalog, seed, &LATER_RULES)
    }

    fn compile_checked(
        name: &str,
        version: &JourneyVersion,
        catalog: &Catalog,
        seed: u64,
        waived: &[Code],
    ) -> Result<Plan, CompileError> {
        let errors: Vec<Diagnostic> = validate::validate_journey_version(name, version, catalog)
            .into_iter()
            .filter(|d| d.is_error() && !waived.contains(&d.code))
            .collect();
        if !errors.is_empty() {
            return Err(CompileError::Invalid(errors));
        }
        let index: BTreeMap<&str, usize> = version
            .nodes
            .iter()
            .enumerate()
            .map(|(i, n)| (n.id.as_str(), i))
            .collect();
        // Invariant: validation passed just above, and E_NO_ENTRY is an error.
        let entry_name = version.entry_event().expect("validated: one entry");
        let entry_ty = Ty::of_fields(&catalog.events[entry_name].fields);
        let expr = |source: &str| compile_expr(source, &entry_ty);
        let bindings: Vec<Binding> = version
            .data
            .iter()
            .map(|b| {
                Ok(Binding {
                    source: (*catalog.data_sources[b.source.as_str()]).clone(),
                    group: b.group.clone(),
                    key: format!("{}.{}", b.source, b.group),
                    parameters: b
                        .parameters
                        .iter()
                        .map(|(k, v)| Ok((k.clone(), expr(v)?)))
                        .collect::<Result<_, CompileError>>()?,
                    default: b.default.clone(),
                })
            })
            .collect::<Result<_, CompileError>>()?;
        let mut nodes = Vec::with_capacity(version.nodes.len());
        let mut entry = 0;
        for (i, node) in version.nodes.iter().enumerate() {
            let ports: Vec<String> = node.activity.output_ports().iter().map(|p| p.to_string()).collect();
            let next = ports
                .iter()
                .map(|p| {
                    version
                        .edges
                        .iter()
                        .find(|e| e.from == node.id && &e.port == p)
                        .and_then(|e| index.get(e.to.as_str()).copied())
                })
                .collect();
            let op = match &node.activity {
                Activity::Entry { .. } => {
                    entry = i;
                    Op::Entry
                }
                Activity::Reaction { event, timeout_seconds } => Op::Reaction {
                    event: event.clone(),
                    timeout: span_of_seconds(*timeout_seconds),
                },
                Activity::Condition { paths, other, .. } => Op::Condition {
                    paths: paths.iter().map(|p| expr(&p.expression)).collect::<Result<_, _>>()?,
                    other: *other,
                },
                Activity::Split { branches } => Op::Split {
                    bounds: branches
                        .iter()
                        .scan(0, |acc, b| {
                            *acc += b.weight;
                            Some(*acc)
                        })
                        .collect(),
                },
                Activity::DateCondition { paths, other } => Op::Date {
                    windows: paths.iter().map(|p| (p.after, p.before)).collect(),
                    other: *other,
                },
                Activity::TimeCondition { paths, other } => Op::Time {
                    windows: paths
                        .iter()
                        .map(|p| TimeWindow {
                            days: p.days.iter().map(|d| weekday_bit(*d)).fold(0, |a, b| a | b),
                            // Invariant: validation passed, and E_TIME_WINDOW checks both ends parse as HH:MM.
                            from: NaiveTime::parse_from_str(&p.from, "%H:%M").expect("validated"),
                            to: NaiveTime::parse_from_str(&p.to, "%H:%M").expect("validated"),
                        })
                        .collect(),
                    other: *other,
                },
                Activity::Wait { wait } => match wait {
                    WaitSpec::Duration { seconds } => Op::WaitFor(span_of_seconds(*seconds)),
                    WaitSpec::Until { expression } => Op::WaitUntil(expr(expression)?),
                },
                Activity::End {} => Op::End,
                Activity::Jump { journey } => Op::Jump(journey.clone()),
                Activity::Action {
                    action,
                    mapping,
                    dynamic_path,
                    error_path,
                } => Op::Action {
                    action: action.clone(),
                    mapping: mapping
                        .iter()
                        .map(|(k, v)| Ok((k.clone(), expr(v)?)))
                        .collect::<Result<_, CompileError>>()?,
                    dynamic_path: dynamic_path.as_deref().map(&expr).transpose()?,
                    error_port: *error_path,
                },
            };
            let sources = expressions(&op);
            let needs = bindings
                .iter()
                .enumerate()
                .filter(|(_, b)| sources.iter().any(|s| s.contains(&format!("data.{}", b.key))))
                .map(|(i, _)| i)
                .collect();
            nodes.push(PlanNode {
                id: node.id.clone(),
                op,
                ports,
                next,
                needs,
            });
        }
        let mut event_types = BTreeMap::new();
        for node in &version.nodes {
            if let Activity::Entry { event } | Activity::Reaction { event, .. } = &node.activity {
                event_types.insert(event.clone(), Ty::of_fields(&catalog.events[event.as_str()].fields));
            }
        }
        let mut actions = BTreeMap::new();
        let mut action_types = BTreeMap::new();
        for node in &version.nodes {
            if let Activity::Action { action, .. } = &node.activity {
                let def = catalog.actions[action.as_str()];
                action_types.insert(action.clone(), Ty::of_fields(&def.response_fields()));
                actions.insert(action.clone(), def.clone());
            }
        }
        let data_types = bindings
            .iter()
            .map(|b| {
                // Invariant: validation passed, and an unknown group is E_UNKNOWN_DATA_SOURCE.
                let group = b.source.group(&b.group).expect("validated group");
                (b.key.clone(), Ty::of_fields(&group.response_fields()))
            })
            .collect();
        Ok(Plan {
            journey: name.to_string(),
            version: version.version,
            nodes,
            entry,
            entry_event: catalog.events[entry_name].clone(),
            properties: version.properties.clone(),
            bindings,
            actions,
            event_types,
            data_types,
            action_types,
            seed,
            base: BaseContext::new(),
        })
    }

    pub fn port_index(&self, node: usize, port: &str) -> Option<usize> {
        self.nodes[node].ports.iter().position(|p| p == port)
    }

    pub fn node_index(&self, id: &str) -> Option<usize> {
        self.nodes.iter().position(|n| n.id == id)
    }
}

fn expressions(op: &Op) -> Vec<&str> {
    match op {
        Op::Condition { paths, .. } => paths.iter().map(|e| e.source.as_str()).collect(),
        Op::WaitUntil(e) => vec![e.source.as_str()],
        Op::Action {
            mapping, dynamic_path, ..
        } => mapping
            .iter()
            .map(|(_, e)| e.source.as_str())
            .chain(dynamic_path.iter().map(|e| e.source.as_str()))
            .collect(),
        _ => vec![],
    }
}
