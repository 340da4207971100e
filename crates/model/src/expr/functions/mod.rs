//! Journey functions: what standard CEL lacks, in the families business users know from
//! journey tools — strings, lists, dates and times with time zones, durations, maths,
//! conversions and null handling.
//!
//! The table ([`FUNCTIONS`]) is the single source: the checker types calls from it, the
//! evaluator registers its `call`s, `docs/expressions.md` is generated from it (a test
//! keeps the page fresh and runs every example), and the editor's autocomplete shows its
//! signatures. Functions are global calls (`lower(event.name)`), never methods, so one
//! spelling works everywhere. CEL's own functions and methods stay available.

mod convert;
mod lists;
mod maths;
mod text;
mod time;

use std::fmt;
use std::sync::Arc;

use cel::{Context, ExecutionError, Value};
use chrono::{DateTime, FixedOffset};
use chrono_tz::Tz;
use serde::Serialize;
use ts_rs::TS;

use super::Ty;

/// Where a function sits in the docs and the editor's list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum Family {
    Strings,
    Lists,
    Dates,
    Durations,
    Maths,
    Conversions,
    Nulls,
}

impl Family {
    pub const ALL: [Family; 7] = [
        Family::Strings,
        Family::Lists,
        Family::Dates,
        Family::Durations,
        Family::Maths,
        Family::Conversions,
        Family::Nulls,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Family::Strings => "Strings",
            Family::Lists => "Lists",
            Family::Dates => "Dates and times",
            Family::Durations => "Durations",
            Family::Maths => "Maths",
            Family::Conversions => "Conversions",
            Family::Nulls => "Null handling",
        }
    }
}

/// What a parameter accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Param {
    Any,
    String,
    Int,
    /// An int or a double.
    Number,
    Bool,
    Timestamp,
    Duration,
    List,
    /// An IANA time zone name, e.g. `"Europe/Paris"` (a string).
    Zone,
}

impl Param {
    /// Whether an argument of static type `ty` may be passed.
    pub fn accepts(self, ty: &Ty) -> bool {
        match self {
            Param::Any => true,
            Param::String | Param::Zone => ty.fits(&Ty::String),
            Param::Int => matches!(ty, Ty::Int | Ty::Uint | Ty::Dyn),
            Param::Number => ty.is_numeric() || *ty == Ty::Dyn,
            Param::Bool => ty.fits(&Ty::Bool),
            Param::Timestamp => ty.fits(&Ty::Timestamp),
            Param::Duration => ty.fits(&Ty::Duration),
            Param::List => matches!(ty, Ty::List(_) | Ty::Dyn),
        }
    }
}

impl fmt::Display for Param {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Param::Any => "any",
            Param::String => "string",
            Param::Int => "int",
            Param::Number => "number",
            Param::Bool => "bool",
            Param::Timestamp => "timestamp",
            Param::Duration => "duration",
            Param::List => "list",
            Param::Zone => "zone",
        })
    }
}

/// What a call gives, possibly depending on its arguments' types.
#[derive(Debug, Clone, PartialEq)]
pub enum Ret {
    Is(Ty),
    StringList,
    /// The type of the first argument (a list stays the same list).
    SameAsFirst,
    /// The element type of the first argument, a list.
    ElementOfFirst,
    /// An int when every argument is an int, else a double.
    Number,
    /// The first argument's type, or the second's when the first is null.
    FirstNotNull,
}

impl Ret {
    pub fn of(&self, args: &[Ty]) -> Ty {
        match self {
            Ret::Is(t) => t.clone(),
            Ret::StringList => Ty::List(Box::new(Ty::String)),
            Ret::SameAsFirst => args.first().cloned().unwrap_or(Ty::Dyn),
            Ret::ElementOfFirst => match args.first() {
                Some(Ty::List(t)) => (**t).clone(),
                _ => Ty::Dyn,
            },
            Ret::FirstNotNull => match args {
                [Ty::Null, second, ..] => second.clone(),
                [first, Ty::Null, ..] => first.clone(),
                [first, second, ..] if first == second => first.clone(),
                _ => Ty::Dyn,
            },
            Ret::Number => {
                if args.iter().all(|a| matches!(a, Ty::Int)) {
                    Ty::Int
                } else if args.contains(&Ty::Dyn) {
                    Ty::Dyn
                } else {
                    Ty::Double
                }
            }
        }
    }
}

impl fmt::Display for Ret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Ret::Is(t) => write!(f, "{t}"),
            Ret::StringList => f.write_str("list(string)"),
            Ret::SameAsFirst => f.write_str("same as the first argument"),
            Ret::ElementOfFirst => f.write_str("an element of the list"),
            Ret::Number => f.write_str("int, or double if any argument is"),
            Ret::FirstNotNull => f.write_str("the type of the arguments"),
        }
    }
}

/// The evaluator's side of a function: the evaluated arguments, already counted.
pub type Call = fn(&[Value]) -> Result<Value, String>;

/// A journey function: its signature, what it does, and an example with its value.
pub struct FunctionSpec {
    pub name: &'static str,
    pub family: Family,
    pub params: &'static [(&'static str, Param)],
    pub ret: Ret,
    pub doc: &'static str,
    /// A call the docs show; a test evaluates it.
    pub example: &'static str,
    /// A CEL expression equal to the example's value (`"été"`, `3`, `timestamp("…")`).
    pub gives: &'static str,
    pub call: Call,
}

impl FunctionSpec {
    /// `name(a: type, b: type) → result`, as the docs and the editor show it.
    pub fn signature(&self) -> String {
        let params: Vec<String> = self.params.iter().map(|(n, p)| format!("{n}: {p}")).collect();
        format!("{}({}) → {}", self.name, params.join(", "), self.ret)
    }
}

/// A function's parameters: names and what each accepts.
pub(crate) type Params = &'static [(&'static str, Param)];

/// What builds one table entry: name, parameters, result, doc, example, its value, call.
pub(crate) type Entry =
    dyn Fn(&'static str, Params, Ret, &'static str, &'static str, &'static str, Call) -> FunctionSpec;

/// A builder for one family's table entries, in the order the entries read.
pub(crate) fn spec_in(family: Family) -> Box<Entry> {
    Box::new(move |name, params, ret, doc, example, gives, call| FunctionSpec {
        name,
        family,
        params,
        ret,
        doc,
        example,
        gives,
        call,
    })
}

/// A function as the editor's autocomplete lists it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FunctionHelp {
    pub name: String,
    pub family: Family,
    /// `addDays(t: timestamp, n: int, zone: zone) → timestamp`
    pub signature: String,
    /// Parameter names, in order, for the snippet inserted on completion.
    pub params: Vec<String>,
    pub doc: String,
    pub example: String,
}

/// Every journey function with its signature, for the editor.
pub fn help() -> Vec<FunctionHelp> {
    FUNCTIONS
        .iter()
        .map(|f| FunctionHelp {
            name: f.name.to_string(),
            family: f.family,
            signature: f.signature(),
            params: f.params.iter().map(|(n, _)| n.to_string()).collect(),
            doc: f.doc.to_string(),
            example: f.example.to_string(),
        })
        .collect()
}

/// The table, family by family.
pub static FUNCTIONS: std::sync::LazyLock<Vec<FunctionSpec>> = std::sync::LazyLock::new(|| {
    let mut all = Vec::new();
    all.extend(text::functions());
    all.extend(lists::functions());
    all.extend(time::functions());
    all.extend(time::durations());
    all.extend(maths::functions());
    all.extend(convert::functions());
    all.extend(convert::nulls());
    all
});

pub fn spec(name: &str) -> Option<&'static FunctionSpec> {
    FUNCTIONS.iter().find(|f| f.name == name)
}

/// Adds the journey functions to an evaluation context.
pub fn register(context: &mut Context) {
    for spec in FUNCTIONS.iter() {
        let arity = spec.params.len();
        let name = spec.name;
        let call = spec.call;
        // The table's names are tested to be unique and none is a CEL builtin, so a
        // clash here is a programming error caught by every test that evaluates.
        context
            .add_function(
                name,
                move |cel::extractors::Arguments(args): cel::extractors::Arguments| -> Result<Value, ExecutionError> {
                    if args.len() != arity {
                        return Err(ExecutionError::function_error(
                            name,
                            format!("takes {arity} arguments, got {}", args.len()),
                        ));
                    }
                    call(&args).map_err(|e| ExecutionError::function_error(name, e))
                },
            )
            // Invariant: the names are unique and clash with no CEL builtin (a unit test registers them all).
            .expect("journey function names are unique and clash with no CEL builtin");
    }
}

/// Evaluates `source` with the journey functions and the given variables; a helper
/// for tests and tools (the engine keeps compiled programs and contexts instead).
pub fn evaluate(source: &str, variables: &[(&str, Value)]) -> Result<Value, String> {
    let program = super::compile(source)?;
    let mut context = Context::default();
    register(&mut context);
    for (name, value) in variables {
        context.add_variable_from_value(*name, value.clone());
    }
    program.execute(&context).map_err(|e| e.to_string())
}

// Argument readers: a wrong type at run time (the checker lets `dyn` through) is an
// error naming the argument, never a panic.

fn kind(v: &Value) -> String {
    v.type_of().to_string()
}

pub(crate) fn string(args: &[Value], i: usize) -> Result<&str, String> {
    match &args[i] {
        Value::String(s) => Ok(s.as_str()),
        v => Err(format!("argument {} must be a string, got {}", i + 1, kind(v))),
    }
}

pub(crate) fn int(args: &[Value], i: usize) -> Result<i64, String> {
    match &args[i] {
        Value::Int(n) => Ok(*n),
        Value::UInt(n) => i64::try_from(*n).map_err(|_| format!("argument {} is out of range", i + 1)),
        v => Err(format!("argument {} must be an int, got {}", i + 1, kind(v))),
    }
}

pub(crate) fn number(args: &[Value], i: usize) -> Result<f64, String> {
    match &args[i] {
        Value::Int(n) => Ok(*n as f64),
        Value::UInt(n) => Ok(*n as f64),
        Value::Float(x) => Ok(*x),
        v => Err(format!("argument {} must be a number, got {}", i + 1, kind(v))),
    }
}

/// Instants are kept to years 1–9999, CEL's range. chrono holds ±262143 years, but a
/// local time near either end (in a zone behind or ahead of UTC) is out of its range,
/// and chrono panics converting to it.
pub(crate) fn within_years(t: DateTime<FixedOffset>) -> Result<DateTime<FixedOffset>, String> {
    use chrono::Datelike;
    crate::time::check_year(t.naive_utc().year(), t.naive_utc()).map(|()| t)
}

pub(crate) fn time(args: &[Value], i: usize) -> Result<DateTime<FixedOffset>, String> {
    match &args[i] {
        Value::Timestamp(t) => within_years(*t).map_err(|e| format!("argument {}: {e}", i + 1)),
        v => Err(format!("argument {} must be a timestamp, got {}", i + 1, kind(v))),
    }
}

pub(crate) fn duration(args: &[Value], i: usize) -> Result<chrono::Duration, String> {
    match &args[i] {
        Value::Duration(d) => Ok(*d),
        v => Err(format!("argument {} must be a duration, got {}", i + 1, kind(v))),
    }
}

pub(crate) fn list(args: &[Value], i: usize) -> Result<&Arc<Vec<Value>>, String> {
    match &args[i] {
        Value::List(items) => Ok(items),
        v => Err(format!("argument {} must be a list, got {}", i + 1, kind(v))),
    }
}

pub(crate) fn zone(args: &[Value], i: usize) -> Result<Tz, String> {
    let name = string(args, i)?;
    name.parse::<Tz>().map_err(|_| format!("unknown time zone `{name}`"))
}

pub(crate) fn text(s: impl Into<String>) -> Value {
    Value::String(Arc::new(s.into()))
}

/// The functions' section of docs/expressions.md, generated from the table.
pub fn reference_markdown() -> String {
    let mut out = String::new();
    for family in Family::ALL {
        out.push_str(&format!("\n### {}\n\n", family.title()));
        out.push_str("| Function | Result | What it does | Example | Gives |\n|---|---|---|---|---|\n");
        for f in FUNCTIONS.iter().filter(|f| f.family == family) {
            let params: Vec<String> = f.params.iter().map(|(n, p)| format!("{n}: {p}")).collect();
            out.push_str(&format!(
                "| `{}({})` | {} | {} | `{}` | `{}` |\n",
                f.name,
                params.join(", "),
                f.ret,
                f.doc.replace('|', "\\|"),
                f.example.replace('|', "\\|"),
                f.gives.replace('|', "\\|"),
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_example_gives_what_the_docs_say() {
        for f in FUNCTIONS.iter() {
            let got = evaluate(f.example, &[]).unwrap_or_else(|e| panic!("{}: `{}` failed: {e}", f.name, f.example));
            let want = evaluate(f.gives, &[]).unwrap_or_else(|e| panic!("{}: `{}` failed: {e}", f.name, f.gives));
            assert_eq!(got, want, "{}: `{}`", f.name, f.example);
            assert!(
                f.example.starts_with(&format!("{}(", f.name)),
                "{}'s example calls it",
                f.name
            );
        }
    }

    #[test]
    fn every_example_passes_the_checker_with_the_type_it_gives() {
        let scope = crate::expr::Scope::new();
        for f in FUNCTIONS.iter() {
            let (ty, problems) = crate::expr::check_expression(f.example, &scope);
            assert!(problems.is_empty(), "{}: {problems:?}", f.name);
            let (want, _) = crate::expr::check_expression(f.gives, &scope);
            let (ty, want) = (ty.unwrap(), want.unwrap());
            assert!(
                ty.fits(&want) && want.fits(&ty),
                "{}: the checker says {ty}, the value is a {want}",
                f.name
            );
        }
    }

    #[test]
    fn the_checker_refuses_wrong_arguments_with_the_signature() {
        let scope = crate::expr::Scope::new();
        let (_, problems) = crate::expr::check_expression(r#"addDays(now, "1", "UTC")"#, &scope);
        assert!(
            problems.iter().any(|p| p
                .message
                .contains("argument 2 of `addDays` (n) must be int, got string")),
            "{problems:?}"
        );
        let (_, problems) = crate::expr::check_expression(r#"lower("A", "B")"#, &scope);
        assert!(
            problems.iter().any(|p| p.message.contains("lower(s: string) → string")),
            "{problems:?}"
        );
        let (ty, _) = crate::expr::check_expression(r#"first(split("a,b", ","))"#, &scope);
        assert_eq!(ty, Some(Ty::String));
    }

    #[test]
    fn names_are_unique_and_there_are_at_least_fifty() {
        let mut names: Vec<&str> = FUNCTIONS.iter().map(|f| f.name).collect();
        names.sort();
        let count = names.len();
        names.dedup();
        assert_eq!(names.len(), count, "a name appears twice");
        assert!(count >= 50, "{count} functions");
        for family in Family::ALL {
            assert!(FUNCTIONS.iter().any(|f| f.family == family), "{family:?} is empty");
        }
    }

    #[test]
    fn a_wrong_argument_count_or_type_at_run_time_is_an_error_not_a_crash() {
        // The checker lets `dyn` values through, so any value may reach a function: none
        // of these may panic (a panic fails the test), and a count is always checked.
        for f in FUNCTIONS.iter() {
            let err = evaluate(&format!("{}()", f.name), &[]);
            assert!(f.params.is_empty() || err.is_err(), "{} with no arguments", f.name);
            for odd in [
                Value::Null,
                Value::List(Arc::new(vec![])),
                Value::Int(i64::MIN),
                text(""),
            ] {
                let _ = (f.call)(&vec![odd; f.params.len()]);
            }
        }
        let err = evaluate(r#"lower(1)"#, &[]).unwrap_err();
        assert!(err.contains("argument 1 must be a string"), "{err}");
        let err = evaluate(r#"lower("a", "b")"#, &[]).unwrap_err();
        assert!(err.contains("takes 1 arguments"), "{err}");
    }
}
