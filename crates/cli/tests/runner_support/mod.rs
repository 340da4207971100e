//! The runner as its users run it: the real `parcours runner serve` binary on loopback,
//! a token made with `parcours runner token create`, HTTP from outside, and a wiremock
//! server standing for the order service and the messaging API. Tests poll for the
//! state they need; none sleeps for it.

#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use parcours_model::{Bundle, Release};
use serde_json::{Value, json};
use wiremock::matchers::{method, path, path_regex};
use wiremock::{Mock, MockServer, ResponseTemplate};

pub const EXAMPLES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples");

pub fn parcours(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_parcours"))
        .args(args)
        .output()
        .expect("the binary runs")
}

/// `parcours runner serve` with `args` (`--db`, `--config`), expected to stop before it
/// listens (exit code 2); what it said on stderr.
pub fn serve_refused(args: &[&str]) -> String {
    let out = parcours(&[&["runner", "serve", "--listen", "127.0.0.1:0"], args].concat());
    let err = String::from_utf8_lossy(&out.stderr).to_string();
    assert_eq!(out.status.code(), Some(2), "{err}");
    err
}

/// A token for `db` with `scopes` (comma-separated), made with the CLI.
pub fn token(db: &Path, name: &str, scopes: &str) -> String {
    let out = parcours(&[
        "runner",
        "token",
        "create",
        "--name",
        name,
        "--scope",
        scopes,
        "--db",
        &db.display().to_string(),
    ]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

pub struct Runner {
    child: Child,
    pub base: String,
    pub db: PathBuf,
}

impl Runner {
    /// Starts the runner on a free port with `env` (secrets) and waits until it is ready.
    pub fn start(db: &Path, env: &[(&str, String)]) -> Runner {
        Runner::start_with(db, env, &[])
    }

    pub fn start_with(db: &Path, env: &[(&str, String)], args: &[&str]) -> Runner {
        Runner::start_at(db, env, args, "127.0.0.1:0")
    }

    /// Starts the runner listening on `listen` (a port chosen beforehand).
    pub fn start_at(db: &Path, env: &[(&str, String)], args: &[&str], listen: &str) -> Runner {
        let log = std::fs::File::create(db.with_extension("log")).unwrap();
        let mut child = Command::new(env!("CARGO_BIN_EXE_parcours"))
            .args(["runner", "serve", "--listen", listen, "--db"])
            .arg(db)
            .args(args)
            .envs(env.iter().map(|(k, v)| (k, v)))
            .stdout(Stdio::piped())
            .stderr(log)
            .spawn()
            .expect("the runner starts");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let base = line
            .trim()
            .strip_prefix("parcours runner listening on ")
            .unwrap_or_else(|| panic!("unexpected first line `{line}`; log: {}", log_of(db)))
            .to_string();
        let runner = Runner {
            child,
            base,
            db: db.to_path_buf(),
        };
        poll("the runner is ready", Duration::from_secs(20), || {
            http()
                .get(runner.url("/readyz"))
                .send()
                .is_ok_and(|r| r.status() == 200)
        });
        runner
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// SIGTERM, and waits for a clean exit.
    pub fn stop(mut self) {
        // SAFETY: sending a signal to our own child process.
        unsafe {
            libc::kill(self.child.id() as i32, libc::SIGTERM);
        }
        let status = self.child.wait().unwrap();
        assert!(
            status.success(),
            "the runner exits cleanly on SIGTERM: {status}; {}",
            log_of(&self.db)
        );
    }

    /// SIGKILL: no chance to finish anything.
    pub fn kill(mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }

    pub fn log(&self) -> String {
        log_of(&self.db)
    }

    pub fn get(&self, token: &str, path: &str) -> (u16, Value) {
        let r = http().get(self.url(path)).bearer_auth(token).send().unwrap();
        let status = r.status().as_u16();
        (status, r.json().unwrap_or(Value::Null))
    }

    pub fn send(&self, token: &str, method: &str, path: &str, body: &Value) -> (u16, Value) {
        let m = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
        let r = http()
            .request(m, self.url(path))
            .bearer_auth(token)
            .json(body)
            .send()
            .unwrap();
        let status = r.status().as_u16();
        (status, r.json().unwrap_or(Value::Null))
    }

    pub fn report(&self, token: &str, journey: &str) -> Value {
        let (status, body) = self.get(token, &format!("/v1/journeys/{journey}/report"));
        assert_eq!(status, 200, "{body}");
        body
    }

    /// A figure from `/metrics`.
    pub fn metric(&self, token: &str, name: &str) -> u64 {
        let text = http()
            .get(self.url("/metrics"))
            .bearer_auth(token)
            .send()
            .unwrap()
            .text()
            .unwrap();
        text.lines()
            .find_map(|l| l.strip_prefix(&format!("{name} ")))
            .map(|v| v.trim().parse().unwrap())
            .unwrap_or(0)
    }
}

impl Drop for Runner {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn log_of(db: &Path) -> String {
    std::fs::read_to_string(db.with_extension("log")).unwrap_or_default()
}

pub fn http() -> reqwest::blocking::Client {
    reqwest::blocking::Client::builder()
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap()
}

/// Polls `check` until it holds; fails with `what` after `limit`.
pub fn poll(what: &str, limit: Duration, mut check: impl FnMut() -> bool) {
    let start = Instant::now();
    while !check() {
        assert!(start.elapsed() < limit, "timed out waiting until {what}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// The order service and the messaging API (with its token endpoint), on loopback.
pub struct Systems {
    pub rt: tokio::runtime::Runtime,
    pub server: MockServer,
}

impl Systems {
    /// Carts whose id ends in `-paid` are paid; the messaging API refuses `lin@…` (500).
    pub fn start() -> Systems {
        Systems::start_with(std::time::Duration::ZERO)
    }

    /// [`Systems::start`] with a messaging API that takes `delay` to answer.
    pub fn start_with(delay: std::time::Duration) -> Systems {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        let server = rt.block_on(async {
            let server = MockServer::start().await;
            Mock::given(method("POST"))
                .and(path("/oauth/token"))
                .respond_with(ResponseTemplate::new(200).set_body_json(json!({"access_token": "tok-1"})))
                .mount(&server)
                .await;
            Mock::given(method("GET"))
                .and(path_regex(r"^/api/carts/.*-paid/order$"))
                .respond_with(ResponseTemplate::new(200).set_body_json(json!({"orderId": "o-1", "paid": true})))
                .with_priority(1)
                .mount(&server)
                .await;
            Mock::given(method("GET"))
                .and(path_regex(r"^/api/carts/.*/order$"))
                .respond_with(ResponseTemplate::new(200).set_body_json(json!({"orderId": "o-2", "paid": false})))
                .with_priority(2)
                .mount(&server)
                .await;
            Mock::given(method("POST"))
                .and(path("/v1/messages"))
                .and(wiremock::matchers::body_partial_json(
                    json!({"to": "lin@bounce.example"}),
                ))
                .respond_with(ResponseTemplate::new(500))
                .with_priority(1)
                .mount(&server)
                .await;
            Mock::given(method("POST"))
                .and(path("/v1/messages"))
                .respond_with(
                    ResponseTemplate::new(202)
                        .set_body_json(json!({"queued": true}))
                        .set_delay(delay),
                )
                .with_priority(2)
                .mount(&server)
                .await;
            server
        });
        Systems { rt, server }
    }

    pub fn uri(&self) -> String {
        self.server.uri()
    }

    /// The messages the messaging API received: (Idempotency-Key, body).
    pub fn messages(&self) -> Vec<(String, Value)> {
        let requests = self.rt.block_on(self.server.received_requests()).unwrap_or_default();
        requests
            .into_iter()
            .filter(|r| r.url.path() == "/v1/messages")
            .map(|r| {
                let key = r
                    .headers
                    .get("idempotency-key")
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or_default()
                    .to_string();
                (key, serde_json::from_slice(&r.body).unwrap_or(Value::Null))
            })
            .collect()
    }
}

/// The cart example pointed at `systems`, its wait shortened to `wait_seconds`.
pub fn cart_bundle(systems_uri: &str, wait_seconds: u64) -> Bundle {
    let text = std::fs::read_to_string(format!("{EXAMPLES}/cart_abandonment.parcours.json")).unwrap();
    let mut b: Value = serde_json::from_str(&text).unwrap();
    b["dataSources"][0]["baseUrl"] = json!(format!("{systems_uri}/api"));
    b["actions"][0]["url"] = json!(format!("{systems_uri}/v1/messages"));
    b["actions"][0]["auth"]["request"]["url"] = json!(format!("{systems_uri}/oauth/token"));
    let nodes = b["journeys"][0]["versions"][0]["nodes"].as_array_mut().unwrap();
    for n in nodes {
        if n["activity"]["type"] == "wait" {
            n["activity"]["wait"]["seconds"] = json!(wait_seconds);
        }
    }
    Bundle::parse(&b.to_string()).unwrap()
}

/// The live version of `journey` in `bundle`, frozen, as the PUT body.
pub fn release_body(bundle: &Bundle, journey: &str) -> (Release, Value) {
    let j = bundle.journeys.iter().find(|j| j.name == journey).unwrap();
    let release = Release::freeze(j, j.live().unwrap(), &bundle.catalog()).unwrap();
    let body = json!({"release": release, "drain": "closePrevious"});
    (release, body)
}

/// The runner's secrets for the cart journey, each bound to where the sample sends it
/// and, when given, to the stand-in systems.
pub fn secrets(systems: Option<&Systems>) -> Vec<(&'static str, String)> {
    let with = |sample: &str| match systems {
        Some(s) => format!("{sample},{}", s.uri()),
        None => sample.to_string(),
    };
    vec![
        ("PARCOURS_SECRET_ORDERS_API_KEY", "k-orders".into()),
        ("PARCOURS_ORIGINS_ORDERS_API_KEY", with("https://orders.example.com")),
        ("PARCOURS_SECRET_MESSAGING_CLIENT_SECRET", "s-messaging".into()),
        (
            "PARCOURS_ORIGINS_MESSAGING_CLIENT_SECRET",
            with("https://auth.messaging.example.com"),
        ),
    ]
}

/// A cart-abandoned payload for `email`.
pub fn cart(email: &str, cart_id: &str) -> Value {
    json!({
        "eventType": "cart.abandoned",
        "email": email,
        "cartId": cart_id,
        "abandonedAt": "2026-12-04T10:00:00Z",
        "cart": {"total": 84.5, "currency": "EUR", "items": [{"sku": "a", "quantity": 2, "price": 42.25}]}
    })
}

/// Publishes the cart example (pointed at `systems`, its wait `wait_seconds`) as v1.
pub fn publish_cart(runner: &Runner, token: &str, systems: &Systems, wait_seconds: u64) {
    let (_, body) = release_body(&cart_bundle(&systems.uri(), wait_seconds), "cart_recovery");
    let (status, e) = runner.send(token, "PUT", "/v1/journeys/cart_recovery/versions/1", &body);
    assert_eq!(status, 201, "{e}");
}

/// A runner as most tests want it: a fresh database with an `ops` (admin) token, the
/// systems on loopback, the runner started with the secrets, the cart example published
/// as v1 with its wait shortened to `wait_seconds`. Fields drop in order: the runner
/// first, the directory last.
pub struct CartRun {
    pub runner: Runner,
    pub systems: Systems,
    pub ops: String,
    pub db: PathBuf,
    pub dir: tempfile::TempDir,
}

pub fn cart_run(wait_seconds: u64) -> CartRun {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("runner.sqlite");
    let ops = token(&db, "ops", "admin");
    let systems = Systems::start();
    let runner = Runner::start(&db, &secrets(Some(&systems)));
    publish_cart(&runner, &ops, &systems, wait_seconds);
    CartRun {
        runner,
        systems,
        ops,
        db,
        dir,
    }
}
