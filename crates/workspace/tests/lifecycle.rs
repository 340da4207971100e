//! The publish lifecycle through the use-case API: releases frozen at publish, errors
//! blocking it (publish and import), diff, rollback, close/stop/pause/resume with time,
//! the audit log, and who may do what.

use std::sync::{Arc, Mutex};

use chrono::{DateTime, Duration, TimeZone, Utc};
use parcours_model::diff::Change;
use parcours_model::lifecycle::{AuditAction, VersionState};
use parcours_model::{Activity, Bundle, Drain, JourneyStatus};
use parcours_workspace::{Actor, Clock, ErrorCode, Permission, Role, Workspace, samples::SAMPLES};

/// A clock the test moves by hand.
fn clock() -> (Clock, Arc<Mutex<DateTime<Utc>>>) {
    let now = Arc::new(Mutex::new(Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap()));
    let read = now.clone();
    (Arc::new(move || *read.lock().unwrap()), now)
}

fn seeded(role: Role) -> (Workspace, Arc<Mutex<DateTime<Utc>>>) {
    let (clock, now) = clock();
    let mut ws = Workspace::open_in_memory(Actor::with_role("ada", role))
        .unwrap()
        .with_clock(clock);
    assert!(ws.seed_samples_if_empty().unwrap());
    (ws, now)
}

fn states(ws: &mut Workspace, journey: &str) -> Vec<(u32, VersionState)> {
    ws.versions(journey)
        .unwrap()
        .iter()
        .map(|v| (v.version, v.state))
        .collect()
}

#[test]
fn a_release_is_frozen_editing_an_action_changes_the_next_version_only() {
    let (mut ws, _) = seeded(Role::Administrator);
    let v1 = ws.release("cart_recovery", 1).unwrap();
    assert!(v1.is_intact());
    assert_eq!(v1.content.actions.len(), 1, "the release holds the action it calls");
    assert_eq!(v1.content.events[0].name, "cart_abandoned");

    // The action changes after publishing: v1's release does not.
    let mut action = ws.get_action("send_reminder").unwrap();
    action.url = "https://api.messaging.example.com/v2/messages".into();
    ws.save_action(&action).unwrap();
    assert_eq!(ws.release("cart_recovery", 1).unwrap(), v1);

    // The next version picks it up, and the diff names it.
    assert_eq!(ws.new_version("cart_recovery").unwrap(), 2);
    let outcome = ws.publish("cart_recovery", Drain::ClosePrevious).unwrap();
    assert_eq!((outcome.version, outcome.closed.clone()), (2, vec![1]));
    let v2 = ws.release("cart_recovery", 2).unwrap();
    assert_eq!(v2.sha256, outcome.sha256);
    assert_ne!(v2.sha256, v1.sha256);
    assert_eq!(
        v2.journey_sha256, v1.journey_sha256,
        "the journey itself did not change"
    );
    assert_eq!(
        v2.content.actions[0].url,
        "https://api.messaging.example.com/v2/messages"
    );
    let diff = ws.diff_versions("cart_recovery", 1, 2).unwrap();
    assert!(diff.activities.is_empty() && diff.edges.is_empty(), "{diff:?}");
    assert_eq!(diff.configurations.len(), 1, "{diff:?}");
    let c = &diff.configurations[0];
    assert_eq!(
        (c.kind.as_str(), c.name.as_str(), c.change),
        ("action", "send_reminder", Change::Changed)
    );
    assert_eq!(c.fields[0].path, "url");
    assert!(diff.to_text().contains("~ action send_reminder"), "{}", diff.to_text());

    assert_eq!(
        states(&mut ws, "cart_recovery"),
        [(1, VersionState::Closed), (2, VersionState::Live)]
    );
}

#[test]
fn errors_block_publishing_and_nothing_changes() {
    let (mut ws, _) = seeded(Role::Administrator);
    let mut journey = ws.get_journey("welcome_series").unwrap();
    let before = ws.versions("welcome_series").unwrap();
    // An edge removed: an activity left unconnected is an error.
    journey.versions[0].edges.pop();
    ws.save_journey(&journey).unwrap();
    let refused = ws.publish("welcome_series", Drain::ClosePrevious).unwrap_err();
    assert_eq!(refused.code, ErrorCode::ValidationFailed);
    assert!(
        refused.message.contains("welcome_series` v1 cannot be published"),
        "{}",
        refused.message
    );
    assert!(refused.message.contains("E_"), "names the code: {}", refused.message);
    assert_eq!(ws.versions("welcome_series").unwrap(), before);
    assert!(ws.audit(Some("welcome_series")).unwrap().is_empty());
    assert!(ws.release("welcome_series", 1).is_err(), "no release for a draft");
}

#[test]
fn a_save_never_publishes() {
    let (mut ws, _) = seeded(Role::Administrator);
    let mut journey = ws.get_journey("welcome_series").unwrap();
    journey.versions[0].status = JourneyStatus::Live;
    assert_eq!(ws.save_journey(&journey).unwrap_err().code, ErrorCode::Conflict);
    assert_eq!(states(&mut ws, "welcome_series"), [(1, VersionState::Draft)]);
}

#[test]
fn an_import_with_a_live_version_with_errors_is_refused_whole() {
    let (mut ws, _) = seeded(Role::Administrator);
    let mut bundle = Bundle::parse(SAMPLES[1].1).unwrap();
    bundle.journeys[0].name = "welcome_copy".into();
    bundle.journeys[0].versions[0].status = JourneyStatus::Live;
    bundle.journeys[0].versions[0].edges.pop();
    let refused = ws.import_bundle_text(&bundle.to_canonical_json()).unwrap_err();
    assert_eq!(refused.code, ErrorCode::ValidationFailed);
    assert!(
        refused
            .message
            .starts_with("journeys[0].versions[0]: journey `welcome_copy` v1 is live but has"),
        "{}",
        refused.message
    );
    assert!(refused.message.ends_with("nothing was imported"), "{}", refused.message);
    assert!(!ws.journey_names().unwrap().contains(&"welcome_copy".to_string()));

    // The same bundle, correct: imported, with a release for its live version.
    bundle.journeys[0].versions[0].edges = Bundle::parse(SAMPLES[1].1).unwrap().journeys[0].versions[0]
        .edges
        .clone();
    ws.import_bundle_text(&bundle.to_canonical_json()).unwrap();
    let release = ws.release("welcome_copy", 1).unwrap();
    assert!(release.is_intact());
    let audit = ws.audit(Some("welcome_copy")).unwrap();
    assert_eq!(audit.len(), 1);
    assert_eq!(
        (audit[0].action, audit[0].sha256.clone()),
        (AuditAction::Imported, Some(release.sha256))
    );
}

#[test]
fn a_rollback_publishes_the_old_journey_again_and_the_diff_shows_what_it_undoes() {
    let (mut ws, _) = seeded(Role::Administrator);
    ws.new_version("cart_recovery").unwrap();
    let mut journey = ws.get_journey("cart_recovery").unwrap();
    let v2 = journey.versions.iter_mut().find(|v| v.version == 2).unwrap();
    let wait = v2.nodes.iter_mut().find(|n| n.id == "wait_1h").unwrap();
    wait.label = "Wait 2 hours".into();
    if let Activity::Wait { wait } = &mut wait.activity {
        *wait = serde_json::from_value(serde_json::json!({"kind": "duration", "seconds": 7200})).unwrap();
    }
    ws.save_journey(&journey).unwrap();
    ws.publish("cart_recovery", Drain::ClosePrevious).unwrap();
    // A draft in progress when the rollback comes.
    assert_eq!(ws.new_version("cart_recovery").unwrap(), 3);

    let outcome = ws.rollback("cart_recovery", 1, Drain::ClosePrevious).unwrap();
    assert_eq!((outcome.version, outcome.draft_moved_to), (3, Some(4)));
    let (v1, v3) = (
        ws.release("cart_recovery", 1).unwrap(),
        ws.release("cart_recovery", 3).unwrap(),
    );
    assert_eq!(v3.journey_sha256, v1.journey_sha256);
    assert_eq!(outcome.journey_sha256, v1.journey_sha256);
    assert_ne!(v3.sha256, v1.sha256, "another version number, another release");
    let undo = ws.diff_versions("cart_recovery", 2, 3).unwrap();
    assert_eq!(undo.activities.len(), 1);
    assert_eq!(undo.activities[0].id, "wait_1h");
    let paths: Vec<&str> = undo.activities[0].fields.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(paths, ["label", "activity.wait.seconds"]);
    assert_eq!(undo.activities[0].fields[1].new, Some(serde_json::json!(3600)));
    assert_eq!(
        states(&mut ws, "cart_recovery"),
        [
            (1, VersionState::Closed),
            (2, VersionState::Closed),
            (3, VersionState::Live),
            (4, VersionState::Draft)
        ]
    );
    // The moved draft kept its edits (it was a copy of v2).
    let j = ws.get_journey("cart_recovery").unwrap();
    let draft = j.versions.iter().find(|v| v.version == 4).unwrap();
    assert_eq!(draft.node("wait_1h").unwrap().label, "Wait 2 hours");
}

#[test]
fn pause_resume_close_stop_and_what_time_does() {
    let (mut ws, now) = seeded(Role::Administrator);
    assert_eq!(ws.pause_journey("cart_recovery").unwrap(), [1]);
    assert_eq!(states(&mut ws, "cart_recovery"), [(1, VersionState::Paused)]);
    assert_eq!(ws.pause_journey("cart_recovery").unwrap_err().code, ErrorCode::Conflict);
    assert_eq!(ws.resume_journey("cart_recovery").unwrap(), [1]);
    assert_eq!(states(&mut ws, "cart_recovery"), [(1, VersionState::Live)]);

    // A pause lasts 14 days at most: then the version is closed, by time.
    ws.pause_journey("cart_recovery").unwrap();
    *now.lock().unwrap() += Duration::days(14);
    assert_eq!(states(&mut ws, "cart_recovery"), [(1, VersionState::Closed)]);
    let last = ws.audit(Some("cart_recovery")).unwrap().pop().unwrap();
    assert_eq!((last.action, last.actor.as_str()), (AuditAction::Closed, "parcours"));

    // Closed, then finished once the global timeout (91 days) has passed.
    *now.lock().unwrap() += Duration::days(91);
    assert_eq!(states(&mut ws, "cart_recovery"), [(1, VersionState::Finished)]);
    assert_eq!(ws.stop_journey("cart_recovery").unwrap_err().code, ErrorCode::Conflict);

    // Stop is for everyone in, at once, for good.
    ws.new_version("loyalty_upgrade").unwrap_err();
    let stopped = ws.stop_journey("vip_onboarding").unwrap();
    assert_eq!(stopped, [1]);
    assert_eq!(states(&mut ws, "vip_onboarding"), [(1, VersionState::Stopped)]);
    assert_eq!(
        ws.close_journey("vip_onboarding").unwrap_err().code,
        ErrorCode::Conflict
    );
    assert_eq!(
        ws.new_version("vip_onboarding").unwrap(),
        2,
        "a stopped journey goes on as a new version"
    );
}

#[test]
fn keeping_the_previous_version_leaves_both_live() {
    let (mut ws, _) = seeded(Role::Administrator);
    ws.new_version("cart_recovery").unwrap();
    let outcome = ws.publish("cart_recovery", Drain::KeepPrevious).unwrap();
    assert!(outcome.closed.is_empty());
    assert_eq!(
        states(&mut ws, "cart_recovery"),
        [(1, VersionState::Live), (2, VersionState::Live)]
    );
    let journey = ws.get_journey("cart_recovery").unwrap();
    assert_eq!(journey.live().unwrap().version, 2, "new people enter the newest");
    // Publishing needs a draft.
    let e = ws.publish("cart_recovery", Drain::ClosePrevious).unwrap_err();
    assert_eq!(e.code, ErrorCode::Conflict);
    assert!(e.message.contains("make a new version first"), "{}", e.message);
}

#[test]
fn the_audit_log_says_who_did_what_to_which_version_with_its_hash() {
    let (mut ws, now) = seeded(Role::Administrator);
    ws.new_version("cart_recovery").unwrap();
    *now.lock().unwrap() += Duration::minutes(5);
    let published = ws.publish("cart_recovery", Drain::ClosePrevious).unwrap();
    ws.pause_journey("cart_recovery").unwrap();
    let log: Vec<(AuditAction, Option<u32>, String)> = ws
        .audit(Some("cart_recovery"))
        .unwrap()
        .into_iter()
        .map(|e| (e.action, e.version, e.actor))
        .collect();
    assert_eq!(
        log,
        [
            (AuditAction::Imported, Some(1), "parcours".to_string()), // the samples came with the workspace
            (AuditAction::NewVersion, Some(2), "ada".to_string()),
            (AuditAction::Published, Some(2), "ada".to_string()),
            (AuditAction::Closed, Some(1), "ada".to_string()),
            (AuditAction::Paused, Some(2), "ada".to_string()),
        ]
    );
    let entry = ws
        .audit(Some("cart_recovery"))
        .unwrap()
        .into_iter()
        .find(|e| e.action == AuditAction::Published)
        .unwrap();
    assert_eq!(entry.sha256, Some(published.sha256));
    assert_eq!(entry.at, Utc.with_ymd_and_hms(2026, 12, 1, 9, 5, 0).unwrap());
    let all = ws.audit(None).unwrap();
    assert!(
        all.iter().any(|e| e.journey == "vip_onboarding"),
        "the whole log without a journey"
    );
}

#[test]
fn permissions_are_checked_for_every_move() {
    let db = tempfile::tempdir().unwrap();
    let path = db.path().join("w.sqlite");
    let mut setup = Workspace::open(&path, Actor::with_role("ada", Role::Administrator)).unwrap();
    setup.seed_samples_if_empty().unwrap();
    setup.new_version("cart_recovery").unwrap();
    drop(setup);

    // A business user without the publish permission builds, but cannot publish.
    let mut builder = Actor::with_role("bo", Role::Business);
    builder.permissions.remove(&Permission::PublishJourneys);
    let mut ws = Workspace::open(&path, builder).unwrap();
    for refused in [
        ws.publish("cart_recovery", Drain::ClosePrevious).map(|_| ()),
        ws.rollback("cart_recovery", 1, Drain::ClosePrevious).map(|_| ()),
        ws.close_journey("cart_recovery").map(|_| ()),
        ws.pause_journey("cart_recovery").map(|_| ()),
        ws.resume_journey("cart_recovery").map(|_| ()),
        ws.stop_journey("cart_recovery").map(|_| ()),
    ] {
        assert_eq!(refused.unwrap_err().code, ErrorCode::Forbidden);
    }
    assert!(ws.versions("cart_recovery").is_ok(), "but may look");
    drop(ws);

    // Technical users configure; they publish nothing.
    let mut tech = Workspace::open(&path, Actor::with_role("tim", Role::Technical)).unwrap();
    assert_eq!(
        tech.publish("cart_recovery", Drain::ClosePrevious).unwrap_err().code,
        ErrorCode::Forbidden
    );
    assert_eq!(
        tech.new_version("welcome_series").unwrap_err().code,
        ErrorCode::Forbidden
    );
    drop(tech);

    // Stopping needs both publish and manage-journeys.
    let mut publisher = Actor::with_role("pia", Role::Business);
    publisher.permissions.remove(&Permission::ManageJourneys);
    let mut ws = Workspace::open(&path, publisher).unwrap();
    assert_eq!(ws.stop_journey("cart_recovery").unwrap_err().code, ErrorCode::Forbidden);
    assert!(ws.publish("cart_recovery", Drain::ClosePrevious).is_ok());
    let states: Vec<VersionState> = ws.versions("cart_recovery").unwrap().iter().map(|v| v.state).collect();
    assert_eq!(states, [VersionState::Closed, VersionState::Live]);
    let log = ws.audit(Some("cart_recovery")).unwrap();
    assert_eq!(log.iter().filter(|e| e.action == AuditAction::Published).count(), 1);
    assert_eq!(log.last().unwrap().actor, "pia");
}

#[test]
fn time_can_take_a_paused_version_to_finished_in_one_step() {
    let (mut ws, now) = seeded(Role::Administrator);
    ws.pause_journey("cart_recovery").unwrap();
    // Nobody looks for 14 days + 91 days: closed by the pause, then finished.
    *now.lock().unwrap() += Duration::days(106);
    assert_eq!(
        ws.get_journey("cart_recovery").unwrap().versions[0].status,
        JourneyStatus::Finished
    );
    assert_eq!(states(&mut ws, "cart_recovery"), [(1, VersionState::Finished)]);
    let log = ws.audit(Some("cart_recovery")).unwrap();
    let moves: Vec<AuditAction> = log.iter().rev().take(2).map(|e| e.action).collect();
    assert_eq!(moves, [AuditAction::Finished, AuditAction::Closed]);
    assert_eq!(ws.new_version("cart_recovery").unwrap(), 2, "the journey goes on");
}

#[test]
fn a_window_opened_before_a_move_made_elsewhere_still_saves_its_draft() {
    let (mut ws, _) = seeded(Role::Administrator);
    ws.new_version("cart_recovery").unwrap();
    // The designer loaded the journey (v1 live, v2 draft)…
    let mut open = ws.get_journey("cart_recovery").unwrap();
    // …then someone paused the journey from the CLI.
    ws.pause_journey("cart_recovery").unwrap();
    open.versions[1].nodes[1].label = "Edited after the pause".into();
    ws.save_journey(&open).unwrap();
    let stored = ws.get_journey("cart_recovery").unwrap();
    assert!(stored.versions[0].paused_at.is_some(), "the pause stands");
    assert_eq!(stored.versions[1].nodes[1].label, "Edited after the pause");

    // A draft published meanwhile is not overwritten by the old window's save.
    ws.publish("cart_recovery", Drain::ClosePrevious).unwrap();
    open.versions[1].nodes[1].label = "Too late".into();
    let refused = ws.save_journey(&open).unwrap_err();
    assert_eq!(refused.code, ErrorCode::Conflict);
    assert!(refused.message.contains("published meanwhile"), "{}", refused.message);
    assert_eq!(
        ws.get_journey("cart_recovery").unwrap().versions[1].nodes[1].label,
        "Edited after the pause"
    );
}

#[test]
fn an_import_cannot_close_or_stop_a_published_version() {
    let (mut ws, _) = seeded(Role::Administrator);
    let mut bundle = Bundle::parse(SAMPLES[0].1).unwrap();
    bundle.journeys[0].versions[0].status = JourneyStatus::Stopped;
    let refused = ws.import_bundle_text(&bundle.to_canonical_json()).unwrap_err();
    assert_eq!(refused.code, ErrorCode::Conflict);
    assert!(
        refused.message.starts_with("journeys[0].versions[0]:"),
        "{}",
        refused.message
    );
    assert_eq!(states(&mut ws, "cart_recovery"), [(1, VersionState::Live)]);
}
