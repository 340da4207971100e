//! The one engine. A validated journey version is compiled once into a [`Plan`]
//! (node indices, resolved ports, CEL programs parsed once); people then move through
//! it one [`step`] at a time. The engine has no clock, no network and no storage: the
//! driver (the simulator now, the runner later) passes `now` in, carries out the
//! [`Effect`]s (call an action, fetch data, set a timer) and feeds their results back as
//! [`Input`]s. An [`Instance`] is plain data, so it can be stored and resumed anywhere.
//!
//! Around the step, [`Dispatcher`] decides what an incoming event, timer or answer does
//! (recognition, admission, re-entrance, jumps, the data cache) over a [`RunState`]: the
//! simulator and the runner differ only in that state, their clock and their connectors.

mod bucket;
pub mod cel_values;
mod dispatch;
mod fast;
mod instance;
mod plan;
mod requests;
mod router;
mod step;
mod vars;

pub use bucket::bucket;
pub use dispatch::{Dispatched, Dispatcher, Entries, Incoming, InstanceKey, Output, RunState};
pub use instance::{ActionOutcome, Instance, Outcome, State};
pub use plan::{BaseContext, CompileError, Op, Plan, PlanNode};
pub use requests::{ActionRequest, DataRequest, action_request_for, data_request_for, set_path, text};
pub use router::Discard;
pub use step::{Effect, Input, start, step};
