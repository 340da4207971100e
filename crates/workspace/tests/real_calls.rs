//! A simulation with real calls (opt-in): the same engine, the HTTP connector instead
//! of fixtures, secrets from the environment when no keychain is there.

use std::sync::atomic::AtomicU64;

use parcours_model::{Auth, Bundle};
use parcours_workspace::samples::SAMPLES;
use parcours_workspace::simulation::{SimulationInput, SimulationRequest, simulate};
use serde_json::json;
use wiremock::matchers::{header, header_exists, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[test]
fn real_calls_reach_the_systems_with_their_auth() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let server = runtime.block_on(MockServer::start());
    runtime.block_on(async {
        Mock::given(method("GET"))
            .and(path("/api/carts/c-1/order"))
            .and(header("x-api-key", "orders-key-1"))
            .respond_with(ResponseTemplate::new(200).set_body_json(
                json!({"orderId": "o-1", "paid": false, "total": 10.0, "updatedAt": "2026-01-15T10:00:00Z"}),
            ))
            .expect(1)
            .mount(&server)
            .await;
        Mock::given(method("POST"))
            .and(path("/v1/messages"))
            .and(query_param("api_key", "msg-key-2"))
            .and(header_exists("idempotency-key"))
            .respond_with(ResponseTemplate::new(202).set_body_json(json!({"messageId": "m-1", "queued": true})))
            .expect(1)
            .mount(&server)
            .await;
    });
    let mut bundle = Bundle::parse(SAMPLES[0].1).unwrap();
    bundle.data_sources[0].base_url = format!("{}/api", server.uri());
    bundle.actions[0].url = format!("{}/v1/messages", server.uri());
    bundle.actions[0].auth = Auth::ApiKey {
        name: "api_key".into(),
        location: parcours_model::KeyLocation::Query,
        secret: "msg_key".into(),
    };
    // SAFETY of the test: no other test in this binary reads these variables.
    unsafe {
        std::env::set_var("PARCOURS_SECRET_ORDERS_API_KEY", "orders-key-1");
        std::env::set_var("PARCOURS_ORIGINS_ORDERS_API_KEY", server.uri());
        std::env::set_var("PARCOURS_SECRET_MSG_KEY", "msg-key-2");
        std::env::set_var("PARCOURS_ORIGINS_MSG_KEY", server.uri());
    }
    let request = SimulationRequest {
        journey: "cart_recovery".into(),
        input: SimulationInput::Events(
            "{\"at\": \"2026-01-15T09:00:00Z\", \"event\": \"cart_abandoned\", \"overrides\": {\"email\": \"ada@example.com\", \"cartId\": \"c-1\"}}".into(),
        ),
        seed: 1,
        start: None,
        fixtures: None,
        real_calls: true,
    };
    let result = simulate(bundle, request, &AtomicU64::new(0)).unwrap();
    assert_eq!(result.report.exits("cart_recovery", "remind", "success"), 1);
    runtime.block_on(server.verify());
}
