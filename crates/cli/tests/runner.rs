//! The runner as teams run it: the real binary on loopback, publishing releases,
//! events in the native and the Segment shape, a wait that ends in a real call, the
//! report compared with the simulator's, and bad input answered with the right status
//! and a message that names the place.

mod runner_support;

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use base64::Engine;
use parcours_connectors::{Binding, Secret};
use parcours_simulator::{Options, RealCalls, Simulator, TestEvent};
use runner_support::*;
use serde_json::{Value, json};

fn pv(runner: &Runner, token: &str, body: &Value, n: u32) -> (u16, Value) {
    runner.send(token, "PUT", &format!("/v1/journeys/cart_recovery/versions/{n}"), body)
}

#[test]
fn publishing_is_idempotent_refuses_other_content_and_names_what_is_missing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("runner.sqlite");
    let ops = token(&db, "ops-team", "publish,control,read");
    let shop = token(&db, "web-shop", "ingest");
    let systems = Systems::start();
    let bundle = cart_bundle(&systems.uri(), 1);
    let (release, body) = release_body(&bundle, "cart_recovery");

    // Without the secrets the release names, the runner refuses it and says which.
    let runner = Runner::start(&db, &[]);
    let (status, e) = pv(&runner, &ops, &body, 1);
    assert_eq!(status, 422, "{e}");
    assert_eq!(e["code"], "MISSING_SECRET");
    let message = e["message"].as_str().unwrap();
    assert!(
        message.contains("`messaging_client_secret`") && message.contains("`orders_api_key`"),
        "{message}"
    );
    runner.stop();

    // With secrets bound only to the sample's hosts, the release (which sends them to the
    // stand-in systems) is refused, each place named, before anyone flows through it.
    let runner = Runner::start(&db, &secrets(None));
    let (status, e) = pv(&runner, &ops, &body, 1);
    assert_eq!(status, 422, "{e}");
    assert_eq!(e["code"], "SECRET_NOT_BOUND");
    let refused: Vec<&str> = e["detail"]["refused"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r.as_str().unwrap())
        .collect();
    assert_eq!(refused.len(), 2, "{refused:?}");
    assert!(
        refused[0]
            .starts_with("action:send_reminder auth.request.body.client_secret: secret `messaging_client_secret`")
            && refused[0].contains(&systems.uri()),
        "{refused:?}"
    );
    assert!(
        refused[1].starts_with("dataSource:orders auth.secret: secret `orders_api_key`"),
        "{refused:?}"
    );
    runner.stop();

    let runner = Runner::start(&db, &secrets(Some(&systems)));
    let (status, e) = pv(&runner, &ops, &body, 1);
    assert_eq!(status, 201, "{e}");
    assert_eq!(e["versions"][0]["state"], "live");
    assert_eq!(e["versions"][0]["sha256"], release.sha256);
    // The same content again: nothing changes.
    let (status, _) = pv(&runner, &ops, &body, 1);
    assert_eq!(status, 200);
    // The same version with other content.
    let (_, other) = release_body(&cart_bundle(&systems.uri(), 2), "cart_recovery");
    let (status, e) = pv(&runner, &ops, &other, 1);
    assert_eq!(status, 409, "{e}");
    assert_eq!(e["code"], "CONFLICT");
    // Content changed after it was frozen.
    let mut tampered = body.clone();
    tampered["release"]["content"]["actions"][0]["url"] = json!("https://elsewhere.example/steal");
    let (status, e) = pv(&runner, &ops, &tampered, 1);
    assert_eq!((status, e["path"].as_str()), (422, Some("sha256")), "{e}");
    // Validation errors come back as diagnostics.
    let mut broken = cart_bundle(&systems.uri(), 1);
    let v = &mut broken.journeys[0].versions[0];
    v.version = 2;
    v.edges.retain(|e| e.from != "wait_1h");
    let (_, broken_body) = release_body(&broken, "cart_recovery");
    let (status, e) = pv(&runner, &ops, &broken_body, 2);
    assert_eq!(status, 422, "{e}");
    assert_eq!(e["code"], "VALIDATION_FAILED");
    assert!(e["detail"]["diagnostics"][0]["code"].is_string(), "{e}");
    // The URL and the release must agree.
    let (status, e) = pv(&runner, &ops, &body, 7);
    assert_eq!((status, e["path"].as_str()), (422, Some("release.journey")), "{e}");

    // v2 closes v1 (the release's drain choice).
    let v2 = json!({"release": release.renumbered(2), "drain": "closePrevious"});
    let (status, e) = pv(&runner, &ops, &v2, 2);
    assert_eq!(status, 201, "{e}");
    let states: Vec<(u64, String)> = e["versions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| (v["version"].as_u64().unwrap(), v["state"].as_str().unwrap().to_string()))
        .collect();
    assert_eq!(states, [(1, "closed".to_string()), (2, "live".to_string())]);

    // Control moves, with their refusals.
    let (status, e) = runner.send(&ops, "POST", "/v1/journeys/cart_recovery/pause", &json!({}));
    assert_eq!(status, 200, "{e}");
    assert_eq!(e["versions"][1]["state"], "paused");
    assert!(e["versions"][1]["pausedAt"].is_string());
    let (status, e) = runner.send(&ops, "POST", "/v1/journeys/cart_recovery/pause", &json!({}));
    assert_eq!(status, 409, "{e}");
    assert!(e["message"].as_str().unwrap().contains("v2 paused"), "{e}");
    let (status, _) = runner.send(&ops, "POST", "/v1/journeys/cart_recovery/resume", &json!({}));
    assert_eq!(status, 200);
    let (status, e) = runner.send(&ops, "POST", "/v1/journeys/cart_recovery/explode", &json!({}));
    assert_eq!(status, 404, "{e}");
    let (status, e) = runner.send(&ops, "POST", "/v1/journeys/nobody/close", &json!({}));
    assert_eq!(status, 404, "{e}");
    let (status, e) = runner.send(&shop, "POST", "/v1/journeys/cart_recovery/stop", &json!({}));
    assert_eq!(status, 403, "{e}");
    assert!(
        e["message"]
            .as_str()
            .unwrap()
            .contains("`web-shop` has no `control` scope"),
        "{e}"
    );

    // Every publish and move is in the audit log under the token's name.
    let (_, audit) = runner.get(&ops, "/v1/audit?journey=cart_recovery");
    let lines: Vec<(String, String, u64)> = audit
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["actor"].as_str().unwrap().to_string(),
                l["action"].as_str().unwrap().to_string(),
                l["version"].as_u64().unwrap(),
            )
        })
        .collect();
    let ops_team = || "ops-team".to_string();
    assert_eq!(
        lines,
        [
            (ops_team(), "publish".to_string(), 1),
            (ops_team(), "publish".to_string(), 2),
            (ops_team(), "pause".to_string(), 2),
            (ops_team(), "resume".to_string(), 2),
        ]
    );
    // State survives a restart.
    runner.stop();
    let runner = Runner::start(&db, &secrets(Some(&systems)));
    let (_, j) = runner.get(&ops, "/v1/journeys/cart_recovery");
    assert_eq!(j["versions"][1]["state"], "live");
    runner.stop();
}

#[test]
fn an_abandoned_cart_gets_its_reminder_after_the_wait_native_or_segment_shaped() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("runner.sqlite");
    let ops = token(&db, "ops", "admin");
    let shop = token(&db, "web-shop", "ingest");
    let systems = Systems::start();
    let bundle = cart_bundle(&systems.uri(), 1);
    let runner = Runner::start(&db, &secrets(Some(&systems)));
    let (_, body) = release_body(&bundle, "cart_recovery");
    assert_eq!(pv(&runner, &ops, &body, 1).0, 201);

    // Native: acknowledged once durable; the same id again is not processed twice.
    let event = json!({"id": "evt-ada-1", "payload": cart("ada@example.com", "c-1")});
    let (status, ack) = runner.send(&shop, "POST", "/v1/events", &event);
    assert_eq!(
        (status, ack.clone()),
        (200, json!({"accepted": 1, "duplicates": 0})),
        "{ack}"
    );
    let (_, ack) = runner.send(&shop, "POST", "/v1/events", &event);
    assert_eq!(ack, json!({"accepted": 0, "duplicates": 1}));

    // Segment: HTTP Basic with the write key as user name, a track named as the event.
    let basic = base64::engine::general_purpose::STANDARD.encode(format!("{shop}:"));
    let track = json!({
        "type": "track",
        "event": "cart_abandoned",
        "userId": "u-42",
        "messageId": "msg-bo-1",
        "timestamp": "2026-12-04T10:00:00Z",
        "properties": cart("bo@example.com", "c-2"),
    });
    for _ in 0..2 {
        let r = http()
            .post(runner.url("/v1/batch"))
            .header("Authorization", format!("Basic {basic}"))
            .json(&json!({"batch": [track.clone()], "sentAt": "2026-12-04T10:00:01Z"}))
            .send()
            .unwrap();
        assert_eq!(r.status(), 200);
        assert_eq!(r.json::<Value>().unwrap(), json!({"success": true}));
    }

    poll("both reminders are sent", std::time::Duration::from_secs(20), || {
        systems.messages().len() >= 2
    });
    let messages = systems.messages();
    assert_eq!(messages.len(), 2, "{messages:?}");
    let by_person: BTreeMap<String, (String, Value)> = messages
        .into_iter()
        .map(|(key, body)| (body["to"].as_str().unwrap().to_string(), (key, body)))
        .collect();
    let (key, ada) = &by_person["ada@example.com"];
    assert_eq!(ada["template"], "cart_reminder");
    assert_eq!(ada["variables"]["cartTotal"], 84.5);
    assert_eq!(ada["variables"]["itemCount"], 1);
    assert!(!key.is_empty());
    assert_ne!(key, &by_person["bo@example.com"].0, "one key per person and step");

    poll("everyone has left", std::time::Duration::from_secs(20), || {
        runner.report(&ops, "cart_recovery")["totals"]["waitingNow"] == 0
    });
    let report = runner.report(&ops, "cart_recovery");
    assert_eq!(report["totals"]["entered"], 2, "{report}");
    assert_eq!(report["totals"]["finished"], 2, "{report}");
    let remind = activity(&report, 1, "remind");
    assert_eq!(remind["exited"]["success"], 2, "{report}");
    assert_eq!(runner.metric(&ops, "parcours_events_duplicate_total"), 2);
    assert_eq!(runner.metric(&ops, "parcours_outbox_size"), 0);

    // Time buckets for charts: by minute, and nothing from a time after the events.
    let (status, by_minute) = runner.get(&ops, "/v1/journeys/cart_recovery/report?bucket=minute");
    assert_eq!(status, 200, "{by_minute}");
    assert_eq!(by_minute["bucket"], "minute");
    let entered: Vec<&Value> = by_minute["series"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["measure"] == "entered" && p["activity"] == "start")
        .collect();
    assert!(!entered.is_empty(), "{by_minute}");
    for p in &entered {
        let start = chrono::DateTime::parse_from_rfc3339(p["start"].as_str().unwrap()).unwrap();
        assert_eq!(start.timestamp() % 60, 0, "{p}");
    }
    assert_eq!(entered.iter().map(|p| p["count"].as_u64().unwrap()).sum::<u64>(), 2);
    let later = (chrono::Utc::now() + chrono::Duration::hours(2)).to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let (_, none) = runner.get(&ops, &format!("/v1/journeys/cart_recovery/report?from={later}"));
    assert_eq!(none["series"], json!([]), "{none}");
    let (status, e) = runner.get(&ops, "/v1/journeys/cart_recovery/report?bucket=week");
    assert_eq!((status, e["path"].as_str()), (400, Some("bucket")), "{e}");
    assert!(
        e["message"].as_str().unwrap().contains("expected `minute` or `hour`"),
        "{e}"
    );

    // The same figures as CSV.
    let csv = http()
        .get(runner.url("/v1/journeys/cart_recovery/report"))
        .bearer_auth(&ops)
        .header("Accept", "text/csv")
        .send()
        .unwrap()
        .text()
        .unwrap();
    assert!(
        csv.starts_with("period_start,version,activity,measure,key,count\n"),
        "{csv}"
    );
    assert!(csv.contains("\n,1,remind,exited,success,2\n"), "{csv}");
    runner.stop();
}

fn activity<'a>(report: &'a Value, version: u64, id: &str) -> &'a Value {
    let v = report["versions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["version"] == version)
        .unwrap();
    v["activities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == id)
        .unwrap()
}

#[test]
fn report_counts_equal_what_the_simulator_reports_for_the_same_events() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("runner.sqlite");
    let ops = token(&db, "ops", "admin");
    let systems = Systems::start();
    let bundle = cart_bundle(&systems.uri(), 1);
    let events = [
        cart("ada@example.com", "c-1"),
        cart("bo@example.com", "c-2-paid"),
        cart("lin@bounce.example", "c-3"),
        cart("ada@example.com", "c-4"),
        json!({"eventType": "page.viewed", "email": "cy@example.com"}),
        json!({"eventType": "cart.abandoned", "email": 7}),
    ];

    let runner = Runner::start(&db, &secrets(Some(&systems)));
    let (_, body) = release_body(&bundle, "cart_recovery");
    assert_eq!(pv(&runner, &ops, &body, 1).0, 201);
    let batch: Vec<Value> = events.iter().map(|p| json!({"payload": p})).collect();
    let (status, ack) = runner.send(&ops, "POST", "/v1/events", &json!({"events": batch}));
    assert_eq!(status, 200, "{ack}");
    poll("everyone has left", std::time::Duration::from_secs(30), || {
        let r = runner.report(&ops, "cart_recovery");
        r["totals"]["entered"] == 3 && r["totals"]["waitingNow"] == 0
    });
    let live = runner.report(&ops, "cart_recovery");
    runner.stop();

    let bound = Binding::written(&[systems.uri()]).unwrap();
    let secrets: HashMap<String, Secret> = [
        ("orders_api_key".to_string(), Secret::new("k-orders", bound.clone())),
        ("messaging_client_secret".to_string(), Secret::new("s-messaging", bound)),
    ]
    .into();
    let start = chrono::Utc::now();
    let mut sim = Simulator::new(
        &bundle,
        "cart_recovery",
        Options {
            seed: 0,
            start,
            trace: false,
            real: Some(RealCalls(Arc::new(secrets))),
        },
    )
    .unwrap();
    for (i, payload) in events.iter().enumerate() {
        let event = TestEvent {
            at: start,
            event: None,
            payload: Some(payload.clone()),
            overrides: None,
            profile: None,
        };
        sim.push_event(i, &event).unwrap();
    }
    sim.run();
    let simulated = sim.report();

    let nodes = &simulated.nodes["cart_recovery"];
    for a in activities(&live, 1) {
        let id = a["id"].as_str().unwrap();
        let s = nodes.get(id).cloned().unwrap_or_default();
        assert_eq!(a["entered"], s.entered, "{id} entered");
        assert_eq!(a["waitingNow"], s.waiting, "{id} waiting");
        assert_eq!(a["errors"], s.errors, "{id} errors");
        assert_eq!(a["timeouts"], s.timeouts, "{id} timeouts");
        assert_eq!(a["exited"], json!(s.exited), "{id} exits");
        assert_eq!(a["failedCalls"], json!(s.failed_calls), "{id} failed calls");
    }
    let totals = &simulated.journeys["cart_recovery"];
    assert_eq!(live["totals"]["entered"], totals.entered);
    assert_eq!(live["totals"]["finished"], totals.finished);
    assert_eq!(live["totals"]["exitedEarly"], totals.exited_early);
    assert_eq!(live["totals"]["errors"], totals.errors);
    let mut discards: BTreeMap<String, u64> = serde_json::from_value(live["totals"]["discarded"].clone()).unwrap();
    let other: BTreeMap<String, u64> = serde_json::from_value(live["unattributedDiscards"].clone()).unwrap();
    for (k, n) in other {
        *discards.entry(k).or_default() += n;
    }
    assert_eq!(discards, simulated.discarded);
    // The figures are not trivially equal: every path and discard happened.
    assert_eq!(
        activity(&live, 1, "remind")["exited"],
        json!({"success": 1, "error": 1})
    );
    assert_eq!(activity(&live, 1, "end_paid")["entered"], 1);
    assert_eq!(discards.len(), 3, "{discards:?}");
}

fn activities(report: &Value, version: u64) -> Vec<Value> {
    report["versions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["version"] == version)
        .unwrap()["activities"]
        .as_array()
        .unwrap()
        .clone()
}

#[test]
fn a_release_printed_by_the_cli_is_what_the_runner_takes() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("team.sqlite").display().to_string();
    let example = format!("{EXAMPLES}/cart_abandonment.parcours.json");
    let out = parcours(&["import", &example, "--db", &ws]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let out = parcours(&["release", "--db", &ws, "--journey", "cart_recovery", "--version", "1"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let release: Value = serde_json::from_slice(&out.stdout).unwrap();
    // Versions that were never published have no release: said, with the journey.
    let out = parcours(&["release", "--db", &ws, "--journey", "cart_recovery", "--version", "9"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("9"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let db = dir.path().join("runner.sqlite");
    let ops = token(&db, "ops", "publish,read");
    let runner = Runner::start(&db, &secrets(None));
    let (status, e) = pv(&runner, &ops, &json!({"release": release}), 1);
    assert_eq!(status, 201, "{e}");
    assert_eq!(e["versions"][0]["sha256"], release["sha256"]);
    runner.stop();
}

#[test]
fn segments_own_node_sdk_reaches_the_journey_by_changing_only_its_host() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("runner.sqlite");
    let ops = token(&db, "ops", "publish,read");
    let write_key = token(&db, "web-shop", "ingest");
    let systems = Systems::start();
    let runner = Runner::start(&db, &secrets(Some(&systems)));
    let (_, body) = release_body(&cart_bundle(&systems.uri(), 3600), "cart_recovery");
    assert_eq!(pv(&runner, &ops, &body, 1).0, 201);

    let track = |user: &str, email: &str, cart_id: &str, message_id: &str| {
        json!({"call": "track", "message": {
            "userId": user, "event": "cart_abandoned", "messageId": message_id,
            "properties": cart(email, cart_id),
        }})
    };
    let calls = json!([
        track("u-1", "ada@example.com", "c-1", "m-1"),
        track("u-2", "bo@example.com", "c-2", "m-2"),
        // A retry the SDK's caller made: the same messageId is not processed twice.
        track("u-1", "ada@example.com", "c-1", "m-1"),
        {"call": "identify", "message": {"userId": "u-3", "traits": {"email": "cy@example.com"}}},
        {"call": "page", "message": {"userId": "u-3", "name": "Home"}},
    ]);
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/segment_sdk.cjs");
    let mut child = std::process::Command::new("node")
        .args([script, &runner.base, &write_key])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("node runs (cargo xtask test installs it with the UI's packages)");
    use std::io::Write as _;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(calls.to_string().as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("POST http://127.0.0.1:"),
        "the SDK sent to the runner: {stdout}"
    );

    poll("both shoppers are waiting", std::time::Duration::from_secs(10), || {
        runner.report(&ops, "cart_recovery")["totals"]["waitingNow"] == 2
    });
    let report = runner.report(&ops, "cart_recovery");
    assert_eq!(report["totals"]["entered"], 2, "{report}");
    assert_eq!(runner.metric(&ops, "parcours_events_duplicate_total"), 1);
    runner.stop();
}
