//! The scheduler's load-balancer round: registering a service's running tasks with its target
//! groups.

use crate::world::World;

impl World {
    /// The load-balancer side of the scheduler: register RUNNING tasks as targets, report the ones
    /// that drained, and replace tasks whose targets fail their health checks.
    pub(crate) fn load_balancer_round(&mut self, idx: usize) {
        let svc = self.ecs.services[idx].clone();
        if svc.load_balancers.is_empty() {
            return;
        }
        for (tg, n) in self.register_service_targets(&svc) {
            self.push_event(
                idx,
                format!(
                    "(service {}) registered {n} targets in (target-group {tg})",
                    svc.name
                ),
            );
        }
        let grace = svc.health_check_grace_period_seconds.unwrap_or(0).max(0) as u64 * 1000;
        let failing: Vec<(usize, String)> = self
            .service_tasks(&svc)
            .into_iter()
            .filter_map(|i| {
                self.failed_target_group(&self.ecs.tasks[i], grace)
                    .map(|tg| (i, tg))
            })
            .collect();
        for (i, tg) in failing {
            let id = self.ecs.tasks[i].id.clone();
            self.scheduler_stop(
                i,
                format!("Task failed ELB health checks in (target-group {tg})"),
            );
            self.push_event(
                idx,
                format!(
                    "(service {}) (task {id}) failed ELB health checks in (target-group {tg}).",
                    svc.name
                ),
            );
        }
        self.report_draining(idx);
    }
}
