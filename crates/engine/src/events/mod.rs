//! Amazon EventBridge scheduled rules with ECS targets: put-rule, put-targets, list/describe,
//! enable/disable, remove-targets, delete-rule; each firing on the virtual clock runs the target's
//! task like RunTask.

pub mod cron;
pub mod firing;
pub mod rules;
pub mod state;
pub mod targets;

pub use state::*;
