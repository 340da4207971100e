//! A runner's token goes only to the runner it was given for. It is kept (here in the
//! secrets file; on a desktop in the keychain) bound to the origin of the runner's URL,
//! and a workspace whose runner was pointed elsewhere — edited by hand, or sent by
//! someone else — does not send it there: pushes wait, saying why, and the server at
//! the new URL never sees the token. Until this was enforced the binding was stored and
//! the token sent wherever the workspace's runner row pointed.

use parcours_model::Drain;
use parcours_workspace::secrets::{LocalSecrets, SecretBinding};
use parcours_workspace::{Actor, Role, Workspace};
use wiremock::matchers::{any, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A server on loopback standing for a runner that answers its health check and 503 to
/// the rest (so pushes to it stay queued), on a runtime the test keeps.
fn server(runtime: &tokio::runtime::Runtime) -> MockServer {
    runtime.block_on(async {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .and(path("/healthz"))
            .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({})))
            .mount(&server)
            .await;
        Mock::given(any())
            .respond_with(ResponseTemplate::new(503))
            .mount(&server)
            .await;
        server
    })
}

/// The Authorization headers `server` was sent.
fn bearers(runtime: &tokio::runtime::Runtime, server: &MockServer) -> Vec<String> {
    runtime
        .block_on(server.received_requests())
        .unwrap_or_default()
        .iter()
        .filter_map(|r| r.headers.get("authorization"))
        .map(|v| v.to_str().unwrap_or_default().to_string())
        .collect()
}

#[test]
fn a_runner_pointed_elsewhere_is_not_sent_its_token() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("w.sqlite");
    let mut ws = Workspace::open(&db, Actor::with_role("ada", Role::Administrator))
        .unwrap()
        .with_secrets(LocalSecrets::with_file(dir.path().join("secrets.enc")).without_keychain());
    ws.seed_samples_if_empty().unwrap();
    ws.unlock_secrets("correct horse battery staple").unwrap();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let trusted_runner = server(&runtime);
    let other_runner = server(&runtime);
    let (trusted, other) = (trusted_runner.uri(), other_runner.uri());

    ws.add_runner("live", &trusted, Some("prt_given_for_live")).unwrap();
    assert_eq!(ws.runners().unwrap()[0].token, "secrets file");

    // The token is not a secret a configuration can name, set or re-bind: an action
    // sent by someone else with `{{secret:runner:live}}` in a header gets nothing.
    assert!(!ws.secret_status("runner:live").unwrap().set);
    let binding = SecretBinding {
        origins: vec!["https://evil.example.com".into()],
        allow_http: false,
    };
    let refused = ws.bind_secret("runner:live", &binding).unwrap_err();
    assert_eq!(
        refused.code,
        parcours_workspace::ErrorCode::NotFound,
        "{}",
        refused.message
    );
    let refused = ws.set_secret("runner:live", "prt_forged", &binding).unwrap_err();
    assert!(
        refused.message.contains("kept for runners' tokens"),
        "{}",
        refused.message
    );
    assert_eq!(ws.runners().unwrap()[0].token, "secrets file", "the token is as it was");

    // Pointing the runner elsewhere without its token is refused, saying why.
    let refused = ws.add_runner("live", &other, None).unwrap_err();
    assert!(
        refused
            .message
            .contains(&format!("was given for {trusted}, not {other}")),
        "{}",
        refused.message
    );

    // The workspace file edited by hand: the runner now points elsewhere.
    rusqlite::Connection::open(&db)
        .unwrap()
        .execute("UPDATE runners SET url = ?1 WHERE name = 'live'", [&other])
        .unwrap();
    assert_eq!(ws.runners().unwrap()[0].token, "elsewhere");
    ws.new_version("cart_recovery").unwrap();
    ws.publish_to("cart_recovery", Drain::ClosePrevious, Some(vec!["live".into()]))
        .unwrap();
    let pushes = ws.deliver_pushes().unwrap();
    assert_eq!(pushes[0].state, "queued", "{pushes:?}");
    let why = pushes[0].last_error.clone().unwrap_or_default();
    assert!(
        why.contains("a token goes only to the runner it was given for"),
        "{why}"
    );
    assert!(
        runtime
            .block_on(other_runner.received_requests())
            .unwrap_or_default()
            .is_empty(),
        "nothing was sent there"
    );
    let check = ws.runner_check_job("live").unwrap().run();
    assert!(
        check.problems.iter().any(|p| p.contains("was given for")),
        "{:?}",
        check.problems
    );
    assert_eq!(
        bearers(&runtime, &other_runner),
        Vec::<String>::new(),
        "the check did not send it either"
    );

    // Given for the new URL, a token goes there.
    ws.add_runner("live", &other, Some("prt_given_for_other")).unwrap();
    ws.retry_pushes_now().unwrap();
    ws.deliver_pushes().unwrap();
    let seen = bearers(&runtime, &other_runner);
    assert!(seen.iter().any(|b| b == "Bearer prt_given_for_other"), "{seen:?}");
    assert!(!seen.iter().any(|b| b.contains("prt_given_for_live")), "{seen:?}");
}
