//! `cargo xtask chaos`, runner part: the real runner binary on loopback, fed 1,200 people
//! while it is killed -9 every 10 s and restarted on the same port, its messaging API
//! answering 30% 503 and 5% too slowly (a timeout). Every acknowledged person must
//! finish (an end reached, nobody waiting, nothing left to send), and no person's step
//! may be called with a second idempotency key: a call repeated after a crash or a retry
//! keeps its key.
//!
//! Not criterion: the figures are counts, and one run is the measurement.

#[path = "../tests/runner_support/mod.rs"]
mod runner_support;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use runner_support::*;
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, Request, Respond, ResponseTemplate};

const PEOPLE: u64 = 1_200;
const KILL_EVERY: Duration = Duration::from_secs(10);
const DEADLINE: Duration = Duration::from_secs(900);

/// 6 in 20 answers are 503, 1 in 20 is slower than the action's 1 s timeout.
struct Flaky(AtomicU64);

impl Respond for Flaky {
    fn respond(&self, _: &Request) -> ResponseTemplate {
        match self.0.fetch_add(1, Ordering::Relaxed) % 20 {
            0..=5 => ResponseTemplate::new(503),
            6 => ResponseTemplate::new(202).set_delay(Duration::from_secs(3)),
            _ => ResponseTemplate::new(202).set_body_json(json!({"queued": true})),
        }
    }
}

fn free_port() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
    listener.local_addr().expect("an address").to_string()
}

fn main() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let db = dir.path().join("runner.sqlite");
    let ops = token(&db, "ops", "admin");
    let systems = Systems::start();
    systems.rt.block_on(
        Mock::given(method("POST"))
            .and(path("/v1/messages"))
            .respond_with(Flaky(AtomicU64::new(0)))
            .with_priority(1)
            .mount(&systems.server),
    );
    let listen = free_port();
    let env = secrets(Some(&systems));
    let mut runner = Runner::start_at(&db, &env, &[], &listen);
    let mut bundle: Value = serde_json::to_value(cart_bundle(&systems.uri(), 1)).expect("a bundle");
    bundle["actions"][0]["timeoutMs"] = json!(1000);
    let bundle = parcours_model::Bundle::parse(&bundle.to_string()).expect("the bundle");
    let (_, body) = release_body(&bundle, "cart_recovery");
    let (status, e) = runner.send(&ops, "PUT", "/v1/journeys/cart_recovery/versions/1", &body);
    assert_eq!(status, 201, "{e}");

    // One sender, one person a request, through the kills: only a 200 is acknowledged.
    let acked: Arc<Mutex<Vec<String>>> = Arc::default();
    let sending = Arc::new(AtomicBool::new(true));
    let sender = {
        let (acked, sending, url, ops) = (acked.clone(), sending.clone(), runner.url("/v1/events"), ops.clone());
        std::thread::spawn(move || {
            let client = http();
            let mut i = 0;
            while i < PEOPLE {
                let email = format!("p{i}@example.com");
                let body = json!({"id": format!("e-{i}"), "payload": cart(&email, &format!("c-{i}"))});
                match client.post(&url).bearer_auth(&ops).json(&body).send() {
                    Ok(r) if r.status() == 200 => {
                        acked.lock().expect("acks").push(email);
                        i += 1;
                        std::thread::sleep(Duration::from_millis(50));
                    }
                    // Down, or not ready yet: the same event again (its id keeps it once).
                    _ => std::thread::sleep(Duration::from_millis(50)),
                }
            }
            sending.store(false, Ordering::Relaxed);
        })
    };

    let started = Instant::now();
    let mut kills = 0;
    let mut last_kill = Instant::now();
    let settled = |runner: &Runner| {
        let r = runner.report(&ops, "cart_recovery");
        r["totals"]["waitingNow"] == 0
            && r["totals"]["entered"] == json!(PEOPLE)
            && runner.metric(&ops, "parcours_outbox_size") == 0
    };
    loop {
        assert!(
            started.elapsed() < DEADLINE,
            "not settled in {DEADLINE:?}; {}",
            runner.log()
        );
        if !sending.load(Ordering::Relaxed) && settled(&runner) {
            break;
        }
        if last_kill.elapsed() >= KILL_EVERY {
            runner.kill();
            kills += 1;
            runner = Runner::start_at(&db, &env, &[], &listen);
            last_kill = Instant::now();
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    sender.join().expect("the sender");
    let report = runner.report(&ops, "cart_recovery");
    let totals = &report["totals"];
    let elapsed = started.elapsed();

    let acked = acked.lock().expect("acks").clone();
    let mut keys: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let messages = systems.messages();
    for (key, body) in &messages {
        if let Some(to) = body["to"].as_str() {
            keys.entry(to.to_string()).or_default().insert(key.clone());
        }
    }
    let second_keys = keys.values().filter(|k| k.len() > 1).count();
    let finished = totals["finished"].as_u64().unwrap_or(0) + totals["exitedEarly"].as_u64().unwrap_or(0);
    println!(
        "runner chaos: {PEOPLE} people, {kills} kills -9 (one every {} s), messaging 30% 503 and 5% timeouts, {:.0} s",
        KILL_EVERY.as_secs(),
        elapsed.as_secs_f64()
    );
    println!(
        "acknowledged {}, entered {}, finished {finished} (ended {}, left early {}), waiting {}; calls {}, people called with a second key: {second_keys}",
        acked.len(),
        totals["entered"],
        totals["finished"],
        totals["exitedEarly"],
        totals["waitingNow"],
        messages.len()
    );
    runner.stop();
    let lost = acked.len() as u64 - finished.min(acked.len() as u64);
    if lost > 0 || second_keys > 0 || totals["entered"] != json!(acked.len()) {
        eprintln!("runner chaos: people lost or a step called with a second key");
        std::process::exit(1);
    }
}
