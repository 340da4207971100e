//! Engine speed, against a naive baseline measured in the same run: a tree-walking
//! interpreter over the journey's JSON model that looks nodes and edges up by id and
//! re-parses each expression at every step.
//!
//! Goals: ≥ 10 million transitions/s per core without expressions, ≥ 2 million with
//! one CEL expression per step; 100,000 people through a 50-activity journey with
//! fixtures in ≤ 1 s on 2 cores and ≥ 20× the baseline.

use std::sync::atomic::AtomicU64;

use chrono::{DateTime, Duration, Utc};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use parcours_engine::{Input, Plan, start, step};
use parcours_model::generate::large_journey;
use parcours_model::{
    Activity, Bundle, ConditionPath, CustomAction, Edge, JourneyVersion, Node, Position, SplitBranch, WaitSpec,
};
use parcours_simulator::Options;
use parcours_simulator::whatif::{Generator, People, what_if};
use serde_json::{Value, json};

const STEPS: usize = 48;

fn node(id: String, activity: Activity) -> Node {
    Node {
        id,
        label: String::new(),
        position: Position::default(),
        activity,
    }
}

fn edge(from: &str, port: &str, to: &str) -> Edge {
    Edge {
        from: from.into(),
        port: port.into(),
        to: to.into(),
    }
}

/// entry → 48 activities → end, each activity from `make(i)` leaving by `port`.
fn chain(make: impl Fn(usize) -> Activity, port: &str, with_other: bool) -> Bundle {
    let mut bundle = large_journey(3);
    let v = &mut bundle.journeys[0].versions[0];
    v.nodes.truncate(1);
    v.edges.clear();
    let mut previous = ("n0".to_string(), "next".to_string());
    for i in 1..=STEPS {
        let id = format!("s{i}");
        v.nodes.push(node(id.clone(), make(i)));
        v.edges.push(edge(&previous.0, &previous.1, &id));
        if with_other {
            v.nodes.push(node(format!("{id}_end"), Activity::End {}));
            v.edges.push(edge(&id, "other", &format!("{id}_end")));
        }
        previous = (id, port.to_string());
    }
    v.nodes.push(node("end".into(), Activity::End {}));
    v.edges.push(edge(&previous.0, &previous.1, "end"));
    bundle
}

fn splits() -> Bundle {
    chain(
        |_| Activity::Split {
            branches: vec![SplitBranch {
                port: "go".into(),
                weight: 100,
            }],
        },
        "go",
        false,
    )
}

/// `event.amount > 3.0` takes the engine's shortcut for simple comparisons;
/// `event.amount + 0.0 > 3.0` goes through the CEL interpreter.
fn conditions(interpreted: bool) -> Bundle {
    chain(
        move |i| Activity::Condition {
            paths: vec![ConditionPath {
                port: "yes".into(),
                expression: if interpreted {
                    format!("event.amount + 0.0 > {i}.0")
                } else {
                    format!("event.amount > {i}.0")
                },
            }],
            other: true,
            error_path: false,
        },
        "yes",
        true,
    )
}

fn payload() -> Value {
    json!({"type": "order.placed", "customerId": "c-1", "amount": 1000.0, "country": "FR", "at": "2026-01-15T09:00:00Z"})
}

fn t0() -> DateTime<Utc> {
    "2026-01-15T09:00:00Z".parse().unwrap()
}

/// The baseline: walks the JSON model, finds nodes and edges by scanning, parses
/// every expression each time it is evaluated. It does what the engine does for a
/// person, naively: conditions, action mappings evaluated into the request body, the
/// response kept, waits on a virtual clock (one person at a time, so no queue).
fn naive_run(version: &JourneyVersion, actions: &[CustomAction], payload: &Value) -> usize {
    let evaluate = |expression: &str| {
        let program = cel::Program::compile(expression).unwrap();
        let mut ctx = cel::Context::default();
        ctx.add_variable("event", payload.clone()).unwrap();
        program.execute(&ctx)
    };
    let mut clock = t0();
    let mut responses = serde_json::Map::new();
    let mut current = version
        .nodes
        .iter()
        .find(|n| matches!(n.activity, Activity::Entry { .. }))
        .unwrap()
        .id
        .clone();
    let mut transitions = 0;
    loop {
        let n = version.nodes.iter().find(|n| n.id == current).unwrap();
        let port: String = match &n.activity {
            Activity::Entry { .. } | Activity::Reaction { .. } => "next".into(),
            Activity::Wait { wait } => {
                if let WaitSpec::Duration { seconds } = wait {
                    clock += Duration::seconds(*seconds as i64);
                }
                "next".into()
            }
            Activity::Action { action, mapping, .. } => {
                let def = actions.iter().find(|a| &a.name == action).unwrap();
                let mut body = def.payload_example.clone().unwrap_or_else(|| json!({}));
                for (key, expression) in mapping {
                    let value = match evaluate(expression).unwrap() {
                        cel::Value::String(s) => json!(s.as_str()),
                        cel::Value::Int(i) => json!(i),
                        cel::Value::Float(f) => json!(f),
                        cel::Value::Bool(b) => json!(b),
                        _ => Value::Null,
                    };
                    body[key.strip_prefix("payload.").unwrap()] = value;
                }
                responses.insert(
                    action.clone(),
                    json!({"request": body, "response": def.response_example}),
                );
                "success".into()
            }
            Activity::Split { branches } => branches[0].port.clone(),
            Activity::Condition { paths, .. } => {
                let mut chosen = "other".to_string();
                for p in paths {
                    if evaluate(&p.expression) == Ok(cel::Value::Bool(true)) {
                        chosen = p.port.clone();
                        break;
                    }
                }
                chosen
            }
            _ => {
                assert!(clock >= t0() && responses.len() <= actions.len());
                return transitions;
            }
        };
        let e = version
            .edges
            .iter()
            .find(|e| e.from == current && e.port == port)
            .unwrap();
        current = e.to.clone();
        transitions += 1;
    }
}

fn transitions(c: &mut Criterion) {
    for (name, bundle) in [
        ("no expressions", splits()),
        ("one CEL expression per step", conditions(false)),
        ("one CEL expression per step, interpreted", conditions(true)),
    ] {
        let catalog = bundle.catalog();
        let version = &bundle.journeys[0].versions[0];
        let plan = Plan::compile("large", version, &catalog, 1).unwrap();
        let mut group = c.benchmark_group(format!("transitions, {name}"));
        group.throughput(Throughput::Elements((STEPS + 1) as u64));
        let mut effects = Vec::with_capacity(256);
        group.bench_function("engine", |b| {
            b.iter(|| {
                let mut inst = start(&plan, "i".into(), "c-1".into(), payload(), t0());
                effects.clear();
                step(&plan, &mut inst, Input::Start, t0(), &mut effects);
                assert!(inst.is_done());
            })
        });
        group.bench_function("naive baseline", |b| {
            b.iter(|| assert_eq!(naive_run(version, &[], &payload()), STEPS + 1))
        });
        group.finish();
    }
}

fn people(c: &mut Criterion) {
    let bundle = large_journey(50);
    let options = Options {
        seed: 1,
        start: t0(),
        trace: false,
        real: None,
    };
    let mut group = c.benchmark_group("100,000 people through a 50-activity journey");
    group.sample_size(10);
    group.throughput(Throughput::Elements(100_000));
    let everyone = People::Synthetic {
        count: 100_000,
        distributions: Default::default(),
    };
    for threads in [1, 2] {
        group.bench_function(format!("simulator, {threads} thread(s)"), |b| {
            b.iter(|| {
                let r = what_if(
                    &bundle,
                    "large",
                    &everyone,
                    Duration::hours(1),
                    &options,
                    threads,
                    &AtomicU64::new(0),
                )
                .unwrap();
                assert_eq!(r.journeys["large"].entered, 100_000);
            })
        });
    }
    // The baseline is too slow for 100,000 people per sample: 2,000, reported per person.
    group.throughput(Throughput::Elements(2_000));
    let version = &bundle.journeys[0].versions[0];
    // People are made as for the engine, once: only the interpreter is measured.
    let generator = Generator::new(&bundle.events[0], &Default::default(), 1);
    let people: Vec<Value> = (0..2_000).map(|i| generator.person(i, t0())).collect();
    group.bench_function("naive baseline (2,000 people, 1 thread)", |b| {
        b.iter(|| {
            for p in &people {
                naive_run(version, &bundle.actions, p);
            }
        })
    });
    group.finish();
}

// As in the `parcours` CLI and the app, which run simulations.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

criterion_group! {
    name = engine;
    config = Criterion::default().sample_size(20).measurement_time(std::time::Duration::from_secs(3));
    targets = transitions, people
}
criterion_main!(engine);
