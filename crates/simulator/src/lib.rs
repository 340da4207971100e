//! Test mode. The simulator drives the one engine with a virtual clock (waits cost no
//! real time), answers actions and data lookups from fixtures, and records a trace per
//! person and a report per node. What-if runs and coverage are built on it.

mod calls;
pub mod coverage;
mod mock;
mod queue;
mod report;
mod sim;
mod state;
mod test_events;
mod trace;
pub mod whatif;

pub use calls::RealCalls;
pub use mock::MockConnector;
pub use report::{JourneyTotals, NodeReport, Report};
pub use sim::{Options, SimError, Simulator, WaitingReaction, simulated_time};
pub use test_events::{TestEvent, build_payload, parse_jsonl};
pub use trace::{TraceEntry, TraceKind};
