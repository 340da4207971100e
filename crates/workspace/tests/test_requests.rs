//! "Send test request": one real call with a form's definition, saved or not, through
//! the connector journeys use (wiremock on loopback here).

use std::collections::BTreeMap;

use parcours_model::Bundle;
use parcours_workspace::samples::SAMPLES;
use parcours_workspace::{Actor, ErrorCode, Role, Workspace};
use serde_json::json;
use wiremock::matchers::{header, header_exists, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[test]
fn a_test_request_shows_status_time_and_body_and_bad_definitions_are_refused() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let server = runtime.block_on(MockServer::start());
    let bundle = Bundle::parse(SAMPLES[0].1).unwrap();
    let mut action = bundle.actions[0].clone();
    action.url = format!("{}/v1/messages", server.uri());
    action.auth = Default::default();
    action.retries = 0;
    let mut source = bundle.data_sources[0].clone();
    source.base_url = format!("{}/api", server.uri());
    let group = source.field_groups[0].clone();
    let params: BTreeMap<String, serde_json::Value> = group
        .parameters
        .iter()
        .map(|p| (p.name.clone(), json!("c-1")))
        .collect();
    let variable = action
        .payload
        .iter()
        .find(|f| matches!(f.value, parcours_model::ParamValue::Variable { .. }))
        .expect("the sample action has a variable field")
        .path
        .clone();
    runtime.block_on(async {
        Mock::given(method("POST"))
            .and(path("/v1/messages"))
            .and(header_exists("idempotency-key"))
            .respond_with(ResponseTemplate::new(202).set_body_json(json!({"messageId": "m-1"})))
            .expect(1)
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .and(header("x-api-key", "orders-key-test"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({"orderId": "o-9", "paid": true})))
            .expect(1)
            .mount(&server)
            .await;
    });
    // SAFETY of the test: no other test in this binary reads this variable.
    unsafe {
        std::env::set_var("PARCOURS_SECRET_ORDERS_API_KEY", "orders-key-test");
        std::env::set_var("PARCOURS_ORIGINS_ORDERS_API_KEY", server.uri());
    }
    let ws = Workspace::open_in_memory(Actor::with_role("ada", Role::Administrator)).unwrap();

    let values = BTreeMap::from([(format!("payload.{variable}"), json!("someone@example.com"))]);
    let r = ws.test_action(&action, values).unwrap();
    assert_eq!((r.status.as_str(), r.ok), ("http_202", true));
    assert_eq!(r.body, json!({"messageId": "m-1"}));
    let sent = runtime.block_on(server.received_requests()).unwrap();
    let body: serde_json::Value = serde_json::from_slice(&sent[0].body).unwrap();
    assert_eq!(
        variable.split('.').try_fold(&body, |v, k| v.get(k)),
        Some(&json!("someone@example.com")),
        "{body}"
    );

    let r = ws.test_data_source(&source, &group.name, params.clone()).unwrap();
    assert!(r.ok, "{r:?}");
    assert_eq!(r.body["orderId"], "o-9");
    assert_eq!(
        ws.test_data_source(&source, "no_such_group", params).unwrap_err().code,
        ErrorCode::InvalidInput
    );

    let mut broken = action.clone();
    broken.url = "not a url".into();
    let err = ws.test_action(&broken, BTreeMap::new()).unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidInput);
    assert!(err.message.contains("url"), "{}", err.message);

    let reader = Workspace::open_in_memory(Actor::with_role("ro", Role::Viewer)).unwrap();
    assert_eq!(
        reader.test_action(&action, BTreeMap::new()).unwrap_err().code,
        ErrorCode::Forbidden
    );
}
