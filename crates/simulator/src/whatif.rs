//! What-if runs: many people at once, synthetic (generated from the entry event's
//! schema with per-field distributions) or read from a file, simulated in parallel on
//! all cores. People are independent, so each thread runs its share in its own
//! simulator and the reports add up; every draw depends on the seed and the person,
//! so the result does not depend on the number of threads.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

use chrono::{DateTime, Duration, Utc};
use parcours_engine::bucket;
use parcours_model::field::{Field, FieldKind};
use parcours_model::{Bundle, Event};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::report::Report;
use crate::sim::{Options, SimError, Simulator};
use crate::test_events::{TestEvent, set_path};

/// How one field's values are drawn.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub enum Distribution {
    Constant(Value),
    /// Uniform between the two bounds (integers stay integers).
    Uniform(f64, f64),
    /// One of the values, with optional weights (default: equal).
    OneOf {
        values: Vec<Value>,
        #[serde(default)]
        weights: Vec<u32>,
    },
}

/// Field path (`cart.total`) → distribution. Fields not listed follow their type:
/// numbers uniform between 0 and twice the example, booleans half and half, the
/// profile id unique per person, the rest as in the example payload.
pub type Distributions = BTreeMap<String, Distribution>;

/// A reproducible number in [0, 1) for (seed, person, what).
fn unit(seed: u64, person: &str, what: &str) -> f64 {
    bucket(seed, &[person, what], 1 << 53) as f64 / (1u64 << 53) as f64
}

fn draw(d: &Distribution, u: f64, integer: bool) -> Value {
    match d {
        Distribution::Constant(v) => v.clone(),
        Distribution::Uniform(lo, hi) => {
            let x = lo + (hi - lo) * u;
            if integer {
                json!(x.floor() as i64)
            } else {
                json!((x * 100.0).round() / 100.0)
            }
        }
        Distribution::OneOf { values, weights } => {
            if values.is_empty() {
                return Value::Null;
            }
            // Summed as u64: weights of u32::MAX each must not overflow.
            let weights: Vec<u64> = if weights.len() == values.len() {
                weights.iter().map(|&w| u64::from(w)).collect()
            } else {
                vec![1; values.len()]
            };
            let total: u64 = weights.iter().sum::<u64>().max(1);
            let mut target = (u * total as f64) as u64;
            for (v, w) in values.iter().zip(&weights) {
                if target < *w {
                    return v.clone();
                }
                target -= w;
            }
            values[values.len() - 1].clone()
        }
    }
}

fn default_distribution(field: &Field, example: &Value) -> Option<Distribution> {
    match field.kind {
        FieldKind::Integer | FieldKind::Number => {
            let x = example.as_f64().unwrap_or(10.0).abs().max(1.0);
            Some(Distribution::Uniform(0.0, 2.0 * x))
        }
        FieldKind::Boolean => Some(Distribution::OneOf {
            values: vec![json!(true), json!(false)],
            weights: vec![],
        }),
        _ => None,
    }
}

fn walk<'a>(fields: &'a [Field], prefix: &str, out: &mut Vec<(String, &'a Field)>) {
    for f in fields {
        let path = format!("{prefix}{}", f.name);
        if f.kind == FieldKind::Object {
            walk(&f.fields, &format!("{path}."), out);
        } else {
            out.push((path, f));
        }
    }
}

/// Makes synthetic people: the example payload and each field's distribution are
/// worked out once, then every person is a copy with drawn values.
pub struct Generator {
    example: Value,
    profile_id: String,
    leaves: Vec<(String, Leaf)>,
    seed: u64,
}

enum Leaf {
    Draw(Distribution, bool),
    Time,
}

impl Generator {
    pub fn new(event: &Event, distributions: &Distributions, seed: u64) -> Generator {
        let example = event.example_payload();
        let mut fields = Vec::new();
        walk(&event.fields, "", &mut fields);
        let leaves = fields
            .into_iter()
            .filter(|(path, _)| *path != event.profile_id)
            .filter_map(|(path, field)| {
                if field.kind == FieldKind::Datetime {
                    return Some((path, Leaf::Time));
                }
                let value = path
                    .split('.')
                    .try_fold(&example, |v, k| v.get(k))
                    .cloned()
                    .unwrap_or(Value::Null);
                let d = distributions
                    .get(&path)
                    .cloned()
                    .or_else(|| default_distribution(field, &value))?;
                Some((path, Leaf::Draw(d, field.kind == FieldKind::Integer)))
            })
            .collect();
        Generator {
            example,
            profile_id: event.profile_id.clone(),
            leaves,
            seed,
        }
    }

    /// Person `i`'s entry payload, arriving at `at`.
    pub fn person(&self, i: usize, at: DateTime<Utc>) -> Value {
        let mut payload = self.example.clone();
        let number = i.to_string();
        set_path(&mut payload, &self.profile_id, json!(format!("person-{number}")));
        for (path, leaf) in &self.leaves {
            let value = match leaf {
                Leaf::Time => json!(at.to_rfc3339()),
                Leaf::Draw(d, integer) => draw(d, unit(self.seed, &number, path), *integer),
            };
            set_path(&mut payload, path, value);
        }
        payload
    }
}

/// Who takes part in a what-if run.
pub enum People {
    /// `count` people generated from the entry event's schema.
    Synthetic { count: usize, distributions: Distributions },
    /// Entry payloads (e.g. rows of a CSV or JSONL file), as overrides of the example.
    Listed(Vec<serde_json::Map<String, Value>>),
}

impl People {
    pub fn len(&self) -> usize {
        match self {
            People::Synthetic { count, .. } => *count,
            People::Listed(rows) => rows.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// People a what-if simulator holds at most at once. A run's people are split into
/// batches of about this many, each run to its end by its own simulator and left as
/// counts in the merged report: memory stays flat however many people the run has
/// (everyone in a batch may be inside at once: people arrive within the hour and the
/// journeys last days). People do not meet in a journey, so a batch needs no other;
/// one person's events all go to one batch, as they always went to one thread.
pub const BATCH: usize = 20_000;

/// Runs a what-if simulation of `journey`: people arrive spread over `arrivals`
/// from `options.start`. `progress` counts people processed, for a progress bar.
/// Batches (see [`BATCH`]) are shared among `threads`; the result does not depend on
/// how many.
pub fn what_if(
    bundle: &Bundle,
    journey: &str,
    people: &People,
    arrivals: Duration,
    options: &Options,
    threads: usize,
    progress: &AtomicU64,
) -> Result<Report, SimError> {
    let probe = Simulator::new(bundle, journey, options.clone())?;
    // Invariant: `Simulator::new` just compiled this journey's plan.
    let entry = probe.plan(journey).expect("the journey under test").entry_event.clone();
    drop(probe);
    let total = people.len();
    let batches = total.div_ceil(BATCH).max(1);
    let threads = threads.clamp(1, batches);
    let arrival = |i: usize| {
        let ms = arrivals.num_milliseconds().max(0) as f64 * i as f64 / total.max(1) as f64;
        // Saturating: the start is checked, but a long arrival window may still reach
        // past chrono's last instant.
        parcours_model::time::span_after(options.start, Duration::milliseconds(ms as i64))
    };
    let generator = match people {
        People::Synthetic { distributions, .. } => Some(Generator::new(&entry, distributions, options.seed)),
        People::Listed(_) => None,
    };
    let run_batch = |batch: usize| -> Result<Report, SimError> {
        let mut sim = Simulator::new(
            bundle,
            journey,
            Options {
                trace: false,
                ..options.clone()
            },
        )?;
        // Everyone with the same profile id in the same batch: re-entrance and entry
        // counts then do not depend on the batches.
        let mine: Vec<usize> = match people {
            People::Synthetic { .. } => (batch..total).step_by(batches).collect(),
            People::Listed(rows) => (0..total)
                .filter(|&i| {
                    let profile = rows[i]
                        .get(&entry.profile_id)
                        .map(|v| v.to_string())
                        .unwrap_or_else(|| i.to_string());
                    bucket(options.seed, &[&profile], batches as u64) as usize == batch
                })
                .collect(),
        };
        sim.forget_finished();
        for chunk in mine.chunks(1_000) {
            for &i in chunk {
                let at = arrival(i);
                let event = match people {
                    People::Synthetic { .. } => TestEvent {
                        at,
                        event: Some(entry.name.clone()),
                        payload: generator.as_ref().map(|g| g.person(i, at)),
                        overrides: None,
                        profile: None,
                    },
                    People::Listed(rows) => TestEvent {
                        at,
                        event: Some(entry.name.clone()),
                        payload: None,
                        overrides: Some(rows[i].clone()),
                        profile: None,
                    },
                };
                sim.push_owned(i, event)?;
            }
            if let Some(&last) = chunk.last() {
                sim.advance_to(arrival(last));
            }
            progress.fetch_add(chunk.len() as u64, Ordering::Relaxed);
        }
        sim.run();
        Ok(sim.report())
    };
    // Each thread takes the next batch not yet taken and folds its report into its own.
    let next = AtomicUsize::new(0);
    let work = || -> Result<Report, SimError> {
        let mut report = Report::default();
        loop {
            let batch = next.fetch_add(1, Ordering::Relaxed);
            if batch >= batches {
                return Ok(report);
            }
            report.merge(&run_batch(batch)?);
        }
    };
    let reports: Vec<Result<Report, SimError>> = std::thread::scope(|scope| {
        let work = &work;
        let handles: Vec<_> = (0..threads).map(|_| scope.spawn(work)).collect();
        handles
            .into_iter()
            .map(|h| match h.join() {
                Ok(report) => report,
                // Propagated as it came: a panic here is a bug, not bad input.
                Err(panic) => std::panic::resume_unwind(panic),
            })
            .collect()
    });
    let mut report = Report::default();
    for r in reports {
        report.merge(&r?);
    }
    Ok(report)
}

/// Reads people from CSV (header: field paths) or JSONL (one object of overrides per
/// line). Values in CSV cells are typed by the entry event's fields. Errors name the
/// line and the column.
pub fn read_people(text: &str, csv: bool, event: &Event) -> Result<Vec<serde_json::Map<String, Value>>, String> {
    if !csv {
        return text
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
            .map(|(i, l)| match serde_json::from_str::<Value>(l) {
                Ok(Value::Object(m)) => Ok(m),
                Ok(_) => Err(format!("line {}: expected a JSON object of field values", i + 1)),
                Err(e) => Err(format!("line {}: not JSON: {e}", i + 1)),
            })
            .collect();
    }
    // The csv crate: quoted cells may hold commas, quotes and line breaks.
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let columns: Vec<String> = reader
        .headers()
        .map_err(|e| format!("line 1: {e}"))?
        .iter()
        .map(str::to_string)
        .collect();
    let mut leaves = Vec::new();
    walk(&event.fields, "", &mut leaves);
    let kinds: Vec<FieldKind> = columns
        .iter()
        .map(|c| {
            leaves
                .iter()
                .find(|(p, _)| p == c)
                .map(|(_, f)| f.kind)
                .ok_or_else(|| format!("line 1: column `{c}` is not a field of `{}`", event.name))
        })
        .collect::<Result<_, _>>()?;
    reader
        .records()
        .map(|record| {
            let record = record.map_err(|e| match e.position() {
                Some(p) => format!("line {}: {e}", p.line()),
                None => e.to_string(),
            })?;
            let line = record.position().map(|p| p.line()).unwrap_or(0);
            let mut row = serde_json::Map::new();
            for ((column, kind), cell) in columns.iter().zip(&kinds).zip(record.iter()) {
                let value = match kind {
                    FieldKind::Integer => cell.parse::<i64>().map(|n| json!(n)).map_err(|_| ()),
                    FieldKind::Number => cell.parse::<f64>().map(|n| json!(n)).map_err(|_| ()),
                    FieldKind::Boolean => cell.parse::<bool>().map(|b| json!(b)).map_err(|_| ()),
                    _ => Ok(json!(cell)),
                }
                .map_err(|_| format!("line {line}: column `{column}`: `{cell}` is not a {kind:?}"))?;
                row.insert(column.clone(), value);
            }
            Ok(row)
        })
        .collect()
}
