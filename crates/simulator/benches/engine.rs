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
use parcours_model::{Activity, Bundle, ConditionPath, Edge, JourneyVersion, Node, Position, SplitBranch};
use parcours_simulator::Options;
use parcours_simulator::whatif::{People, what_if};
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
            v.nodes.push(node(format!("{id}_end"), Activity::End));
            v.edges.push(edge(&id, "other", &format!("{id}_end")));
        }
        previous = (id, port.to_string());
    }
    v.nodes.push(node("end".into(), Activity::End));
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

fn conditions() -> Bundle {
    chain(
        |i| Activity::Condition {
            paths: vec![ConditionPath {
                port: "yes".into(),
                expression: format!("event.amount > {i}.0"),
            }],
            other: true,
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
/// every expression each time it is evaluated.
fn naive_run(version: &JourneyVersion, payload: &Value) -> usize {
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
            Activity::Entry { .. } | Activity::Wait { .. } | Activity::Reaction { .. } => "next".into(),
            Activity::Action { .. } => "success".into(),
            Activity::Split { branches } => branches[0].port.clone(),
            Activity::Condition { paths, .. } => {
                let mut chosen = "other".to_string();
                for p in paths {
                    let program = cel::Program::compile(&p.expression).unwrap();
                    let mut ctx = cel::Context::default();
                    ctx.add_variable("event", payload.clone()).unwrap();
                    if program.execute(&ctx) == Ok(cel::Value::Bool(true)) {
                        chosen = p.port.clone();
                        break;
                    }
                }
                chosen
            }
            _ => return transitions,
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
        ("one CEL expression per step", conditions()),
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
            b.iter(|| assert_eq!(naive_run(version, &payload()), STEPS + 1))
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
    group.bench_function("simulator, 2 threads", |b| {
        b.iter(|| {
            let r = what_if(
                &bundle,
                "large",
                &everyone,
                Duration::hours(1),
                &options,
                2,
                &AtomicU64::new(0),
            )
            .unwrap();
            assert_eq!(r.journeys["large"].entered, 100_000);
        })
    });
    // The baseline is too slow for 100,000 people per sample: 2,000, reported per person.
    group.throughput(Throughput::Elements(2_000));
    let version = &bundle.journeys[0].versions[0];
    let event = &bundle.events[0];
    group.bench_function("naive baseline (2,000 people, 1 thread)", |b| {
        b.iter(|| {
            for i in 0..2_000 {
                let p = parcours_simulator::whatif::synthetic_payload(event, &Default::default(), 1, i, t0());
                naive_run(version, &p);
            }
        })
    });
    group.finish();
}

criterion_group! {
    name = engine;
    config = Criterion::default().sample_size(20).measurement_time(std::time::Duration::from_secs(3));
    targets = transitions, people
}
criterion_main!(engine);
