//! The real app in a real WebKitGTK window, driven through tauri-driver and
//! WebKitWebDriver: what a user sees on first start, and what they see when the
//! workspace file is damaged. `cargo xtask test` runs it under Xvfb (feature `e2e` of
//! parcours-app, which owns this test so cargo builds the very binary under test).

#[allow(dead_code)] // each test target uses part of it
mod support;

use std::time::{Duration, Instant};

use support::{Driver, artifacts, attrs, wait_for};
use thirtyfour::prelude::*;

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
