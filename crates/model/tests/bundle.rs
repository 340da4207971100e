//! The bundle file: canonical round trips, errors that name the JSON path, the
//! generated JSON Schema.

mod common;

use common::{EXAMPLES, merged};
use parcours_model::{Bundle, Catalog};
use serde_json::{Value, json};

fn parse_err(text: &str) -> (String, String) {
    let e = Bundle::parse(text).unwrap_err();
    (e.path, e.message)
}

fn example_value() -> Value {
    serde_json::from_str(EXAMPLES[0].1).unwrap()
}

#[test]
fn examples_round_trip_to_the_same_bytes() {
    for (name, text) in EXAMPLES {
        let bundle = Bundle::parse(text).unwrap();
        assert_eq!(bundle.to_canonical_json(), *text, "{name} is not canonical");
    }
}

#[test]
fn canonical_order_does_not_depend_on_input_order() {
    let mut b = merged();
    let canonical = b.to_canonical_json();
    b.events.reverse();
    b.actions.reverse();
    b.journeys.reverse();
    assert_eq!(b.to_canonical_json(), canonical);
}

#[test]
fn not_json_names_line_and_column() {
    let (path, message) = parse_err("{\n  \"format\": \"parcours.bundle\",\n  oops\n}");
    assert_eq!(path, "$");
    assert!(message.contains("line 3"), "{message}");
}

#[test]
fn wrong_format_and_versions_are_refused_first() {
    assert_eq!(parse_err(r#"{"version": 1}"#).0, "format");
    assert_eq!(parse_err(r#"{"format": "other", "version": 1}"#).0, "format");
    let (path, message) = parse_err(r#"{"format": "parcours.bundle", "version": 7, "events": "anything"}"#);
    assert_eq!(path, "version");
    assert!(message.contains("newer"), "{message}");
    assert_eq!(parse_err(r#"{"format": "parcours.bundle", "version": 0}"#).0, "version");
    assert_eq!(parse_err("[]").0, "$");
}

#[test]
fn wrong_types_name_the_json_path() {
    let mut v = example_value();
    v["journeys"][0]["versions"][0]["nodes"][1]["activity"]["wait"]["seconds"] = json!("one hour");
    let (path, message) = parse_err(&v.to_string());
    assert_eq!(path, "journeys[0].versions[0].nodes[1].activity.wait.seconds");
    assert!(message.contains("invalid type"), "{message}");
}

#[test]
fn unknown_activity_names_the_node() {
    let mut v = example_value();
    v["journeys"][0]["versions"][0]["nodes"][2]["activity"]["type"] = json!("teleport");
    let (path, message) = parse_err(&v.to_string());
    assert!(path.starts_with("journeys[0].versions[0].nodes[2].activity"), "{path}");
    assert!(message.contains("teleport"), "{message}");
}

#[test]
fn unknown_keys_and_secret_values_are_refused() {
    let mut v = example_value();
    v["actions"][0]["auth"]["clientSecret"] = json!("s3cr3t");
    let (path, message) = parse_err(&v.to_string());
    assert!(path.starts_with("actions[0].auth"), "{path}");
    assert!(message.contains("clientSecret"), "{message}");
}

#[test]
fn duplicate_names_are_refused() {
    let mut v = example_value();
    let e = v["events"][0].clone();
    let events = v["events"].as_array_mut().unwrap();
    events.push(e);
    let again = events.len() - 1;
    assert_eq!(parse_err(&v.to_string()).0, format!("events[{again}].name"));
}

#[test]
fn dangling_references_name_the_path() {
    let mut v = example_value();
    v["events"] = json!([]);
    let bundle = Bundle::parse(&v.to_string()).unwrap();
    let errors = bundle.dangling_references(&Catalog::default());
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].path, "journeys[0].versions[0].nodes[0].activity.event");
    // The same reference is fine when the destination already has the event.
    let full = merged();
    assert!(bundle.dangling_references(&full.catalog()).is_empty());
}

#[test]
fn examples_satisfy_the_generated_schema() {
    let schema: Value = serde_json::from_str(&Bundle::json_schema()).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    for (name, text) in EXAMPLES {
        let value: Value = serde_json::from_str(text).unwrap();
        let errors: Vec<String> = validator.iter_errors(&value).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{name}: {errors:?}");
    }
    let mut bad = example_value();
    bad["journeys"][0]["versions"][0]["nodes"][0]["activity"]["type"] = json!("teleport");
    assert!(!validator.is_valid(&bad));
}

#[test]
fn the_documented_schema_is_current() {
    let committed = include_str!("../../../docs/bundle.schema.json");
    // Compared without printing both: the schema is long.
    assert!(
        committed == Bundle::json_schema(),
        "docs/bundle.schema.json is stale: run `cargo run -p parcours-cli -- schema > docs/bundle.schema.json`"
    );
}
