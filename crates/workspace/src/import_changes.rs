//! What an import would change that a person must see first: a data source or action
//! whose origin (where its calls, and its secrets, go) changes. Applying such an import
//! needs an explicit yes (the app's dialog, `--allow-origin-change`); the secrets the
//! configuration sends stay bound to the old origin, so nothing follows the new URL
//! until someone binds it there in the form.

use parcours_model::Bundle;
use parcours_model::origin::{action_origins, action_secret_uses, data_source_origins, data_source_secret_uses};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{ApiError, ErrorCode};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OriginChange {
    /// `action:send_reminder`, `dataSource:orders`.
    pub object: String,
    pub from: Vec<String>,
    pub to: Vec<String>,
    /// The secrets it sends, which stay bound to `from`.
    pub secrets: Vec<String>,
}

fn names(mut list: Vec<String>) -> Vec<String> {
    list.sort();
    list.dedup();
    list
}

/// The configurations of `incoming` that exist in `existing` with other origins.
pub fn origin_changes(existing: &Bundle, incoming: &Bundle) -> Vec<OriginChange> {
    let mut out = Vec::new();
    for a in &incoming.actions {
        if let Some(old) = existing.actions.iter().find(|o| o.name == a.name) {
            let (from, to) = (action_origins(old), action_origins(a));
            if from != to {
                out.push(OriginChange {
                    object: format!("action:{}", a.name),
                    from,
                    to,
                    secrets: names(action_secret_uses(a).into_iter().map(|u| u.secret).collect()),
                });
            }
        }
    }
    for d in &incoming.data_sources {
        if let Some(old) = existing.data_sources.iter().find(|o| o.name == d.name) {
            let (from, to) = (data_source_origins(old), data_source_origins(d));
            if from != to {
                out.push(OriginChange {
                    object: format!("dataSource:{}", d.name),
                    from,
                    to,
                    secrets: names(data_source_secret_uses(d).into_iter().map(|u| u.secret).collect()),
                });
            }
        }
    }
    out
}

/// One line per change, as the refusal and the CLI print it.
pub fn describe(change: &OriginChange) -> String {
    let secrets = match change.secrets.as_slice() {
        [] => String::new(),
        list => format!(
            " (its secrets {} stay bound to the old origin)",
            list.iter().map(|s| format!("`{s}`")).collect::<Vec<_>>().join(", ")
        ),
    };
    format!(
        "{} moves from {} to {}{secrets}",
        change.object,
        change.from.join(", "),
        change.to.join(", ")
    )
}

/// Refuses an import that changes origins without a yes.
pub fn refuse_unconfirmed(changes: &[OriginChange]) -> Result<(), ApiError> {
    if changes.is_empty() {
        return Ok(());
    }
    Err(ApiError::new(
        ErrorCode::ConfirmationNeeded,
        format!(
            "this import changes where calls go: {}; confirm it (the app asks; `parcours import --allow-origin-change`); nothing was imported",
            changes.iter().map(describe).collect::<Vec<_>>().join("; ")
        ),
    ))
}
