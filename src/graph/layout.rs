//! `Graph::of`: the layout of the picture, band by band (`bands.rs`: load balancers, target groups,
//! services, the overview's legend) above the lanes of the Availability Zones, then the edges
//! between them. Plain numbers, pure.

use super::*;
use ecs_sandbox_engine::ecs::types::ContainerInstance;
use ecs_sandbox_engine::elbv2::state::RequestPath;
use std::collections::HashMap;

/// The request a `curl` through a load balancer last made (lit up on the picture).
pub(super) type Path<'a> = Option<&'a RequestPath>;

/// Above this many tasks the picture is an overview: tasks are squares grouped by service.
pub const OVERVIEW_ABOVE: usize = 40;
/// A lane of the overview, and its squares (side, and the distance from one to the next).
pub const OVERVIEW_LANE_W: f64 = 168.0;
const SQUARE: f64 = 10.0;
const SQUARE_STEP: f64 = 13.0;
/// The overview draws more tasks to an instance: squares are small.
const OVERVIEW_TASKS_PER_BOX: usize = 48;
/// A line of 13 px text.
pub(super) const LINE: f64 = 17.0;
/// The lane's header: zone, subnets, totals.
const LANE_HEADER: f64 = 64.0;

/// Which tasks to draw: all not stopped, and the recently stopped (faded).
pub(super) fn visible(world: &World, t: &Task) -> bool {
    t.last_status != TaskStatus::Stopped
        || t.stopped_at
            .is_some_and(|s| world.now().saturating_sub(s) < STOPPED_VISIBLE_MS)
}

pub(super) fn at(x: f64, y: f64, w: f64, h: f64) -> Rect {
    Rect { x, y, w, h }
}

/// What every part of the layout reads: the world, the last request, the tasks found once.
pub(super) struct Scene<'a> {
    pub(super) world: &'a World,
    path: Path<'a>,
    /// The visible tasks on each container instance, by its ID.
    on_instance: HashMap<&'a str, Vec<&'a Task>>,
    overview: bool,
    lane_w: f64,
}

impl<'a> Scene<'a> {
    fn new(world: &'a World) -> Scene<'a> {
        let mut on_instance: HashMap<&str, Vec<&Task>> = HashMap::new();
        let mut visible_tasks = 0;
        for t in world.ecs().tasks().iter().filter(|t| visible(world, t)) {
            visible_tasks += 1;
            if let Some(ci) = &t.container_instance_id {
                on_instance.entry(ci.as_str()).or_default().push(t);
            }
        }
        let overview = visible_tasks > OVERVIEW_ABOVE;
        if overview {
            // Squares of one group side by side.
            for tasks in on_instance.values_mut() {
                by_group(tasks);
            }
        }
        Scene {
            world,
            path: world.last_request(),
            on_instance,
            overview,
            lane_w: if overview { OVERVIEW_LANE_W } else { LANE_W },
        }
    }

    /// The live container instance of an EC2 instance (a look through a few hundred at most).
    fn registered(&self, ec2_instance_id: &str) -> Option<&'a ContainerInstance> {
        self.world.ecs().container_instances().iter().find(|c| {
            c.ec2_instance_id == ec2_instance_id && c.status != ContainerInstanceStatus::Inactive
        })
    }

    fn tasks_on(&self, ec2_instance_id: &str) -> &[&'a Task] {
        self.registered(ec2_instance_id)
            .and_then(|ci| self.on_instance.get(ci.id.as_str()))
            .map_or(&[], Vec::as_slice)
    }

    fn chip(&self, t: &Task, instance: Option<&str>, rect: Rect) -> TaskChip {
        TaskChip {
            id: t.id.clone(),
            label: format!(
                "{} {}",
                family_revision(&t.task_definition_arn),
                short(&t.id)
            ),
            instance: instance.map(str::to_string),
            group: t.group.clone(),
            status: t.last_status,
            answered: self
                .path
                .is_some_and(|p| p.task.as_deref() == Some(t.id.as_str())),
            rect,
        }
    }

    /// Where the `n`th of a box's tasks goes: a chip a line (`x`, `top`: the first chip's corner,
    /// `w`: the box's inner width), or in the overview a square in rows.
    fn task_rect(&self, n: usize, x: f64, top: f64, w: f64) -> Rect {
        if self.overview {
            let per_row = (((w + SQUARE_STEP - SQUARE) / SQUARE_STEP).floor() as usize).max(1);
            at(
                x + (n % per_row) as f64 * SQUARE_STEP,
                top + (n / per_row) as f64 * SQUARE_STEP,
                SQUARE,
                SQUARE,
            )
        } else {
            at(x, top + n as f64 * CHIP_STEP, w, CHIP_H)
        }
    }

    /// The height `count` tasks take from the first one's top.
    fn tasks_h(&self, count: usize, w: f64) -> f64 {
        match count {
            0 => 0.0,
            _ => {
                let last = self.task_rect(count - 1, 0.0, 0.0, w);
                last.y + last.h + 6.0
            }
        }
    }

    fn per_box(&self) -> usize {
        if self.overview {
            OVERVIEW_TASKS_PER_BOX
        } else {
            MAX_TASKS_PER_BOX
        }
    }

    /// An instance's box at (lane x, top): its cluster, CPU and memory in use, host ports, its
    /// tasks.
    fn instance_box(
        &self,
        inst: &ecs_sandbox_engine::ec2::Instance,
        lx: f64,
        top: f64,
    ) -> InstanceBox {
        let ci = self.registered(&inst.instance_id);
        let on_it = self.tasks_on(&inst.instance_id);
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
        let w = self.lane_w - GAP - 4.0;
        // The overview's box: its ID and two thin bars above the squares; else ID, type and
        // cluster, the bars with their numbers, the ports, then the chips.
        let tasks_top = top + if self.overview { 30.0 } else { 90.0 };
        let inner_w = w - 12.0;
        let shown = on_it.len().min(self.per_box());
        let tasks = on_it[..shown]
            .iter()
            .enumerate()
            .map(|(n, t)| {
                let rect = self.task_rect(n, lx + 8.0, tasks_top, inner_w);
                self.chip(t, Some(&inst.instance_id), rect)
            })
            .collect();
        let hidden_tasks = on_it.len() - shown;
        let mut h = tasks_top - top + self.tasks_h(shown, inner_w);
        if hidden_tasks > 0 {
            h += LINE + 4.0;
        }
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
            agent_connected: ci.is_none_or(|c| c.agent_connected),
            tasks,
            hidden_tasks,
            rect: at(
                lx + 2.0,
                top,
                w,
                h.max(if self.overview { 34.0 } else { 84.0 }),
            ),
        }
    }
}

/// Tasks of one group next to each other, groups in the order they first appear (no sort: each
/// sort's code is kilobytes of the page).
fn by_group(tasks: &mut Vec<&Task>) {
    let mut groups: Vec<&str> = vec![];
    for t in tasks.iter() {
        if !groups.contains(&t.group.as_str()) {
            groups.push(&t.group);
        }
    }
    if groups.len() > 1 {
        let grouped = groups
            .iter()
            .flat_map(|g| tasks.iter().filter(move |t| t.group == *g).copied())
            .collect();
        *tasks = grouped;
    }
}

/// Counts (of tasks by group, of work by zone), most first, then by name. An insertion sort: the
/// lists are a few zones or services long, and std's sort would add kilobytes to the page.
fn most_first(mut counts: Vec<(String, usize)>) -> Vec<(String, usize)> {
    for i in 1..counts.len() {
        let mut j = i;
        while j > 0 && (counts[j].1, &counts[j - 1].0) > (counts[j - 1].1, &counts[j].0) {
            counts.swap(j, j - 1);
            j -= 1;
        }
    }
    counts
}

pub(super) fn count_groups<'t>(tasks: impl Iterator<Item = &'t Task>) -> Vec<(String, usize)> {
    let mut counts: Vec<(String, usize)> = vec![];
    for t in tasks {
        match counts.iter_mut().find(|(g, _)| *g == t.group) {
            Some(c) => c.1 += 1,
            None => counts.push((t.group.clone(), 1)),
        }
    }
    most_first(counts)
}

/// The zones with a subnet, and any zone taken down, in order.
fn zones(world: &World) -> Vec<String> {
    let mut zones: Vec<String> = world
        .ec2()
        .subnets()
        .iter()
        .map(|s| s.availability_zone.clone())
        .chain(world.impaired_zones().iter().cloned())
        .collect();
    zones.sort();
    zones.dedup();
    zones
}

impl Graph {
    pub fn of(world: &World) -> Graph {
        let scene = Scene::new(world);
        let mut g = Graph {
            overview: scene.overview,
            ..Graph::default()
        };
        let zones = zones(world);
        let y = g.load_balancer_band(world, scene.path, TOP);
        let y = g.target_group_band(world, y);
        // The band of services, a row at most as wide as the busy lanes (or three boxes).
        let busy_w = zones.len() as f64 * scene.lane_w;
        let per_row = ((busy_w / LANE_W).floor() as usize).max(3);
        let y = g.service_band(world, per_row, y);
        let lanes_top = if scene.overview {
            g.legend_band(&scene, per_row as f64 * LANE_W, y)
        } else {
            y
        };
        let (lx, lanes_h) = g.lanes(&scene, &zones, lanes_top);
        g.edges(scene.path);
        let legend_w = g.legend.last().map_or(0.0, |l| l.rect.x + l.rect.w);
        let band_w = (g.load_balancers.len() as f64 * 2.0)
            .max(g.target_groups.len() as f64)
            .max(g.services.len().min(per_row) as f64)
            * LANE_W;
        g.width = lx.max(band_w).max(legend_w) + GAP;
        g.height = lanes_top + lanes_h + GAP;
        g
    }

    /// The lanes from `lanes_top`: the busy zones, most instances and tasks first, then an empty
    /// zone that is down, then one stub for the empty zones. Returns their total width and their
    /// height.
    fn lanes(&mut self, scene: &Scene, zones: &[String], lanes_top: f64) -> (f64, f64) {
        let world = scene.world;
        let subnet_zone = |subnet: &str| {
            world
                .ec2()
                .subnets()
                .iter()
                .find(|s| s.subnet_id == subnet)
                .map(|s| s.availability_zone.as_str())
        };
        let mut fargate_in: HashMap<&str, Vec<&Task>> = HashMap::new();
        for t in world
            .ecs()
            .tasks()
            .iter()
            .filter(|t| t.container_instance_id.is_none() && visible(world, t))
        {
            let zone = t
                .eni
                .as_ref()
                .and_then(|e| subnet_zone(&e.subnet_id))
                .unwrap_or(&t.availability_zone);
            fargate_in.entry(zone).or_default().push(t);
        }
        let instances_in = |zone: &str| -> Vec<&ecs_sandbox_engine::ec2::Instance> {
            world
                .ec2()
                .instances()
                .iter()
                .filter(|i| i.availability_zone == zone && i.state != InstanceState::Terminated)
                .collect()
        };
        // Each zone's instances and Fargate tasks, found once: they order the lanes and fill them.
        let mut contents: Vec<_> = zones
            .iter()
            .map(|z| {
                let tasks = fargate_in.remove(z.as_str()).unwrap_or_default();
                (z, (instances_in(z), tasks))
            })
            .collect();
        let weight = |(i, f): &(Vec<&ecs_sandbox_engine::ec2::Instance>, Vec<&Task>)| {
            i.len()
                + f.len()
                + i.iter()
                    .map(|i| scene.tasks_on(&i.instance_id).len())
                    .sum::<usize>()
        };
        let down = |z: &str| world.impaired_zones().iter().any(|d| d == z);
        let order = most_first(
            contents
                .iter()
                .map(|(z, c)| (z.to_string(), weight(c)))
                .collect(),
        );
        let contents: Vec<_> = order
            .iter()
            .filter_map(|(z, _)| {
                let at = contents.iter().position(|(c, _)| *c == z)?;
                Some(contents.swap_remove(at))
            })
            .collect();
        let mut empty = vec![];
        let mut lanes_h: f64 = 0.0;
        let mut lx = GAP / 2.0;
        for (zone, (in_zone, fargate_tasks)) in &contents {
            let busy = !in_zone.is_empty() || !fargate_tasks.is_empty();
            if !busy && !down(zone) {
                empty.push(zone.to_string());
                continue;
            }
            let lane_w = if busy { scene.lane_w } else { EMPTY_LANE_W };
            let subnets = world
                .ec2()
                .subnets()
                .iter()
                .filter(|s| &&s.availability_zone == zone)
                .map(|s| s.subnet_id.clone())
                .collect();
            let mut ly = lanes_top + LANE_HEADER;
            let mut instances = vec![];
            for inst in in_zone.iter().take(MAX_INSTANCES_PER_LANE) {
                let b = scene.instance_box(inst, lx, ly);
                ly += b.rect.h + GAP;
                instances.push(b);
            }
            let hidden_instances = in_zone.len().saturating_sub(MAX_INSTANCES_PER_LANE);
            if hidden_instances > 0 {
                ly += LINE + GAP;
            }
            let mut fargate = vec![];
            if !fargate_tasks.is_empty() {
                ly += 22.0;
            }
            let inner_w = scene.lane_w - GAP - 16.0;
            let shown = fargate_tasks.len().min(scene.per_box() * 2);
            for (n, t) in fargate_tasks[..shown].iter().enumerate() {
                let rect = scene.task_rect(n, lx + 8.0, ly, inner_w);
                fargate.push(scene.chip(t, None, rect));
            }
            ly += scene.tasks_h(shown, inner_w);
            let hidden_fargate = fargate_tasks.len() - shown;
            if hidden_fargate > 0 {
                ly += LINE;
            }
            let task_count = fargate_tasks.len()
                + in_zone
                    .iter()
                    .map(|i| scene.tasks_on(&i.instance_id).len())
                    .sum::<usize>();
            let mut groups: Vec<(String, usize)> = vec![];
            if scene.overview {
                let all = in_zone
                    .iter()
                    .flat_map(|i| scene.tasks_on(&i.instance_id))
                    .chain(fargate_tasks.iter());
                groups = count_groups(all.copied());
                groups.truncate(MAX_SERVICES);
                // The lane's totals by group, under its instances.
                ly += groups.len() as f64 * LINE + 4.0;
            }
            lanes_h = lanes_h.max(ly - lanes_top);
            self.lanes.push(Lane {
                zone: zone.to_string(),
                subnets,
                instances,
                hidden_instances,
                fargate,
                hidden_fargate,
                down: down(zone),
                instance_count: in_zone.len(),
                task_count,
                groups,
                rect: at(lx, lanes_top, lane_w - 4.0, 0.0),
            });
            lx += lane_w;
        }
        if !empty.is_empty() {
            let subnets = world
                .ec2()
                .subnets()
                .iter()
                .filter(|s| empty.contains(&s.availability_zone))
                .map(|s| s.subnet_id.clone())
                .collect();
            // Wide enough for its words when it is the whole picture.
            let w = if self.lanes.is_empty() {
                2.0 * LANE_W
            } else {
                EMPTY_LANE_W
            };
            lanes_h = lanes_h.max(LANE_HEADER + LINE * (empty.len() as f64 / 3.0).ceil());
            self.empty_zones = Some(EmptyZones {
                zones: empty,
                subnets,
                rect: at(lx, lanes_top, w - 4.0, 0.0),
            });
            lx += w;
        }
        let lanes_h = lanes_h.max(120.0) + GAP;
        for l in &mut self.lanes {
            l.rect.h = lanes_h;
        }
        if let Some(e) = &mut self.empty_zones {
            e.rect.h = lanes_h;
        }
        (lx, lanes_h)
    }

    /// Edges: load balancer → target group, target → task.
    /// Edges, drawn square-cornered in the gaps between the boxes: a load balancer down to the gap
    /// under its band, across, and down into its target group; a target group down to the gap
    /// under its band, across to the gutter left of the task's lane, down the gutter and into the
    /// chip's left edge. The gutters between lanes line up with the gaps between service boxes, so
    /// an edge crosses no box on its way.
    fn edges(&mut self, path: Path) {
        let task_anchors: std::collections::HashMap<&str, (f64, f64)> = self
            .lanes
            .iter()
            .flat_map(|l| l.instances.iter().flat_map(|i| &i.tasks).chain(&l.fargate))
            .map(|c| (c.id.as_str(), (c.rect.x, c.rect.y + c.rect.h / 2.0)))
            .collect();
        let below = |rects: &mut dyn Iterator<Item = &Rect>| {
            rects.map(|r| r.y + r.h).fold(0.0, f64::max) + 1.5 * GAP
        };
        let lb_gap = below(&mut self.load_balancers.iter().map(|l| &l.rect));
        let tg_gap = below(&mut self.target_groups.iter().map(|t| &t.rect));
        for lb in &self.load_balancers {
            for arn in &lb.forwards_to {
                if let Some(tg) = self.target_groups.iter().find(|t| &t.arn == arn) {
                    let (from_x, to_x) = (lb.rect.centre().0, tg.rect.centre().0);
                    let on_path = path.is_some_and(|p| {
                        p.load_balancer == lb.arn && p.target_group.as_ref() == Some(arn)
                    });
                    self.edges.push(Edge {
                        from: (from_x, lb.rect.y + lb.rect.h),
                        via: vec![(from_x, lb_gap), (to_x, lb_gap)],
                        to: (to_x, tg.rect.y),
                        state: TargetState::Healthy,
                        task: None,
                        on_path,
                    });
                }
            }
        }
        for tg in &self.target_groups {
            for t in &tg.targets {
                let Some(&to) = t.task.as_deref().and_then(|id| task_anchors.get(id)) else {
                    continue;
                };
                // The gutter just left of the lane the task is in.
                let gutter = self
                    .lanes
                    .iter()
                    .find(|l| l.rect.x <= to.0 && to.0 <= l.rect.x + l.rect.w)
                    .map_or(to.0 - 6.0, |l| l.rect.x - 2.0);
                let on_path = path
                    .is_some_and(|p| p.target_group.as_ref() == Some(&tg.arn) && p.task == t.task);
                let from_x = tg.rect.centre().0;
                self.edges.push(Edge {
                    from: (from_x, tg.rect.y + tg.rect.h),
                    via: vec![(from_x, tg_gap), (gutter, tg_gap), (gutter, to.1)],
                    to,
                    state: t.state,
                    task: t.task.clone(),
                    on_path,
                });
            }
        }
    }
}
