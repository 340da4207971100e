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

/// A workspace file holding `large` (1,000 activities) with v1 live and a draft v2.
fn workspace(dir: &std::path::Path, n: usize, bundle: &parcours_model::Bundle) -> Workspace {
    let mut ws = Workspace::open(
        &dir.join(format!("bench-{n}.sqlite")),
        Actor::with_role("bench", Role::Administrator),
    )
    .unwrap();
    let mut live = bundle.clone();
    live.journeys[0].versions[0].status = JourneyStatus::Live;
    ws.import_bundle_text(&live.to_canonical_json()).unwrap();
    ws.new_version("large").unwrap();
    ws
}

fn benches(c: &mut Criterion) {
    let bundle = large_journey(1_000);
    let dir = tempfile::tempdir().unwrap();

    // A fresh workspace per publish (made untimed), so figures do not drift as
    // journeys and versions pile up.
    let mut n = 0;
    c.bench_function("publish 1000-activity journey (validate, freeze, hash, store)", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                n += 1;
                let mut ws = workspace(dir.path(), n, &bundle);
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

    // The same workspace shape: an edit of the draft v2, saved durably and validated.
    let mut ws = workspace(dir.path(), 0, &bundle);
    let mut edited = ws.get_journey("large").unwrap();
    let mut flip = false;
    c.bench_function("baseline: durable save of the same journey (an edit)", |b| {
        b.iter(|| {
            flip = !flip;
            edited.versions[1].nodes[1].label = if flip { "a".into() } else { "b".into() };
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
