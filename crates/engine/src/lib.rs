//! The one engine. A validated journey version is compiled once into a [`Plan`]
//! (node indices, resolved ports, CEL programs parsed once); people then move through
//! it one [`step`] at a time. The engine has no clock, no network and no storage: the
//! driver (the simulator now, the runner later) passes `now` in, carries out the
//! [`Effect`]s (call an action, fetch data, set a timer) and feeds their results back as
//! [`Input`]s. An [`Instance`] is plain data, so it can be stored and resumed anywhere.

mod bucket;
mod cel_values;
mod fast;
mod instance;
mod plan;
mod requests;
mod router;
mod step;
mod vars;

pub use bucket::bucket;
pub use instance::{ActionOutcome, Instance, Outcome, State};
pub use plan::{BaseContext, CompileError, Op, Plan, PlanNode};
pub use requests::{ActionRequest, DataRequest, action_request_for, data_request_for, set_path, text};
pub use router::{Admission, Discard, Router, profile_id, recognises};
pub use step::{Effect, Input, may_reenter, start, step};
