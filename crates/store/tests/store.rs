//! The store against real SQLite files: saves, integrity refusals, immutability,
//! migrations from an older schema, and files it must not touch.

use std::path::Path;

use parcours_model::field::{Field, FieldKind};
use parcours_model::{Bundle, CustomAction, Event, JourneyStatus};
use parcours_store::{APPLICATION_ID, ConfigKind, LATEST_SCHEMA, Store, StoreError, migrations};
use rusqlite::Connection;

const CART: &str = include_str!("../../../examples/cart_abandonment.parcours.json");
const LOYALTY: &str = include_str!("../../../examples/loyalty_upgrade.parcours.json");

fn with_examples(path: &Path) -> Store {
    let mut store = Store::open(path).unwrap();
    store.import_bundle(&Bundle::parse(CART).unwrap(), &[]).unwrap();
    store.import_bundle(&Bundle::parse(LOYALTY).unwrap(), &[]).unwrap();
    store
}

fn temp() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("workspace.sqlite");
    (dir, path)
}

#[test]
fn a_new_file_is_a_wal_workspace_at_the_latest_schema() {
    let (_dir, path) = temp();
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), LATEST_SCHEMA);
    drop(store);
    let conn = Connection::open(&path).unwrap();
    let mode: String = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
    assert_eq!(mode, "wal");
    let app: i32 = conn.query_row("PRAGMA application_id", [], |r| r.get(0)).unwrap();
    assert_eq!(app, APPLICATION_ID);
}

#[test]
fn saved_records_survive_reopening() {
    let (_dir, path) = temp();
    let exported = with_examples(&path).export_all().unwrap();
    let store = Store::open(&path).unwrap();
    assert_eq!(store.export_all().unwrap(), exported);
    let rows = store.list_journeys().unwrap();
    let names: Vec<&str> = rows.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["cart_recovery", "loyalty_upgrade", "vip_onboarding"]);
    assert_eq!(rows[0].status, JourneyStatus::Live);
    assert_eq!(rows[0].activities, 7);
    let event: Event = store.get_config("cart_abandoned").unwrap().unwrap();
    assert_eq!(event.profile_id, "email");
}

#[test]
fn deleting_a_used_configuration_names_the_journeys() {
    let (_dir, path) = temp();
    let mut store = with_examples(&path);
    let err = store.delete_config(ConfigKind::Action, "send_push").unwrap_err();
    match &err {
        StoreError::InUse { journeys, .. } => assert_eq!(journeys, &["loyalty_upgrade", "vip_onboarding"]),
        other => panic!("{other}"),
    }
    assert!(err.to_string().contains("`loyalty_upgrade`, `vip_onboarding`"), "{err}");
    assert!(store.get_config::<CustomAction>("send_push").unwrap().is_some());

    // Once no journey uses it, it goes.
    let mut unused: CustomAction = store.get_config("send_push").unwrap().unwrap();
    unused.name = "send_push_copy".into();
    store.save_config(&unused).unwrap();
    store.delete_config(ConfigKind::Action, "send_push_copy").unwrap();
    assert!(matches!(
        store.delete_config(ConfigKind::Action, "send_push_copy"),
        Err(StoreError::NotFound { .. })
    ));
}

#[test]
fn an_event_in_a_published_journey_only_gains_optional_fields() {
    let (_dir, path) = temp();
    let mut store = with_examples(&path);
    let mut event: Event = store.get_config("cart_abandoned").unwrap().unwrap();
    event.fields.push(Field::new("coupon", FieldKind::String));
    store.save_config(&event).unwrap();

    event.fields.retain(|f| f.name != "cartId");
    let err = store.save_config(&event).unwrap_err();
    assert!(matches!(err, StoreError::EventInUse { .. }), "{err}");
    assert!(
        err.to_string().contains("cart_recovery") && err.to_string().contains("cartId"),
        "{err}"
    );
    let kept: Event = store.get_config("cart_abandoned").unwrap().unwrap();
    assert!(kept.fields.iter().any(|f| f.name == "cartId"));

    // An event used only by drafts may change freely.
    let mut draft_only: Event = store.get_config("purchase_completed").unwrap().unwrap();
    draft_only.fields.retain(|f| f.name != "orderId");
    store.save_config(&draft_only).unwrap();
}

#[test]
fn published_versions_are_immutable() {
    let (_dir, path) = temp();
    let mut store = with_examples(&path);
    let mut journey = store.get_journey("cart_recovery").unwrap().unwrap();
    journey.versions[0].nodes[1].label = "Wait 2 hours".into();
    let err = store.save_journey(&journey).unwrap_err();
    assert!(matches!(err, StoreError::Immutable { version: 1, .. }), "{err}");

    // Closing it is a status change, allowed; a new draft version is allowed too.
    let mut journey = store.get_journey("cart_recovery").unwrap().unwrap();
    let mut draft = journey.versions[0].clone();
    journey.versions[0].status = JourneyStatus::Closed;
    draft.version = 2;
    draft.status = JourneyStatus::Draft;
    draft.published_at = None;
    draft.nodes[1].label = "Wait 2 hours".into();
    journey.versions.push(draft);
    store.save_journey(&journey).unwrap();
    assert_eq!(store.get_journey("cart_recovery").unwrap().unwrap(), journey);

    // Removing a published version is refused.
    journey.versions.remove(0);
    assert!(matches!(
        store.save_journey(&journey),
        Err(StoreError::Immutable { .. })
    ));
    drop(store);

    // The database itself refuses, whatever program writes to it.
    let conn = Connection::open(&path).unwrap();
    let err = conn
        .execute(
            "UPDATE journey_versions SET body = json_set(body, '$.nodes', json('[]')) WHERE version = 1",
            [],
        )
        .unwrap_err();
    assert!(err.to_string().contains("immutable"), "{err}");
}

#[test]
fn a_live_journey_cannot_be_deleted() {
    let (_dir, path) = temp();
    let mut store = with_examples(&path);
    assert!(matches!(
        store.delete_journey("cart_recovery"),
        Err(StoreError::Live { .. })
    ));
    // A journey another one jumps to is kept too, even once closed.
    let mut vip = store.get_journey("vip_onboarding").unwrap().unwrap();
    vip.versions[0].status = JourneyStatus::Closed;
    store.save_journey(&vip).unwrap();
    let err = store.delete_journey("vip_onboarding").unwrap_err();
    assert!(err.to_string().contains("loyalty_upgrade"), "{err}");
    store.delete_journey("loyalty_upgrade").unwrap();
    store.delete_journey("vip_onboarding").unwrap();
}

#[test]
fn a_refused_import_leaves_nothing_behind() {
    let (_dir, path) = temp();
    let mut store = with_examples(&path);
    let before = store.export_all().unwrap();
    let mut bundle = Bundle::parse(CART).unwrap();
    bundle.events[0].description = "changed".into();
    bundle.actions[0].description = "changed too".into();
    bundle.journeys[0].versions[0].nodes[0].label = "edited a published version".into();
    assert!(matches!(
        store.import_bundle(&bundle, &[]),
        Err(StoreError::Immutable { .. })
    ));
    assert_eq!(store.export_all().unwrap(), before);
}

#[test]
fn an_old_database_is_migrated_with_its_data() {
    let (_dir, path) = temp();
    {
        let mut conn = Connection::open(&path).unwrap();
        migrations::migrations().to_version(&mut conn, 1).unwrap();
        conn.pragma_update(None, "application_id", APPLICATION_ID).unwrap();
        let bundle = Bundle::parse(LOYALTY).unwrap();
        for e in &bundle.events {
            conn.execute(
                "INSERT INTO events (name, body, updated_at) VALUES (?1, ?2, '2026-01-01')",
                (&e.name, serde_json::to_string(e).unwrap()),
            )
            .unwrap();
        }
        let j = &bundle.journeys[0];
        conn.execute(
            "INSERT INTO journeys VALUES (?1, ?2, '2026-01-01')",
            (&j.name, &j.description),
        )
        .unwrap();
        conn.execute(
            "INSERT INTO journey_versions VALUES (?1, 1, 'draft', NULL, ?2)",
            (&j.name, serde_json::to_string(&j.versions[0]).unwrap()),
        )
        .unwrap();
        let v: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
        assert_eq!(v, 1);
    }
    let mut store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), LATEST_SCHEMA);
    assert_eq!(
        store.get_journey("loyalty_upgrade").unwrap().unwrap().versions[0]
            .nodes
            .len(),
        11
    );
    // v2's reference table was filled from the existing bodies.
    let err = store.delete_config(ConfigKind::Event, "coupon_redeemed").unwrap_err();
    assert!(err.to_string().contains("loyalty_upgrade"), "{err}");
    assert_eq!(
        store.usage_counts(ConfigKind::Event).unwrap().get("purchase_completed"),
        Some(&1)
    );
}

fn bytes(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap()
}

#[test]
fn a_newer_wal_database_is_refused_and_untouched() {
    let (dir, path) = temp();
    drop(with_examples(&path));
    // Still in WAL mode, with the newer writer's last changes not yet checkpointed.
    let writer = Connection::open(&path).unwrap();
    writer.pragma_update(None, "user_version", 99).unwrap();
    writer.pragma_update(None, "wal_autocheckpoint", 0).unwrap();
    writer.execute("UPDATE journeys SET description = 'newer'", []).unwrap();
    let copy = dir.path().join("copy.sqlite");
    for ext in ["", "-wal"] {
        std::fs::copy(format!("{}{ext}", path.display()), format!("{}{ext}", copy.display())).unwrap();
    }
    drop(writer);
    let (db, wal) = (bytes(&copy), bytes(&copy.with_extension("sqlite-wal")));
    let err = Store::open(&copy).err().unwrap();
    assert!(matches!(err, StoreError::NewerSchema { found: 99, .. }), "{err}");
    assert_eq!(bytes(&copy), db);
    assert_eq!(bytes(&copy.with_extension("sqlite-wal")), wal);
}

#[test]
fn a_newer_database_is_refused_and_untouched() {
    let (_dir, path) = temp();
    drop(with_examples(&path));
    {
        let conn = Connection::open(&path).unwrap();
        conn.pragma_update(None, "user_version", 99).unwrap();
        conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
    }
    let before = bytes(&path);
    let err = Store::open(&path).err().unwrap();
    assert!(matches!(err, StoreError::NewerSchema { found: 99, .. }), "{err}");
    assert!(err.to_string().contains("newer Parcours"), "{err}");
    assert_eq!(bytes(&path), before);
    assert!(!path.with_extension("sqlite-wal").exists());
}

#[test]
fn corrupt_and_foreign_files_are_refused_and_untouched() {
    let (dir, path) = temp();
    std::fs::write(&path, b"this is a spreadsheet, not a database").unwrap();
    let err = Store::open(&path).err().unwrap();
    assert!(matches!(err, StoreError::Corrupt { .. }), "{err}");
    assert_eq!(bytes(&path), b"this is a spreadsheet, not a database");

    // A damaged SQLite file: a real header, garbage pages.
    drop(with_examples(&path.with_file_name("ok.sqlite")));
    let ok = path.with_file_name("ok.sqlite");
    {
        let conn = Connection::open(&ok).unwrap();
        conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
    }
    let mut damaged = bytes(&ok);
    let len = damaged.len();
    for b in &mut damaged[100..len.min(12_000)] {
        *b = 0xA5;
    }
    let broken = dir.path().join("broken.sqlite");
    std::fs::write(&broken, &damaged).unwrap();
    let err = Store::open(&broken).err().unwrap();
    assert!(matches!(err, StoreError::Corrupt { .. }), "{err}");
    assert_eq!(bytes(&broken), damaged);

    let foreign = dir.path().join("foreign.sqlite");
    {
        let conn = Connection::open(&foreign).unwrap();
        conn.execute("CREATE TABLE invoices (id INTEGER)", []).unwrap();
    }
    let before = bytes(&foreign);
    assert!(matches!(Store::open(&foreign), Err(StoreError::NotAWorkspace { .. })));
    assert_eq!(bytes(&foreign), before);
}

#[test]
fn a_second_process_waits_for_a_lock_instead_of_failing() {
    let (_dir, path) = temp();
    let mut a = with_examples(&path);
    // Another process holds the write lock for a moment.
    let holder = Connection::open(&path).unwrap();
    holder.execute_batch("BEGIN IMMEDIATE").unwrap();
    let release = std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_millis(300));
        holder.execute_batch("COMMIT").unwrap();
    });
    let mut j = a.get_journey("loyalty_upgrade").unwrap().unwrap();
    j.description = "edited while locked".into();
    a.save_journey(&j).unwrap();
    release.join().unwrap();
    let b = Store::open(&path).unwrap();
    assert_eq!(
        b.get_journey("loyalty_upgrade").unwrap().unwrap().description,
        "edited while locked"
    );
}

#[test]
fn a_published_version_never_becomes_a_draft_again() {
    let (_dir, path) = temp();
    let mut store = with_examples(&path);
    let mut journey = store.get_journey("cart_recovery").unwrap().unwrap();
    journey.versions[0].status = JourneyStatus::Draft;
    assert!(matches!(
        store.save_journey(&journey),
        Err(StoreError::Immutable { .. })
    ));
    drop(store);
    let conn = Connection::open(&path).unwrap();
    let err = conn
        .execute(
            "UPDATE journey_versions SET status = 'draft' WHERE journey = 'cart_recovery'",
            [],
        )
        .unwrap_err();
    assert!(err.to_string().contains("immutable"), "{err}");
}

#[test]
fn an_import_keeps_versions_only_this_workspace_has() {
    let (_dir, path) = temp();
    let mut store = with_examples(&path);
    let mut journey = store.get_journey("loyalty_upgrade").unwrap().unwrap();
    let mut v2 = journey.versions[0].clone();
    v2.version = 2;
    v2.nodes[0].label = "a teammate's draft".into();
    journey.versions.push(v2);
    store.save_journey(&journey).unwrap();
    // Importing the older export (v1 only) must not delete v2.
    store.import_bundle(&Bundle::parse(LOYALTY).unwrap(), &[]).unwrap();
    let after = store.get_journey("loyalty_upgrade").unwrap().unwrap();
    assert_eq!(after.versions.len(), 2);
    assert_eq!(after.versions[1].nodes[0].label, "a teammate's draft");
}

#[test]
fn a_second_process_waits_instead_of_failing() {
    let (_dir, path) = temp();
    let mut a = with_examples(&path);
    let b = Store::open(&path).unwrap();
    let mut j = a.get_journey("loyalty_upgrade").unwrap().unwrap();
    j.description = "edited by A".into();
    a.save_journey(&j).unwrap();
    assert_eq!(
        b.get_journey("loyalty_upgrade").unwrap().unwrap().description,
        "edited by A"
    );
}
