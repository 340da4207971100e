//! Every diagnostic code, triggered by one realistic mistake in the example bundles,
//! and located where the app needs it (object, node, field path).

mod common;

use std::collections::BTreeSet;

use common::{journey, latest, merged, node};
use parcours_model::field::{Field, FieldKind};
use parcours_model::validate::validate_bundle;
use parcours_model::*;
use serde_json::json;

type Mutation = fn(&mut Bundle);

fn diagnostics(b: &Bundle) -> Vec<Diagnostic> {
    validate_bundle(b)
}

fn set_activity(b: &mut Bundle, j: &str, id: &str, f: impl FnOnce(&mut Activity)) {
    f(&mut node(b, j, id).activity)
}

fn profile<const N: usize>(values: [(&str, serde_json::Value); N]) -> parcours_model::TestProfile {
    parcours_model::TestProfile {
        name: "tester".into(),
        profile_id: "t-1".into(),
        description: String::new(),
        values: values.into_iter().map(|(k, v)| (k.to_string(), v)).collect(),
    }
}

fn end(id: &str) -> Node {
    Node {
        id: id.into(),
        label: String::new(),
        position: Position::default(),
        activity: Activity::End {},
    }
}

fn edge(from: &str, port: &str, to: &str) -> Edge {
    Edge {
        from: from.into(),
        port: port.into(),
        to: to.into(),
    }
}

fn event<'a>(b: &'a mut Bundle, name: &str) -> &'a mut Event {
    b.events.iter_mut().find(|e| e.name == name).unwrap()
}

fn action<'a>(b: &'a mut Bundle, name: &str) -> &'a mut CustomAction {
    b.actions.iter_mut().find(|e| e.name == name).unwrap()
}

fn condition_expr(b: &mut Bundle, expr: &str) {
    set_activity(b, "cart_recovery", "still_unpaid", |a| {
        if let Activity::Condition { paths, .. } = a {
            paths[0].expression = expr.into();
        }
    });
}

fn cases() -> Vec<(Code, Mutation)> {
    vec![
        (Code::InvalidName, |b| {
            event(b, "cart_abandoned").fields[0].name = "event-type".into()
        }),
        (Code::DuplicateName, |b| {
            let g = b.data_sources[0].field_groups[0].clone();
            b.data_sources[0].field_groups.push(g);
        }),
        (Code::DuplicateField, |b| {
            event(b, "cart_abandoned")
                .fields
                .push(Field::new("email", FieldKind::String))
        }),
        (Code::FieldShape, |b| {
            event(b, "cart_abandoned").fields[4].fields[2].items = None
        }),
        (Code::ProfileIdMissing, |b| {
            event(b, "cart_abandoned").profile_id = "customer.email".into()
        }),
        (Code::EventIdFieldMissing, |b| {
            event(b, "user_signed_up").recognition = Recognition::SystemId {
                field: "uuid".into(),
                id: "evt_user_signed_up".into(),
            }
        }),
        (Code::InvalidUrl, |b| {
            action(b, "send_push").url = "push.example.com/v1".into()
        }),
        (Code::PathParamUndeclared, |b| {
            b.data_sources[0].field_groups[0].path = "/carts/{cartId}/{line}".into()
        }),
        (Code::PayloadPathMissing, |b| {
            action(b, "send_email").payload[0].path = "recipient".into()
        }),
        (Code::TimeoutRange, |b| action(b, "send_email").timeout_ms = 45_000),
        (Code::RetriesRange, |b| action(b, "send_email").retries = 9),
        (Code::DynamicPathUnused, |b| {
            set_activity(b, "cart_recovery", "remind", |a| {
                if let Activity::Action { dynamic_path, .. } = a {
                    *dynamic_path = Some("\"/x\"".into());
                }
            })
        }),
        (Code::NoEntry, |b| {
            let v = latest(b, "vip_onboarding");
            v.nodes.retain(|n| n.id != "start");
            v.edges.retain(|e| e.from != "start");
        }),
        (Code::MultipleEntries, |b| {
            let v = latest(b, "vip_onboarding");
            let mut second = v.nodes[0].clone();
            second.id = "start2".into();
            v.nodes.push(second);
            v.edges.push(edge("start2", "next", "end"));
        }),
        (Code::EntryNotFirst, |b| {
            let v = latest(b, "cart_recovery");
            v.edges.retain(|e| !(e.from == "still_unpaid" && e.port == "other"));
            v.edges.push(edge("still_unpaid", "other", "start"));
        }),
        (Code::DuplicateNodeId, |b| {
            node(b, "cart_recovery", "end_failed").id = "end_sent".into()
        }),
        (Code::DuplicatePort, |b| {
            set_activity(b, "cart_recovery", "still_unpaid", |a| {
                if let Activity::Condition { paths, .. } = a {
                    let p = paths[0].clone();
                    paths.push(p);
                }
            })
        }),
        (Code::Cycle, |b| {
            let v = latest(b, "welcome_series");
            v.edges.retain(|e| e.from != "tips_morning");
            v.edges.push(edge("tips_morning", "success", "wait_morning"));
        }),
        (Code::OpenPort, |b| {
            latest(b, "cart_recovery").edges.retain(|e| e.port != "error")
        }),
        (Code::PortReused, |b| {
            latest(b, "cart_recovery")
                .edges
                .push(edge("still_unpaid", "unpaid", "end_paid"))
        }),
        (Code::UnknownPort, |b| {
            latest(b, "cart_recovery")
                .edges
                .push(edge("wait_1h", "later", "end_paid"))
        }),
        (Code::DanglingEdge, |b| {
            latest(b, "cart_recovery").edges.push(edge("end_paid", "next", "ghost"))
        }),
        (Code::Unreachable, |b| {
            latest(b, "cart_recovery").nodes.push(end("orphan"))
        }),
        (Code::EmptyCondition, |b| {
            set_activity(b, "cart_recovery", "still_unpaid", |a| {
                if let Activity::Condition { paths, .. } = a {
                    paths.clear();
                }
            })
        }),
        (Code::UnknownEvent, |b| {
            set_activity(b, "loyalty_upgrade", "redeemed", |a| {
                if let Activity::Reaction { event, .. } = a {
                    *event = "coupon_used".into();
                }
            })
        }),
        (Code::UnknownAction, |b| {
            set_activity(b, "cart_recovery", "remind", |a| {
                if let Activity::Action { action, .. } = a {
                    *action = "send_sms".into();
                }
            })
        }),
        (Code::UnknownDataSource, |b| {
            latest(b, "cart_recovery").data[0].group = "byOrder".into()
        }),
        (Code::DataParamUnmapped, |b| {
            latest(b, "cart_recovery").data[0].parameters.clear()
        }),
        (Code::DataParamUnknown, |b| {
            latest(b, "cart_recovery").data[0]
                .parameters
                .insert("typo".into(), "event.".into());
        }),
        (Code::JumpTargetUnknown, |b| {
            set_activity(b, "loyalty_upgrade", "to_vip", |a| {
                *a = Activity::Jump { journey: "vip".into() }
            })
        }),
        (Code::JumpLoop, |b| {
            set_activity(b, "vip_onboarding", "end", |a| {
                *a = Activity::Jump {
                    journey: "loyalty_upgrade".into(),
                }
            })
        }),
        (Code::JumpIdentityMismatch, |b| {
            event(b, "vip_nominated").profile_id = "eventType".into()
        }),
        (Code::ReactionIdentityMismatch, |b| {
            event(b, "coupon_redeemed").profile_id = "couponCode".into()
        }),
        (Code::JumpTargetUnpublished, |b| {
            journey(b, "vip_onboarding").versions[0].status = JourneyStatus::Draft
        }),
        (Code::CapRange, |b| action(b, "send_push").calls_per_second = 0),
        (Code::TokenTtlRange, |b| {
            action(b, "send_push").auth = Auth::CustomToken {
                request: TokenRequest {
                    url: "https://auth.example.com/token".into(),
                    method: HttpMethod::Post,
                    headers: Default::default(),
                    body: None,
                },
                token_path: "access_token".into(),
                ttl_seconds: u64::MAX,
            }
        }),
        (Code::SecretInConstant, |b| {
            action(b, "send_push").headers.push(ActionParam {
                name: "Authorization".into(),
                value: ParamValue::Constant {
                    value: json!("Bearer 3f9a77c2"),
                },
                not_secret: false,
            })
        }),
        (Code::ExprSyntax, |b| condition_expr(b, "event.cart.total >")),
        (Code::ExprUnknownField, |b| condition_expr(b, "event.cart.totl > 1.0")),
        (Code::ExprUnknownFunction, |b| condition_expr(b, "isVip(event.email)")),
        (Code::ExprType, |b| condition_expr(b, "event.cart.total")),
        (Code::ActionParamUnmapped, |b| {
            set_activity(b, "cart_recovery", "remind", |a| {
                if let Activity::Action { mapping, .. } = a {
                    mapping.remove("payload.to");
                }
            })
        }),
        (Code::ActionParamUnknown, |b| {
            set_activity(b, "cart_recovery", "remind", |a| {
                if let Activity::Action { mapping, .. } = a {
                    mapping.insert("payload.cc".into(), "event.email".into());
                }
            })
        }),
        (Code::ActionParamType, |b| {
            set_activity(b, "cart_recovery", "remind", |a| {
                if let Activity::Action { mapping, .. } = a {
                    mapping.insert("payload.variables.cartTotal".into(), "event.email".into());
                }
            })
        }),
        (Code::WaitExceedsTimeout, |b| {
            latest(b, "cart_recovery").properties.global_timeout_seconds = 1800
        }),
        (Code::WaitRange, |b| {
            set_activity(b, "cart_recovery", "wait_1h", |a| {
                *a = Activity::Wait {
                    wait: WaitSpec::Duration { seconds: 100 * 86_400 },
                }
            })
        }),
        (Code::ErrorPathUnused, |b| {
            set_activity(b, "loyalty_upgrade", "eligible", |a| {
                if let Activity::Condition { error_path, .. } = a {
                    *error_path = true;
                }
            })
        }),
        (Code::ReactionTimeoutRange, |b| {
            set_activity(b, "loyalty_upgrade", "redeemed", |a| {
                if let Activity::Reaction { timeout_seconds, .. } = a {
                    *timeout_seconds = 10;
                }
            })
        }),
        (Code::SplitWeights, |b| {
            set_activity(b, "welcome_series", "split", |a| {
                if let Activity::Split { branches } = a {
                    branches[1].weight = 40;
                }
            })
        }),
        (Code::TimeWindow, |b| {
            set_activity(b, "loyalty_upgrade", "daytime", |a| {
                if let Activity::TimeCondition { paths, .. } = a {
                    paths[0].to = "25:00".into();
                }
            })
        }),
        (Code::DateWindow, |b| {
            let p = &mut latest(b, "cart_recovery").properties;
            p.start = Some("2027-01-01T00:00:00Z".parse().unwrap());
            p.end = Some("2026-01-01T00:00:00Z".parse().unwrap());
        }),
        (Code::TimeZone, |b| {
            latest(b, "cart_recovery").properties.time_zone = TimeZoneSetting::Fixed {
                zone: "Europe/Atlantis".into(),
            }
        }),
        (Code::GlobalTimeoutRange, |b| {
            latest(b, "cart_recovery").properties.global_timeout_seconds = 0
        }),
        (Code::TooManyActivities, |b| {
            let v = latest(b, "vip_onboarding");
            for i in 0..50 {
                v.nodes.push(end(&format!("extra{i}")));
            }
        }),
        (Code::LargeExample, |b| {
            action(b, "send_push").response_example = Some(json!({"blob": "x".repeat(70_000)}))
        }),
        (Code::FixtureTarget, |b| {
            b.fixtures[0].target = parcours_model::FixtureTarget::Action { name: "gone".into() }
        }),
        (Code::FixtureStatus, |b| b.fixtures[0].responses[0].status = 42),
        (Code::FixtureRate, |b| b.fixtures[0].error_rate = 1.5),
        (Code::ProfileValueType, |b| {
            b.test_profiles.push(profile([("cart.total", json!("a lot"))]))
        }),
        (Code::ProfileFieldUnknown, |b| {
            b.test_profiles.push(profile([("shoe.size", json!(42))]))
        }),
    ]
}

#[test]
fn the_examples_are_valid() {
    let d = diagnostics(&merged());
    assert!(d.is_empty(), "{d:#?}");
}

#[test]
fn every_code_is_produced_by_its_mistake() {
    for (code, mutate) in cases() {
        let mut b = merged();
        mutate(&mut b);
        let found: Vec<Code> = diagnostics(&b).iter().map(|d| d.code).collect();
        assert!(found.contains(&code), "{} not reported; got {:?}", code.as_str(), found);
    }
}

#[test]
fn every_code_has_a_case() {
    let covered: BTreeSet<Code> = cases().into_iter().map(|(c, _)| c).collect();
    let missing: Vec<&str> = Code::ALL
        .iter()
        .filter(|c| !covered.contains(c))
        .map(|c| c.as_str())
        .collect();
    assert!(missing.is_empty(), "codes without a test: {missing:?}");
}

#[test]
fn every_code_is_documented() {
    let doc = include_str!("../../../docs/validation.md");
    let missing: Vec<&str> = Code::ALL
        .iter()
        .map(|c| c.as_str())
        .filter(|c| !doc.contains(&format!("| `{c}` |")))
        .collect();
    assert!(missing.is_empty(), "docs/validation.md lacks {missing:?}");
}

#[test]
fn severities_follow_the_code_prefix() {
    for code in Code::ALL {
        let expected = if code.as_str().starts_with("E_") {
            Severity::Error
        } else {
            Severity::Warning
        };
        assert_eq!(code.severity(), expected, "{}", code.as_str());
    }
}

#[test]
fn expression_problems_are_located_on_node_and_field() {
    let mut b = merged();
    condition_expr(&mut b, "event.cart.totl > 1.0");
    let d = diagnostics(&b);
    let found = d.iter().find(|d| d.code == Code::ExprUnknownField).unwrap();
    assert_eq!(found.object, "journey:cart_recovery");
    assert_eq!(found.node.as_deref(), Some("still_unpaid"));
    assert_eq!(found.path, "activity.paths[0].expression");
    assert!(found.message.contains("`totl`"), "{}", found.message);
}

#[test]
fn action_responses_are_in_scope_only_downstream() {
    let mut b = merged();
    condition_expr(&mut b, "actions.send_reminder.ok");
    let d = diagnostics(&b);
    assert!(
        d.iter().any(|d| d.code == Code::ExprUnknownField),
        "before the action: {d:?}"
    );

    // After the reaction, its event and the earlier actions' responses are readable.
    let mut b = merged();
    set_activity(&mut b, "loyalty_upgrade", "to_vip", |a| {
        *a = Activity::Condition {
            paths: vec![ConditionPath {
                port: "fast".into(),
                expression: "events.coupon_redeemed.couponCode != \"\" && actions.grant_tier.response.tier == \"gold\" && actions.send_push.response.delivered > 0".into(),
            }],
            other: false,
            error_path: false,
        }
    });
    let v = latest(&mut b, "loyalty_upgrade");
    v.nodes.push(end("end_fast"));
    v.edges.push(edge("to_vip", "fast", "end_fast"));
    let d = diagnostics(&b);
    assert!(d.is_empty(), "{d:#?}");
}

#[test]
fn a_reactions_event_is_not_in_scope_after_its_timeout() {
    let mut b = merged();
    set_activity(&mut b, "loyalty_upgrade", "end_no_redeem", |a| {
        *a = Activity::Condition {
            paths: vec![ConditionPath {
                port: "late".into(),
                expression: "events.coupon_redeemed.couponCode != \"\"".into(),
            }],
            other: false,
            error_path: false,
        }
    });
    let v = latest(&mut b, "loyalty_upgrade");
    v.nodes.push(end("end_late"));
    v.edges.push(edge("end_no_redeem", "late", "end_late"));
    let d = diagnostics(&b);
    let found = d.iter().find(|d| d.code == Code::ExprUnknownField).expect("reported");
    assert_eq!(found.node.as_deref(), Some("end_no_redeem"));
    assert!(found.message.contains("coupon_redeemed"), "{}", found.message);
}

#[test]
fn an_action_on_one_branch_only_is_not_in_scope_where_branches_join() {
    // welcome_series: make the `now` branch (with `tips_now`) join the `morning` branch
    // at `tips_morning`: what `tips_now` answered is not known on the other way in.
    let mut b = merged();
    let v = latest(&mut b, "welcome_series");
    v.edges.retain(|e| e.from != "tips_now");
    v.edges.push(edge("tips_now", "success", "tips_morning"));
    v.nodes.retain(|n| n.id != "end_now");
    // send_email is called by `welcome` before the split: known on every way in.
    set_activity(&mut b, "welcome_series", "tips_morning", |a| {
        if let Activity::Action { mapping, .. } = a {
            mapping.insert("payload.data.firstName".into(), "actions.send_email.response.id".into());
        }
    });
    assert!(diagnostics(&b).is_empty(), "{:#?}", diagnostics(&b));
    // An action only on the `now` branch is unknown after the join.
    let mut b2 = b.clone();
    let v = latest(&mut b2, "welcome_series");
    let mut push = v.nodes.iter().find(|n| n.id == "tips_now").unwrap().clone();
    push.id = "extra".into();
    push.activity = Activity::Action {
        action: "send_push".into(),
        mapping: [
            ("payload.customerId".to_string(), "event.userId".to_string()),
            ("payload.title".to_string(), "\"Tips\"".to_string()),
            ("payload.body".to_string(), "\"Read them\"".to_string()),
        ]
        .into(),
        dynamic_path: None,
        error_path: false,
    };
    v.nodes.push(push);
    v.edges.retain(|e| e.from != "tips_now");
    v.edges.push(edge("tips_now", "success", "extra"));
    v.edges.push(edge("extra", "success", "tips_morning"));
    set_activity(&mut b2, "welcome_series", "tips_morning", |a| {
        if let Activity::Action { mapping, .. } = a {
            mapping.insert(
                "payload.data.firstName".into(),
                "string(actions.send_push.response.delivered)".into(),
            );
        }
    });
    let d = diagnostics(&b2);
    let found = d.iter().find(|d| d.code == Code::ExprUnknownField).expect("reported");
    assert_eq!(found.node.as_deref(), Some("tips_morning"));
}

#[test]
fn located_diagnostics_point_at_the_field() {
    let mut b = merged();
    set_activity(&mut b, "welcome_series", "split", |a| {
        if let Activity::Split { branches } = a {
            branches[1].port = "now".into();
        }
    });
    let d = diagnostics(&b);
    let dup = d.iter().find(|d| d.code == Code::DuplicatePort).unwrap();
    assert_eq!(
        (dup.node.as_deref(), dup.path.as_str()),
        (Some("split"), "activity.branches[1].port")
    );

    let mut b = merged();
    latest(&mut b, "cart_recovery")
        .edges
        .push(edge("end_paid", "next", "ghost"));
    let d = diagnostics(&b);
    let dangling = d.iter().find(|d| d.code == Code::DanglingEdge).unwrap();
    assert_eq!(
        (dangling.node.as_deref(), dangling.path.as_str()),
        (Some("end_paid"), "edges[6]")
    );
}

#[test]
fn cycles_name_every_node_of_the_loop() {
    let mut b = merged();
    let v = latest(&mut b, "welcome_series");
    v.edges.retain(|e| e.from != "tips_morning");
    v.edges.push(edge("tips_morning", "success", "wait_morning"));
    let d = diagnostics(&b);
    let cycle = d.iter().find(|d| d.code == Code::Cycle).unwrap();
    assert!(
        cycle.message.contains("tips_morning") && cycle.message.contains("wait_morning"),
        "{}",
        cycle.message
    );
}

#[test]
fn cumulative_waits_count_against_the_global_timeout() {
    // Two waits of 1 day each fit a 1.5-day timeout one by one, but not together.
    let mut b = merged();
    latest(&mut b, "welcome_series").properties.global_timeout_seconds = 129_600;
    set_activity(&mut b, "welcome_series", "wait_morning", |a| {
        *a = Activity::Wait {
            wait: WaitSpec::Duration { seconds: 86_400 },
        }
    });
    let d = diagnostics(&b);
    let w: Vec<&Diagnostic> = d.iter().filter(|d| d.code == Code::WaitExceedsTimeout).collect();
    assert_eq!(w.len(), 1, "{d:#?}");
    assert_eq!(w[0].node.as_deref(), Some("wait_morning"));
}

#[test]
fn a_journey_with_errors_still_reports_everything() {
    let mut b = merged();
    let v = latest(&mut b, "cart_recovery");
    v.nodes.clear();
    v.edges.push(edge("a", "next", "b"));
    let d = diagnostics(&b);
    let codes: BTreeSet<&str> = d.iter().map(|d| d.code.as_str()).collect();
    assert!(
        codes.contains("E_NO_ENTRY") && codes.contains("E_DANGLING_EDGE"),
        "{codes:?}"
    );
}

#[test]
fn a_second_fixture_for_the_same_target_is_reported_where_it_is() {
    let mut b = merged();
    let copy = b.fixtures[0].clone();
    b.fixtures.push(copy);
    let last = b.fixtures.len() - 1;
    let found: Vec<_> = diagnostics(&b)
        .into_iter()
        .filter(|d| d.code == Code::DuplicateName)
        .map(|d| d.path)
        .collect();
    assert_eq!(found, [format!("fixtures[{last}].target")]);
}

#[test]
fn waits_written_as_clock_expressions_are_judged_like_fixed_ones() {
    let until = |expression: &str| {
        let mut b = merged();
        let expression = expression.to_string();
        set_activity(&mut b, "cart_recovery", "wait_1h", move |a| {
            *a = Activity::Wait {
                wait: WaitSpec::Until { expression },
            }
        });
        b
    };
    let codes = |b: &Bundle| -> Vec<(Code, String)> {
        diagnostics(b)
            .into_iter()
            .filter(|d| d.node.as_deref() == Some("wait_1h"))
            .map(|d| (d.code, d.path.clone()))
            .collect()
    };
    // 100 days: over the 90-day limit, and over the 91-day global timeout.
    let b = until(r#"now + duration("2400h")"#);
    let found = codes(&b);
    assert!(
        found.contains(&(Code::WaitRange, "activity.wait.expression".into())),
        "{found:?}"
    );
    // 30 days in the journey's zone, against a 7-day timeout.
    let mut b = until("addDays(now, 30, journey.timeZone)");
    latest(&mut b, "cart_recovery").properties.global_timeout_seconds = 7 * 86_400;
    assert!(
        codes(&b).iter().any(|(c, _)| *c == Code::WaitExceedsTimeout),
        "{:?}",
        codes(&b)
    );
    // Within both: nothing; and a wait that reads the person is left to run time.
    assert!(codes(&until(r#"now + duration("24h")"#)).is_empty());
    let mut b = until(r#"timestamp(event.abandonedAt) + duration("2400h")"#);
    latest(&mut b, "cart_recovery").properties.global_timeout_seconds = 7 * 86_400;
    assert!(
        codes(&b)
            .iter()
            .all(|(c, _)| *c != Code::WaitExceedsTimeout && *c != Code::WaitRange)
    );
}
