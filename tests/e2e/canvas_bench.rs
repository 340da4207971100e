//! The designer's speed in the real app window (WebKitGTK under Xvfb), measured, not
//! asserted: cold start to the journeys list, memory (PSS of the app and its WebKit
//! processes) at idle, opening a generated 1,000-activity journey, and frame times
//! while zooming and panning it, then the same motions with WebKit's GL rasterizer (the
//! baseline the app's CPU-rendering choice is measured against). `cargo xtask bench` runs
//! it and prints the figures; they also go to `tests/artifacts/canvas-bench.json`.

#[allow(dead_code)] // each target uses part of it
mod support;

use std::time::{Duration, Instant};

use support::{Driver, app_binary, artifacts, click, fit_to_far_view, wait_for, workspace_with_large_journey};
use thirtyfour::prelude::*;

const ACTIVITIES: usize = 1_000;
/// WebKitGTK's switch for Skia's CPU rasterizer (see src-tauri/src/rendering.rs).
const CPU_RENDERING_VAR: &str = "WEBKIT_SKIA_ENABLE_CPU_RENDERING";
const STARTS: usize = 3;
const OPENS: usize = 3;

/// Every process whose parent chain leads to a process running the app binary.
fn app_processes() -> Vec<u32> {
    let app = std::fs::canonicalize(app_binary()).unwrap();
    let mut parents = Vec::new();
    let mut roots = Vec::new();
    for entry in std::fs::read_dir("/proc").unwrap().flatten() {
        let Some(pid) = entry.file_name().to_str().and_then(|s| s.parse::<u32>().ok()) else {
            continue;
        };
        if std::fs::read_link(entry.path().join("exe")).is_ok_and(|exe| exe == app) {
            roots.push(pid);
        }
        // `pid (comm) state ppid ...`; comm may hold spaces, so split after the last ')'.
        if let Ok(stat) = std::fs::read_to_string(entry.path().join("stat"))
            && let Some(ppid) = stat
                .rsplit_once(')')
                .and_then(|(_, rest)| rest.split_whitespace().nth(1))
                .and_then(|p| p.parse::<u32>().ok())
        {
            parents.push((pid, ppid));
        }
    }
    let mut all = roots.clone();
    let mut i = 0;
    while i < all.len() {
        let parent = all[i];
        all.extend(parents.iter().filter(|(_, pp)| *pp == parent).map(|(p, _)| *p));
        i += 1;
    }
    all
}

/// Proportional set size in KiB (shared pages split between the processes sharing them).
fn pss_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup"))
        .ok()
        .and_then(|text| {
            text.lines()
                .find(|l| l.starts_with("Pss:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

fn process_name(pid: u32) -> String {
    std::fs::read_to_string(format!("/proc/{pid}/comm"))
        .map(|s| s.trim().to_string())
        .unwrap_or_default()
}

/// Clicks the journey's open button and waits until the canvas holds all its
/// activities (`data-nodes`), those on screen are drawn and a frame has been painted;
/// the time is the page's own clock.
const OPEN_SCRIPT: &str = r#"
const done = arguments[arguments.length - 1];
const expected = arguments[0];
const t0 = performance.now();
document.querySelector("[data-testid='journey-row'][data-name='large'] [data-testid='open-journey']").click();
function poll() {
  const flow = document.querySelector(".react-flow[data-nodes]");
  const n = document.querySelectorAll("[data-testid='canvas-node']").length;
  if (flow && Number(flow.dataset.nodes) >= expected && n > 0) {
    requestAnimationFrame(() => requestAnimationFrame(() => done({ ms: performance.now() - t0, nodes: n })));
    return;
  }
  if (performance.now() - t0 > 60000) { done({ ms: -1, nodes: n }); return; }
  requestAnimationFrame(poll);
}
poll();
"#;

/// Drives the canvas for at least `seconds`, in whole cycles, with one input per frame
/// (30 wheel steps in then 30 out, or a drag 30 frames one way then 30 back), and
/// returns the intervals between frames and whether the viewport moved. Whole cycles
/// leave the view where it was: an earlier version stopped mid-cycle, so each measure
/// started further in than the last and later figures looked better than they were.
const FRAMES_SCRIPT: &str = r#"
const done = arguments[arguments.length - 1];
const mode = arguments[0];
const seconds = arguments[1];
const pane = document.querySelector('.react-flow__pane');
const viewport = document.querySelector('.react-flow__viewport');
const rect = pane.getBoundingClientRect();
const cx = rect.left + rect.width / 2, cy = rect.top + rect.height / 2;
const before = viewport.style.transform;
const mouse = (type, x, y) => (type === 'mousedown' ? pane : window).dispatchEvent(new MouseEvent(type, {
  clientX: x, clientY: y, button: 0, buttons: type === 'mouseup' ? 0 : 1, bubbles: true, cancelable: true, view: window,
}));
let x = cx, frame = 0, last = null, changed = false;
const intervals = [];
const t0 = performance.now();
if (mode === 'pan') mouse('mousedown', x, cy);
function tick(ts) {
  if (last !== null) intervals.push(ts - last);
  last = ts;
  const forward = Math.floor(frame / 30) % 2 === 0;
  frame++;
  if (mode === 'zoom') {
    pane.dispatchEvent(new WheelEvent('wheel', { deltaY: forward ? -30 : 30, clientX: cx, clientY: cy, bubbles: true, cancelable: true }));
  } else {
    x += forward ? 8 : -8;
    mouse('mousemove', x, cy);
  }
  if (viewport.style.transform !== before) changed = true;
  // Whole cycles only, so the view ends where it began and the next measure starts alike.
  if (ts - t0 < seconds * 1000 || frame % 60 !== 0) { requestAnimationFrame(tick); return; }
  if (mode === 'pan') mouse('mouseup', x, cy);
  done({ intervals, changed });
}
requestAnimationFrame(tick);
"#;

struct Frames {
    fps: f64,
    median_ms: f64,
    p95_ms: f64,
    slow: usize,
    count: usize,
}

fn frames(mut intervals: Vec<f64>) -> Frames {
    intervals.sort_by(f64::total_cmp);
    let count = intervals.len().max(1);
    let mean = intervals.iter().sum::<f64>() / count as f64;
    Frames {
        fps: 1000.0 / mean,
        median_ms: intervals[count / 2],
        p95_ms: intervals[(count * 95 / 100).min(count - 1)],
        slow: intervals.iter().filter(|ms| **ms > 20.0).count(),
        count: intervals.len(),
    }
}

async fn click_open(driver: &WebDriver, journey: &str) {
    let css = format!("[data-testid='journey-row'][data-name='{journey}'] [data-testid='open-journey']");
    click(driver, &css).await;
}

async fn measure_motion(driver: &WebDriver, mode: &str) -> Frames {
    let r = driver
        .execute_async(FRAMES_SCRIPT, vec![serde_json::json!(mode), serde_json::json!(4)])
        .await
        .unwrap()
        .json()
        .clone();
    assert!(r["changed"].as_bool().unwrap(), "{mode} did not move the canvas");
    frames(
        r["intervals"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|v| v.as_f64())
            .collect(),
    )
}

async fn run() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("large.sqlite");
    workspace_with_large_journey(&db, ACTIVITIES);
    let server = Driver::start(&db);

    // Cold start: from asking for a window to the journeys list on screen.
    let mut starts = Vec::new();
    for _ in 0..STARTS {
        let t0 = Instant::now();
        let driver = server.session().await;
        wait_for(&driver, "[data-testid='journey-row']", 1).await;
        starts.push(t0.elapsed().as_secs_f64() * 1000.0);
        driver.quit().await.unwrap();
    }

    let driver = server.session().await;
    wait_for(&driver, "[data-testid='journey-row']", 1).await;
    tokio::time::sleep(Duration::from_secs(3)).await;
    let processes = app_processes();
    let memory: Vec<(String, u64)> = processes.iter().map(|p| (process_name(*p), pss_kib(*p))).collect();
    let idle_pss: u64 = memory.iter().map(|(_, kib)| kib).sum();

    // The floor: frame times on an empty canvas, measured the same way in this run.
    let mut motion = Vec::new();
    driver
        .execute_async(
            "const done = arguments[arguments.length - 1];
             window.__TAURI_INTERNALS__.invoke('create_journey', { name: 'empty', description: '' }).then(done, done);",
            vec![],
        )
        .await
        .unwrap();
    driver.refresh().await.unwrap();
    click_open(&driver, "empty").await;
    wait_for(&driver, ".react-flow__pane", 1).await;
    for (mode, label) in [
        ("zoom", "zoom, empty canvas (floor)"),
        ("pan", "pan, empty canvas (floor)"),
    ] {
        motion.push((label, measure_motion(&driver, mode).await));
    }
    click(&driver, "[data-testid='back']").await;
    wait_for(&driver, "[data-testid='journey-row'][data-name='large']", 1).await;

    let mut opens = Vec::new();
    for i in 0..OPENS {
        let r = driver
            .execute_async(OPEN_SCRIPT, vec![serde_json::json!(ACTIVITIES)])
            .await
            .unwrap()
            .json()
            .clone();
        let ms = r["ms"].as_f64().unwrap();
        assert!(ms >= 0.0, "the journey did not open: {r}");
        opens.push(ms);
        if i + 1 < OPENS {
            click(&driver, "[data-testid='back']").await;
            wait_for(&driver, "[data-testid='journey-row']", 1).await;
        }
    }
    // The minimap setting outlives the app (local storage): start from it shown.
    let pressed = driver
        .find(By::Css("[data-testid='toggle-minimap']"))
        .await
        .unwrap()
        .attr("aria-pressed")
        .await
        .unwrap();
    if pressed.as_deref() != Some("true") {
        click(&driver, "[data-testid='toggle-minimap']").await;
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    let open_pss: u64 = app_processes().iter().map(|p| pss_kib(*p)).sum();
    driver
        .screenshot(&artifacts().join("bench-1000-activities.png"))
        .await
        .unwrap();

    // At the opening view (the start of the journey), then with all of it in view.
    for (mode, label) in [
        ("zoom", "zoom, opening view"),
        ("pan", "pan, opening view"),
        ("minimap", ""),
        ("zoom", "zoom, opening view, minimap hidden"),
        ("pan", "pan, opening view, minimap hidden"),
        ("minimap", ""),
        ("fit", ""),
        ("zoom", "zoom, whole journey in view"),
        ("pan", "pan, whole journey in view"),
    ] {
        if mode == "minimap" {
            click(&driver, "[data-testid='toggle-minimap']").await;
            tokio::time::sleep(Duration::from_millis(500)).await;
            continue;
        }
        if mode == "fit" {
            // The whole journey is measured as the far view draws it.
            fit_to_far_view(&driver).await;
            tokio::time::sleep(Duration::from_secs(1)).await;
            driver
                .screenshot(&artifacts().join("bench-1000-fit.png"))
                .await
                .unwrap();
            continue;
        }
        motion.push((label, measure_motion(&driver, mode).await));
    }
    driver.quit().await.unwrap();
    drop(server);

    // The baseline, in the same run: WebKit's own choice, rasterizing through GL. On a
    // machine without a GPU that is llvmpipe, which the app avoids (src-tauri/src/rendering.rs).
    let gl = Driver::start_with_env(&db, &[(CPU_RENDERING_VAR, "0")]);
    let driver = gl.session().await;
    wait_for(&driver, "[data-testid='journey-row'][data-name='large']", 1).await;
    driver
        .execute_async(OPEN_SCRIPT, vec![serde_json::json!(ACTIVITIES)])
        .await
        .unwrap();
    for (mode, label) in [
        ("zoom", "baseline, GL rasterizer: zoom, opening view"),
        ("pan", "baseline, GL rasterizer: pan, opening view"),
        ("fit", ""),
        ("zoom", "baseline, GL rasterizer: zoom, whole journey in view"),
        ("pan", "baseline, GL rasterizer: pan, whole journey in view"),
    ] {
        if mode == "fit" {
            fit_to_far_view(&driver).await;
            tokio::time::sleep(Duration::from_secs(1)).await;
            continue;
        }
        motion.push((label, measure_motion(&driver, mode).await));
    }
    driver.quit().await.unwrap();

    let ms = |v: &[f64]| v.iter().map(|x| format!("{x:.0}")).collect::<Vec<_>>().join(", ");
    println!(
        "\nParcours in the real window ({} build of {})",
        build(),
        app_binary().display()
    );
    println!("  cold start to the journeys list: {} ms", ms(&starts));
    println!(
        "  PSS at idle: {:.1} MiB over {} processes ({})",
        idle_pss as f64 / 1024.0,
        memory.len(),
        memory
            .iter()
            .map(|(n, k)| format!("{n} {:.1}", *k as f64 / 1024.0))
            .collect::<Vec<_>>()
            .join(", ")
    );
    println!(
        "  PSS with the {ACTIVITIES}-activity journey open: {:.1} MiB",
        open_pss as f64 / 1024.0
    );
    println!(
        "  open the {ACTIVITIES}-activity journey: {} ms (first, then warm)",
        ms(&opens)
    );
    for (mode, f) in &motion {
        println!(
            "  {mode}: {:.1} fps; frame median {:.1} ms, p95 {:.1} ms; {} of {} frames over 20 ms",
            f.fps, f.median_ms, f.p95_ms, f.slow, f.count
        );
    }
    let json = serde_json::json!({
        "build": build(),
        "coldStartMs": starts,
        "idlePssKiB": idle_pss,
        "openPssKiB": open_pss,
        "processes": memory,
        "openMs": opens,
        "motion": motion.iter().map(|(m, f)| serde_json::json!({
            "mode": m, "fps": f.fps, "medianMs": f.median_ms, "p95Ms": f.p95_ms, "over20ms": f.slow, "frames": f.count,
        })).collect::<Vec<_>>(),
    });
    std::fs::write(
        artifacts().join("canvas-bench.json"),
        serde_json::to_string_pretty(&json).unwrap(),
    )
    .unwrap();
}

fn build() -> &'static str {
    if cfg!(debug_assertions) { "debug" } else { "release" }
}

fn main() {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(run());
}
