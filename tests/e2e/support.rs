//! What the tests and benchmarks that drive the real app window share: tauri-driver on
//! free ports with the app's workspace file chosen, a WebDriver session on the app
//! binary cargo built, polling helpers and the screenshot folder.

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use thirtyfour::components::SelectElement;
use thirtyfour::prelude::*;

pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

/// The app binary cargo built for this test, serving the UI from `ui/dist`.
pub fn app_binary() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_parcours-app"))
}

pub fn artifacts() -> PathBuf {
    let dir = workspace_root().join("tests/artifacts");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// tauri-driver on free ports, stopped with SIGTERM so WebKitWebDriver exits too.
pub struct Driver {
    child: Child,
    port: u16,
}

impl Driver {
    pub fn start(db: &Path) -> Driver {
        Driver::start_with_env(db, &[])
    }

    /// [`Driver::start`] with extra environment for the app (it inherits tauri-driver's).
    pub fn start_with_env(db: &Path, env: &[(&str, &str)]) -> Driver {
        let port = free_port();
        let native = free_port();
        let program = std::env::var("TAURI_DRIVER").unwrap_or_else(|_| "tauri-driver".into());
        let child = Command::new(&program)
            .args(["--port", &port.to_string(), "--native-port", &native.to_string()])
            .args(["--native-driver", "/usr/bin/WebKitWebDriver"])
            .env("PARCOURS_DB", db)
            .envs(env.iter().copied())
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {program}: {e} (cargo install tauri-driver --locked)"));
        // tauri-driver starts WebKitWebDriver, then listens itself; a session asked for
        // before WebKitWebDriver listens too is dropped ("error sending request"). Both.
        let deadline = Instant::now() + Duration::from_secs(30);
        for p in [native, port] {
            while TcpStream::connect(("127.0.0.1", p)).is_err() {
                assert!(
                    Instant::now() < deadline,
                    "tauri-driver or WebKitWebDriver did not listen on {p}"
                );
                std::thread::sleep(Duration::from_millis(50));
            }
        }
        Driver { child, port }
    }

    pub async fn session(&self) -> WebDriver {
        let mut caps = Capabilities::new();
        caps.set("tauri:options", serde_json::json!({ "application": app_binary() }))
            .unwrap();
        WebDriver::new(format!("http://127.0.0.1:{}", self.port), caps)
            .await
            .expect("a WebDriver session on the app")
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        unsafe {
            libc::kill(self.child.id() as i32, libc::SIGTERM);
        }
        let _ = self.child.wait();
    }
}

/// Polls until `css` matches at least `count` elements.
pub async fn wait_for(driver: &WebDriver, css: &str, count: usize) -> Vec<WebElement> {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let found = driver.find_all(By::Css(css)).await.unwrap_or_default();
        if found.len() >= count {
            return found;
        }
        if Instant::now() > deadline {
            let _ = driver.screenshot(&artifacts().join("timeout.png")).await;
            panic!("timed out waiting for {count} × {css}; saw {}", found.len());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Polls until the `attr` values of the elements matching `css`, in document order, are
/// `expected`. Read in one script, so a re-render between two reads cannot mix states or
/// leave a stale element: the test sees the settled list, not a moment of a reload.
pub async fn wait_attrs(driver: &WebDriver, css: &str, attr: &str, expected: &[&str]) {
    let deadline = Instant::now() + Duration::from_secs(30);
    let script = "return Array.from(document.querySelectorAll(arguments[0])).map(e => e.getAttribute(arguments[1]));";
    loop {
        let seen = driver
            .execute(script, vec![serde_json::json!(css), serde_json::json!(attr)])
            .await
            .map(|r| r.json().clone())
            .unwrap_or(serde_json::Value::Null);
        if seen == serde_json::json!(expected) {
            return;
        }
        if Instant::now() > deadline {
            let _ = driver.screenshot(&artifacts().join("timeout.png")).await;
            panic!("timed out waiting for {css} [{attr}] to be {expected:?}; saw {seen}");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

pub async fn attrs(elements: &[WebElement], name: &str) -> Vec<String> {
    let mut out = Vec::new();
    for e in elements {
        out.push(e.attr(name).await.unwrap().unwrap_or_default());
    }
    out
}

/// Clears a text field the way a person does (select all, delete) and types `text`.
pub async fn type_into(driver: &WebDriver, css: &str, text: &str) {
    let field = wait_interactable(driver, css).await;
    field.click().await.unwrap();
    field.send_keys(Key::Control + "a").await.unwrap();
    field.send_keys(Key::Backspace).await.unwrap();
    field.send_keys(text).await.unwrap();
}

/// Chooses `value` in a select, once that option is there and enabled and the select
/// can be used.
pub async fn choose(driver: &WebDriver, css: &str, value: &str) {
    wait_for(driver, &format!("{css} option[value=\"{value}\"]:not([disabled])"), 1).await;
    let select = wait_interactable(driver, css).await;
    SelectElement::new(&select)
        .await
        .unwrap()
        .select_by_value(value)
        .await
        .unwrap_or_else(|e| panic!("{css}: cannot choose {value}: {e}"));
}

pub async fn click(driver: &WebDriver, css: &str) {
    if let Err(e) = wait_interactable(driver, css).await.click().await {
        let _ = driver.screenshot(&artifacts().join("click-failed.png")).await;
        panic!("clicking {css}: {e}");
    }
}

/// Whether the first element matching `arguments[0]` could be used by a person now:
/// scrolled into view, with a size, enabled, visible, and the element found at its
/// centre is itself (not a popup or an overlay over it). Returns its box, or why not.
const INTERACTABLE_SCRIPT: &str = r#"
const el = document.querySelector(arguments[0]);
if (!el) return "absent";
el.scrollIntoView({ block: "center", inline: "center" });
const r = el.getBoundingClientRect();
if (r.width === 0 || r.height === 0) return "no size";
if (el.disabled || el.closest("[inert], [hidden]") || getComputedStyle(el).visibility === "hidden") return "disabled or hidden";
const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
if (!hit || !(hit === el || el.contains(hit))) {
  const what = hit ? `${hit.tagName.toLowerCase()}.${hit.className} ${hit.dataset.testid ?? ""}` : "nothing";
  return `covered at (${Math.round(r.left + r.width / 2)}, ${Math.round(r.top + r.height / 2)}) by ${what}`;
}
return [r.left, r.top, r.width, r.height];
"#;

/// Polls until the first element matching `css` is interactable (see
/// INTERACTABLE_SCRIPT) and has kept the same box for two polls in a row: present is not
/// enough while the layout still moves (a field error appearing above it, a panel
/// opening), which made WebKitWebDriver answer "element not interactable".
pub async fn wait_interactable(driver: &WebDriver, css: &str) -> WebElement {
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut last: Option<serde_json::Value> = None;
    loop {
        let state = driver
            .execute(INTERACTABLE_SCRIPT, vec![serde_json::json!(css)])
            .await
            .map(|r| r.json().clone())
            .unwrap_or(serde_json::Value::Null);
        let usable = state.is_array();
        if usable && last.as_ref() == Some(&state) {
            return driver.find(By::Css(css)).await.unwrap();
        }
        if Instant::now() > deadline {
            let _ = driver.screenshot(&artifacts().join("timeout.png")).await;
            panic!(
                "timed out waiting for {css} to be interactable (displayed, enabled, uncovered, still); last seen: {state}"
            );
        }
        last = usable.then_some(state);
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Polls until `css` matches exactly `count` elements.
pub async fn wait_exactly(driver: &WebDriver, css: &str, count: usize) {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let found = driver.find_all(By::Css(css)).await.map(|v| v.len()).unwrap_or(0);
        if found == count {
            return;
        }
        if Instant::now() > deadline {
            let _ = driver.screenshot(&artifacts().join("timeout.png")).await;
            panic!("timed out waiting for exactly {count} × {css}; saw {found}");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Polls until one element matching `css` shows `text`.
pub async fn wait_for_text(driver: &WebDriver, css: &str, text: &str) {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let mut seen = Vec::new();
        for element in driver.find_all(By::Css(css)).await.unwrap_or_default() {
            let shown = element.text().await.unwrap_or_default();
            if shown.contains(text) {
                return;
            }
            seen.push(shown);
        }
        if Instant::now() > deadline {
            let _ = driver.screenshot(&artifacts().join("timeout.png")).await;
            panic!("no {css} shows {text}; seen: {seen:?}");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Adds a palette activity; it is selected, so the inspector shows it.
pub async fn add_activity(driver: &WebDriver, kind: &str, id: &str) {
    click(driver, &format!("[data-testid='palette-item'][data-kind='{kind}']")).await;
    wait_for(driver, &format!("[data-testid='inspector'][data-node='{id}']"), 1).await;
}

pub async fn connect(driver: &WebDriver, port: &str, target: &str) {
    choose(
        driver,
        &format!("[data-testid='port-target'][data-port='{port}']"),
        target,
    )
    .await;
}

/// Waits (up to 20 s) for the far view's picture to be loaded and every DOM node hidden.
const FAR_VIEW_SCRIPT: &str = r#"
const done = arguments[arguments.length - 1];
const t0 = performance.now();
function poll() {
  const img = document.querySelector("[data-testid='far-view']");
  const nodes = document.querySelectorAll("[data-testid='canvas-node']").length;
  if (img && img.complete && img.naturalWidth > 0 && nodes === 0) { done(true); return; }
  if (performance.now() - t0 > 20000) { done({ img: !!img, width: img ? img.naturalWidth : 0, nodes }); return; }
  requestAnimationFrame(poll);
}
poll();
"#;

/// Fits a large journey in view and waits until it is the far view's picture, loaded (a
/// picture the window refuses leaves React Flow's nodes in place: that fails here).
pub async fn fit_to_far_view(driver: &WebDriver) {
    click(driver, ".react-flow__controls-fitview").await;
    let shown = driver
        .execute_async(FAR_VIEW_SCRIPT, vec![])
        .await
        .unwrap()
        .json()
        .clone();
    assert_eq!(shown, serde_json::json!(true), "the far view did not show: {shown}");
}

/// A workspace file at `db` holding only a generated journey named `large` of `activities`
/// activities; returns that bundle.
pub fn workspace_with_large_journey(db: &Path, activities: usize) -> parcours_workspace::model::Bundle {
    let admin = parcours_workspace::Actor::with_role("setup", parcours_workspace::Role::Administrator);
    let mut ws = parcours_workspace::Workspace::open(db, admin).unwrap();
    let bundle = parcours_workspace::model::generate::large_journey(activities);
    ws.import_bundle_text(&serde_json::to_string(&bundle).unwrap()).unwrap();
    bundle
}
