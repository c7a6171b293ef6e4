//! Amazon ECR: this account's private repositories and the images pushed to them. A task whose image
//! names a repository of this account's registry pulls it from here (`pulls.rs`); the learner's
//! docker client, which pushes them, is `crate::docker`.

pub mod auth;
pub mod images;
pub mod pulls;
pub mod repositories;
pub mod state;

pub use state::*;
