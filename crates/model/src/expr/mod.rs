//! CEL expressions in journeys: compiling, reference and type checking against the
//! schemas in scope, and the few functions journeys need that CEL lacks.
//!
//! Checking happens at design time, on every keystroke in the app, so it works from the
//! parsed AST and the field trees alone; evaluation (the engine's job) uses the same
//! compiled programs and the functions registered by [`functions::register`].

mod check;
pub mod functions;
mod ty;

pub use check::{Problem, check_expression};
pub use ty::Ty;

use std::collections::BTreeMap;

/// The variables an expression may read, with their types.
pub type Scope = BTreeMap<String, Ty>;

/// Compiles `source`, or explains the first syntax error with its position.
pub fn compile(source: &str) -> Result<cel::Program, String> {
    if source.trim().is_empty() {
        return Err("the expression is empty".to_string());
    }
    cel::Program::compile(source).map_err(|errors| {
        errors
            .errors
            .first()
            .map(|e| format!("line {}, column {}: {}", e.pos.0, e.pos.1 + 1, e.msg))
            .unwrap_or_else(|| "syntax error".to_string())
    })
}
