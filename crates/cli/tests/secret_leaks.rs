//! A full flow with known secret values, then a grep for them everywhere they must not
//! be: the secrets set from the shell (encrypted file, no keychain), used by a real-call
//! simulation and by the real runner binary calling the stand-in systems (which must
//! receive them: the flow really used them), the workspace exported, published to the
//! runner, listed. The values appear in none of: the workspace file and its WAL, the
//! export, the secrets file, the runner's database and log, any command's output or
//! debug log, the simulation's traces, the status payloads (what IPC carries).

mod runner_support;

use std::io::Write as _;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use runner_support::*;
use serde_json::json;

const ORDERS_KEY: &str = "ok-leak-3c9f1e5a";
const CLIENT_SECRET: &str = "cs-leak-77ab20d4";

struct Shell<'a> {
    dir: &'a Path,
    /// Every byte any command printed, to grep at the end.
    printed: Vec<u8>,
}

impl Shell<'_> {
    fn run(&mut self, args: &[&str], stdin: &str, env: &[(&str, &str)]) -> Output {
        let mut child = Command::new(env!("CARGO_BIN_EXE_parcours"))
            .args(args)
            .env("PARCOURS_KEYCHAIN", "off")
            .env("PARCOURS_SECRETS_FILE", self.dir.join("secrets.enc"))
            .env("PARCOURS_SECRETS_PASSPHRASE", "a long pass phrase")
            .env("RUST_LOG", "debug")
            .envs(env.iter().copied())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
        let out = child.wait_with_output().unwrap();
        self.printed.extend(&out.stdout);
        self.printed.extend(&out.stderr);
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        out
    }
}

fn holds(bytes: &[u8], value: &str) -> bool {
    bytes.windows(value.len()).any(|w| w == value.as_bytes())
}

#[test]
fn known_secret_values_are_used_and_found_nowhere_else() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let systems = Systems::start();
    let ws = d.join("ws.sqlite").display().to_string();
    let bundle_file = d.join("cart.parcours.json");
    std::fs::write(&bundle_file, cart_bundle(&systems.uri(), 1).to_canonical_json()).unwrap();
    let bundle = bundle_file.display().to_string();
    let mut sh = Shell {
        dir: d,
        printed: vec![],
    };

    sh.run(&["import", &bundle, "--db", &ws], "", &[]);
    for (name, value) in [
        ("orders_api_key", ORDERS_KEY),
        ("messaging_client_secret", CLIENT_SECRET),
    ] {
        sh.run(
            &["secret", "set", name, "--origin", &systems.uri(), "--db", &ws],
            &format!("{value}\n"),
            &[],
        );
    }

    // A simulation with real calls: the secrets go to the systems, not into the traces.
    let events = d.join("events.jsonl");
    std::fs::write(
        &events,
        format!(
            "{}\n",
            json!({"at": "2026-01-15T09:00:00Z", "event": "cart_abandoned", "payload": cart("ada@example.com", "c-1")})
        ),
    )
    .unwrap();
    let simulated = sh.run(
        &[
            "simulate",
            &bundle,
            "--journey",
            "cart_recovery",
            "--events",
            &events.display().to_string(),
            "--real",
            "--json",
        ],
        "",
        &[],
    );
    let report = String::from_utf8_lossy(&simulated.stdout);
    assert!(report.contains("\"traces\""), "{report}");

    // Export, status listing (the payloads the app's IPC carries), publish to a runner.
    let export = d.join("export.parcours.json");
    sh.run(
        &["export", "--db", &ws, "--out", &export.display().to_string()],
        "",
        &[],
    );
    sh.run(&["secret", "list", "--json", "--db", &ws], "", &[]);
    let runner_db = d.join("runner.sqlite");
    let ops = token(&runner_db, "ops", "admin");
    let uri = systems.uri();
    let runner_env = [
        ("PARCOURS_SECRET_ORDERS_API_KEY", ORDERS_KEY.to_string()),
        ("PARCOURS_ORIGINS_ORDERS_API_KEY", uri.clone()),
        ("PARCOURS_SECRET_MESSAGING_CLIENT_SECRET", CLIENT_SECRET.to_string()),
        ("PARCOURS_ORIGINS_MESSAGING_CLIENT_SECRET", uri.clone()),
        ("RUST_LOG", "debug".to_string()),
    ];
    let runner = Runner::start(&runner_db, &runner_env);
    let token_env = [("PARCOURS_RUNNER_TOKEN_LOCAL", ops.as_str())];
    sh.run(&["runner", "add", "local", &runner.base, "--db", &ws], "", &token_env);
    sh.run(&["new-version", "--journey", "cart_recovery", "--db", &ws], "", &[]);
    sh.run(
        &[
            "publish",
            "--journey",
            "cart_recovery",
            "--runner",
            "local",
            "--db",
            &ws,
        ],
        "",
        &token_env,
    );
    let event = json!({"id": "e-1", "payload": cart("bea@example.com", "c-2")});
    assert_eq!(runner.send(&ops, "POST", "/v1/events", &event).0, 200);
    poll("the runner sends the reminder", Duration::from_secs(20), || {
        systems.messages().iter().any(|(_, m)| m["to"] == "bea@example.com")
    });
    let runner_log = runner.log();
    runner.stop();

    // The flow used the values: the systems received each, from the simulation and the
    // runner (a token request and an order lookup from each).
    let requests = systems.rt.block_on(systems.server.received_requests()).unwrap();
    for (path, at_least) in [
        ("/oauth/token", 2),
        ("/api/carts/c-1/order", 1),
        ("/api/carts/c-2/order", 1),
    ] {
        let n = requests.iter().filter(|r| r.url.path() == path).count();
        assert!(n >= at_least, "{path}: {n} requests");
    }
    let received: Vec<u8> = requests
        .iter()
        .flat_map(|r| {
            let mut bytes = format!("{:?}", r.headers).into_bytes();
            bytes.extend(&r.body);
            bytes
        })
        .collect();
    for value in [ORDERS_KEY, CLIENT_SECRET] {
        assert!(
            holds(&received, value),
            "the systems never received {value}: the flow did not use it"
        );
    }

    // …and nothing else holds them.
    let mut places: Vec<(String, Vec<u8>)> = vec![
        (
            "everything the commands printed (debug logs included)".into(),
            sh.printed.clone(),
        ),
        ("the runner's log".into(), runner_log.into_bytes()),
    ];
    for file in [
        "ws.sqlite",
        "ws.sqlite-wal",
        "export.parcours.json",
        "secrets.enc",
        "runner.sqlite",
        "runner.sqlite-wal",
    ] {
        places.push((file.into(), std::fs::read(d.join(file)).unwrap_or_default()));
    }
    assert!(places.iter().any(|(n, b)| n == "ws.sqlite" && !b.is_empty()));
    for (place, bytes) in &places {
        for value in [ORDERS_KEY, CLIENT_SECRET] {
            assert!(!holds(bytes, value), "{place} holds a secret value");
        }
    }
}
