//! The step function: (instance, input, now) → new instance state + effects. Everything
//! the simulator and the runner do to a person goes through here.

use std::collections::BTreeMap;

use cel::Value as Cel;
use chrono::{DateTime, Datelike, Utc};
use chrono_tz::Tz;
use parcours_model::TimeZoneSetting;
use parcours_model::journey::{PORT_ERROR, PORT_NEXT, PORT_SUCCESS, PORT_TIMEOUT};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::bucket::bucket;
use crate::cel_values::{render, timestamp, to_json};
use crate::instance::{ActionOutcome, Instance, Outcome, State};
use crate::plan::{Expr, Op, Plan};
use crate::requests::{ActionRequest, DataRequest, action_request, data_request};
use crate::vars::Slot;

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
    /// The journey version was stopped: the person leaves now, wherever they are.
    Stop,
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
    // Boxed: effects are moved several times on their way to the driver, and these
    // requests would make every effect as large as they are.
    CallAction {
        node: usize,
        request: Box<ActionRequest>,
    },
    /// An action call that could not be made (its request could not be built): for
    /// reports and traces, as a failed call is.
    CallFailed {
        node: usize,
        action: String,
        reason: String,
    },
    FetchData {
        node: usize,
        binding: usize,
        request: Box<DataRequest>,
    },
    /// A lookup failed and the journey handled it (a default value, or the activity's
    /// `error` path): for reports and traces. An unhandled failure ends the person
    /// (`Finished` with the reason).
    LookupFailed {
        node: usize,
        /// `SOURCE.GROUP`
        source: String,
        reason: String,
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
    // The entry event is `event`; `events` holds what arrived later (and shows the
    // entry event too, added when converted).
    let events = BTreeMap::new();
    let timeout_at = seconds_after(now, plan.properties.global_timeout_seconds);
    Instance {
        id,
        journey: plan.journey.clone(),
        version: plan.version,
        profile_id,
        entered_at: now,
        // Removed at the global timeout, or when the journey ends, whichever is first.
        deadline: plan.properties.end.map_or(timeout_at, |end| end.min(timeout_at)),
        time_zone,
        node: plan.entry,
        state: State::New,
        event: payload,
        events,
        data: BTreeMap::new(),
        actions: BTreeMap::new(),
        vars: Default::default(),
    }
}

/// Why a stored instance whose state names what its plan lacks is stopped.
const MISFIT: &str = "the stored instance does not fit its plan";

/// Applies `input` to `inst` at `now`, appending what happened to `out`. Inputs that
/// do not fit the instance's state (a late timer, an event nobody waits for) change
/// nothing.
pub fn step(plan: &Plan, inst: &mut Instance, input: Input, now: DateTime<Utc>, out: &mut Vec<Effect>) {
    if inst.is_done() {
        return;
    }
    // A stored instance resumed against another plan must not crash a run.
    if inst.journey != plan.journey || inst.version != plan.version || inst.node >= plan.nodes.len() {
        let reason = format!(
            "instance of {} v{} resumed against {} v{}",
            inst.journey, inst.version, plan.journey, plan.version
        );
        inst.node = inst.node.min(plan.nodes.len().saturating_sub(1));
        finish(inst, Outcome::Failed { reason }, out);
        return;
    }
    if now >= inst.deadline {
        finish(inst, Outcome::TimedOut, out);
        return;
    }
    let node = inst.node;
    match (&inst.state, input) {
        (_, Input::Stop) => finish(inst, Outcome::Stopped, out),
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
            inst.vars.changed(Slot::Events);
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
            inst.vars.changed(Slot::Actions);
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
            let Some(b) = plan.bindings.get(*binding) else {
                let reason = format!("lookup {binding} of `{}`: {MISFIT}", plan.nodes[node].id);
                finish(inst, Outcome::Failed { reason }, out);
                return;
            };
            let key = b.key.clone();
            match result {
                Ok(value) => {
                    inst.data.insert(key, value);
                    inst.vars.changed(Slot::Data);
                    run(plan, inst, now, out, &mut Vars::new(plan, now));
                }
                Err(e) => {
                    let reason = format!("data source `{key}` failed: {e}");
                    // A default stands in for the answer; else the activity's error
                    // path; else the person cannot go on.
                    if let Some(default) = b.default.clone() {
                        out.push(Effect::LookupFailed {
                            node,
                            source: key.clone(),
                            reason,
                        });
                        inst.data.insert(key, default);
                        inst.vars.changed(Slot::Data);
                        run(plan, inst, now, out, &mut Vars::new(plan, now));
                    } else if let Some(port) = plan.port_index(node, PORT_ERROR) {
                        out.push(Effect::LookupFailed {
                            node,
                            source: key,
                            reason,
                        });
                        leave(plan, inst, node, port, now, out);
                    } else {
                        finish(inst, Outcome::Failed { reason }, out)
                    }
                }
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
    let mut vars = Vars::new(plan, now);
    if advance(plan, inst, node, port, out) {
        run(plan, inst, now, out, &mut vars);
    }
}

/// Moves from `node` by `port` to the next node; false when the person is done.
fn advance(plan: &Plan, inst: &mut Instance, node: usize, port: usize, out: &mut Vec<Effect>) -> bool {
    let here = &plan.nodes[node];
    // A stored instance waiting where its plan has no such exit (a damaged row): reports
    // count exits by port, so none is recorded.
    let Some(name) = here.ports.get(port) else {
        let reason = format!("output {port} of `{}`: {MISFIT}", here.id);
        finish(inst, Outcome::Failed { reason }, out);
        return false;
    };
    out.push(Effect::Exited { node, port });
    match here.next.get(port).copied().flatten() {
        Some(next) => {
            inst.node = next;
            out.push(Effect::Entered { node: next });
            true
        }
        None => {
            let reason = format!("output `{name}` of `{}` leads nowhere", here.id);
            finish(inst, Outcome::Failed { reason }, out);
            false
        }
    }
}

/// What running a node decided.
enum Next {
    /// Leave by this port and go on.
    Port(usize),
    /// The person waits (timer, reaction, call, lookup): stop here.
    Wait,
    Done(Outcome),
}

/// Runs the current node (already entered) and those after it, until one must wait.
/// A loop, not recursion: a long chain of instant activities costs no stack. The
/// instance's data does not change within one call, so one scope of variables serves
/// every expression evaluated on the way.
fn run(plan: &Plan, inst: &mut Instance, now: DateTime<Utc>, out: &mut Vec<Effect>, vars: &mut Vars) {
    loop {
        let node = inst.node;
        let next = match plan.nodes[node]
            .needs
            .iter()
            .find(|&&b| !inst.data.contains_key(&plan.bindings[b].key))
        {
            Some(&b) => fetch(plan, inst, b, vars, out),
            None => execute(plan, inst, node, now, out, vars),
        };
        match next {
            Next::Port(port) => {
                if !advance(plan, inst, node, port, out) {
                    return;
                }
            }
            Next::Wait => return,
            Next::Done(outcome) => return finish(inst, outcome, out),
        }
    }
}

fn execute(
    plan: &Plan,
    inst: &mut Instance,
    node: usize,
    now: DateTime<Utc>,
    out: &mut Vec<Effect>,
    vars: &mut Vars,
) -> Next {
    let pnode = &plan.nodes[node];
    match &pnode.op {
        Op::Entry => Next::Port(0),
        Op::Condition { paths, other } => {
            for (i, e) in paths.iter().enumerate() {
                match vars.eval(e, inst) {
                    Ok(v) => {
                        out.push(Effect::Evaluated {
                            node,
                            expression: e.source.clone(),
                            value: render(&v),
                        });
                        if v == Cel::Bool(true) {
                            return Next::Port(i);
                        }
                    }
                    // A path that cannot be evaluated (typically an optional field
                    // that is absent) does not hold; the next path is tried.
                    Err(reason) => out.push(Effect::Evaluated {
                        node,
                        expression: e.source.clone(),
                        value: format!("error: {reason}"),
                    }),
                }
            }
            choose(None, *other, paths.len())
        }
        Op::Split { bounds } => {
            let b = bucket(plan.seed, &[&plan.journey, &inst.profile_id, &pnode.id], 100) as u32;
            Next::Port(bounds.iter().position(|&upper| b < upper).unwrap_or(bounds.len() - 1))
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
        Op::WaitFor(d) => wait(inst, span_after(now, *d), out),
        Op::WaitUntil(e) => match vars.eval(e, inst) {
            Ok(Cel::Timestamp(t)) => {
                out.push(Effect::Evaluated {
                    node,
                    expression: e.source.clone(),
                    value: render(&Cel::Timestamp(t)),
                });
                let at = t.with_timezone(&Utc);
                if at > now { wait(inst, at, out) } else { Next::Port(0) }
            }
            Ok(other) => Next::Done(Outcome::Failed {
                reason: format!("`{}` gave {}, not a timestamp", e.source, render(&other)),
            }),
            Err(reason) => Next::Done(Outcome::Failed { reason }),
        },
        Op::Reaction { event, timeout } => {
            let timeout_at = span_after(now, *timeout).min(inst.deadline);
            inst.state = State::Reacting {
                event: event.clone(),
                timeout_at,
            };
            out.push(Effect::SetTimer { at: timeout_at });
            Next::Wait
        }
        Op::Action {
            action,
            mapping,
            dynamic_path,
            ..
        } => {
            // A request that cannot be built is the action's error: its error path
            // is taken when it has one.
            let failed = |inst: &mut Instance, reason: String, out: &mut Vec<Effect>| {
                inst.actions
                    .insert(action.clone(), ActionOutcome::internal_error(reason.clone()));
                out.push(Effect::CallFailed {
                    node,
                    action: action.clone(),
                    reason: reason.clone(),
                });
                inst.vars.changed(Slot::Actions);
                match plan.port_index(node, PORT_ERROR) {
                    Some(port) => Next::Port(port),
                    None => Next::Done(Outcome::Failed { reason }),
                }
            };
            let mut values = BTreeMap::new();
            for (key, e) in mapping {
                match vars.eval(e, inst) {
                    Ok(v) => {
                        values.insert(key.clone(), to_json(&v));
                    }
                    Err(reason) => return failed(inst, reason, out),
                }
            }
            let path = match dynamic_path.as_ref().map(|e| vars.eval(e, inst)) {
                Some(Ok(v)) => Some(crate::requests::text(&to_json(&v))),
                Some(Err(reason)) => return failed(inst, reason, out),
                None => None,
            };
            // Opaque (no person's data leaves in it) and the same for every retry of
            // this call.
            let key = idempotency_key(&[&plan.journey, &plan.version.to_string(), &inst.id, &pnode.id]);
            let request = action_request(plan, action, &values, path, key);
            inst.state = State::Calling;
            out.push(Effect::CallAction {
                node,
                request: Box::new(request),
            });
            Next::Wait
        }
        Op::End => Next::Done(Outcome::Ended),
        Op::Jump(journey) => {
            out.push(Effect::Jump {
                journey: journey.clone(),
                event: inst.event.clone(),
            });
            Next::Done(Outcome::Jumped {
                journey: journey.clone(),
            })
        }
    }
}

fn idempotency_key(parts: &[&str]) -> String {
    // One per action call: hex by hand, without the formatting machinery.
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut key = String::with_capacity(32);
    for half in [bucket(0, parts, u64::MAX), bucket(1, parts, u64::MAX)] {
        for shift in (0..16).rev() {
            key.push(HEX[((half >> (shift * 4)) & 0xf) as usize] as char);
        }
    }
    key
}

fn choose(hit: Option<usize>, other: bool, count: usize) -> Next {
    match (hit, other) {
        (Some(i), _) => Next::Port(i),
        (None, true) => Next::Port(count),
        (None, false) => Next::Done(Outcome::NoPath),
    }
}

fn wait(inst: &mut Instance, at: DateTime<Utc>, out: &mut Vec<Effect>) -> Next {
    inst.state = State::Waiting { at };
    out.push(Effect::SetTimer {
        at: at.min(inst.deadline),
    });
    Next::Wait
}

fn fetch(plan: &Plan, inst: &mut Instance, binding: usize, vars: &mut Vars, out: &mut Vec<Effect>) -> Next {
    let b = &plan.bindings[binding];
    let mut params = BTreeMap::new();
    for (name, e) in &b.parameters {
        match vars.eval(e, inst) {
            Ok(v) => {
                params.insert(name.clone(), to_json(&v));
            }
            Err(reason) => return Next::Done(Outcome::Failed { reason }),
        }
    }
    let request = data_request(b, params);
    inst.state = State::Fetching { binding };
    out.push(Effect::FetchData {
        node: inst.node,
        binding,
        request: Box::new(request),
    });
    Next::Wait
}

/// Evaluates expressions for one step, with the instance's cached variables and `now`.
struct Vars<'a> {
    plan: &'a Plan,
    now: DateTime<Utc>,
}

impl<'a> Vars<'a> {
    fn new(plan: &'a Plan, now: DateTime<Utc>) -> Self {
        Vars { plan, now }
    }

    fn eval(&mut self, e: &Expr, inst: &Instance) -> Result<Cel, String> {
        if let Some(value) = e.fast.as_ref().and_then(|f| f.eval(&inst.event)) {
            return Ok(value.to_cel());
        }
        inst.vars.with(self.plan, inst, e.reads, |slots| {
            let mut ctx = self.plan.base.0.new_inner_scope();
            ctx.set_variable_resolver(slots);
            ctx.add_variable_from_value("now", timestamp(self.now));
            e.program
                .execute(&ctx)
                .map_err(|err| format!("`{}` could not be evaluated: {err}", e.source))
        })
    }
}

pub use parcours_model::time::seconds_after;
use parcours_model::time::span_after;
