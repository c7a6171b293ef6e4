//! The DAEMON scheduler: one task on every ACTIVE container instance that can take it.

use crate::ecs::placement_plan::PlacementPlan;
use crate::ecs::scheduler::service_events::{
    closest_matching, tasks_started, tasks_stopped, unable_to_place,
};
use crate::ecs::services::state::{Deployment, DeploymentStatus, EcsService, RolloutState};
use crate::ecs::types::{
    ContainerInstance, ContainerInstanceStatus, DesiredStatus, TaskDefinition, TaskStatus,
};
use crate::placement;
use crate::placement::decision::Decision;
use crate::world::World;

impl World {
    /// DAEMON: exactly one task of the PRIMARY deployment on every ACTIVE instance that meets the
    /// constraints and has room; tasks on instances that no longer qualify (DRAINING, gone,
    /// constraint changed) and tasks of older deployments are stopped (minimumHealthyPercent 0 by
    /// default lets the old copy go before the new one starts on the same instance).
    pub(crate) fn reconcile_daemon(&mut self, idx: usize) {
        let svc = self.ecs.services[idx].clone();
        let Some(primary) = svc.primary().cloned() else {
            return;
        };
        let Ok(td) = self
            .resolve_task_definition(&primary.task_definition, false)
            .cloned()
        else {
            return;
        };
        let Ok(plan) = PlacementPlan::new(
            &td,
            &[],
            &svc.placement_constraints,
            svc.group(),
            (vec![], "one task per instance"),
        ) else {
            return;
        };
        let tasks = self.service_tasks(&svc);
        let eligible_ids = self.daemon_instances(&svc.cluster, &plan);
        let stopped = self.stop_misplaced(&tasks, &eligible_ids, &primary.id);
        let started = self.start_on_free_instances(idx, &svc, &td, &primary, &eligible_ids);
        if !started.is_empty() {
            self.push_event(idx, tasks_started(&svc.name, &started));
        }
        if !stopped.is_empty() {
            self.push_event(idx, tasks_stopped(&svc.name, &stopped));
        }
        self.settle_daemon(idx, &svc, &tasks, eligible_ids.len() as u32);
    }

    /// The ACTIVE, connected instances of the cluster that meet the service's constraints.
    fn daemon_instances(&self, cluster: &str, plan: &PlacementPlan) -> Vec<String> {
        let active: Vec<ContainerInstance> = self
            .ecs
            .container_instances
            .iter()
            .filter(|c| {
                c.cluster == cluster
                    && c.status == ContainerInstanceStatus::Active
                    && c.agent_connected
            })
            .cloned()
            .collect();
        let eligible: Vec<&ContainerInstance> = active
            .iter()
            .filter(|ci| {
                plan.constraints.iter().all(|c| match c {
                    placement::Constraint::MemberOf { parsed, .. } => {
                        crate::placement::query_language::eval(parsed, &self.instance_facts(ci))
                    }
                    placement::Constraint::DistinctInstance => true,
                })
            })
            .collect();
        eligible.iter().map(|c| c.id.clone()).collect()
    }

    /// Stops the tasks on instances that no longer qualify and those of older deployments.
    fn stop_misplaced(
        &mut self,
        tasks: &[usize],
        eligible_ids: &[String],
        primary_id: &str,
    ) -> Vec<String> {
        let mut stopped = vec![];
        for &i in tasks {
            let t = &self.ecs.tasks[i];
            let on = t.container_instance_id.clone().unwrap_or_default();
            let old = t.started_by.as_deref() != Some(primary_id);
            if !eligible_ids.contains(&on) || old {
                stopped.push(t.id.clone());
                self.scheduler_stop(
                    i,
                    format!("Scaling activity initiated by (deployment {primary_id})"),
                );
            }
        }
        stopped
    }

    /// Starts a task of the primary deployment on each eligible instance that has none.
    fn start_on_free_instances(
        &mut self,
        idx: usize,
        svc: &EcsService,
        td: &TaskDefinition,
        primary: &Deployment,
        eligible_ids: &[String],
    ) -> Vec<String> {
        let group = svc.group();
        let meta = crate::ecs::tasks::launch::TaskMeta {
            group: Some(group.clone()),
            started_by: Some(primary.id.clone()),
            overrides: None,
            tags: vec![],
            enable_execute_command: svc.enable_execute_command,
        };
        let mut started = vec![];
        for ci in eligible_ids {
            let busy = self.ecs.tasks.iter().any(|t| {
                t.group == group
                    && t.cluster == svc.cluster
                    && t.container_instance_id.as_ref() == Some(ci)
                    && t.last_status != TaskStatus::Stopped
            });
            if busy {
                continue;
            }
            let (lt, cps) = self.service_launch(idx);
            let network = self
                .check_launch(
                    td,
                    &svc.cluster,
                    lt,
                    svc.network_configuration.as_ref(),
                    &cps,
                )
                .ok()
                .and_then(|l| l.network);
            match self.place_and_create(
                &svc.cluster,
                td,
                std::slice::from_ref(ci),
                None,
                &meta,
                network.as_ref(),
            ) {
                Ok(id) => started.push(id),
                Err(decision) => self.report_unplaced_daemon_task(idx, &svc.name, &decision),
            }
        }
        started
    }

    /// AWS's "unable to place a task" event, naming the instance and why it failed.
    fn report_unplaced_daemon_task(&mut self, idx: usize, service: &str, decision: &Decision) {
        let closest = decision
            .verdicts
            .first()
            .filter(|v| v.failed.is_some())
            .and_then(|v| Some((v, v.instance(&self.ecs.container_instances)?)));
        if let Some((v, ci)) = closest {
            let text = v
                .failed
                .map(|f| f.closest_matching_text())
                .unwrap_or_default();
            let event = unable_to_place(service, &closest_matching(&ci.arn, text));
            self.push_event(idx, event);
        }
    }

    /// The desired count follows the eligible instances; finished deployments go; steady once
    /// every eligible instance runs its task and nothing is starting or stopping.
    fn settle_daemon(&mut self, idx: usize, svc: &EcsService, tasks: &[usize], wanted: u32) {
        let group = svc.group();
        let now = self.now;
        let running = self
            .ecs
            .tasks
            .iter()
            .filter(|t| {
                t.group == group
                    && t.cluster == svc.cluster
                    && t.desired_status == DesiredStatus::Running
                    && t.last_status == TaskStatus::Running
            })
            .count() as u32;
        let settling = self.ecs.tasks.iter().any(|t| {
            t.group == group
                && t.cluster == svc.cluster
                && t.last_status != TaskStatus::Stopped
                && (t.desired_status == DesiredStatus::Stopped
                    || t.last_status != TaskStatus::Running)
        });
        let steady_now = running == wanted && !settling;
        let mut completed = None;
        {
            let s = &mut self.ecs.services[idx];
            s.desired_count = wanted;
            s.deployments.retain(|d| {
                d.status == DeploymentStatus::Primary
                    || tasks.iter().any(|&i| {
                        self.ecs.tasks[i].started_by.as_deref() == Some(&d.id)
                            && self.ecs.tasks[i].last_status != TaskStatus::Stopped
                    })
            });
            if steady_now {
                if let Some(d) = s.deployments.iter_mut().find(|d| {
                    d.status == DeploymentStatus::Primary
                        && d.rollout_state == RolloutState::InProgress
                }) {
                    d.rollout_state = RolloutState::Completed;
                    d.updated_at = now;
                    completed = Some(d.id.clone());
                }
            }
        }
        if let Some(id) = completed {
            self.push_event(
                idx,
                format!(
                    "(service {}) (deployment {id}) deployment completed.",
                    svc.name
                ),
            );
        }
        if steady_now != self.ecs.services[idx].steady {
            self.ecs.services[idx].steady = steady_now;
            if steady_now {
                self.push_event(
                    idx,
                    format!("(service {}) has reached a steady state.", svc.name),
                );
            }
        }
    }
}
