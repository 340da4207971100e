//! Two processes on one workspace file (the app saving while the CLI imports, two first
//! opens of a new file): writers wait for each other, then succeed. Separate connections
//! in threads lock a SQLite file as separate processes do.

use std::path::Path;
use std::sync::{Arc, Barrier};

use parcours_model::Bundle;
use parcours_store::Store;

const CART: &str = include_str!("../../../examples/cart_abandonment.parcours.json");

fn both(path: &Path, f: impl Fn(&Path, usize) + Send + Sync + 'static) {
    let f = Arc::new(f);
    let start = Arc::new(Barrier::new(2));
    let threads: Vec<_> = (0..2)
        .map(|i| {
            let (f, start, path) = (f.clone(), start.clone(), path.to_path_buf());
            std::thread::spawn(move || {
                start.wait();
                f(&path, i)
            })
        })
        .collect();
    for t in threads {
        t.join().expect("a writer failed");
    }
}

#[test]
fn two_first_opens_of_a_new_file_both_succeed() {
    for round in 0..20 {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(format!("new-{round}.sqlite"));
        both(&path, |path, _| {
            let store = Store::open(path).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(store.schema_version().unwrap(), parcours_store::LATEST_SCHEMA);
        });
    }
}

#[test]
fn concurrent_imports_and_saves_wait_for_each_other_and_all_land() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shared.sqlite");
    Store::open(&path)
        .unwrap()
        .import_bundle(&Bundle::parse(CART).unwrap(), &[])
        .unwrap();
    both(&path, |path, who| {
        let mut store = Store::open(path).unwrap();
        let bundle = Bundle::parse(CART).unwrap();
        for round in 0..50 {
            if who == 0 {
                store
                    .import_bundle(&bundle, &[])
                    .unwrap_or_else(|e| panic!("import {round}: {e}"));
            } else {
                let mut journey = store.get_journey("cart_recovery").unwrap().unwrap();
                journey.description = format!("saved {round}");
                store
                    .save_journey(&journey)
                    .unwrap_or_else(|e| panic!("save {round}: {e}"));
            }
        }
    });
    let store = Store::open(&path).unwrap();
    assert_eq!(store.get_journey("cart_recovery").unwrap().unwrap().versions.len(), 1);
}
