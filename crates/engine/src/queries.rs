//! Named queries: what the CLI and the page read from the world, so they need not reach into the
//! services' state.

use crate::ecs::types::Task;
use crate::placement::decision::Decision;
use crate::world::World;

impl World {
    /// The placement record of a task (id or ARN), for `explain`.
    pub fn task_decision(&self, task: &str) -> Option<(&Task, Option<&Decision>)> {
        let id = crate::ecs::ids::short_id(task);
        self.ecs
            .tasks
            .iter()
            .find(|t| t.id == id)
            .map(|t| (t, t.decision.as_deref()))
    }
}
