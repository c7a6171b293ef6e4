//! Tasks: run-task and start-task (launch.rs places and creates them), stop-task, list-tasks,
//! describe-tasks, and the task lifecycle (PENDING → RUNNING → STOPPING → STOPPED on the virtual
//! clock).

pub mod describe;
pub mod image_pull;
pub mod launch;
pub mod lifecycle;
pub mod run;
pub mod stop;

// Kept at their old paths for the other crates.
pub use image_pull::image_pull_error;
