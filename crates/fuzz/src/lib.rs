//! Fuzzing on stable Rust (no nightly here, so no cargo-fuzz): proptest drives each
//! target with generated inputs and shrinks any failure to a small one, which proptest
//! writes to `tests/*.proptest-regressions` and replays first on every later run; a
//! failure found is then also written out as a named regression test.
//!
//! Inputs are seeded from `examples/`: most generated bundles and bodies are an
//! example with one part replaced, removed or cut, so they get past the first checks and
//! reach validation, the engine and the ingest checks, where random bytes would not.
//!
//! CI runs each target for [`cases`] inputs (256 by default) from a fixed [`seed`];
//! `cargo xtask fuzz` sets `PARCOURS_FUZZ_CASES` much higher and the seed random, in
//! release mode.

use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};
use serde_json::{Map, Value};

/// The example bundles, the corpus the generated inputs start from.
pub const EXAMPLES: [&str; 3] = [
    include_str!("../../../examples/cart_abandonment.parcours.json"),
    include_str!("../../../examples/welcome_series.parcours.json"),
    include_str!("../../../examples/loyalty_upgrade.parcours.json"),
];

/// Inputs tried per target: `PARCOURS_FUZZ_CASES`, else 256.
pub fn cases() -> u32 {
    std::env::var("PARCOURS_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(256)
}

/// The generator's seed: `PARCOURS_FUZZ_SEED` (a number, or `random`), else fixed, so
/// the short run in CI tries the same inputs every time and cannot be flaky; a long run
/// (`cargo xtask fuzz`) explores with a random seed, printed when something fails.
pub fn seed() -> RngSeed {
    match std::env::var("PARCOURS_FUZZ_SEED") {
        Ok(v) if v == "random" => RngSeed::Random,
        Ok(v) => v.parse().unwrap_or(RngSeed::Fixed(20_261_205)),
        Err(_) => RngSeed::Fixed(20_261_205),
    }
}

/// The proptest configuration every target uses.
pub fn config() -> Config {
    Config {
        cases: cases(),
        rng_seed: seed(),
        // Shrinking a failure of a large run can take long; a bound keeps CI's short.
        max_shrink_iters: 2_000,
        ..Config::default()
    }
}

/// Any JSON value, a few levels deep, with the strings and numbers that break parsers:
/// empty, huge, negative, control and text-direction characters.
pub fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("JSON has no NaN or infinity", |f| f.is_finite())
            .prop_map(Value::from),
        Just(Value::from(u64::MAX)),
        "\\PC{0,12}".prop_map(Value::String),
        prop_oneof![
            Just(""),
            Just(" "),
            Just("\u{0}"),
            Just("\u{202E}"),
            Just("next"),
            Just("end"),
            Just("cart_abandoned"),
            Just("event.cartId"),
            Just("now + duration(\"720h\")"),
        ]
        .prop_map(|s| Value::String(s.to_string())),
    ];
    leaf.prop_recursive(3, 24, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec(("[a-zA-Z]{1,8}", inner), 0..6)
                .prop_map(|pairs| Value::Object(pairs.into_iter().collect::<Map<String, Value>>())),
        ]
    })
}

/// One change to a JSON document: where (a walk of child choices, each taken modulo the
/// number of children), and what.
#[derive(Debug, Clone)]
pub enum Edit {
    Replace(Vec<usize>, Value),
    Remove(Vec<usize>),
    Insert(Vec<usize>, String, Value),
    Duplicate(Vec<usize>),
}

pub fn edit() -> impl Strategy<Value = Edit> {
    let walk = prop::collection::vec(any::<usize>(), 0..10);
    prop_oneof![
        4 => (walk.clone(), any_json()).prop_map(|(w, v)| Edit::Replace(w, v)),
        2 => walk.clone().prop_map(Edit::Remove),
        1 => (walk.clone(), "[a-zA-Z]{1,10}", any_json()).prop_map(|(w, k, v)| Edit::Insert(w, k, v)),
        1 => walk.prop_map(Edit::Duplicate),
    ]
}

/// The child of `value` chosen by `choice`, if it has children.
fn child(value: &mut Value, choice: usize) -> Option<&mut Value> {
    match value {
        Value::Object(map) if !map.is_empty() => {
            let n = map.len();
            map.values_mut().nth(choice % n)
        }
        Value::Array(list) if !list.is_empty() => {
            let n = list.len();
            list.get_mut(choice % n)
        }
        _ => None,
    }
}

/// Applies `edit` to `doc`: the walk stops one level above its end (or where there are
/// no children), and the edit acts on the chosen child of that container.
pub fn apply(doc: &mut Value, edit: &Edit) {
    let (walk, last) = match edit {
        Edit::Replace(w, _) | Edit::Remove(w) | Edit::Insert(w, _, _) | Edit::Duplicate(w) => match w.split_last() {
            Some((last, walk)) => (walk, *last),
            None => (&[][..], 0),
        },
    };
    let mut here = doc;
    for &choice in walk {
        let has_grandchildren = child(here, choice).is_some_and(|c| matches!(c, Value::Object(_) | Value::Array(_)));
        if !has_grandchildren {
            break;
        }
        here = child(here, choice).expect("checked just above");
    }
    match (edit, here) {
        (Edit::Replace(_, v), container) => {
            if let Some(slot) = child(container, last) {
                *slot = v.clone();
            }
        }
        (Edit::Remove(_), Value::Object(map)) if !map.is_empty() => {
            let key = map.keys().nth(last % map.len()).cloned().expect("not empty");
            map.remove(&key);
        }
        (Edit::Remove(_), Value::Array(list)) if !list.is_empty() => {
            let n = list.len();
            list.remove(last % n);
        }
        (Edit::Insert(_, key, v), Value::Object(map)) => {
            map.insert(key.clone(), v.clone());
        }
        (Edit::Insert(_, _, v), Value::Array(list)) => list.push(v.clone()),
        (Edit::Duplicate(_), Value::Array(list)) if !list.is_empty() => {
            let n = list.len();
            let copy = list[last % n].clone();
            list.push(copy);
        }
        _ => {}
    }
}

/// An example bundle with one to four edits.
pub fn mutated_example() -> impl Strategy<Value = Value> {
    (0..EXAMPLES.len(), prop::collection::vec(edit(), 1..5)).prop_map(|(i, edits)| {
        let mut doc: Value = serde_json::from_str(EXAMPLES[i]).expect("examples are JSON");
        for e in &edits {
            apply(&mut doc, e);
        }
        doc
    })
}

/// Text damage: an example's text cut, with bytes flipped, inserted or removed.
pub fn damaged_text() -> impl Strategy<Value = Vec<u8>> {
    (
        0..EXAMPLES.len(),
        prop::collection::vec((any::<usize>(), any::<u8>(), 0..3u8), 0..8),
        any::<Option<usize>>(),
    )
        .prop_map(|(i, changes, cut)| {
            let mut bytes = EXAMPLES[i].as_bytes().to_vec();
            for (at, byte, how) in changes {
                let at = at % (bytes.len() + 1);
                match how {
                    0 if at < bytes.len() => bytes[at] = byte,
                    1 => bytes.insert(at, byte),
                    _ if at < bytes.len() => {
                        bytes.remove(at);
                    }
                    _ => {}
                }
            }
            if let Some(cut) = cut {
                bytes.truncate(cut % (bytes.len() + 1));
            }
            bytes
        })
}
