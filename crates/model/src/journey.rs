//! A journey: the flow a business user draws. It keeps all its versions; a published
//! version is frozen and a new draft starts from the latest.

use chrono::{DateTime, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Journey {
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// Free labels for finding and grouping journeys (`black-friday`, `retention`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[ts(as = "Option<Vec<String>>", optional)]
    pub tags: Vec<String>,
    /// Oldest first; numbers start at 1 and increase.
    pub versions: Vec<JourneyVersion>,
}

impl Journey {
    /// The journey's name and description, with no versions.
    pub fn clone_without_versions(&self) -> Journey {
        Journey {
            name: self.name.clone(),
            description: self.description.clone(),
            tags: self.tags.clone(),
            versions: Vec::new(),
        }
    }

    pub fn latest(&self) -> Option<&JourneyVersion> {
        self.versions.iter().max_by_key(|v| v.version)
    }

    /// The version live events enter: the newest published one.
    pub fn live(&self) -> Option<&JourneyVersion> {
        self.versions
            .iter()
            .filter(|v| v.status == JourneyStatus::Live)
            .max_by_key(|v| v.version)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(rename_all = "camelCase")]
pub enum JourneyStatus {
    Draft,
    Live,
    Closed,
    Stopped,
    Finished,
}

impl JourneyStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            JourneyStatus::Draft => "draft",
            JourneyStatus::Live => "live",
            JourneyStatus::Closed => "closed",
            JourneyStatus::Stopped => "stopped",
            JourneyStatus::Finished => "finished",
        }
    }

    /// Anything but a draft has been published and is frozen.
    pub fn is_published(self) -> bool {
        self != JourneyStatus::Draft
    }

    /// People may still be inside: live, or closed and draining.
    pub fn is_running(self) -> bool {
        matches!(self, JourneyStatus::Live | JourneyStatus::Closed)
    }

    /// The lifecycle's moves: draft → live → closed → finished, and stopped from any
    /// running state. Nothing leaves stopped or finished, and nothing returns to draft.
    /// Live → finished is time's move when a pause expired and the global timeout passed
    /// since, with nobody looking in between.
    pub fn may_become(self, next: JourneyStatus) -> bool {
        use JourneyStatus::*;
        self == next
            || matches!(
                (self, next),
                (Draft, Live)
                    | (Live, Closed)
                    | (Live, Stopped)
                    | (Live, Finished)
                    | (Closed, Stopped)
                    | (Closed, Finished)
            )
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct JourneyVersion {
    pub version: u32,
    pub status: JourneyStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional, type = "string")]
    pub published_at: Option<DateTime<Utc>>,
    /// When it stopped admitting people (closed, or stopped).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional, type = "string")]
    pub closed_at: Option<DateTime<Utc>>,
    /// Set while a live version is paused: people are held at their next action.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional, type = "string")]
    pub paused_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub properties: Properties,
    /// Data-source lookups the journey's expressions may read as `data.SOURCE.GROUP`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[ts(as = "Option<Vec<DataBinding>>", optional)]
    pub data: Vec<DataBinding>,
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
}

impl JourneyVersion {
    /// A new draft with this version's content (activities, connections, properties,
    /// data) and number `version`.
    pub fn as_draft(&self, version: u32) -> JourneyVersion {
        JourneyVersion {
            version,
            status: JourneyStatus::Draft,
            published_at: None,
            closed_at: None,
            paused_at: None,
            ..self.clone()
        }
    }

    pub fn node(&self, id: &str) -> Option<&Node> {
        self.nodes.iter().find(|n| n.id == id)
    }

    pub fn entry_event(&self) -> Option<&str> {
        self.nodes.iter().find_map(|n| match &n.activity {
            Activity::Entry { event } => Some(event.as_str()),
            _ => None,
        })
    }

    /// Names of the events, actions, journeys and data sources this version uses.
    pub fn references(&self) -> References {
        let mut r = References::default();
        for node in &self.nodes {
            match &node.activity {
                Activity::Entry { event } | Activity::Reaction { event, .. } => r.events.push(event.clone()),
                Activity::Action { action, .. } => r.actions.push(action.clone()),
                Activity::Jump { journey } => r.journeys.push(journey.clone()),
                _ => {}
            }
        }
        r.data_sources = self.data.iter().map(|d| d.source.clone()).collect();
        for list in [&mut r.events, &mut r.actions, &mut r.journeys, &mut r.data_sources] {
            list.sort();
            list.dedup();
        }
        r
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct References {
    pub events: Vec<String>,
    pub actions: Vec<String>,
    pub journeys: Vec<String>,
    pub data_sources: Vec<String>,
}

pub const DAY: u64 = 86_400;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Properties {
    #[serde(default)]
    pub reentrance: Reentrance,
    /// A person still inside after this long is removed (default 91 days).
    #[serde(default = "default_global_timeout")]
    pub global_timeout_seconds: u64,
    #[serde(default)]
    pub time_zone: TimeZoneSetting,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional, type = "string")]
    pub start: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional, type = "string")]
    pub end: Option<DateTime<Utc>>,
}

fn default_global_timeout() -> u64 {
    91 * DAY
}

impl Default for Properties {
    fn default() -> Self {
        Properties {
            reentrance: Reentrance::default(),
            global_timeout_seconds: default_global_timeout(),
            time_zone: TimeZoneSetting::default(),
            start: None,
            end: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(tag = "mode", rename_all = "camelCase", deny_unknown_fields)]
pub enum Reentrance {
    // Empty struct variants, not unit ones: serde lets a tagged unit variant carry
    // unknown keys (`{"mode":"never","x":1}`); a struct variant refuses them.
    Never {},
    Always {},
    /// Re-entry allowed once this long has passed since the previous entry (default 5 min).
    AfterWait {
        seconds: u64,
    },
}

impl Default for Reentrance {
    fn default() -> Self {
        Reentrance::AfterWait { seconds: 300 }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(tag = "kind", rename_all = "camelCase", deny_unknown_fields)]
pub enum TimeZoneSetting {
    /// An IANA zone, e.g. `Europe/Paris`.
    Fixed { zone: String },
    /// Read from a field of the entry event; `fallback` when absent or invalid.
    FromField { path: String, fallback: String },
}

impl Default for TimeZoneSetting {
    fn default() -> Self {
        TimeZoneSetting::Fixed { zone: "UTC".into() }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DataBinding {
    pub source: String,
    pub group: String,
    /// Parameter name → CEL expression giving its value.
    #[serde(default)]
    pub parameters: BTreeMap<String, String>,
    /// What `data.SOURCE.GROUP` holds when the lookup fails (an error status, a 404, a
    /// timeout): the person goes on with it. Without one, a failed lookup takes the
    /// `error` path of the activity that needs it, or, lacking one, ends the person as
    /// failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional, type = "unknown")]
    pub default: Option<serde_json::Value>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Node {
    pub id: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    #[ts(as = "Option<String>", optional)]
    pub label: String,
    #[serde(default)]
    pub position: Position,
    pub activity: Activity,
}

#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize, JsonSchema, TS)]
#[serde(deny_unknown_fields)]
pub struct Position {
    pub x: f64,
    pub y: f64,
}

/// An edge leaves a node by one of its named output ports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Edge {
    pub from: String,
    pub port: String,
    pub to: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(tag = "type", rename_all = "camelCase", deny_unknown_fields)]
pub enum Activity {
    /// Starts the journey when its event arrives. One per journey, first.
    Entry {
        event: String,
    },
    /// Waits for another event of the same person; `timeout` port after the timeout.
    #[serde(rename_all = "camelCase")]
    Reaction {
        event: String,
        timeout_seconds: u64,
    },
    /// Ordered paths; the first true expression wins; optional `other` port; optional
    /// `error` port taken when a data lookup its paths read fails.
    #[serde(rename_all = "camelCase")]
    Condition {
        paths: Vec<ConditionPath>,
        #[serde(default)]
        other: bool,
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        #[ts(as = "Option<bool>", optional)]
        error_path: bool,
    },
    /// Percentage split; weights sum to 100.
    Split {
        branches: Vec<SplitBranch>,
    },
    /// Paths by the current date: the first window containing now wins.
    DateCondition {
        paths: Vec<DatePath>,
        #[serde(default)]
        other: bool,
    },
    /// Paths by time of day and day of week, in the journey's time zone.
    TimeCondition {
        paths: Vec<TimePath>,
        #[serde(default)]
        other: bool,
    },
    Wait {
        wait: WaitSpec,
    },
    /// Closes a path.
    // `{}`, not a unit variant: serde lets a tagged unit variant carry unknown keys.
    End {},
    /// Sends the person to the entry of another journey's latest published version.
    Jump {
        journey: String,
    },
    /// Calls a custom action.
    #[serde(rename_all = "camelCase")]
    Action {
        action: String,
        /// Mapping key (`header.X`, `query.X`, `payload.a.b`) → CEL expression.
        #[serde(default)]
        mapping: BTreeMap<String, String>,
        /// Expression for the dynamic path part, when the action has one.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[ts(optional)]
        dynamic_path: Option<String>,
        /// Adds the `error` port taken on timeout or error (of the call, or of a data
        /// lookup the mapping reads).
        #[serde(default)]
        error_path: bool,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ConditionPath {
    pub port: String,
    pub expression: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SplitBranch {
    pub port: String,
    pub weight: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DatePath {
    pub port: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional, type = "string")]
    pub after: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional, type = "string")]
    pub before: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TimePath {
    pub port: String,
    /// Days this path applies on; empty means every day.
    #[serde(default)]
    pub days: Vec<Weekday>,
    /// `HH:MM`, inclusive.
    pub from: String,
    /// `HH:MM`, exclusive; earlier than `from` means the window crosses midnight.
    pub to: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(rename_all = "camelCase")]
pub enum Weekday {
    Mon,
    Tue,
    Wed,
    Thu,
    Fri,
    Sat,
    Sun,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(tag = "kind", rename_all = "camelCase", deny_unknown_fields)]
pub enum WaitSpec {
    Duration {
        seconds: u64,
    },
    /// Until the timestamp the CEL expression gives.
    Until {
        expression: String,
    },
}

pub const PORT_NEXT: &str = "next";
pub const PORT_TIMEOUT: &str = "timeout";
pub const PORT_OTHER: &str = "other";
pub const PORT_SUCCESS: &str = "success";
pub const PORT_ERROR: &str = "error";

impl Activity {
    /// The output ports, in the order the canvas shows them.
    pub fn output_ports(&self) -> Vec<&str> {
        fn with_other(mut ports: Vec<&str>, other: bool) -> Vec<&str> {
            if other {
                ports.push(PORT_OTHER);
            }
            ports
        }
        match self {
            Activity::Entry { .. } | Activity::Wait { .. } => vec![PORT_NEXT],
            Activity::Reaction { .. } => vec![PORT_NEXT, PORT_TIMEOUT],
            Activity::Condition {
                paths,
                other,
                error_path,
            } => {
                let mut ports = with_other(paths.iter().map(|p| p.port.as_str()).collect(), *other);
                if *error_path {
                    ports.push(PORT_ERROR);
                }
                ports
            }
            Activity::DateCondition { paths, other } => {
                with_other(paths.iter().map(|p| p.port.as_str()).collect(), *other)
            }
            Activity::TimeCondition { paths, other } => {
                with_other(paths.iter().map(|p| p.port.as_str()).collect(), *other)
            }
            Activity::Split { branches } => branches.iter().map(|b| b.port.as_str()).collect(),
            Activity::End {} | Activity::Jump { .. } => vec![],
            Activity::Action { error_path, .. } => {
                if *error_path {
                    vec![PORT_SUCCESS, PORT_ERROR]
                } else {
                    vec![PORT_SUCCESS]
                }
            }
        }
    }

    pub fn kind_name(&self) -> &'static str {
        match self {
            Activity::Entry { .. } => "entry",
            Activity::Reaction { .. } => "reaction",
            Activity::Condition { .. } => "condition",
            Activity::Split { .. } => "split",
            Activity::DateCondition { .. } => "dateCondition",
            Activity::TimeCondition { .. } => "timeCondition",
            Activity::Wait { .. } => "wait",
            Activity::End {} => "end",
            Activity::Jump { .. } => "jump",
            Activity::Action { .. } => "action",
        }
    }
}
