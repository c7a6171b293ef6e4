//! The task lifecycle on the virtual clock: PENDING → RUNNING → STOPPING → STOPPED, with the
//! awsvpc ENI's attachment before and after.

use crate::clock::{Millis, SECOND};
use crate::ecs::tasks::image_pull::image_pull_error;
use crate::ecs::types::{AttachmentStatus, DesiredStatus, StopCode, Task, TaskStatus};
use crate::world::World;

/// Image pull and container start, PENDING → RUNNING (a model: docs/lifecycles.md#timings).
pub const START_TIME: Millis = 10 * SECOND;

/// SIGTERM to exit, RUNNING → STOPPED via STOPPING (a model; the SIGKILL timeout is 30 s).
pub const STOP_TIME: Millis = 5 * SECOND;

/// Creating and attaching (or detaching and deleting) a task's ENI: PROVISIONING / DEPROVISIONING
/// (a model).
pub const ENI_TIME: Millis = 5 * SECOND;

/// Moves a task whose desired status is STOPPED to STOPPED now (no grace period).
pub(crate) fn finish_stop(t: &mut Task, now: Millis) {
    if let Some(eni) = &mut t.eni {
        eni.status = AttachmentStatus::Deleted;
    }
    t.desired_status = DesiredStatus::Stopped;
    t.stopping_at.get_or_insert(now);
    t.execution_stopped_at = Some(now);
    t.stopped_at = Some(now);
    t.last_status = TaskStatus::Stopped;
    t.next_step_at = None;
    t.version += 1;
    for c in &mut t.containers {
        if c.last_status == TaskStatus::Running {
            c.exit_code.get_or_insert(137);
        }
        c.last_status = TaskStatus::Stopped;
    }
}

/// How long a stopped task stays describable. ECS documents at least an hour; the sandbox's model
/// keeps it exactly an hour, then forgets it, so a service that keeps failing does not make the
/// world (and every later step) grow without bound (docs/lifecycles.md).
pub const STOPPED_RETENTION: Millis = 3_600_000;

/// When a stopped task is forgotten (None: it has not stopped).
fn gone_at(t: &Task) -> Option<Millis> {
    if t.last_status != TaskStatus::Stopped {
        return None;
    }
    t.stopped_at.map(|at| at.saturating_add(STOPPED_RETENTION))
}

impl World {
    /// Moves tasks along their lifecycle up to `self.now`, and forgets stopped tasks past their
    /// retention.
    pub(crate) fn tasks_tick(&mut self) {
        self.forget_stopped_tasks();
        let now = self.now;
        let ecr = &self.ecr;
        let pull_error = |image: &str| image_pull_error(image).or_else(|| ecr.pull_error(image));
        for t in &mut self.ecs.tasks {
            let Some(at) = t.next_step_at else { continue };
            if at > now {
                continue;
            }
            match (t.last_status, t.desired_status) {
                (TaskStatus::Provisioning, DesiredStatus::Running) => {
                    // The ENI is attached: the task can pull its images.
                    if let Some(eni) = &mut t.eni {
                        eni.status = AttachmentStatus::Attached;
                    }
                    t.last_status = TaskStatus::Pending;
                    t.version += 1;
                    t.next_step_at = Some(at + START_TIME);
                }
                (TaskStatus::Provisioning, DesiredStatus::Stopped) => finish_stop(t, at),
                (TaskStatus::Pending, DesiredStatus::Running)
                    if t.containers.iter().any(|c| pull_error(&c.image).is_some()) =>
                {
                    // The image cannot be pulled: the task never starts.
                    t.pull_started_at = Some(t.created_at + SECOND);
                    let mut reason = String::new();
                    for c in &mut t.containers {
                        if let Some(e) = pull_error(&c.image) {
                            c.reason = Some(e.clone());
                            if reason.is_empty() {
                                reason = e;
                            }
                        }
                    }
                    t.stop_code = Some(StopCode::TaskFailedToStart);
                    t.stopped_reason = Some(reason);
                    finish_stop(t, at);
                }
                (TaskStatus::Pending, DesiredStatus::Running) => {
                    t.pull_started_at = Some(t.created_at + SECOND);
                    t.pull_stopped_at = Some(at.saturating_sub(SECOND).max(t.created_at + SECOND));
                    t.started_at = Some(at);
                    t.last_status = TaskStatus::Running;
                    for c in &mut t.containers {
                        c.last_status = TaskStatus::Running;
                    }
                    t.version += 1;
                    t.next_step_at = None;
                }
                (TaskStatus::Deactivating, _) => {
                    // Connections have drained: the containers get SIGTERM.
                    t.last_status = TaskStatus::Stopping;
                    t.stopping_at = Some(at);
                    t.version += 1;
                    t.next_step_at = Some(at + STOP_TIME);
                }
                (TaskStatus::Running, DesiredStatus::Stopped) => {
                    t.last_status = TaskStatus::Stopping;
                    t.stopping_at = Some(at);
                    t.version += 1;
                    t.next_step_at = Some(at + STOP_TIME);
                }
                (TaskStatus::Stopping, _) => {
                    for c in &mut t.containers {
                        c.exit_code = Some(0);
                        c.last_status = TaskStatus::Stopped;
                    }
                    if t.eni.is_some() {
                        // The containers have exited; the ENI is detached and deleted next.
                        t.last_status = TaskStatus::Deprovisioning;
                        t.execution_stopped_at = Some(at);
                        if let Some(eni) = &mut t.eni {
                            eni.status = AttachmentStatus::Detached;
                        }
                        t.version += 1;
                        t.next_step_at = Some(at + ENI_TIME);
                    } else {
                        finish_stop(t, at);
                    }
                }
                (TaskStatus::Deprovisioning, _) => {
                    let stopped_exec = t.execution_stopped_at;
                    finish_stop(t, at);
                    t.execution_stopped_at = stopped_exec.or(Some(at));
                }
                _ => t.next_step_at = None,
            }
        }
    }

    pub(crate) fn tasks_next_event(&self) -> Option<Millis> {
        let steps = self.ecs.tasks.iter().filter_map(|t| t.next_step_at);
        steps.chain(self.ecs.tasks.iter().filter_map(gone_at)).min()
    }

    /// Stopped tasks past their retention are gone (describe-tasks answers MISSING for them).
    fn forget_stopped_tasks(&mut self) {
        let now = self.now;
        self.ecs
            .tasks
            .retain(|t| gone_at(t).is_none_or(|at| at > now));
    }
}
