//! The bands above the lanes: load balancers with their listener rules, target groups, services
//! (with their counts and notices), and the overview's legend. Each takes the y it starts at and
//! returns the next band's.

use super::layout::{at, count_groups, visible, Path, Scene, LINE};
use super::*;

impl Graph {
    /// The band of load balancers (with their listener rules) at `y`; returns the next band's y.
    pub(super) fn load_balancer_band(&mut self, world: &World, path: Path, mut y: f64) -> f64 {
        let lb_h = |routes: usize| 30.0 + LINE * routes as f64;
        let mut band_h: f64 = 0.0;
        let mut x = GAP;
        for lb in world.elbv2().load_balancers() {
            let mut routes = vec![];
            let mut forwards = vec![];
            for l in world
                .elbv2()
                .listeners()
                .iter()
                .filter(|l| l.load_balancer_arn == lb.arn)
            {
                let mut rules: Vec<_> = l
                    .rules
                    .iter()
                    .map(|r| (r.priority, rule_text(&r.conditions), &r.actions))
                    .collect();
                rules.sort_by_key(|r| r.0);
                rules.push((u32::MAX, "default".into(), &l.default_actions));
                for (_, cond, actions) in rules {
                    let to = actions
                        .iter()
                        .map(|a| match &a.kind {
                            ActionKind::Forward(tgs) => tgs
                                .iter()
                                .map(|(arn, _)| {
                                    forwards.push(arn.clone());
                                    world
                                        .elbv2()
                                        .target_groups()
                                        .iter()
                                        .find(|t| &t.arn == arn)
                                        .map(|t| t.name.clone())
                                        .unwrap_or_default()
                                })
                                .collect::<Vec<_>>()
                                .join("+"),
                            ActionKind::FixedResponse { status, .. } => format!("fixed {status}"),
                            ActionKind::Redirect { status, .. } => format!("redirect {status}"),
                        })
                        .collect::<Vec<_>>()
                        .join(", ");
                    routes.push(format!("{}:{} {cond} → {to}", l.protocol, l.port));
                }
            }
            forwards.sort();
            forwards.dedup();
            let h = lb_h(routes.len());
            let state = match lb.state {
                LbState::Provisioning => "provisioning",
                LbState::Active => "active",
            };
            self.load_balancers.push(LoadBalancerBox {
                arn: lb.arn.clone(),
                name: lb.name.clone(),
                state,
                routes,
                rect: Rect {
                    x,
                    y,
                    w: 2.0 * LANE_W - GAP,
                    h,
                },
                forwards_to: forwards,
                on_path: path.is_some_and(|p| p.load_balancer == lb.arn),
            });
            x += 2.0 * LANE_W;
            band_h = band_h.max(h);
        }
        if !self.load_balancers.is_empty() {
            y += band_h + 3.0 * GAP;
        }
        y
    }

    /// The band of target groups (their targets, and the task behind each) at `y`; returns the
    /// next band's y.
    pub(super) fn target_group_band(&mut self, world: &World, mut y: f64) -> f64 {
        let mut band_h: f64 = 0.0;
        let mut x = GAP;
        // Who answers at an address: (instance, host port) and task IP → task, built once (large
        // clusters).
        let mut by_address: std::collections::HashMap<(&str, u16), &str> =
            std::collections::HashMap::new();
        for t in world
            .ecs()
            .tasks()
            .iter()
            .filter(|t| t.last_status != TaskStatus::Stopped)
        {
            if let Some(e) = &t.eni {
                by_address.insert((e.private_ip.as_str(), 0), t.id.as_str());
            }
            let host = world.ecs().host_of(t);
            if let Some(h) = host {
                for b in t.containers.iter().flat_map(|c| &c.network_bindings) {
                    if let Ok(port) = u16::try_from(b.host_port) {
                        by_address.insert((h.ec2_instance_id.as_str(), port), t.id.as_str());
                    }
                }
            }
        }
        for tg in world.elbv2().target_groups() {
            let targets: Vec<Target> = tg
                .targets
                .iter()
                .map(|r| {
                    let key = match tg.target_type {
                        TargetType::Ip => (r.id.as_str(), 0),
                        _ => (r.id.as_str(), r.port),
                    };
                    let task = by_address.get(&key).map(|id| id.to_string());
                    Target {
                        label: format!("{}:{}", r.id, r.port),
                        state: r.state,
                        task,
                    }
                })
                .collect();
            let h = 30.0 + LINE * targets.len().min(9) as f64;
            self.target_groups.push(TargetGroupBox {
                arn: tg.arn.clone(),
                name: tg.name.clone(),
                targets,
                rect: Rect {
                    x,
                    y,
                    w: LANE_W - GAP,
                    h,
                },
            });
            x += LANE_W;
            band_h = band_h.max(h);
        }
        if !self.target_groups.is_empty() {
            y += band_h + 3.0 * GAP;
        }
        y
    }

    /// The band of services at `y`, `per_row` to a row; returns the next band's y.
    pub(super) fn service_band(&mut self, world: &World, per_row: usize, mut y: f64) -> f64 {
        let live: Vec<_> = world
            .ecs()
            .services()
            .iter()
            .filter(|s| s.status != ServiceStatus::Inactive)
            .collect();
        let mut row_h: Vec<f64> = vec![];
        for (n, svc) in live.iter().take(MAX_SERVICES).enumerate() {
            let group = svc.group();
            let count = |pred: &dyn Fn(TaskStatus) -> bool| {
                world
                    .ecs()
                    .tasks()
                    .iter()
                    .filter(|t| {
                        t.group == group
                            && t.cluster == svc.cluster
                            && t.desired_status == DesiredStatus::Running
                            && pred(t.last_status)
                    })
                    .count()
            };
            let unplaced = svc.last_unplaced.as_ref().map(|d| {
                let causes = ecs_sandbox_engine::placement::failure_counts(&d.verdicts);
                if causes.is_empty() {
                    "unplaced: 0 container instances".to_string()
                } else {
                    format!(
                        "unplaced: {}",
                        causes
                            .iter()
                            .map(|(c, k)| format!("{c} ×{k}"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                }
            });
            let (running, pending) = (
                count(&|s| s == TaskStatus::Running),
                count(&|s| {
                    matches!(
                        s,
                        TaskStatus::Provisioning | TaskStatus::Pending | TaskStatus::Activating
                    )
                }),
            );
            // Short of tasks in a cluster with no instance to place them on (the scheduler records
            // no decision).
            let no_instances = || {
                svc.launch_type == ecs_sandbox_engine::ecs::LaunchType::Ec2
                    && svc.capacity_provider_strategy.is_empty()
                    && !world.ecs().container_instances().iter().any(|c| {
                        c.cluster == svc.cluster && c.status == ContainerInstanceStatus::Active
                    })
            };
            let unplaced = unplaced.or_else(|| {
                ((running + pending) < svc.desired_count as usize && no_instances())
                    .then(|| "unplaced: 0 container instances".to_string())
            });
            // Name and cluster, the counts, and the notice of an unplaced task.
            let notice_lines = unplaced
                .as_ref()
                .map_or(0, |u| wrap(u, NOTICE_CHARS).len().min(2));
            // Pending tasks have a line of their own.
            let pending_h = if pending > 0 { LINE } else { 0.0 };
            let h = pending_h
                + match notice_lines {
                    0 => 48.0,
                    n => 58.0 + LINE * n as f64,
                };
            let row = n / per_row;
            if row_h.len() <= row {
                row_h.push(0.0);
            }
            row_h[row] = row_h[row].max(h);
            let rect = at(GAP + (n % per_row) as f64 * LANE_W, 0.0, LANE_W - GAP, h);
            self.services.push(ServiceBox {
                arn: svc.arn.clone(),
                name: svc.name.clone(),
                cluster: svc
                    .cluster
                    .rsplit('/')
                    .next()
                    .unwrap_or(&svc.cluster)
                    .to_string(),
                group,
                desired: svc.desired_count,
                running,
                pending,
                unplaced,
                rect,
            });
        }
        // Each row as high as its highest box.
        let mut row_y = vec![];
        for h in &row_h {
            row_y.push(y);
            y += h + GAP;
        }
        for (n, s) in self.services.iter_mut().enumerate() {
            s.rect.y = row_y[n / per_row];
        }
        self.hidden_services = live.len().saturating_sub(MAX_SERVICES);
        if !self.services.is_empty() {
            y += GAP;
        }
        y
    }

    /// The overview's legend at `y`, a row of colours no wider than `max_w` (then the next row):
    /// each task group with its name and number of tasks. Returns where the lanes start.
    pub(super) fn legend_band(&mut self, scene: &Scene, max_w: f64, y: f64) -> f64 {
        let counts = count_groups(
            scene
                .world
                .ecs()
                .tasks()
                .iter()
                .filter(|t| visible(scene.world, t)),
        );
        let (mut x, mut row) = (GAP, 0.0);
        for (group, count) in counts.into_iter().take(MAX_SERVICES) {
            let name = abbreviate(group_name(&group), 24);
            let w =
                30.0 + (name.chars().count() + 1 + count.to_string().len()) as f64 * CHAR_W_SMALL;
            if x > GAP && x + w > max_w {
                x = GAP;
                row += 22.0;
            }
            self.legend.push(LegendItem {
                group,
                name,
                count,
                rect: at(x, y + row, w, 20.0),
            });
            x += w + GAP;
        }
        if self.legend.is_empty() {
            y
        } else {
            y + row + 22.0 + GAP
        }
    }
}
