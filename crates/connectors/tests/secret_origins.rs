//! A secret goes only to the origins it is bound to: two loopback servers (wiremock),
//! the secrets bound to the first. Sent to its own origin; refused for the other one
//! whichever way the call gets there (a configuration, a redirect, a dynamic path, a
//! token endpoint, a lookup); never retried; the other server sees nothing.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use std::time::Duration;

use parcours_connectors::{Binding, HttpConnector, Secret};
use parcours_engine::{ActionRequest, DataRequest};
use parcours_model::{Auth, CustomAction, DataSource, GroupMethod, HttpMethod, KeyLocation, TokenRequest};
use serde_json::json;
use wiremock::matchers::{header, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const KEY: &str = "k-4f1e9a";

/// Secrets bound to `own`'s origin only.
fn connector(own: &MockServer) -> HttpConnector {
    let bound = Binding::written(&[own.uri()]).unwrap();
    let mut c = HttpConnector::new(Arc::new(HashMap::from([
        ("key".to_string(), Secret::new(KEY, bound.clone())),
        ("client".to_string(), Secret::new("cs-77", bound)),
    ])));
    c.first_backoff = Duration::from_millis(10);
    c
}

fn api_key() -> Auth {
    Auth::ApiKey {
        name: "X-Api-Key".into(),
        location: KeyLocation::Header,
        secret: "key".into(),
    }
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
        headers: BTreeMap::new(),
        query: BTreeMap::new(),
        body: Some(json!({"to": "u-1"})),
        idempotency_key: "k".into(),
    }
}

/// A server that must receive nothing.
async fn untouched() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(200))
        .expect(0)
        .mount(&server)
        .await;
    server
}

fn origin(server: &MockServer) -> String {
    server.uri()
}

#[tokio::test]
async fn a_secret_goes_to_its_own_origin() {
    let own = MockServer::start().await;
    Mock::given(path("/send"))
        .and(header("x-api-key", KEY))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&own)
        .await;
    let url = format!("{}/send", own.uri());
    let outcome = connector(&own)
        .call_action(&action(&url, api_key()), &request(&url))
        .await;
    assert!(outcome.ok, "{outcome:?}");
}

#[tokio::test]
async fn a_configuration_pointing_elsewhere_does_not_get_the_secret() {
    let own = MockServer::start().await;
    let other = untouched().await;
    let url = format!("{}/send", other.uri());
    let outcome = connector(&own)
        .call_action(&action(&url, api_key()), &request(&url))
        .await;
    assert_eq!(outcome.status, "internalError");
    let why = outcome.response["error"].as_str().unwrap();
    assert!(
        why.contains("secret `key`") && why.contains(&origin(&own)) && why.contains(&origin(&other)),
        "the refusal names the secret and both origins: {why}"
    );
    assert!(!why.contains(KEY), "never the value: {why}");
}

#[tokio::test]
async fn a_redirect_to_another_origin_is_not_followed_nor_retried() {
    let own = MockServer::start().await;
    let other = untouched().await;
    Mock::given(path("/send"))
        .respond_with(ResponseTemplate::new(307).insert_header("Location", format!("{}/steal", other.uri())))
        .expect(1)
        .mount(&own)
        .await;
    let url = format!("{}/send", own.uri());
    let outcome = connector(&own)
        .call_action(&action(&url, api_key()), &request(&url))
        .await;
    assert_eq!(outcome.status, "internalError");
    let why = outcome.response["error"].as_str().unwrap();
    assert!(
        why.contains("redirected from") && why.contains(&origin(&other)),
        "{why}"
    );
}

#[tokio::test]
async fn a_redirect_within_the_origin_is_followed() {
    let own = MockServer::start().await;
    Mock::given(path("/old"))
        .respond_with(ResponseTemplate::new(307).insert_header("Location", format!("{}/new", own.uri())))
        .mount(&own)
        .await;
    Mock::given(path("/new"))
        .and(header("x-api-key", KEY))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&own)
        .await;
    let url = format!("{}/old", own.uri());
    assert!(
        connector(&own)
            .call_action(&action(&url, api_key()), &request(&url))
            .await
            .ok
    );
}

#[tokio::test]
async fn a_dynamic_path_cannot_carry_a_placeholder_to_another_origin() {
    let own = MockServer::start().await;
    let other = untouched().await;
    let mut a = action(&own.uri(), Auth::None);
    a.dynamic_path = true;
    // `http://127.0.0.1:A` + `@127.0.0.1:B/x`: user info, then the other server.
    let rest = other.uri().trim_start_matches("http://").to_string();
    let mut r = request(&format!("{}@{rest}/x", own.uri()));
    r.headers.insert("Authorization".into(), "Bearer {{secret:key}}".into());
    let outcome = connector(&own).call_action(&a, &r).await;
    assert_eq!(outcome.status, "internalError");
    assert!(outcome.response["error"].as_str().unwrap().contains("dynamic path"));
}

#[tokio::test]
async fn a_token_endpoint_elsewhere_does_not_get_the_client_secret() {
    let own = MockServer::start().await;
    let other = untouched().await;
    let auth = Auth::CustomToken {
        request: TokenRequest {
            url: format!("{}/oauth/token", other.uri()),
            method: HttpMethod::Post,
            headers: BTreeMap::new(),
            body: Some(json!({"client_secret": "{{secret:client}}"})),
        },
        token_path: "access_token".into(),
        ttl_seconds: 3600,
    };
    let url = format!("{}/send", own.uri());
    let outcome = connector(&own).call_action(&action(&url, auth), &request(&url)).await;
    assert_eq!(outcome.status, "internalError");
    let why = outcome.response["error"].as_str().unwrap();
    assert!(
        why.contains("secret `client`") && why.contains(&origin(&other)),
        "{why}"
    );
}

#[tokio::test]
async fn a_lookup_elsewhere_does_not_get_the_secret() {
    let own = MockServer::start().await;
    let other = untouched().await;
    let source = DataSource {
        name: "orders".into(),
        description: String::new(),
        base_url: other.uri(),
        auth: api_key(),
        cache_seconds: 0,
        rate_per_second: 15,
        field_groups: vec![],
    };
    let lookup = DataRequest {
        source: "orders".into(),
        group: "byCart".into(),
        method: GroupMethod::Get,
        url: format!("{}/carts/c-1", other.uri()),
        params: BTreeMap::new(),
        query: BTreeMap::new(),
        body: None,
    };
    let why = connector(&own).fetch(&source, &lookup).await.unwrap_err();
    assert!(why.contains("secret `key`") && why.contains(&origin(&other)), "{why}");
}

#[test]
fn plain_http_only_to_this_machine_unless_the_secret_allows_it() {
    let remote = Binding {
        origins: vec!["http://api.example.com".into()],
        allow_http: false,
    };
    let why = remote.permits("key", "http://api.example.com/x").unwrap_err();
    assert!(why.contains("plain HTTP"), "{why}");
    let allowed = Binding {
        allow_http: true,
        ..remote
    };
    assert!(allowed.permits("key", "http://api.example.com/x").is_ok());
    let local = Binding {
        origins: vec!["http://127.0.0.1:8080".into()],
        allow_http: false,
    };
    assert!(local.permits("key", "http://127.0.0.1:8080/hook").is_ok());
    let https = Binding {
        origins: vec!["https://api.example.com".into()],
        allow_http: false,
    };
    assert!(
        https.permits("key", "https://api.example.com:443/v1").is_ok(),
        "the default port is the origin's"
    );
    assert!(
        https.permits("key", "https://api.example.com:8443/v1").is_err(),
        "another port is another origin"
    );
    assert!(
        https.permits("key", "http://api.example.com/v1").is_err(),
        "another scheme is another origin"
    );
    let unbound = Binding::default()
        .permits("key", "https://api.example.com")
        .unwrap_err();
    assert!(unbound.contains("not bound to any origin"), "{unbound}");
}
