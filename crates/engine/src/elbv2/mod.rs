//! Elastic Load Balancing v2 (Application Load Balancers): load balancers, target groups,
//! listeners, rules, targets and their health on the virtual clock, and request routing
//! (`sandbox curl`).

pub mod actions;
pub mod health;
pub mod listeners;
pub mod load_balancers;
pub mod requests;
pub mod routing;
pub mod rule_matching;
pub mod rules;
pub mod state;
pub mod target_groups;
pub mod targets;

pub use state::*;
