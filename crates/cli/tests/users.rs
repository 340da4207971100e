//! Users and roles from the shell: the first person to use a workspace is its
//! administrator, who adds the others; each role against each command (a table), an
//! unknown person refused with what to do, and the last administrator kept.

use std::path::Path;
use std::process::{Command, Output};

const EXAMPLES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples");

fn parcours_as(user: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_parcours"))
        .args(args)
        .env("PARCOURS_USER", user)
        .env("PARCOURS_RUNNER_TOKEN_LIVE", "t-live")
        .output()
        .expect("the binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn ok_as(user: &str, args: &[&str]) -> String {
    let out = parcours_as(user, args);
    assert_eq!(out.status.code(), Some(0), "{user} {args:?}: {}", text(&out.stderr));
    text(&out.stdout)
}

/// The people of the test workspace, one per role.
const PEOPLE: &[(&str, &str)] = &[
    ("ada", "administrator"),
    ("tec", "technical"),
    ("bo", "business"),
    ("pia", "publisher"),
    ("vi", "viewer"),
];

fn workspace(dir: &Path) -> String {
    let db = dir.join("seed.sqlite").display().to_string();
    ok_as(
        "ada",
        &[
            "import",
            &format!("{EXAMPLES}/cart_abandonment.parcours.json"),
            "--db",
            &db,
        ],
    );
    ok_as(
        "ada",
        &[
            "import",
            &format!("{EXAMPLES}/welcome_series.parcours.json"),
            "--db",
            &db,
        ],
    );
    for (name, role) in &PEOPLE[1..] {
        ok_as("ada", &["user", "add", name, "--role", role, "--db", &db]);
    }
    db
}

#[test]
fn the_first_user_is_the_administrator_who_adds_the_others() {
    let dir = tempfile::tempdir().unwrap();
    let db = workspace(dir.path());
    let list: serde_json::Value =
        serde_json::from_str(&ok_as("ada", &["user", "list", "--db", &db, "--json"])).unwrap();
    let roles: Vec<(String, String)> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|u| (u["name"].as_str().unwrap().into(), u["role"].as_str().unwrap().into()))
        .collect();
    let mut expected: Vec<(String, String)> = PEOPLE.iter().map(|(n, r)| (n.to_string(), r.to_string())).collect();
    expected.sort();
    assert_eq!(roles, expected);
    assert_eq!(list[1]["addedBy"], "ada", "who added whom is kept");

    let table = ok_as("ada", &["user", "list", "--db", &db]);
    assert!(table.contains("bo") && table.contains("business"), "{table}");

    // Someone the workspace does not know is refused, and told who can add them.
    let out = parcours_as("mallory", &["export", "--db", &db]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.contains("`mallory` is not a user") && err.contains("ada") && err.contains("parcours user add mallory"),
        "{err}"
    );

    // The last administrator cannot leave or be demoted; with a second one, they can.
    for args in [vec!["user", "set-role", "ada", "viewer"], vec!["user", "remove", "ada"]] {
        let mut args = args.clone();
        args.extend(["--db", &db]);
        let out = parcours_as("ada", &args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(
            text(&out.stderr).contains("last administrator"),
            "{}",
            text(&out.stderr)
        );
    }
    ok_as("ada", &["user", "set-role", "pia", "administrator", "--db", &db]);
    ok_as("pia", &["user", "remove", "ada", "--db", &db]);
    assert!(
        parcours_as("ada", &["export", "--db", &db]).status.code() == Some(2),
        "ada is gone"
    );

    let out = parcours_as("pia", &["user", "add", "zed", "--role", "owner", "--db", &db]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("unknown role `owner`"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn each_role_against_each_command() {
    let dir = tempfile::tempdir().unwrap();
    let seed = workspace(dir.path());
    let bundle = format!("{EXAMPLES}/welcome_series.parcours.json");
    // (command, the roles that may run it)
    let cases: &[(&[&str], &[&str])] = &[
        (
            &["export"],
            &["administrator", "technical", "business", "publisher", "viewer"],
        ),
        (
            &["versions", "--journey", "cart_recovery"],
            &["administrator", "technical", "business", "publisher", "viewer"],
        ),
        (&["import", &bundle], &["administrator"]),
        (
            &["new-version", "--journey", "cart_recovery"],
            &["administrator", "business"],
        ),
        (
            &["publish", "--journey", "welcome_series"],
            &["administrator", "business", "publisher"],
        ),
        (
            &["pause", "--journey", "cart_recovery"],
            &["administrator", "business", "publisher"],
        ),
        (&["stop", "--journey", "cart_recovery"], &["administrator", "business"]),
        (
            &["runner", "add", "live", "http://127.0.0.1:9"],
            &["administrator", "business", "publisher"],
        ),
        (&["user", "list"], &["administrator"]),
        (&["user", "add", "newcomer", "--role", "viewer"], &["administrator"]),
    ];
    for (i, (command, allowed)) in cases.iter().enumerate() {
        for (person, role) in PEOPLE {
            let db = dir.path().join(format!("{i}-{person}.sqlite"));
            std::fs::copy(&seed, &db).unwrap();
            let mut args = command.to_vec();
            let db = db.display().to_string();
            args.extend(["--db", &db]);
            let out = parcours_as(person, &args);
            let err = text(&out.stderr);
            if allowed.contains(role) {
                assert_eq!(out.status.code(), Some(0), "{role} {args:?}: {err}");
            } else {
                assert_eq!(out.status.code(), Some(2), "{role} {args:?} is refused");
                assert!(err.contains(&format!("{person} ({role}) may not")), "{err}");
            }
        }
    }
}
