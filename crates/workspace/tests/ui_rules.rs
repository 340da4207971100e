//! Rules the designer applies while you edit, without a round trip to Rust (an
//! activity's output ports, an event's example payload), written by Rust as cases into
//! `ui/src/generated/rules.json`; the UI's unit tests check its functions against every
//! case, so the two cannot drift. Stale when a rule changes: `UPDATE_BINDINGS=1`
//! rewrites it (`cargo xtask bindings`).

use parcours_workspace::model::field::example_payload;
use parcours_workspace::model::{Activity, Bundle};
use serde_json::{Value, json};

const EXAMPLES: [&str; 3] = [
    include_str!("../../../examples/cart_abandonment.parcours.json"),
    include_str!("../../../examples/welcome_series.parcours.json"),
    include_str!("../../../examples/loyalty_upgrade.parcours.json"),
];

/// One activity of each kind, with each option that changes its ports.
fn activities() -> Vec<Value> {
    vec![
        json!({"type": "entry", "event": "e"}),
        json!({"type": "reaction", "event": "e", "timeoutSeconds": 3600}),
        json!({"type": "condition", "paths": [{"port": "a", "expression": "true"}, {"port": "b", "expression": "false"}]}),
        json!({"type": "condition", "paths": [{"port": "a", "expression": "true"}], "other": true}),
        json!({"type": "condition", "paths": [{"port": "a", "expression": "data.s.g.x"}], "other": true, "errorPath": true}),
        json!({"type": "condition", "paths": [], "errorPath": true}),
        json!({"type": "split", "branches": [{"port": "x", "weight": 30}, {"port": "y", "weight": 70}]}),
        json!({"type": "dateCondition", "paths": [{"port": "sale"}], "other": true}),
        json!({"type": "dateCondition", "paths": [{"port": "sale"}]}),
        json!({"type": "timeCondition", "paths": [{"port": "day", "from": "09:00", "to": "18:00"}], "other": true}),
        json!({"type": "wait", "wait": {"kind": "duration", "seconds": 60}}),
        json!({"type": "wait", "wait": {"kind": "until", "expression": "now"}}),
        json!({"type": "end"}),
        json!({"type": "jump", "journey": "j"}),
        json!({"type": "action", "action": "a"}),
        json!({"type": "action", "action": "a", "errorPath": true}),
    ]
}

fn rules() -> Value {
    let ports: Vec<Value> = activities()
        .into_iter()
        .map(|a| {
            let activity: Activity = serde_json::from_value(a.clone()).unwrap();
            json!({"activity": a, "ports": activity.output_ports()})
        })
        .collect();
    let mut examples = Vec::new();
    for text in EXAMPLES {
        let bundle = Bundle::parse(text).unwrap();
        for event in &bundle.events {
            examples.push(json!({"fields": event.fields, "example": example_payload(&event.fields)}));
        }
    }
    json!({"outputPorts": ports, "examplePayloads": examples})
}

#[test]
fn the_ui_rules_file_matches_rust() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../ui/src/generated/rules.json");
    let fresh = serde_json::to_string_pretty(&rules()).unwrap() + "\n";
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &fresh).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == fresh,
        "ui/src/generated/rules.json is stale: run `cargo xtask bindings`"
    );
}
