//! The commands themselves: each is a list of named steps that stops at the first
//! failure and says which one failed.

use std::path::PathBuf;
use std::process::Command;
use std::time::Instant;

use crate::setup;

pub type Result<T = ()> = std::result::Result<T, String>;

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        // Invariant: the xtask manifest sits in a folder of the repository.
        .unwrap()
        .to_path_buf()
}

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target"))
}

/// Runs a command from the repository root (unless it has its own directory).
pub fn sh(cmd: &mut Command) -> Result {
    if cmd.get_current_dir().is_none() {
        cmd.current_dir(root());
    }
    let shown = format!("{cmd:?}");
    let status = cmd.status().map_err(|e| format!("cannot start {shown}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("failed: {shown} ({status})"))
    }
}

fn cargo(args: &[&str]) -> Command {
    let mut cmd = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    cmd.args(args);
    cmd
}

/// `cargo args` under a virtual display (Xvfb), for the real app window, with tauri-driver.
fn cargo_under_xvfb(args: &[&str], driver: &std::path::Path) -> Command {
    let mut cmd = Command::new("xvfb-run");
    cmd.args(["-a", "--server-args=-screen 0 1400x900x24"])
        .arg(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(args)
        .env("TAURI_DRIVER", driver);
    cmd
}

fn npm(script: &str) -> Command {
    let mut cmd = Command::new("npm");
    cmd.args(["run", "--silent", script]).current_dir(root().join("ui"));
    cmd
}

fn step(name: &str, f: impl FnOnce() -> Result) -> Result {
    eprintln!("\n==> {name}");
    let start = Instant::now();
    f().map_err(|e| format!("step `{name}` failed: {e}"))?;
    eprintln!("<== {name}: ok in {:.1}s", start.elapsed().as_secs_f64());
    Ok(())
}

fn has_display() -> bool {
    std::env::var_os("DISPLAY").is_some() || std::env::var_os("WAYLAND_DISPLAY").is_some()
}

fn app_binary() -> PathBuf {
    target_dir().join("debug/parcours-app")
}

fn build_app() -> Result {
    step("build UI", || sh(&mut npm("build")))?;
    step("build app", || sh(&mut cargo(&["build", "-p", "parcours-app"])))
}

pub fn run() -> Result {
    step("install system packages", setup::system_packages)?;
    step("install UI packages", setup::ui_packages)?;
    build_app()?;
    eprintln!("\nStarting Parcours (first start imports the sample journeys from examples/)");
    let mut cmd = if has_display() {
        Command::new(app_binary())
    } else {
        eprintln!("xtask: no DISPLAY: starting the app inside Xvfb (nothing will be visible)");
        let mut c = Command::new("xvfb-run");
        c.arg("-a").arg(app_binary());
        c
    };
    sh(&mut cmd)
}

/// What `cargo xtask test` checks, in order: (name for `cargo xtask test NAME`, what it is).
pub const TEST_STEPS: &[(&str, &str)] = &[
    ("fmt", "rustfmt"),
    (
        "panics",
        "every expect/unwrap/panic in shipped code names its invariant",
    ),
    ("typecheck", "UI typecheck"),
    ("lint", "UI lint"),
    ("ui-unit", "UI unit tests"),
    ("browser", "UI browser test (Chromium, mocked IPC)"),
    ("config", "configuration forms browser test (Chromium, mocked IPC)"),
    (
        "analysis",
        "what-if and coverage panels browser test (Chromium, mocked IPC)",
    ),
    (
        "testdata",
        "test profiles and fixtures browser test (Chromium, mocked IPC)",
    ),
    ("report", "live report screen browser test (Chromium, mocked IPC)"),
    ("live", "canvas Live view browser test (Chromium, mocked IPC)"),
    (
        "runners",
        "runners and publishing to them browser test (Chromium, mocked IPC)",
    ),
    (
        "roles",
        "roles and the Users screen browser test (Chromium, mocked IPC)",
    ),
    (
        "secrets",
        "secrets, origins and file doors browser test (Chromium, mocked IPC)",
    ),
    (
        "testmode",
        "test mode (schema form, reactions) and 1200x800 layout browser test (Chromium, mocked IPC)",
    ),
    (
        "journey",
        "journey properties, data lookups and jump targets browser test (Chromium, mocked IPC)",
    ),
    (
        "expressions",
        "expression editor (fields in scope, functions, event ID condition) browser test (Chromium, mocked IPC)",
    ),
    ("clippy", "clippy"),
    ("rust", "Rust tests (incl. bindings and schema freshness)"),
    (
        "real-window",
        "real-window test (tauri-driver + WebKitWebDriver under Xvfb)",
    ),
];

fn run_test_step(key: &str, driver: &std::path::Path) -> Result {
    match key {
        "fmt" => sh(&mut cargo(&["fmt", "--all", "--", "--check"])),
        "panics" => crate::panics::check(&root()),
        "typecheck" => sh(&mut npm("typecheck")),
        "lint" => sh(&mut npm("lint")),
        "ui-unit" => sh(&mut npm("test")),
        "browser" => sh(&mut npm("test:browser")),
        "config" => sh(&mut npm("test:config")),
        "analysis" => sh(&mut npm("test:analysis")),
        "testdata" => sh(&mut npm("test:testdata")),
        "report" => sh(&mut npm("test:report")),
        "live" => sh(&mut npm("test:live")),
        "runners" => sh(&mut npm("test:runners")),
        "roles" => sh(&mut npm("test:roles")),
        "secrets" => sh(&mut npm("test:secrets")),
        "testmode" => sh(&mut npm("test:testmode")),
        "journey" => sh(&mut npm("test:journey")),
        "expressions" => sh(&mut npm("test:expressions")),
        "clippy" => sh(&mut cargo(&[
            "clippy",
            "--workspace",
            "--all-targets",
            "--features",
            "parcours-app/e2e",
            "--",
            "-D",
            "warnings",
        ])),
        "rust" => sh(&mut cargo(&["test", "--workspace"])),
        // Same workspace-wide feature resolution as the step above: nothing rebuilds
        // but the app binary itself. One app window at a time: two would share the 2
        // cores and the display.
        "real-window" => {
            // The runner window test starts the real runner: the `parcours` binary.
            sh(&mut cargo(&["build", "-p", "parcours-cli"]))?;
            sh(&mut cargo_under_xvfb(
                &[
                    "test",
                    "--workspace",
                    "--features",
                    "parcours-app/e2e",
                    "--test",
                    "real_window",
                    "--test",
                    "lifecycle_window",
                    "--test",
                    "runner_window",
                    "--test",
                    "access_window",
                    "--test",
                    "business_window",
                    "--",
                    "--nocapture",
                    "--test-threads=1",
                ],
                driver,
            ))
        }
        other => Err(format!("no test step `{other}`")),
    }
}

/// Every check, or only the steps named (`cargo xtask test real-window`); what they
/// need (packages, tauri-driver, the built UI) is installed or built first either way.
pub fn test(only: &[String]) -> Result {
    let start = Instant::now();
    if let Some(unknown) = only.iter().find(|k| !TEST_STEPS.iter().any(|(key, _)| key == k)) {
        let names: Vec<&str> = TEST_STEPS.iter().map(|(k, _)| *k).collect();
        return Err(format!("no test step `{unknown}`; the steps are: {}", names.join(", ")));
    }
    step("install system packages", setup::system_packages)?;
    let driver = {
        let mut path = None;
        step("install tauri-driver", || {
            path = Some(setup::tauri_driver()?);
            Ok(())
        })?;
        // Invariant: the step closure above sets it or fails the step.
        path.expect("set by the step")
    };
    step("install UI packages", setup::ui_packages)?;
    // The browser tests and the app serve ui/dist: built before any step that needs it.
    let needs_dist = [
        "browser",
        "config",
        "analysis",
        "testdata",
        "live",
        "runners",
        "roles",
        "secrets",
        "testmode",
        "journey",
        "expressions",
        "rust",
        "real-window",
        "clippy",
    ];
    let mut built = false;
    for (key, name) in TEST_STEPS {
        if !only.is_empty() && !only.iter().any(|k| k == key) {
            continue;
        }
        if !built && needs_dist.contains(key) {
            step("build UI", || sh(&mut npm("build")))?;
            built = true;
        }
        step(name, || run_test_step(key, &driver))?;
    }
    eprintln!(
        "\nall checks passed in {:.0}s; screenshots in {}",
        start.elapsed().as_secs_f64(),
        root().join("tests/artifacts").display()
    );
    Ok(())
}

pub fn bench(extra: &[String]) -> Result {
    step("install system packages", setup::system_packages)?;
    let benches: [(&str, &str, &str); 4] = [
        (
            "store: validate, save and load a 1,000-node journey",
            "parcours-store",
            "journey_1000",
        ),
        (
            "engine: transitions and what-if runs, with the naive baseline",
            "parcours-simulator",
            "engine",
        ),
        (
            "what-if memory and time: 10,000, 100,000 and 1,000,000 people",
            "parcours-simulator",
            "whatif_memory",
        ),
        (
            "publish: a 1,000-activity journey frozen, hashed and stored",
            "parcours-workspace",
            "publish",
        ),
    ];
    step(
        "runner: durable ingest, latency, timer lag and bytes per person, with Temporal's dev server",
        || {
            let venv = setup::temporal_peer()?;
            sh(cargo(&["bench", "-p", "parcours-cli", "--bench", "runner"]).env("PARCOURS_TEMPORAL_VENV", venv))
        },
    )?;
    for (name, package, bench) in benches {
        let mut args = vec!["bench", "-p", package, "--bench", bench];
        if !extra.is_empty() {
            args.push("--");
            args.extend(extra.iter().map(String::as_str));
        }
        step(name, || sh(&mut cargo(&args)))?;
    }
    // The app embeds ui/dist when it is compiled: build the UI first.
    step("build UI", || sh(&mut npm("build")))?;
    step(
        "designer in the real window: cold start, memory, a 1,000-activity journey",
        || {
            sh(&mut cargo_under_xvfb(
                &["bench", "-p", "parcours-app", "--features", "e2e", "--bench", "canvas"],
                &setup::tauri_driver()?,
            ))
        },
    )?;
    Ok(())
}

/// The fuzz targets of `crates/fuzz` with `cases` inputs each (100,000 by default),
/// optimized, from a random seed; CI's `cargo test` runs the same targets with 256
/// each from a fixed seed. A failure is
/// shrunk and saved under `crates/fuzz/tests/*.proptest-regressions`.
pub fn fuzz(cases: Option<&str>) -> Result {
    let cases = cases.unwrap_or("100000");
    cases
        .parse::<u32>()
        .map_err(|_| format!("`{cases}` is not a number of cases"))?;
    step("install system packages", setup::system_packages)?;
    let start = Instant::now();
    step(&format!("fuzz targets, {cases} inputs each"), || {
        sh(
            cargo(&["test", "--release", "-p", "parcours-fuzz", "--", "--test-threads=2"])
                .env("PARCOURS_FUZZ_CASES", cases)
                .env("PARCOURS_FUZZ_SEED", "random"),
        )
    })?;
    eprintln!(
        "
fuzzing done in {:.0}s",
        start.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Kill -9 at random moments during workspace writes (`kills` of them, 1,000 by
/// default), then two writers at once (`crates/workspace/benches/chaos.rs`); then the
/// runner killed every 10 s under a flaky action target (`crates/cli/benches/runner_chaos.rs`).
pub fn chaos(kills: Option<&str>) -> Result {
    let kills = kills.unwrap_or("1000");
    kills
        .parse::<u32>()
        .map_err(|_| format!("`{kills}` is not a number of kills"))?;
    step("install system packages", setup::system_packages)?;
    step(
        &format!("chaos: {kills} kills during writes, then concurrent writers"),
        || {
            sh(&mut cargo(&[
                "bench",
                "-p",
                "parcours-workspace",
                "--bench",
                "chaos",
                "--",
                kills,
            ]))
        },
    )?;
    step(
        "chaos: the runner killed every 10 s under a flaky action target",
        || sh(&mut cargo(&["bench", "-p", "parcours-cli", "--bench", "runner_chaos"])),
    )
}

pub fn bindings() -> Result {
    step("install system packages", setup::system_packages)?;
    step("regenerate ui/src/bindings and ui/src/generated", || {
        sh(cargo(&[
            "test",
            "-p",
            "parcours-workspace",
            "--test",
            "bindings",
            "--test",
            "ui_rules",
        ])
        .env("UPDATE_BINDINGS", "1"))
    })
}
