//! Going live in the real app window: a runner (the real `parcours runner serve` binary
//! on loopback) added in the Runners screen and its connection tested, a sample journey
//! published to it from the publish dialog and its delivery seen in the versions panel,
//! events sent by Segment's own Node SDK pointed at the runner, and the live figures on
//! the canvas (Live) and in the report's chart; the CSV of the same figures through the
//! CLI (the app's export goes through the native save dialog). Driven through
//! tauri-driver and WebKitWebDriver under Xvfb (`cargo xtask test real-window`).

#[allow(dead_code)] // each test target uses part of it
mod support;

use std::io::{BufRead, BufReader, Write as _};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use support::{Driver, app_binary, artifacts, click, free_port, type_into, wait_for, workspace_root};
use thirtyfour::prelude::*;

const JOURNEY: &str = "welcome_series";

/// The `parcours` binary, built beside the app (`cargo xtask test` builds it first).
fn parcours() -> PathBuf {
    let path = app_binary().with_file_name("parcours");
    assert!(
        path.exists(),
        "{} is missing: build it with `cargo build -p parcours-cli`",
        path.display()
    );
    path
}

struct RunnerProcess(Child);

impl Drop for RunnerProcess {
    fn drop(&mut self) {
        // SAFETY: a signal to our own child.
        unsafe { libc::kill(self.0.id() as i32, libc::SIGTERM) };
        let _ = self.0.wait();
    }
}

/// An `ops` token for the runner database in `dir`.
fn runner_token(dir: &Path) -> String {
    let out = Command::new(parcours())
        .args(["runner", "token", "create", "--name", "ops", "--scope", "admin", "--db"])
        .arg(dir.join("runner.sqlite"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

/// A runner with an `ops` token and the sample's secret; gives it, its URL and the token.
/// The mailer's password, bound to where the welcome series sends it.
const MAILER: [(&str, &str); 2] = [
    ("PARCOURS_SECRET_MAILER_PASSWORD", "s-mailer"),
    ("PARCOURS_ORIGINS_MAILER_PASSWORD", "https://api.mailer.example.com"),
];

fn start_runner(dir: &Path) -> (RunnerProcess, String, String) {
    let token = runner_token(dir);
    let (runner, base) = serve(dir, "127.0.0.1:0", &MAILER);
    (runner, base, token)
}

/// `parcours runner serve` on `listen` with `env`; gives it and its URL.
fn serve(dir: &Path, listen: &str, env: &[(&str, &str)]) -> (RunnerProcess, String) {
    let mut child = Command::new(parcours())
        .args(["runner", "serve", "--listen", listen, "--db"])
        .arg(dir.join("runner.sqlite"))
        .envs(env.iter().copied())
        .env("PARCOURS_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let base = line
        .trim()
        .strip_prefix("parcours runner listening on ")
        .unwrap_or_else(|| panic!("unexpected `{line}`"))
        .to_string();
    (RunnerProcess(child), base)
}

/// Polls until the first element matching `css` has the text `expected`.
async fn wait_text(driver: &WebDriver, css: &str, expected: &str) {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let text = match driver.find(By::Css(css)).await {
            Ok(e) => e.text().await.unwrap_or_default(),
            Err(_) => String::new(),
        };
        if text.trim() == expected {
            return;
        }
        if Instant::now() > deadline {
            let _ = driver.screenshot(&artifacts().join("timeout.png")).await;
            panic!("timed out waiting for `{expected}` in {css}; saw `{text}`");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Three sign-ups sent with `@segment/analytics-node` (from ui/node_modules), pointed at
/// the runner by its host, the token as write key.
fn send_with_segment_sdk(base: &str, token: &str) {
    let calls: Vec<serde_json::Value> = ["ada", "bo", "cy"]
        .iter()
        .map(|who| {
            serde_json::json!({"call": "track", "message": {
                "userId": format!("u-{who}"),
                "event": "user_signed_up",
                "messageId": format!("m-{who}"),
                "properties": {
                    "eventId": "evt_user_signed_up_7f3a",
                    "email": format!("{who}@example.com"),
                    "firstName": who,
                    "signedUpAt": "2026-12-05T09:00:00Z",
                },
            }})
        })
        .collect();
    let script = workspace_root().join("crates/cli/tests/segment_sdk.cjs");
    let mut child = Command::new("node")
        .arg(script)
        .args([base, token])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(serde_json::Value::Array(calls).to_string().as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Adds runner `local` at `url` in the Runners screen (the token from the environment).
async fn add_runner(driver: &WebDriver, url: &str) {
    click(driver, "[data-testid='manage-runners']").await;
    click(driver, "[data-testid='runner-add']").await;
    type_into(
        driver,
        "[data-testid='runner-form'] .runner-field:nth-child(1) input",
        "local",
    )
    .await;
    type_into(
        driver,
        "[data-testid='runner-form'] .runner-field:nth-child(2) input",
        url,
    )
    .await;
    click(driver, "[data-testid='runner-save']").await;
    wait_for(
        driver,
        "[data-testid='runner-row'][data-name='local'][data-token='environment']",
        1,
    )
    .await;
}

/// Opens the sample journey and publishes its draft to runner `local`.
async fn publish_to_local(driver: &WebDriver) {
    let row = format!("[data-testid='journey-row'][data-name='{JOURNEY}']");
    click(driver, &format!("{row} [data-testid='open-journey']")).await;
    wait_for(driver, "[data-testid='canvas-node']", 9).await;
    wait_for(driver, "[data-testid='save-state'][data-state='saved']", 1).await;
    click(driver, "[data-testid='publish']").await;
    click(driver, "[data-testid='publish-runner'][data-name='local']").await;
    click(driver, "[data-testid='publish-dialog'] [data-testid='confirm']").await;
    wait_for(driver, "[data-testid='version-state'][data-state='live']", 1).await;
    click(driver, "[data-testid='versions-toggle']").await;
}

/// The runner's audit log: (action, version), oldest first. Plain HTTP/1.1 over a socket:
/// nothing more is needed for one GET on loopback.
fn runner_audit(base: &str, token: &str) -> Vec<(String, u64)> {
    use std::io::Read as _;
    let host = base.trim_start_matches("http://");
    let mut stream = std::net::TcpStream::connect(host).unwrap();
    write!(
        stream,
        "GET /v1/audit?journey={JOURNEY} HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {token}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let (head, body) = response.split_once("\r\n\r\n").unwrap();
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    let lines: serde_json::Value = serde_json::from_str(body).unwrap();
    lines
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["action"].as_str().unwrap().to_string(),
                l["version"].as_u64().unwrap(),
            )
        })
        .collect()
}

/// Offline at publish: the release waits in the workspace, through an app restart, and
/// reaches the runner once it is up, exactly once. A runner that refuses a release says
/// why, and the app shows it.
#[tokio::test(flavor = "multi_thread")]
async fn a_release_queued_while_the_runner_is_down_is_delivered_once_after_a_restart_and_a_refusal_shows_why() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("workspace.sqlite");
    let token = runner_token(dir.path());
    let listen = format!("127.0.0.1:{}", free_port());
    let env = [("PARCOURS_RUNNER_TOKEN_LOCAL", token.as_str())];
    {
        let server = Driver::start_with_env(&ws, &env);
        let driver = server.session().await;
        add_runner(&driver, &format!("http://{listen}")).await;
        click(&driver, "[data-testid='runners-close']").await;
        publish_to_local(&driver).await;
        let queued = wait_for(
            &driver,
            "[data-testid='push'][data-runner='local'][data-state='queued'] [data-testid='push-reason']",
            1,
        )
        .await;
        let reason = queued[0].text().await.unwrap();
        assert!(reason.contains("unreachable"), "{reason}");
        driver.quit().await.unwrap();
    }
    // The runner comes up while the app is closed; the app, started again, delivers.
    let (_runner, base) = serve(dir.path(), &listen, &MAILER);
    {
        let server = Driver::start_with_env(&ws, &env);
        let driver = server.session().await;
        let row = format!("[data-testid='journey-row'][data-name='{JOURNEY}']");
        click(&driver, &format!("{row} [data-testid='open-journey']")).await;
        wait_for(&driver, "[data-testid='canvas-node']", 9).await;
        click(&driver, "[data-testid='versions-toggle']").await;
        wait_for(
            &driver,
            "[data-testid='push'][data-runner='local'][data-kind='publish'][data-state='delivered']",
            1,
        )
        .await;
        driver.quit().await.unwrap();
    }
    assert_eq!(runner_audit(&base, &token), [("publish".to_string(), 1)]);

    // A runner without the release's secret refuses it: the app shows the runner's reason.
    let other = tempfile::tempdir().unwrap();
    let other_ws = other.path().join("workspace.sqlite");
    let other_token = runner_token(other.path());
    let (_bare, bare_base) = serve(other.path(), "127.0.0.1:0", &[]);
    let server = Driver::start_with_env(&other_ws, &[("PARCOURS_RUNNER_TOKEN_LOCAL", other_token.as_str())]);
    let driver = server.session().await;
    add_runner(&driver, &bare_base).await;
    click(&driver, "[data-testid='runners-close']").await;
    publish_to_local(&driver).await;
    let refused = wait_for(
        &driver,
        "[data-testid='push'][data-runner='local'][data-state='refused'] [data-testid='push-reason']",
        1,
    )
    .await;
    let reason = refused[0].text().await.unwrap();
    assert!(
        reason.contains("422 MISSING_SECRET") && reason.contains("`mailer_password`"),
        "{reason}"
    );
    driver
        .screenshot(&artifacts().join("runner-refused.png"))
        .await
        .unwrap();
    driver.quit().await.unwrap();
    assert!(runner_audit(&bare_base, &other_token).is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_journey_published_to_a_runner_shows_its_live_figures_on_the_canvas_and_in_the_report() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("workspace.sqlite");
    let (_runner, base, token) = start_runner(dir.path());
    // No keychain service here: the token comes from the environment, as on a server.
    let server = Driver::start_with_env(&ws, &[("PARCOURS_RUNNER_TOKEN_LOCAL", &token)]);
    let driver = server.session().await;

    // The Runners screen: add the runner, test the connection.
    add_runner(&driver, &base).await;
    click(
        &driver,
        "[data-testid='runner-row'][data-name='local'] [data-testid='runner-test']",
    )
    .await;
    let check = wait_for(&driver, "[data-testid='runner-check'][data-state='ok']", 1).await;
    let said = check[0].text().await.unwrap();
    assert!(said.contains("ops") && said.contains("admin"), "{said}");
    click(&driver, "[data-testid='runners-close']").await;

    // Publish the sample journey to it; the versions panel shows it delivered.
    publish_to_local(&driver).await;
    wait_for(
        &driver,
        "[data-testid='push'][data-runner='local'][data-kind='publish'][data-state='delivered']",
        1,
    )
    .await;

    // Events from a real Segment client; their figures on the canvas.
    send_with_segment_sdk(&base, &token);
    click(&driver, "[data-testid='versions-toggle']").await;
    click(&driver, "[data-testid='live-toggle']").await;
    wait_text(
        &driver,
        ".react-flow__node[data-id='start'] [data-testid='node-count']",
        "3",
    )
    .await;
    wait_for(&driver, "[data-testid='live-refreshed']", 1).await;
    driver
        .screenshot(&artifacts().join("runner-live-canvas.png"))
        .await
        .unwrap();

    // The report: the entries chart drawn, with the three people in it.
    click(&driver, "[data-testid='report-open']").await;
    wait_for(&driver, "[data-testid='chart-entries'] canvas", 1).await;
    let entered = driver
        .execute(
            "return [...document.querySelectorAll(\"[data-testid='chart-entries-values'] tbody td:nth-child(2)\")]
               .reduce((n, td) => n + Number(td.textContent), 0);",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(entered.json(), &serde_json::json!(3));
    driver.screenshot(&artifacts().join("runner-report.png")).await.unwrap();
    driver.quit().await.unwrap();

    // The same figures as CSV, from the workspace's side.
    let out = Command::new(parcours())
        .args(["report", "--runner", "local", "--journey", JOURNEY, "--csv", "--db"])
        .arg(&ws)
        .env("PARCOURS_RUNNER_TOKEN_LOCAL", &token)
        .output()
        .unwrap();
    let csv = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{csv}{}", String::from_utf8_lossy(&out.stderr));
    assert!(
        csv.starts_with("period_start,version,activity,measure,key,count\n"),
        "{csv}"
    );
    assert!(csv.contains("\n,1,start,entered,,3\n"), "{csv}");
}
