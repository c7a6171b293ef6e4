//! When a service task counts as healthy (toward minimumHealthyPercent and steady state).

use crate::clock::Millis;
use crate::ecs::services::state::EcsService;
use crate::ecs::types::{Task, TaskStatus};
use crate::world::World;

/// Without a container health check, a task counts toward minimumHealthyPercent 40 s after it is
/// RUNNING (docs/scheduler.md#health).
pub const HEALTHY_AFTER: Millis = 40 * crate::clock::SECOND;

impl World {
    /// Whether a service task counts toward minimumHealthyPercent (RUNNING, and 40 s past it: the
    /// sandbox does not model container health checks yet, so every task waits the 40 s).
    pub(crate) fn counts_as_healthy(&self, svc: &EcsService, t: &Task) -> bool {
        if !svc.load_balancers.is_empty() {
            // Behind a load balancer, a task is healthy when its targets are.
            return t.last_status == TaskStatus::Running && self.targets_healthy(t);
        }
        t.last_status == TaskStatus::Running
            && t.started_at.is_some_and(|s| s + HEALTHY_AFTER <= self.now)
    }
}
