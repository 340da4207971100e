//! A live journey's moves on the real runner, as an operator makes them: stop sends
//! everyone out at once, pause holds calls (and admits nobody) until resume, a revoked
//! token stops working within a second, and the API describes itself at /openapi.json.

mod runner_support;

use std::time::Duration;

use runner_support::*;
use serde_json::{Value, json};

fn ingest(runner: &Runner, token: &str, people: &[&str]) {
    let events: Vec<Value> = people
        .iter()
        .enumerate()
        .map(|(i, p)| json!({"payload": cart(p, &format!("c-{i}"))}))
        .collect();
    let (status, ack) = runner.send(token, "POST", "/v1/events", &json!({"events": events}));
    assert_eq!(status, 200, "{ack}");
}

fn totals(runner: &Runner, ops: &str) -> Value {
    runner.report(ops, "cart_recovery")["totals"].clone()
}

#[test]
fn stop_sends_everyone_out_at_once_and_admits_nobody_after() {
    let CartRun {
        runner,
        systems,
        ops,
        db: _,
        dir: _dir,
    } = cart_run(3600);
    // More than one step of the stop's write-back (1,000).
    let people: Vec<String> = (0..1_201).map(|i| format!("p{i}@example.com")).collect();
    for chunk in people.chunks(400) {
        ingest(&runner, &ops, &chunk.iter().map(String::as_str).collect::<Vec<_>>());
    }
    poll("everyone is waiting", Duration::from_secs(20), || {
        totals(&runner, &ops)["waitingNow"] == 1_201
    });

    let (status, j) = runner.send(&ops, "POST", "/v1/journeys/cart_recovery/stop", &json!({}));
    assert_eq!(status, 200, "{j}");
    assert_eq!(j["versions"][0]["state"], "stopped");
    let t = totals(&runner, &ops);
    assert_eq!(
        (t["waitingNow"].clone(), t["exitedEarly"].clone()),
        (json!(0), json!(1_201)),
        "{t}"
    );
    assert_eq!(runner.metric(&ops, "parcours_timers"), 0);
    assert_eq!(runner.metric(&ops, "parcours_people_inside"), 0);

    // Stop cannot be undone, and nobody enters any more.
    let (status, e) = runner.send(&ops, "POST", "/v1/journeys/cart_recovery/resume", &json!({}));
    assert_eq!(status, 409, "{e}");
    ingest(&runner, &ops, &["dee@example.com"]);
    assert_eq!(totals(&runner, &ops)["entered"], 1_201);
    assert!(systems.messages().is_empty());
    runner.stop();
}

#[test]
fn pause_holds_calls_and_entries_until_resume() {
    let CartRun {
        runner,
        systems,
        ops,
        db,
        dir: _dir,
    } = cart_run(1);
    ingest(&runner, &ops, &["ada@example.com"]);
    poll("ada is waiting", Duration::from_secs(10), || {
        totals(&runner, &ops)["waitingNow"] == 1
    });
    let (status, j) = runner.send(&ops, "POST", "/v1/journeys/cart_recovery/pause", &json!({}));
    assert_eq!(status, 200, "{j}");

    // The wait ends during the pause: the call is written, and held.
    poll("ada's reminder is in the outbox", Duration::from_secs(10), || {
        runner.metric(&ops, "parcours_outbox_size") == 1
    });
    assert!(systems.messages().is_empty(), "no call while paused");
    // A paused journey admits nobody.
    ingest(&runner, &ops, &["bo@example.com"]);
    assert_eq!(totals(&runner, &ops)["entered"], 1);

    // A restart keeps the pause and the held call.
    runner.stop();
    let runner = Runner::start(&db, &secrets(Some(&systems)));
    assert_eq!(runner.metric(&ops, "parcours_outbox_size"), 1);
    assert!(systems.messages().is_empty(), "no call while paused");

    let (status, _) = runner.send(&ops, "POST", "/v1/journeys/cart_recovery/resume", &json!({}));
    assert_eq!(status, 200);
    poll("the held reminder goes out", Duration::from_secs(10), || {
        !systems.messages().is_empty()
    });
    poll("ada has finished", Duration::from_secs(10), || {
        totals(&runner, &ops)["finished"] == 1
    });
    let messages = systems.messages();
    assert_eq!(messages.len(), 1, "{messages:?}");
    assert_eq!(messages[0].1["to"], "ada@example.com");
    runner.stop();
}

#[test]
fn a_revoked_token_is_refused_by_the_running_runner_within_a_second() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("runner.sqlite");
    let ops = token(&db, "ops", "read");
    let shop = token(&db, "web-shop", "ingest");
    let runner = Runner::start(&db, &[]);
    let event = json!({"payload": {"email": "ada@example.com"}});
    assert_eq!(runner.send(&shop, "POST", "/v1/events", &event).0, 200);

    let out = parcours(&[
        "runner",
        "token",
        "revoke",
        "web-shop",
        "--db",
        &db.display().to_string(),
    ]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    // The book is reloaded every second; the margin is for a busy machine.
    poll("the token is refused", Duration::from_secs(3), || {
        runner.send(&shop, "POST", "/v1/events", &event).0 == 401
    });
    // The other token still works, and the list shows the revocation.
    assert_eq!(runner.get(&ops, "/v1/journeys").0, 200);
    let list = parcours(&["runner", "token", "list", "--db", &db.display().to_string()]);
    let text = String::from_utf8(list.stdout).unwrap();
    let shop_line = text.lines().find(|l| l.starts_with("web-shop")).unwrap();
    assert!(!shop_line.ends_with('-'), "{text}");
    let ops_line = text.lines().find(|l| l.starts_with("ops")).unwrap();
    assert!(ops_line.ends_with('-'), "{text}");
    runner.stop();
}

#[test]
fn the_api_describes_itself_in_openapi_3_1() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("runner.sqlite");
    let runner = Runner::start(&db, &[]);
    let doc: Value = http().get(runner.url("/openapi.json")).send().unwrap().json().unwrap();
    assert_eq!(doc["openapi"], "3.1.0");
    let paths: Vec<&str> = doc["paths"].as_object().unwrap().keys().map(|k| k.as_str()).collect();
    for p in [
        "/v1/journeys",
        "/v1/journeys/{id}",
        "/v1/journeys/{id}/versions/{n}",
        "/v1/journeys/{id}/report",
        "/v1/journeys/{id}/{action}",
        "/v1/events",
        "/v1/track",
        "/v1/identify",
        "/v1/batch",
        "/metrics",
    ] {
        assert!(paths.contains(&p), "{p} missing from {paths:?}");
    }
    let schemes = doc["components"]["securitySchemes"].as_object().unwrap();
    assert!(
        schemes.contains_key("bearer") && schemes.contains_key("basic"),
        "{schemes:?}"
    );
    assert!(doc["components"]["schemas"]["ApiError"].is_object());
    runner.stop();
}

#[test]
fn closing_a_paused_journey_lets_its_held_calls_go_and_the_people_inside_finish() {
    let CartRun {
        runner,
        systems,
        ops,
        db: _,
        dir: _dir,
    } = cart_run(1);
    ingest(&runner, &ops, &["ada@example.com", "bo@example.com"]);
    let (status, _) = runner.send(&ops, "POST", "/v1/journeys/cart_recovery/pause", &json!({}));
    assert_eq!(status, 200);
    poll("both reminders are held in the outbox", Duration::from_secs(10), || {
        runner.metric(&ops, "parcours_outbox_size") == 2
    });
    assert!(systems.messages().is_empty());

    let (status, j) = runner.send(&ops, "POST", "/v1/journeys/cart_recovery/close", &json!({}));
    assert_eq!(status, 200, "{j}");
    assert_eq!(j["versions"][0]["state"], "closed");
    poll("both have finished", Duration::from_secs(10), || {
        totals(&runner, &ops)["finished"] == 2
    });
    // Each call once, though the rows were queued at the pause's end and by the close.
    let messages = systems.messages();
    assert_eq!(messages.len(), 2, "{messages:?}");
    assert_eq!(runner.metric(&ops, "parcours_outbox_size"), 0);
    runner.stop();
}

/// A call waiting for its host's cap does not hold one of the runner's call slots: with
/// one slot, lookups to another host go on while reminders wait for their window.
#[test]
fn calls_waiting_for_a_capped_host_let_calls_to_other_hosts_through() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("runner.sqlite");
    let config = dir.path().join("runner.toml");
    std::fs::write(&config, "max_in_flight_calls = 1\n").unwrap();
    let ops = token(&db, "ops", "admin");
    let systems = Systems::start();
    // The order service by another host name (`localhost`), the messaging API capped
    // at one call a second.
    let mut bundle = cart_bundle(&systems.uri(), 1);
    let port = systems.uri().rsplit(':').next().unwrap().to_string();
    bundle.data_sources[0].base_url = format!("http://localhost:{port}/api");
    bundle.actions[0].calls_per_second = 1;
    let mut env = secrets(Some(&systems));
    env.push(("PARCOURS_ORIGINS_ORDERS_API_KEY", format!("http://localhost:{port}")));
    let runner = Runner::start_with(&db, &env, &["--config", &config.display().to_string()]);
    let (_, body) = release_body(&bundle, "cart_recovery");
    let (status, e) = runner.send(&ops, "PUT", "/v1/journeys/cart_recovery/versions/1", &body);
    assert_eq!(status, 201, "{e}");

    ingest(
        &runner,
        &ops,
        &["a1@example.com", "a2@example.com", "a3@example.com", "a4@example.com"],
    );
    poll("the first reminder is sent", Duration::from_secs(10), || {
        !systems.messages().is_empty()
    });
    // The other three wait for the cap; two more people arrive and need their lookups.
    let events: Vec<Value> = ["b1@example.com", "b2@example.com"]
        .iter()
        .enumerate()
        .map(|(i, p)| json!({"payload": cart(p, &format!("late-{i}"))}))
        .collect();
    assert_eq!(
        runner.send(&ops, "POST", "/v1/events", &json!({"events": events})).0,
        200
    );
    poll("everyone has finished", Duration::from_secs(30), || {
        totals(&runner, &ops)["finished"] == 6
    });

    // In arrival order: the late lookups came before the first four's last reminders.
    let order: Vec<&str> = systems
        .rt
        .block_on(systems.server.received_requests())
        .unwrap()
        .iter()
        .filter_map(|r| {
            let path = r.url.path();
            if path.starts_with("/api/carts/late-") {
                return Some("late lookup");
            }
            let to = serde_json::from_slice::<Value>(&r.body).ok()?["to"]
                .as_str()?
                .to_string();
            (path == "/v1/messages" && to.starts_with('a')).then_some("early reminder")
        })
        .collect();
    let last_late = order.iter().rposition(|w| *w == "late lookup").unwrap();
    let last_early = order.iter().rposition(|w| *w == "early reminder").unwrap();
    assert!(
        last_late < last_early,
        "the late lookups waited behind capped reminders: {order:?}"
    );
    runner.stop();
}
