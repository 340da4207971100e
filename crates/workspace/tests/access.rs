//! Each role against each use case of the API: a use case runs when the role holds every
//! permission it needs, and is refused (`FORBIDDEN`, naming the permission) otherwise.
//! Every case runs on its own copy of a seeded workspace file, so an allowed case is
//! checked to succeed, not merely to get past the permission check. Also: users and
//! roles (first user, unknown user, last administrator) and first start per role.

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicU64;

use parcours_model::{Drain, Event};
use parcours_workspace::{Actor, ApiError, ErrorCode, Permission, Role, Workspace};

use Permission::*;

type UseCase = fn(&mut Workspace) -> Result<(), ApiError>;

fn ok<T>(r: Result<T, ApiError>) -> Result<(), ApiError> {
    r.map(drop)
}

fn event(ws: &Workspace) -> Event {
    let admin = Workspace::open(ws.database_path().unwrap(), Actor::with_role("x", Role::Administrator)).unwrap();
    admin.get_event("cart_abandoned").unwrap()
}

/// What each use case needs. Names are the API's.
const CASES: &[(&str, &[Permission], UseCase)] = &[
    ("overview", &[ReadJourneys], |ws| ok(ws.overview())),
    ("get_journey", &[ReadJourneys], |ws| ok(ws.get_journey("cart_recovery"))),
    ("validate_journey", &[ReadJourneys], |ws| {
        ok(ws.validate_journey("welcome_series"))
    }),
    ("export_bundle", &[ReadJourneys], |ws| ok(ws.export_bundle(None))),
    ("versions", &[ReadJourneys], |ws| ok(ws.versions("cart_recovery"))),
    ("audit", &[ReadJourneys], |ws| ok(ws.audit(None))),
    ("list_events", &[ReadJourneys], |ws| ok(ws.list_events())),
    ("create_journey", &[ManageJourneys], |ws| {
        ok(ws.create_journey("fresh", ""))
    }),
    ("duplicate_journey", &[ManageJourneys], |ws| {
        ok(ws.duplicate_journey("welcome_series", "welcome_copy"))
    }),
    ("save_journey", &[ManageJourneys], |ws| {
        let journey = ws.get_journey("welcome_series")?;
        ok(ws.save_journey(&journey))
    }),
    ("delete_journey", &[ManageJourneys], |ws| {
        ws.delete_journey("welcome_series")
    }),
    ("new_version", &[ManageJourneys], |ws| {
        ok(ws.new_version("cart_recovery"))
    }),
    ("save_event", &[ManageConfigurations], |ws| {
        let e = event(ws);
        ok(ws.save_event(&e))
    }),
    ("delete_action", &[ManageConfigurations], |ws| ws.delete_action("spare")),
    ("import configurations", &[ManageConfigurations], |ws| {
        let mut bundle = parcours_model::Bundle::parse(parcours_workspace::samples::SAMPLES[1].1).unwrap();
        bundle.journeys.clear();
        bundle.fixtures.clear();
        bundle.test_profiles.clear();
        ok(ws.import_bundle_text(&bundle.to_canonical_json()))
    }),
    ("publish", &[PublishJourneys], |ws| {
        ok(ws.publish("welcome_series", Drain::ClosePrevious))
    }),
    ("pause", &[PublishJourneys], |ws| ok(ws.pause_journey("cart_recovery"))),
    ("close", &[PublishJourneys], |ws| ok(ws.close_journey("cart_recovery"))),
    ("stop", &[PublishJourneys, ManageJourneys], |ws| {
        ok(ws.stop_journey("cart_recovery"))
    }),
    ("add_runner", &[PublishJourneys], |ws| {
        ok(ws.add_runner("second", "http://127.0.0.1:9", None))
    }),
    ("what_if", &[Simulate], |ws| {
        ok(ws.what_if("cart_recovery", 10, 1, &AtomicU64::new(0)))
    }),
    ("list_fixtures", &[ReadJourneys], |ws| ok(ws.list_fixtures())),
    ("report_job", &[ReadReports], |ws| {
        ok(ws.report_job("live", "cart_recovery", None, None))
    }),
    ("list_users", &[ManageUsers], |ws| ok(ws.list_users())),
    ("add_user", &[ManageUsers], |ws| ws.add_user("newcomer", Role::Viewer)),
    ("set_user_role", &[ManageUsers], |ws| {
        ws.set_user_role("bo", Role::Publisher)
    }),
    ("remove_user", &[ManageUsers], |ws| ws.remove_user("bo")),
];

/// A seeded workspace with a runner `live`, a business user `bo` and an unused action.
fn seeded(dir: &Path) -> PathBuf {
    let db = dir.join("seed.sqlite");
    let mut admin = Workspace::open(&db, Actor::with_role("ada", Role::Administrator)).unwrap();
    admin.seed_samples_if_empty().unwrap();
    admin.add_runner("live", "http://127.0.0.1:9", None).unwrap();
    admin.add_user("ada", Role::Administrator).unwrap();
    admin.add_user("bo", Role::Business).unwrap();
    let mut spare = admin.get_action("send_email").unwrap();
    spare.name = "spare".into();
    admin.save_action(&spare).unwrap();
    db
}

#[test]
fn each_role_against_each_use_case() {
    // The runners' tokens come from the environment (no keychain here). This file holds
    // one test, so nothing reads the environment while it is set.
    unsafe {
        std::env::set_var("PARCOURS_RUNNER_TOKEN_LIVE", "t-live");
        std::env::set_var("PARCOURS_RUNNER_TOKEN_SECOND", "t-second");
    }
    let dir = tempfile::tempdir().unwrap();
    let seed = seeded(dir.path());
    let mut checked = 0;
    for role in Role::ALL {
        for (i, (name, needs, case)) in CASES.iter().enumerate() {
            let db = dir.path().join(format!("{}-{i}.sqlite", role.as_str()));
            std::fs::copy(&seed, &db).unwrap();
            let mut ws = Workspace::open(&db, Actor::with_role("someone", role)).unwrap();
            let allowed = needs.iter().all(|p| role.permissions().contains(p));
            match (allowed, case(&mut ws)) {
                (true, Ok(())) => {}
                (false, Err(e)) if e.code == ErrorCode::Forbidden => {
                    let missing = needs.iter().find(|p| !role.permissions().contains(p)).unwrap();
                    assert!(
                        e.message.contains(missing.doing()) && e.message.contains(role.as_str()),
                        "{name} as {role:?}: the refusal names the role and what is missing: {}",
                        e.message
                    );
                }
                (allowed, outcome) => {
                    panic!("{name} as {role:?}: allowed = {allowed}, but got {outcome:?}")
                }
            }
            checked += 1;
        }
    }
    assert_eq!(checked, Role::ALL.len() * CASES.len());
}

#[test]
fn the_matrix_is_the_domain_references() {
    let has = |r: Role, p: Permission| r.permissions().contains(&p);
    // Business ("standard"): manage and publish journeys, configurations read-only.
    assert!(has(Role::Business, ManageJourneys) && has(Role::Business, PublishJourneys));
    assert!(!has(Role::Business, ManageConfigurations));
    // Technical: configurations, not journeys.
    assert!(has(Role::Technical, ManageConfigurations) && !has(Role::Technical, ManageJourneys));
    // Publisher ("approver"): publishes, does not build.
    assert!(has(Role::Publisher, PublishJourneys) && !has(Role::Publisher, ManageJourneys));
    // Viewer ("limited"): read journeys and reports, nothing else.
    assert_eq!(
        Role::Viewer.permissions().into_iter().collect::<Vec<_>>(),
        vec![ReadJourneys, ReadReports]
    );
    // Only administrators manage users; they hold everything.
    for role in Role::ALL {
        assert_eq!(has(role, ManageUsers), role == Role::Administrator, "{role:?}");
    }
    assert_eq!(Role::Administrator.permissions().len(), Permission::ALL.len());
}

#[test]
fn a_first_start_seeds_the_samples_whatever_the_role() {
    for role in Role::ALL {
        let dir = tempfile::tempdir().unwrap();
        let mut ws = Workspace::open(&dir.path().join("w.sqlite"), Actor::with_role("p", role)).unwrap();
        assert!(ws.seed_samples_if_empty().unwrap(), "{role:?}");
        assert_eq!(ws.overview().unwrap().journeys.len(), 4, "{role:?} sees the samples");
        assert_eq!(ws.actor().role, Some(role), "the person's role is back after seeding");
        assert!(!ws.seed_samples_if_empty().unwrap(), "only once");
    }
}
