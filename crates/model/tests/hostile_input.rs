//! Hostile and oversized bundles: each is refused with its limit and JSON path, or
//! validated without recursion or quadratic work. Each test here failed before its fix
//! (a stack overflow, a two-minute validation, a key or a name silently accepted).

mod common;

use common::EXAMPLES;
use parcours_model::validate::{validate_catalog, validate_journey_version};
use parcours_model::{Bundle, Code};
use serde_json::{Value, json};

fn example() -> Value {
    serde_json::from_str(EXAMPLES[0].1).unwrap()
}

fn parse_err(value: &Value) -> (String, String) {
    let e = Bundle::parse(&value.to_string()).unwrap_err();
    (e.path, e.message)
}

/// entry → wait → wait → … → end: `len` activities in a row.
fn chain(len: usize) -> Value {
    let mut nodes = vec![json!({"id": "n0", "activity": {"type": "entry", "event": "cart_abandoned"}})];
    let mut edges = vec![];
    for i in 1..len {
        let activity = if i + 1 == len {
            json!({"type": "end"})
        } else {
            json!({"type": "wait", "wait": {"kind": "duration", "seconds": 60}})
        };
        nodes.push(json!({"id": format!("n{i}"), "activity": activity}));
        edges.push(json!({"from": format!("n{}", i - 1), "port": "next", "to": format!("n{i}")}));
    }
    json!({"version": 1, "status": "draft", "nodes": nodes, "edges": edges})
}

fn with_journeys(journeys: Vec<Value>) -> Value {
    let mut bundle = example();
    bundle["journeys"] = Value::Array(journeys);
    bundle
}

#[test]
fn a_hundred_thousand_activities_are_refused_when_read() {
    let bundle = with_journeys(vec![json!({"name": "long", "versions": [chain(100_000)]})]);
    let (path, message) = parse_err(&bundle);
    assert_eq!(path, "journeys[0].versions[0].nodes");
    assert!(
        message.contains("100000 activities, over the limit of 1000"),
        "{message}"
    );
}

#[test]
fn a_hundred_thousand_activities_in_a_row_validate_without_recursion() {
    // Validation is also reached without a bundle (the designer's versions): it must
    // not recurse once per activity. Run on a thread with a small stack to make sure.
    let bundle = Bundle::parse(&example().to_string()).unwrap();
    let version: parcours_model::JourneyVersion = serde_json::from_value(chain(100_000)).unwrap();
    let diagnostics = std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(move || {
            let catalog = bundle.catalog();
            validate_journey_version("long", &version, &catalog)
        })
        .unwrap()
        .join()
        .expect("validation finishes");
    let codes: Vec<Code> = diagnostics.iter().map(|d| d.code).collect();
    assert!(codes.contains(&Code::TooManyActivities), "{codes:?}");
    assert!(!codes.contains(&Code::Cycle), "{codes:?}");
}

#[test]
fn a_long_loop_of_activities_is_found_without_recursion() {
    let mut version = chain(50_000);
    version["nodes"][49_999]["activity"] = json!({"type": "wait", "wait": {"kind": "duration", "seconds": 60}});
    version["edges"]
        .as_array_mut()
        .unwrap()
        .push(json!({"from": "n49999", "port": "next", "to": "n1"}));
    let bundle = Bundle::parse(&example().to_string()).unwrap();
    let version: parcours_model::JourneyVersion = serde_json::from_value(version).unwrap();
    let diagnostics = std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(move || validate_journey_version("looping", &version, &bundle.catalog()))
        .unwrap()
        .join()
        .expect("validation finishes");
    assert!(diagnostics.iter().any(|d| d.code == Code::Cycle));
}

fn jumping(name: &str, to: &str) -> Value {
    json!({"name": name, "versions": [{
        "version": 1, "status": "draft",
        "nodes": [
            {"id": "start", "activity": {"type": "entry", "event": "cart_abandoned"}},
            {"id": "go", "activity": {"type": "jump", "journey": to}}
        ],
        "edges": [{"from": "start", "port": "next", "to": "go"}]
    }]})
}

#[test]
fn ten_thousand_journeys_in_a_ring_are_each_told_they_loop() {
    // Before: a path search from every jump over the whole graph (135 s here).
    let n = 10_000;
    let journeys = (0..n)
        .map(|i| jumping(&format!("j{i}"), &format!("j{}", (i + 1) % n)))
        .collect();
    let bundle = Bundle::parse(&with_journeys(journeys).to_string()).unwrap();
    let diagnostics = validate_catalog(&bundle.catalog());
    let loops = diagnostics.iter().filter(|d| d.code == Code::JumpLoop).count();
    assert_eq!(loops, n);
}

#[test]
fn a_chain_of_jumps_is_not_a_loop_but_closing_it_is() {
    let open: Vec<Value> = (0..50)
        .map(|i| jumping(&format!("j{i}"), &format!("j{}", i + 1)))
        .collect();
    let mut journeys = open.clone();
    journeys.push(jumping("j50", "j0"));
    let closed = Bundle::parse(&with_journeys(journeys).to_string()).unwrap();
    let loops = |b: &Bundle| {
        validate_catalog(&b.catalog())
            .into_iter()
            .filter(|d| d.code == Code::JumpLoop)
            .count()
    };
    assert_eq!(loops(&closed), 51);
    let mut journeys = open;
    journeys.push(jumping("j50", "j25"));
    let tail = Bundle::parse(&with_journeys(journeys).to_string()).unwrap();
    // j25 → … → j50 → j25 loops; j0 … j24 only lead into the loop.
    assert_eq!(loops(&tail), 26);
}

#[test]
fn unknown_keys_on_an_end_or_a_reentrance_are_refused() {
    let mut bundle = with_journeys(vec![json!({"name": "short", "versions": [chain(3)]})]);
    bundle["journeys"][0]["versions"][0]["nodes"][2]["activity"] = json!({"type": "end", "token": "x"});
    let (path, message) = parse_err(&bundle);
    assert_eq!(path, "journeys[0].versions[0].nodes[2].activity.token");
    assert!(message.contains("unknown field `token`"), "{message}");

    let mut bundle = with_journeys(vec![json!({"name": "short", "versions": [chain(3)]})]);
    bundle["journeys"][0]["versions"][0]["properties"] = json!({"reentrance": {"mode": "never", "seconds": 5}});
    let (path, message) = parse_err(&bundle);
    assert!(path.starts_with("journeys[0].versions[0].properties"), "{path}");
    assert!(message.contains("unknown field `seconds`"), "{message}");
}

#[test]
fn names_and_ids_must_be_visible_text() {
    let cases: [(&str, Value, &str); 6] = [
        ("/events/0/name", json!(""), "events[0].name"),
        ("/journeys/0/name", json!("   "), "journeys[0].name"),
        (
            "/journeys/0/versions/0/nodes/1/id",
            json!("n\u{0}1"),
            "journeys[0].versions[0].nodes[1].id",
        ),
        (
            "/journeys/0/versions/0/edges/0/to",
            json!("n\u{202E}1"),
            "journeys[0].versions[0].edges[0].to",
        ),
        ("/actions/0/name", json!(" send"), "actions[0].name"),
        (
            "/events/0/fields/0/name",
            json!("a\u{2067}b"),
            "events[0].fields[0].name",
        ),
    ];
    for (pointer, bad, expected_path) in cases {
        let mut bundle = with_journeys(vec![json!({"name": "short", "versions": [chain(3)]})]);
        *bundle.pointer_mut(pointer).unwrap_or_else(|| panic!("{pointer}")) = bad;
        let (path, message) = parse_err(&bundle);
        assert_eq!(path, expected_path, "{message}");
    }
}

#[test]
fn a_second_fixture_for_a_target_or_profile_of_a_name_is_refused() {
    let mut bundle = example();
    let fixtures = bundle["fixtures"].as_array_mut().unwrap();
    let first = fixtures[0].clone();
    fixtures.push(first);
    let last = fixtures.len() - 1;
    let (path, message) = parse_err(&bundle);
    assert_eq!(path, format!("fixtures[{last}].target"));
    assert!(message.contains("another fixture"), "{message}");

    let mut bundle = example();
    let profiles = bundle["testProfiles"].as_array_mut().unwrap();
    let mut twin = profiles[0].clone();
    twin["profileId"] = json!("someone-else");
    profiles.push(twin);
    let last = profiles.len() - 1;
    let (path, message) = parse_err(&bundle);
    assert_eq!(path, format!("testProfiles[{last}].name"));
    assert!(message.contains("appears twice"), "{message}");
}

#[test]
fn an_oversized_bundle_is_refused_before_it_is_parsed() {
    let mut text = example().to_string();
    text.push_str(&" ".repeat(parcours_model::bundle::MAX_BUNDLE_BYTES));
    let e = Bundle::parse(&text).unwrap_err();
    assert_eq!(e.path, "$");
    assert!(
        e.message.contains("over the limit of 33554432 (32 MiB)"),
        "{}",
        e.message
    );
}

#[test]
fn a_field_named_twice_is_refused() {
    // Found by fuzzing: two required `tier` fields made the payload schema invalid, and
    // building its validator panicked in the engine.
    let mut bundle = example();
    let fields = bundle["events"][0]["fields"].as_array_mut().unwrap();
    let twin = fields[0].clone();
    fields.push(twin);
    let last = fields.len() - 1;
    let (path, message) = parse_err(&bundle);
    assert_eq!(path, format!("events[0].fields[{last}].name"));
    assert!(message.contains("appears twice"), "{message}");
    // A field tree from elsewhere (not read from a bundle) still gives a working check.
    let twice = vec![
        parcours_model::Field::new("tier", parcours_model::FieldKind::String).required(),
        parcours_model::Field::new("tier", parcours_model::FieldKind::String).required(),
    ];
    let validator = parcours_model::field::PayloadValidator::new("e", &twice);
    assert!(validator.is_valid(&json!({"tier": "gold"})));
    assert!(!validator.is_valid(&json!({})));
}

/// Found by the panic audit: a version numbered `u32::MAX` left no next number (`+ 1`
/// overflowed making a new version or restoring one), and a closed version whose
/// global timeout was past `TimeDelta`'s range (a damaged row) crashed `settle`, which
/// every overview runs.
#[test]
fn version_numbers_and_timeouts_at_the_integer_limits() {
    let mut bundle = with_journeys(vec![json!({"name": "short", "versions": [chain(3)]})]);
    bundle["journeys"][0]["versions"][0]["version"] = json!(u32::MAX);
    let (path, message) = parse_err(&bundle);
    assert_eq!(path, "journeys[0].versions[0].version");
    assert!(message.contains("outside 1 to 1000000"), "{message}");

    // Held in memory (a row written under older rules): refused in words, not a crash.
    let mut journey: parcours_model::Journey =
        serde_json::from_value(json!({"name": "short", "versions": [chain(3)]})).unwrap();
    journey.versions[0].version = u32::MAX;
    journey.versions[0].status = parcours_model::JourneyStatus::Live;
    let refused = journey.new_version().unwrap_err().to_string();
    assert!(refused.contains("last version number"), "{refused}");

    let closed_at: chrono::DateTime<chrono::Utc> = "2026-01-01T00:00:00Z".parse().unwrap();
    journey.versions[0].status = parcours_model::JourneyStatus::Closed;
    journey.versions[0].closed_at = Some(closed_at);
    journey.versions[0].properties.global_timeout_seconds = 10_000_000_000_000_000;
    assert!(journey.settle(closed_at + chrono::Duration::days(365)).is_empty());
    assert_eq!(journey.versions[0].status, parcours_model::JourneyStatus::Closed);
}
