//! ECS services (REPLICA and DAEMON): their state and their API. What keeps them running is the
//! scheduler (`ecs/scheduler/`).

pub mod describe;
pub mod operations;
pub mod state;

pub use state::*;
