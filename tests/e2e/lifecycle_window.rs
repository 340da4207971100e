//! The publish lifecycle in the real app window: a business user publishes a sample
//! journey, edits it as a new version (Publish is disabled while it has errors),
//! publishes that, sees the diff on the canvas, rolls back, pauses, resumes and stops it
//! and reads the audit log; after a restart all of it is still there. Driven through tauri-driver and WebKitWebDriver
//! under Xvfb (`cargo xtask test real-window`).

#[allow(dead_code)] // each test target uses part of it
mod support;

use support::{Driver, artifacts, click, type_into, wait_attrs, wait_exactly, wait_for};
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

/// Waits until the versions panel lists exactly these states, v1 first.
async fn wait_versions(driver: &WebDriver, states: &[&str]) {
    wait_attrs(driver, "[data-testid='version-row']", "data-state", states).await;
}

/// Waits until the audit log shows exactly these actions, newest first.
async fn wait_audit(driver: &WebDriver, actions: &[&str]) {
    wait_attrs(driver, "[data-testid='audit-entry']", "data-action", actions).await;
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
        wait_versions(&driver, &["closed", "live"]).await;
        click(
            &driver,
            "[data-testid='version-row'][data-version='2'] [data-testid='compare-previous']",
        )
        .await;
        wait_for(&driver, "[data-testid='diff-view'][data-from='1'][data-to='2']", 1).await;
        wait_attrs(
            &driver,
            "[data-testid='diff-canvas'] [data-testid='canvas-node'][data-diff='changed']",
            "data-id",
            &["wait_1d"],
        )
        .await;
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
        wait_versions(&driver, &["closed", "closed", "live"]).await;

        // The audit log, newest first.
        wait_audit(
            &driver,
            &["closed", "rolledBack", "closed", "published", "newVersion", "published"],
        )
        .await;
        driver
            .screenshot(&artifacts().join("lifecycle-versions.png"))
            .await
            .unwrap();

        // Pause and resume the live version; then stop the journey (confirmed).
        click(&driver, "[data-testid='journey-pause']").await;
        wait_for(
            &driver,
            "[data-testid='version-row'][data-version='3'][data-state='paused']",
            1,
        )
        .await;
        version_state(&driver, "paused").await;
        click(&driver, "[data-testid='journey-resume']").await;
        wait_for(
            &driver,
            "[data-testid='version-row'][data-version='3'][data-state='live']",
            1,
        )
        .await;
        click(&driver, "[data-testid='journey-stop']").await;
        click(&driver, "dialog [data-testid='confirm']").await;
        wait_for(&driver, "[data-testid='version-row'][data-state='stopped']", 3).await;
        version_state(&driver, "stopped").await;
        wait_exactly(&driver, "[data-testid='journey-stop']", 0).await;
        wait_versions(&driver, &["stopped", "stopped", "stopped"]).await;
        driver.quit().await.unwrap();
    }

    // After a restart: the journey is stopped in the list, its versions and log are kept.
    let server = Driver::start(&db);
    let driver = server.session().await;
    let row = format!("[data-testid='journey-row'][data-name='{JOURNEY}']");
    wait_for(
        &driver,
        &format!("{row} [data-testid='journey-state'][data-state='stopped']"),
        1,
    )
    .await;
    click(&driver, &format!("{row} [data-testid='open-journey']")).await;
    version_state(&driver, "stopped").await;
    click(&driver, "[data-testid='versions-toggle']").await;
    wait_versions(&driver, &["stopped", "stopped", "stopped"]).await;
    wait_audit(
        &driver,
        &[
            "stopped",
            "stopped",
            "stopped",
            "resumed",
            "paused",
            "closed",
            "rolledBack",
            "closed",
            "published",
            "newVersion",
            "published",
        ],
    )
    .await;
    // A stopped journey goes on only as a new version.
    wait_for(&driver, "[data-testid='new-version']", 1).await;
    driver.quit().await.unwrap();
}
