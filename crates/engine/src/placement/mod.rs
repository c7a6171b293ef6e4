//! The placement engine (docs/placement.md): candidates → filters → strategies → choice, with a
//! record of every step (the `Decision`) so the CLI and the app can explain why a task landed where
//! it did.
//!
//! Filters run in the documented order (status and agent, attributes, CPU, memory, ports, then the
//! placement constraints); strategies then narrow the candidates in list order, each breaking the
//! ties the previous one left. That lexicographic chaining is the sandbox's model of undocumented
//! behaviour (docs/placement.md#chaining) and is labelled so wherever it is shown.

//!
//! `pipeline.rs` runs it; `filters.rs` holds the filters, `resources.rs` what a task needs and an
//! instance has left, `constraints.rs` and `strategies.rs` the two parts of a plan,
//! `query_language.rs` the cluster query language of `memberOf`, and `decision.rs` the record.

pub mod constraints;
pub mod decision;
pub mod filters;
pub mod pipeline;
pub mod query_language;
pub mod resources;
pub mod strategies;

pub use constraints::*;

pub use decision::*;

pub use filters::{closest_match, evaluate};

pub use pipeline::choose;

pub use resources::*;

pub use strategies::*;
