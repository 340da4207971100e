//! The runner's ingest bodies (native `/v1/events`, Segment's `/v1/track`,
//! `/v1/identify` and `/v1/batch`): any bytes give events or an error naming the field;
//! what is accepted keeps to the limits (ids of 1 to 100 characters, events within
//! their size, at most 500 a batch).

use parcours_fuzz::{apply, config, edit};
use parcours_runner::http::ingest::native_body;
use parcours_runner::http::segment::{batch_body, message_body};
use proptest::prelude::*;
use serde_json::{Value, json};

const MAX_EVENT: usize = 64 * 1024;

fn native_seed() -> Value {
    json!({"events": [
        {"id": "e-1", "name": "cart_abandoned", "payload": {"email": "a@x.example", "cartId": "c-1", "total": 12.5}},
        {"payload": {"email": "b@x.example", "cartId": "c-2"}}
    ]})
}

fn segment_seed() -> Value {
    json!({"batch": [
        {"type": "track", "userId": "u-1", "event": "Cart Abandoned", "messageId": "m-1",
         "properties": {"cartId": "c-1", "total": 3}, "timestamp": "2026-01-01T00:00:00Z"},
        {"type": "identify", "anonymousId": "a-1", "traits": {"email": "a@x.example"}},
        {"type": "page", "userId": "u-2"}
    ]})
}

fn edited(seed: Value) -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(edit(), 0..4).prop_map(move |edits| {
        let mut doc = seed.clone();
        for e in &edits {
            apply(&mut doc, e);
        }
        doc.to_string().into_bytes()
    })
}

fn check_accepted(events: &[parcours_runner::writer::Accepted], max: usize) -> Result<(), TestCaseError> {
    prop_assert!(events.len() <= 500);
    for e in events {
        prop_assert!(!e.id.is_empty() && e.id.len() <= 100, "{}", e.id);
        prop_assert!(serde_json::to_vec(&e.payload).unwrap().len() <= max);
    }
    Ok(())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn native_bodies(body in prop_oneof![edited(native_seed()), prop::collection::vec(any::<u8>(), 0..256)]) {
        match native_body(&body, MAX_EVENT) {
            Ok(events) => {
                prop_assert!(!events.is_empty());
                check_accepted(&events, MAX_EVENT)?;
            }
            Err(e) => prop_assert!(!e.message.is_empty()),
        }
    }

    #[test]
    fn segment_batches(body in prop_oneof![edited(segment_seed()), prop::collection::vec(any::<u8>(), 0..256)]) {
        match batch_body(&body) {
            Ok(events) => check_accepted(&events, 32 * 1024)?,
            Err(e) => prop_assert!(!e.message.is_empty()),
        }
    }

    #[test]
    fn segment_messages(body in edited(segment_seed()["batch"][0].clone()), identify in any::<bool>()) {
        let kind = if identify { "identify" } else { "track" };
        match message_body(&body, kind) {
            Ok(event) => check_accepted(event.as_slice(), 32 * 1024)?,
            Err(e) => prop_assert!(!e.message.is_empty()),
        }
    }
}
