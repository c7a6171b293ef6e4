//! Moving a service's tasks off DRAINING instances, and reporting the target groups stopped tasks
//! leave.

use crate::ecs::scheduler::service_events::tasks_stopped;
use crate::ecs::services::state::ServiceStatus;
use crate::ecs::types::TaskStatus;
use crate::world::World;

impl World {
    /// Events for the tasks that started draining since the last report.
    pub(crate) fn report_draining(&mut self, idx: usize) {
        let left = std::mem::take(&mut self.draining_note);
        if left.is_empty() {
            return;
        }
        let svc = self.ecs.services[idx].clone();
        let deployment = svc.primary().map(|d| d.id.clone()).unwrap_or_default();
        let mut groups: Vec<(String, usize)> = vec![];
        for tg in &left {
            match groups.iter_mut().find(|(g, _)| g == tg) {
                Some(e) => e.1 += 1,
                None => groups.push((tg.clone(), 1)),
            }
        }
        let tasks = groups.iter().map(|(_, n)| *n).max().unwrap_or(0);
        self.push_event(idx, format!("(service {}, taskSet {deployment}) has begun draining connections on {tasks} tasks.", svc.name));
        for (tg, n) in groups {
            self.push_event(
                idx,
                format!(
                    "(service {}) deregistered {n} targets in (target-group {tg})",
                    svc.name
                ),
            );
        }
    }

    pub(crate) fn drain_service(&mut self, idx: usize) {
        let svc = self.ecs.services[idx].clone();
        let tasks = self.service_tasks(&svc);
        let deployment = svc.primary().map(|d| d.id.clone()).unwrap_or_default();
        if !tasks.is_empty() {
            let ids: Vec<String> = tasks
                .iter()
                .map(|&i| self.ecs.tasks[i].id.clone())
                .collect();
            for &i in &tasks {
                self.scheduler_stop(
                    i,
                    format!("Scaling activity initiated by (deployment {deployment})"),
                );
            }
            self.push_event(idx, tasks_stopped(&svc.name, &ids));
        }
        let group = svc.group();
        let holding = self.ecs.tasks.iter().any(|t| {
            t.cluster == svc.cluster && t.group == group && t.last_status != TaskStatus::Stopped
        });
        if !holding {
            self.ecs.services[idx].status = ServiceStatus::Inactive;
        }
    }
}
