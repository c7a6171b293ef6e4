//! The deployment circuit breaker: a deployment whose tasks keep failing to start is marked
//! FAILED and, with rollback, the last completed deployment is restored
//! (docs/scheduler.md#circuit-breaker).

use crate::ecs::services::state::{Deployment, DeploymentStatus, RolloutState};
use crate::ecs::types::StopCode;
use crate::world::World;

impl World {
    /// The deployment circuit breaker: counts tasks of the PRIMARY deployment that failed to start;
    /// at the threshold (half the desired count, at least 3, at most 200) the deployment FAILS and,
    /// with rollback, a new deployment returns to the last completed task definition. Without the
    /// breaker, ECS keeps trying and says it cannot start tasks consistently.
    pub(crate) fn circuit_breaker(&mut self, idx: usize) {
        let svc = self.ecs.services[idx].clone();
        let Some(primary) = svc.primary().cloned() else {
            return;
        };
        let failed = self
            .ecs
            .tasks
            .iter()
            .filter(|t| {
                t.cluster == svc.cluster
                    && t.group == svc.group()
                    && t.started_by.as_deref() == Some(&primary.id)
                    && t.stop_code == Some(StopCode::TaskFailedToStart)
            })
            .count() as u32;
        if let Some(d) = self.ecs.services[idx]
            .deployments
            .iter_mut()
            .find(|d| d.id == primary.id)
        {
            d.failed_tasks = failed;
        }
        if primary.rollout_state != RolloutState::InProgress || failed == 0 {
            return;
        }
        let threshold = (svc.desired_count.div_ceil(2)).clamp(3, 200);
        let breaker = svc.deployment_configuration.deployment_circuit_breaker;
        if !breaker.enable {
            if failed >= 3 {
                self.push_event(
                    idx,
                    format!(
                        "(service {}) is unable to consistently start tasks successfully.",
                        svc.name
                    ),
                );
            }
            return;
        }
        if failed < threshold {
            return;
        }
        let now = self.now;
        if let Some(d) = self.ecs.services[idx]
            .deployments
            .iter_mut()
            .find(|d| d.id == primary.id)
        {
            d.rollout_state = RolloutState::Failed;
            d.updated_at = now;
        }
        self.push_event(
            idx,
            format!(
                "(service {}) (deployment {}) deployment failed: tasks failed to start.",
                svc.name, primary.id
            ),
        );
        if let (true, Some((old_id, old_td))) = (breaker.rollback, svc.last_completed.clone()) {
            let id = self.new_deployment_id();
            let s = &mut self.ecs.services[idx];
            for d in &mut s.deployments {
                if d.status == DeploymentStatus::Primary {
                    d.status = DeploymentStatus::Active;
                }
            }
            s.deployments.insert(
                0,
                Deployment {
                    id,
                    status: DeploymentStatus::Primary,
                    task_definition: old_td.clone(),
                    created_at: now,
                    updated_at: now,
                    rollout_state: RolloutState::InProgress,
                    failed_tasks: 0,
                },
            );
            s.task_definition = old_td;
            s.steady = false;
            self.push_event(
                idx,
                format!(
                    "(service {}) rolling back to deployment {old_id}.",
                    svc.name
                ),
            );
        }
    }
}
