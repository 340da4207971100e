//! The publish lifecycle in the real app window: a business user publishes a sample
//! journey, edits it as a new version (Publish is disabled while it has errors),
//! publishes that, sees the diff on the canvas, rolls back and reads the audit log; after
//! a restart all of it is still there. Driven through tauri-driver and WebKitWebDriver
//! under Xvfb (`cargo xtask test real-window`).

#[allow(dead_code)] // each test target uses part of it
mod support;

use support::{Driver, artifacts, attrs, click, type_into, wait_exactly, wait_for};
use thirtyfour::prelude::*;

const JOURNEY: &str = "welcome_series";

async fn version_state(driver: &WebDriver, state: &str) {
    wait_for(
        driver,
        &format!("[data-testid='version-state'][data-state='{state}']"),
        1,
    )
    .await;
}

/// The versions panel's rows as (version, state).
async fn version_rows(driver: &WebDriver) -> Vec<(String, String)> {
    let rows = driver.find_all(By::Css("[data-testid='version-row']")).await.unwrap();
    attrs(&rows, "data-version")
        .await
        .into_iter()
        .zip(attrs(&rows, "data-state").await)
        .collect()
}

async fn publish_from_the_dialog(driver: &WebDriver) {
    click(driver, "[data-testid='publish']").await;
    let frozen = wait_for(driver, "[data-testid='publish-dialog'] [data-testid='frozen-parts']", 1).await;
    let text = frozen[0].text().await.unwrap();
    assert!(
        text.contains("user_signed_up"),
        "the dialog says what is frozen: {text}"
    );
    click(driver, "[data-testid='publish-dialog'] [data-testid='confirm']").await;
    wait_exactly(driver, "[data-testid='publish-dialog']", 0).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn publish_edit_diff_roll_back_and_find_it_all_after_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("lifecycle.sqlite");
    {
        let server = Driver::start(&db);
        let driver = server.session().await;
        let row = format!("[data-testid='journey-row'][data-name='{JOURNEY}']");
        wait_for(
            &driver,
            &format!("{row} [data-testid='journey-state'][data-state='draft']"),
            1,
        )
        .await;
        click(&driver, &format!("{row} [data-testid='open-journey']")).await;
        wait_for(&driver, "[data-testid='canvas-node']", 9).await;

        // v1: published from the draft.
        version_state(&driver, "draft").await;
        wait_for(&driver, "[data-testid='save-state'][data-state='saved']", 1).await;
        publish_from_the_dialog(&driver).await;
        version_state(&driver, "live").await;
        wait_for(&driver, "[data-testid='read-only']", 1).await;

        // v2: a new version, one activity renamed, published (v1 closes).
        click(&driver, "[data-testid='new-version']").await;
        version_state(&driver, "draft").await;
        // An activity left unconnected is an error: Publish is disabled, with the reason.
        click(&driver, "[data-testid='palette-item'][data-kind='end']").await;
        wait_for(&driver, "[data-testid='canvas-node']", 10).await;
        let reason = wait_for(&driver, "[data-testid='publish-blocked']", 1).await;
        let reason = reason[0].text().await.unwrap();
        assert!(reason.contains("error"), "{reason}");
        let publish = driver.find(By::Css("[data-testid='publish']")).await.unwrap();
        assert!(
            !publish.is_enabled().await.unwrap(),
            "Publish is disabled while errors exist"
        );
        click(&driver, "[data-testid='undo']").await;
        wait_exactly(&driver, "[data-testid='canvas-node']", 9).await;
        wait_exactly(&driver, "[data-testid='publish-blocked']", 0).await;
        click(&driver, "[data-testid='canvas-node'][data-id='wait_1d']").await;
        wait_for(&driver, "[data-testid='inspector'][data-node='wait_1d']", 1).await;
        type_into(&driver, "[data-testid='node-label']", "Wait a day").await;
        wait_for(&driver, "[data-testid='save-state'][data-state='saved']", 1).await;
        publish_from_the_dialog(&driver).await;
        version_state(&driver, "live").await;

        // The versions panel: v1 closed, v2 live; the diff of v2 on the canvas.
        click(&driver, "[data-testid='versions-toggle']").await;
        wait_for(&driver, "[data-testid='version-row']", 2).await;
        assert_eq!(
            version_rows(&driver).await,
            [("1".into(), "closed".into()), ("2".into(), "live".into())]
        );
        click(
            &driver,
            "[data-testid='version-row'][data-version='2'] [data-testid='compare-previous']",
        )
        .await;
        wait_for(&driver, "[data-testid='diff-view'][data-from='1'][data-to='2']", 1).await;
        let changed = wait_for(
            &driver,
            "[data-testid='diff-canvas'] [data-testid='canvas-node'][data-diff='changed']",
            1,
        )
        .await;
        assert_eq!(attrs(&changed, "data-id").await, ["wait_1d"]);
        wait_exactly(
            &driver,
            "[data-testid='diff-canvas'] [data-testid='canvas-node'][data-diff='added']",
            0,
        )
        .await;
        let listed = wait_for(
            &driver,
            "[data-testid='diff-activity'][data-id='wait_1d'][data-change='changed']",
            1,
        )
        .await;
        let text = listed[0].text().await.unwrap();
        assert!(text.contains("label") && text.contains("Wait a day"), "{text}");
        driver
            .screenshot(&artifacts().join("lifecycle-diff.png"))
            .await
            .unwrap();
        click(&driver, "[data-testid='close-diff']").await;
        wait_exactly(&driver, "[data-testid='diff-view']", 0).await;

        // Roll back to v1: v3 is live with v1's journey; v2 is closed.
        click(
            &driver,
            "[data-testid='version-row'][data-version='1'] [data-testid='rollback']",
        )
        .await;
        click(&driver, "dialog [data-testid='confirm']").await;
        wait_for(
            &driver,
            "[data-testid='version-row'][data-version='3'][data-state='live']",
            1,
        )
        .await;
        assert_eq!(
            version_rows(&driver).await,
            [
                ("1".into(), "closed".into()),
                ("2".into(), "closed".into()),
                ("3".into(), "live".into())
            ]
        );

        // The audit log, newest first.
        let entries = wait_for(&driver, "[data-testid='audit-entry']", 6).await;
        let actions = attrs(&entries, "data-action").await;
        assert_eq!(
            actions,
            ["closed", "rolledBack", "closed", "published", "newVersion", "published"],
            "the audit log"
        );
        driver
            .screenshot(&artifacts().join("lifecycle-versions.png"))
            .await
            .unwrap();
        driver.quit().await.unwrap();
    }

    // After a restart: the journey is live in the list, its versions and log are kept.
    let server = Driver::start(&db);
    let driver = server.session().await;
    let row = format!("[data-testid='journey-row'][data-name='{JOURNEY}']");
    wait_for(
        &driver,
        &format!("{row} [data-testid='journey-state'][data-state='live']"),
        1,
    )
    .await;
    click(&driver, &format!("{row} [data-testid='open-journey']")).await;
    version_state(&driver, "live").await;
    click(&driver, "[data-testid='versions-toggle']").await;
    wait_for(&driver, "[data-testid='version-row']", 3).await;
    assert_eq!(
        version_rows(&driver).await,
        [
            ("1".into(), "closed".into()),
            ("2".into(), "closed".into()),
            ("3".into(), "live".into())
        ]
    );
    wait_for(&driver, "[data-testid='audit-entry']", 6).await;
    driver.quit().await.unwrap();
}
