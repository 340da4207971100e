//! A journey's live report, from the counters the writer keeps and the people waiting
//! now: per version and per activity (entered, waiting now, exited by port, errors,
//! global timeouts, failed calls by status), journey totals, discards by reason, and
//! a time series (per minute or hour) for charts. The same figures as CSV.

use std::collections::BTreeMap;
use std::fmt::Write;

use chrono::{DateTime, Utc};
use parcours_model::Release;
pub use parcours_model::live_report::{ActivityReport, Bucket, JourneyReport, Point, Totals, VersionReport};

use crate::error::ApiError;
use crate::storage::{CountRow, Reader};
use crate::tally::metric;

/// Counters are summed saturating: they come from stored rows, which a damaged file
/// may fill with any number, and a report is read with any `read` token.
fn add(total: &mut u64, n: u64) {
    *total = total.saturating_add(n);
}

fn add_totals(t: &mut Totals, row: &CountRow) {
    match row.metric.as_str() {
        metric::STARTED => add(&mut t.entered, row.n),
        metric::FINISHED => match row.key.as_str() {
            "ended" => add(&mut t.finished, row.n),
            "jumped" => add(&mut t.jumped, row.n),
            other => {
                add(&mut t.exited_early, row.n);
                if other == "failed" {
                    add(&mut t.errors, row.n);
                }
            }
        },
        _ => {}
    }
}

pub fn build(
    reader: &mut dyn Reader,
    journey: &str,
    from: Option<DateTime<Utc>>,
    bucket: Bucket,
) -> Result<Option<JourneyReport>, ApiError> {
    let releases: Vec<_> = reader
        .releases()?
        .into_iter()
        .filter(|r| r.journey == journey)
        .collect();
    if releases.is_empty() {
        return Ok(None);
    }
    let since = from.map_or(i64::MIN, |f| f.timestamp().div_euclid(60));
    let rows = reader.counts(journey, since)?;
    let global = reader.counts("", since)?;
    let waiting = reader.waiting(journey)?;
    let mut versions = Vec::new();
    let mut totals = Totals::default();
    for r in &releases {
        let release: Release =
            serde_json::from_str(&r.body).map_err(|e| crate::storage::StorageError::Decode(e.to_string()))?;
        let nodes = &release
            .journey_version()
            .ok_or_else(|| {
                crate::storage::StorageError::Decode(format!(
                    "stored release {journey} v{} holds no single journey version",
                    r.version
                ))
            })?
            .nodes;
        let mut activities: Vec<ActivityReport> = nodes
            .iter()
            .map(|n| ActivityReport {
                id: n.id.clone(),
                label: n.label.clone(),
                ..ActivityReport::default()
            })
            .collect();
        let index: BTreeMap<&str, usize> = nodes.iter().enumerate().map(|(i, n)| (n.id.as_str(), i)).collect();
        let mut vt = Totals::default();
        for row in rows.iter().filter(|c| c.version == r.version) {
            add_totals(&mut vt, row);
            let Some(&i) = index.get(row.node.as_str()) else {
                continue;
            };
            let a = &mut activities[i];
            match row.metric.as_str() {
                metric::ENTERED => add(&mut a.entered, row.n),
                metric::EXITED => add(a.exited.entry(row.key.clone()).or_default(), row.n),
                metric::ERROR => add(&mut a.errors, row.n),
                metric::TIMEOUT => add(&mut a.timeouts, row.n),
                metric::FAILED_CALL => add(a.failed_calls.entry(row.key.clone()).or_default(), row.n),
                _ => {}
            }
        }
        for w in waiting.iter().filter(|w| w.version == r.version) {
            if let Some(a) = activities.get_mut(w.node) {
                add(&mut a.waiting_now, w.n);
                add(&mut vt.waiting_now, w.n);
            }
        }
        add(&mut totals.entered, vt.entered);
        add(&mut totals.finished, vt.finished);
        add(&mut totals.jumped, vt.jumped);
        add(&mut totals.exited_early, vt.exited_early);
        add(&mut totals.errors, vt.errors);
        add(&mut totals.waiting_now, vt.waiting_now);
        versions.push(VersionReport {
            version: r.version,
            state: r.state.into(),
            totals: vt,
            activities,
        });
    }
    for row in rows.iter().filter(|c| c.metric == metric::DISCARDED) {
        add(totals.discarded.entry(row.key.clone()).or_default(), row.n);
    }
    let mut unattributed = BTreeMap::new();
    for row in global.iter().filter(|c| c.metric == metric::DISCARDED) {
        add(unattributed.entry(row.key.clone()).or_default(), row.n);
    }
    let width = match bucket {
        Bucket::Minute => 1,
        Bucket::Hour => 60,
    };
    let mut series: BTreeMap<(i64, u32, String, String, String), u64> = BTreeMap::new();
    for row in &rows {
        // A minute no bucket can start at (a damaged row) is left out of the series.
        let Some(start) = row
            .minute
            .div_euclid(width)
            .checked_mul(width)
            .filter(|m| m.checked_mul(60_000).is_some())
        else {
            continue;
        };
        let point = series
            .entry((
                start,
                row.version,
                row.node.clone(),
                row.metric.clone(),
                row.key.clone(),
            ))
            .or_default();
        add(point, row.n);
    }
    let series = series
        .into_iter()
        .map(|((start, version, activity, measure, key), count)| Point {
            start: crate::clock::from_millis(start * 60_000),
            version,
            activity,
            measure,
            key,
            count,
        })
        .collect();
    Ok(Some(JourneyReport {
        journey: journey.to_string(),
        generated_at: Utc::now(),
        from,
        bucket,
        totals,
        versions,
        unattributed_discards: unattributed,
        series,
    }))
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// The report as CSV rows: `period_start` is empty for the period's totals.
pub fn to_csv(r: &JourneyReport) -> String {
    let mut s = String::from("period_start,version,activity,measure,key,count\n");
    let mut line = |start: &str, version: u32, activity: &str, measure: &str, key: &str, n: u64| {
        let _ = writeln!(
            s,
            "{start},{version},{},{measure},{},{n}",
            csv_field(activity),
            csv_field(key)
        );
    };
    for v in &r.versions {
        for a in &v.activities {
            line("", v.version, &a.id, "entered", "", a.entered);
            line("", v.version, &a.id, "waitingNow", "", a.waiting_now);
            for (port, n) in &a.exited {
                line("", v.version, &a.id, "exited", port, *n);
            }
            line("", v.version, &a.id, "errors", "", a.errors);
            line("", v.version, &a.id, "timeouts", "", a.timeouts);
            for (status, n) in &a.failed_calls {
                line("", v.version, &a.id, "failedCall", status, *n);
            }
        }
    }
    for (reason, n) in &r.totals.discarded {
        line("", 0, "", "discarded", reason, *n);
    }
    for p in &r.series {
        line(
            &p.start.to_rfc3339(),
            p.version,
            &p.activity,
            &p.measure,
            &p.key,
            p.count,
        );
    }
    s
}
