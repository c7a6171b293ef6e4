//! The REPLICA scheduler: keeps desiredCount running through the placement engine, replaces
//! stopped tasks, rolls deployments within minimumHealthyPercent/maximumPercent.

use crate::ecs::network::Launch;
use crate::ecs::placement_plan::PlacementPlan;
use crate::ecs::scheduler::service_events::{
    closest_matching, tasks_started, tasks_stopped, unable_to_place, NO_CONTAINER_INSTANCES,
};
use crate::ecs::services::operations::default_service_strategies;
use crate::ecs::services::state::{Deployment, DeploymentStatus, EcsService, RolloutState};
use crate::ecs::tasks::launch::TaskMeta;
use crate::ecs::types::{
    ContainerInstanceStatus, DesiredStatus, LaunchType, Task, TaskDefinition, TaskStatus,
};
use crate::placement;
use crate::world::World;

impl World {
    /// One round of the REPLICA scheduler for service `idx`: start what is missing, stop what is
    /// replaceable, scale in, then retire finished deployments and say when the service is
    /// steady.
    pub(crate) fn reconcile_replica(&mut self, idx: usize) {
        self.circuit_breaker(idx);
        let svc = self.ecs.services[idx].clone();
        let Some(primary) = svc.primary().cloned() else {
            return;
        };
        let desired = svc.desired_count as usize;
        let config = svc.deployment_configuration;
        let floor = (desired as i64 * config.minimum_healthy_percent + 99) / 100;
        let ceiling = desired as i64 * config.maximum_percent / 100;
        let on_draining = |w: &World, i: usize| {
            w.ecs
                .host_of(&w.ecs.tasks[i])
                .is_some_and(|ci| ci.status != ContainerInstanceStatus::Active)
        };
        let tasks = self.service_tasks(&svc);
        let (good, to_replace): (Vec<usize>, Vec<usize>) = tasks.iter().partition(|&&i| {
            self.ecs.tasks[i].started_by.as_deref() == Some(&primary.id) && !on_draining(self, i)
        });
        let round = ReplicaRound {
            idx,
            svc,
            primary,
            tasks,
            good,
            to_replace,
        };
        let live = round.tasks.len() as i64;
        let need = desired.saturating_sub(round.good.len()) as i64;
        let room = (ceiling - live).max(0);
        let started = self.start_missing(&round, need, room);
        let mut stopped = self.stop_replaceable(&round, floor);
        self.scale_in(&round, &mut stopped);
        self.report_stops(&round, &started, &stopped, need, room);
        self.settle_deployments(&round);
    }

    /// 1. Starts primary tasks while under the desired count and within maximumPercent.
    fn start_missing(&mut self, round: &ReplicaRound, need: i64, room: i64) -> Vec<String> {
        let ReplicaRound {
            idx, svc, primary, ..
        } = round;
        let idx = *idx;
        let mut started: Vec<String> = vec![];
        let to_start = need.min(room);
        if need == 0 {
            // Nothing is missing any more (scaled in, capacity added): no task is left unplaced.
            self.ecs.services[idx].last_unplaced = None;
        }
        // A deployment the circuit breaker failed launches nothing more.
        if to_start > 0 && primary.rollout_state != RolloutState::Failed {
            started = self.start_service_tasks(idx, svc, primary, to_start);
        }
        if !started.is_empty() {
            self.push_event(idx, tasks_started(&svc.name, &started));
            self.ecs.services[idx].steady = false;
        }
        started
    }

    /// 2. Stops replaceable tasks (old deployments, DRAINING instances) while
    ///    minimumHealthyPercent allows.
    fn stop_replaceable(&mut self, round: &ReplicaRound, floor: i64) -> Vec<String> {
        let ReplicaRound {
            svc,
            primary,
            tasks,
            to_replace,
            ..
        } = round;
        let mut healthy = tasks
            .iter()
            .filter(|&&i| self.counts_as_healthy(svc, &self.ecs.tasks[i]))
            .count() as i64;
        let mut order = to_replace.clone();
        order.sort_by_key(|&i| {
            (
                self.ecs.tasks[i].last_status == TaskStatus::Running,
                self.ecs.tasks[i].created_at,
            )
        });
        let mut stopped = vec![];
        for i in order {
            let running = self.ecs.tasks[i].last_status == TaskStatus::Running;
            // A running copy may only go while the running ones stay at or above the floor.
            if running && healthy - 1 < floor {
                break;
            }
            if running {
                healthy -= 1;
            }
            stopped.push(self.ecs.tasks[i].id.clone());
            self.scheduler_stop(
                i,
                format!("Scaling activity initiated by (deployment {})", primary.id),
            );
        }
        stopped
    }

    /// 3. Scales in: more primary tasks than desired.
    fn scale_in(&mut self, round: &ReplicaRound, stopped: &mut Vec<String>) {
        let ReplicaRound {
            svc, primary, good, ..
        } = round;
        let desired = round.desired();
        let good_now: Vec<usize> = good
            .iter()
            .copied()
            .filter(|&i| self.ecs.tasks[i].desired_status == DesiredStatus::Running)
            .collect();
        if good_now.len() > desired {
            let extra = good_now.len() - desired;
            for _ in 0..extra {
                let candidates: Vec<usize> = good_now
                    .iter()
                    .copied()
                    .filter(|&i| self.ecs.tasks[i].desired_status == DesiredStatus::Running)
                    .collect();
                if let Some(i) = self.scale_in_choice(svc, &candidates) {
                    stopped.push(self.ecs.tasks[i].id.clone());
                    self.scheduler_stop(
                        i,
                        format!("Scaling activity initiated by (deployment {})", primary.id),
                    );
                }
            }
        }
    }

    /// The events for the tasks this round stopped, and for a deployment that can neither start
    /// nor stop.
    fn report_stops(
        &mut self,
        round: &ReplicaRound,
        started: &[String],
        stopped: &[String],
        need: i64,
        room: i64,
    ) {
        let ReplicaRound {
            idx,
            svc,
            to_replace,
            ..
        } = round;
        let idx = *idx;
        if !stopped.is_empty() {
            self.push_event(idx, tasks_stopped(&svc.name, stopped));
            self.ecs.services[idx].steady = false;
        }
        // Neither starting nor stopping is possible: the deployment configuration deadlocks.
        if started.is_empty()
            && stopped.is_empty()
            && need > 0
            && room == 0
            && !to_replace.is_empty()
        {
            self.push_event(idx, format!("(service {}) was unable to stop or start tasks during a deployment because of the service deployment configuration. Update the minimumHealthyPercent or maximumPercent value and try again.", svc.name));
        }
    }

    /// 4. Deployments with no tasks left retire; one deployment at the desired count is steady.
    fn settle_deployments(&mut self, round: &ReplicaRound) {
        let ReplicaRound {
            idx, svc, primary, ..
        } = round;
        let (idx, desired) = (*idx, round.desired());
        let now = self.now;
        let svc_now = self.ecs.services[idx].clone();
        let group = svc_now.group();
        let of_service = |t: &Task| t.cluster == svc_now.cluster && t.group == group;
        let alive = |w: &World, dep: &str| {
            w.ecs.tasks.iter().any(|t| {
                of_service(t)
                    && t.started_by.as_deref() == Some(dep)
                    && t.last_status != TaskStatus::Stopped
            })
        };
        let retire: Vec<String> = svc_now
            .deployments
            .iter()
            .filter(|d| d.status == DeploymentStatus::Active && !alive(self, &d.id))
            .map(|d| d.id.clone())
            .collect();
        let running_primary = self
            .ecs
            .tasks
            .iter()
            .filter(|t| {
                of_service(t)
                    && t.desired_status == DesiredStatus::Running
                    && t.last_status == TaskStatus::Running
                    && t.started_by.as_deref() == Some(&primary.id)
            })
            .count();
        let others_alive = svc_now.deployments.iter().any(|d| {
            d.status != DeploymentStatus::Primary
                && d.status != DeploymentStatus::Inactive
                && !retire.contains(&d.id)
        });
        let pending = self.ecs.tasks.iter().any(|t| {
            of_service(t)
                && t.desired_status == DesiredStatus::Running
                && t.last_status != TaskStatus::Running
        });
        let stopping = self.ecs.tasks.iter().any(|t| {
            of_service(t)
                && t.desired_status == DesiredStatus::Stopped
                && t.last_status != TaskStatus::Stopped
        });
        // Behind a load balancer, the deployment completes once the new tasks' targets are healthy.
        let targets_ok = svc_now.load_balancers.is_empty()
            || self
                .ecs
                .tasks
                .iter()
                .filter(|t| of_service(t) && t.desired_status == DesiredStatus::Running)
                .all(|t| self.targets_healthy(t));
        let steady_now =
            !others_alive && running_primary == desired && !pending && !stopping && targets_ok;
        let mut completed = None;
        {
            let svc = &mut self.ecs.services[idx];
            for d in &mut svc.deployments {
                if retire.contains(&d.id) {
                    d.status = DeploymentStatus::Inactive;
                    d.updated_at = now;
                }
                if d.status == DeploymentStatus::Primary
                    && steady_now
                    && d.rollout_state == RolloutState::InProgress
                {
                    d.rollout_state = RolloutState::Completed;
                    d.updated_at = now;
                    completed = Some(d.id.clone());
                }
            }
            svc.deployments
                .retain(|d| d.status != DeploymentStatus::Inactive);
            if let Some(id) = &completed {
                svc.last_completed = Some((id.clone(), svc.task_definition.clone()));
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
        if steady_now && !self.ecs.services[idx].steady {
            self.ecs.services[idx].steady = true;
            self.push_event(
                idx,
                format!("(service {}) has reached a steady state.", svc.name),
            );
        }
    }

    /// Places up to `n` tasks of the PRIMARY deployment; an unplaceable task ends the round with
    /// AWS's "unable to place a task" event naming the closest matching instance.
    fn start_service_tasks(
        &mut self,
        idx: usize,
        svc: &EcsService,
        primary: &Deployment,
        n: i64,
    ) -> Vec<String> {
        let Ok(td) = self
            .resolve_task_definition(&primary.task_definition, false)
            .cloned()
        else {
            return vec![];
        };
        let (lt, cps) = self.service_launch(idx);
        let launch = match self.check_launch(
            &td,
            &svc.cluster,
            lt,
            svc.network_configuration.as_ref(),
            &cps,
        ) {
            Ok(l) => l,
            Err(e) => {
                self.push_event(
                    idx,
                    format!(
                        "(service {}) was unable to start tasks: {} (sandbox wording)",
                        svc.name, e.message
                    ),
                );
                return vec![];
            }
        };
        let meta = TaskMeta {
            group: Some(svc.group()),
            started_by: Some(primary.id.clone()),
            overrides: None,
            tags: vec![],
            enable_execute_command: svc.enable_execute_command,
        };
        if launch.launch_type == LaunchType::Fargate {
            return self.start_on_fargate(idx, svc, &td, &launch, &meta, n);
        }
        self.start_on_instances(idx, svc, &td, &launch, &meta, n)
    }

    /// Fargate: each task in a zone of the service's subnets, with the next capacity provider.
    fn start_on_fargate(
        &mut self,
        idx: usize,
        svc: &EcsService,
        td: &TaskDefinition,
        launch: &Launch,
        meta: &TaskMeta,
        n: i64,
    ) -> Vec<String> {
        let mut started = vec![];
        let Some(network) = &launch.network else {
            return started;
        };
        for _ in 0..n {
            let provider =
                self.next_provider(&svc.cluster, &svc.group(), &launch.capacity_strategy);
            match self.launch_fargate(&svc.cluster, td, network, meta, provider) {
                Ok(id) => started.push(id),
                Err(e) => {
                    self.push_event(
                        idx,
                        format!(
                            "(service {}) was unable to start a task: {} (sandbox wording)",
                            svc.name, e.message
                        ),
                    );
                    break;
                }
            }
        }
        started
    }

    /// EC2: each task through the placement engine, on the cluster's ACTIVE and DRAINING
    /// instances; the first that cannot be placed ends the round with AWS's event.
    fn start_on_instances(
        &mut self,
        idx: usize,
        svc: &EcsService,
        td: &TaskDefinition,
        launch: &Launch,
        meta: &TaskMeta,
        n: i64,
    ) -> Vec<String> {
        let mut started = vec![];
        let Ok(plan) = PlacementPlan::new(
            td,
            &svc.placement_strategy,
            &svc.placement_constraints,
            svc.group(),
            default_service_strategies(),
        ) else {
            return started;
        };
        let candidates: Vec<String> = self
            .ecs
            .container_instances
            .iter()
            .filter(|c| {
                c.cluster == svc.cluster
                    && matches!(
                        c.status,
                        ContainerInstanceStatus::Active | ContainerInstanceStatus::Draining
                    )
            })
            .map(|c| c.id.clone())
            .collect();
        for _ in 0..n {
            if candidates.is_empty() {
                self.push_event(idx, unable_to_place(&svc.name, NO_CONTAINER_INSTANCES));
                break;
            }
            match self.place_and_create(
                &svc.cluster,
                td,
                &candidates,
                Some(&plan),
                meta,
                launch.network.as_ref(),
            ) {
                Ok(id) => {
                    started.push(id);
                    self.ecs.services[idx].last_unplaced = None;
                }
                Err(decision) => {
                    self.ecs.services[idx].last_unplaced = Some(decision.clone());
                    let reason = placement::closest_match(
                        &decision.verdicts,
                        &self.ecs.container_instances,
                        |c| c.arn.as_str(),
                    )
                    .and_then(|(v, ci)| {
                        v.failed
                            .map(|f| closest_matching(&ci.arn, f.closest_matching_text()))
                    })
                    .unwrap_or_else(|| NO_CONTAINER_INSTANCES.into());
                    self.push_event(idx, unable_to_place(&svc.name, &reason));
                    break;
                }
            }
        }
        started
    }
}

/// What one round of the REPLICA scheduler works from: the service as the round began, its
/// primary deployment, and its tasks split into the primary's (`good`) and the replaceable ones.
struct ReplicaRound {
    idx: usize,
    svc: EcsService,
    primary: Deployment,
    tasks: Vec<usize>,
    good: Vec<usize>,
    to_replace: Vec<usize>,
}

impl ReplicaRound {
    /// The service's desired count.
    fn desired(&self) -> usize {
        self.svc.desired_count as usize
    }
}
