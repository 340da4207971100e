//! The runner stopped, restarted and killed: a wait interrupted by a restart fires
//! once; SIGTERM lets a call under way finish; kill -9 in the middle of a burst loses
//! no acknowledged event and never calls with a new key for an old step.

mod runner_support;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use runner_support::*;
use serde_json::json;

fn settled(runner: &Runner, token: &str) -> bool {
    let r = runner.report(token, "cart_recovery");
    r["totals"]["waitingNow"] == 0 && runner.metric(token, "parcours_outbox_size") == 0
}

#[test]
fn a_wait_interrupted_by_a_restart_fires_once_and_late_when_the_runner_is_back() {
    let CartRun {
        runner,
        systems,
        ops,
        db,
        dir: _dir,
    } = cart_run(2);
    let sent = Instant::now();
    let event = json!({"id": "e-1", "payload": cart("ada@example.com", "c-1")});
    assert_eq!(runner.send(&ops, "POST", "/v1/events", &event).0, 200);
    runner.stop();
    assert!(sent.elapsed() < Duration::from_secs(2), "stopped before the wait ended");
    poll(
        "the wait's time has passed while the runner was down",
        Duration::from_secs(10),
        // Due about 2 s after `sent`; "late" is more than 1 s past due, so leave a clear margin.
        || sent.elapsed() > Duration::from_millis(4_500),
    );
    assert!(systems.messages().is_empty());

    let runner = Runner::start(&db, &secrets(Some(&systems)));
    poll("the reminder is sent", Duration::from_secs(20), || {
        !systems.messages().is_empty()
    });
    poll("ada has left", Duration::from_secs(20), || settled(&runner, &ops));
    assert_eq!(runner.metric(&ops, "parcours_timers_late_total"), 1, "{}", runner.log());
    runner.stop();

    // Once: another restart sends nothing more.
    let runner = Runner::start(&db, &secrets(Some(&systems)));
    assert!(settled(&runner, &ops));
    let (_, dup) = runner.send(&ops, "POST", "/v1/events", &event);
    assert_eq!(dup["duplicates"], 1);
    runner.stop();
    assert_eq!(systems.messages().len(), 1);
}

#[test]
fn sigterm_lets_a_call_under_way_finish_and_the_restart_does_not_repeat_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("runner.sqlite");
    let ops = token(&db, "ops", "admin");
    let systems = Systems::start_with(Duration::from_millis(1_500));
    let runner = Runner::start(&db, &secrets(Some(&systems)));
    publish_cart(&runner, &ops, &systems, 1);
    let event = json!({"payload": cart("ada@example.com", "c-1")});
    assert_eq!(runner.send(&ops, "POST", "/v1/events", &event).0, 200);
    poll("the call is under way", Duration::from_secs(20), || {
        !systems.messages().is_empty()
    });
    runner.stop();

    let runner = Runner::start(&db, &secrets(Some(&systems)));
    assert!(
        settled(&runner, &ops),
        "the answer was applied before the runner exited"
    );
    let report = runner.report(&ops, "cart_recovery");
    assert_eq!(report["totals"]["finished"], 1, "{report}");
    runner.stop();
    assert_eq!(systems.messages().len(), 1);
}

#[test]
fn kill_9_during_a_burst_loses_no_acknowledged_event_and_makes_no_call_with_a_new_key() {
    let CartRun {
        runner,
        systems,
        ops,
        db,
        dir: _dir,
    } = cart_run(1);

    // Four senders, one event per request, until the runner dies under them.
    let acked: Arc<Mutex<Vec<(String, String)>>> = Arc::default();
    let senders: Vec<_> = (0..4)
        .map(|t| {
            let acked = acked.clone();
            let url = runner.url("/v1/events");
            let ops = ops.clone();
            std::thread::spawn(move || {
                let client = http();
                for i in 0.. {
                    let id = format!("e-{t}-{i}");
                    let email = format!("p{t}x{i}@example.com");
                    let body = json!({"id": id, "payload": cart(&email, "c-1")});
                    match client.post(&url).bearer_auth(&ops).json(&body).send() {
                        Ok(r) if r.status() == 200 => acked.lock().unwrap().push((id, email)),
                        Ok(r) => panic!("unexpected {}", r.status()),
                        Err(_) => return,
                    }
                }
            })
        })
        .collect();
    poll("a burst is under way", Duration::from_secs(30), || {
        acked.lock().unwrap().len() >= 300
    });
    runner.kill();
    for s in senders {
        s.join().unwrap();
    }
    let acked = acked.lock().unwrap().clone();

    let runner = Runner::start(&db, &secrets(Some(&systems)));
    // Every acknowledged event is stored: sent again, each is a duplicate.
    for chunk in acked.chunks(500) {
        let events: Vec<_> = chunk
            .iter()
            .map(|(id, email)| json!({"id": id, "payload": cart(email, "c-1")}))
            .collect();
        let (status, ack) = runner.send(&ops, "POST", "/v1/events", &json!({"events": events}));
        assert_eq!(status, 200, "{ack}");
        assert_eq!(ack["accepted"], 0, "{ack}");
        assert_eq!(ack["duplicates"], chunk.len(), "{ack}");
    }
    poll("everyone has left", Duration::from_secs(60), || settled(&runner, &ops));
    runner.stop();

    // Everyone acknowledged got one reminder; a call made again after the crash kept
    // its key.
    let mut keys: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (key, body) in systems.messages() {
        keys.entry(body["to"].as_str().unwrap().to_string())
            .or_default()
            .insert(key);
    }
    for (_, email) in &acked {
        assert!(keys.contains_key(email), "{email} was acknowledged but got no reminder");
    }
    for (email, k) in &keys {
        assert_eq!(k.len(), 1, "{email} was called with several keys: {k:?}");
    }
    let distinct: BTreeSet<&String> = keys.values().flatten().collect();
    assert_eq!(distinct.len(), keys.len(), "one key per person and step");
}
