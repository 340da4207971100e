//! The real app in a real WebKitGTK window, driven through tauri-driver and
//! WebKitWebDriver: what a user sees on first start and when the workspace file is
//! damaged; the key flow from configuration to a tested journey (with a test profile)
//! that survives a restart; and a large journey far out, drawn as one picture. `cargo
//! xtask test` runs it under Xvfb (feature `e2e` of parcours-app, which owns this test so
//! cargo builds the very binary under test).

#[allow(dead_code)] // each test target uses part of it
mod support;

use std::time::{Duration, Instant};

use support::{
    Driver, add_activity, artifacts, attrs, choose, click, connect, fit_to_far_view, type_into, wait_attrs,
    wait_exactly, wait_for, wait_for_text, workspace_with_large_journey,
};
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
        assert_eq!(kinds.iter().filter(|k| *k == "event").count(), 6);
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
        click(&driver, "[data-testid='back']").await;
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

/// The test payload box's JSON, once `ready` holds for it (the app fills it from Rust).
async fn poll_payload(driver: &WebDriver, ready: impl Fn(&serde_json::Value) -> bool) -> serde_json::Value {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let text = driver
            .find(By::Css("[data-testid='test-payload']"))
            .await
            .unwrap()
            .prop("value")
            .await
            .unwrap()
            .unwrap_or_default();
        if let Ok(value) = serde_json::from_str::<serde_json::Value>(&text)
            && ready(&value)
        {
            return value;
        }
        assert!(Instant::now() < deadline, "the payload never became ready: {text}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_key_flow_from_configuration_to_a_tested_journey_survives_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("flow.sqlite");
    let server = Driver::start(&db);
    let driver = server.session().await;
    wait_for(&driver, "[data-testid='journey-row']", 4).await;

    // A technical user defines the event…
    click(&driver, "[data-testid='manage-config'][data-kind='event']").await;
    click(&driver, "[data-testid='config-new']").await;
    type_into(
        &driver,
        "[data-testid='event-form'] [data-testid='form-name']",
        "order_paid",
    )
    .await;
    for (i, (name, kind)) in [("customerId", "string"), ("amount", "number")].into_iter().enumerate() {
        click(&driver, "[data-testid='add-field']").await;
        let row = format!("[data-testid='field-row']:nth-of-type({})", i + 1);
        type_into(&driver, &format!("{row} [data-testid='field-name']"), name).await;
        choose(&driver, &format!("{row} [data-testid='field-type']"), kind).await;
    }
    choose(&driver, "[data-testid='profile-id']", "customerId").await;
    type_into(
        &driver,
        "[data-testid='recognition-condition']",
        "has(event.customerId)",
    )
    .await;
    click(&driver, "[data-testid='form-save']").await;
    wait_for(&driver, "[data-testid='save-status'][data-state='saved']", 1).await;
    driver
        .screenshot(&artifacts().join("key-flow-event.png"))
        .await
        .unwrap();
    click(&driver, "[data-testid='config-close']").await;

    // …and the action.
    click(&driver, "[data-testid='manage-config'][data-kind='action']").await;
    click(&driver, "[data-testid='config-new']").await;
    type_into(
        &driver,
        "[data-testid='action-form'] [data-testid='form-name']",
        "thank_you",
    )
    .await;
    type_into(
        &driver,
        "[data-testid='action-url']",
        "https://thanks.example.com/v1/notes",
    )
    .await;
    type_into(
        &driver,
        "[data-testid='payload-example']",
        r#"{"to": "someone", "note": "Thanks"}"#,
    )
    .await;
    choose(
        &driver,
        "[data-testid='payload-row'][data-path='to'] [data-testid='payload-mode']",
        "variable",
    )
    .await;
    type_into(
        &driver,
        "[data-testid='payload-row'][data-path='to'] [data-testid='payload-label']",
        "Recipient",
    )
    .await;
    click(&driver, "[data-testid='form-save']").await;
    wait_for(&driver, "[data-testid='save-status'][data-state='saved']", 1).await;
    driver
        .screenshot(&artifacts().join("key-flow-action.png"))
        .await
        .unwrap();
    click(&driver, "[data-testid='config-close']").await;

    // A business user builds the journey, ends first so each activity is connected as
    // it is added (the inspector's "leads to" menus: no drag needed).
    click(&driver, "[data-testid='new-journey']").await;
    type_into(&driver, "[data-testid='new-journey-dialog'] input", "thanks_flow").await;
    click(&driver, "[data-testid='new-journey-dialog'] [data-testid='confirm']").await;
    wait_for(&driver, "[data-testid='palette']", 1).await;
    add_activity(&driver, "end", "end_1").await;
    add_activity(&driver, "end", "end_2").await;
    add_activity(&driver, "action", "action_1").await;
    choose(&driver, "[data-testid='inspector'] select", "thank_you").await;
    type_into(
        &driver,
        "[data-testid='expression-input'][data-path='activity.mapping.payload.to']",
        "event.customerId",
    )
    .await;
    connect(&driver, "success", "end_1").await;
    add_activity(&driver, "condition", "condition_1").await;
    // A typo the checker will catch.
    type_into(
        &driver,
        "[data-testid='expression-input'][data-path='activity.paths[0].expression']",
        "event.amout > 10.0",
    )
    .await;
    connect(&driver, "yes", "action_1").await;
    connect(&driver, "other", "end_2").await;
    add_activity(&driver, "entry", "entry_1").await;
    choose(&driver, "[data-testid='inspector'] select", "order_paid").await;
    connect(&driver, "next", "condition_1").await;
    wait_exactly(&driver, ".react-flow__edge", 4).await;

    // The problem is listed; clicking it opens the condition, where it is fixed. Other
    // problems of the condition (its ports, before the last connections were validated)
    // come and go first: wait until the typo is the only one left.
    let problem = "[data-testid='problem'][data-node='condition_1']";
    wait_attrs(&driver, problem, "data-code", &["E_EXPR_UNKNOWN_FIELD"]).await;
    click(&driver, problem).await;
    wait_for(
        &driver,
        "[data-testid='inspector'][data-node='condition_1'] [data-testid='field-error']",
        1,
    )
    .await;
    driver
        .screenshot(&artifacts().join("key-flow-problem.png"))
        .await
        .unwrap();
    type_into(
        &driver,
        "[data-testid='expression-input'][data-path='activity.paths[0].expression']",
        "event.amount > 10.0",
    )
    .await;
    wait_exactly(&driver, problem, 0).await;
    wait_exactly(&driver, "[data-testid='problem'].problem-error", 0).await;
    wait_for(&driver, "[data-testid='save-state'][data-state='saved']", 1).await;

    // A test event takes the path entry → condition → action → end, lit on the canvas.
    click(&driver, "[data-testid='test-toggle']").await;
    type_into(
        &driver,
        "[data-testid='test-payload']",
        r#"{"customerId": "c-42", "amount": 25.5}"#,
    )
    .await;
    click(&driver, "[data-testid='run-test']").await;
    // In the order the activities were added: end_1 (not end_2), action_1, condition_1, entry_1.
    wait_attrs(
        &driver,
        "[data-testid='canvas-node'][data-lit='true']",
        "data-id",
        &["end_1", "action_1", "condition_1", "entry_1"],
    )
    .await;
    wait_for(&driver, "[data-testid='test-log-row']", 4).await;
    driver
        .screenshot(&artifacts().join("key-flow-test-run.png"))
        .await
        .unwrap();

    // The same event step by step, on the virtual clock of a session in the app.
    click(&driver, "[data-testid='step-start']").await;
    wait_for(&driver, "[data-testid='step-clock']", 1).await;
    wait_exactly(&driver, "[data-testid='canvas-node'][data-lit='true']", 0).await;
    // One step handles the event: in, through the condition, up to the action's call.
    click(&driver, "[data-testid='step-next']").await;
    wait_exactly(&driver, "[data-testid='canvas-node'][data-lit='true']", 3).await;
    wait_exactly(
        &driver,
        "[data-testid='canvas-node'][data-id='end_1'][data-lit='true']",
        0,
    )
    .await;
    click(&driver, "[data-testid='step-run']").await;
    wait_exactly(&driver, "[data-testid='canvas-node'][data-lit='true']", 4).await;
    let next = driver
        .find(By::Css("[data-testid='step-next-at']"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(next.contains("nothing left"), "{next}");
    click(&driver, "[data-testid='step-stop']").await;

    // A test profile made in the Test data tab sends the next test event as that person.
    click(&driver, "[data-testid='test-tab-testData']").await;
    click(&driver, "[data-testid='profile-new']").await;
    type_into(
        &driver,
        "[data-testid='profile-form'] [data-testid='form-name']",
        "Big spender",
    )
    .await;
    type_into(&driver, "[data-testid='profile-id']", "c-big").await;
    type_into(&driver, "[data-testid='profile-values']", r#"{"amount": 99.5}"#).await;
    click(&driver, "[data-testid='profile-form'] [data-testid='form-save']").await;
    wait_for(&driver, "[data-testid='profile-item'][data-name='Big spender']", 1).await;
    click(&driver, "[data-testid='test-tab-event']").await;
    choose(&driver, "[data-testid='test-profile']", "Big spender").await;
    let payload = poll_payload(&driver, |p| p["customerId"] == "c-big").await;
    assert_eq!(payload["amount"], 99.5, "{payload}");
    click(&driver, "[data-testid='clear-test']").await;
    wait_exactly(&driver, "[data-testid='canvas-node'][data-lit='true']", 0).await;
    click(&driver, "[data-testid='run-test']").await;
    wait_exactly(&driver, "[data-testid='canvas-node'][data-lit='true']", 4).await;
    wait_for_text(&driver, "[data-testid='test-log-row']", "c-big").await;
    // The screenshot is of the last painted frame: let the result be painted first.
    driver
        .execute_async(
            "const done = arguments[0]; requestAnimationFrame(() => requestAnimationFrame(() => done()));",
            vec![],
        )
        .await
        .unwrap();
    driver
        .screenshot(&artifacts().join("key-flow-test-profile.png"))
        .await
        .unwrap();
    driver.quit().await.unwrap();

    // Restart: everything shown as saved is there.
    let driver = server.session().await;
    wait_for(&driver, "[data-testid='journey-row'][data-name='thanks_flow']", 1).await;
    wait_for(
        &driver,
        "[data-testid='config-item'][data-kind='event'][data-name='order_paid']",
        1,
    )
    .await;
    wait_for(
        &driver,
        "[data-testid='config-item'][data-kind='action'][data-name='thank_you']",
        1,
    )
    .await;
    click(
        &driver,
        "[data-testid='journey-row'][data-name='thanks_flow'] [data-testid='open-journey']",
    )
    .await;
    wait_exactly(&driver, "[data-testid='canvas-node']", 5).await;
    wait_exactly(&driver, ".react-flow__edge", 4).await;
    wait_exactly(&driver, "[data-testid='problem'].problem-error", 0).await;
    driver
        .screenshot(&artifacts().join("key-flow-after-restart.png"))
        .await
        .unwrap();
    driver.quit().await.unwrap();

    // What the window showed as saved is what the file holds.
    let ws = parcours_workspace::Workspace::open(
        &db,
        parcours_workspace::Actor::with_role("check", parcours_workspace::Role::Viewer),
    )
    .unwrap();
    let journey = ws.get_journey("thanks_flow").unwrap();
    let version = journey.latest().unwrap();
    let condition = version.nodes.iter().find(|n| n.id == "condition_1").unwrap();
    match &condition.activity {
        parcours_workspace::model::Activity::Condition { paths, .. } => {
            assert_eq!(paths[0].expression, "event.amount > 10.0")
        }
        other => panic!("condition_1 is {other:?}"),
    }
    assert_eq!(version.edges.len(), 4);
    assert!(
        ws.validate_journey("thanks_flow")
            .unwrap()
            .iter()
            .all(|d| !d.is_error()),
        "the fixed journey has no errors"
    );
    let profiles = ws.list_test_profiles().unwrap();
    let big = profiles
        .iter()
        .find(|p| p.name == "Big spender")
        .expect("the test profile was saved");
    assert_eq!(big.profile_id, "c-big");
    assert_eq!(big.values["amount"], 99.5);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_large_journey_far_out_is_one_picture_and_a_click_selects_in_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("large.sqlite");
    let bundle = workspace_with_large_journey(&db, 300);
    let entry = bundle.journeys[0].versions[0]
        .nodes
        .iter()
        .find(|n| matches!(n.activity, parcours_workspace::model::Activity::Entry { .. }))
        .unwrap()
        .clone();
    let server = Driver::start(&db);
    let driver = server.session().await;
    click(
        &driver,
        "[data-testid='journey-row'][data-name='large'] [data-testid='open-journey']",
    )
    .await;
    // It opens on the entry, drawn as a DOM node; the minimap is the light overview map.
    wait_for(
        &driver,
        &format!("[data-testid='canvas-node'][data-id='{}']", entry.id),
        1,
    )
    .await;
    wait_for(&driver, "[data-testid='overview-map'] img", 1).await;

    // Zoomed out to the whole journey, it is one picture the window really shows.
    fit_to_far_view(&driver).await;
    driver
        .screenshot(&artifacts().join("far-view-real-window.png"))
        .await
        .unwrap();

    // A click on the entry's box selects it: the inspector opens on it.
    let spot = driver
        .execute(
            "const m = /translate\\((-?[\\d.]+)px, (-?[\\d.]+)px\\) scale\\(([\\d.]+)\\)/.exec(
               document.querySelector('.react-flow__viewport').style.transform);
             const pane = document.querySelector('.react-flow').getBoundingClientRect();
             const [x, y, k] = m.slice(1).map(Number);
             return [Math.round(pane.left + x + k * (arguments[0] + 100)), Math.round(pane.top + y + k * (arguments[1] + 40))];",
            vec![serde_json::json!(entry.position.x), serde_json::json!(entry.position.y)],
        )
        .await
        .unwrap()
        .json()
        .clone();
    let (x, y) = (spot[0].as_i64().unwrap(), spot[1].as_i64().unwrap());
    driver.action_chain().move_to(x, y).click().perform().await.unwrap();
    wait_for(
        &driver,
        &format!("[data-testid='inspector'][data-node='{}']", entry.id),
        1,
    )
    .await;
    wait_exactly(&driver, "[data-testid='far-view-selected']", 1).await;
    driver.quit().await.unwrap();
}
