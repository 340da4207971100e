//! Secrets on a machine without a keychain: the encrypted secrets file round-trips,
//! refuses a wrong passphrase without reading or writing, and keeps no value in clear;
//! with the file locked, storing says plainly that there is no keychain and what to do.
//! Bindings: typed origins are checked and normalized, plain http beyond this machine
//! needs an explicit yes, and a secret's status names the uses its binding refuses.

use parcours_workspace::secrets::{LocalSecrets, SecretBinding, SecretStoreKind};
use parcours_workspace::{Actor, ErrorCode, Role, Workspace};

const VALUE: &str = "sk-live-7d1c2e93";

fn workspace(dir: &std::path::Path) -> Workspace {
    let mut ws = Workspace::open(&dir.join("w.sqlite"), Actor::with_role("ada", Role::Administrator))
        .unwrap()
        .with_secrets(LocalSecrets::with_file(dir.join("secrets.enc")).without_keychain());
    ws.seed_samples_if_empty().unwrap();
    ws
}

fn to(origins: &[&str]) -> SecretBinding {
    SecretBinding {
        origins: origins.iter().map(|o| o.to_string()).collect(),
        allow_http: false,
    }
}

#[test]
fn without_a_keychain_storing_says_so_and_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let ws = workspace(dir.path());
    let e = ws
        .set_secret("orders_api_key", VALUE, &to(&["https://orders.example.com"]))
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::SecretStore);
    assert!(
        e.message.contains("the keychain is turned off")
            && e.message.contains("secrets.enc")
            && e.message.contains("PARCOURS_SECRET_ORDERS_API_KEY"),
        "{}",
        e.message
    );
    assert!(!e.message.contains("not set in the keychain"));
    let status = ws.secret_status("orders_api_key").unwrap();
    assert!(!status.set);
}

#[test]
fn the_encrypted_file_round_trips_and_refuses_a_wrong_passphrase() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("secrets.enc");
    {
        let ws = workspace(dir.path());
        ws.unlock_secrets("correct horse battery staple").unwrap();
        let kept = ws
            .set_secret("orders_api_key", VALUE, &to(&["https://orders.example.com:443/api"]))
            .unwrap();
        assert_eq!(kept, SecretStoreKind::File);
    }
    let sealed = std::fs::read_to_string(&file).unwrap();
    assert!(
        !sealed.contains(VALUE) && !sealed.contains("orders.example.com"),
        "sealed: {sealed}"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "readable by its owner only");
    }

    // Another run of the app: a wrong passphrase reads nothing and changes nothing.
    let ws = workspace(dir.path());
    let e = ws.unlock_secrets("Correct horse battery staple").unwrap_err();
    assert_eq!(e.code, ErrorCode::SecretStore);
    assert!(e.message.contains("wrong passphrase"), "{}", e.message);
    assert!(!ws.secret_status("orders_api_key").unwrap().set);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), sealed);

    ws.unlock_secrets("correct horse battery staple").unwrap();
    let status = ws.secret_status("orders_api_key").unwrap();
    assert!(status.set);
    assert_eq!(status.store, Some(SecretStoreKind::File));
    assert_eq!(status.origins, ["https://orders.example.com"], "normalized");
    assert!(status.problems.is_empty(), "{:?}", status.problems);
    assert_eq!(status.used_by[0].object, "dataSource:orders");

    // Bound elsewhere, the data source's use is named as a problem; deleting forgets it.
    ws.bind_secret("orders_api_key", &to(&["https://elsewhere.example.com"]))
        .unwrap();
    let status = ws.secret_status("orders_api_key").unwrap();
    assert!(
        status.problems[0].contains("dataSource:orders") && status.problems[0].contains("https://orders.example.com"),
        "{:?}",
        status.problems
    );
    ws.delete_secret("orders_api_key").unwrap();
    assert!(!ws.secret_status("orders_api_key").unwrap().set);
    assert_eq!(
        ws.delete_secret("orders_api_key").unwrap_err().code,
        ErrorCode::NotFound
    );
}

#[test]
fn a_binding_is_checked_when_typed() {
    let dir = tempfile::tempdir().unwrap();
    let ws = workspace(dir.path());
    ws.unlock_secrets("pass phrase").unwrap();
    let cases = [
        (to(&[]), "at least one origin"),
        (
            to(&["ftp://files.example.com"]),
            "origins[0]: `ftp://files.example.com` is not an http(s) origin",
        ),
        (
            to(&["https://a.example.com", "http://b.example.com"]),
            "origins[1]: http://b.example.com is plain HTTP",
        ),
    ];
    for (binding, expected) in cases {
        let e = ws.set_secret("k", VALUE, &binding).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidInput);
        assert!(e.message.contains(expected), "{} (expected {expected})", e.message);
    }
    // Loopback over http is fine; beyond it, only when said so.
    ws.set_secret("k", VALUE, &to(&["http://127.0.0.1:8080"])).unwrap();
    let allowed = SecretBinding {
        origins: vec!["http://b.example.com".into()],
        allow_http: true,
    };
    ws.set_secret("k", VALUE, &allowed).unwrap();
    assert!(ws.secret_status("k").unwrap().allow_http);
}

#[test]
fn a_business_user_may_not_set_secrets_and_the_overview_lists_every_use() {
    let dir = tempfile::tempdir().unwrap();
    drop(workspace(dir.path()));
    let ws = Workspace::open(&dir.path().join("w.sqlite"), Actor::with_role("bo", Role::Business))
        .unwrap()
        .with_secrets(LocalSecrets::with_file(dir.path().join("secrets.enc")).without_keychain());
    let e = ws.set_secret("k", VALUE, &to(&["https://a.example.com"])).unwrap_err();
    assert_eq!(e.code, ErrorCode::Forbidden);
    let overview = ws.secrets_overview().unwrap();
    assert!(overview.keychain_problem.is_some());
    assert!(!overview.file_unlocked);
    let names: Vec<&str> = overview.secrets.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "crm_api_key",
            "mailer_password",
            "messaging_client_secret",
            "orders_api_key"
        ]
    );
    let messaging = &overview.secrets[2];
    assert_eq!(
        messaging.used_by[0].origin.as_deref(),
        Some("https://auth.messaging.example.com"),
        "a token request's secret goes to the token endpoint"
    );
}

#[test]
fn credentials_in_clear_are_refused_on_import_and_save_with_their_place() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("w.sqlite");
    let mut ws = Workspace::open(&db, Actor::with_role("ada", Role::Administrator)).unwrap();
    let mut bundle: serde_json::Value = serde_json::from_str(parcours_workspace::samples::SAMPLES[1].1).unwrap();
    bundle["actions"][0]["headers"] =
        serde_json::json!([{"name": "X-Api-Key", "value": {"kind": "constant", "value": VALUE}}]);
    let e = ws.import_bundle_text(&bundle.to_string()).unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidInput);
    assert!(
        e.message.contains("actions[0].headers[0].value")
            && e.message.contains("E_SECRET_IN_CONSTANT")
            && e.message.contains("nothing was imported"),
        "{}",
        e.message
    );
    assert!(ws.overview().unwrap().journeys.is_empty(), "nothing was imported");

    // Marked "not a secret", the same constant is a plain header.
    bundle["actions"][0]["headers"][0]["notSecret"] = serde_json::json!(true);
    bundle["actions"][0]["headers"][0]["value"]["value"] = serde_json::json!("public-key-id-1");
    ws.import_bundle_text(&bundle.to_string()).unwrap();

    // A form saving a password in clear is refused, and the stored action is unchanged.
    let mut action = ws.get_action("send_email").unwrap();
    let before = action.clone();
    action.url = format!("https://mailer:{VALUE}@api.mailer.example.com/v3/send");
    let e = ws.save_action(&action).unwrap_err();
    assert!(
        e.message.contains("action `send_email`: url:") && e.message.contains("not saved"),
        "{}",
        e.message
    );
    assert_eq!(ws.get_action("send_email").unwrap(), before);
    drop(ws);
    let bytes = std::fs::read(&db).unwrap();
    let wal = std::fs::read(db.with_extension("sqlite-wal")).unwrap_or_default();
    for (file, bytes) in [("workspace", bytes), ("wal", wal)] {
        assert!(
            !bytes.windows(VALUE.len()).any(|w| w == VALUE.as_bytes()),
            "the {file} holds no refused credential"
        );
    }
}

#[test]
fn an_import_that_moves_a_data_source_elsewhere_needs_a_yes_and_leaves_its_secret_behind() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = workspace(dir.path());
    ws.unlock_secrets("pass phrase").unwrap();
    ws.set_secret("orders_api_key", VALUE, &to(&["https://orders.example.com"]))
        .unwrap();

    let mut bundle: serde_json::Value = serde_json::from_str(parcours_workspace::samples::SAMPLES[0].1).unwrap();
    bundle["dataSources"][0]["baseUrl"] = serde_json::json!("https://orders.attacker.example/api");
    let text = bundle.to_string();

    let preview = ws.preview_import_text(&text).unwrap();
    assert_eq!(preview.origin_changes.len(), 1);
    let change = &preview.origin_changes[0];
    assert_eq!(change.object, "dataSource:orders");
    assert_eq!(change.from, ["https://orders.example.com"]);
    assert_eq!(change.to, ["https://orders.attacker.example"]);
    assert_eq!(change.secrets, ["orders_api_key"]);

    let e = ws.import_bundle_text(&text).unwrap_err();
    assert_eq!(e.code, ErrorCode::ConfirmationNeeded);
    assert!(
        e.message
            .contains("dataSource:orders moves from https://orders.example.com to https://orders.attacker.example")
            && e.message.contains("`orders_api_key` stay bound to the old origin")
            && e.message.contains("nothing was imported"),
        "{}",
        e.message
    );
    assert_eq!(
        ws.get_data_source("orders").unwrap().base_url,
        "https://orders.example.com/api"
    );

    let report = ws.import_bundle_text_confirmed(&text, true).unwrap();
    assert_eq!(report.origin_changes, preview.origin_changes);
    assert_eq!(
        ws.get_data_source("orders").unwrap().base_url,
        "https://orders.attacker.example/api"
    );
    // The key did not follow: its binding still names the old origin, and the status says
    // the data source's calls would be refused.
    let status = ws.secret_status("orders_api_key").unwrap();
    assert_eq!(status.origins, ["https://orders.example.com"]);
    assert!(
        status.problems[0].contains("not to https://orders.attacker.example"),
        "{:?}",
        status.problems
    );

    // The same bundle again changes nothing, so it needs no yes.
    ws.import_bundle_text(&text).unwrap();
}

/// Unlocking derives a key for about a second: the app runs it as a job, without holding
/// the workspace, which meanwhile answers (here: a save on this thread while the job runs
/// on another).
#[test]
fn unlocking_runs_beside_the_workspace_not_inside_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = workspace(dir.path());
    let job = ws.unlock_secrets_job("correct horse battery staple".into());
    let unlocking = std::thread::spawn(job);
    let mut event = ws.get_event("cart_abandoned").unwrap();
    event.description = "Saved while the secrets file unlocks".into();
    ws.save_event(&event).unwrap();
    unlocking.join().unwrap().unwrap();
    assert_eq!(
        ws.set_secret("orders_api_key", VALUE, &to(&["https://orders.example.com"]))
            .unwrap(),
        SecretStoreKind::File
    );
    let wrong = ws.unlock_secrets_job("wrong".into())().unwrap_err();
    assert!(!wrong.message.is_empty());
}
