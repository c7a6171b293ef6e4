//! Amazon ECS: clusters, container instances (the agent), task definitions, tasks and services.
//! State lives in `state.rs` (the root), `types.rs` and `services/state.rs`; each other file is
//! the behaviour of one concept.

pub mod account;

pub mod attributes;
pub mod clusters;
pub mod ids;
pub mod instances;

pub mod network;
pub mod placement_facts;
pub mod placement_plan;
pub mod scheduler;
pub mod services;
pub mod state;
pub mod tagging;
pub mod task_definitions;
pub mod tasks;
pub mod types;

pub use ids::*;

pub use state::*;

pub use types::*;
