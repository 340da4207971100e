//! Publishing a generated 1,000-activity journey: validation, freezing the release with
//! the configurations it uses, its SHA-256, and one durable transaction (versions,
//! release, audit). Baselines in the same run: a durable save of the same journey (what
//! any edit costs) and the freeze + hash alone.

use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use parcours_model::{Drain, Release, generate::large_journey};
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

    // The import left a draft; each later publish needs a new one, made untimed.
    let mut has_draft = true;
    c.bench_function("publish 1000-activity journey (validate, freeze, hash, store)", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                if !has_draft {
                    ws.new_version("large").unwrap();
                }
                has_draft = false;
                let start = Instant::now();
                ws.publish("large", Drain::ClosePrevious).unwrap();
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
            let draft = edited.versions.last_mut().unwrap();
            draft.nodes[1].label = if flip { "a".into() } else { "b".into() };
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
