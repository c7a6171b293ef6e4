//! The graph model: what the picture of the account shows, derived from the world and laid out in
//! plain numbers. Pure (no web types) so it is tested natively; `view.rs` turns it into SVG.
//!
//! Layout: the region's Availability Zones are lanes, left to right. Each lane holds its container
//! instances (CPU and memory bars, used host ports, the tasks on them) and then the tasks that have
//! no instance (Fargate, as ENIs in their subnet). Load balancers → listeners → target groups sit
//! in a band above the lanes; an edge runs from every registered target to the task behind it.

use ecs_sandbox_engine::ec2::InstanceState;
use ecs_sandbox_engine::ecs::services::ServiceStatus;
use ecs_sandbox_engine::ecs::types::{ContainerInstanceStatus, DesiredStatus, Task, TaskStatus};
use ecs_sandbox_engine::elbv2::{ActionKind, ConditionKind, LbState, TargetState, TargetType};
use ecs_sandbox_engine::world::World;

/// Above this many instances in one lane, or tasks on one instance, the rest are summarised.
pub const MAX_INSTANCES_PER_LANE: usize = 12;
pub const MAX_TASKS_PER_BOX: usize = 12;
pub const MAX_SERVICES: usize = 24;
/// Stopped tasks stay on the picture (faded) this long after they stopped, in virtual time.
const STOPPED_VISIBLE_MS: u64 = 120_000;

pub const LANE_W: f64 = 200.0;
/// A zone with nothing in it, beside zones with something: narrow, so the busy zones fit the
/// screen.
pub const EMPTY_LANE_W: f64 = 96.0;
const GAP: f64 = 12.0;
const CHIP_H: f64 = 18.0;
const TOP: f64 = 10.0;

/// What a click on the picture selects; the inspector shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NodeRef {
    Instance(String),
    Task(String),
    /// A service, by ARN.
    Service(String),
    LoadBalancer(String),
    TargetGroup(String),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

impl Rect {
    pub fn centre(&self) -> (f64, f64) {
        (self.x + self.w / 2.0, self.y + self.h / 2.0)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct TaskChip {
    pub id: String,
    /// What the chip says: `web:3` (family:revision) and the short id.
    pub label: String,
    /// The task group (`service:web`, `family:web`) — chips of one group share a colour.
    pub group: String,
    pub status: TaskStatus,
    /// Answered the last request through a load balancer.
    pub answered: bool,
    pub rect: Rect,
}

#[derive(Debug, Clone, PartialEq)]
pub struct InstanceBox {
    pub ec2_instance_id: String,
    pub instance_type: String,
    pub state: &'static str,
    /// The cluster it is registered in, if any (and the container instance's status).
    pub cluster: Option<(String, &'static str)>,
    /// (used, registered) CPU units and MiB.
    pub cpu: (u32, u32),
    pub memory: (u32, u32),
    pub ports: Vec<u16>,
    pub tasks: Vec<TaskChip>,
    pub hidden_tasks: usize,
    pub rect: Rect,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Lane {
    pub zone: String,
    pub subnets: Vec<String>,
    pub instances: Vec<InstanceBox>,
    pub hidden_instances: usize,
    /// Tasks with an ENI of their own and no instance (Fargate).
    pub fargate: Vec<TaskChip>,
    pub hidden_fargate: usize,
    pub rect: Rect,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    pub label: String,
    pub state: TargetState,
    /// The task behind the target, when one is.
    pub task: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TargetGroupBox {
    pub arn: String,
    pub name: String,
    pub targets: Vec<Target>,
    pub rect: Rect,
}

#[derive(Debug, Clone, PartialEq)]
pub struct LoadBalancerBox {
    pub arn: String,
    pub name: String,
    pub state: &'static str,
    /// One line per listener rule: `HTTP:80 /web* → web-tg`.
    pub routes: Vec<String>,
    pub rect: Rect,
    /// Target groups the listeners forward to (ARNs).
    pub forwards_to: Vec<String>,
    pub on_path: bool,
}

/// A service: its counts, and why its last task could not be placed, if it could not.
#[derive(Debug, Clone, PartialEq)]
pub struct ServiceBox {
    pub arn: String,
    pub name: String,
    pub cluster: String,
    /// `service:NAME`: its tasks' group, and so their colour.
    pub group: String,
    pub desired: u32,
    pub running: usize,
    pub pending: usize,
    /// The failure counts of its last unplaced task, most first: `RESOURCE:MEMORY ×2`.
    pub unplaced: Option<String>,
    pub rect: Rect,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Edge {
    pub from: (f64, f64),
    pub to: (f64, f64),
    pub state: TargetState,
    pub task: Option<String>,
    /// On the path of the last request through a load balancer (`curl`).
    pub on_path: bool,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Graph {
    pub lanes: Vec<Lane>,
    pub load_balancers: Vec<LoadBalancerBox>,
    pub target_groups: Vec<TargetGroupBox>,
    pub services: Vec<ServiceBox>,
    /// Services not drawn (beyond MAX_SERVICES).
    pub hidden_services: usize,
    /// LB → target group, target group → task.
    pub edges: Vec<Edge>,
    pub width: f64,
    pub height: f64,
}

fn short(id: &str) -> &str {
    &id[..id.len().min(8)]
}

fn family_revision(task_definition_arn: &str) -> &str {
    task_definition_arn
        .rsplit('/')
        .next()
        .unwrap_or(task_definition_arn)
}

/// The target health state as describe-target-health names it.
pub fn target_state_label(s: TargetState) -> &'static str {
    s.as_str()
}

fn rule_text(conditions: &[ConditionKind]) -> String {
    let parts: Vec<String> = conditions
        .iter()
        .map(|c| match c {
            ConditionKind::PathPattern(v) => v.join(","),
            ConditionKind::HostHeader(v) => format!("host {}", v.join(",")),
            ConditionKind::HttpHeader(n, v) => format!("{n}: {}", v.join(",")),
            ConditionKind::Method(v) => v.join(","),
            ConditionKind::QueryString(v) => format!(
                "?{}",
                v.iter()
                    .map(|(k, v)| format!("{}={v}", k.as_deref().unwrap_or("")))
                    .collect::<Vec<_>>()
                    .join("&")
            ),
            ConditionKind::SourceIp(v) => format!("from {}", v.join(",")),
        })
        .collect();
    if parts.is_empty() {
        "default".into()
    } else {
        parts.join(" ")
    }
}

impl Graph {
    pub fn of(world: &World) -> Graph {
        let mut g = Graph::default();
        let path = world.last_request();
        // Which tasks to draw: all not stopped, and the recently stopped (faded).
        let visible = |t: &&Task| {
            t.last_status != TaskStatus::Stopped
                || t.stopped_at
                    .is_some_and(|s| world.now().saturating_sub(s) < STOPPED_VISIBLE_MS)
        };
        let chip = |t: &Task| TaskChip {
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
        };

        let mut zones: Vec<String> = world
            .ec2()
            .subnets
            .iter()
            .map(|s| s.availability_zone.clone())
            .collect();
        zones.sort();
        zones.dedup();

        // The band of load balancers and target groups.
        let lb_h = |routes: usize| 26.0 + 14.0 * routes as f64;
        let mut y = TOP;
        let mut band_h: f64 = 0.0;
        let mut x = GAP;
        for lb in &world.elbv2().load_balancers {
            let mut routes = vec![];
            let mut forwards = vec![];
            for l in world
                .elbv2()
                .listeners
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
                                        .target_groups
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
            g.load_balancers.push(LoadBalancerBox {
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
        if !g.load_balancers.is_empty() {
            y += band_h + 3.0 * GAP;
            band_h = 0.0;
        }
        x = GAP;
        // Who answers at an address: (instance, host port) and task IP → task, built once (large
        // clusters).
        let mut by_address: std::collections::HashMap<(&str, u16), &str> =
            std::collections::HashMap::new();
        for t in world
            .ecs()
            .tasks
            .iter()
            .filter(|t| t.last_status != TaskStatus::Stopped)
        {
            if let Some(e) = &t.eni {
                by_address.insert((e.private_ip.as_str(), 0), t.id.as_str());
            }
            let host = t.container_instance_id.as_ref().and_then(|c| {
                world
                    .ecs()
                    .container_instances
                    .iter()
                    .find(|ci| &ci.id == c)
            });
            if let Some(h) = host {
                for b in t.containers.iter().flat_map(|c| &c.network_bindings) {
                    if let Ok(port) = u16::try_from(b.host_port) {
                        by_address.insert((h.ec2_instance_id.as_str(), port), t.id.as_str());
                    }
                }
            }
        }
        for tg in &world.elbv2().target_groups {
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
            g.target_groups.push(TargetGroupBox {
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
        if !g.target_groups.is_empty() {
            y += band_h + 3.0 * GAP;
        }

        // The band of services, a row at most as wide as the lanes (or three boxes).
        let per_row = zones.len().max(3);
        let live: Vec<_> = world
            .ecs()
            .services
            .iter()
            .filter(|s| s.status != ServiceStatus::Inactive)
            .collect();
        for (n, svc) in live.iter().take(MAX_SERVICES).enumerate() {
            let group = svc.group();
            let count = |pred: &dyn Fn(TaskStatus) -> bool| {
                world
                    .ecs()
                    .tasks
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
                    && !world.ecs().container_instances.iter().any(|c| {
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
            g.services.push(ServiceBox {
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
        g.hidden_services = live.len().saturating_sub(MAX_SERVICES);
        if !g.services.is_empty() {
            y += g.services.len().div_ceil(per_row) as f64 * (52.0 + GAP) + 2.0 * GAP;
        }
        let lanes_top = y;

        // The lanes.
        let mut lanes_h: f64 = 0.0;
        let subnet_zone = |subnet: &str| {
            world
                .ec2()
                .subnets
                .iter()
                .find(|s| s.subnet_id == subnet)
                .map(|s| s.availability_zone.as_str())
        };
        let fargate_in = |zone: &str| -> Vec<&Task> {
            world
                .ecs()
                .tasks
                .iter()
                .filter(|t| t.container_instance_id.is_none())
                .filter(visible)
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
                .instances
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
                .subnets
                .iter()
                .filter(|s| &s.availability_zone == zone)
                .map(|s| s.subnet_id.clone())
                .collect();
            let mut instances = vec![];
            for inst in in_zone.iter().take(MAX_INSTANCES_PER_LANE) {
                let ci = world.ecs().container_instances.iter().find(|c| {
                    c.ec2_instance_id == inst.instance_id
                        && c.status != ContainerInstanceStatus::Inactive
                });
                let on_it: Vec<_> = match ci {
                    Some(ci) => world
                        .ecs()
                        .tasks
                        .iter()
                        .filter(|t| t.container_instance_id.as_deref() == Some(&ci.id))
                        .filter(visible)
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
                let top = ly;
                let mut cy = top + 64.0;
                let mut tasks = vec![];
                for t in on_it.iter().take(shown) {
                    let mut c = chip(t);
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
                instances.push(InstanceBox {
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
                });
                ly += h + GAP;
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
                let mut c = chip(t);
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
            g.lanes.push(Lane {
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
        for l in &mut g.lanes {
            l.rect.h = lanes_h;
        }

        // Edges: load balancer → target group, target → task.
        let task_centres: std::collections::HashMap<&str, (f64, f64)> = g
            .lanes
            .iter()
            .flat_map(|l| l.instances.iter().flat_map(|i| &i.tasks).chain(&l.fargate))
            .map(|c| (c.id.as_str(), (c.rect.x, c.rect.y + c.rect.h / 2.0)))
            .collect();
        for lb in &g.load_balancers {
            for arn in &lb.forwards_to {
                if let Some(tg) = g.target_groups.iter().find(|t| &t.arn == arn) {
                    let from = (lb.rect.centre().0, lb.rect.y + lb.rect.h);
                    let on_path = path.is_some_and(|p| {
                        p.load_balancer == lb.arn && p.target_group.as_ref() == Some(arn)
                    });
                    g.edges.push(Edge {
                        from,
                        to: (tg.rect.centre().0, tg.rect.y),
                        state: TargetState::Healthy,
                        task: None,
                        on_path,
                    });
                }
            }
        }
        for tg in &g.target_groups {
            for t in &tg.targets {
                if let Some(to) = t.task.as_deref().and_then(|id| task_centres.get(id)) {
                    let on_path = path.is_some_and(|p| {
                        p.target_group.as_ref() == Some(&tg.arn) && p.task == t.task
                    });
                    g.edges.push(Edge {
                        from: (tg.rect.centre().0, tg.rect.y + tg.rect.h),
                        to: *to,
                        state: t.state,
                        task: t.task.clone(),
                        on_path,
                    });
                }
            }
        }
        let band_w = (g.load_balancers.len() as f64 * 2.0)
            .max(g.target_groups.len() as f64)
            .max(g.services.len().min(per_row) as f64)
            * LANE_W;
        g.width = lx.max(band_w) + GAP;
        g.height = lanes_top + lanes_h + GAP;
        g
    }

    /// Every task chip on the picture.
    pub fn chips(&self) -> impl Iterator<Item = &TaskChip> {
        self.lanes
            .iter()
            .flat_map(|l| l.instances.iter().flat_map(|i| &i.tasks).chain(&l.fargate))
    }

    /// The picture as sentences, for screen readers and for the text view.
    pub fn describe(&self) -> Vec<String> {
        let mut out = vec![];
        if let Some(c) = self.chips().find(|c| c.answered) {
            out.push(format!(
                "The last request through a load balancer was answered by task {}",
                c.label
            ));
        }
        for lb in &self.load_balancers {
            out.push(format!(
                "Load balancer {} ({}): {}",
                lb.name,
                lb.state,
                lb.routes.join("; ")
            ));
        }
        for tg in &self.target_groups {
            let targets: Vec<String> = tg
                .targets
                .iter()
                .map(|t| format!("{} {}", t.label, target_state_label(t.state)))
                .collect();
            out.push(format!(
                "Target group {}: {}",
                tg.name,
                if targets.is_empty() {
                    "no targets".into()
                } else {
                    targets.join(", ")
                }
            ));
        }
        for s in &self.services {
            out.push(format!(
                "Service {} in cluster {}: desired {}, running {}, pending {}{}",
                s.name,
                s.cluster,
                s.desired,
                s.running,
                s.pending,
                s.unplaced
                    .as_ref()
                    .map(|u| format!("; {u}"))
                    .unwrap_or_default()
            ));
        }
        if self.hidden_services > 0 {
            out.push(format!("{} more services", self.hidden_services));
        }
        for l in &self.lanes {
            for i in &l.instances {
                let cluster = i
                    .cluster
                    .as_ref()
                    .map(|(c, s)| format!("in cluster {c} ({s})"))
                    .unwrap_or_else(|| "not in a cluster".into());
                let tasks: Vec<String> = i
                    .tasks
                    .iter()
                    .map(|t| format!("{} {}", t.label, t.status.as_str()))
                    .collect();
                out.push(format!(
                    "{}: instance {} ({}, {}) {cluster}; CPU {}/{}, memory {}/{} MiB; ports {}; tasks: {}{}",
                    l.zone,
                    i.ec2_instance_id,
                    i.instance_type,
                    i.state,
                    i.cpu.0,
                    i.cpu.1,
                    i.memory.0,
                    i.memory.1,
                    if i.ports.is_empty() { "none".into() } else { i.ports.iter().map(u16::to_string).collect::<Vec<_>>().join(", ") },
                    if tasks.is_empty() { "none".into() } else { tasks.join(", ") },
                    if i.hidden_tasks > 0 { format!(" and {} more", i.hidden_tasks) } else { String::new() }
                ));
            }
            if l.hidden_instances > 0 {
                out.push(format!("{}: {} more instances", l.zone, l.hidden_instances));
            }
            for t in &l.fargate {
                out.push(format!(
                    "{}: Fargate task {} {}",
                    l.zone,
                    t.label,
                    t.status.as_str()
                ));
            }
            if l.hidden_fargate > 0 {
                out.push(format!(
                    "{}: {} more Fargate tasks",
                    l.zone, l.hidden_fargate
                ));
            }
        }
        out
    }
}

/// A stable colour for a task group, so one service's tasks look alike across renders.
pub fn group_hue(group: &str) -> u32 {
    let h = group.bytes().fold(2166136261u32, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(16777619)
    });
    h % 360
}
