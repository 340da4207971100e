//! Access in the real app window: a business user's first start on a workspace an
//! administrator set up (the samples are seeded, the header names them, configuration
//! forms are read-only with the reason), the API refusing what the role may not do even
//! when a script in the window asks directly, and the file doors refusing any file not
//! chosen in a dialog of this run. Driven through tauri-driver and WebKitWebDriver under
//! Xvfb (`cargo xtask test real-window`).

#[allow(dead_code)] // each test target uses part of it
mod support;

use support::{Driver, artifacts, click, wait_for};
use thirtyfour::prelude::*;

/// Calls a Tauri command from inside the window, as any script there could; gives
/// `{ok}` or `{error}` (the `{code, message}` the command answered).
const INVOKE: &str = r#"
const [command, args, done] = arguments;
window.__TAURI_INTERNALS__.invoke(command, args).then(
  (ok) => done({ ok: ok === undefined ? null : ok }),
  (error) => done({ error }),
);
"#;

async fn invoke(driver: &WebDriver, command: &str, args: serde_json::Value) -> serde_json::Value {
    driver
        .execute_async(INVOKE, vec![serde_json::json!(command), args])
        .await
        .unwrap()
        .json()
        .clone()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_business_users_first_start_is_read_only_where_it_must_be_and_the_doors_hold() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("team.sqlite");
    {
        // The administrator made the workspace and added bo; nothing is in it yet.
        let admin = parcours_workspace::Actor::with_role("ada", parcours_workspace::Role::Administrator);
        let mut ws = parcours_workspace::Workspace::open(&db, admin).unwrap();
        ws.add_user("ada", parcours_workspace::Role::Administrator).unwrap();
        ws.add_user("bo", parcours_workspace::Role::Business).unwrap();
    }
    let server = Driver::start_with_env(&db, &[("PARCOURS_USER", "bo")]);
    let driver = server.session().await;

    // First start: the samples are there, and the app says who is working.
    wait_for(&driver, "[data-testid='journey-row']", 4).await;
    let who = wait_for(&driver, "[data-testid='current-user'][data-state='ready']", 1).await;
    let text = who[0].text().await.unwrap();
    assert!(
        text.contains("bo") && text.to_lowercase().contains("business"),
        "{text}"
    );
    wait_for(&driver, "[data-testid='current-user-role'][data-role='business']", 1).await;

    // Configurations are read-only for a business user, with the reason.
    click(&driver, "[data-testid='manage-config'][data-kind='event']").await;
    let note = wait_for(&driver, "[data-testid='config-permission-note']", 1).await;
    let reason = note[0].text().await.unwrap();
    assert!(reason.contains("business"), "{reason}");
    click(&driver, "[data-testid='config-edit']").await;
    wait_for(&driver, "[data-testid='event-form'][data-read-only='true']", 1).await;
    let read_only = wait_for(&driver, "[data-testid='form-read-only']", 1).await;
    assert!(read_only[0].text().await.unwrap().starts_with("Read-only."));
    // `:disabled` also covers inputs in a disabled fieldset (WebDriver's "enabled"
    // looks at the element alone in WebKit).
    let disabled = driver
        .execute(
            "return document.querySelector(\"[data-testid='form-name']\").matches(':disabled')",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(disabled.json(), &serde_json::json!(true), "inputs are read-only");
    driver
        .screenshot(&artifacts().join("access-business-first-start.png"))
        .await
        .unwrap();

    // The API refuses what the role may not do, whoever asks.
    let event = invoke(&driver, "list_events", serde_json::json!({})).await["ok"][0].clone();
    assert!(event["name"].is_string(), "{event}");
    let refused = invoke(&driver, "save_event", serde_json::json!({ "event": event })).await;
    assert_eq!(refused["error"]["code"], "FORBIDDEN", "{refused}");
    let refused = invoke(&driver, "list_users", serde_json::json!({})).await;
    assert_eq!(refused["error"]["code"], "FORBIDDEN", "{refused}");

    // A file not chosen in this run's dialogs cannot be read or written.
    let forged = invoke(
        &driver,
        "import_bundle_file",
        serde_json::json!({ "token": "00112233445566778899aabbccddeeff", "allowOriginChange": false }),
    )
    .await;
    assert_eq!(forged["error"]["code"], "FORBIDDEN", "{forged}");
    let written = dir.path().join("stolen.parcours.json");
    let by_path = invoke(
        &driver,
        "export_bundle_file",
        serde_json::json!({ "path": written.display().to_string(), "journey": null }),
    )
    .await;
    assert!(
        by_path["error"].is_string() || by_path["error"].is_object(),
        "{by_path}"
    );
    assert!(!written.exists(), "a path from the window writes nothing");
    driver.quit().await.unwrap();
}
