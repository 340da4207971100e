//! Validation never fails: whatever a journey looks like, it returns diagnostics.
//! Thousands of reproducible random mutations of the examples, and hostile expressions.

mod common;

use common::merged;
use parcours_model::validate::validate_catalog;
use parcours_model::{Activity, Bundle, ConditionPath, Edge};

/// A tiny reproducible generator (splitmix64).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 { 0 } else { (self.next() % n as u64) as usize }
    }
}

fn hostile_expressions() -> Vec<String> {
    vec![
        String::new(),
        "(".repeat(300) + &")".repeat(300),
        "event.".repeat(500) + "x",
        "a".repeat(5_000),
        "\"unterminated".into(),
        "event.cart.total > 1 && ".repeat(200) + "true",
        "💥 == 💥".into(),
        "[1, 2, 3].map(x, x * 2.5)[7]".into(),
        "{\"a\": 1}.a.b.c".into(),
        "has(event)".into(),
        "events[0]".into(),
        "1 / 0".into(),
        "timestamp(\"not a date\") < now".into(),
        "addDays(now, 99999999999, \"UTC\") > now".into(),
    ]
}

fn mutate(b: &mut Bundle, rng: &mut Rng) {
    let j = rng.below(b.journeys.len());
    let v = b.journeys[j].versions.last_mut().unwrap();
    match rng.below(7) {
        0 if !v.nodes.is_empty() => {
            let i = rng.below(v.nodes.len());
            v.nodes.remove(i);
        }
        1 if !v.edges.is_empty() => {
            let i = rng.below(v.edges.len());
            v.edges.remove(i);
        }
        2 if !v.nodes.is_empty() => {
            let (a, c) = (rng.below(v.nodes.len()), rng.below(v.nodes.len()));
            let from = v.nodes[a].id.clone();
            let to = v.nodes[c].id.clone();
            v.edges.push(Edge {
                from,
                port: ["next", "other", "success", "error", "timeout", "x"][rng.below(6)].into(),
                to,
            });
        }
        3 if !v.nodes.is_empty() => {
            let i = rng.below(v.nodes.len());
            let exprs = hostile_expressions();
            v.nodes[i].activity = Activity::Condition {
                paths: vec![ConditionPath {
                    port: "p".into(),
                    expression: exprs[rng.below(exprs.len())].clone(),
                }],
                other: rng.below(2) == 0,
                error_path: false,
            };
        }
        4 if !v.nodes.is_empty() => {
            let (a, c) = (rng.below(v.nodes.len()), rng.below(v.nodes.len()));
            v.nodes[a].id = v.nodes[c].id.clone();
        }
        5 => v.properties.global_timeout_seconds = rng.next() % 20_000_000,
        _ if !b.events.is_empty() => {
            let e = rng.below(b.events.len());
            if !b.events[e].fields.is_empty() {
                let f = rng.below(b.events[e].fields.len());
                b.events[e].fields.remove(f);
            }
        }
        _ => {}
    }
}

#[test]
fn validation_returns_diagnostics_whatever_the_journey() {
    let mut rng = Rng(2026);
    for round in 0..400 {
        let mut b = merged();
        for _ in 0..1 + rng.below(6) {
            mutate(&mut b, &mut rng);
        }
        let result = std::panic::catch_unwind(|| validate_catalog(&b.catalog()));
        assert!(
            result.is_ok(),
            "validation panicked in round {round}: {:#?}",
            b.journeys
        );
    }
}

#[test]
fn hostile_expressions_are_diagnosed_not_fatal() {
    for e in hostile_expressions() {
        let scope = parcours_model::expr::Scope::new();
        let result = std::panic::catch_unwind(|| parcours_model::expr::check_expression(&e, &scope));
        assert!(result.is_ok(), "checking {e:.60} panicked");
    }
}
