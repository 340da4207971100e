//! What-if runs stream: 10,000, 100,000 and 1,000,000 people on the cart example, each
//! in its own process so its peak memory (VmHWM) is its own. Memory should stay flat as
//! the run grows and time grow linearly; the 10,000-person run is the baseline.
//! Not criterion: one run per size is the measurement (a 1,000,000-person run takes
//! seconds, and a peak is not an average).

use std::process::Command;
use std::sync::atomic::AtomicU64;
use std::time::Instant;

use chrono::{DateTime, Duration, Utc};
use parcours_model::Bundle;
use parcours_simulator::Options;
use parcours_simulator::whatif::{People, what_if};

const CART: &str = include_str!("../../../examples/cart_abandonment.parcours.json");
const SIZES: [u64; 3] = [10_000, 100_000, 1_000_000];

/// Peak resident memory of this process, in MiB (Linux).
fn peak_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

/// In the child: one run of `count` people; prints `seconds peak_mib`.
fn child(count: u64) {
    let bundle = Bundle::parse(CART).expect("the example parses");
    let options = Options {
        seed: 7,
        start: "2026-01-15T09:00:00Z".parse::<DateTime<Utc>>().expect("a time"),
        trace: false,
        real: None,
    };
    let people = People::Synthetic {
        count: count as usize,
        distributions: Default::default(),
    };
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let started = Instant::now();
    let report = what_if(
        &bundle,
        "cart_recovery",
        &people,
        Duration::hours(1),
        &options,
        threads,
        &AtomicU64::new(0),
    )
    .expect("the run");
    let seconds = started.elapsed().as_secs_f64();
    assert_eq!(report.journeys["cart_recovery"].entered, count);
    println!("{seconds} {}", peak_mib());
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(count) = args.iter().position(|a| a == "--child").and_then(|i| args.get(i + 1)) {
        child(count.parse().expect("a count"));
        return;
    }
    println!("what-if on the cart example (cart_recovery), one process per size");
    println!(
        "{:>10}  {:>9}  {:>12}  {:>9}",
        "people", "seconds", "µs a person", "peak MiB"
    );
    for count in SIZES {
        let out = Command::new(std::env::current_exe().expect("this bench"))
            .args(["--child", &count.to_string()])
            .output()
            .expect("the child runs");
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let line = String::from_utf8_lossy(&out.stdout);
        let mut fields = line.split_whitespace().map(|f| f.parse::<f64>().expect("a figure"));
        let (seconds, peak) = (fields.next().expect("seconds"), fields.next().expect("peak"));
        println!(
            "{count:>10}  {seconds:>9.2}  {:>12.2}  {peak:>9.0}",
            seconds * 1e6 / count as f64
        );
    }
}
