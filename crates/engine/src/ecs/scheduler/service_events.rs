//! Service events, word for word as ECS writes them, without repeating the same message within
//! a few minutes.

use crate::clock::{Millis, HOUR};
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
