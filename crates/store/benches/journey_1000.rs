//! A generated 1,000-activity journey: validate it, save it durably, load it back.
//! Goals: validate ≤ 5 ms, save ≤ 25 ms, load ≤ 10 ms. Baselines measured in the same
//! run: a serde_json round trip of the same version (the floor for any JSON-based
//! save/load), and a bare SQLite insert of its body with the same durability settings
//! (the floor for a durable save).

use criterion::{Criterion, criterion_group, criterion_main};
use parcours_model::{generate::large_journey, validate};
use parcours_store::Store;
use rusqlite::Connection;

fn benches(c: &mut Criterion) {
    let bundle = large_journey(1_000);
    let journey = bundle.journeys[0].clone();
    let catalog = bundle.catalog();
    let dir = tempfile::tempdir().unwrap();

    // Warm: re-validation after an edit, as the designer does (expressions remembered).
    c.bench_function("validate 1000-node journey (warm)", |b| {
        b.iter(|| validate::validate_journey(&journey, &catalog))
    });
    // Cold: every expression parsed again, as on opening a workspace.
    c.bench_function("validate 1000-node journey (cold)", |b| {
        b.iter(|| {
            parcours_model::expr::clear_memo();
            validate::validate_journey(&journey, &catalog)
        })
    });

    let mut store = Store::open(&dir.path().join("bench.sqlite")).unwrap();
    store.import_bundle(&bundle, &[]).unwrap();
    let mut edited = journey.clone();
    let mut flip = false;
    c.bench_function("save 1000-node journey (durable)", |b| {
        b.iter(|| {
            // A real edit each time, so the save writes.
            flip = !flip;
            edited.versions[0].nodes[1].label = if flip { "a".into() } else { "b".into() };
            store.save_journey(&edited).unwrap()
        })
    });
    c.bench_function("load 1000-node journey", |b| {
        b.iter(|| store.get_journey("large").unwrap().unwrap())
    });

    let version = &journey.versions[0];
    c.bench_function("baseline: serde_json round trip of the version", |b| {
        b.iter(|| {
            let text = serde_json::to_string(version).unwrap();
            serde_json::from_str::<parcours_model::JourneyVersion>(&text).unwrap()
        })
    });
    let conn = Connection::open(dir.path().join("raw.sqlite")).unwrap();
    conn.query_row("PRAGMA journal_mode = WAL", [], |_| Ok(())).unwrap();
    conn.pragma_update(None, "synchronous", "FULL").unwrap();
    conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT)", [])
        .unwrap();
    let body = serde_json::to_string(version).unwrap();
    c.bench_function("baseline: bare durable insert of the body", |b| {
        b.iter(|| {
            conn.execute("INSERT OR REPLACE INTO t (id, body) VALUES (1, ?1)", [&body])
                .unwrap();
        })
    });
}

criterion_group! {
    name = journey;
    config = Criterion::default().sample_size(30).measurement_time(std::time::Duration::from_secs(3));
    targets = benches
}
criterion_main!(journey);
