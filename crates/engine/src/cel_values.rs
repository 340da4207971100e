//! JSON in, CEL values for expressions, JSON out for requests. Conversion follows the
//! schema: a `datetime` field arrives as an RFC 3339 string and is a timestamp to
//! expressions, as the checker promised.

use std::collections::HashMap;
use std::sync::Arc;

use cel::Value as Cel;
use cel::objects::{Key, Map};
use chrono::{DateTime, Utc};
use parcours_model::expr::Ty;
use serde_json::{Number, Value as Json};

pub fn to_cel(value: &Json, ty: &Ty) -> Cel {
    match (value, ty) {
        (Json::Null, _) => Cel::Null,
        (Json::Bool(b), _) => Cel::Bool(*b),
        (Json::Number(n), Ty::Double) => Cel::Float(n.as_f64().unwrap_or(0.0)),
        (Json::Number(n), _) => match (n.as_i64(), n.as_u64()) {
            (Some(i), _) => Cel::Int(i),
            (None, Some(u)) => Cel::UInt(u),
            _ => Cel::Float(n.as_f64().unwrap_or(0.0)),
        },
        (Json::String(s), Ty::Timestamp) => match DateTime::parse_from_rfc3339(s) {
            Ok(t) => Cel::Timestamp(t),
            Err(_) => Cel::String(Arc::new(s.clone())),
        },
        (Json::String(s), _) => Cel::String(Arc::new(s.clone())),
        (Json::Array(items), ty) => {
            let element = match ty {
                Ty::List(t) => t.as_ref(),
                _ => &Ty::Dyn,
            };
            Cel::List(Arc::new(items.iter().map(|v| to_cel(v, element)).collect()))
        }
        (Json::Object(map), ty) => {
            let out: HashMap<Key, Cel> = map
                .iter()
                .map(|(k, v)| {
                    let field_ty = match ty {
                        Ty::Object(fields) => fields.get(k).unwrap_or(&Ty::Dyn),
                        Ty::Map(t) => t.as_ref(),
                        _ => &Ty::Dyn,
                    };
                    (Key::String(Arc::new(k.clone())), to_cel(v, field_ty))
                })
                .collect();
            Cel::Map(Map { map: Arc::new(out) })
        }
    }
}

pub fn timestamp(t: DateTime<Utc>) -> Cel {
    Cel::Timestamp(t.fixed_offset())
}

pub fn to_json(value: &Cel) -> Json {
    match value {
        Cel::Null => Json::Null,
        Cel::Bool(b) => Json::Bool(*b),
        Cel::Int(i) => Json::from(*i),
        Cel::UInt(u) => Json::from(*u),
        Cel::Float(f) => Number::from_f64(*f).map(Json::Number).unwrap_or(Json::Null),
        Cel::String(s) => Json::String(s.as_ref().clone()),
        Cel::Bytes(b) => Json::String(String::from_utf8_lossy(b).into_owned()),
        Cel::Timestamp(t) => Json::String(t.with_timezone(&Utc).to_rfc3339()),
        Cel::Duration(d) => Json::String(format!("{}s", d.num_seconds())),
        Cel::List(items) => Json::Array(items.iter().map(to_json).collect()),
        Cel::Map(map) => {
            let mut entries: Vec<(String, Json)> = map
                .map
                .iter()
                .map(|(k, v)| {
                    let key = match k {
                        Key::String(s) => s.as_ref().clone(),
                        Key::Int(i) => i.to_string(),
                        Key::Uint(u) => u.to_string(),
                        Key::Bool(b) => b.to_string(),
                    };
                    (key, to_json(v))
                })
                .collect();
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            Json::Object(entries.into_iter().collect())
        }
        other => Json::String(format!("{other:?}")),
    }
}

/// A value as a person reads it in a trace: JSON, or the value's own text.
pub fn render(value: &Cel) -> String {
    match value {
        Cel::String(s) => format!("{:?}", s.as_str()),
        other => to_json(other).to_string(),
    }
}
