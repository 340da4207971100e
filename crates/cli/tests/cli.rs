//! The `parcours` binary as a user runs it: exit codes, messages that name the file
//! and the JSON path, import/export through a database file.

use std::path::Path;
use std::process::{Command, Output};

const EXAMPLES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples");

fn parcours(args: &[&str], db_home: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_parcours"))
        .args(args)
        .env("PARCOURS_DB", db_home.join("default.sqlite"))
        .env_remove("PARCOURS_USER")
        .output()
        .expect("the binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn example(name: &str) -> String {
    format!("{EXAMPLES}/{name}.parcours.json")
}

#[test]
fn validate_prints_a_summary_and_exits_zero_on_valid_files() {
    let dir = tempfile::tempdir().unwrap();
    let out = parcours(&["validate", &example("cart_abandonment")], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("0 errors, 0 warnings"));
}

#[test]
fn validate_exits_one_on_errors_with_codes_and_places() {
    let dir = tempfile::tempdir().unwrap();
    let mut v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(example("welcome_series")).unwrap()).unwrap();
    v["journeys"][0]["versions"][0]["nodes"][3]["activity"]["branches"][1]["weight"] = 30.into();
    let file = dir.path().join("bad.parcours.json");
    std::fs::write(&file, v.to_string()).unwrap();

    let out = parcours(&["validate", file.to_str().unwrap()], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("error[E_SPLIT_WEIGHTS] journey:welcome_series node `split` at activity.branches"),
        "{stdout}"
    );

    let out = parcours(&["validate", "--json", file.to_str().unwrap()], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["errors"], 1);
    assert_eq!(report["diagnostics"][0]["code"], "E_SPLIT_WEIGHTS");
    assert_eq!(report["diagnostics"][0]["node"], "split");
    assert_eq!(report["diagnostics"][0]["severity"], "error");
}

#[test]
fn unreadable_input_names_the_file_and_the_json_path() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.json");
    let out = parcours(&["validate", missing.to_str().unwrap()], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("missing.json: cannot read"),
        "{}",
        text(&out.stderr)
    );

    let broken = dir.path().join("broken.parcours.json");
    std::fs::write(
        &broken,
        r#"{"format": "parcours.bundle", "version": 1, "events": [{"name": 3}]}"#,
    )
    .unwrap();
    let out = parcours(&["validate", broken.to_str().unwrap()], dir.path());
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("broken.parcours.json: events[0].name: invalid type"),
        "{stderr}"
    );
}

#[test]
fn import_and_export_round_trip_through_a_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("team.sqlite");
    let db = db.to_str().unwrap();
    let out = parcours(&["import", &example("loyalty_upgrade"), "--db", db], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout)
            .contains("imported 3 events, 0 data sources, 2 actions, 2 journeys, 2 fixtures, 0 test profiles")
    );

    let out = parcours(&["export", "--db", db], dir.path());
    assert_eq!(
        text(&out.stdout),
        std::fs::read_to_string(example("loyalty_upgrade")).unwrap()
    );

    let file = dir.path().join("vip.parcours.json");
    let out = parcours(
        &[
            "export",
            "--db",
            db,
            "--journey",
            "vip_onboarding",
            "-o",
            file.to_str().unwrap(),
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0));
    let vip: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert_eq!(vip["journeys"].as_array().unwrap().len(), 1);
    assert_eq!(vip["actions"][0]["name"], "send_push");

    let typo = dir.path().join("tema.sqlite");
    let out = parcours(&["export", "--db", typo.to_str().unwrap()], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("no workspace there"),
        "{}",
        text(&out.stderr)
    );
    assert!(!typo.exists(), "export must not create a workspace");

    let out = parcours(&["export", "--db", db, "--journey", "nope"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("journey `nope` does not exist"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn the_default_database_is_used_without_db() {
    let dir = tempfile::tempdir().unwrap();
    let out = parcours(&["import", &example("cart_abandonment")], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(dir.path().join("default.sqlite").exists());
}

#[test]
fn a_corrupt_database_is_reported_not_modified() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("w.sqlite");
    std::fs::write(&db, b"garbage that is not sqlite").unwrap();
    let out = parcours(&["export", "--db", db.to_str().unwrap()], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("CorruptDatabase"), "{}", text(&out.stderr));
    assert_eq!(std::fs::read(&db).unwrap(), b"garbage that is not sqlite");
}

#[test]
fn schema_prints_the_json_schema() {
    let dir = tempfile::tempdir().unwrap();
    let out = parcours(&["schema"], dir.path());
    let schema: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(schema["title"], "Parcours bundle");
    assert!(schema["$defs"]["Activity"].is_object());
}

#[test]
fn simulate_runs_test_events_and_prints_a_summary() {
    let dir = tempfile::tempdir().unwrap();
    let events = dir.path().join("events.jsonl");
    std::fs::write(
        &events,
        concat!(
            "{\"at\": \"2026-01-15T09:00:00Z\", \"event\": \"cart_abandoned\", \"overrides\": {\"email\": \"a@x.io\"}}\n",
            "{\"at\": \"2026-01-15T09:10:00Z\", \"event\": \"cart_abandoned\", \"overrides\": {\"email\": \"b@x.io\", \"cartId\": \"paid-9\"}}\n"
        ),
    )
    .unwrap();
    let bundle = example("cart_abandonment");
    let args = [
        "simulate",
        &bundle,
        "--journey",
        "cart_recovery",
        "--events",
        events.to_str().unwrap(),
    ];
    let out = parcours(&args, dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("other 1, unpaid 1"), "{stdout}");
    let out = parcours(&[&args[..], &["--json"]].concat(), dir.path());
    let result: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(result["report"]["journeys"]["cart_recovery"]["finished"], 2);
    assert_eq!(result["traces"].as_array().unwrap().len(), 2);
}

#[test]
fn the_summary_counts_people_not_events_and_what_if_runs_have_the_apps_limit() {
    let dir = tempfile::tempdir().unwrap();
    let events = dir.path().join("events.jsonl");
    // Three events from two people: a@x.io twice (the second is refused: still inside).
    std::fs::write(
        &events,
        concat!(
            "{\"at\": \"2026-01-15T09:00:00Z\", \"event\": \"cart_abandoned\", \"overrides\": {\"email\": \"a@x.io\"}}\n",
            "{\"at\": \"2026-01-15T09:05:00Z\", \"event\": \"cart_abandoned\", \"overrides\": {\"email\": \"a@x.io\"}}\n",
            "{\"at\": \"2026-01-15T09:10:00Z\", \"event\": \"cart_abandoned\", \"overrides\": {\"email\": \"b@x.io\"}}\n"
        ),
    )
    .unwrap();
    let bundle = example("cart_abandonment");
    let out = parcours(
        &[
            "simulate",
            &bundle,
            "--journey",
            "cart_recovery",
            "--events",
            events.to_str().unwrap(),
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).starts_with("journey cart_recovery: 2 people, 3 events"),
        "{}",
        text(&out.stdout)
    );

    // u64::MAX once panicked, then hung on the progress thread.
    for count in ["1000001", "18446744073709551615"] {
        let out = parcours(
            &["simulate", &bundle, "--journey", "cart_recovery", "--people", count],
            dir.path(),
        );
        assert_eq!(out.status.code(), Some(2));
        assert!(
            text(&out.stderr).contains(&format!("{count} people is over the limit of 1000000")),
            "{}",
            text(&out.stderr)
        );
    }
}

#[test]
fn simulate_reports_bad_test_events_by_line() {
    let dir = tempfile::tempdir().unwrap();
    let events = dir.path().join("events.jsonl");
    std::fs::write(
        &events,
        "{\"at\": \"2026-01-15T09:00:00Z\", \"event\": \"cart_abandoned\"}\n{\"at\": 5}\n",
    )
    .unwrap();
    let bundle = example("cart_abandonment");
    let out = parcours(
        &[
            "simulate",
            &bundle,
            "--journey",
            "cart_recovery",
            "--events",
            events.to_str().unwrap(),
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("line 2: at:"), "{}", text(&out.stderr));
}

#[test]
fn simulate_says_which_field_of_a_test_payload_is_wrong_and_why() {
    let dir = tempfile::tempdir().unwrap();
    let events = dir.path().join("events.jsonl");
    // The second event's cart total is text, and its e-mail is a number.
    std::fs::write(
        &events,
        concat!(
            "{\"at\": \"2026-01-15T09:00:00Z\", \"event\": \"cart_abandoned\"}\n",
            "{\"at\": \"2026-01-15T09:05:00Z\", \"event\": \"cart_abandoned\", \"overrides\": {\"cart.total\": \"lots\", \"email\": 7}}\n"
        ),
    )
    .unwrap();
    let bundle = example("cart_abandonment");
    let out = parcours(
        &[
            "simulate",
            &bundle,
            "--journey",
            "cart_recovery",
            "--events",
            events.to_str().unwrap(),
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("test event 2"), "{stderr}");
    assert!(
        stderr.contains("/cart/total: \"lots\" is not of type \"number\""),
        "{stderr}"
    );
    assert!(stderr.contains("/email: 7 is not of type \"string\""), "{stderr}");
}

#[test]
fn what_if_runs_and_coverage_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let bundle = example("welcome_series");
    let out = parcours(
        &[
            "simulate",
            &bundle,
            "--journey",
            "welcome_series",
            "--people",
            "500",
            "--json",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let result: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(result["report"]["journeys"]["welcome_series"]["entered"], 500);

    let out = parcours(&["coverage", &bundle, "--journey", "welcome_series"], dir.path());
    assert_eq!(out.status.code(), Some(0));
    assert!(
        text(&out.stdout).contains("2 of 2 paths covered"),
        "{}",
        text(&out.stdout)
    );

    let out = parcours(&["simulate", &bundle, "--journey", "nope", "--people", "5"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("no journey `nope` in")
            && text(&out.stderr).contains("its journeys: welcome_series"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn without_db_or_parcours_db_the_users_data_directory_is_used() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_parcours"))
        .args(["import", &example("welcome_series")])
        .env_remove("PARCOURS_DB")
        .env("XDG_DATA_HOME", dir.path())
        .env("HOME", dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(dir.path().join("parcours/workspace.sqlite").exists());
}

#[test]
fn importing_a_missing_file_names_it_and_creates_no_workspace() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("team.sqlite");
    let out = parcours(
        &["import", "no-such-bundle.json", "--db", db.to_str().unwrap()],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("no-such-bundle.json"),
        "{}",
        text(&out.stderr)
    );
    assert!(!db.exists(), "no empty workspace was created");
}
