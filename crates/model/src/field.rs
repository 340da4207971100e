//! Typed field trees: the payload of an event, the response of a data source or an
//! action. One representation serves the form editor, the example payload, the JSON
//! Schema used to check incoming payloads, and the types the expression checker sees.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};
use ts_rs::TS;

/// The type of a field. An `array` names its element type in `items`; an `object` (or
/// an array of objects) lists its children in `fields`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema, TS)]
#[serde(rename_all = "camelCase")]
pub enum FieldKind {
    String,
    Integer,
    Number,
    Boolean,
    /// RFC 3339 date-time string, e.g. `2026-05-01T10:00:00Z`.
    Datetime,
    /// ISO date string, e.g. `2026-05-01`.
    Date,
    Object,
    Array,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Field {
    pub name: String,
    #[serde(rename = "type")]
    pub kind: FieldKind,
    /// Element type of an array.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub items: Option<FieldKind>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    #[ts(as = "Option<bool>", optional)]
    pub required: bool,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    #[ts(as = "Option<String>", optional)]
    pub description: String,
    /// Value used in the example payload instead of the type's default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional, type = "unknown")]
    pub example: Option<Value>,
    /// Children of an object, or of each element of an array of objects.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[ts(as = "Option<Vec<Field>>", optional)]
    pub fields: Vec<Field>,
}

impl Field {
    pub fn new(name: &str, kind: FieldKind) -> Self {
        Field {
            name: name.to_string(),
            kind,
            items: None,
            required: false,
            description: String::new(),
            example: None,
            fields: Vec::new(),
        }
    }

    pub fn required(mut self) -> Self {
        self.required = true;
        self
    }

    pub fn object(name: &str, fields: Vec<Field>) -> Self {
        Field {
            fields,
            ..Field::new(name, FieldKind::Object)
        }
    }

    pub fn array(name: &str, items: FieldKind, fields: Vec<Field>) -> Self {
        Field {
            items: Some(items),
            fields,
            ..Field::new(name, FieldKind::Array)
        }
    }

    /// The kind that `fields` describe: the field's own kind, or its elements' kind.
    fn element_kind(&self) -> FieldKind {
        match self.kind {
            FieldKind::Array => self.items.unwrap_or(FieldKind::String),
            k => k,
        }
    }
}

/// Finds the field at a dotted path (`cart.total`) in a field tree.
pub fn find_field<'a>(fields: &'a [Field], path: &str) -> Option<&'a Field> {
    let mut current = fields;
    let mut found = None;
    for segment in path.split('.') {
        let field = current.iter().find(|f| f.name == segment)?;
        current = &field.fields;
        found = Some(field);
    }
    found
}

fn scalar_example(kind: FieldKind) -> Value {
    match kind {
        FieldKind::String => json!("text"),
        FieldKind::Integer => json!(1),
        FieldKind::Number => json!(9.99),
        FieldKind::Boolean => json!(true),
        FieldKind::Datetime => json!("2026-01-15T09:30:00Z"),
        FieldKind::Date => json!("2026-01-15"),
        FieldKind::Object | FieldKind::Array => Value::Null,
    }
}

fn field_example(field: &Field) -> Value {
    if let Some(example) = &field.example {
        return example.clone();
    }
    let element = match field.element_kind() {
        FieldKind::Object => example_payload(&field.fields),
        kind => scalar_example(kind),
    };
    if field.kind == FieldKind::Array {
        Value::Array(vec![element])
    } else {
        element
    }
}

/// A payload with every field filled in, which a developer can copy to send the event.
pub fn example_payload(fields: &[Field]) -> Value {
    let map: Map<String, Value> = fields.iter().map(|f| (f.name.clone(), field_example(f))).collect();
    Value::Object(map)
}

fn kind_schema(kind: FieldKind, children: &[Field]) -> Value {
    match kind {
        FieldKind::String => json!({"type": "string"}),
        FieldKind::Integer => json!({"type": "integer"}),
        FieldKind::Number => json!({"type": "number"}),
        FieldKind::Boolean => json!({"type": "boolean"}),
        FieldKind::Datetime => json!({"type": "string", "format": "date-time"}),
        FieldKind::Date => json!({"type": "string", "format": "date"}),
        FieldKind::Object => object_schema(children),
        FieldKind::Array => json!({"type": "array"}),
    }
}

fn field_schema(field: &Field) -> Value {
    let mut schema = if field.kind == FieldKind::Array {
        json!({"type": "array", "items": kind_schema(field.element_kind(), &field.fields)})
    } else {
        kind_schema(field.kind, &field.fields)
    };
    if !field.description.is_empty() {
        schema["description"] = json!(field.description);
    }
    schema
}

fn object_schema(fields: &[Field]) -> Value {
    let properties: Map<String, Value> = fields.iter().map(|f| (f.name.clone(), field_schema(f))).collect();
    // A set: a field named twice (refused when a bundle is read or saved, but field
    // trees come from elsewhere too) must not make the schema itself invalid.
    let required: std::collections::BTreeSet<&str> =
        fields.iter().filter(|f| f.required).map(|f| f.name.as_str()).collect();
    json!({"type": "object", "properties": properties, "required": required})
}

/// JSON Schema (draft 2020-12) of a payload made of `fields`. Extra properties are
/// allowed: senders often add fields a journey does not use.
pub fn payload_schema(title: &str, fields: &[Field]) -> Value {
    let mut schema = object_schema(fields);
    schema["$schema"] = json!("https://json-schema.org/draft/2020-12/schema");
    schema["title"] = json!(title);
    schema
}

/// One problem found in a payload, located by JSON pointer (`/cart/total`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct PayloadError {
    pub path: String,
    pub message: String,
}

/// Checks `payload` against the field tree; an empty result means it fits.
pub fn check_payload(title: &str, fields: &[Field], payload: &Value) -> Vec<PayloadError> {
    PayloadValidator::new(title, fields).check(payload)
}

/// A payload schema compiled once, for checking many payloads (the engine's entry).
pub struct PayloadValidator(jsonschema::Validator);

impl std::fmt::Debug for PayloadValidator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PayloadValidator")
    }
}

impl PayloadValidator {
    pub fn new(title: &str, fields: &[Field]) -> Self {
        let schema = payload_schema(title, fields);
        PayloadValidator(
            jsonschema::options()
                .should_validate_formats(true)
                .build(&schema)
                // Invariant: a schema of types, properties and required names only is always a valid schema.
                .expect("payload schemas built from field trees are valid"),
        )
    }

    pub fn is_valid(&self, payload: &Value) -> bool {
        self.0.is_valid(payload)
    }

    pub fn check(&self, payload: &Value) -> Vec<PayloadError> {
        check_with(&self.0, payload)
    }
}

fn check_with(validator: &jsonschema::Validator, payload: &Value) -> Vec<PayloadError> {
    let mut errors: Vec<PayloadError> = validator
        .iter_errors(payload)
        .map(|e| PayloadError {
            path: if e.instance_path().as_str().is_empty() {
                "/".to_string()
            } else {
                e.instance_path().to_string()
            },
            message: e.to_string(),
        })
        .collect();
    errors.sort_by(|a, b| a.path.cmp(&b.path));
    errors
}

/// Derives a field tree from a JSON example (a pasted response or payload).
pub fn fields_from_example(example: &Value) -> Vec<Field> {
    match example {
        Value::Object(map) => map.iter().map(|(name, value)| field_from_value(name, value)).collect(),
        _ => Vec::new(),
    }
}

fn kind_of(value: &Value) -> FieldKind {
    match value {
        Value::Bool(_) => FieldKind::Boolean,
        Value::Number(n) if n.is_i64() || n.is_u64() => FieldKind::Integer,
        Value::Number(_) => FieldKind::Number,
        Value::String(s) if chrono::DateTime::parse_from_rfc3339(s).is_ok() => FieldKind::Datetime,
        Value::String(s) if chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok() => FieldKind::Date,
        Value::Object(_) => FieldKind::Object,
        Value::Array(_) => FieldKind::Array,
        Value::String(_) | Value::Null => FieldKind::String,
    }
}

fn field_from_value(name: &str, value: &Value) -> Field {
    let kind = kind_of(value);
    let mut field = Field::new(name, kind);
    match value {
        Value::Object(_) => field.fields = fields_from_example(value),
        Value::Array(items) => {
            let first = items.first().unwrap_or(&Value::Null);
            field.items = Some(kind_of(first));
            field.fields = fields_from_example(first);
        }
        _ => {}
    }
    field
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cart_fields() -> Vec<Field> {
        vec![
            Field::new("email", FieldKind::String).required(),
            Field::new("at", FieldKind::Datetime),
            Field::object(
                "cart",
                vec![
                    Field::new("total", FieldKind::Number).required(),
                    Field::array("items", FieldKind::Object, vec![Field::new("sku", FieldKind::String)]),
                ],
            )
            .required(),
        ]
    }

    #[test]
    fn example_payload_fits_its_own_schema() {
        let fields = cart_fields();
        let example = example_payload(&fields);
        assert_eq!(example["cart"]["items"][0]["sku"], json!("text"));
        assert!(check_payload("cart", &fields, &example).is_empty());
    }

    #[test]
    fn payload_errors_name_the_json_path() {
        let fields = cart_fields();
        let bad = json!({"email": "a@b.c", "at": "yesterday", "cart": {"total": "ten"}});
        let errors = check_payload("cart", &fields, &bad);
        let paths: Vec<&str> = errors.iter().map(|e| e.path.as_str()).collect();
        assert_eq!(paths, vec!["/at", "/cart/total"]);
        let missing = check_payload("cart", &fields, &json!({"email": "x"}));
        assert_eq!(missing.len(), 1);
        assert!(missing[0].message.contains("cart"), "{:?}", missing);
    }

    #[test]
    fn fields_are_derived_from_an_example() {
        let fields = fields_from_example(&json!({
            "id": 7, "paid": false, "amount": 12.5, "at": "2026-01-01T00:00:00Z",
            "lines": [{"sku": "A"}], "customer": {"tier": "gold"}
        }));
        let by_name = |n: &str| find_field(&fields, n).unwrap().kind;
        assert_eq!(by_name("id"), FieldKind::Integer);
        assert_eq!(by_name("paid"), FieldKind::Boolean);
        assert_eq!(by_name("amount"), FieldKind::Number);
        assert_eq!(by_name("at"), FieldKind::Datetime);
        assert_eq!(by_name("lines"), FieldKind::Array);
        assert_eq!(by_name("lines.sku"), FieldKind::String);
        assert_eq!(by_name("customer.tier"), FieldKind::String);
    }
}
