//! Service events, word for word as ECS writes them, without repeating the same message within
//! a few minutes.

use crate::clock::{Millis, HOUR};
use crate::ecs::services::operations::short_task_id;
use crate::ecs::services::state::ServiceEvent;
use crate::world::World;

/// At most this many events are kept (and returned), newest first.
pub const MAX_EVENTS: usize = 100;

/// A repeated event message is suppressed for this long (or until its cause is resolved).
pub const EVENT_DEDUPE: Millis = 6 * HOUR;

impl World {
    pub(crate) fn push_event(&mut self, idx: usize, message: String) {
        let now = self.now;
        let id = self.rng.uuid();
        let svc = &mut self.ecs.services[idx];
        // Problem reports are not repeated while they persist (ECS suppresses duplicates for 6
        // hours).
        let problem = message.contains(" was unable to ") || message.contains(" is unable to ");
        if problem
            && svc
                .events
                .iter()
                .any(|e| e.message == message && now.saturating_sub(e.created_at) < EVENT_DEDUPE)
        {
            return;
        }
        svc.events.insert(
            0,
            ServiceEvent {
                id,
                created_at: now,
                message,
            },
        );
        svc.events.truncate(MAX_EVENTS);
    }
}

/// "(service web) has started 2 tasks: (task a) (task b)."
pub(crate) fn tasks_started(service: &str, ids: &[String]) -> String {
    format!(
        "(service {service}) has started {} tasks: {}.",
        ids.len(),
        task_list(ids)
    )
}

/// "(service web) has stopped 2 running tasks: (task a) (task b)."
pub(crate) fn tasks_stopped(service: &str, ids: &[String]) -> String {
    format!(
        "(service {service}) has stopped {} running tasks: {}.",
        ids.len(),
        task_list(ids)
    )
}

fn task_list(ids: &[String]) -> String {
    ids.iter()
        .map(|i| format!("(task {i})"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// "(service web) was unable to place a task because no container instance met all of its
/// requirements. {reason} For more information, ..."
pub(crate) fn unable_to_place(service: &str, reason: &str) -> String {
    format!(
        "(service {service}) was unable to place a task because no container instance met all of its requirements. {reason} For more information, see the Troubleshooting section of the Amazon ECS Developer Guide."
    )
}

/// The reason in `unable_to_place` that names the closest matching instance.
pub(crate) fn closest_matching(container_instance_arn: &str, text: &str) -> String {
    format!(
        "The closest matching (container-instance {}) {text}",
        short_task_id(container_instance_arn)
    )
}

/// The reason in `unable_to_place` when the cluster has no instance to try.
pub(crate) const NO_CONTAINER_INSTANCES: &str =
    "Reason: No Container Instances were found in your cluster.";
