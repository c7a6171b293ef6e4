//! The graph model: what the picture of the account shows, derived from the world and laid out in
//! plain numbers. Pure (no web types) so it is tested natively; `layout.rs` lays it out and
//! `components::graph_view` turns it into SVG.
//!
//! Layout: the region's Availability Zones are lanes, the busiest first; the zones with nothing in
//! them share one narrow stub at the end, and a zone taken down is drawn as down. Each lane holds its
//! container instances (CPU and memory bars, used host ports, the tasks on them) and then the tasks
//! that have no instance (Fargate, as ENIs in their subnet). Load balancers → listeners → target
//! groups sit in a band above the lanes; an edge runs from every registered target to the task
//! behind it. Text is sized for a projector, so names are abbreviated (`abbreviate`) where a box is
//! narrow, and drawn whole in a tooltip and in the accessible name.

use ecs_sandbox_engine::ec2::InstanceState;
use ecs_sandbox_engine::ecs::services::ServiceStatus;
use ecs_sandbox_engine::ecs::types::{ContainerInstanceStatus, DesiredStatus, Task, TaskStatus};
use ecs_sandbox_engine::elbv2::{ActionKind, ConditionKind, LbState, TargetState, TargetType};
use ecs_sandbox_engine::world::World;

mod bands;
mod layout;

/// Above this many instances in one lane, or tasks on one instance, the rest are summarised.
pub const MAX_INSTANCES_PER_LANE: usize = 12;
pub const MAX_TASKS_PER_BOX: usize = 12;
pub const MAX_SERVICES: usize = 24;
/// Stopped tasks stay on the picture (faded) this long after they stopped, in virtual time.
const STOPPED_VISIBLE_MS: u64 = 120_000;

pub const LANE_W: f64 = 264.0;
/// The stub of the zones with nothing in them (and an empty zone that is down): narrow, so the
/// busy zones fit the screen.
pub const EMPTY_LANE_W: f64 = 150.0;
const GAP: f64 = 12.0;
/// A task chip's height and the distance from one chip to the next.
const CHIP_H: f64 = 22.0;
const CHIP_STEP: f64 = 26.0;
const TOP: f64 = 10.0;
/// The width of a character of the graph's monospace text: 13 px (`small`) and 14 px, in SVG
/// units, with a little to spare (DejaVu Sans Mono's advance is 0.602 em).
pub const CHAR_W_SMALL: f64 = 8.0;
pub const CHAR_W: f64 = 8.6;

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
    /// What the chip says: `web:3` (family:revision) and the short id (`short_label` to fit).
    pub label: String,
    /// The EC2 instance it runs on (none on Fargate).
    pub instance: Option<String>,
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
    /// Its ECS agent is connected (false: registered, but ECS cannot reach it).
    pub agent_connected: bool,
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
    /// Taken down with `sandbox az-down`.
    pub down: bool,
    /// Every instance and task in the zone, drawn or summarised.
    pub instance_count: usize,
    pub task_count: usize,
    /// Tasks per group in the zone, most first (the overview's per-lane totals).
    pub groups: Vec<(String, usize)>,
    pub rect: Rect,
}

/// The zones with nothing in them, drawn as one narrow stub.
#[derive(Debug, Clone, PartialEq)]
pub struct EmptyZones {
    pub zones: Vec<String>,
    pub subnets: Vec<String>,
    pub rect: Rect,
}

impl EmptyZones {
    /// `us-east-1c, 1d, 1e: empty`: the first zone whole, the others by what differs.
    pub fn summary(&self) -> String {
        let mut out = String::new();
        for (n, z) in self.zones.iter().enumerate() {
            if n == 0 {
                out.push_str(z);
            } else {
                let prefix = common_prefix(&self.zones[0], z);
                // Keep the zone's number with its letter (`1d`, not `d`).
                let cut = z[..prefix]
                    .char_indices()
                    .rev()
                    .find(|(_, c)| !c.is_ascii_digit())
                    .map_or(0, |(i, c)| i + c.len_utf8());
                out.push_str(", ");
                out.push_str(&z[cut..]);
            }
        }
        out.push_str(": empty");
        out
    }
}

fn common_prefix(a: &str, b: &str) -> usize {
    a.char_indices()
        .zip(b.chars())
        .take_while(|((_, x), y)| x == y)
        .last()
        .map_or(0, |((i, c), _)| i + c.len_utf8())
}

/// A colour of the overview's legend: a task group, what it is called, how many tasks it has.
#[derive(Debug, Clone, PartialEq)]
pub struct LegendItem {
    pub group: String,
    pub name: String,
    pub count: usize,
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
    /// The corners between, in order: the edge runs in the gaps between boxes.
    pub via: Vec<(f64, f64)>,
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
    /// The zones with nothing in them (not down), if any.
    pub empty_zones: Option<EmptyZones>,
    /// Tasks are many: drawn as small squares grouped by service, with counts and a legend.
    pub overview: bool,
    pub legend: Vec<LegendItem>,
    pub width: f64,
    pub height: f64,
}

fn short(id: &str) -> &str {
    id.get(..8).unwrap_or(id)
}

/// `text` in at most `max` characters, cut in the middle (`FargateD…ervice2`) so both ends stay
/// recognisable.
pub fn abbreviate(text: &str, max: usize) -> String {
    let n = text.chars().count();
    if n <= max {
        return text.to_string();
    }
    let keep = max.saturating_sub(1);
    let head = keep.div_ceil(2);
    let mut out: String = text.chars().take(head).collect();
    out.push('…');
    out.extend(text.chars().skip(n - (keep - head)));
    out
}

/// `text` in lines of at most `max` characters, broken at spaces (a word longer than a line is
/// abbreviated).
pub fn wrap(text: &str, max: usize) -> Vec<String> {
    let mut lines: Vec<String> = vec![];
    let mut line = String::new();
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let (n, w) = (line.chars().count(), word.chars().count());
        if n > 0 && n + 1 + w > max {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(&abbreviate(word, max));
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// An instance's host ports in at most `max` characters: whole ports, then how many more
/// (`ports 22 2375 2376 +3`), never a port cut in two.
pub fn ports_line(ports: &[u16], max: usize) -> String {
    if ports.is_empty() {
        return "no host ports".into();
    }
    let mut out = String::from("ports");
    for (n, p) in ports.iter().enumerate() {
        let port = p.to_string();
        let left = ports.len() - n - 1;
        let more = if left > 0 {
            2 + left.to_string().len()
        } else {
            0
        };
        if out.len() + 1 + port.len() + more > max {
            out.push_str(&format!(" +{}", ports.len() - n));
            break;
        }
        out.push(' ');
        out.push_str(&port);
    }
    out
}

/// How many characters of 13 px text fit in a service box's notice.
pub const NOTICE_CHARS: usize = 27;

/// A task group as people say it: a service by its name, else the group (`family:web`).
pub fn group_name(group: &str) -> &str {
    group.strip_prefix("service:").unwrap_or(group)
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

impl TaskChip {
    /// The label in at most `max` characters: the family is shortened first, its revision and the
    /// short id are kept (`FargateDe…ition:3 9f87c032`).
    pub fn short_label(&self, max: usize) -> String {
        let Some((definition, id)) = self.label.rsplit_once(' ') else {
            return abbreviate(&self.label, max);
        };
        let (family, revision) = definition.rsplit_once(':').unwrap_or((definition, ""));
        let room = max.saturating_sub(id.len() + revision.len() + 2);
        if room < 4 {
            return abbreviate(&self.label, max);
        }
        format!("{}:{revision} {id}", abbreviate(family, room))
    }

    /// The whole name, for the tooltip and the accessible name: the label's words first, as a
    /// voice user reads them off the chip.
    pub fn full_name(&self) -> String {
        let place = self
            .instance
            .as_deref()
            .map_or_else(|| "on Fargate".to_string(), |i| format!("on {i}"));
        format!(
            "task {} ({}) {} {place}",
            self.label,
            self.id,
            self.status.as_str()
        )
    }
}

impl Graph {
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
            if l.down {
                out.push(format!("{}: down (sandbox az-down)", l.zone));
            }
            for i in &l.instances {
                let cluster = i
                    .cluster
                    .as_ref()
                    .map(|(c, s)| {
                        let agent = if i.agent_connected {
                            ""
                        } else {
                            ", agent disconnected"
                        };
                        format!("in cluster {c} ({s}{agent})")
                    })
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
        if let Some(e) = &self.empty_zones {
            out.push(e.summary());
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
