//! Fixture-backed connector: canned responses chosen by CEL conditions over the
//! request, with latency and error/timeout rates drawn reproducibly from the seed.
//! Calls follow the real connector's policy ([`parcours_connectors::retry`]): an answer
//! slower than the budget is a timeout, retryable statuses are tried again after the
//! same backoff, and the virtual time spent is the policy's.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use cel::objects::{Key, Map};
use parcours_connectors::retry::{self, FIRST_BACKOFF, LOOKUP_BUDGET, LOOKUP_RETRIES, Try};
use parcours_engine::{ActionOutcome, ActionRequest, BaseContext, DataRequest, bucket};
use parcours_model::expr::compile;
use parcours_model::{Bundle, CannedResponse, Fixture, FixtureTarget};
use serde_json::Value;

struct Compiled {
    fixture: Fixture,
    conditions: Vec<Option<Arc<cel::Program>>>,
}

pub struct MockConnector {
    fixtures: HashMap<FixtureTarget, Compiled>,
    /// Default answers when no fixture exists: the configured response examples.
    action_examples: HashMap<String, Value>,
    /// Each action's budget and retries, as its definition sets them.
    action_policies: HashMap<String, (Duration, usize)>,
    data_examples: HashMap<(String, String), Value>,
    seed: u64,
    /// Functions registered once; each match binds `request` in a child scope.
    base: BaseContext,
}

/// A fixture answer: what the engine gets, after how long, and in how many attempts.
pub struct Answer<T> {
    pub result: T,
    pub latency_ms: u64,
    pub attempts: u32,
}

/// JSON as CEL values, untyped: requests have no schema.
fn to_cel(value: &Value) -> cel::Value {
    match value {
        Value::Object(map) => {
            let m: HashMap<Key, cel::Value> = map
                .iter()
                .map(|(k, v)| (Key::String(Arc::new(k.clone())), to_cel(v)))
                .collect();
            cel::Value::Map(Map { map: Arc::new(m) })
        }
        Value::Array(items) => cel::Value::List(Arc::new(items.iter().map(to_cel).collect())),
        Value::String(s) => cel::Value::String(Arc::new(s.clone())),
        Value::Bool(b) => cel::Value::Bool(*b),
        Value::Number(n) => match n.as_i64() {
            Some(i) => cel::Value::Int(i),
            None => cel::Value::Float(n.as_f64().unwrap_or(0.0)),
        },
        Value::Null => cel::Value::Null,
    }
}

impl MockConnector {
    pub fn new(bundle: &Bundle, seed: u64) -> Result<MockConnector, String> {
        let mut fixtures = HashMap::new();
        for (i, f) in bundle.fixtures.iter().enumerate() {
            let known = match &f.target {
                FixtureTarget::Action { name } => bundle.actions.iter().any(|a| &a.name == name),
                FixtureTarget::DataSource { source, group } => bundle
                    .data_sources
                    .iter()
                    .any(|s| &s.name == source && s.group(group).is_some()),
            };
            // A fixture left behind by a renamed field group or a deleted action answers
            // nothing; validation reports it (E_FIXTURE_TARGET), and it must not stop a run.
            if !known {
                continue;
            }
            if fixtures.contains_key(&f.target) {
                return Err(format!(
                    "fixtures[{i}].target: another fixture already answers {:?}",
                    f.target
                ));
            }
            let conditions = f
                .responses
                .iter()
                .enumerate()
                .map(|(j, r)| {
                    r.when
                        .as_deref()
                        .map(|w| {
                            compile(w)
                                .map(Arc::new)
                                .map_err(|e| format!("fixtures[{i}].responses[{j}].when: {e}"))
                        })
                        .transpose()
                })
                .collect::<Result<Vec<_>, _>>()?;
            fixtures.insert(
                f.target.clone(),
                Compiled {
                    fixture: f.clone(),
                    conditions,
                },
            );
        }
        let action_examples = bundle
            .actions
            .iter()
            .map(|a| (a.name.clone(), a.response_example.clone().unwrap_or(Value::Null)))
            .collect();
        let action_policies = bundle
            .actions
            .iter()
            .map(|a| {
                let policy = (Duration::from_millis(a.timeout_ms as u64), a.retries as usize);
                (a.name.clone(), policy)
            })
            .collect();
        let data_examples = bundle
            .data_sources
            .iter()
            .flat_map(|s| {
                s.field_groups
                    .iter()
                    .map(move |g| ((s.name.clone(), g.name.clone()), g.response_example.clone()))
            })
            .collect();
        Ok(MockConnector {
            fixtures,
            action_examples,
            action_policies,
            data_examples,
            seed,
            base: BaseContext::new(),
        })
    }

    /// Picks attempt `attempt`'s canned response for a request (given as JSON for
    /// `request.*`), or a failure drawn from the fixture's rates; `None` when the fixture
    /// has no response for it. `key` makes the draw reproducible; each attempt draws anew.
    fn answer(
        &self,
        target: &FixtureTarget,
        request: &Value,
        key: &str,
        attempt: u32,
    ) -> Option<(CannedOrFailure, u64)> {
        let compiled = self.fixtures.get(target)?;
        let f = &compiled.fixture;
        let n = attempt.to_string();
        let parts: &[&str] = if attempt == 0 {
            &[key, "fixture"]
        } else {
            &[key, "fixture", &n]
        };
        let draw = bucket(self.seed, parts, 1_000_000) as f64 / 1_000_000.0;
        if draw < f.timeout_rate {
            return Some((CannedOrFailure::Timeout, f.latency_ms as u64));
        }
        if draw < f.timeout_rate + f.error_rate {
            return Some((CannedOrFailure::Error, f.latency_ms as u64));
        }
        let mut context = self.base.0.new_inner_scope();
        context.add_variable_from_value("request", to_cel(request));
        let chosen = f
            .responses
            .iter()
            .zip(&compiled.conditions)
            .find(|(_, cond)| match cond {
                None => true,
                Some(program) => program.execute(&context) == Ok(cel::Value::Bool(true)),
            });
        chosen.map(|(r, _)| {
            let latency = f.latency_ms as u64 + r.latency_ms.unwrap_or(0) as u64;
            (CannedOrFailure::Canned(r.clone()), latency)
        })
    }

    /// Plays a call against the fixture under the connector's policy: the last status
    /// (`None`: timed out) with its body, the virtual time, and the attempts.
    fn play(
        &self,
        target: &FixtureTarget,
        request: &Value,
        key: &str,
        (budget, retries): (Duration, usize),
        example: Value,
    ) -> (Option<u16>, Value, u64, u32) {
        let mut body = Value::Null;
        let jitter_seed = bucket(self.seed, &[key, "jitter"], u64::MAX);
        let played = retry::replay(budget, FIRST_BACKOFF, retries, jitter_seed, |attempt| {
            let (code, latency, answer) = match self.answer(target, request, key, attempt) {
                Some((CannedOrFailure::Timeout, _)) => return Try::Hang,
                Some((CannedOrFailure::Error, latency)) => (500, latency, Value::Null),
                Some((CannedOrFailure::Canned(r), latency)) => (r.status, latency, r.body),
                None => (200, 0, example.clone()),
            };
            body = answer;
            Try::Status {
                code,
                latency: Duration::from_millis(latency),
                retry_after: None,
            }
        });
        (played.status, body, played.elapsed.as_millis() as u64, played.attempts)
    }

    pub fn call_action(&self, request: &ActionRequest) -> Answer<ActionOutcome> {
        let target = FixtureTarget::Action {
            name: request.action.clone(),
        };
        let example = self
            .action_examples
            .get(&request.action)
            .cloned()
            .unwrap_or(Value::Null);
        if !self.fixtures.contains_key(&target) {
            return Answer {
                result: ActionOutcome::http(200, example),
                latency_ms: 0,
                attempts: 1,
            };
        }
        let as_json = serde_json::json!({
            "body": request.body, "query": request.query, "headers": request.headers, "path": request.url,
        });
        let policy = self
            .action_policies
            .get(&request.action)
            .copied()
            .unwrap_or((Duration::from_secs(30), 0));
        let (status, body, latency_ms, attempts) =
            self.play(&target, &as_json, &request.idempotency_key, policy, example);
        Answer {
            result: match status {
                Some(code) => ActionOutcome::http(code, body),
                None => ActionOutcome::failed("timedout"),
            },
            latency_ms,
            attempts,
        }
    }

    pub fn fetch(&self, request: &DataRequest, key: &str) -> Answer<Result<Value, String>> {
        let as_json = serde_json::json!({
            "params": request.params, "query": request.query, "body": request.body, "path": request.url,
        });
        let target = FixtureTarget::DataSource {
            source: request.source.clone(),
            group: request.group.clone(),
        };
        let example = self
            .data_examples
            .get(&(request.source.clone(), request.group.clone()))
            .cloned()
            .unwrap_or(Value::Null);
        if !self.fixtures.contains_key(&target) {
            return Answer {
                result: Ok(example),
                latency_ms: 0,
                attempts: 1,
            };
        }
        let (status, body, latency_ms, attempts) =
            self.play(&target, &as_json, key, (LOOKUP_BUDGET, LOOKUP_RETRIES), example);
        Answer {
            result: match status {
                Some(code) if (200..300).contains(&code) => Ok(body),
                Some(code) => Err(format!("http_{code}")),
                None => Err("timedout".into()),
            },
            latency_ms,
            attempts,
        }
    }
}

enum CannedOrFailure {
    Canned(CannedResponse),
    Error,
    Timeout,
}
