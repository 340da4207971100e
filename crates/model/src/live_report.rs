//! A journey's live report as the runner sends it and the app shows it: per version and
//! per activity (entered, waiting now, exited by port, errors, global timeouts, failed
//! calls by status), journey totals, discards by reason, and a time series (per minute
//! or hour) for charts. Data only: the runner computes it, the workspace reads it.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub enum Bucket {
    Minute,
    Hour,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Totals {
    pub entered: u64,
    /// Reached an end.
    pub finished: u64,
    pub jumped: u64,
    /// Left before an end: no path, failure, global timeout, stop.
    pub exited_early: u64,
    pub errors: u64,
    pub waiting_now: u64,
    /// Events this journey refused, by reason (re-entrance, dates, already inside).
    pub discarded: BTreeMap<String, u64>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ActivityReport {
    pub id: String,
    pub label: String,
    pub entered: u64,
    pub waiting_now: u64,
    /// Port → people who left by it.
    pub exited: BTreeMap<String, u64>,
    /// People whose run failed here.
    pub errors: u64,
    /// People removed here by the global timeout.
    pub timeouts: u64,
    /// Calls made here that failed, by status (`http_500`, `timedout`, `capped`…).
    pub failed_calls: BTreeMap<String, u64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct VersionReport {
    pub version: u32,
    pub state: crate::lifecycle::VersionState,
    pub totals: Totals,
    pub activities: Vec<ActivityReport>,
}

/// One point of a chart: what happened in one bucket.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Point {
    #[ts(type = "string")]
    pub start: DateTime<Utc>,
    pub version: u32,
    /// The activity's id; empty for journey-level measures (started, finished, discarded).
    pub activity: String,
    pub measure: String,
    /// The port, status, outcome or reason.
    pub key: String,
    pub count: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct JourneyReport {
    pub journey: String,
    #[ts(type = "string")]
    pub generated_at: DateTime<Utc>,
    #[ts(type = "string | null")]
    pub from: Option<DateTime<Utc>>,
    pub bucket: Bucket,
    pub totals: Totals,
    pub versions: Vec<VersionReport>,
    /// Events no journey could take (unrecognised, wrong schema, no profile id, no
    /// journey), runner-wide, over the same period.
    pub unattributed_discards: BTreeMap<String, u64>,
    pub series: Vec<Point>,
}
