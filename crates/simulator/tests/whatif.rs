//! What-if runs: volumes per branch, reproducible, the same on any number of threads.

use std::sync::atomic::{AtomicU64, Ordering};

use chrono::{DateTime, Duration, Utc};
use parcours_model::Bundle;
use parcours_simulator::Options;
use parcours_simulator::whatif::{Distribution, Distributions, People, read_people, what_if};
use serde_json::json;

const CART: &str = include_str!("../../../examples/cart_abandonment.parcours.json");
const WELCOME: &str = include_str!("../../../examples/welcome_series.parcours.json");

fn options(seed: u64) -> Options {
    Options {
        seed,
        start: "2026-01-15T09:00:00Z".parse::<DateTime<Utc>>().unwrap(),
        trace: false,
        real: None,
    }
}

#[test]
fn volumes_follow_the_distributions_and_do_not_depend_on_threads() {
    let bundle = Bundle::parse(CART).unwrap();
    let distributions: Distributions = [(
        "cartId".to_string(),
        Distribution::OneOf {
            values: vec![json!("paid-1"), json!("c-1")],
            weights: vec![30, 70],
        },
    )]
    .into();
    let people = People::Synthetic {
        count: 3_000,
        distributions,
    };
    let progress = AtomicU64::new(0);
    let one = what_if(
        &bundle,
        "cart_recovery",
        &people,
        Duration::hours(1),
        &options(5),
        1,
        &progress,
    )
    .unwrap();
    assert_eq!(progress.load(Ordering::Relaxed), 3_000);
    let two = what_if(
        &bundle,
        "cart_recovery",
        &people,
        Duration::hours(1),
        &options(5),
        2,
        &AtomicU64::new(0),
    )
    .unwrap();
    assert_eq!(one, two, "the same people take the same paths on 1 or 2 threads");
    assert_eq!(one.journeys["cart_recovery"].entered, 3_000);
    let paid = one.exits("cart_recovery", "still_unpaid", "other");
    // 30% ± 3 standard deviations (±75).
    assert!((825..=975).contains(&paid), "{paid} of 3,000 paid");
    assert_eq!(one.exits("cart_recovery", "remind", "success") + paid, 3_000);
}

#[test]
fn listed_people_come_from_csv_or_jsonl_with_located_errors() {
    let bundle = Bundle::parse(WELCOME).unwrap();
    let event = &bundle.events[0];
    let rows = read_people(
        "userId,plan,timeZone\nu-1,pro,Europe/Paris\nu-2,starter,Asia/Tokyo\n",
        true,
        event,
    )
    .unwrap();
    assert_eq!(rows.len(), 2);
    let people = People::Listed(rows);
    let report = what_if(
        &bundle,
        "welcome_series",
        &people,
        Duration::zero(),
        &options(1),
        2,
        &AtomicU64::new(0),
    )
    .unwrap();
    assert_eq!(report.journeys["welcome_series"].entered, 2);

    let err = read_people("userId,colour\nu-1,red\n", true, event).unwrap_err();
    assert_eq!(err, "line 1: column `colour` is not a field of `user_signed_up`");
    let err = read_people("userId,plan\nu-1\n", true, event).unwrap_err();
    assert!(err.starts_with("line 2:"), "{err}");
    // Quoted cells may hold commas.
    let rows = read_people("userId,firstName\nu-1,\"Lovelace, Ada\"\n", true, event).unwrap();
    assert_eq!(rows[0]["firstName"], "Lovelace, Ada");
    let err = read_people("{\"userId\": \"u-1\"}\n[1]\n", false, event).unwrap_err();
    assert!(err.starts_with("line 2"), "{err}");
}

#[test]
fn a_run_larger_than_a_batch_is_the_sum_of_its_batches_on_any_threads() {
    // Three batches, each run to its end by its own simulator (memory stays flat: a
    // million people once held 3.5 GB). Every person is counted, once, wherever they
    // went, and the threads do not change the result.
    let bundle = Bundle::parse(CART).unwrap();
    let count = 2 * parcours_simulator::whatif::BATCH + 10;
    let people = People::Synthetic {
        count,
        distributions: Default::default(),
    };
    let run = |threads| {
        what_if(
            &bundle,
            "cart_recovery",
            &people,
            Duration::hours(1),
            &options(9),
            threads,
            &AtomicU64::new(0),
        )
        .unwrap()
    };
    let one = run(1);
    assert_eq!(one, run(2));
    let totals = &one.journeys["cart_recovery"];
    assert_eq!(totals.entered, count as u64);
    assert_eq!(totals.still_inside, 0, "every batch ran to its end");
    let ends: u64 = one.nodes["cart_recovery"]
        .iter()
        .filter(|(id, _)| id.starts_with("end"))
        .map(|(_, n)| n.entered)
        .sum();
    assert_eq!(ends, count as u64, "each person ends once");
}

#[test]
fn a_simulator_that_forgets_keeps_only_who_is_inside() {
    let bundle = Bundle::parse(CART).unwrap();
    let start = options(1).start;
    let mut sim = parcours_simulator::Simulator::new(&bundle, "cart_recovery", options(1)).unwrap();
    sim.forget_finished();
    for (i, person) in ["a@x.example", "b@x.example"].iter().enumerate() {
        let event = parcours_simulator::TestEvent {
            at: start + Duration::minutes(i as i64),
            event: Some("cart_abandoned".into()),
            payload: None,
            overrides: Some(
                json!({"email": person, "cartId": format!("c-{i}")})
                    .as_object()
                    .unwrap()
                    .clone(),
            ),
            profile: None,
        };
        sim.push_event(i + 1, &event).unwrap();
    }
    sim.advance_to(start + Duration::minutes(5));
    assert_eq!(sim.instances().len(), 2, "both wait an hour");
    sim.run();
    assert!(sim.instances().is_empty(), "finished people are forgotten");
    let report = sim.report();
    assert_eq!(report.journeys["cart_recovery"].entered, 2);
    assert_eq!(report.journeys["cart_recovery"].still_inside, 0);
}
