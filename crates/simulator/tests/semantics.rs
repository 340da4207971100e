//! Every activity's semantics, through the simulator and the example bundles:
//! what people do, when (virtual time), and what the reports count.

use chrono::{DateTime, Duration, Utc};
use parcours_engine::Outcome;
use parcours_model::{Activity, Bundle, DatePath, JourneyStatus};
use parcours_simulator::{Options, Simulator, TestEvent, TraceKind, parse_jsonl};
use serde_json::{Value, json};

const CART: &str = include_str!("../../../examples/cart_abandonment.parcours.json");
const WELCOME: &str = include_str!("../../../examples/welcome_series.parcours.json");
const LOYALTY: &str = include_str!("../../../examples/loyalty_upgrade.parcours.json");

fn t(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

fn sim(bundle: &Bundle, journey: &str, seed: u64) -> Simulator {
    let options = Options {
        seed,
        start: t("2026-01-15T09:00:00Z"),
        trace: true,
        real: None,
    };
    Simulator::new(bundle, journey, options).unwrap()
}

fn event(at: &str, name: &str, overrides: Value) -> TestEvent {
    TestEvent {
        at: t(at),
        event: Some(name.into()),
        payload: None,
        overrides: overrides.as_object().cloned(),
        profile: None,
    }
}

fn cart(email: &str, cart_id: &str, at: &str) -> TestEvent {
    event(at, "cart_abandoned", json!({"email": email, "cartId": cart_id}))
}

#[test]
fn an_unpaid_cart_gets_a_reminder_an_hour_later() {
    let bundle = Bundle::parse(CART).unwrap();
    let mut s = sim(&bundle, "cart_recovery", 1);
    s.push_event(0, &cart("ada@example.com", "c-1", "2026-01-15T09:00:00Z"))
        .unwrap();
    s.run();
    let r = s.report();
    assert_eq!(r.exits("cart_recovery", "still_unpaid", "unpaid"), 1);
    assert_eq!(r.exits("cart_recovery", "remind", "success"), 1);
    assert_eq!(r.journeys["cart_recovery"].finished, 1);
    let (inst, trace) = s.traces().next().unwrap();
    assert_eq!(inst.actions["send_reminder"].status, "http_202");
    // The lookup happens after the hour; the reminder carries the mapped values.
    let request = trace
        .iter()
        .find_map(|e| match &e.kind {
            TraceKind::Request { target, request } if target == "send_reminder" => Some((e.at, request.clone())),
            _ => None,
        })
        .unwrap();
    assert_eq!(
        request.0,
        t("2026-01-15T10:00:00.040Z"),
        "after the wait and the lookup's latency"
    );
    assert_eq!(request.1["body"]["to"], "ada@example.com");
    assert_eq!(request.1["body"]["template"], "cart_reminder");
    assert_eq!(request.1["body"]["variables"]["itemCount"], 1);
    // Opaque: the same for every retry of this call, no personal data in it.
    let key = request.1["idempotencyKey"].as_str().unwrap();
    assert_eq!(key.len(), 32);
    assert!(key.chars().all(|c| c.is_ascii_hexdigit()), "{key}");
    let lookup = trace.iter().find_map(|e| match &e.kind {
        TraceKind::Response { target, status, body } if target == "orders.byCart" => {
            Some((status.clone(), body.clone()))
        }
        _ => None,
    });
    assert_eq!(
        lookup.map(|(s, b)| (s, b["paid"].clone())),
        Some(("ok".into(), json!(false)))
    );
    let evaluated = trace.iter().find_map(|e| match &e.kind {
        TraceKind::Evaluated { expression, value } => Some((expression.clone(), value.clone())),
        _ => None,
    });
    assert_eq!(
        evaluated,
        Some((
            "!data.orders.byCart.paid && event.cart.total > 0.0".into(),
            "true".into()
        ))
    );
}

#[test]
fn a_paid_cart_takes_the_other_path_and_errors_take_the_error_path() {
    let bundle = Bundle::parse(CART).unwrap();
    let mut s = sim(&bundle, "cart_recovery", 1);
    s.push_event(0, &cart("grace@example.com", "paid-77", "2026-01-15T09:00:00Z"))
        .unwrap();
    s.push_event(1, &cart("lin@bounce.example", "c-2", "2026-01-15T09:01:00Z"))
        .unwrap();
    s.run();
    let r = s.report();
    assert_eq!(r.exits("cart_recovery", "still_unpaid", "other"), 1);
    assert_eq!(r.exits("cart_recovery", "remind", "error"), 1);
    assert_eq!(r.nodes["cart_recovery"]["end_failed"].entered, 1);
    // The failed call is reported by reason even though the error path caught it.
    assert_eq!(
        r.nodes["cart_recovery"]["remind"].failed_calls,
        [("http_503".to_string(), 1)].into()
    );
    assert_eq!(r.nodes["cart_recovery"]["remind"].errors, 0);
    let bounced = s
        .instances()
        .into_iter()
        .find(|i| i.profile_id == "lin@bounce.example")
        .unwrap();
    assert_eq!(bounced.actions["send_reminder"].status, "http_503");
    assert!(!bounced.actions["send_reminder"].ok);
}

#[test]
fn reentrance_waits_and_people_already_inside_are_discarded() {
    // cart_recovery: re-entry after 1 day.
    let bundle = Bundle::parse(CART).unwrap();
    let mut s = sim(&bundle, "cart_recovery", 1);
    for (i, at) in [
        "2026-01-15T09:00:00Z",
        "2026-01-15T09:30:00Z",
        "2026-01-15T12:00:00Z",
        "2026-01-16T09:00:01Z",
    ]
    .iter()
    .enumerate()
    {
        s.push_event(i, &cart("ada@example.com", "c-1", at)).unwrap();
    }
    s.run();
    let r = s.report();
    assert_eq!(r.journeys["cart_recovery"].entered, 2);
    assert_eq!(r.discarded.get("alreadyInJourney"), Some(&1));
    assert_eq!(r.discarded.get("reentranceWait"), Some(&1));

    // welcome_series: never.
    let bundle = Bundle::parse(WELCOME).unwrap();
    let mut s = sim(&bundle, "welcome_series", 1);
    let signup = |at: &str| event(at, "user_signed_up", json!({"userId": "u-1"}));
    s.push_event(0, &signup("2026-01-15T09:00:00Z")).unwrap();
    s.push_event(1, &signup("2026-03-01T09:00:00Z")).unwrap();
    s.run();
    assert_eq!(s.report().discarded.get("reentranceNever"), Some(&1));
}

#[test]
fn bad_events_are_discarded_with_their_reason() {
    let bundle = Bundle::parse(CART).unwrap();
    let mut s = sim(&bundle, "cart_recovery", 1);
    let raw = |payload: Value| TestEvent {
        at: t("2026-01-15T09:00:00Z"),
        event: None,
        payload: Some(payload),
        overrides: None,
        profile: None,
    };
    // Recognised by its rule, but `cart.total` is not a number.
    s.push_event(0, &raw(json!({"eventType": "cart.abandoned", "email": "a@b.c", "cartId": "c", "abandonedAt": "2026-01-15T08:00:00Z", "cart": {"total": "lots"}}))).unwrap();
    s.push_event(1, &raw(json!({"eventType": "page.viewed"}))).unwrap();
    s.push_event(2, &raw(json!({"eventType": "cart.abandoned", "email": "a@b.c", "cartId": "c", "abandonedAt": "2026-01-15T08:00:00Z", "cart": {"total": 3.5}}))).unwrap();
    s.run();
    let r = s.report();
    assert_eq!(r.discarded.get("schemaMismatch"), Some(&1));
    assert_eq!(r.discarded.get("unrecognised"), Some(&1));
    assert_eq!(
        r.journeys["cart_recovery"].entered, 1,
        "the recognised, valid one enters"
    );
    assert_eq!(r.events, 3);
}

fn purchase(at: &str, customer: &str, spent: f64, tier: &str) -> TestEvent {
    event(
        at,
        "purchase_completed",
        json!({"customerId": customer, "totalSpent": spent, "tier": tier}),
    )
}

#[test]
fn a_reaction_continues_on_the_event_or_times_out() {
    let bundle = Bundle::parse(LOYALTY).unwrap();
    let mut s = sim(&bundle, "loyalty_upgrade", 11);
    // Noon in Paris: daytime, the push goes at once.
    s.push_event(0, &purchase("2026-01-15T11:00:00Z", "cu-1", 1500.0, "silver"))
        .unwrap();
    s.push_event(1, &purchase("2026-01-15T11:00:00Z", "cu-2", 1500.0, "silver"))
        .unwrap();
    s.push_event(
        2,
        &event("2026-01-18T10:00:00Z", "coupon_redeemed", json!({"customerId": "cu-1"})),
    )
    .unwrap();
    s.push_event(3, &purchase("2026-01-15T11:00:00Z", "cu-3", 200.0, "silver"))
        .unwrap();
    s.run();
    let r = s.report();
    assert_eq!(r.exits("loyalty_upgrade", "redeemed", "next"), 1);
    assert_eq!(r.exits("loyalty_upgrade", "redeemed", "timeout"), 1);
    assert_eq!(r.exits("loyalty_upgrade", "eligible", "other"), 1);
    // The redeemer jumped into vip_onboarding and went through it.
    assert_eq!(r.journeys["loyalty_upgrade"].jumped, 1);
    assert_eq!(r.journeys["vip_onboarding"].entered, 1);
    assert_eq!(r.journeys["vip_onboarding"].finished, 1);
    let cu2 = s.instances().into_iter().find(|i| i.profile_id == "cu-2").unwrap();
    assert_eq!(cu2.outcome(), Some(&Outcome::Ended));
    // 7 days after the push, virtual time.
    let (_, trace) = s.traces().find(|(i, _)| i.profile_id == "cu-2").unwrap();
    let timeout = trace
        .iter()
        .find(|e| matches!(&e.kind, TraceKind::Exited { port } if port == "timeout"))
        .unwrap();
    assert_eq!(
        timeout.at,
        t("2026-01-15T11:00:00.060Z") + Duration::days(7) + Duration::milliseconds(30)
    );
}

#[test]
fn time_conditions_use_the_journeys_zone() {
    let mut bundle = Bundle::parse(LOYALTY).unwrap();
    // No random CRM failures here: this test is about time.
    bundle.fixtures.iter_mut().for_each(|f| f.error_rate = 0.0);
    let mut s = sim(&bundle, "loyalty_upgrade", 1);
    // 22:30 in Paris (21:30Z in winter): not daytime, so wait for 09:00 Paris next morning.
    s.push_event(0, &purchase("2026-01-15T21:30:00Z", "cu-9", 1500.0, "silver"))
        .unwrap();
    s.run();
    let r = s.report();
    assert_eq!(r.exits("loyalty_upgrade", "daytime", "other"), 1);
    let (_, trace) = s.traces().next().unwrap();
    let push = trace
        .iter()
        .find(|e| e.node == "push" && matches!(e.kind, TraceKind::Entered))
        .unwrap();
    assert_eq!(push.at, t("2026-01-16T08:00:00Z"), "09:00 in Paris");
}

#[test]
fn the_zone_can_come_from_the_person() {
    let bundle = Bundle::parse(WELCOME).unwrap();
    // Find someone the split sends to the `morning` branch.
    for i in 0..50 {
        let mut s = sim(&bundle, "welcome_series", 3);
        let id = format!("u-{i}");
        s.push_event(
            0,
            &event(
                "2026-01-15T09:00:00Z",
                "user_signed_up",
                json!({"userId": id, "timeZone": "America/New_York"}),
            ),
        )
        .unwrap();
        s.run();
        if s.report().exits("welcome_series", "split", "morning") == 1 {
            let (inst, trace) = s.traces().next().unwrap();
            assert_eq!(inst.time_zone, "America/New_York");
            let tips = trace
                .iter()
                .find(|e| e.node == "tips_morning" && matches!(e.kind, TraceKind::Entered))
                .unwrap();
            // Entered at 09:00 on day 1 (+80 ms welcome), wait 1 day, then 09:00 New York the next day.
            assert_eq!(tips.at, t("2026-01-17T14:00:00Z"));
            return;
        }
    }
    panic!("nobody took the morning branch");
}

#[test]
fn splits_follow_their_weights_and_the_seed() {
    let bundle = Bundle::parse(WELCOME).unwrap();
    let run = |seed: u64| {
        let mut s = Simulator::new(
            &bundle,
            "welcome_series",
            Options {
                seed,
                start: t("2026-01-15T09:00:00Z"),
                trace: false,
                real: None,
            },
        )
        .unwrap();
        for i in 0..4_000 {
            s.push_event(
                i,
                &event(
                    "2026-01-15T09:00:00Z",
                    "user_signed_up",
                    json!({"userId": format!("u-{i}")}),
                ),
            )
            .unwrap();
        }
        s.run();
        let r = s.report();
        (
            r.exits("welcome_series", "split", "now"),
            r.exits("welcome_series", "split", "morning"),
        )
    };
    let (now, morning) = run(42);
    assert_eq!(now + morning, 4_000);
    // Within 3 standard deviations (±95) of 2,000.
    assert!((1_905..=2_095).contains(&now), "{now} of 4,000 for a 50% branch");
    assert_eq!(run(42), (now, morning), "same seed, same people, same branches");
    assert_ne!(run(43), (now, morning), "another seed draws again");
}

#[test]
fn the_global_timeout_removes_people_still_inside() {
    let mut bundle = Bundle::parse(WELCOME).unwrap();
    // Long enough for the waits the validator can count (1 day), not for the
    // wait until the next morning.
    bundle.journeys[0].versions[0].properties.global_timeout_seconds = 86_400 + 3_600;
    let mut found = false;
    for i in 0..50 {
        let mut s = sim(&bundle, "welcome_series", 3);
        s.push_event(
            0,
            &event(
                "2026-01-15T09:00:00Z",
                "user_signed_up",
                json!({"userId": format!("u-{i}")}),
            ),
        )
        .unwrap();
        s.run();
        let r = s.report();
        if r.exits("welcome_series", "split", "morning") == 1 {
            assert_eq!(s.instances()[0].outcome(), Some(&Outcome::TimedOut));
            assert_eq!(r.nodes["welcome_series"]["wait_morning"].timeouts, 1);
            assert_eq!(r.journeys["welcome_series"].exited_early, 1);
            found = true;
            break;
        }
    }
    assert!(found);
}

#[test]
fn date_conditions_and_failures_without_an_error_path() {
    let mut bundle = Bundle::parse(WELCOME).unwrap();
    let v = &mut bundle.journeys[0].versions[0];
    let split = v.nodes.iter_mut().find(|n| n.id == "split").unwrap();
    split.activity = Activity::DateCondition {
        paths: vec![DatePath {
            port: "now".into(),
            after: None,
            before: Some(t("2026-02-01T00:00:00Z")),
        }],
        other: true,
    };
    for e in v.edges.iter_mut().filter(|e| e.from == "split" && e.port == "morning") {
        e.port = "other".into();
    }
    bundle.fixtures[0].error_rate = 1.0;
    let mut s = sim(&bundle, "welcome_series", 1);
    s.push_event(
        0,
        &event("2026-01-15T09:00:00Z", "user_signed_up", json!({"userId": "u-1"})),
    )
    .unwrap();
    s.run();
    let r = s.report();
    // The welcome e-mail fails and `welcome` has no error path: the person leaves.
    assert_eq!(r.nodes["welcome_series"]["welcome"].errors, 1);
    assert_eq!(
        r.nodes["welcome_series"]["welcome"].failed_calls,
        [("http_500".to_string(), 1)].into()
    );
    assert!(matches!(s.instances()[0].outcome(), Some(Outcome::Failed { reason }) if reason.contains("http_500")));

    bundle.fixtures[0].error_rate = 0.0;
    let mut s = sim(&bundle, "welcome_series", 1);
    s.push_event(
        0,
        &event("2026-01-15T09:00:00Z", "user_signed_up", json!({"userId": "u-1"})),
    )
    .unwrap();
    s.push_event(
        1,
        &event("2026-01-31T09:00:00Z", "user_signed_up", json!({"userId": "u-2"})),
    )
    .unwrap();
    s.run();
    let r = s.report();
    assert_eq!(r.exits("welcome_series", "split", "now"), 1, "16 Jan is before 1 Feb");
    assert_eq!(r.exits("welcome_series", "split", "other"), 1, "1 Feb is not");
}

#[test]
fn stepping_and_time_travel_show_who_waits_where() {
    let bundle = Bundle::parse(CART).unwrap();
    let mut s = sim(&bundle, "cart_recovery", 1);
    s.push_event(0, &cart("ada@example.com", "c-1", "2026-01-15T09:00:00Z"))
        .unwrap();
    assert!(s.step_one());
    assert_eq!(s.report().nodes["cart_recovery"]["wait_1h"].waiting, 1);
    s.advance_to(t("2026-01-15T09:59:00Z"));
    assert_eq!(s.report().nodes["cart_recovery"]["wait_1h"].waiting, 1, "not yet");
    s.run_to_next_timer();
    assert_eq!(s.now(), t("2026-01-15T10:00:00Z"));
    assert_eq!(
        s.report().nodes["cart_recovery"]["still_unpaid"].waiting,
        1,
        "waiting for the lookup"
    );
    s.run();
    assert_eq!(s.report().journeys["cart_recovery"].still_inside, 0);
}

#[test]
fn a_journey_with_errors_cannot_be_tested() {
    let mut bundle = Bundle::parse(CART).unwrap();
    bundle.journeys[0].versions[0].edges.pop();
    bundle.journeys[0].versions[0].status = JourneyStatus::Draft;
    let err = Simulator::new(
        &bundle,
        "cart_recovery",
        Options {
            seed: 1,
            start: t("2026-01-15T09:00:00Z"),
            trace: true,
            real: None,
        },
    )
    .err()
    .unwrap();
    assert!(err.to_string().contains("E_OPEN_PORT"), "{err}");
}

#[test]
fn test_event_files_report_the_line_and_the_field() {
    let ok =
        "{\"at\": \"2026-01-15T09:00:00Z\", \"event\": \"cart_abandoned\", \"overrides\": {\"email\": \"x@y.z\"}}\n\n";
    assert_eq!(parse_jsonl(ok).unwrap().len(), 1);
    let err = parse_jsonl(&format!("{ok}{{\"at\": \"yesterday\", \"event\": \"cart_abandoned\"}}")).unwrap_err();
    assert!(err.starts_with("line 3: at:"), "{err}");
    let err = parse_jsonl("{\"at\": \"2026-01-15T09:00:00Z\", \"payload\": {}, \"overrides\": {}, \"event\": \"x\"}")
        .unwrap_err();
    assert!(err.contains("not both"), "{err}");
    let err = parse_jsonl("{\"at\": \"2026-01-15T09:00:00Z\", \"evnt\": \"x\"}").unwrap_err();
    assert!(err.contains("evnt"), "{err}");
    assert!(parse_jsonl("not json").unwrap_err().starts_with("line 1: not JSON"));
}

#[test]
fn an_absent_optional_field_makes_a_path_false_not_a_failure() {
    let mut bundle = Bundle::parse(CART).unwrap();
    let v = &mut bundle.journeys[0].versions[0];
    let node = v.nodes.iter_mut().find(|n| n.id == "still_unpaid").unwrap();
    node.activity = Activity::Condition {
        paths: vec![parcours_model::ConditionPath {
            port: "unpaid".into(),
            expression: "event.cart.currency == \"USD\"".into(),
        }],
        other: true,
        error_path: false,
    };
    let mut s = sim(&bundle, "cart_recovery", 1);
    let mut no_currency = event("2026-01-15T09:00:00Z", "cart_abandoned", json!({}));
    let mut payload = bundle.events[0].example_payload();
    payload["cart"].as_object_mut().unwrap().remove("currency");
    no_currency.payload = Some(payload);
    no_currency.overrides = None;
    s.push_event(0, &no_currency).unwrap();
    s.run();
    assert_eq!(s.report().exits("cart_recovery", "still_unpaid", "other"), 1);
    let (_, trace) = s.traces().next().unwrap();
    assert!(
        trace
            .iter()
            .any(|e| matches!(&e.kind, TraceKind::Evaluated { value, .. } if value.starts_with("error:")))
    );
}

#[test]
fn a_request_that_cannot_be_built_takes_the_error_path() {
    let bundle = Bundle::parse(CART).unwrap();
    let mut s = sim(&bundle, "cart_recovery", 1);
    // `items` is optional; the mapping `size(event.cart.items)` cannot be computed.
    let mut payload = bundle.events[0].example_payload();
    payload["cart"].as_object_mut().unwrap().remove("items");
    let e = TestEvent {
        at: t("2026-01-15T09:00:00Z"),
        event: Some("cart_abandoned".into()),
        payload: Some(payload),
        overrides: None,
        profile: None,
    };
    s.push_event(0, &e).unwrap();
    s.run();
    assert_eq!(s.report().exits("cart_recovery", "remind", "error"), 1);
    assert_eq!(s.instances()[0].actions["send_reminder"].status, "internalError");
    // Counted and traced like a call that failed, with the reason.
    assert_eq!(
        s.report().nodes["cart_recovery"]["remind"].failed_calls,
        [("internalError".to_string(), 1)].into()
    );
    let (_, trace) = s.traces().next().unwrap();
    let why = trace
        .iter()
        .find_map(|e| match &e.kind {
            parcours_simulator::TraceKind::Response { status, body, .. } if status == "internalError" => {
                body["error"].as_str().map(str::to_string)
            }
            _ => None,
        })
        .expect("a trace entry for the call that could not be made");
    assert!(!why.is_empty());
}

#[test]
fn the_journeys_end_date_removes_people_still_inside() {
    let mut bundle = Bundle::parse(CART).unwrap();
    bundle.journeys[0].versions[0].status = JourneyStatus::Draft;
    bundle.journeys[0].versions[0].properties.end = Some(t("2026-01-15T09:30:00Z"));
    let mut s = sim(&bundle, "cart_recovery", 1);
    s.push_event(0, &cart("ada@example.com", "c-1", "2026-01-15T09:00:00Z"))
        .unwrap();
    s.run();
    assert_eq!(s.instances()[0].outcome(), Some(&Outcome::TimedOut));
    assert_eq!(s.now(), t("2026-01-15T09:30:00Z"));
}

#[test]
fn a_jump_the_target_refuses_is_counted() {
    let bundle = Bundle::parse(LOYALTY).unwrap();
    let mut bundle = bundle;
    bundle.fixtures.iter_mut().for_each(|f| f.error_rate = 0.0);
    // loyalty_upgrade lets people back in after 30 days; vip_onboarding never.
    bundle.journeys[0].versions[0].properties.reentrance = parcours_model::Reentrance::Always {};
    let mut s = sim(&bundle, "loyalty_upgrade", 1);
    for (i, day) in ["15", "25"].iter().enumerate() {
        s.push_event(
            2 * i,
            &purchase(&format!("2026-01-{day}T11:00:00Z"), "cu-1", 1500.0, "silver"),
        )
        .unwrap();
        s.push_event(
            2 * i + 1,
            &event(
                &format!("2026-01-{day}T12:00:00Z"),
                "coupon_redeemed",
                json!({"customerId": "cu-1"}),
            ),
        )
        .unwrap();
    }
    s.run();
    let r = s.report();
    assert_eq!(r.journeys["loyalty_upgrade"].jumped, 2);
    assert_eq!(r.journeys["vip_onboarding"].entered, 1);
    assert_eq!(r.discarded.get("reentranceNever"), Some(&1));
}

#[test]
fn credentials_are_blanked_in_traces_and_a_fixture_for_nothing_is_ignored() {
    let mut bundle = Bundle::parse(CART).unwrap();
    bundle.actions[0].headers.push(parcours_model::ActionParam {
        name: "Authorization".into(),
        value: parcours_model::ParamValue::Constant {
            value: json!("Bearer 3f9a77c2"),
        },
        not_secret: false,
    });
    let mut s = sim(&bundle, "cart_recovery", 1);
    s.push_event(0, &cart("ada@example.com", "c-1", "2026-01-15T09:00:00Z"))
        .unwrap();
    s.run();
    let (_, trace) = s.traces().next().unwrap();
    let text = serde_json::to_string(trace).unwrap();
    assert!(!text.contains("3f9a77c2") && text.contains("[redacted]"), "{text}");

    bundle.fixtures[1].target = parcours_model::FixtureTarget::Action {
        name: "send_fax".into(),
    };
    // A fixture for an action that no longer exists answers nothing and stops nothing:
    // validation reports it (E_FIXTURE_TARGET). The other fixtures still answer.
    let mut s = Simulator::new(
        &bundle,
        "cart_recovery",
        Options {
            seed: 1,
            start: t("2026-01-15T09:00:00Z"),
            trace: true,
            real: None,
        },
    )
    .expect("a stale fixture does not stop a run");
    s.push_event(0, &cart("lin@bounce.example", "c-2", "2026-01-15T09:00:00Z"))
        .unwrap();
    s.run();
    assert_eq!(
        s.report().exits("cart_recovery", "remind", "error"),
        1,
        "the 503 fixture still answers"
    );
}

#[test]
fn an_instance_resumed_against_another_plan_fails_instead_of_crashing() {
    let bundle = Bundle::parse(CART).unwrap();
    let catalog = bundle.catalog();
    let plan = parcours_engine::Plan::compile("cart_recovery", &bundle.journeys[0].versions[0], &catalog, 1).unwrap();
    let mut inst = parcours_engine::start(&plan, "i".into(), "p".into(), json!({}), t("2026-01-15T09:00:00Z"));
    inst.node = 999;
    let mut out = Vec::new();
    parcours_engine::step(
        &plan,
        &mut inst,
        parcours_engine::Input::Timer,
        t("2026-01-15T10:00:00Z"),
        &mut out,
    );
    assert!(matches!(inst.outcome(), Some(Outcome::Failed { .. })));
}

#[test]
fn a_test_profile_sends_the_event_with_its_id_and_values_under_the_overrides() {
    let mut bundle = Bundle::parse(CART).unwrap();
    bundle.test_profiles.push(parcours_model::TestProfile {
        name: "Big spender".into(),
        profile_id: "big@spender.example".into(),
        description: String::new(),
        values: [
            ("cart.total".to_string(), json!(950.0)),
            ("cartId".to_string(), json!("from-profile")),
            ("loyalty.tier".to_string(), json!("gold")),
        ]
        .into(),
    });
    let mut s = sim(&bundle, "cart_recovery", 1);
    let mut e = event("2026-01-15T09:00:00Z", "cart_abandoned", json!({"cartId": "c-9"}));
    e.profile = Some("Big spender".into());
    s.push_event(0, &e).unwrap();
    s.run();
    let person = &s.instances()[0];
    assert_eq!(person.profile_id, "big@spender.example");
    assert_eq!(person.event["email"], "big@spender.example");
    assert_eq!(person.event["cart"]["total"], 950.0);
    assert_eq!(person.event["cartId"], "c-9", "overrides are applied after the profile");
    assert!(
        person.event.get("loyalty").is_none(),
        "fields the event lacks are not added"
    );

    let mut unknown = e.clone();
    unknown.profile = Some("Nobody".into());
    let err = s.push_event(3, &unknown).unwrap_err().to_string();
    assert!(err.contains("no test profile `Nobody`"), "{err}");
}

#[test]
fn a_profile_line_needs_the_event_it_is_for() {
    let err = parcours_simulator::parse_jsonl(
        "{\"at\": \"2026-01-15T09:00:00Z\", \"payload\": {}, \"profile\": \"Big spender\"}",
    )
    .unwrap_err();
    assert!(err.starts_with("line 1: `profile` needs `event`"), "{err}");
}
