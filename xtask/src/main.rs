//! `cargo xtask`: the project's automation, in Rust so it runs wherever cargo does.
//!
//! - `run`: install what is missing, build the UI and the app, start it on the sample workspace.
//! - `test [STEP…]`: everything CI checks (`.ci/run` calls only this), or only the steps
//!   named (`cargo xtask test real-window`).
//! - `bench`: the criterion benchmarks.
//! - `bindings`: regenerate the TypeScript IPC types from the Rust types.
//! - `fuzz [CASES]`: the fuzz targets (`crates/fuzz`) for a long run, in release mode.
//! - `chaos [KILLS]`: kill -9 during workspace writes, then concurrent writers.

mod panics;
mod setup;
mod steps;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("run") => steps::run(),
        Some("test") => steps::test(&args[1..]),
        Some("bench") => steps::bench(&args[1..]),
        Some("bindings") => steps::bindings(),
        Some("fuzz") => steps::fuzz(args.get(1).map(String::as_str)),
        Some("chaos") => steps::chaos(args.get(1).map(String::as_str)),
        _ => {
            let steps: Vec<&str> = steps::TEST_STEPS.iter().map(|(k, _)| *k).collect();
            eprintln!(
                "usage: cargo xtask <run | test [STEP…] | bench [criterion args] | bindings | fuzz [CASES] | chaos [KILLS]>"
            );
            eprintln!("test steps: {}", steps.join(", "));
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("\nxtask: {message}");
            ExitCode::FAILURE
        }
    }
}
