//! Expressions: any text is checked (a type, or problems) and, when it checks, is
//! evaluated (a value, or an error) without a panic or a stack overflow. Tokens come
//! from CEL and the function table, so most inputs parse and reach the checker and the
//! functions; raw and triple-quoted strings test the complexity guard's reading.

use parcours_engine::cel_values::to_cel;
use parcours_fuzz::config;
use parcours_model::Bundle;
use parcours_model::expr::functions::{FUNCTIONS, evaluate};
use parcours_model::expr::{Scope, Ty, check_expression};
use proptest::prelude::*;
use serde_json::json;

fn token() -> impl Strategy<Value = String> {
    let names: Vec<String> = FUNCTIONS.iter().map(|f| f.name.to_string()).collect();
    prop_oneof![
        3 => prop::sample::select(names),
        3 => prop::sample::select(vec![
            "event", "event.cartId", "event.total", "event.items", "data", "now", "x", ".", ",",
            "(", ")", "[", "]", "{", "}", ":", "?", "!", "-", "+", "*", "/", "%", "==", "!=",
            "<", "<=", ">", ">=", "&&", "||", "in", "true", "false", "null", "size",
            "duration", "timestamp", "has",
        ]).prop_map(str::to_string),
        2 => prop_oneof![
            any::<i64>().prop_map(|n| n.to_string()),
            any::<u64>().prop_map(|n| format!("{n}u")),
            any::<f64>().prop_filter("finite", |f| f.is_finite()).prop_map(|f| format!("{f:?}")),
            Just("9223372036854775807".to_string()),
            Just("-9223372036854775808".to_string()),
        ],
        2 => "\\PC{0,6}".prop_map(|s| format!("{s:?}")),
        1 => prop::sample::select(vec![
            r#"r"\""#, r#"R"\\""#, r#""""a"b""""#, "'''x'''", r#"b"\xff""#, r#""\u{202E}""#,
            r#""720h""#, r#""2026-01-01T00:00:00Z""#, r#""Europe/Paris""#, r#""-1s""#,
        ]).prop_map(str::to_string),
    ]
}

fn expression() -> impl Strategy<Value = String> {
    prop::collection::vec(token(), 1..40).prop_map(|t| t.join(" "))
}

fn event_type() -> Ty {
    let bundle = Bundle::parse(parcours_fuzz::EXAMPLES[0]).unwrap();
    let event = bundle.events.iter().find(|e| e.name == "cart_abandoned").unwrap();
    Ty::of_fields(&event.fields)
}

fn scope() -> Scope {
    let mut scope = Scope::new();
    scope.insert("event".into(), event_type());
    scope
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn any_expression_checks_and_evaluates_without_a_crash(source in expression()) {
        let (_, problems) = check_expression(&source, &scope());
        for p in &problems {
            prop_assert!(!p.message.is_empty());
        }
        if problems.is_empty() {
            let event = json!({"cartId": "c-1", "total": 12.5, "email": "a@x.example",
                               "items": [{"sku": "s", "qty": 2}]});
            let _ = evaluate(&source, &[("event", to_cel(&event, &event_type()))]);
        }
    }

    #[test]
    fn any_text_is_checked_without_a_crash(source in "\\PC{0,300}") {
        let _ = check_expression(&source, &scope());
    }

    #[test]
    fn nesting_up_to_the_limit_fits_a_threads_stack_and_beyond_is_refused(
        depth in 1usize..400,
        open in prop::sample::select(vec!["(", "[", "!", "-", "{\"a\":", "size(", "event.items["]),
    ) {
        // Found by this target: 13 nested brackets overflowed a 2 MB thread in a debug
        // build (CEL's ANTLR parser, unoptimized); the dev profile now optimizes it.
        let source = format!("{}1", open.repeat(depth));
        let problems = std::thread::Builder::new()
            .stack_size(2 * 1024 * 1024)
            .spawn(move || {
                let (_, problems) = check_expression(&source, &scope());
                let _ = evaluate(&source, &[]);
                problems
            })
            .unwrap()
            .join()
            .unwrap();
        if depth > parcours_model::expr::MAX_COMPLEXITY {
            prop_assert!(problems.iter().any(|p| p.message.contains("over the limit")), "{problems:?}");
        }
    }
}
