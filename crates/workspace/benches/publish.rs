//! Publishing a generated 1,000-activity journey: validation, freezing the release with
//! the configurations it uses, its SHA-256, and one durable transaction (versions,
//! release, audit), closing the version live until then. Each publish is of a fresh
//! journey with a live v1 and a draft v2, so figures do not drift as versions pile up.
//! Baselines in the same run: a durable save of the same journey (what any edit costs)
//! and the freeze + hash alone.

use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use parcours_model::{Drain, JourneyStatus, Release, generate::large_journey};
use parcours_workspace::{Actor, Role, Workspace};

fn benches(c: &mut Criterion) {
    let bundle = large_journey(1_000);
    let dir = tempfile::tempdir().unwrap();
    let mut ws = Workspace::open(
        &dir.path().join("bench.sqlite"),
        Actor::with_role("bench", Role::Administrator),
    )
    .unwrap();
    ws.import_bundle_text(&bundle.to_canonical_json()).unwrap();

    // A fresh journey per publish: `large_N` with v1 live (imported) and a draft v2.
    let mut n = 0;
    let mut fresh = |ws: &mut Workspace| {
        n += 1;
        let mut copy = bundle.clone();
        copy.journeys[0].name = format!("large_{n}");
        copy.journeys[0].versions[0].status = JourneyStatus::Live;
        copy.events.clear();
        copy.actions.clear();
        ws.import_bundle_text(&copy.to_canonical_json()).unwrap();
        ws.new_version(&copy.journeys[0].name).unwrap();
        copy.journeys[0].name.clone()
    };
    c.bench_function("publish 1000-activity journey (validate, freeze, hash, store)", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                let name = fresh(&mut ws);
                let start = Instant::now();
                ws.publish(&name, Drain::ClosePrevious).unwrap();
                total += start.elapsed();
            }
            total
        })
    });

    let journey = bundle.journeys[0].clone();
    let catalog = bundle.catalog();
    c.bench_function("freeze + SHA-256 of the release alone", |b| {
        b.iter(|| Release::freeze(&journey, &journey.versions[0], &catalog).unwrap())
    });

    let mut edited = ws.get_journey("large").unwrap();
    let mut flip = false;
    c.bench_function("baseline: durable save of the same journey (an edit)", |b| {
        b.iter(|| {
            flip = !flip;
            edited.versions[0].nodes[1].label = if flip { "a".into() } else { "b".into() };
            ws.save_journey(&edited).unwrap()
        })
    });
}

criterion_group! {
    name = publish;
    config = Criterion::default().sample_size(20);
    targets = benches
}
criterion_main!(publish);
