//! `cargo xtask chaos`: kill -9 at random moments while a process imports, autosaves
//! and publishes into one workspace file, then check the file (`PRAGMA
//! integrity_check`) and that every write the process had acknowledged is there; then
//! two processes writing at once (app-like saves and CLI-like imports, 100 rounds each)
//! must both finish. The writers are children (this binary run again) printing
//! `ack N` once each write has returned, as the app or the CLI would report it.
//!
//! Not criterion: the figures are counts (kills, integrity failures, writes lost), and
//! one run is the measurement.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use parcours_model::{Bundle, Drain};
use parcours_workspace::{Actor, Role, Workspace};

const CART: &str = include_str!("../../../examples/cart_abandonment.parcours.json");
const OPS: [&str; 3] = ["import", "save", "publish"];

fn open(db: &Path) -> Workspace {
    Workspace::open(db, Actor::with_role("chaos", Role::Administrator)).expect("the workspace opens")
}

/// A journeys-only bundle: the cart journey as `name` (its configurations are there).
fn journey_bundle(name: &str) -> String {
    let mut bundle = Bundle::parse(CART).expect("the example");
    bundle.events.clear();
    bundle.data_sources.clear();
    bundle.actions.clear();
    bundle.fixtures.clear();
    bundle.test_profiles.clear();
    bundle.journeys.truncate(1);
    bundle.journeys[0].name = name.to_string();
    bundle.journeys[0].versions.truncate(1);
    bundle.journeys[0].versions[0].status = parcours_model::JourneyStatus::Draft;
    bundle.to_canonical_json()
}

/// In a child: writes numbered from `from`, forever (until killed) or `rounds` times,
/// printing `ack N` after each.
fn child(op: &str, db: &Path, from: u64, rounds: Option<u64>) {
    let mut ws = open(db);
    let mut n = from;
    while rounds.is_none_or(|r| n < from + r) {
        match op {
            "import" => {
                ws.import_bundle_text(&journey_bundle(&format!("imp_{n}")))
                    .expect("an import");
            }
            "save" | "save_b" => {
                let name = if op == "save" { "saved" } else { "saved_b" };
                let mut journey = ws.get_journey(name).expect("the saved journey");
                journey.description = format!("save {n}");
                ws.save_journey(&journey).expect("a save");
            }
            "publish" => {
                if ws
                    .get_journey("pub")
                    .expect("the published journey")
                    .latest()
                    .is_some_and(|v| v.status.is_published())
                {
                    ws.new_version("pub").expect("a new version");
                }
                ws.publish("pub", Drain::ClosePrevious).expect("a publish");
                n = ws
                    .get_journey("pub")
                    .expect("the published journey")
                    .latest()
                    .map_or(n, |v| u64::from(v.version));
            }
            other => panic!("no operation {other}"),
        }
        println!("ack {n}");
        n += 1;
    }
}

/// A small deterministic generator (xorshift): the kill moments of a run can be replayed.
struct Rng(u64);
impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

fn spawn(op: &str, db: &Path, from: u64, rounds: Option<u64>) -> std::process::Child {
    let mut cmd = Command::new(std::env::current_exe().expect("this binary"));
    cmd.args(["--child", op, &db.display().to_string(), &from.to_string()]);
    if let Some(r) = rounds {
        cmd.arg(r.to_string());
    }
    cmd.stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("a child")
}

fn acks(child: &mut std::process::Child) -> Vec<u64> {
    let out = child.stdout.take().expect("piped");
    BufReader::new(out)
        .lines()
        .map_while(Result::ok)
        .filter_map(|l| l.strip_prefix("ack ").and_then(|n| n.parse().ok()))
        .collect()
}

fn integrity(db: &Path) -> bool {
    let conn = rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
        .expect("the file opens read-only");
    conn.query_row("PRAGMA integrity_check", [], |r| r.get::<_, String>(0))
        .is_ok_and(|s| s == "ok")
}

#[derive(Default)]
struct Tally {
    kills: u64,
    acked: u64,
    lost: u64,
}

fn kills(total: u64, seed: u64) -> (BTreeMap<&'static str, Tally>, u64) {
    let dir = tempfile::tempdir().expect("a temp dir");
    let db = dir.path().join("chaos.sqlite");
    {
        let mut ws = open(&db);
        ws.import_bundle_text(CART).expect("the example");
        ws.import_bundle_text(&journey_bundle("saved"))
            .expect("the saved journey");
        ws.import_bundle_text(&journey_bundle("pub"))
            .expect("the published journey");
    }
    let mut rng = Rng(seed | 1);
    let mut tallies: BTreeMap<&str, Tally> = OPS.iter().map(|op| (*op, Tally::default())).collect();
    let mut next: BTreeMap<&str, u64> = OPS.iter().map(|op| (*op, 1)).collect();
    let mut integrity_failures = 0;
    for k in 0..total {
        let op = OPS[(k % 3) as usize];
        let from = next[op];
        let mut child = spawn(op, &db, from, None);
        // Opening, then writes every few milliseconds: kill anywhere in the first 60 ms.
        std::thread::sleep(Duration::from_micros(rng.below(60_000)));
        child.kill().expect("kill -9");
        child.wait().expect("reaped");
        let acked = acks(&mut child);
        if !integrity(&db) {
            integrity_failures += 1;
        }
        let ws = open(&db);
        let tally = tallies.get_mut(op).expect("a tally per op");
        tally.kills += 1;
        tally.acked += acked.len() as u64;
        let lost = match op {
            "import" => acked
                .iter()
                .filter(|n| ws.get_journey(&format!("imp_{n}")).is_err())
                .count() as u64,
            "save" => {
                let description = ws.get_journey("saved").expect("saved").description;
                let stored: u64 = description
                    .strip_prefix("save ")
                    .and_then(|n| n.parse().ok())
                    .unwrap_or(0);
                // The last acknowledged save (or a later one) is what the file holds.
                u64::from(acked.last().is_some_and(|&last| stored < last))
            }
            _ => {
                let journey = ws.get_journey("pub").expect("pub");
                acked
                    .iter()
                    .filter(|&&v| {
                        !journey
                            .versions
                            .iter()
                            .any(|x| u64::from(x.version) == v && x.status.is_published())
                    })
                    .count() as u64
            }
        };
        tally.lost += lost;
        let slot = next.get_mut(op).expect("a counter per op");
        *slot = match op {
            "publish" => 1,
            _ => acked.last().map_or(from, |l| l + 1) + 1,
        };
    }
    (tallies, integrity_failures)
}

fn concurrent(rounds: u64) -> (u64, u64, Duration, bool) {
    let dir = tempfile::tempdir().expect("a temp dir");
    let db = dir.path().join("concurrent.sqlite");
    {
        let mut ws = open(&db);
        ws.import_bundle_text(CART).expect("the example");
        ws.import_bundle_text(&journey_bundle("saved_b"))
            .expect("the saved journey");
    }
    let started = Instant::now();
    let mut saver = spawn("save_b", &db, 1, Some(rounds));
    let mut importer = spawn("import", &db, 1, Some(rounds));
    let saves = acks(&mut saver);
    let imports = acks(&mut importer);
    let ok = saver.wait().expect("saver").success() && importer.wait().expect("importer").success();
    let elapsed = started.elapsed();
    let ws = open(&db);
    let present = imports
        .iter()
        .filter(|n| ws.get_journey(&format!("imp_{n}")).is_ok())
        .count() as u64;
    let last_save = ws.get_journey("saved_b").expect("saved_b").description;
    let ok = ok && last_save == format!("save {rounds}") && integrity(&db);
    (saves.len() as u64, present, elapsed, ok)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--child") {
        let rounds = args.get(i + 4).and_then(|r| r.parse().ok());
        child(
            &args[i + 1],
            Path::new(&args[i + 2]),
            args[i + 3].parse().expect("a start"),
            rounds,
        );
        return;
    }
    let total: u64 = args.iter().skip(1).find_map(|a| a.parse().ok()).unwrap_or(1_000);
    let seed = 0x0005_eedc_4a05_u64;
    let started = Instant::now();
    let (tallies, integrity_failures) = kills(total, seed);
    println!(
        "kill -9 during workspace writes: {total} kills in {:.0} s (seed {seed:#x})",
        started.elapsed().as_secs_f64()
    );
    println!(
        "{:>8}  {:>6}  {:>14}  {:>11}",
        "writes", "kills", "acknowledged", "lost"
    );
    let mut lost = 0;
    for (op, t) in &tallies {
        println!("{op:>8}  {:>6}  {:>14}  {:>11}", t.kills, t.acked, t.lost);
        lost += t.lost;
    }
    println!("integrity_check failures: {integrity_failures}");
    let (saves, imports, elapsed, ok) = concurrent(100);
    println!(
        "two writers at once, 100 rounds each: {saves} saves and {imports} imports acknowledged and present in {:.1} s; {}",
        elapsed.as_secs_f64(),
        if ok { "both finished" } else { "FAILED" }
    );
    if lost > 0 || integrity_failures > 0 || !ok {
        eprintln!("chaos: writes lost or a damaged file");
        std::process::exit(1);
    }
}
