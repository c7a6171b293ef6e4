//! The service scheduler: after every call and every clock step, each service reacts to the world
//! as it is now (replica or daemon reconciliation, deployments, the circuit breaker, draining,
//! scale-in, load-balancer registration) and records its events (docs/scheduler.md).

use crate::clock::Millis;
use crate::ecs::scheduler::health::HEALTHY_AFTER;
use crate::ecs::services::state::{EcsService, SchedulingStrategy, ServiceStatus};
use crate::ecs::types::{DesiredStatus, StopCode, TaskStatus};
use crate::world::World;

pub mod circuit_breaker;
pub mod daemon;
pub mod draining;
pub mod health;
pub mod load_balancers;
pub mod replica;
pub mod scale_in;
pub mod service_events;

impl World {
    /// The service's tasks the scheduler still wants (desired RUNNING).
    pub(crate) fn service_tasks(&self, svc: &EcsService) -> Vec<usize> {
        let group = svc.group();
        (0..self.ecs.tasks.len())
            .filter(|&i| {
                let t = &self.ecs.tasks[i];
                t.cluster == svc.cluster
                    && t.group == group
                    && t.desired_status == DesiredStatus::Running
            })
            .collect()
    }

    /// When a service task next becomes healthy (the scheduler must look again then).
    pub(crate) fn services_next_event(&self) -> Option<Millis> {
        self.ecs
            .tasks
            .iter()
            .filter(|t| {
                t.group.starts_with("service:")
                    && t.last_status == TaskStatus::Running
                    && t.desired_status == DesiredStatus::Running
            })
            .filter_map(|t| t.started_at.map(|s| s + HEALTHY_AFTER))
            .filter(|at| *at > self.now)
            .min()
    }

    /// Stops a service task as the scheduler does.
    pub(crate) fn scheduler_stop(&mut self, task_index: usize, reason: String) {
        let now = self.now;
        let t = &mut self.ecs.tasks[task_index];
        t.desired_status = DesiredStatus::Stopped;
        t.stop_code = Some(StopCode::ServiceSchedulerInitiated);
        t.stopped_reason = Some(reason);
        t.version += 1;
        if matches!(
            t.last_status,
            TaskStatus::Pending | TaskStatus::Provisioning
        ) {
            crate::ecs::tasks::lifecycle::finish_stop(t, now);
        } else {
            t.next_step_at = Some(now);
        }
        let left = self.begin_target_drain(task_index);
        self.draining_note.extend(left);
    }

    /// The service scheduler: one reconciliation of every service, run whenever the world changes.
    pub(crate) fn services_tick(&mut self) {
        for idx in 0..self.ecs.services.len() {
            match self.ecs.services[idx].status {
                ServiceStatus::Inactive => continue,
                ServiceStatus::Draining => self.drain_service(idx),
                ServiceStatus::Active => match self.ecs.services[idx].scheduling_strategy {
                    SchedulingStrategy::Replica => self.reconcile_replica(idx),
                    SchedulingStrategy::Daemon => self.reconcile_daemon(idx),
                },
            }
            if self.ecs.services[idx].status != ServiceStatus::Inactive {
                self.load_balancer_round(idx);
            } else {
                self.draining_note.clear();
            }
        }
    }
}
