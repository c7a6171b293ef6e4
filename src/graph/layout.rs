//! `Graph::of`: the layout of the picture, band by band (load balancers, target groups, services)
//! above the lanes of the Availability Zones, then the edges between them. Plain numbers, pure.

use super::*;
use ecs_sandbox_engine::elbv2::state::RequestPath;

/// The request a `curl` through a load balancer last made (lit up on the picture).
type Path<'a> = Option<&'a RequestPath>;

/// Which tasks to draw: all not stopped, and the recently stopped (faded).
fn visible(world: &World, t: &Task) -> bool {
    t.last_status != TaskStatus::Stopped
        || t.stopped_at
            .is_some_and(|s| world.now().saturating_sub(s) < STOPPED_VISIBLE_MS)
}

fn chip(t: &Task, path: Path) -> TaskChip {
    TaskChip {
        id: t.id.clone(),
        label: format!(
            "{} {}",
            family_revision(&t.task_definition_arn),
            short(&t.id)
        ),
        group: t.group.clone(),
        status: t.last_status,
        answered: path.is_some_and(|p| p.task.as_deref() == Some(t.id.as_str())),
        rect: Rect {
            x: 0.0,
            y: 0.0,
            w: 0.0,
            h: 0.0,
        },
    }
}

/// The zones with a subnet, in order.
fn zones(world: &World) -> Vec<String> {
    let mut zones: Vec<String> = world
        .ec2()
        .subnets()
        .iter()
        .map(|s| s.availability_zone.clone())
        .collect();
    zones.sort();
    zones.dedup();
    zones
}

/// An instance's box at (lane x, top): its cluster, CPU and memory in use, host ports, its tasks.
fn instance_box(
    world: &World,
    path: Path,
    inst: &ecs_sandbox_engine::ec2::Instance,
    lx: f64,
    top: f64,
) -> InstanceBox {
    let ci = world.ecs().container_instances().iter().find(|c| {
        c.ec2_instance_id == inst.instance_id && c.status != ContainerInstanceStatus::Inactive
    });
    let on_it: Vec<_> = match ci {
        Some(ci) => world
            .ecs()
            .tasks()
            .iter()
            .filter(|t| t.container_instance_id.as_deref() == Some(&ci.id))
            .filter(|t| visible(world, t))
            .collect(),
        None => vec![],
    };
    let using: Vec<_> = on_it
        .iter()
        .filter(|t| t.last_status != TaskStatus::Stopped)
        .collect();
    let cpu_used = using.iter().map(|t| t.cpu).sum();
    let mem_used = using.iter().map(|t| t.memory).sum();
    let mut ports: Vec<u16> = ci.map(|c| c.reserved_ports.clone()).unwrap_or_default();
    for t in &using {
        for b in t.containers.iter().flat_map(|c| &c.network_bindings) {
            ports.push(b.host_port.clamp(0, i64::from(u16::MAX)) as u16);
        }
    }
    ports.sort_unstable();
    ports.dedup();
    let shown = on_it.len().min(MAX_TASKS_PER_BOX);
    let mut cy = top + 64.0;
    let mut tasks = vec![];
    for t in on_it.iter().take(shown) {
        let mut c = chip(t, path);
        c.rect = Rect {
            x: lx + 8.0,
            y: cy,
            w: LANE_W - GAP - 16.0,
            h: CHIP_H - 3.0,
        };
        cy += CHIP_H;
        tasks.push(c);
    }
    let hidden_tasks = on_it.len() - shown;
    if hidden_tasks > 0 {
        cy += CHIP_H;
    }
    let h = cy - top + 6.0;
    InstanceBox {
        ec2_instance_id: inst.instance_id.clone(),
        instance_type: inst.instance_type.clone(),
        state: inst.state.name(),
        cluster: ci.map(|c| {
            (
                c.cluster
                    .rsplit('/')
                    .next()
                    .unwrap_or(&c.cluster)
                    .to_string(),
                c.status.as_str(),
            )
        }),
        cpu: (cpu_used, ci.map_or(0, |c| c.registered_cpu)),
        memory: (mem_used, ci.map_or(0, |c| c.registered_memory)),
        ports,
        tasks,
        hidden_tasks,
        rect: Rect {
            x: lx + 2.0,
            y: top,
            w: LANE_W - GAP - 4.0,
            h,
        },
    }
}

impl Graph {
    pub fn of(world: &World) -> Graph {
        let mut g = Graph::default();
        let path = world.last_request();
        let zones = zones(world);
        let y = g.load_balancer_band(world, path, TOP);
        let y = g.target_group_band(world, y);
        // The band of services, a row at most as wide as the lanes (or three boxes).
        let per_row = zones.len().max(3);
        let lanes_top = g.service_band(world, per_row, y);
        let (lx, lanes_h) = g.lanes(world, path, &zones, lanes_top);
        g.edges(path);
        let band_w = (g.load_balancers.len() as f64 * 2.0)
            .max(g.target_groups.len() as f64)
            .max(g.services.len().min(per_row) as f64)
            * LANE_W;
        g.width = lx.max(band_w) + GAP;
        g.height = lanes_top + lanes_h + GAP;
        g
    }

    /// The band of load balancers (with their listener rules) at `y`; returns the next band's y.
    fn load_balancer_band(&mut self, world: &World, path: Path, mut y: f64) -> f64 {
        let lb_h = |routes: usize| 26.0 + 14.0 * routes as f64;
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
    fn target_group_band(&mut self, world: &World, mut y: f64) -> f64 {
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
            let h = 26.0 + 14.0 * targets.len().min(9) as f64;
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

    /// The band of services at `y`, `per_row` to a row; returns where the lanes start.
    fn service_band(&mut self, world: &World, per_row: usize, mut y: f64) -> f64 {
        let live: Vec<_> = world
            .ecs()
            .services()
            .iter()
            .filter(|s| s.status != ServiceStatus::Inactive)
            .collect();
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
            let h = if unplaced.is_some() { 52.0 } else { 38.0 };
            let rect = Rect {
                x: GAP + (n % per_row) as f64 * LANE_W,
                y: y + (n / per_row) as f64 * (52.0 + GAP),
                w: LANE_W - GAP,
                h,
            };
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
        self.hidden_services = live.len().saturating_sub(MAX_SERVICES);
        if !self.services.is_empty() {
            y += self.services.len().div_ceil(per_row) as f64 * (52.0 + GAP) + 2.0 * GAP;
        }
        y
    }

    /// The lanes, one per zone, from `lanes_top`; returns their total width and their height.
    fn lanes(&mut self, world: &World, path: Path, zones: &[String], lanes_top: f64) -> (f64, f64) {
        let mut lanes_h: f64 = 0.0;
        let subnet_zone = |subnet: &str| {
            world
                .ec2()
                .subnets()
                .iter()
                .find(|s| s.subnet_id == subnet)
                .map(|s| s.availability_zone.as_str())
        };
        let fargate_in = |zone: &str| -> Vec<&Task> {
            world
                .ecs()
                .tasks()
                .iter()
                .filter(|t| t.container_instance_id.is_none())
                .filter(|t| visible(world, t))
                .filter(|t| {
                    t.eni
                        .as_ref()
                        .and_then(|e| subnet_zone(&e.subnet_id))
                        .unwrap_or(&t.availability_zone)
                        == zone
                })
                .collect()
        };
        let instances_in = |zone: &str| -> Vec<&ecs_sandbox_engine::ec2::Instance> {
            world
                .ec2()
                .instances()
                .iter()
                .filter(|i| i.availability_zone == zone && i.state != InstanceState::Terminated)
                .collect()
        };
        // Each zone's instances and Fargate tasks, found once: they decide the lane's width and
        // fill it.
        let contents: Vec<_> = zones
            .iter()
            .map(|z| (instances_in(z), fargate_in(z)))
            .collect();
        let any_busy = contents.iter().any(|(i, f)| !i.is_empty() || !f.is_empty());
        let mut lx = GAP / 2.0;
        for (zone, (in_zone, fargate_tasks)) in zones.iter().zip(contents) {
            let busy = !in_zone.is_empty() || !fargate_tasks.is_empty();
            let lane_w = if busy || !any_busy {
                LANE_W
            } else {
                EMPTY_LANE_W
            };
            let mut ly = lanes_top + 40.0;
            let subnets = world
                .ec2()
                .subnets()
                .iter()
                .filter(|s| &s.availability_zone == zone)
                .map(|s| s.subnet_id.clone())
                .collect();
            let mut instances = vec![];
            for inst in in_zone.iter().take(MAX_INSTANCES_PER_LANE) {
                let b = instance_box(world, path, inst, lx, ly);
                ly += b.rect.h + GAP;
                instances.push(b);
            }
            let hidden_instances = in_zone.len().saturating_sub(MAX_INSTANCES_PER_LANE);
            if hidden_instances > 0 {
                ly += CHIP_H + GAP;
            }
            let mut fargate = vec![];
            if !fargate_tasks.is_empty() {
                ly += 20.0;
            }
            for t in fargate_tasks.iter().take(MAX_TASKS_PER_BOX * 2) {
                let mut c = chip(t, path);
                c.rect = Rect {
                    x: lx + 8.0,
                    y: ly,
                    w: LANE_W - GAP - 16.0,
                    h: CHIP_H - 3.0,
                };
                ly += CHIP_H;
                fargate.push(c);
            }
            let hidden_fargate = fargate_tasks.len() - fargate.len();
            if hidden_fargate > 0 {
                ly += CHIP_H;
            }
            lanes_h = lanes_h.max(ly - lanes_top);
            self.lanes.push(Lane {
                zone: zone.clone(),
                subnets,
                instances,
                hidden_instances,
                fargate,
                hidden_fargate,
                rect: Rect {
                    x: lx,
                    y: lanes_top,
                    w: lane_w - 4.0,
                    h: 0.0,
                },
            });
            lx += lane_w;
        }
        let lanes_h = lanes_h.max(120.0) + GAP;
        for l in &mut self.lanes {
            l.rect.h = lanes_h;
        }
        (lx, lanes_h)
    }

    /// Edges: load balancer → target group, target → task.
    fn edges(&mut self, path: Path) {
        let task_centres: std::collections::HashMap<&str, (f64, f64)> = self
            .lanes
            .iter()
            .flat_map(|l| l.instances.iter().flat_map(|i| &i.tasks).chain(&l.fargate))
            .map(|c| (c.id.as_str(), (c.rect.x, c.rect.y + c.rect.h / 2.0)))
            .collect();
        for lb in &self.load_balancers {
            for arn in &lb.forwards_to {
                if let Some(tg) = self.target_groups.iter().find(|t| &t.arn == arn) {
                    let from = (lb.rect.centre().0, lb.rect.y + lb.rect.h);
                    let on_path = path.is_some_and(|p| {
                        p.load_balancer == lb.arn && p.target_group.as_ref() == Some(arn)
                    });
                    self.edges.push(Edge {
                        from,
                        to: (tg.rect.centre().0, tg.rect.y),
                        state: TargetState::Healthy,
                        task: None,
                        on_path,
                    });
                }
            }
        }
        for tg in &self.target_groups {
            for t in &tg.targets {
                if let Some(to) = t.task.as_deref().and_then(|id| task_centres.get(id)) {
                    let on_path = path.is_some_and(|p| {
                        p.target_group.as_ref() == Some(&tg.arn) && p.task == t.task
                    });
                    self.edges.push(Edge {
                        from: (tg.rect.centre().0, tg.rect.y + tg.rect.h),
                        to: *to,
                        state: t.state,
                        task: t.task.clone(),
                        on_path,
                    });
                }
            }
        }
    }
}
