//! The journey language of Parcours: what a technical user configures (events, data
//! sources, custom actions), what a business user draws (journeys), the CEL expressions
//! that glue them, validation that explains every problem, and the bundle file format.
//!
//! This crate does no I/O on purpose: the store, the engine, the CLI and the app all
//! reason about the same values, and tests can build any situation in memory.

pub mod action;
pub mod auth;
pub mod bundle;
pub mod catalog;
pub mod data_source;
pub mod diagnostic;
pub mod diff;
pub mod event;
pub mod expr;
pub mod field;
pub mod fixture;
pub mod generate;
pub mod journey;
pub mod lifecycle;
pub mod live_report;
pub mod name;
pub mod origin;
pub mod release;
pub mod test_profile;
pub mod time;
pub mod validate;

pub use action::{ActionParam, CustomAction, HttpMethod, ParamValue, PayloadField};
pub use auth::{Auth, KeyLocation, TokenRequest};
pub use bundle::{BUNDLE_FORMAT, BUNDLE_VERSION, Bundle, BundleError};
pub use catalog::Catalog;
pub use data_source::{DataSource, FieldGroup, GroupMethod, GroupParameter, ParamLocation};
pub use diagnostic::{Code, Diagnostic, Severity};
pub use event::{Event, Recognition};
pub use field::{Field, FieldKind};
pub use fixture::{CannedResponse, Fixture, FixtureTarget};
pub use journey::{
    Activity, ConditionPath, DataBinding, DatePath, Edge, Journey, JourneyStatus, JourneyVersion, Node, Position,
    Properties, Reentrance, SplitBranch, TimePath, TimeZoneSetting, WaitSpec, Weekday,
};
pub use release::{Drain, Release};
pub use test_profile::TestProfile;
