//! A static checker for CEL over Parcours' scope: unknown variables and fields are
//! reported with the path written (`event.cart.totl`), operators and functions with the
//! types that do not fit. Anything it cannot follow becomes `Dyn` and passes, so the
//! checker never rejects an expression the engine could run correctly.

use cel::common::ast::{EntryExpr, Expr, IdedExpr, LiteralValue, operators as op};

use super::{Scope, Ty, compile_memo, functions};
use crate::diagnostic::Code;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub code: Code,
    pub message: String,
}

/// Checks `source` in `scope`; returns its inferred type (when it compiles) and problems.
pub fn check_expression(source: &str, scope: &Scope) -> (Option<Ty>, Vec<Problem>) {
    let compiled = compile_memo(source);
    let program = match compiled.as_ref() {
        Ok(p) => p,
        Err(message) => {
            return (
                None,
                vec![Problem {
                    code: Code::ExprSyntax,
                    message: message.clone(),
                }],
            );
        }
    };
    let mut checker = Checker {
        scope,
        locals: Vec::new(),
        problems: Vec::new(),
    };
    let ty = checker.check(program.expression());
    (Some(ty), checker.problems)
}

struct Checker<'a> {
    scope: &'a Scope,
    locals: Vec<(String, Ty)>,
    problems: Vec<Problem>,
}

/// `a.b.c` as written, for messages.
fn written(e: &IdedExpr) -> String {
    match &e.expr {
        Expr::Ident(name) => name.clone(),
        Expr::Select(s) => format!("{}.{}", written(&s.operand), s.field),
        _ => "expression".to_string(),
    }
}

impl Checker<'_> {
    fn problem(&mut self, code: Code, message: String) -> Ty {
        self.problems.push(Problem { code, message });
        Ty::Dyn
    }

    fn lookup(&self, name: &str) -> Option<Ty> {
        self.locals
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .map(|(_, t)| t.clone())
            .or_else(|| self.scope.get(name).cloned())
    }

    fn check(&mut self, e: &IdedExpr) -> Ty {
        match &e.expr {
            Expr::Unspecified => Ty::Dyn,
            Expr::Literal(lit) => match lit {
                LiteralValue::Boolean(_) => Ty::Bool,
                LiteralValue::Bytes(_) => Ty::Bytes,
                LiteralValue::Double(_) => Ty::Double,
                LiteralValue::Int(_) => Ty::Int,
                LiteralValue::Null => Ty::Null,
                LiteralValue::String(_) => Ty::String,
                LiteralValue::UInt(_) => Ty::Uint,
            },
            Expr::Ident(name) => match self.lookup(name) {
                Some(t) => t,
                None => {
                    let known: Vec<&str> = self.scope.keys().map(String::as_str).collect();
                    self.problem(
                        Code::ExprUnknownField,
                        format!("unknown variable `{name}` (in scope: {})", known.join(", ")),
                    )
                }
            },
            Expr::Select(s) => {
                let operand = self.check(&s.operand);
                let field_ty = match &operand {
                    Ty::Object(fields) => match fields.get(&s.field) {
                        Some(t) => t.clone(),
                        None => {
                            let mut known: Vec<&str> = fields.keys().map(String::as_str).collect();
                            known.truncate(12);
                            return self.problem(
                                Code::ExprUnknownField,
                                format!(
                                    "unknown field `{}` in `{}` (fields: {})",
                                    s.field,
                                    written(&s.operand),
                                    if known.is_empty() {
                                        "none".into()
                                    } else {
                                        known.join(", ")
                                    }
                                ),
                            );
                        }
                    },
                    Ty::Map(v) => (**v).clone(),
                    Ty::Dyn => Ty::Dyn,
                    other => {
                        return self.problem(
                            Code::ExprType,
                            format!("`{}` is a {other}, it has no field `{}`", written(&s.operand), s.field),
                        );
                    }
                };
                if s.test { Ty::Bool } else { field_ty }
            }
            Expr::List(list) => {
                let types: Vec<Ty> = list.elements.iter().map(|el| self.check(el)).collect();
                let first = types.first().cloned().unwrap_or(Ty::Dyn);
                let same = types.iter().all(|t| *t == first);
                Ty::List(Box::new(if same { first } else { Ty::Dyn }))
            }
            Expr::Map(map) => {
                for entry in &map.entries {
                    if let EntryExpr::MapEntry(m) = &entry.expr {
                        self.check(&m.key);
                        self.check(&m.value);
                    }
                }
                Ty::Map(Box::new(Ty::Dyn))
            }
            Expr::Struct(s) => {
                for entry in &s.entries {
                    if let EntryExpr::StructField(f) = &entry.expr {
                        self.check(&f.value);
                    }
                }
                Ty::Dyn
            }
            Expr::Comprehension(c) => {
                let range = self.check(&c.iter_range);
                let element = match range {
                    Ty::List(t) => *t,
                    Ty::Map(_) | Ty::Object(_) => Ty::String,
                    Ty::Dyn => Ty::Dyn,
                    other => {
                        self.problem(Code::ExprType, format!("cannot iterate over a {other}"));
                        Ty::Dyn
                    }
                };
                let accu = match self.check(&c.accu_init) {
                    Ty::Bool => Ty::Bool,
                    Ty::List(_) => Ty::List(Box::new(Ty::Dyn)),
                    _ => Ty::Dyn,
                };
                let depth = self.locals.len();
                self.locals.push((c.iter_var.clone(), element));
                if let Some(v2) = &c.iter_var2 {
                    self.locals.push((v2.clone(), Ty::Dyn));
                }
                self.locals.push((c.accu_var.clone(), accu));
                self.check(&c.loop_cond);
                self.check(&c.loop_step);
                let result = self.check(&c.result);
                self.locals.truncate(depth);
                result
            }
            Expr::Call(call) => {
                let target = call.target.as_ref().map(|t| self.check(t));
                let args: Vec<Ty> = call.args.iter().map(|a| self.check(a)).collect();
                self.call(&call.func_name, target, &args)
            }
        }
    }

    fn call(&mut self, name: &str, target: Option<Ty>, args: &[Ty]) -> Ty {
        let bool_args = |c: &mut Self, args: &[Ty]| {
            for a in args {
                if !a.fits(&Ty::Bool) {
                    c.problem(Code::ExprType, format!("`{}` needs booleans, got {a}", pretty(name)));
                }
            }
            Ty::Bool
        };
        match (name, target, args) {
            (op::LOGICAL_AND | op::LOGICAL_OR | op::LOGICAL_NOT, None, _) => bool_args(self, args),
            (op::NOT_STRICTLY_FALSE, None, _) => Ty::Bool,
            (op::EQUALS | op::NOT_EQUALS, None, [a, b]) => {
                if !a.comparable(b) {
                    self.problem(Code::ExprType, format!("cannot compare {a} with {b}"));
                }
                Ty::Bool
            }
            (op::LESS | op::LESS_EQUALS | op::GREATER | op::GREATER_EQUALS, None, [a, b]) => {
                let ordered = |t: &Ty| {
                    t.is_numeric()
                        || matches!(
                            t,
                            Ty::String | Ty::Timestamp | Ty::Duration | Ty::Bool | Ty::Bytes | Ty::Dyn
                        )
                };
                if !(ordered(a) && ordered(b) && a.comparable(b)) {
                    self.problem(
                        Code::ExprType,
                        format!("cannot order {a} against {b} with `{}`", pretty(name)),
                    );
                }
                Ty::Bool
            }
            (op::ADD, None, [a, b]) => match (a, b) {
                (Ty::Dyn, _) | (_, Ty::Dyn) => Ty::Dyn,
                (x, y) if x.is_numeric() && y.is_numeric() => numeric(self, x, y),
                (Ty::String, Ty::String) => Ty::String,
                (Ty::Bytes, Ty::Bytes) => Ty::Bytes,
                (Ty::List(x), Ty::List(_)) => Ty::List(x.clone()),
                (Ty::Timestamp, Ty::Duration) | (Ty::Duration, Ty::Timestamp) => Ty::Timestamp,
                (Ty::Duration, Ty::Duration) => Ty::Duration,
                _ => self.problem(Code::ExprType, format!("cannot add {a} and {b}")),
            },
            (op::SUBSTRACT, None, [a, b]) => match (a, b) {
                (Ty::Dyn, _) | (_, Ty::Dyn) => Ty::Dyn,
                (x, y) if x.is_numeric() && y.is_numeric() => numeric(self, x, y),
                (Ty::Timestamp, Ty::Timestamp) => Ty::Duration,
                (Ty::Timestamp, Ty::Duration) => Ty::Timestamp,
                (Ty::Duration, Ty::Duration) => Ty::Duration,
                _ => self.problem(Code::ExprType, format!("cannot subtract {b} from {a}")),
            },
            (op::MULTIPLY | op::DIVIDE | op::MODULO, None, [a, b]) => {
                if a.is_numeric() && b.is_numeric() {
                    numeric(self, a, b)
                } else if *a == Ty::Dyn || *b == Ty::Dyn {
                    Ty::Dyn
                } else {
                    self.problem(
                        Code::ExprType,
                        format!("`{}` needs numbers, got {a} and {b}", pretty(name)),
                    )
                }
            }
            (op::NEGATE, None, [a]) => {
                if a.is_numeric() || *a == Ty::Dyn || *a == Ty::Duration {
                    a.clone()
                } else {
                    self.problem(Code::ExprType, format!("cannot negate a {a}"))
                }
            }
            (op::CONDITIONAL, None, [c, a, b]) => {
                if !c.fits(&Ty::Bool) {
                    self.problem(Code::ExprType, format!("the condition of `? :` is a {c}, not a bool"));
                }
                if a == b { a.clone() } else { Ty::Dyn }
            }
            (op::INDEX | op::OPT_INDEX, None, [container, key]) => match container {
                Ty::List(t) => {
                    if !key.fits(&Ty::Int) {
                        self.problem(Code::ExprType, format!("a list index must be an int, got {key}"));
                    }
                    (**t).clone()
                }
                Ty::Map(t) => (**t).clone(),
                Ty::Object(_) | Ty::Dyn => Ty::Dyn,
                other => self.problem(Code::ExprType, format!("cannot index a {other}")),
            },
            (op::IN, None, [_, container]) => {
                if !matches!(container, Ty::List(_) | Ty::Map(_) | Ty::Object(_) | Ty::Dyn) {
                    self.problem(Code::ExprType, format!("`in` needs a list or map, got {container}"));
                }
                Ty::Bool
            }
            ("size", _, _) => Ty::Int,
            ("contains" | "startsWith" | "endsWith" | "matches", Some(t), [arg]) => {
                if !t.fits(&Ty::String) && !matches!(t, Ty::List(_)) {
                    self.problem(Code::ExprType, format!("`{name}` applies to strings, not {t}"));
                }
                if !arg.fits(&Ty::String) && !matches!(t, Ty::List(_)) {
                    self.problem(Code::ExprType, format!("`{name}` needs a string argument, got {arg}"));
                }
                Ty::Bool
            }
            ("int", None, [_]) => Ty::Int,
            ("uint", None, [_]) => Ty::Uint,
            ("double", None, [_]) => Ty::Double,
            ("string", None, [_]) => Ty::String,
            ("bool", None, [_]) => Ty::Bool,
            ("bytes", None, [_]) => Ty::Bytes,
            ("dyn", None, [t]) => {
                let _ = t;
                Ty::Dyn
            }
            ("type", None, [_]) => Ty::Type,
            ("timestamp", None, [a]) => {
                if !a.fits(&Ty::String) && *a != Ty::Timestamp {
                    self.problem(Code::ExprType, format!("timestamp() needs a string, got {a}"));
                }
                Ty::Timestamp
            }
            ("duration", None, [a]) => {
                if !a.fits(&Ty::String) {
                    self.problem(
                        Code::ExprType,
                        format!("duration() needs a string like \"1h\", got {a}"),
                    );
                }
                Ty::Duration
            }
            ("max" | "min", None, args) if !args.is_empty() => {
                if args.iter().all(|a| a.is_numeric() || *a == Ty::Dyn) {
                    args.iter()
                        .skip(1)
                        .fold(args[0].clone(), |acc, t| if acc == *t { acc } else { Ty::Dyn })
                } else {
                    self.problem(Code::ExprType, format!("`{name}` needs numbers"))
                }
            }
            (
                "getFullYear" | "getMonth" | "getDayOfMonth" | "getDate" | "getDayOfWeek" | "getDayOfYear" | "getHours"
                | "getMinutes" | "getSeconds" | "getMilliseconds",
                Some(t),
                _,
            ) => {
                if !matches!(t, Ty::Timestamp | Ty::Duration | Ty::Dyn) {
                    self.problem(Code::ExprType, format!("`{name}` applies to timestamps, not {t}"));
                }
                Ty::Int
            }
            (_, None, args) if functions::spec(name).is_some() => {
                // Invariant: the match guard just checked `spec(name)` is some.
                let spec = functions::spec(name).expect("checked by the guard");
                if args.len() != spec.params.len() {
                    return self.problem(
                        Code::ExprType,
                        format!(
                            "`{name}` takes {} arguments, got {}: {}",
                            spec.params.len(),
                            args.len(),
                            spec.signature()
                        ),
                    );
                }
                for (i, (got, (param, want))) in args.iter().zip(spec.params).enumerate() {
                    if !want.accepts(got) {
                        self.problem(
                            Code::ExprType,
                            format!("argument {} of `{name}` ({param}) must be {want}, got {got}", i + 1),
                        );
                    }
                }
                spec.ret.of(args)
            }
            _ => self.problem(
                Code::ExprUnknownFunction,
                format!("unknown function `{}`", pretty(name)),
            ),
        }
    }
}

/// CEL has no implicit numeric conversion: `1 + 1.5` fails at run time, so the
/// checker refuses it (write `1.0 + 1.5` or `double(x) + 1.5`).
fn numeric(c: &mut Checker, a: &Ty, b: &Ty) -> Ty {
    if a == b {
        a.clone()
    } else {
        c.problem(
            Code::ExprType,
            format!("cannot mix {a} and {b} in arithmetic: convert one with int() or double()"),
        )
    }
}

/// `_&&_` → `&&`, for messages.
fn pretty(name: &str) -> &str {
    name.trim_start_matches('_')
        .trim_end_matches('_')
        .trim_start_matches('@')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::field::{Field, FieldKind};

    fn scope() -> Scope {
        let event = Ty::of_fields(&[
            Field::new("email", FieldKind::String),
            Field::new("at", FieldKind::Datetime),
            Field::object(
                "cart",
                vec![
                    Field::new("total", FieldKind::Number),
                    Field::array("items", FieldKind::Object, vec![Field::new("sku", FieldKind::String)]),
                ],
            ),
        ]);
        Scope::from([("event".to_string(), event), ("now".to_string(), Ty::Timestamp)])
    }

    fn codes(src: &str) -> Vec<Code> {
        check_expression(src, &scope()).1.into_iter().map(|p| p.code).collect()
    }

    #[test]
    fn good_expressions_pass_with_their_type() {
        for src in [
            "event.cart.total > 100.0 && event.email.endsWith(\"@example.com\")",
            "event.cart.items.exists(i, i.sku == \"A1\")",
            "hoursBetween(event.at, now) >= 1",
            "size(event.cart.items) > 0 ? \"big\" : \"small\"",
            "has(event.cart.total)",
            "event.at + duration(\"1h\") < now",
            "event.cart.total > 10",
        ] {
            assert_eq!(codes(src), vec![], "{src}");
        }
        assert_eq!(check_expression("event.cart.total * 2.0", &scope()).0, Some(Ty::Double));
        assert_eq!(codes("event.cart.total * 2"), vec![Code::ExprType]);
        assert_eq!(
            check_expression("event.cart.items.all(i, i.sku != \"\")", &scope()).0,
            Some(Ty::Bool)
        );
    }

    #[test]
    fn unknown_fields_name_the_path() {
        let (_, problems) = check_expression("event.cart.totl > 1.0", &scope());
        assert_eq!(problems[0].code, Code::ExprUnknownField);
        assert!(
            problems[0].message.contains("`totl` in `event.cart`"),
            "{}",
            problems[0].message
        );
        assert_eq!(codes("profile.tier == \"gold\""), vec![Code::ExprUnknownField]);
        assert_eq!(
            codes("event.cart.items.exists(i, i.price > 1)"),
            vec![Code::ExprUnknownField]
        );
    }

    #[test]
    fn ill_typed_expressions_are_reported() {
        assert_eq!(codes("event.email > 3"), vec![Code::ExprType]);
        assert_eq!(codes("event.email == 3"), vec![Code::ExprType]);
        assert_eq!(codes("event.cart.total && true"), vec![Code::ExprType]);
        assert_eq!(codes("hoursBetween(event.email, now)"), vec![Code::ExprType]);
        assert_eq!(codes("event.email.total"), vec![Code::ExprType]);
    }

    #[test]
    fn syntax_and_unknown_functions() {
        assert_eq!(codes("event.cart.total >"), vec![Code::ExprSyntax]);
        assert_eq!(codes(""), vec![Code::ExprSyntax]);
        assert_eq!(codes("frobnicate(event.email)"), vec![Code::ExprUnknownFunction]);
        // Too deep to parse and run safely: refused with the reason, not a stack overflow.
        let deep = "event.cart.total > 1.0 && ".repeat(30) + "true";
        let (_, problems) = check_expression(&deep, &scope());
        assert_eq!(problems[0].code, Code::ExprSyntax);
        assert!(
            problems[0].message.contains("over the limit of 100"),
            "{}",
            problems[0].message
        );
        // Dots and operators inside strings do not count.
        assert_eq!(codes(&format!("event.email == \"{}\"", "a.b+c".repeat(100))), vec![]);
        assert_eq!(
            codes(&format!("event.email == \"\"\"a\"{}\"\"\"", "(b".repeat(150))),
            vec![]
        );
        // A raw string has no escapes: its backslash does not hide what follows its quote.
        for raw in ["r", "R", "rb", "BR"] {
            let hidden = format!(
                "event.email == {raw}\"\\\" || {}true{}",
                "(".repeat(150),
                ")".repeat(150)
            );
            let (_, problems) = check_expression(&hidden, &scope());
            assert!(
                problems[0].message.contains("over the limit of 100"),
                "{raw}: {}",
                problems[0].message
            );
        }
    }
}
