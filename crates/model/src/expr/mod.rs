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

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

/// The variables an expression may read, with their types.
pub type Scope = BTreeMap<String, Ty>;

/// Longer expressions are refused: they are mistakes, and would only slow checks down.
pub const MAX_EXPRESSION_BYTES: usize = 4_096;

/// Parsing, checking and evaluating recurse once per operator, selection or bracket:
/// past this many, an expression could exhaust the stack of the app or the runner.
/// Real conditions use a few dozen at most.
pub const MAX_COMPLEXITY: usize = 100;

/// Operators, field selections and brackets outside string literals. Literals are skipped
/// as CEL reads them: a raw one (`r"…"`, `rb'…'`) has no escapes, so a backslash before
/// its closing quote must not keep the scan "inside" and hide the rest of the expression
/// from the count; a triple-quoted one ends only at three quotes.
fn complexity(source: &str) -> usize {
    let chars: Vec<char> = source.chars().collect();
    let before = |i: usize, back: usize| i.checked_sub(back).map(|j| chars[j].to_ascii_lowercase());
    let mut count = 0;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '"' || c == '\'' {
            let raw = before(i, 1) == Some('r') || (before(i, 1) == Some('b') && before(i, 2) == Some('r'));
            let triple = chars.get(i + 1) == Some(&c) && chars.get(i + 2) == Some(&c);
            let quote = if triple { 3 } else { 1 };
            let closes_at = |j: usize| (0..quote).all(|k| chars.get(j + k) == Some(&c));
            i += quote;
            while i < chars.len() {
                if !raw && chars[i] == '\\' {
                    i += 2;
                } else if closes_at(i) {
                    i += quote;
                    break;
                } else {
                    i += 1;
                }
            }
            continue;
        }
        if matches!(
            c,
            '.' | '(' | '[' | '{' | '?' | '!' | '<' | '>' | '=' | '+' | '-' | '*' | '/' | '%' | '&' | '|'
        ) {
            count += 1;
        }
        i += 1;
    }
    count
}

/// Compiles `source`, or explains the first syntax error with its position.
pub fn compile(source: &str) -> Result<cel::Program, String> {
    if source.trim().is_empty() {
        return Err("the expression is empty".to_string());
    }
    if source.len() > MAX_EXPRESSION_BYTES {
        return Err(format!(
            "the expression is {} bytes long, over the limit of {MAX_EXPRESSION_BYTES}",
            source.len()
        ));
    }
    let steps = complexity(source);
    if steps > MAX_COMPLEXITY {
        return Err(format!(
            "the expression has {steps} operators, selections and brackets, over the limit of {MAX_COMPLEXITY}: split it"
        ));
    }
    cel::Program::compile(source).map_err(|errors| {
        errors
            .errors
            .first()
            .map(|e| format!("line {}, column {}: {}", e.pos.0, e.pos.1 + 1, e.msg))
            .unwrap_or_else(|| "syntax error".to_string())
    })
}

type Compiled = Arc<Result<cel::Program, String>>;

static MEMO: OnceLock<Mutex<HashMap<String, Compiled>>> = OnceLock::new();

/// Forgets every remembered expression (benchmarks measure a cold check with it).
pub fn clear_memo() {
    if let Some(memo) = MEMO.get() {
        memo.lock().unwrap_or_else(PoisonError::into_inner).clear();
    }
}

/// Bound on remembered expressions; past it the memo starts afresh.
const MEMO_LIMIT: usize = 20_000;

/// [`compile`], remembered by source text. The designer re-validates on every edit
/// while nearly all expressions stay the same, and parsing is the costly part of a check.
pub fn compile_memo(source: &str) -> Compiled {
    let memo = MEMO.get_or_init(Default::default);
    if let Some(hit) = memo.lock().unwrap_or_else(PoisonError::into_inner).get(source) {
        return hit.clone();
    }
    let compiled = Arc::new(compile(source));
    let mut map = memo.lock().unwrap_or_else(PoisonError::into_inner);
    if map.len() >= MEMO_LIMIT {
        map.clear();
    }
    map.insert(source.to_string(), compiled.clone());
    compiled
}
