//! The static types the checker infers. `Dyn` is anything: it is what a JSON map of
//! unknown shape, or a value the checker cannot follow, has; it never causes an error.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

use crate::field::{Field, FieldKind};

#[derive(Debug, Clone, PartialEq)]
pub enum Ty {
    Dyn,
    Null,
    Bool,
    Int,
    Uint,
    Double,
    String,
    Bytes,
    Timestamp,
    Duration,
    Type,
    List(Box<Ty>),
    /// A map with string keys whose values all have one type.
    Map(Box<Ty>),
    /// A record with known fields (an event payload, a response).
    Object(Arc<BTreeMap<String, Ty>>),
}

impl Ty {
    pub fn object(fields: impl IntoIterator<Item = (String, Ty)>) -> Ty {
        Ty::Object(Arc::new(fields.into_iter().collect()))
    }

    /// The type of a payload made of `fields`.
    pub fn of_fields(fields: &[Field]) -> Ty {
        Ty::object(fields.iter().map(|f| (f.name.clone(), Ty::of_field(f))))
    }

    pub fn of_field(field: &Field) -> Ty {
        match field.kind {
            FieldKind::Array => {
                let items = field.items.unwrap_or(FieldKind::String);
                let element = if items == FieldKind::Object {
                    Ty::of_fields(&field.fields)
                } else {
                    Ty::of_kind(items)
                };
                Ty::List(Box::new(element))
            }
            FieldKind::Object => Ty::of_fields(&field.fields),
            kind => Ty::of_kind(kind),
        }
    }

    /// Scalar kinds; dates stay strings (`YYYY-MM-DD`), date-times become timestamps.
    pub fn of_kind(kind: FieldKind) -> Ty {
        match kind {
            FieldKind::String | FieldKind::Date => Ty::String,
            FieldKind::Integer => Ty::Int,
            FieldKind::Number => Ty::Double,
            FieldKind::Boolean => Ty::Bool,
            FieldKind::Datetime => Ty::Timestamp,
            FieldKind::Object => Ty::Map(Box::new(Ty::Dyn)),
            FieldKind::Array => Ty::List(Box::new(Ty::Dyn)),
        }
    }

    pub fn is_numeric(&self) -> bool {
        matches!(self, Ty::Int | Ty::Uint | Ty::Double)
    }

    /// Whether a value of type `self` can stand where `expected` is wanted.
    pub fn fits(&self, expected: &Ty) -> bool {
        match (self, expected) {
            (Ty::Dyn, _) | (_, Ty::Dyn) => true,
            (a, b) if a.is_numeric() && b.is_numeric() => {
                // An integer fits a number; a fraction does not fit an integer.
                !matches!(a, Ty::Double) || matches!(b, Ty::Double)
            }
            (Ty::List(a), Ty::List(b)) => a.fits(b),
            (Ty::Object(_) | Ty::Map(_), Ty::Object(_) | Ty::Map(_)) => true,
            (a, b) => a == b,
        }
    }

    /// Whether `==` between the two types can ever be true.
    pub fn comparable(&self, other: &Ty) -> bool {
        matches!(self, Ty::Null) || matches!(other, Ty::Null) || self.fits(other) || other.fits(self)
    }
}

impl fmt::Display for Ty {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Ty::Dyn => write!(f, "dyn"),
            Ty::Null => write!(f, "null"),
            Ty::Bool => write!(f, "bool"),
            Ty::Int => write!(f, "int"),
            Ty::Uint => write!(f, "uint"),
            Ty::Double => write!(f, "double"),
            Ty::String => write!(f, "string"),
            Ty::Bytes => write!(f, "bytes"),
            Ty::Timestamp => write!(f, "timestamp"),
            Ty::Duration => write!(f, "duration"),
            Ty::Type => write!(f, "type"),
            Ty::List(t) => write!(f, "list({t})"),
            Ty::Map(t) => write!(f, "map(string, {t})"),
            Ty::Object(_) => write!(f, "object"),
        }
    }
}
