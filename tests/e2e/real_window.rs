//! The real app in a real WebKitGTK window, driven through tauri-driver and
//! WebKitWebDriver: what a user sees on first start, and what they see when the
//! workspace file is damaged. `cargo xtask test` runs it under Xvfb (feature `e2e` of
//! parcours-app, which owns this test so cargo builds the very binary under test).

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use thirtyfour::prelude::*;

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

/// The app binary cargo built for this test, serving the UI from `ui/dist`.
fn app_binary() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_parcours-app"))
}

fn artifacts() -> PathBuf {
    let dir = workspace_root().join("tests/artifacts");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// tauri-driver on free ports, stopped with SIGTERM so WebKitWebDriver exits too.
struct Driver {
    child: Child,
    port: u16,
}

impl Driver {
    fn start(db: &Path) -> Driver {
        let port = free_port();
        let native = free_port();
        let program = std::env::var("TAURI_DRIVER").unwrap_or_else(|_| "tauri-driver".into());
        let child = Command::new(&program)
            .args(["--port", &port.to_string(), "--native-port", &native.to_string()])
            .args(["--native-driver", "/usr/bin/WebKitWebDriver"])
            .env("PARCOURS_DB", db)
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {program}: {e} (cargo install tauri-driver --locked)"));
        let deadline = Instant::now() + Duration::from_secs(30);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "tauri-driver did not listen on {port}");
            std::thread::sleep(Duration::from_millis(50));
        }
        Driver { child, port }
    }

    async fn session(&self) -> WebDriver {
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
async fn wait_for(driver: &WebDriver, css: &str, count: usize) -> Vec<WebElement> {
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

async fn attrs(elements: &[WebElement], name: &str) -> Vec<String> {
    let mut out = Vec::new();
    for e in elements {
        out.push(e.attr(name).await.unwrap().unwrap_or_default());
    }
    out
}

#[tokio::test(flavor = "multi_thread")]
async fn first_start_shows_the_sample_workspace_and_damage_is_reported() {
    let dir = tempfile::tempdir().unwrap();

    // First start on an empty workspace: the samples are imported and listed.
    let db = dir.path().join("first.sqlite");
    {
        let server = Driver::start(&db);
        let driver = server.session().await;
        let rows = wait_for(&driver, "[data-testid='journey-row']", 4).await;
        assert_eq!(
            attrs(&rows, "data-name").await,
            ["cart_recovery", "loyalty_upgrade", "vip_onboarding", "welcome_series"]
        );
        let row_text = rows[0].text().await.unwrap();
        assert!(row_text.contains("Live") && row_text.contains("v1"), "{row_text}");
        let configs = wait_for(&driver, "[data-testid='config-item']", 10).await;
        let kinds = attrs(&configs, "data-kind").await;
        assert_eq!(kinds.iter().filter(|k| *k == "event").count(), 5);
        assert_eq!(kinds.iter().filter(|k| *k == "dataSource").count(), 1);
        assert_eq!(kinds.iter().filter(|k| *k == "action").count(), 4);
        let path = driver
            .find(By::Css("[data-testid='db-path']"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(path.ends_with("first.sqlite"), "{path}");
        driver.screenshot(&artifacts().join("home.png")).await.unwrap();

        // A journey opens on the canvas, with its activities and connections.
        let open = driver
            .find(By::Css(
                "[data-testid='journey-row'][data-name='cart_recovery'] [data-testid='open-journey']",
            ))
            .await
            .unwrap();
        open.click().await.unwrap();
        let nodes = wait_for(&driver, "[data-testid='canvas-node']", 7).await;
        assert_eq!(nodes.len(), 7);
        wait_for(&driver, ".react-flow__edge", 6).await;
        driver.screenshot(&artifacts().join("canvas.png")).await.unwrap();
        driver
            .find(By::Css("[data-testid='back']"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        wait_for(&driver, "[data-testid='journey-row']", 4).await;

        // Typing in the search box filters the list (on name and description).
        let search = driver.find(By::Css("input[type='search']")).await.unwrap();
        search.send_keys("vip").await.unwrap();
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let rows = driver.find_all(By::Css("[data-testid='journey-row']")).await.unwrap();
            let names = attrs(&rows, "data-name").await;
            if names == ["loyalty_upgrade", "vip_onboarding"] {
                break;
            }
            assert!(Instant::now() < deadline, "search did not filter: {names:?}");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        driver.quit().await.unwrap();
    }
    assert!(db.exists(), "the app created its workspace file");

    // A damaged workspace: the window says so with the error's code; the file is untouched.
    let damaged = dir.path().join("damaged.sqlite");
    std::fs::write(&damaged, b"not a database at all").unwrap();
    {
        let server = Driver::start(&damaged);
        let driver = server.session().await;
        let banner = wait_for(&driver, "[data-testid='error-banner']", 1).await;
        let text = banner[0].text().await.unwrap();
        assert!(text.contains("CORRUPT_DATABASE"), "{text}");
        assert!(text.contains("damaged.sqlite"), "{text}");
        driver
            .screenshot(&artifacts().join("damaged-workspace.png"))
            .await
            .unwrap();
        driver.quit().await.unwrap();
    }
    assert_eq!(std::fs::read(&damaged).unwrap(), b"not a database at all");
}
