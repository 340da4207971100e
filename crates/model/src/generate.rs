//! Synthetic workspaces of any size, for benchmarks and load tests: a realistic mix of
//! conditions, waits and actions along a main path, each side path closed by an end.

use serde_json::json;

use crate::field::{Field, FieldKind};
use crate::{
    Activity, Bundle, ConditionPath, CustomAction, Edge, Event, HttpMethod, Journey, JourneyStatus, JourneyVersion,
    Node, ParamValue, PayloadField, Position, Properties, Recognition, WaitSpec,
};

/// A bundle with one event, one action and one journey of exactly `activities` nodes.
pub fn large_journey(activities: usize) -> Bundle {
    let event = Event {
        name: "order_placed".into(),
        description: "Synthetic".into(),
        profile_id: "customerId".into(),
        recognition: Recognition::Rule {
            condition: "event.type == \"order.placed\"".into(),
        },
        fields: vec![
            Field::new("type", FieldKind::String).required(),
            Field::new("customerId", FieldKind::String).required(),
            Field::new("amount", FieldKind::Number),
            Field::new("country", FieldKind::String),
            Field::new("at", FieldKind::Datetime),
        ],
    };
    let action = CustomAction {
        name: "notify".into(),
        description: String::new(),
        url: "https://notify.example.com/v1".into(),
        dynamic_path: false,
        method: HttpMethod::Post,
        headers: vec![],
        query: vec![],
        payload_example: Some(json!({"to": "c-1", "step": 1})),
        payload: vec![
            PayloadField {
                path: "to".into(),
                value: ParamValue::Variable {
                    label: "Recipient".into(),
                    kind: FieldKind::String,
                    optional: false,
                    nullable: false,
                },
                not_secret: false,
            },
            PayloadField {
                path: "step".into(),
                value: ParamValue::Constant { value: json!(1) },
                not_secret: false,
            },
        ],
        response_example: Some(json!({"id": "n-1"})),
        auth: Default::default(),
        timeout_ms: 5_000,
        retries: 3,
        calls_per_second: 5_000,
    };
    let mut nodes = vec![node(
        "n0",
        0,
        Activity::Entry {
            event: event.name.clone(),
        },
    )];
    let mut edges = Vec::new();
    let mut previous = ("n0".to_string(), "next".to_string());
    let mut i = 1;
    // Every step adds a main-path node; conditions also add an end for `other`.
    while nodes.len() < activities.saturating_sub(1) {
        let id = format!("n{i}");
        let (activity, port) = match i % 3 {
            0 => (
                Activity::Condition {
                    paths: vec![ConditionPath {
                        port: "yes".into(),
                        expression: format!("event.amount > {i}.0 && event.country != \"XX\""),
                    }],
                    other: true,
                    error_path: false,
                },
                "yes",
            ),
            1 => (
                Activity::Wait {
                    wait: WaitSpec::Duration { seconds: 60 },
                },
                "next",
            ),
            _ => (
                Activity::Action {
                    action: action.name.clone(),
                    mapping: [("payload.to".to_string(), "event.customerId".to_string())].into(),
                    dynamic_path: None,
                    error_path: false,
                },
                "success",
            ),
        };
        let is_condition = matches!(activity, Activity::Condition { .. });
        nodes.push(node(&id, i, activity));
        edges.push(edge(&previous.0, &previous.1, &id));
        if is_condition {
            let end = format!("{id}_other");
            nodes.push(node(&end, i, Activity::End {}));
            edges.push(edge(&id, "other", &end));
        }
        previous = (id, port.to_string());
        i += 1;
    }
    nodes.push(node("end", i, Activity::End {}));
    edges.push(edge(&previous.0, &previous.1, "end"));
    Bundle {
        events: vec![event],
        actions: vec![action],
        journeys: vec![Journey {
            name: "large".into(),
            description: format!("{} activities", nodes.len()),
            tags: Vec::new(),
            versions: vec![JourneyVersion {
                version: 1,
                status: JourneyStatus::Draft,
                published_at: None,
                closed_at: None,
                paused_at: None,
                properties: Properties::default(),
                data: vec![],
                nodes,
                edges,
            }],
        }],
        ..Bundle::default()
    }
}

fn node(id: &str, step: usize, activity: Activity) -> Node {
    Node {
        id: id.into(),
        label: String::new(),
        position: Position {
            x: (step % 10) as f64 * 220.0,
            y: (step / 10) as f64 * 140.0,
        },
        activity,
    }
}

fn edge(from: &str, port: &str, to: &str) -> Edge {
    Edge {
        from: from.into(),
        port: port.into(),
        to: to.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Code, validate};

    #[test]
    fn the_generated_journey_has_the_size_asked_and_only_the_guardrail_warning() {
        let bundle = large_journey(1_000);
        assert_eq!(bundle.journeys[0].versions[0].nodes.len(), 1_000);
        let d = validate::validate_catalog(&bundle.catalog());
        let codes: Vec<Code> = d.iter().map(|d| d.code).collect();
        assert_eq!(codes, vec![Code::TooManyActivities], "{d:#?}");
    }
}
