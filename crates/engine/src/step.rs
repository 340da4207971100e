//! The step function: (instance, input, now) → new instance state + effects. Everything
//! the simulator and the runner do to a person goes through here.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use cel::objects::{Key, Map};
use cel::{Context, Value as Cel};
use chrono::{DateTime, Datelike, Utc};
use chrono_tz::Tz;
use parcours_model::expr::Ty;
use parcours_model::journey::{PORT_ERROR, PORT_NEXT, PORT_SUCCESS, PORT_TIMEOUT};
use parcours_model::{Reentrance, TimeZoneSetting};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::bucket::bucket;
use crate::cel_values::{render, timestamp, to_cel, to_json};
use crate::instance::{ActionOutcome, Instance, Outcome, State};
use crate::plan::{Expr, Op, Plan};
use crate::requests::{ActionRequest, DataRequest, action_request, data_request};

/// What happens to a person.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum Input {
    /// Run from the entry event (the instance was just created with [`start`]).
    Start,
    /// A timer the engine asked for has fired.
    Timer,
    /// An event of this person arrived.
    Event { name: String, payload: Value },
    /// The action call under way finished.
    ActionResult { outcome: ActionOutcome },
    /// The data lookup under way finished.
    DataResult { result: Result<Value, String> },
}

/// What the driver must do or record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum Effect {
    Entered {
        node: usize,
    },
    Exited {
        node: usize,
        port: usize,
    },
    Evaluated {
        node: usize,
        expression: String,
        value: String,
    },
    CallAction {
        node: usize,
        request: ActionRequest,
    },
    FetchData {
        node: usize,
        binding: usize,
        request: DataRequest,
    },
    SetTimer {
        at: DateTime<Utc>,
    },
    Jump {
        journey: String,
        event: Value,
    },
    Finished {
        node: usize,
        outcome: Outcome,
    },
}

/// A new instance of `plan` for the entry event `payload`; run it with [`Input::Start`].
pub fn start(plan: &Plan, id: String, profile_id: String, payload: Value, now: DateTime<Utc>) -> Instance {
    let time_zone = match &plan.properties.time_zone {
        TimeZoneSetting::Fixed { zone } => zone.clone(),
        TimeZoneSetting::FromField { path, fallback } => path
            .split('.')
            .try_fold(&payload, |v, k| v.get(k))
            .and_then(Value::as_str)
            .filter(|z| z.parse::<Tz>().is_ok())
            .unwrap_or(fallback)
            .to_string(),
    };
    let mut events = BTreeMap::new();
    events.insert(plan.entry_event.name.clone(), payload.clone());
    Instance {
        id,
        journey: plan.journey.clone(),
        version: plan.version,
        profile_id,
        entered_at: now,
        deadline: now + chrono::Duration::seconds(plan.properties.global_timeout_seconds as i64),
        time_zone,
        node: plan.entry,
        state: State::New,
        event: payload,
        events,
        data: BTreeMap::new(),
        actions: BTreeMap::new(),
    }
}

/// Whether re-entrance rules let a person who last entered at `last` enter again now.
pub fn may_reenter(plan: &Plan, last: DateTime<Utc>, now: DateTime<Utc>) -> bool {
    match plan.properties.reentrance {
        Reentrance::Never => false,
        Reentrance::Always => true,
        Reentrance::AfterWait { seconds } => now - last >= chrono::Duration::seconds(seconds as i64),
    }
}

/// Applies `input` to `inst` at `now`, appending what happened to `out`. Inputs that
/// do not fit the instance's state (a late timer, an event nobody waits for) change
/// nothing.
pub fn step(plan: &Plan, inst: &mut Instance, input: Input, now: DateTime<Utc>, out: &mut Vec<Effect>) {
    if inst.is_done() {
        return;
    }
    if now >= inst.deadline {
        finish(inst, Outcome::TimedOut, out);
        return;
    }
    let node = inst.node;
    match (&inst.state, input) {
        (State::New, Input::Start) => {
            out.push(Effect::Entered { node });
            leave(plan, inst, node, 0, now, out);
        }
        (State::Waiting { at }, Input::Timer) if now >= *at => {
            let port = plan.port_index(node, PORT_NEXT).unwrap_or(0);
            leave(plan, inst, node, port, now, out);
        }
        (State::Reacting { event, .. }, Input::Event { name, payload }) if *event == name => {
            inst.events.insert(name, payload);
            let port = plan.port_index(node, PORT_NEXT).unwrap_or(0);
            leave(plan, inst, node, port, now, out);
        }
        (State::Reacting { timeout_at, .. }, Input::Timer) if now >= *timeout_at => {
            let port = plan.port_index(node, PORT_TIMEOUT).unwrap_or(1);
            leave(plan, inst, node, port, now, out);
        }
        (State::Calling, Input::ActionResult { outcome }) => {
            let Op::Action { action, .. } = &plan.nodes[node].op else {
                return;
            };
            let ok = outcome.ok;
            let status = outcome.status.clone();
            inst.actions.insert(action.clone(), outcome);
            if ok {
                let port = plan.port_index(node, PORT_SUCCESS).unwrap_or(0);
                leave(plan, inst, node, port, now, out);
            } else if let Some(port) = plan.port_index(node, PORT_ERROR) {
                leave(plan, inst, node, port, now, out);
            } else {
                let reason = format!("action `{action}` failed: {status}");
                finish(inst, Outcome::Failed { reason }, out);
            }
        }
        (State::Fetching { binding }, Input::DataResult { result }) => {
            let key = plan.bindings[*binding].key.clone();
            match result {
                Ok(value) => {
                    inst.data.insert(key, value);
                    run(plan, inst, now, out);
                }
                Err(e) => finish(
                    inst,
                    Outcome::Failed {
                        reason: format!("data source `{key}` failed: {e}"),
                    },
                    out,
                ),
            }
        }
        _ => {}
    }
}

fn finish(inst: &mut Instance, outcome: Outcome, out: &mut Vec<Effect>) {
    out.push(Effect::Finished {
        node: inst.node,
        outcome: outcome.clone(),
    });
    inst.state = State::Done { outcome };
}

/// Leaves `node` by `port` and runs on from the next node.
fn leave(plan: &Plan, inst: &mut Instance, node: usize, port: usize, now: DateTime<Utc>, out: &mut Vec<Effect>) {
    out.push(Effect::Exited { node, port });
    match plan.nodes[node].next.get(port).copied().flatten() {
        Some(next) => {
            inst.node = next;
            out.push(Effect::Entered { node: next });
            run(plan, inst, now, out);
        }
        None => {
            let reason = format!(
                "output `{}` of `{}` leads nowhere",
                plan.nodes[node].ports[port], plan.nodes[node].id
            );
            finish(inst, Outcome::Failed { reason }, out);
        }
    }
}

/// Runs the current node (already entered) and those after it, until one must wait.
fn run(plan: &Plan, inst: &mut Instance, now: DateTime<Utc>, out: &mut Vec<Effect>) {
    let node = inst.node;
    let pnode = &plan.nodes[node];
    for &b in &pnode.needs {
        if !inst.data.contains_key(&plan.bindings[b].key) {
            fetch(plan, inst, b, now, out);
            return;
        }
    }
    let port = match &pnode.op {
        Op::Entry => Ok(0),
        Op::Condition { paths, other } => {
            let mut vars = Vars::new(plan, inst, now);
            let mut chosen = None;
            for (i, e) in paths.iter().enumerate() {
                match vars.eval(e) {
                    Ok(v) => {
                        out.push(Effect::Evaluated {
                            node,
                            expression: e.source.clone(),
                            value: render(&v),
                        });
                        if v == Cel::Bool(true) {
                            chosen = Some(i);
                            break;
                        }
                    }
                    Err(reason) => {
                        finish(inst, Outcome::Failed { reason }, out);
                        return;
                    }
                }
            }
            match (chosen, other) {
                (Some(i), _) => Ok(i),
                (None, true) => Ok(paths.len()),
                (None, false) => Err(Outcome::NoPath),
            }
        }
        Op::Split { bounds } => {
            let b = bucket(plan.seed, &[&plan.journey, &inst.profile_id, &pnode.id], 100) as u32;
            Ok(bounds.iter().position(|&upper| b < upper).unwrap_or(bounds.len() - 1))
        }
        Op::Date { windows, other } => {
            let hit = windows
                .iter()
                .position(|(after, before)| after.is_none_or(|a| now >= a) && before.is_none_or(|b| now < b));
            choose(hit, *other, windows.len())
        }
        Op::Time { windows, other } => {
            let local = now.with_timezone(&inst.time_zone.parse::<Tz>().unwrap_or(Tz::UTC));
            let day = 1u8 << local.weekday().num_days_from_monday();
            let time = local.time();
            let hit = windows.iter().position(|w| {
                let in_day = w.days == 0 || w.days & day != 0;
                let in_time = if w.from <= w.to {
                    time >= w.from && time < w.to
                } else {
                    time >= w.from || time < w.to
                };
                in_day && in_time
            });
            choose(hit, *other, windows.len())
        }
        Op::WaitFor(d) => {
            wait(inst, now + *d, out);
            return;
        }
        Op::WaitUntil(e) => {
            let mut vars = Vars::new(plan, inst, now);
            match vars.eval(e) {
                Ok(Cel::Timestamp(t)) => {
                    out.push(Effect::Evaluated {
                        node,
                        expression: e.source.clone(),
                        value: render(&Cel::Timestamp(t)),
                    });
                    let at = t.with_timezone(&Utc);
                    if at > now {
                        wait(inst, at, out);
                        return;
                    }
                    Ok(0)
                }
                Ok(other) => Err(Outcome::Failed {
                    reason: format!("`{}` gave {}, not a timestamp", e.source, render(&other)),
                }),
                Err(reason) => Err(Outcome::Failed { reason }),
            }
        }
        Op::Reaction { event, timeout } => {
            let timeout_at = (now + *timeout).min(inst.deadline);
            inst.state = State::Reacting {
                event: event.clone(),
                timeout_at,
            };
            out.push(Effect::SetTimer { at: timeout_at });
            return;
        }
        Op::Action {
            action,
            mapping,
            dynamic_path,
            ..
        } => {
            let mut vars = Vars::new(plan, inst, now);
            let mut values = BTreeMap::new();
            for (key, e) in mapping {
                match vars.eval(e) {
                    Ok(v) => {
                        values.insert(key.clone(), to_json(&v));
                    }
                    Err(reason) => {
                        finish(inst, Outcome::Failed { reason }, out);
                        return;
                    }
                }
            }
            let path = match dynamic_path.as_ref().map(|e| vars.eval(e)) {
                Some(Ok(v)) => Some(crate::requests::text(&to_json(&v))),
                Some(Err(reason)) => {
                    finish(inst, Outcome::Failed { reason }, out);
                    return;
                }
                None => None,
            };
            let key = format!("{}:{}:{}:{}", plan.journey, plan.version, inst.id, pnode.id);
            let request = action_request(plan, action, &values, path, key);
            inst.state = State::Calling;
            out.push(Effect::CallAction { node, request });
            return;
        }
        Op::End => Err(Outcome::Ended),
        Op::Jump(journey) => {
            out.push(Effect::Jump {
                journey: journey.clone(),
                event: inst.event.clone(),
            });
            Err(Outcome::Jumped {
                journey: journey.clone(),
            })
        }
    };
    match port {
        Ok(port) => leave(plan, inst, node, port, now, out),
        Err(outcome) => finish(inst, outcome, out),
    }
}

fn choose(hit: Option<usize>, other: bool, count: usize) -> Result<usize, Outcome> {
    match (hit, other) {
        (Some(i), _) => Ok(i),
        (None, true) => Ok(count),
        (None, false) => Err(Outcome::NoPath),
    }
}

fn wait(inst: &mut Instance, at: DateTime<Utc>, out: &mut Vec<Effect>) {
    inst.state = State::Waiting { at };
    out.push(Effect::SetTimer {
        at: at.min(inst.deadline),
    });
}

fn fetch(plan: &Plan, inst: &mut Instance, binding: usize, now: DateTime<Utc>, out: &mut Vec<Effect>) {
    let b = &plan.bindings[binding];
    let mut vars = Vars::new(plan, inst, now);
    let mut params = BTreeMap::new();
    for (name, e) in &b.parameters {
        match vars.eval(e) {
            Ok(v) => {
                params.insert(name.clone(), to_json(&v));
            }
            Err(reason) => {
                finish(inst, Outcome::Failed { reason }, out);
                return;
            }
        }
    }
    let request = data_request(b, params);
    inst.state = State::Fetching { binding };
    out.push(Effect::FetchData {
        node: inst.node,
        binding,
        request,
    });
}

fn object(entries: impl IntoIterator<Item = (String, Cel)>) -> Cel {
    let map: HashMap<Key, Cel> = entries
        .into_iter()
        .map(|(k, v)| (Key::String(Arc::new(k)), v))
        .collect();
    Cel::Map(Map { map: Arc::new(map) })
}

/// The variables of one evaluation, built from the instance when first needed.
struct Vars<'a> {
    plan: &'a Plan,
    inst: &'a Instance,
    now: DateTime<Utc>,
    context: Option<Context<'a, 'static>>,
}

impl<'a> Vars<'a> {
    fn new(plan: &'a Plan, inst: &'a Instance, now: DateTime<Utc>) -> Self {
        Vars {
            plan,
            inst,
            now,
            context: None,
        }
    }

    fn context(&mut self) -> &Context<'a, 'static> {
        self.context.get_or_insert_with(|| {
            let (plan, inst) = (self.plan, self.inst);
            let mut ctx = plan.base.0.new_inner_scope();
            let ty_of = |name: &str| plan.event_types.get(name).cloned().unwrap_or(Ty::Dyn);
            ctx.add_variable_from_value("event", to_cel(&inst.event, &ty_of(&plan.entry_event.name)));
            ctx.add_variable_from_value(
                "events",
                object(inst.events.iter().map(|(k, v)| (k.clone(), to_cel(v, &ty_of(k))))),
            );
            let mut sources: BTreeMap<&str, Vec<(String, Cel)>> = BTreeMap::new();
            for (key, value) in &inst.data {
                let (source, group) = key.split_once('.').unwrap_or((key, ""));
                let ty = plan.data_types.get(key).cloned().unwrap_or(Ty::Dyn);
                sources
                    .entry(source)
                    .or_default()
                    .push((group.to_string(), to_cel(value, &ty)));
            }
            ctx.add_variable_from_value(
                "data",
                object(sources.into_iter().map(|(s, g)| (s.to_string(), object(g)))),
            );
            ctx.add_variable_from_value(
                "actions",
                object(inst.actions.iter().map(|(name, o)| {
                    let ty = plan.action_types.get(name).cloned().unwrap_or(Ty::Dyn);
                    (
                        name.clone(),
                        object([
                            ("status".to_string(), Cel::String(Arc::new(o.status.clone()))),
                            ("ok".to_string(), Cel::Bool(o.ok)),
                            ("response".to_string(), to_cel(&o.response, &ty)),
                        ]),
                    )
                })),
            );
            let s = |v: &str| Cel::String(Arc::new(v.to_string()));
            ctx.add_variable_from_value(
                "journey",
                object([
                    ("name".to_string(), s(&plan.journey)),
                    ("version".to_string(), Cel::Int(plan.version as i64)),
                    ("instanceId".to_string(), s(&inst.id)),
                    ("profileId".to_string(), s(&inst.profile_id)),
                    ("node".to_string(), s(&plan.nodes[inst.node].id)),
                    ("enteredAt".to_string(), timestamp(inst.entered_at)),
                    ("timeZone".to_string(), s(&inst.time_zone)),
                ]),
            );
            ctx.add_variable_from_value("now", timestamp(self.now));
            ctx
        })
    }

    fn eval(&mut self, e: &Expr) -> Result<Cel, String> {
        let program = e.program.clone();
        program
            .execute(self.context())
            .map_err(|err| format!("`{}` could not be evaluated: {err}", e.source))
    }
}
