//! The learner's own machine: a model of the docker client (local images, registry logins) from
//! which images are pushed to ECR. A model: no layers, no daemon, just what `docker build`, `tag`,
//! `images`, `login` and `push` show. The CLI (`crates/awscli/src/docker.rs`) reads the command
//! line and prints; these operations are the only way it changes the world.

pub mod images;
pub mod login;
pub mod push;
pub mod state;

pub use state::*;
