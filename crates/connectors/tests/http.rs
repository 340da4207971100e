//! The connector against real HTTP on loopback (wiremock): auth kinds, retries,
//! no-retry codes, timeouts, caps, idempotency keys, caching.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use std::time::{Duration, Instant};

use parcours_connectors::{Binding, HttpConnector, Secret};
use parcours_engine::{ActionRequest, DataRequest};
use parcours_model::{Auth, CustomAction, DataSource, FieldGroup, GroupMethod, HttpMethod, KeyLocation, TokenRequest};
use serde_json::json;
use wiremock::matchers::{body_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

/// The test secrets, bound to the mock server's origin.
fn secrets(server: &MockServer) -> Arc<HashMap<String, Secret>> {
    let bound = Binding::written(&[server.uri()]).unwrap();
    Arc::new(HashMap::from([
        ("pw".to_string(), Secret::new("s3cret", bound.clone())),
        ("key".to_string(), Secret::new("k-123", bound.clone())),
        ("client".to_string(), Secret::new("cs-9", bound)),
    ]))
}

fn action(url: &str, auth: Auth) -> CustomAction {
    CustomAction {
        name: "notify".into(),
        description: String::new(),
        url: url.into(),
        dynamic_path: false,
        method: HttpMethod::Post,
        headers: vec![],
        query: vec![],
        payload_example: None,
        payload: vec![],
        response_example: None,
        auth,
        timeout_ms: 5_000,
        retries: 3,
        calls_per_second: 100,
    }
}

fn request(url: &str) -> ActionRequest {
    ActionRequest {
        action: "notify".into(),
        method: HttpMethod::Post,
        url: url.into(),
        headers: BTreeMap::from([("X-Channel".into(), "sms".into())]),
        query: BTreeMap::new(),
        body: Some(json!({"to": "+33600000000"})),
        idempotency_key: "welcome:1:welcome:u-1:1:send".into(),
    }
}

fn connector(server: &MockServer) -> HttpConnector {
    let mut c = HttpConnector::new(secrets(server));
    c.first_backoff = Duration::from_millis(20);
    c
}

#[tokio::test]
async fn basic_auth_headers_body_and_idempotency_key_are_sent() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/send"))
        .and(header("authorization", "Basic cGFyY291cnM6czNjcmV0"))
        .and(header("idempotency-key", "welcome:1:welcome:u-1:1:send"))
        .and(header("x-channel", "sms"))
        .and(body_json(json!({"to": "+33600000000"})))
        .respond_with(ResponseTemplate::new(202).set_body_json(json!({"id": "m-1"})))
        .expect(1)
        .mount(&server)
        .await;
    let url = format!("{}/send", server.uri());
    let auth = Auth::Basic {
        username: "parcours".into(),
        secret: "pw".into(),
    };
    let outcome = connector(&server)
        .call_action(&action(&url, auth), &request(&url))
        .await;
    assert_eq!(outcome.status, "http_202");
    assert!(outcome.ok);
    assert_eq!(outcome.response, json!({"id": "m-1"}));
}

#[tokio::test]
async fn api_keys_go_in_a_header_or_the_query() {
    let server = MockServer::start().await;
    Mock::given(path("/h"))
        .and(header("x-api-key", "k-123"))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(path("/q"))
        .and(query_param("api_key", "k-123"))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&server)
        .await;
    let c = connector(&server);
    for (p, location, name) in [
        ("/h", KeyLocation::Header, "X-Api-Key"),
        ("/q", KeyLocation::Query, "api_key"),
    ] {
        let url = format!("{}{p}", server.uri());
        let auth = Auth::ApiKey {
            name: name.into(),
            location,
            secret: "key".into(),
        };
        assert!(c.call_action(&action(&url, auth), &request(&url)).await.ok, "{p}");
    }
}

#[tokio::test]
async fn a_custom_token_is_fetched_once_and_reused() {
    token_fetched_once_and_reused(3600).await;
}

/// Found by the panic audit: `ttlSeconds` of u64::MAX (unchecked then) overflowed the
/// clock once the token came back, and the call task panicked.
#[tokio::test]
async fn a_token_ttl_past_the_clock_is_capped_not_a_crash() {
    token_fetched_once_and_reused(u64::MAX).await;
}

async fn token_fetched_once_and_reused(ttl_seconds: u64) {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/token"))
        .and(body_json(json!({"client_secret": "cs-9"})))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": {"access_token": "t-77"}})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(path("/send"))
        .and(header("authorization", "Bearer t-77"))
        .respond_with(ResponseTemplate::new(200))
        .expect(2)
        .mount(&server)
        .await;
    let url = format!("{}/send", server.uri());
    let auth = Auth::CustomToken {
        request: TokenRequest {
            url: format!("{}/token", server.uri()),
            method: HttpMethod::Post,
            headers: BTreeMap::new(),
            body: Some(json!({"client_secret": "{{secret:client}}"})),
        },
        token_path: "data.access_token".into(),
        ttl_seconds,
    };
    let c = connector(&server);
    let a = action(&url, auth);
    assert!(c.call_action(&a, &request(&url)).await.ok);
    assert!(c.call_action(&a, &request(&url)).await.ok);
}

/// Answers the given statuses in turn, then 200.
struct Sequence(std::sync::Mutex<Vec<u16>>);

impl Respond for Sequence {
    fn respond(&self, _: &Request) -> ResponseTemplate {
        let mut codes = self.0.lock().unwrap();
        if codes.is_empty() {
            ResponseTemplate::new(200).set_body_json(json!({"ok": true}))
        } else {
            ResponseTemplate::new(codes.remove(0))
        }
    }
}

#[tokio::test]
async fn server_errors_are_retried_with_the_same_idempotency_key() {
    let server = MockServer::start().await;
    Mock::given(path("/send"))
        .respond_with(Sequence(std::sync::Mutex::new(vec![503, 502])))
        .expect(3)
        .mount(&server)
        .await;
    let url = format!("{}/send", server.uri());
    let outcome = connector(&server)
        .call_action(&action(&url, Auth::None), &request(&url))
        .await;
    assert_eq!(outcome.status, "http_200");
    let keys: Vec<String> = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(|r| r.headers.get("idempotency-key").unwrap().to_str().unwrap().to_string())
        .collect();
    assert_eq!(keys.len(), 3);
    assert!(keys.iter().all(|k| k == "welcome:1:welcome:u-1:1:send"));
}

#[tokio::test]
async fn unauthorized_forbidden_and_not_found_are_never_retried() {
    for code in [401u16, 403, 404] {
        let server = MockServer::start().await;
        Mock::given(path("/send"))
            .respond_with(ResponseTemplate::new(code))
            .expect(1)
            .mount(&server)
            .await;
        let url = format!("{}/send", server.uri());
        let outcome = connector(&server)
            .call_action(&action(&url, Auth::None), &request(&url))
            .await;
        assert_eq!(outcome.status, format!("http_{code}"));
        assert!(!outcome.ok);
    }
}

#[tokio::test]
async fn retries_stop_at_the_configured_count() {
    let server = MockServer::start().await;
    Mock::given(path("/send"))
        .respond_with(ResponseTemplate::new(500))
        .expect(3)
        .mount(&server)
        .await;
    let url = format!("{}/send", server.uri());
    let mut a = action(&url, Auth::None);
    a.retries = 2;
    assert_eq!(
        connector(&server).call_action(&a, &request(&url)).await.status,
        "http_500"
    );
}

#[tokio::test]
async fn retry_after_is_honoured() {
    let server = MockServer::start().await;
    Mock::given(path("/send"))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "1"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(path("/send"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    let url = format!("{}/send", server.uri());
    let start = Instant::now();
    assert!(
        connector(&server)
            .call_action(&action(&url, Auth::None), &request(&url))
            .await
            .ok
    );
    assert!(
        start.elapsed() >= Duration::from_millis(950),
        "waited {:?}",
        start.elapsed()
    );
}

#[tokio::test]
async fn the_time_budget_covers_every_attempt() {
    let server = MockServer::start().await;
    Mock::given(path("/send"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(5)))
        .mount(&server)
        .await;
    let url = format!("{}/send", server.uri());
    let mut a = action(&url, Auth::None);
    a.timeout_ms = 1_000;
    let start = Instant::now();
    assert_eq!(
        connector(&server).call_action(&a, &request(&url)).await.status,
        "timedout"
    );
    assert!(start.elapsed() < Duration::from_secs(3), "{:?}", start.elapsed());
}

#[tokio::test]
async fn calls_beyond_the_host_cap_are_capped() {
    let server = MockServer::start().await;
    Mock::given(path("/send"))
        .respond_with(ResponseTemplate::new(200))
        .expect(2)
        .mount(&server)
        .await;
    let url = format!("{}/send", server.uri());
    let mut a = action(&url, Auth::None);
    a.calls_per_second = 2;
    // A frozen clock: all three calls fall in the same second.
    let now = Instant::now();
    let c = HttpConnector::with_clock(secrets(&server), Arc::new(move || now));
    let statuses = [
        c.call_action(&a, &request(&url)).await.status,
        c.call_action(&a, &request(&url)).await.status,
        c.call_action(&a, &request(&url)).await.status,
    ];
    assert_eq!(statuses, ["http_200", "http_200", "capped"]);
}

#[tokio::test]
async fn every_lookup_reaches_the_source_the_engine_keeps_the_cache() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/carts/c-1/order"))
        .and(header("x-api-key", "k-123"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"paid": false})))
        .expect(2)
        .mount(&server)
        .await;
    let source = DataSource {
        name: "orders".into(),
        description: String::new(),
        base_url: server.uri(),
        auth: Auth::ApiKey {
            name: "X-Api-Key".into(),
            location: KeyLocation::Header,
            secret: "key".into(),
        },
        cache_seconds: 60,
        rate_per_second: 15,
        field_groups: vec![FieldGroup {
            name: "byCart".into(),
            method: GroupMethod::Get,
            path: "/carts/{cartId}/order".into(),
            parameters: vec![],
            response_example: json!({}),
        }],
    };
    let request = DataRequest {
        source: "orders".into(),
        group: "byCart".into(),
        method: GroupMethod::Get,
        url: format!("{}/carts/c-1/order", server.uri()),
        params: BTreeMap::new(),
        query: BTreeMap::new(),
        body: None,
    };
    let c = connector(&server);
    assert_eq!(c.fetch(&source, &request).await.unwrap(), json!({"paid": false}));
    assert_eq!(c.fetch(&source, &request).await.unwrap(), json!({"paid": false}));
}

#[tokio::test]
async fn a_missing_secret_is_an_internal_error_not_a_call() {
    let server = MockServer::start().await;
    Mock::given(path("/send"))
        .respond_with(ResponseTemplate::new(200))
        .expect(0)
        .mount(&server)
        .await;
    let url = format!("{}/send", server.uri());
    let auth = Auth::Basic {
        username: "u".into(),
        secret: "unset".into(),
    };
    let a = action(&url, auth);
    let outcome = connector(&server).call_action(&a, &request(&url)).await;
    assert_eq!(outcome.status, "internalError");
    let why = outcome.response["error"].as_str().unwrap_or_default().to_string();
    assert!(why.contains("unset"), "the missing secret is named: {why}");
}

#[tokio::test]
async fn secret_placeholders_in_headers_are_filled_at_send_time() {
    let server = MockServer::start().await;
    Mock::given(path("/send"))
        .and(header("x-api-key", "k-123"))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&server)
        .await;
    let url = format!("{}/send", server.uri());
    let mut r = request(&url);
    r.headers.insert("X-Api-Key".into(), "{{secret:key}}".into());
    assert!(connector(&server).call_action(&action(&url, Auth::None), &r).await.ok);
}

#[tokio::test]
async fn a_dynamic_path_cannot_send_the_call_to_another_host() {
    let server = MockServer::start().await;
    Mock::given(path("/send"))
        .respond_with(ResponseTemplate::new(200))
        .expect(0)
        .mount(&server)
        .await;
    let prefix = server.uri();
    let a = action(&prefix, Auth::None);
    // `http://127.0.0.1:PORT` + `.evil.example/x` would be another host.
    let r = request(&format!("{prefix}.evil.example/x"));
    let outcome = connector(&server).call_action(&a, &r).await;
    assert_eq!(outcome.status, "internalError");
    let why = outcome.response["error"].as_str().unwrap();
    assert!(why.contains("dynamic path") && why.contains("call refused"), "{why}");
}

#[tokio::test]
async fn lookups_retry_server_errors_but_not_not_found() {
    let server = MockServer::start().await;
    Mock::given(path("/carts/c-1/order"))
        .respond_with(Sequence(std::sync::Mutex::new(vec![503])))
        .expect(2)
        .mount(&server)
        .await;
    Mock::given(path("/carts/c-2/order"))
        .respond_with(ResponseTemplate::new(404))
        .expect(1)
        .mount(&server)
        .await;
    let source = DataSource {
        name: "orders".into(),
        description: String::new(),
        base_url: server.uri(),
        auth: Auth::None,
        cache_seconds: 0,
        rate_per_second: 15,
        field_groups: vec![],
    };
    let lookup = |cart: &str| DataRequest {
        source: "orders".into(),
        group: "byCart".into(),
        method: GroupMethod::Get,
        url: format!("{}/carts/{cart}/order", server.uri()),
        params: BTreeMap::new(),
        query: BTreeMap::new(),
        body: None,
    };
    let c = connector(&server);
    assert_eq!(c.fetch(&source, &lookup("c-1")).await.unwrap(), json!({"ok": true}));
    assert_eq!(c.fetch(&source, &lookup("c-2")).await.unwrap_err(), "http_404");
}

#[tokio::test]
async fn a_retry_after_beyond_the_budget_returns_the_answer_not_a_timeout() {
    let server = MockServer::start().await;
    Mock::given(path("/send"))
        .respond_with(ResponseTemplate::new(503).insert_header("Retry-After", "3600"))
        .expect(1)
        .mount(&server)
        .await;
    let url = format!("{}/send", server.uri());
    let start = Instant::now();
    assert_eq!(
        connector(&server)
            .call_action(&action(&url, Auth::None), &request(&url))
            .await
            .status,
        "http_503"
    );
    assert!(start.elapsed() < Duration::from_secs(2));
}

#[tokio::test]
async fn retry_after_never_adds_retries_beyond_the_count() {
    let server = MockServer::start().await;
    Mock::given(path("/send"))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "0"))
        .expect(2)
        .mount(&server)
        .await;
    let url = format!("{}/send", server.uri());
    let mut a = action(&url, Auth::None);
    a.retries = 1;
    assert_eq!(
        connector(&server).call_action(&a, &request(&url)).await.status,
        "http_429"
    );
}
