//! The engine's dispatch over a state that keeps nothing in memory between calls: every
//! instance is written out as JSON and read back, the way the runner's database holds
//! them. If dispatch leaned on anything but `RunState`, these runs would go wrong.

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::{DateTime, Duration, TimeZone, Utc};
use parcours_engine::{
    ActionOutcome, Discard, Dispatched, Dispatcher, Effect, Entries, Incoming, Instance, InstanceKey, Outcome, Output,
    Plan, RunState, State,
};
use parcours_model::Bundle;
use serde_json::{Value, json};

/// Rows, as a database would hold them: instances as JSON text, looked up by key or
/// by person.
#[derive(Default)]
struct Rows {
    instances: BTreeMap<InstanceKey, String>,
    /// The instance read for the current call, written back by `flush`.
    loaded: BTreeMap<InstanceKey, Instance>,
    by_person: BTreeMap<String, Vec<InstanceKey>>,
    entries: BTreeMap<(String, String), Entries>,
    cache: BTreeMap<String, (Value, DateTime<Utc>)>,
    timers: Vec<(InstanceKey, DateTime<Utc>)>,
}

impl Rows {
    /// Ends a transaction: what was read is written back as text and forgotten.
    fn flush(&mut self) {
        for (key, inst) in std::mem::take(&mut self.loaded) {
            self.instances.insert(key, serde_json::to_string(&inst).unwrap());
        }
    }

    fn read(&self, key: InstanceKey) -> Instance {
        serde_json::from_str(&self.instances[&key]).unwrap()
    }
}

impl RunState for Rows {
    fn active(&mut self, person: &str, out: &mut Vec<InstanceKey>) {
        out.extend(self.by_person.get(person).into_iter().flatten());
    }
    fn instance(&mut self, key: InstanceKey) -> Option<&mut Instance> {
        if !self.loaded.contains_key(&key) {
            let inst = serde_json::from_str(self.instances.get(&key)?).unwrap();
            self.loaded.insert(key, inst);
        }
        self.loaded.get_mut(&key)
    }
    fn insert(&mut self, instance: Instance) -> InstanceKey {
        let key = self.instances.len() as InstanceKey + 1;
        self.by_person.entry(instance.profile_id.clone()).or_default().push(key);
        self.instances.insert(key, serde_json::to_string(&instance).unwrap());
        key
    }
    fn finished(&mut self, key: InstanceKey) {
        for list in self.by_person.values_mut() {
            list.retain(|k| *k != key);
        }
    }
    fn entries(&mut self, journey: &str, person: &str) -> Option<Entries> {
        self.entries.get(&(journey.to_string(), person.to_string())).copied()
    }
    fn set_entries(&mut self, journey: &str, person: &str, entries: Entries) {
        self.entries.insert((journey.to_string(), person.to_string()), entries);
    }
    fn cached(&mut self, key: &str, now: DateTime<Utc>) -> Option<Value> {
        self.cache
            .get(key)
            .filter(|(_, until)| *until > now)
            .map(|(v, _)| v.clone())
    }
    fn cache(&mut self, key: String, value: Value, until: DateTime<Utc>) {
        self.cache.insert(key, (value, until));
    }
    fn set_timer(&mut self, key: InstanceKey, at: DateTime<Utc>) {
        self.timers.push((key, at));
    }
}

fn cart_bundle() -> Bundle {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../examples/cart_abandonment.parcours.json"
    ))
    .unwrap();
    Bundle::parse(&text).unwrap()
}

fn dispatcher(bundle: &Bundle) -> Dispatcher {
    let catalog = bundle.catalog();
    let journey = &bundle.journeys.iter().find(|j| j.name == "cart_recovery").unwrap();
    let plan = Plan::compile("cart_recovery", journey.live().unwrap(), &catalog, 7).unwrap();
    let mut d = Dispatcher::new(&bundle.events);
    d.add(Arc::new(plan), true);
    d
}

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap()
}

fn abandoned(email: &str) -> Incoming {
    Incoming::Event {
        name: None,
        payload: json!({
            "eventType": "cart.abandoned",
            "email": email,
            "cartId": format!("cart-of-{email}"),
            "abandonedAt": "2026-12-01T08:30:00Z",
            "cart": {"total": 120.0, "currency": "EUR", "items": [{"sku": "s-1", "quantity": 1, "price": 120.0}]}
        }),
    }
}

/// Runs one call as a transaction and returns its outputs.
fn call(d: &Dispatcher, rows: &mut Rows, input: Incoming, now: DateTime<Utc>) -> Vec<Output> {
    let mut out = Dispatched::default();
    d.dispatch(rows, input, now, &mut out);
    rows.flush();
    out.drain().collect()
}

fn fetch_of(outputs: &[Output]) -> Option<(InstanceKey, parcours_engine::DataRequest, Option<Value>)> {
    outputs.iter().find_map(|o| match o {
        Output::Fetch {
            instance,
            request,
            from_cache,
            ..
        } => Some((*instance, (**request).clone(), from_cache.clone())),
        _ => None,
    })
}

#[test]
fn a_cart_runs_from_event_to_reminder_through_a_state_kept_as_json() {
    let bundle = cart_bundle();
    let d = dispatcher(&bundle);
    let mut rows = Rows::default();

    let out = call(&d, &mut rows, abandoned("ada@example.com"), t0());
    assert!(matches!(out[0], Output::Started { instance: 1 }), "{out:?}");
    assert_eq!(rows.timers, [(1, t0() + Duration::hours(1))]);
    assert_eq!(rows.read(1).id, "cart_recovery:ada@example.com:1");

    // The timer fires an hour later: the order is looked up, not from a cache.
    let at = t0() + Duration::hours(1);
    let out = call(&d, &mut rows, Incoming::Timer { instance: 1 }, at);
    let (key, request, from_cache) = fetch_of(&out).expect("a lookup");
    assert_eq!((key, from_cache), (1, None));
    assert!(
        request.url.ends_with("/carts/cart-of-ada@example.com/order"),
        "{}",
        request.url
    );

    // Unpaid: the reminder is called, with the idempotency key of this step.
    let answer = Incoming::DataResult {
        instance: 1,
        request: Box::new(request),
        result: Ok(json!({"paid": false, "total": 120.0, "currency": "EUR"})),
    };
    let out = call(&d, &mut rows, answer, at);
    let call_request = out
        .iter()
        .find_map(|o| match o {
            Output::Effect {
                effect: Effect::CallAction { request, .. },
                ..
            } => Some(request.clone()),
            _ => None,
        })
        .expect("the reminder is called");
    assert_eq!(call_request.action, "send_reminder");
    assert_eq!(rows.read(1).state, State::Calling);

    let out = call(
        &d,
        &mut rows,
        Incoming::ActionResult {
            instance: 1,
            outcome: ActionOutcome::http(200, json!({})),
        },
        at,
    );
    assert!(
        out.iter().any(|o| matches!(
            o,
            Output::Effect {
                effect: Effect::Finished {
                    outcome: Outcome::Ended,
                    ..
                },
                ..
            }
        )),
        "{out:?}"
    );
    assert!(rows.by_person["ada@example.com"].is_empty(), "no longer active");
}

#[test]
fn a_person_is_admitted_once_until_the_wait_before_reentry_has_passed() {
    let bundle = cart_bundle();
    let d = dispatcher(&bundle);
    let mut rows = Rows::default();
    call(&d, &mut rows, abandoned("bo@example.com"), t0());

    // Still inside.
    let out = call(&d, &mut rows, abandoned("bo@example.com"), t0() + Duration::minutes(5));
    assert_eq!(
        out,
        [Output::Discarded {
            reason: Discard::AlreadyInJourney,
            journey: Some("cart_recovery".into())
        }]
    );

    // Out (the journey's re-entrance waits a day after the last entry).
    rows.finished(1);
    let out = call(&d, &mut rows, abandoned("bo@example.com"), t0() + Duration::hours(3));
    assert_eq!(
        out,
        [Output::Discarded {
            reason: Discard::ReentranceWait,
            journey: Some("cart_recovery".into())
        }]
    );
    let out = call(&d, &mut rows, abandoned("bo@example.com"), t0() + Duration::days(1));
    assert!(matches!(out[0], Output::Started { .. }), "{out:?}");
    assert_eq!(rows.read(2).id, "cart_recovery:bo@example.com:2");

    // Bad events are discarded with their reason, never a crash.
    let out = call(
        &d,
        &mut rows,
        Incoming::Event {
            name: None,
            payload: json!({"eventType": "other"}),
        },
        t0(),
    );
    assert_eq!(
        out,
        [Output::Discarded {
            reason: Discard::Unrecognised,
            journey: None
        }]
    );
    let out = call(
        &d,
        &mut rows,
        Incoming::Event {
            name: None,
            payload: json!({"eventType": "cart.abandoned", "email": 3}),
        },
        t0(),
    );
    assert_eq!(
        out,
        [Output::Discarded {
            reason: Discard::SchemaMismatch,
            journey: None
        }]
    );
}

#[test]
fn lookups_are_cached_per_person_for_the_sources_duration_in_the_runs_clock() {
    let bundle = cart_bundle();
    let d = dispatcher(&bundle);
    assert_eq!(bundle.data_sources[0].cache_seconds, 60);
    let mut rows = Rows::default();
    let at = t0() + Duration::hours(1);
    let order = json!({"paid": true, "total": 120.0, "currency": "EUR"});

    // Ada's lookup is answered by the source and kept.
    call(&d, &mut rows, abandoned("ada@example.com"), t0());
    let out = call(&d, &mut rows, Incoming::Timer { instance: 1 }, at);
    let (_, request, _) = fetch_of(&out).unwrap();
    let answer = Incoming::DataResult {
        instance: 1,
        request: Box::new(request),
        result: Ok(order.clone()),
    };
    call(&d, &mut rows, answer, at);

    // Ada again, within the minute (a journey that lets her in at once): from the cache,
    // applied at once.
    let mut bundle2 = bundle.clone();
    let version = bundle2.journeys.iter_mut().find(|j| j.name == "cart_recovery").unwrap();
    version.versions[0].properties.reentrance = parcours_model::Reentrance::Always {};
    let d2 = dispatcher(&bundle2);
    call(
        &d2,
        &mut rows,
        abandoned("ada@example.com"),
        t0() + Duration::seconds(30),
    );
    let second = rows.instances.len() as InstanceKey;
    let out = call(
        &d2,
        &mut rows,
        Incoming::Timer { instance: second },
        at + Duration::seconds(30),
    );
    let (_, _, from_cache) = fetch_of(&out).unwrap();
    assert_eq!(from_cache, Some(order.clone()));
    assert!(
        matches!(rows.read(second).state, State::Done { .. }),
        "the cached answer was applied"
    );

    // Someone else's identical request is not Ada's: it goes to the source.
    call(
        &d2,
        &mut rows,
        abandoned("cy@example.com"),
        t0() + Duration::seconds(30),
    );
    let third = rows.instances.len() as InstanceKey;
    let out = call(
        &d2,
        &mut rows,
        Incoming::Timer { instance: third },
        at + Duration::seconds(30),
    );
    assert_eq!(fetch_of(&out).unwrap().2, None);

    // After the minute, Ada's lookup reaches the source again.
    call(
        &d2,
        &mut rows,
        abandoned("ada@example.com"),
        t0() + Duration::minutes(2),
    );
    let fourth = rows.instances.len() as InstanceKey;
    let out = call(
        &d2,
        &mut rows,
        Incoming::Timer { instance: fourth },
        at + Duration::minutes(2),
    );
    assert_eq!(fetch_of(&out).unwrap().2, None);
}

#[test]
fn a_closed_journey_admits_nobody_and_those_inside_go_on() {
    let bundle = cart_bundle();
    let mut d = dispatcher(&bundle);
    let mut rows = Rows::default();
    call(&d, &mut rows, abandoned("di@example.com"), t0());
    d.close("cart_recovery");
    let out = call(&d, &mut rows, abandoned("ed@example.com"), t0());
    assert_eq!(
        out,
        [Output::Discarded {
            reason: Discard::NoJourney,
            journey: None
        }]
    );
    let out = call(
        &d,
        &mut rows,
        Incoming::Timer { instance: 1 },
        t0() + Duration::hours(1),
    );
    assert!(fetch_of(&out).is_some(), "Di goes on: {out:?}");
}

#[test]
fn a_person_is_in_one_version_of_a_journey_at_a_time_and_new_people_enter_the_newest() {
    let bundle = cart_bundle();
    let mut d = dispatcher(&bundle);
    let mut rows = Rows::default();
    call(&d, &mut rows, abandoned("fay@example.com"), t0());
    assert_eq!(rows.read(1).version, 1);

    // v2 goes live beside v1 (kept until it drains).
    let catalog = bundle.catalog();
    let mut v2 = bundle.journeys[0].live().unwrap().clone();
    v2.version = 2;
    d.add(
        Arc::new(Plan::compile("cart_recovery", &v2, &catalog, 7).unwrap()),
        true,
    );

    // Fay is still in v1: not admitted into v2.
    let out = call(&d, &mut rows, abandoned("fay@example.com"), t0() + Duration::minutes(1));
    assert_eq!(
        out,
        [Output::Discarded {
            reason: Discard::AlreadyInJourney,
            journey: Some("cart_recovery".into())
        }]
    );
    // Someone new enters v2; Fay goes on in v1.
    call(&d, &mut rows, abandoned("gus@example.com"), t0() + Duration::minutes(1));
    assert_eq!(rows.read(2).version, 2);
    let out = call(
        &d,
        &mut rows,
        Incoming::Timer { instance: 1 },
        t0() + Duration::hours(1),
    );
    assert!(fetch_of(&out).is_some(), "v1 runs on for Fay: {out:?}");
    assert_eq!(d.admitting("cart_recovery").unwrap().version, 2);
}

/// Rewrites a stored instance the way a damaged database row would hold it.
fn damage(rows: &mut Rows, key: InstanceKey, edit: impl FnOnce(&mut Value)) {
    let mut row: Value = serde_json::from_str(&rows.instances[&key]).unwrap();
    edit(&mut row);
    rows.instances.insert(key, row.to_string());
}

fn failure(out: &[Output]) -> Option<String> {
    out.iter().find_map(|o| match o {
        Output::Effect {
            effect:
                Effect::Finished {
                    outcome: Outcome::Failed { reason },
                    ..
                },
            ..
        } => Some(reason.clone()),
        _ => None,
    })
}

/// Found by the panic audit: a stored instance whose state names a lookup or an exit
/// its plan does not have indexed past the plan's lists, and the runner's writer thread
/// died on the row (again after each restart, its timer still due).
#[test]
fn a_damaged_stored_instance_fails_its_person_not_the_engine() {
    let bundle = cart_bundle();
    let d = dispatcher(&bundle);
    let mut rows = Rows::default();
    let at = t0() + Duration::hours(1);

    call(&d, &mut rows, abandoned("ada@example.com"), t0());
    let out = call(&d, &mut rows, Incoming::Timer { instance: 1 }, at);
    let (_, request, _) = fetch_of(&out).expect("a lookup");
    damage(&mut rows, 1, |row| {
        row["state"] = json!({"kind": "fetching", "binding": 99})
    });
    let answer = Incoming::DataResult {
        instance: 1,
        request: Box::new(request),
        result: Ok(json!({"paid": true})),
    };
    let out = call(&d, &mut rows, answer, at);
    let reason = failure(&out).expect("the person fails");
    assert!(reason.contains("does not fit its plan"), "{reason}");

    // Waiting on an end activity, which has no exit: the timer must not crash reports
    // or the step (no exit is recorded for a port that does not exist).
    call(&d, &mut rows, abandoned("bob@example.com"), t0());
    let plan = Plan::compile(
        "cart_recovery",
        bundle.journeys[0].live().unwrap(),
        &bundle.catalog(),
        7,
    )
    .unwrap();
    let end = plan.node_index("end_paid").unwrap();
    damage(&mut rows, 2, |row| row["node"] = json!(end));
    let out = call(&d, &mut rows, Incoming::Timer { instance: 2 }, at);
    let reason = failure(&out).expect("the person fails");
    assert!(reason.contains("does not fit its plan"), "{reason}");
    assert!(
        !out.iter().any(|o| matches!(
            o,
            Output::Effect {
                effect: Effect::Exited { .. },
                ..
            }
        )),
        "{out:?}"
    );

    // An entry count at its limit: the next entry counts no higher rather than overflow.
    rows.entries.insert(
        ("cart_recovery".into(), "carl@example.com".into()),
        parcours_engine::Entries {
            count: u32::MAX,
            last: t0() - Duration::days(30),
        },
    );
    let out = call(&d, &mut rows, abandoned("carl@example.com"), t0());
    assert!(matches!(out[0], Output::Started { .. }), "{out:?}");
}

/// Found by the panic audit: a data lookup mapping a parameter its field group does not
/// declare was never checked but compiled, and a broken expression there crashed
/// `Plan::compile` (a test session, a simulation, a runner publish).
#[test]
fn an_undeclared_lookup_parameter_is_a_diagnostic_not_a_crash() {
    let mut bundle = cart_bundle();
    let version = bundle.journeys[0].versions.last_mut().unwrap();
    version.data[0].parameters.insert("typo".into(), "event.".into());
    let catalog = bundle.catalog();
    let refused = Plan::compile("cart_recovery", bundle.journeys[0].live().unwrap(), &catalog, 7);
    let Err(parcours_engine::CompileError::Invalid(diagnostics)) = refused else {
        panic!("refused with diagnostics: {refused:?}")
    };
    assert!(
        diagnostics
            .iter()
            .any(|d| d.code == parcours_model::Code::DataParamUnknown && d.path == "data[0].parameters.typo"),
        "{diagnostics:?}"
    );
}
