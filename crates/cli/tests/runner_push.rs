//! Publishing from a workspace to a runner, as a team does it from the CLI: the runner
//! added with its token outside the workspace file, a publish delivered and remembered,
//! a move following it, a release queued while the runner is down and delivered once
//! when it is back, a refusal shown with the runner's reason, and the live report.

mod runner_support;

use std::process::{Command, Output};

use runner_support::*;
use serde_json::Value;

struct Team {
    dir: tempfile::TempDir,
    ws: String,
    token: String,
}

impl Team {
    /// A workspace with the cart example imported (v1 live) and a draft v2, and a
    /// runner database with an `ops` token.
    fn new() -> Team {
        let dir = tempfile::tempdir().unwrap();
        let ws = dir.path().join("team.sqlite").display().to_string();
        let example = format!("{EXAMPLES}/cart_abandonment.parcours.json");
        assert!(parcours(&["import", &example, "--db", &ws]).status.success());
        assert!(
            parcours(&["new-version", "--db", &ws, "--journey", "cart_recovery"])
                .status
                .success()
        );
        let token = token(&dir.path().join("runner.sqlite"), "ops-team", "admin");
        Team { dir, ws, token }
    }

    fn runner_db(&self) -> std::path::PathBuf {
        self.dir.path().join("runner.sqlite")
    }

    /// `parcours args… --db ws` with the runner's token in the environment.
    fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_parcours"))
            .args(args)
            .args(["--db", &self.ws])
            .env("PARCOURS_RUNNER_TOKEN_LOCAL", &self.token)
            .output()
            .unwrap()
    }

    /// Adds the runner at `url` as `local` and publishes the cart journey to it without
    /// waiting for the delivery.
    fn publish_without_waiting(&self, url: &str) -> Output {
        assert!(self.run(&["runner", "add", "local", url]).status.success());
        let out = self.run(&[
            "publish",
            "--journey",
            "cart_recovery",
            "--runner",
            "local",
            "--no-wait",
        ]);
        assert!(out.status.success(), "{}", text(&out));
        out
    }

    fn pushes(&self) -> Vec<Value> {
        let out = self.run(&["runner", "push", "--json"]);
        serde_json::from_slice(&out.stdout).unwrap_or_else(|_| panic!("{}", text(&out)))
    }
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

fn audit_actions(runner: &Runner, token: &str) -> Vec<(String, u64)> {
    let (_, audit) = runner.get(token, "/v1/audit?journey=cart_recovery");
    audit
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["action"].as_str().unwrap().to_string(),
                l["version"].as_u64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn a_publish_reaches_the_runner_and_the_journeys_moves_follow_it() {
    let team = Team::new();
    let runner = Runner::start(&team.runner_db(), &secrets(None));
    let out = team.run(&["runner", "add", "local", &runner.base]);
    assert!(out.status.success(), "{}", text(&out));
    let out = team.run(&["runner", "list"]);
    let listed = text(&out);
    assert!(
        listed.contains("local") && listed.contains(&runner.base) && listed.contains("environment"),
        "{listed}"
    );
    // The token is nowhere in the workspace file.
    let bytes = std::fs::read(&team.ws).unwrap();
    assert!(!bytes.windows(team.token.len()).any(|w| w == team.token.as_bytes()));

    let out = team.run(&["publish", "--journey", "cart_recovery", "--runner", "local"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("publish cart_recovery v2 → local: delivered"),
        "{}",
        text(&out)
    );
    let (_, j) = runner.get(&team.token, "/v1/journeys/cart_recovery");
    assert_eq!(j["versions"][0]["version"], 2, "{j}");
    assert_eq!(j["versions"][0]["state"], "live", "{j}");

    // The journey remembers its runner: a pause goes there too, in order.
    let out = team.run(&["pause", "--journey", "cart_recovery"]);
    assert!(out.status.success(), "{}", text(&out));
    let pushes = team.pushes();
    assert_eq!(pushes[0]["kind"], "pause");
    assert_eq!(pushes[0]["state"], "delivered", "{pushes:?}");
    let (_, j) = runner.get(&team.token, "/v1/journeys/cart_recovery");
    assert_eq!(j["versions"][0]["state"], "paused", "{j}");
    assert_eq!(
        audit_actions(&runner, &team.token),
        [("publish".to_string(), 2), ("pause".to_string(), 2)]
    );

    // The live report, from the workspace's side.
    let out = team.run(&["report", "--runner", "local", "--journey", "cart_recovery", "--csv"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).starts_with("period_start,version,activity,measure,key,count\n"),
        "{}",
        text(&out)
    );
    // Written to a file as the app's Export CSV writes it.
    let file = team.dir.path().join("report.csv");
    let path = file.display().to_string();
    let out = team.run(&[
        "report",
        "--runner",
        "local",
        "--journey",
        "cart_recovery",
        "--csv",
        "--output",
        &path,
    ]);
    assert!(out.status.success(), "{}", text(&out));
    let written = std::fs::read_to_string(&file).unwrap();
    assert!(
        written.starts_with("period_start,version,activity,measure,key,count\n"),
        "{written}"
    );
    assert!(!team.dir.path().join("report.csv.partial").exists());
    let out = team.run(&["report", "--runner", "local", "--journey", "cart_recovery"]);
    assert!(out.status.success(), "{}", text(&out));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["versions"][0]["version"], 2, "{report}");
    assert_eq!(report["versions"][0]["state"], "paused", "{report}");
    assert_eq!(report["totals"]["entered"], 0, "{report}");
    let out = team.run(&["report", "--runner", "local", "--journey", "nobody"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(text(&out).contains("404 NOT_FOUND"), "{}", text(&out));
    runner.stop();
}

#[test]
fn a_release_queued_while_the_runner_is_down_is_delivered_once_when_it_is_back() {
    let team = Team::new();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = format!("http://127.0.0.1:{port}");
    let out = team.publish_without_waiting(&url);
    assert!(text(&out).contains("→ local: queued"), "{}", text(&out));
    // Down: it stays queued, with the reason.
    let pushes = team.pushes();
    assert_eq!(pushes[0]["state"], "queued", "{pushes:?}");
    assert!(
        pushes[0]["lastError"].as_str().unwrap().contains("unreachable"),
        "{pushes:?}"
    );

    let runner = Runner::start_at(&team.runner_db(), &secrets(None), &[], &format!("127.0.0.1:{port}"));
    // `runner push` tries at once, whatever the backoff said.
    assert_eq!(team.pushes()[0]["state"], "delivered");
    assert!(team.run(&["runner", "push"]).status.success());
    assert_eq!(audit_actions(&runner, &team.token), [("publish".to_string(), 2)]);
    let (_, j) = runner.get(&team.token, "/v1/journeys/cart_recovery");
    assert_eq!(j["versions"][0]["state"], "live", "{j}");
    runner.stop();
}

#[test]
fn a_release_the_runner_refuses_is_shown_with_its_reason_and_not_retried() {
    let team = Team::new();
    // A runner without the secrets the release names.
    let runner = Runner::start(&team.runner_db(), &[]);
    assert!(team.run(&["runner", "add", "local", &runner.base]).status.success());
    let out = team.run(&["publish", "--journey", "cart_recovery", "--runner", "local"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let said = text(&out);
    assert!(
        said.contains("refused") && said.contains("422 MISSING_SECRET") && said.contains("`orders_api_key`"),
        "{said}"
    );
    // Published in the workspace all the same; the refusal stays, and is not retried.
    let pushes = team.pushes();
    assert_eq!(pushes[0]["state"], "refused", "{pushes:?}");
    assert_eq!(pushes[0]["attempts"], 1, "{pushes:?}");
    assert!(audit_actions(&runner, &team.token).is_empty());
    runner.stop();
}

#[test]
fn a_runner_needs_a_token_and_a_sound_name_and_url() {
    let team = Team::new();
    let add = |name: &str, url: &str| {
        Command::new(env!("CARGO_BIN_EXE_parcours"))
            .args(["runner", "add", name, url, "--db", &team.ws])
            .stdin(std::process::Stdio::null())
            .output()
            .unwrap()
    };
    let out = add("local", "http://127.0.0.1:9");
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out).contains("PARCOURS_RUNNER_TOKEN_LOCAL"), "{}", text(&out));
    let out = team.run(&["runner", "add", "bad name", "http://127.0.0.1:9"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out).contains("runner name `bad name`"), "{}", text(&out));
    let out = team.run(&["runner", "add", "local", "ftp://example.com"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out).contains("use http:// or https://"), "{}", text(&out));
    let out = team.run(&["publish", "--journey", "cart_recovery", "--runner", "elsewhere"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out).contains("runner `elsewhere` does not exist"),
        "{}",
        text(&out)
    );
    // Nothing was published by the refused publish.
    let versions = team.run(&["versions", "--journey", "cart_recovery", "--json"]);
    let v: Value = serde_json::from_slice(&versions.stdout).unwrap();
    assert_eq!(v.as_array().unwrap().last().unwrap()["state"], "draft", "{v}");
}

#[test]
fn test_connection_says_what_is_wrong_in_words_a_user_can_act_on() {
    let team = Team::new();
    let reader = token(&team.runner_db(), "dashboards", "read");
    let runner = Runner::start(&team.runner_db(), &[]);
    assert!(team.run(&["runner", "add", "local", &runner.base]).status.success());
    let out = team.run(&["runner", "check", "local"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("reachable, version 0.1.0; token `ops-team` with admin"),
        "{}",
        text(&out)
    );

    // A token without the scopes publishing needs.
    let out = Command::new(env!("CARGO_BIN_EXE_parcours"))
        .args(["runner", "check", "local", "--db", &team.ws])
        .env("PARCOURS_RUNNER_TOKEN_LOCAL", &reader)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        text(&out).contains("the token `dashboards` lacks the scopes publish, control"),
        "{}",
        text(&out)
    );
    // A token the runner does not know.
    let out = Command::new(env!("CARGO_BIN_EXE_parcours"))
        .args(["runner", "check", "local", "--db", &team.ws])
        .env("PARCOURS_RUNNER_TOKEN_LOCAL", "prt_not-this-one")
        .output()
        .unwrap();
    assert!(text(&out).contains("does not accept this token"), "{}", text(&out));
    // Down.
    runner.stop();
    let out = team.run(&["runner", "check", "local"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out).contains("cannot reach http://127.0.0.1:"), "{}", text(&out));
    assert!(
        text(&out).to_lowercase().contains("connection refused"),
        "{}",
        text(&out)
    );
}

/// Found by the panic audit: a runner (or whatever answers at its URL) asking to be
/// retried in 10¹³ seconds put the next attempt past chrono's range, and the delivery
/// crashed (the app's background deliveries stopped for the session). The wait is capped
/// at an hour.
#[test]
fn a_huge_retry_after_puts_the_push_off_for_an_hour_at_most() {
    let team = Team::new();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let server = runtime.block_on(async {
        let server = wiremock::MockServer::start().await;
        wiremock::Mock::given(wiremock::matchers::any())
            .respond_with(wiremock::ResponseTemplate::new(503).insert_header("Retry-After", "10000000000000"))
            .mount(&server)
            .await;
        server
    });
    let url = server.uri();
    team.publish_without_waiting(&url);
    let pushes = team.pushes();
    assert_eq!(pushes[0]["state"], "queued", "{pushes:?}");
    let next: chrono::DateTime<chrono::Utc> = pushes[0]["nextAt"].as_str().unwrap().parse().unwrap();
    let wait = next - chrono::Utc::now();
    assert!(wait <= chrono::Duration::hours(1), "next attempt in {wait}: {pushes:?}");
    let asked = runtime.block_on(server.received_requests()).unwrap_or_default();
    assert_eq!(asked.len(), 1, "the runner's URL was tried once");
}
