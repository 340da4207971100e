//! Turning an action activity or a data lookup into a request the driver can send:
//! constants and evaluated expressions placed into headers, query and payload.

use std::collections::BTreeMap;

use parcours_model::{CustomAction, DataSource, HttpMethod, ParamLocation, ParamValue};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::plan::{Binding, Plan};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ActionRequest {
    pub action: String,
    pub method: HttpMethod,
    pub url: String,
    pub headers: BTreeMap<String, String>,
    pub query: BTreeMap<String, String>,
    pub body: Option<Value>,
    /// Same for every retry of one call: (journey version, instance, activity).
    pub idempotency_key: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DataRequest {
    pub source: String,
    pub group: String,
    pub method: parcours_model::GroupMethod,
    pub url: String,
    pub params: BTreeMap<String, Value>,
    pub query: BTreeMap<String, String>,
    pub body: Option<Value>,
}

pub fn text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Sets `value` at a dotted path (`cart.total`), creating objects on the way.
pub fn set_path(root: &mut Value, path: &str, value: Value) {
    let mut current = root;
    let parts: Vec<&str> = path.split('.').collect();
    for (i, part) in parts.iter().enumerate() {
        if !current.is_object() {
            *current = Value::Object(Map::new());
        }
        // Invariant: the entry was made an object on the line above.
        let map = current.as_object_mut().expect("made an object");
        if i == parts.len() - 1 {
            map.insert(part.to_string(), value);
            return;
        }
        current = map.entry(part.to_string()).or_insert_with(|| Value::Object(Map::new()));
    }
}

fn remove_path(root: &mut Value, path: &str) {
    let (parent, last) = match path.rsplit_once('.') {
        Some((p, l)) => (p.split('.').try_fold(&mut *root, |v, k| v.get_mut(k)), l),
        None => (Some(root), path),
    };
    if let Some(Value::Object(map)) = parent {
        map.remove(last);
    }
}

/// Builds an action request from the values of its mapped expressions (`values`, by
/// mapping key) and the dynamic path, if any.
pub fn action_request(
    plan: &Plan,
    action: &str,
    values: &BTreeMap<String, Value>,
    dynamic_path: Option<String>,
    idempotency_key: String,
) -> ActionRequest {
    action_request_for(&plan.actions[action], values, dynamic_path, idempotency_key)
}

/// [`action_request`] from the action's definition alone (a test request from the
/// action's form, before any journey uses it).
pub fn action_request_for(
    def: &CustomAction,
    values: &BTreeMap<String, Value>,
    dynamic_path: Option<String>,
    idempotency_key: String,
) -> ActionRequest {
    let resolve = |prefix: &str, name: &str, value: &ParamValue| -> Option<Value> {
        match value {
            ParamValue::Constant { value } => Some(value.clone()),
            // `prefix.name`, matched without building the key for each call.
            ParamValue::Variable { .. } => values
                .iter()
                .find(|(k, _)| k.strip_prefix(prefix).and_then(|r| r.strip_prefix('.')) == Some(name))
                .map(|(_, v)| v.clone()),
        }
    };
    let headers = def
        .headers
        .iter()
        .filter_map(|p| resolve("header", &p.name, &p.value).map(|v| (p.name.clone(), text(&v))))
        .collect();
    let query = def
        .query
        .iter()
        .filter_map(|p| resolve("query", &p.name, &p.value).map(|v| (p.name.clone(), text(&v))))
        .collect();
    let body = (!def.payload.is_empty() || def.payload_example.is_some()).then(|| {
        let mut body = def.payload_example.clone().unwrap_or(Value::Object(Map::new()));
        for field in &def.payload {
            match resolve("payload", &field.path, &field.value) {
                Some(v) => set_path(&mut body, &field.path, v),
                None => remove_path(&mut body, &field.path),
            }
        }
        body
    });
    ActionRequest {
        action: def.name.clone(),
        method: def.method,
        url: match dynamic_path {
            Some(path) => format!("{}{path}", def.url),
            None => def.url.clone(),
        },
        headers,
        query,
        body,
        idempotency_key,
    }
}

pub fn data_request(binding: &Binding, params: BTreeMap<String, Value>) -> DataRequest {
    // Invariant: the plan compiled, and an unknown group is E_UNKNOWN_DATA_SOURCE.
    data_request_for(&binding.source, &binding.group, params).expect("validated group")
}

/// [`data_request`] from the source's definition alone; `None` when it has no such
/// group.
pub fn data_request_for(source: &DataSource, group: &str, params: BTreeMap<String, Value>) -> Option<DataRequest> {
    let group_name = group;
    let group = source.group(group_name)?;
    let mut path = group.path.clone();
    let mut query = BTreeMap::new();
    let mut body = Map::new();
    for p in &group.parameters {
        let Some(value) = params.get(&p.name) else { continue };
        match p.location {
            ParamLocation::Path => path = path.replace(&format!("{{{}}}", p.name), &text(value)),
            ParamLocation::Query => {
                query.insert(p.name.clone(), text(value));
            }
            ParamLocation::Body => {
                body.insert(p.name.clone(), value.clone());
            }
        }
    }
    Some(DataRequest {
        source: source.name.clone(),
        group: group_name.to_string(),
        method: group.method,
        url: format!("{}{}", source.base_url.trim_end_matches('/'), path),
        params,
        query,
        body: (!body.is_empty()).then_some(Value::Object(body)),
    })
}
