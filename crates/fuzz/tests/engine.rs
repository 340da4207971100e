//! The engine, driven by the simulator: the example journeys (and generated ones of any
//! size) fed events whose payloads are the examples' with parts replaced, removed or
//! added, from a few people at random times, named or left to recognition. Nothing
//! panics, and every person who entered is accounted for once: ended, jumped, left
//! early or still inside.

use chrono::{DateTime, Duration, Utc};
use parcours_fuzz::{EXAMPLES, apply, config, edit};
use parcours_model::Bundle;
use parcours_model::validate::{has_errors, validate_journey};
use parcours_simulator::{Options, Simulator, TestEvent};
use proptest::prelude::*;

fn start() -> DateTime<Utc> {
    "2026-03-29T00:30:00Z".parse().unwrap()
}

#[derive(Debug, Clone)]
struct Send {
    event: usize,
    named: bool,
    person: usize,
    minutes: i64,
    edits: Vec<parcours_fuzz::Edit>,
}

fn sends() -> impl Strategy<Value = Vec<Send>> {
    prop::collection::vec(
        (
            any::<usize>(),
            any::<bool>(),
            0..4usize,
            0..20_000i64,
            prop::collection::vec(edit(), 0..3),
        )
            .prop_map(|(event, named, person, minutes, edits)| Send {
                event,
                named,
                person,
                minutes,
                edits,
            }),
        1..12,
    )
}

fn run(bundle: &Bundle, journey: &str, sends: &[Send], seed: u64) -> Result<(), TestCaseError> {
    let options = Options {
        seed,
        start: start(),
        trace: seed.is_multiple_of(2),
        real: None,
    };
    let Ok(mut sim) = Simulator::new(bundle, journey, options) else {
        return Ok(());
    };
    for (i, send) in sends.iter().enumerate() {
        let event = &bundle.events[send.event % bundle.events.len()];
        let mut payload = event.example_payload();
        // The person: one of four, in the event's profile id field.
        if let Some(slot) = event.profile_id.split('.').try_fold(&mut payload, |v, k| v.get_mut(k)) {
            *slot = serde_json::Value::String(format!("p{}@x.example", send.person));
        }
        for e in &send.edits {
            apply(&mut payload, e);
        }
        let test = TestEvent {
            at: start() + Duration::minutes(send.minutes),
            event: send.named.then(|| event.name.clone()),
            payload: Some(payload),
            overrides: None,
            profile: None,
        };
        // A named event whose payload does not fit is refused, with its place.
        if let Err(e) = sim.push_event(i + 1, &test) {
            prop_assert!(!e.to_string().is_empty());
        }
    }
    sim.run();
    let report = sim.report();
    for (name, t) in &report.journeys {
        prop_assert_eq!(
            t.finished + t.jumped + t.exited_early + t.still_inside,
            t.entered,
            "journey {}: {:?}",
            name,
            t
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn example_journeys_take_any_events(example in 0..EXAMPLES.len(), journey in any::<usize>(), sends in sends(), seed in any::<u64>()) {
        let bundle = Bundle::parse(EXAMPLES[example]).unwrap();
        let journey = &bundle.journeys[journey % bundle.journeys.len()];
        let catalog = bundle.catalog();
        prop_assume!(!has_errors(&validate_journey(journey, &catalog)));
        run(&bundle, &journey.name, &sends, seed)?;
    }

    #[test]
    fn edited_bundles_run_when_they_validate(doc in parcours_fuzz::mutated_example(), sends in sends(), seed in any::<u64>()) {
        // Configurations edited too (a cache length, a timeout, a retry count…), not
        // only payloads: `cacheSeconds: 9223372036854775807` once crashed the engine.
        let Ok(bundle) = Bundle::parse(&doc.to_string()) else {
            return Ok(());
        };
        let catalog = bundle.catalog();
        let Some(journey) = bundle.journeys.iter().find(|j| !has_errors(&validate_journey(j, &catalog))) else {
            return Ok(());
        };
        if !bundle.events.is_empty() {
            run(&bundle, &journey.name, &sends, seed)?;
        }
    }

    #[test]
    fn generated_journeys_of_any_size_take_any_events(activities in 3usize..120, sends in sends(), seed in any::<u64>()) {
        let bundle = parcours_model::generate::large_journey(activities);
        let journey = bundle.journeys[0].name.clone();
        run(&bundle, &journey, &sends, seed)?;
    }
}
