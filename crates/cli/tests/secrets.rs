//! `parcours secret` on a machine without a keychain (as on CI): the value from standard
//! input into the encrypted secrets file, bound to the origins given; listed without its
//! value; a wrong passphrase refused; nothing in clear in the file or the workspace.

use std::io::Write as _;
use std::path::Path;
use std::process::{Command, Output, Stdio};

const EXAMPLES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples");
const VALUE: &str = "ok-92f1c0d7e4";

fn parcours(dir: &Path, passphrase: Option<&str>, args: &[&str], stdin: &str) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_parcours"));
    cmd.args(args)
        .args(["--db", &dir.join("w.sqlite").display().to_string()])
        .env("PARCOURS_KEYCHAIN", "off")
        .env("PARCOURS_SECRETS_FILE", dir.join("secrets.enc"))
        .env_remove("PARCOURS_SECRETS_PASSPHRASE")
        .env_remove("PARCOURS_SECRET_ORDERS_API_KEY")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if let Some(p) = passphrase {
        cmd.env("PARCOURS_SECRETS_PASSPHRASE", p);
    }
    let mut child = cmd.spawn().expect("the binary runs");
    child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn a_secret_set_from_standard_input_is_kept_encrypted_and_bound() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let out = parcours(
        d,
        None,
        &["import", &format!("{EXAMPLES}/cart_abandonment.parcours.json")],
        "",
    );
    assert!(out.status.success(), "{}", text(&out.stderr));

    let set = [
        "secret",
        "set",
        "orders_api_key",
        "--origin",
        "https://orders.example.com",
    ];
    // No keychain, no passphrase: said plainly, with the ways out.
    let out = parcours(d, None, &set, &format!("{VALUE}\n"));
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.contains("keychain") && err.contains("PARCOURS_SECRETS_PASSPHRASE"),
        "{err}"
    );

    let out = parcours(d, Some("pass phrase"), &set, &format!("{VALUE}\n"));
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("File"), "{}", text(&out.stdout));

    let out = parcours(d, Some("pass phrase"), &["secret", "list", "--json"], "");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let listed = text(&out.stdout);
    assert!(!listed.contains(VALUE), "never the value: {listed}");
    let overview: serde_json::Value = serde_json::from_str(&listed).unwrap();
    let key = overview["secrets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "orders_api_key")
        .unwrap();
    assert_eq!(key["store"], "file");
    assert_eq!(key["origins"][0], "https://orders.example.com");
    assert_eq!(key["problems"].as_array().unwrap().len(), 0, "{key}");

    // A wrong passphrase writes nothing.
    let before = std::fs::read(d.join("secrets.enc")).unwrap();
    let out = parcours(d, Some("wrong"), &set, "other\n");
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("wrong passphrase"), "{}", text(&out.stderr));
    assert_eq!(std::fs::read(d.join("secrets.enc")).unwrap(), before);

    // No value on standard input is an error, not an empty secret.
    let out = parcours(d, Some("pass phrase"), &set, "");
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("no value for `orders_api_key` on standard input"));

    for file in ["secrets.enc", "w.sqlite"] {
        let bytes = std::fs::read(d.join(file)).unwrap();
        assert!(
            !bytes.windows(VALUE.len()).any(|w| w == VALUE.as_bytes()),
            "{file} holds the value"
        );
    }

    let out = parcours(d, Some("pass phrase"), &["secret", "delete", "orders_api_key"], "");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = parcours(d, Some("pass phrase"), &["secret", "list"], "");
    assert!(
        text(&out.stdout).contains("orders_api_key  NOT SET"),
        "{}",
        text(&out.stdout)
    );
}

#[test]
fn an_import_changing_an_origin_is_refused_without_allow_origin_change() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let sample = format!("{EXAMPLES}/cart_abandonment.parcours.json");
    let out = parcours(d, None, &["import", &sample], "");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let mut bundle: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&sample).unwrap()).unwrap();
    bundle["actions"][0]["url"] = serde_json::json!("https://messages.elsewhere.example/v1/messages");
    let moved = d.join("moved.parcours.json");
    std::fs::write(&moved, bundle.to_string()).unwrap();

    let out = parcours(d, None, &["import", &moved.display().to_string()], "");
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.contains("action:send_reminder moves from https://api.messaging.example.com, https://auth.messaging.example.com to https://messages.elsewhere.example, https://auth.messaging.example.com")
            && err.contains("--allow-origin-change"),
        "{err}"
    );
    let out = parcours(
        d,
        None,
        &["import", &moved.display().to_string(), "--allow-origin-change"],
        "",
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("origin changed: action:send_reminder now calls https://messages.elsewhere.example"),
        "{}",
        text(&out.stdout)
    );
}

#[test]
fn without_a_keychain_a_runners_token_goes_to_the_secrets_file() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let out = parcours(
        d,
        None,
        &["import", &format!("{EXAMPLES}/welcome_series.parcours.json")],
        "",
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let add = ["runner", "add", "edge", "https://runner.example.com"];
    let out = parcours(d, None, &add, "prt_token_5e1f\n");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("PARCOURS_RUNNER_TOKEN_EDGE"),
        "{}",
        text(&out.stderr)
    );

    let out = parcours(d, Some("pass phrase"), &add, "prt_token_5e1f\n");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = parcours(d, Some("pass phrase"), &["runner", "list"], "");
    assert!(text(&out.stdout).contains("secrets file"), "{}", text(&out.stdout));
    for file in ["w.sqlite", "secrets.enc"] {
        let bytes = std::fs::read(d.join(file)).unwrap();
        assert!(
            !bytes.windows(14).any(|w| w == b"prt_token_5e1f"),
            "{file} holds the token"
        );
    }
}
