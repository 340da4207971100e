//! A business user finishes a journey in the real app window, on the sample workspace's
//! configurations and fixtures, touching no file: from an empty journey, the journey's
//! properties and a data lookup, then entry → condition on the lookup's `data.` field →
//! action with an error path → wait → reaction with a timeout; then test mode plays it
//! with the schema form: one person steps through and is sent the reaction event, a
//! second waits out the timeout, a third's message bounces to the error path and a
//! fourth's cart was paid meanwhile (the lookup says so). What the window showed as saved
//! is what the workspace file holds. `cargo xtask test` runs it under Xvfb.

#[allow(dead_code)] // each test target uses part of it
mod support;

use parcours_workspace::model::{Activity, Reentrance, TimeZoneSetting, WaitSpec};
use support::{
    Driver, add_activity, artifacts, choose, click, connect, type_into, wait_attrs, wait_exactly, wait_for,
    wait_for_text,
};
use thirtyfour::prelude::*;

const DAY: u64 = 86_400;
const JOURNEY: &str = "cart_followup";

/// The canvas's nodes in the order they were added, which is the DOM's.
const NODES: [&str; 9] = [
    "end_1",
    "end_2",
    "end_3",
    "end_4",
    "reaction_1",
    "wait_1",
    "action_1",
    "condition_1",
    "entry_1",
];

/// The nodes of `NODES` that `lit` names, in `NODES`' order.
fn lit(path: &[&str]) -> Vec<&'static str> {
    NODES.iter().copied().filter(|n| path.contains(n)).collect()
}

async fn wait_lit(driver: &WebDriver, path: &[&str]) {
    wait_attrs(
        driver,
        "[data-testid='canvas-node'][data-lit='true']",
        "data-id",
        &lit(path),
    )
    .await;
}

/// A field of the test event's schema form.
fn form_input(pointer: &str) -> String {
    format!("[data-testid='test-panel'] [data-testid='form-input'][data-pointer='{pointer}']")
}

/// Rust's diagnostics under the field at `path`.
fn field_errors(path: &str) -> String {
    format!(".field-errors[data-path='{path}'] [data-testid='field-error']")
}

fn duration(path: &str, part: &str) -> String {
    format!("[data-testid='duration'][data-path='{path}'] {part}")
}

/// The window's page itself never scrolls: its columns do.
async fn page_does_not_scroll(driver: &WebDriver) {
    let sizes = driver
        .execute(
            "const e = document.scrollingElement; return [e.scrollHeight, e.clientHeight, e.scrollWidth, e.clientWidth];",
            vec![],
        )
        .await
        .unwrap()
        .json()
        .clone();
    let [height, window_height, width, window_width] = serde_json::from_value::<[u64; 4]>(sizes).unwrap();
    assert!(
        height <= window_height && width <= window_width,
        "the page scrolls: {width}×{height} in a {window_width}×{window_height} window"
    );
}

async fn screenshot(driver: &WebDriver, name: &str) {
    // The screenshot is of the last painted frame: let the latest state be painted first.
    driver
        .execute_async(
            "const done = arguments[0]; requestAnimationFrame(() => requestAnimationFrame(() => done()));",
            vec![],
        )
        .await
        .unwrap();
    driver
        .screenshot(&artifacts().join(format!("business-{name}.png")))
        .await
        .unwrap();
}

/// Description, tags, re-entrance, global timeout, time zone and the orders lookup, in
/// the properties panel.
async fn set_properties(driver: &WebDriver) {
    click(driver, "[data-testid='properties-toggle']").await;
    wait_for(driver, "[data-testid='properties-panel']", 1).await;
    type_into(
        driver,
        "[data-testid='journey-description']",
        "Reminds shoppers of an unpaid cart, then waits two days for their purchase.",
    )
    .await;
    type_into(driver, "[data-testid='tag-input']", "retention").await;
    click(driver, "[data-testid='tag-add']").await;
    wait_for(driver, "[data-testid='tag'][data-tag='retention']", 1).await;
    click(driver, "[data-testid='reentrance'] input[value='never']").await;
    let timeout = "properties.globalTimeoutSeconds";
    choose(driver, &duration(timeout, "select"), "days").await;
    type_into(driver, &duration(timeout, "input"), "30").await;
    type_into(
        driver,
        "[data-testid='time-zone'] input[data-path='properties.timeZone.zone']",
        "Europe/Pariss",
    )
    .await;
    // Rust's time zone check, under the field as it is typed; gone once corrected.
    let zone_error = field_errors("properties.timeZone.zone");
    wait_for_text(driver, &zone_error, "E_TIME_ZONE").await;
    type_into(
        driver,
        "[data-testid='time-zone'] input[data-path='properties.timeZone.zone']",
        "Europe/Paris",
    )
    .await;
    wait_exactly(driver, &zone_error, 0).await;

    choose(driver, "[data-testid='lookup-choice']", "orders/byCart").await;
    click(driver, "[data-testid='lookup-add']").await;
    wait_for(driver, "[data-testid='lookup'][data-key='orders/byCart']", 1).await;
    type_into(
        driver,
        "[data-testid='expression-input'][data-path='data[0].parameters.cartId']",
        "event.cartId",
    )
    .await;
    screenshot(driver, "properties").await;
    click(driver, "[data-testid='properties-toggle']").await;
    wait_exactly(driver, "[data-testid='properties-panel']", 0).await;
}

/// The activities, ends first so each is connected from the inspector as it is added.
async fn build_activities(driver: &WebDriver) {
    for end in ["end_1", "end_2", "end_3", "end_4"] {
        add_activity(driver, "end", end).await;
    }

    add_activity(driver, "reaction", "reaction_1").await;
    choose(driver, "[data-testid='inspector'] select", "order_placed").await;
    let timeout = "activity.timeoutSeconds";
    choose(driver, &duration(timeout, "select"), "days").await;
    type_into(driver, &duration(timeout, "input"), "2").await;
    connect(driver, "next", "end_1").await;
    connect(driver, "timeout", "end_2").await;

    // A wait starts at one hour.
    add_activity(driver, "wait", "wait_1").await;
    let amount = wait_for(driver, &duration("activity.wait.seconds", "input"), 1).await;
    assert_eq!(amount[0].prop("value").await.unwrap().as_deref(), Some("1"));
    connect(driver, "next", "reaction_1").await;

    add_activity(driver, "action", "action_1").await;
    choose(driver, "[data-testid='inspector'] select", "send_reminder").await;
    type_into(
        driver,
        "[data-testid='expression-input'][data-path='activity.mapping.payload.to']",
        "event.email",
    )
    .await;
    type_into(
        driver,
        "[data-testid='expression-input'][data-path='activity.mapping.payload.variables.cartTotal']",
        "event.cart.total",
    )
    .await;
    // No entry event yet, so Rust does not know `event`: its answer lands under both
    // fields. Waited for, so the layout it shifts is still when the ports are chosen.
    for path in ["payload.to", "payload.variables.cartTotal"] {
        wait_for_text(
            driver,
            &field_errors(&format!("activity.mapping.{path}")),
            "E_EXPR_UNKNOWN_FIELD",
        )
        .await;
    }
    click(driver, "[data-testid='action-error-path']").await;
    wait_for(driver, "[data-testid='port-target'][data-port='error']", 1).await;
    connect(driver, "success", "wait_1").await;
    connect(driver, "error", "end_3").await;
    // Drawn: the node's new port was measured.
    wait_for(driver, "[data-testid='rf__edge-action_1:error->end_3']", 1).await;

    // The condition reads the lookup: its field is offered by the picker, typed.
    add_activity(driver, "condition", "condition_1").await;
    let expression = "[data-testid='expression-input'][data-path='activity.paths[0].expression']";
    type_into(driver, expression, "!").await;
    let errors = field_errors("activity.paths[0].expression");
    wait_for(driver, &errors, 1).await;
    let picker = "[data-testid='inspector'] [data-testid='field-picker']";
    let option = format!("{picker} option[value='data.orders.byCart.paid']");
    let offered = wait_for(driver, &option, 1).await[0].text().await.unwrap();
    assert_eq!(offered, "data.orders.byCart.paid : bool");
    choose(driver, picker, "data.orders.byCart.paid").await;
    let written = wait_for(driver, expression, 1).await[0].prop("value").await.unwrap();
    assert_eq!(written.as_deref(), Some("!data.orders.byCart.paid"));
    wait_exactly(driver, &errors, 0).await;
    connect(driver, "yes", "action_1").await;
    connect(driver, "other", "end_4").await;

    add_activity(driver, "entry", "entry_1").await;
    choose(driver, "[data-testid='inspector'] select", "cart_abandoned").await;
    connect(driver, "next", "condition_1").await;
    wait_exactly(driver, ".react-flow__edge", 8).await;
    wait_exactly(driver, "[data-testid='problem'].problem-error", 0).await;
    wait_for(driver, "[data-testid='save-state'][data-state='saved']", 1).await;
    screenshot(driver, "designer").await;
}

/// One person steps through: past the wait, into the reaction, sent the purchase there.
async fn send_the_reaction(driver: &WebDriver) {
    click(driver, "[data-testid='test-toggle']").await;
    // The schema form, pre-filled from the event's example.
    type_into(driver, &form_input("/email"), "ada@example.com").await;
    type_into(driver, &form_input("/cartId"), "c-1").await;
    click(driver, "[data-testid='step-start']").await;
    wait_for(driver, "[data-testid='step-clock']", 1).await;
    click(driver, "[data-testid='step-timer']").await;
    let waiting = "[data-testid='waiting-reaction'][data-person='ada@example.com'][data-node='reaction_1']";
    wait_for_text(driver, waiting, "order_placed").await;
    wait_lit(driver, &["entry_1", "condition_1", "action_1", "wait_1", "reaction_1"]).await;

    click(driver, waiting).await;
    wait_for(driver, "[data-testid='reaction-sender']", 1).await;
    page_does_not_scroll(driver).await;
    wait_for_text(driver, "[data-testid='reaction-path-note']", "Before the timeout").await;
    // Without the order id the event requires, Rust refuses it and names the field.
    type_into(
        driver,
        "[data-testid='reaction-payload']",
        r#"{"eventType": "order.placed", "email": "ada@example.com", "total": 84.5}"#,
    )
    .await;
    click(driver, "[data-testid='reaction-send']").await;
    wait_for_text(driver, "[data-testid='reaction-payload-errors']", "/orderId").await;
    let order = "[data-testid='reaction-sender'] [data-testid='form-input'][data-pointer='/orderId']";
    type_into(driver, order, "o-77").await;
    click(driver, "[data-testid='reaction-send']").await;
    wait_for(driver, "[data-testid='reaction-sent']", 1).await;
    click(driver, "[data-testid='step-next']").await;
    wait_lit(
        driver,
        &["entry_1", "condition_1", "action_1", "wait_1", "reaction_1", "end_1"],
    )
    .await;
    wait_exactly(driver, "[data-testid='waiting-reaction']", 0).await;
    screenshot(driver, "test-reaction").await;
    click(driver, "[data-testid='step-stop']").await;
}

/// Runs one test event for `email` and `cart` and waits for its path.
async fn run_person(driver: &WebDriver, email: &str, cart: &str, path: &[&str]) {
    click(driver, "[data-testid='clear-test']").await;
    wait_exactly(driver, "[data-testid='canvas-node'][data-lit='true']", 0).await;
    type_into(driver, &form_input("/email"), email).await;
    type_into(driver, &form_input("/cartId"), cart).await;
    click(driver, "[data-testid='run-test']").await;
    wait_lit(driver, path).await;
    wait_for_text(driver, "[data-testid='test-log-row']", email).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_business_user_builds_and_plays_a_whole_journey_in_the_window() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("business.sqlite");
    let server = Driver::start(&db);
    let driver = server.session().await;
    wait_for(&driver, "[data-testid='journey-row']", 4).await;

    click(&driver, "[data-testid='new-journey']").await;
    type_into(&driver, "[data-testid='new-journey-dialog'] input", JOURNEY).await;
    click(&driver, "[data-testid='new-journey-dialog'] [data-testid='confirm']").await;
    wait_for(&driver, "[data-testid='palette']", 1).await;
    set_properties(&driver).await;
    build_activities(&driver).await;

    send_the_reaction(&driver).await;
    // Nobody sends the second person's purchase: two days later, the timeout path.
    let upstream = ["entry_1", "condition_1", "action_1", "wait_1", "reaction_1"];
    run_person(
        &driver,
        "grace@example.com",
        "c-2",
        &[&upstream[..], &["end_2"]].concat(),
    )
    .await;
    screenshot(&driver, "test-timeout").await;
    // The messaging fixture refuses bounced addresses: the action's error path.
    run_person(
        &driver,
        "lin@bounce.example",
        "c-3",
        &["entry_1", "condition_1", "action_1", "end_3"],
    )
    .await;
    // The orders fixture says carts `paid-…` were paid: the condition's other path.
    run_person(
        &driver,
        "max@example.com",
        "paid-4",
        &["entry_1", "condition_1", "end_4"],
    )
    .await;
    driver.quit().await.unwrap();

    // What the window saved is in the file, and valid.
    let ws = parcours_workspace::Workspace::open(
        &db,
        parcours_workspace::Actor::with_role("check", parcours_workspace::Role::Viewer),
    )
    .unwrap();
    let journey = ws.get_journey(JOURNEY).unwrap();
    assert_eq!(
        journey.description,
        "Reminds shoppers of an unpaid cart, then waits two days for their purchase."
    );
    assert_eq!(journey.tags, ["retention"]);
    let version = journey.latest().unwrap();
    let p = &version.properties;
    assert_eq!(p.reentrance, Reentrance::Never {});
    assert_eq!(p.global_timeout_seconds, 30 * DAY);
    assert_eq!(
        p.time_zone,
        TimeZoneSetting::Fixed {
            zone: "Europe/Paris".into()
        }
    );
    assert_eq!(version.data.len(), 1);
    let lookup = &version.data[0];
    assert_eq!((lookup.source.as_str(), lookup.group.as_str()), ("orders", "byCart"));
    assert_eq!(lookup.parameters["cartId"], "event.cartId");
    let activity = |id: &str| &version.nodes.iter().find(|n| n.id == id).unwrap().activity;
    match activity("reaction_1") {
        Activity::Reaction {
            event, timeout_seconds, ..
        } => {
            assert_eq!((event.as_str(), *timeout_seconds), ("order_placed", 2 * DAY))
        }
        other => panic!("reaction_1 is {other:?}"),
    }
    match activity("wait_1") {
        Activity::Wait {
            wait: WaitSpec::Duration { seconds },
            ..
        } => assert_eq!(*seconds, 3600),
        other => panic!("wait_1 is {other:?}"),
    }
    match activity("action_1") {
        Activity::Action {
            action,
            error_path,
            mapping,
            ..
        } => {
            assert_eq!(action, "send_reminder");
            assert!(*error_path);
            assert_eq!(mapping["payload.to"], "event.email");
        }
        other => panic!("action_1 is {other:?}"),
    }
    match activity("condition_1") {
        Activity::Condition { paths, .. } => assert_eq!(paths[0].expression, "!data.orders.byCart.paid"),
        other => panic!("condition_1 is {other:?}"),
    }
    assert_eq!(version.edges.len(), 8);
    let problems = ws.validate_journey(JOURNEY).unwrap();
    assert!(
        problems.iter().all(|d| !d.is_error()),
        "the saved journey is valid: {problems:?}"
    );
}
