//! Found by the panic audit: rows of the runner's file damaged by hand or by another
//! program (counters at the integer limit, a timer or a count at the first instant an
//! `i64` holds, a release with no journey) crashed the report, the writer thread (the
//! runner then answers 503 to everything) or the start-up. The real runner binary, its
//! file tampered with between two runs.

mod runner_support;

use std::time::Duration;

use runner_support::*;
use serde_json::json;

fn sql(db: &std::path::Path, statements: &str) {
    let c = rusqlite::Connection::open(db).unwrap();
    c.execute_batch(statements).unwrap();
}

fn count(db: &std::path::Path, query: &str) -> i64 {
    let c = rusqlite::Connection::open(db).unwrap();
    c.query_row(query, [], |r| r.get(0)).unwrap()
}

#[test]
fn damaged_rows_are_read_around_and_the_runner_keeps_running() {
    let CartRun {
        runner,
        systems,
        ops,
        db,
        dir: _dir,
    } = cart_run(3600);
    for (id, email) in [("evt-1", "ada@example.com"), ("evt-2", "bob@example.com")] {
        let event = json!({"id": id, "payload": cart(email, &format!("c-{id}"))});
        assert_eq!(runner.send(&ops, "POST", "/v1/events", &event).1["accepted"], 1);
    }
    poll("both people entered", Duration::from_secs(20), || {
        runner.report(&ops, "cart_recovery")["totals"]["entered"] == 2
    });
    runner.stop();

    sql(
        &db,
        "UPDATE counts SET n = 9223372036854775807;
         INSERT INTO counts SELECT journey, version, node, metric, key, minute + 1, n FROM counts WHERE metric = 'started';
         INSERT INTO counts SELECT journey, version, node, metric, key, minute + 2, n FROM counts WHERE metric = 'started' AND minute IN (SELECT min(minute) FROM counts WHERE metric = 'started');
         INSERT INTO counts VALUES ('cart_recovery', 1, 'start', 'entered', '', -9223372036854775808, 3);
         INSERT INTO counts VALUES ('cart_recovery', 1, 'start', 'entered', '', 9223372036854775807, -5);
         INSERT INTO timers (instance, at) VALUES (1, -9223372036854775808);",
    );
    let runner = Runner::start(&db, &secrets(Some(&systems)));
    // Counters saturate instead of overflowing; the unplaceable minute is left out.
    let report = runner.report(&ops, "cart_recovery");
    assert_eq!(report["totals"]["entered"], u64::MAX, "{report}");
    let series = report["series"].as_array().unwrap();
    assert!(
        series.iter().all(|p| p["start"].as_str().unwrap() >= "2026"),
        "{series:?}"
    );
    // The timer due since the first instant fires (a lag, not a crash), and the writer
    // still takes events.
    poll("the damaged timer fired", Duration::from_secs(20), || {
        count(&db, "SELECT count(*) FROM timers WHERE at < 0") == 0
    });
    let event = json!({"id": "evt-3", "payload": cart("carl@example.com", "c-3")});
    let (status, answer) = runner.send(&ops, "POST", "/v1/events", &event);
    assert_eq!((status, &answer["accepted"]), (200, &json!(1)), "{answer}");
    assert_eq!(http().get(runner.url("/readyz")).send().unwrap().status(), 200);
    runner.stop();

    // A release holding no journey (its guard against edits dropped first): refused at
    // start-up with its name, not a panic.
    sql(
        &db,
        "DROP TRIGGER releases_frozen;
         UPDATE releases SET body = json_set(body, '$.content.journeys', json('[]'));",
    );
    let err = serve_refused(&["--db", &db.display().to_string()]);
    assert!(
        err.contains("stored release cart_recovery v1 holds no single journey version"),
        "{err}"
    );
}

/// Found reviewing the audit's fixes: a release published before a rule was added
/// (here a data lookup mapping a parameter its group does not declare, now
/// E_DATA_PARAM_UNKNOWN) made the upgraded runner refuse to start at all. It was valid
/// when published: it loads and runs, and only new publishes meet the rule.
#[test]
fn a_release_published_before_a_rule_was_added_still_runs() {
    let CartRun {
        runner,
        systems,
        ops,
        db,
        dir: _dir,
    } = cart_run(3600);
    runner.stop();
    sql(
        &db,
        "DROP TRIGGER releases_frozen;
         UPDATE releases SET body = json_set(body,
           '$.content.journeys[0].versions[0].data[0].parameters.legacyId', 'event.cartId');",
    );
    let runner = Runner::start(&db, &secrets(Some(&systems)));
    let event = json!({"id": "evt-old", "payload": cart("ada@example.com", "c-old")});
    assert_eq!(runner.send(&ops, "POST", "/v1/events", &event).1["accepted"], 1);
    poll("the person entered the old release", Duration::from_secs(20), || {
        runner.report(&ops, "cart_recovery")["totals"]["entered"] == 1
    });
    runner.stop();
}
