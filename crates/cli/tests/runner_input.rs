//! Bad input at the real runner: each refusal has the right status, a stable code and a
//! message that names the place (JSON path, header, journey), and nothing a refused
//! request carried is half-stored — what was accepted before is still there after.

mod runner_support;

use base64::Engine;
use runner_support::*;
use serde_json::{Value, json};

/// A raw request: (status, headers, body as JSON or Null).
fn raw(
    runner: &Runner,
    method: &str,
    path: &str,
    auth: Option<&str>,
    body: Option<Vec<u8>>,
) -> (u16, reqwest::header::HeaderMap, Value) {
    let m = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
    let mut request = http().request(m, runner.url(path));
    if let Some(auth) = auth {
        request = request.header("Authorization", auth);
    }
    if let Some(body) = body {
        request = request.header("Content-Type", "application/json").body(body);
    }
    let r = request.send().unwrap();
    let status = r.status().as_u16();
    let headers = r.headers().clone();
    (status, headers, r.json().unwrap_or(Value::Null))
}

fn refused(answer: (u16, Value), status: u16, code: &str, path: Option<&str>) -> String {
    let (got, body) = answer;
    assert_eq!(got, status, "{body}");
    assert_eq!(body["code"], code, "{body}");
    assert_eq!(body["path"].as_str(), path, "{body}");
    body["message"].as_str().unwrap().to_string()
}

#[test]
fn bad_input_gets_the_right_status_and_names_the_place_and_loses_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("runner.sqlite");
    let ops = token(&db, "ops", "admin");
    let shop = token(&db, "web-shop", "ingest");
    let systems = Systems::start();
    let runner = Runner::start(&db, &secrets(Some(&systems)));
    let (_, body) = release_body(&cart_bundle(&systems.uri(), 3600), "cart_recovery");
    let (status, e) = runner.send(&ops, "PUT", "/v1/journeys/cart_recovery/versions/1", &body);
    assert_eq!(status, 201, "{e}");
    let good = json!({"id": "evt-1", "payload": cart("ada@example.com", "c-1")});
    assert_eq!(runner.send(&shop, "POST", "/v1/events", &good).1["accepted"], 1);
    let bearer = format!("Bearer {shop}");
    let post = |body: &[u8]| {
        let (s, _, b) = raw(&runner, "POST", "/v1/events", Some(&bearer), Some(body.to_vec()));
        (s, b)
    };

    // Access.
    let (status, headers, e) = raw(&runner, "GET", "/v1/journeys", None, None);
    let message = refused((status, e), 401, "UNAUTHORIZED", Some("Authorization"));
    assert!(message.contains("Bearer"), "{message}");
    assert!(headers.contains_key("www-authenticate"));
    let (status, _, e) = raw(&runner, "GET", "/v1/journeys", Some("Bearer prt_not-a-token"), None);
    refused((status, e), 401, "UNAUTHORIZED", Some("Authorization"));
    let message = refused(
        runner.get(&shop, "/v1/journeys/cart_recovery/report"),
        403,
        "FORBIDDEN",
        None,
    );
    assert!(message.contains("`web-shop` has no `read` scope"), "{message}");

    // Malformed JSON, with where it broke.
    let message = refused(post(b"{\"payload\": {\"email\": "), 400, "INVALID_INPUT", Some("body"));
    assert_eq!(
        message,
        "body: not valid JSON (line 1, column 22): EOF while parsing a value"
    );
    // Wrong types, unknown fields, at their JSON path.
    let message = refused(post(br#"{"payload": 3}"#), 400, "INVALID_INPUT", Some("payload"));
    assert!(message.contains("expected a map"), "{message}");
    let batch =
        json!({"events": [good.clone(), {"id": "evt-2", "payload": cart("bo@example.com", "c-2")}, {"payload": [1]}]});
    refused(
        post(batch.to_string().as_bytes()),
        400,
        "INVALID_INPUT",
        Some("events[2].payload"),
    );
    let message = refused(
        post(br#"{"payload": {}, "nmae": "cart_abandoned"}"#),
        400,
        "INVALID_INPUT",
        Some("nmae"),
    );
    assert!(
        message.contains("unknown field `nmae`, expected one of `id`, `name`, `payload`"),
        "{message}"
    );
    let message = refused(
        post(json!({"id": "", "payload": {}}).to_string().as_bytes()),
        400,
        "INVALID_INPUT",
        Some("id"),
    );
    assert!(message.contains("1 to 100 characters"), "{message}");

    // Sizes: an event over 64 KB, a body over 1 MB, a batch over 500.
    let big = "x".repeat(70 * 1024);
    let message = refused(
        post(
            json!({"payload": {"email": "a@example.com", "note": big}})
                .to_string()
                .as_bytes(),
        ),
        413,
        "PAYLOAD_TOO_LARGE",
        Some("payload"),
    );
    assert!(message.contains("more than the 64 KB allowed"), "{message}");
    let huge = json!({"events": (0..20).map(|_| json!({"payload": {"note": big}})).collect::<Vec<_>>()});
    refused(
        post(huge.to_string().as_bytes()),
        413,
        "PAYLOAD_TOO_LARGE",
        Some("body"),
    );
    let many = json!({"events": (0..501).map(|i| json!({"payload": {"n": i}})).collect::<Vec<_>>()});
    let message = refused(post(many.to_string().as_bytes()), 400, "INVALID_INPUT", Some("events"));
    assert!(message.contains("at most 500"), "{message}");

    // Segment's shape and limits: 400 beyond 32 KB a message and 500 KB a batch.
    let basic = format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!("{shop}:"))
    );
    let segment = |path: &str, body: Value| {
        let (s, _, b) = raw(&runner, "POST", path, Some(&basic), Some(body.to_string().into_bytes()));
        (s, b)
    };
    let track =
        |props: Value| json!({"type": "track", "event": "cart_abandoned", "userId": "u-1", "properties": props});
    let message = refused(
        segment(
            "/v1/batch",
            json!({"batch": [track(json!({})), {"type": "track", "event": "x"}]}),
        ),
        400,
        "INVALID_INPUT",
        Some("batch[1].userId"),
    );
    assert!(message.contains("userId or anonymousId"), "{message}");
    let message = refused(
        segment("/v1/track", track(json!({"note": "y".repeat(33 * 1024)}))),
        400,
        "INVALID_INPUT",
        Some("body"),
    );
    assert!(message.contains("32 KB"), "{message}");
    let fat: Vec<Value> = (0..20).map(|_| track(json!({"note": "z".repeat(30 * 1024)}))).collect();
    refused(
        segment("/v1/batch", json!({"batch": fat})),
        400,
        "INVALID_INPUT",
        Some("body"),
    );
    refused(
        segment("/v1/track", json!({"type": "track", "event": 5, "userId": "u"})),
        400,
        "INVALID_INPUT",
        Some("event"),
    );

    // Unknown journeys, versions and routes.
    let message = refused(runner.get(&ops, "/v1/journeys/nobody"), 404, "NOT_FOUND", None);
    assert!(message.contains("`nobody`"), "{message}");
    refused(runner.get(&ops, "/v1/journeys/nobody/report"), 404, "NOT_FOUND", None);
    let message = refused(runner.get(&ops, "/v2/everything"), 404, "NOT_FOUND", None);
    assert!(message.contains("/v2/everything"), "{message}");
    let message = refused(
        runner.send(&ops, "DELETE", "/v1/journeys/cart_recovery/report", &json!({})),
        405,
        "METHOD_NOT_ALLOWED",
        None,
    );
    assert!(message.contains("does not take DELETE"), "{message}");
    // A release that is not one.
    let (status, _, e) = raw(
        &runner,
        "PUT",
        "/v1/journeys/cart_recovery/versions/2",
        Some(&format!("Bearer {ops}")),
        Some(br#"{"release": {"journey": 3}, "drain": "closePrevious"}"#.to_vec()),
    );
    refused((status, e), 400, "INVALID_INPUT", Some("release.journey"));

    // Nothing was lost or half-stored: the refused batch stored none of its events
    // (evt-2 is new now), the event accepted first is still inside.
    let (status, ack) = runner.send(
        &shop,
        "POST",
        "/v1/events",
        &json!({"events": [good, {"id": "evt-2", "payload": cart("bo@example.com", "c-2")}]}),
    );
    assert_eq!((status, ack), (200, json!({"accepted": 1, "duplicates": 1})));
    poll("both are waiting", std::time::Duration::from_secs(10), || {
        runner.report(&ops, "cart_recovery")["totals"]["waitingNow"] == 2
    });
    assert_eq!(runner.report(&ops, "cart_recovery")["totals"]["entered"], 2);
    runner.stop();
}

#[test]
fn a_token_over_its_rate_waits_as_retry_after_says() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("runner.sqlite");
    let config = dir.path().join("runner.toml");
    // One request per 100 s after a burst of two: the third is refused, deterministically.
    std::fs::write(&config, "token_rate = 0.01\ntoken_burst = 2\n").unwrap();
    let shop = token(&db, "web-shop", "ingest");
    let runner = Runner::start_with(&db, &[], &["--config", &config.display().to_string()]);
    let event = json!({"payload": {"email": "ada@example.com"}});
    for _ in 0..2 {
        assert_eq!(runner.send(&shop, "POST", "/v1/events", &event).0, 200);
    }
    let r = http()
        .post(runner.url("/v1/events"))
        .bearer_auth(&shop)
        .json(&event)
        .send()
        .unwrap();
    assert_eq!(r.status(), 429);
    let wait: u64 = r.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((90..=100).contains(&wait), "Retry-After {wait}");
    let e: Value = r.json().unwrap();
    assert_eq!(e["code"], "RATE_LIMITED");
    assert!(
        e["message"].as_str().unwrap().contains("`web-shop` is over its rate"),
        "{e}"
    );
    runner.stop();
}

#[test]
fn a_misspelt_config_file_stops_the_runner_before_it_listens() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("runner.toml");
    std::fs::write(&config, "queue = 10\ntoken_rte = 5\n").unwrap();
    let err = serve_refused(&["--config", &config.display().to_string()]);
    assert!(
        err.contains("runner.toml") && err.contains("unknown field `token_rte`"),
        "{err}"
    );
}

/// The runner looks at its database before writing: another program's file, a text
/// file or a newer runner's file is refused with its path, and left exactly as it was.
#[test]
fn a_database_that_is_not_this_runners_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let workspace = dir.path().join("team.sqlite");
    let example = format!("{EXAMPLES}/cart_abandonment.parcours.json");
    assert!(
        parcours(&["import", &example, "--db", &workspace.display().to_string()])
            .status
            .success()
    );
    let text = dir.path().join("notes.sqlite");
    std::fs::write(&text, "not a database\n").unwrap();
    let newer = dir.path().join("newer.sqlite");
    token(&newer, "ops", "read");
    {
        let c = rusqlite::Connection::open(&newer).unwrap();
        c.pragma_update(None, "user_version", 99).unwrap();
    }

    for (file, says) in [
        (&workspace, "is not a Parcours runner database"),
        (&text, "not an SQLite file"),
        (&newer, "was written by a newer runner (schema 99"),
    ] {
        let before = std::fs::read(file).unwrap();
        let err = serve_refused(&["--db", &file.display().to_string()]);
        assert!(err.contains(&file.display().to_string()) && err.contains(says), "{err}");
        assert_eq!(std::fs::read(file).unwrap(), before, "{} untouched", file.display());
    }
}
