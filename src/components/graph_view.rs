//! The graph as SVG: lanes per Availability Zone (busiest first, the empty ones as one stub),
//! instances with CPU/memory bars and used ports, task chips coloured by group (small squares in the
//! overview of a large account), load balancers → target groups → targets with edges to their
//! tasks. Clicking a box selects it for the inspector.
//!
//! Keyboard: the graph is one tab stop (a roving tabindex); the arrow keys move between its boxes
//! in reading order and Enter or Space selects the focused one. Task chips are drawn beside their
//! instance's box, not inside it, so a chip is a control of its own. One handler on the `<svg>`
//! serves every box (a closure per box would slow the first render of a large account).

use crate::graph::{
    abbreviate, group_hue, group_name, ports_line, target_state_label, wrap, Graph, InstanceBox,
    Lane, NodeRef, Rect, TaskChip, CHAR_W, CHAR_W_SMALL, NOTICE_CHARS,
};
use ecs_sandbox_engine::ecs::types::TaskStatus;
use std::cell::Cell;
use yew::prelude::*;

/// What the picture shows: the graph, what is selected on it, and its scale (1.0 = one SVG unit per
/// pixel; the scroll box around it pans).
pub struct GraphProps {
    pub graph: std::rc::Rc<Graph>,
    pub selected: Option<NodeRef>,
    pub on_select: Callback<NodeRef>,
    pub zoom: f64,
}

/// The roving tabindex: which box (in reading order) is the graph's tab stop, and what to tell when
/// a box gets the focus.
pub struct Nav {
    pub roving: usize,
    pub on_focus: Callback<usize>,
}

/// How a box is named in `data-node`, so one handler finds what was clicked or pressed.
fn node_key(n: &NodeRef) -> String {
    match n {
        NodeRef::Instance(id) => format!("instance:{id}"),
        NodeRef::Task(id) => format!("task:{id}"),
        NodeRef::Service(arn) => format!("service:{arn}"),
        NodeRef::LoadBalancer(arn) => format!("lb:{arn}"),
        NodeRef::TargetGroup(arn) => format!("tg:{arn}"),
    }
}

fn parse_node_key(key: &str) -> Option<NodeRef> {
    let (kind, id) = key.split_once(':')?;
    let id = id.to_string();
    Some(match kind {
        "instance" => NodeRef::Instance(id),
        "task" => NodeRef::Task(id),
        "service" => NodeRef::Service(id),
        "lb" => NodeRef::LoadBalancer(id),
        "tg" => NodeRef::TargetGroup(id),
        _ => return None,
    })
}

/// The box an event happened in: the nearest element with a `data-node`.
fn node_element(target: Option<web_sys::Element>) -> Option<web_sys::Element> {
    target?.closest("[data-node]").ok().flatten()
}

/// An SVG coordinate with at most one decimal, formatted through integers: std's float formatting
/// would cost the page ~3 KB gzipped, and a tenth of a pixel is finer than the eye.
fn px(v: f64) -> String {
    let tenths = (v * 10.0).round() as i64;
    let sign = if tenths < 0 { "-" } else { "" };
    let (whole, frac) = (tenths.abs() / 10, tenths.abs() % 10);
    if frac == 0 {
        format!("{sign}{whole}")
    } else {
        format!("{sign}{whole}.{frac}")
    }
}

/// How many characters of text fit in `width` at `char_w` a character (monospace).
fn chars(width: f64, char_w: f64) -> usize {
    (width / char_w).floor().max(1.0) as usize
}

/// A line of text. The space after it is not drawn; it keeps the words of two lines apart in the
/// text a screen reader or an audit reads from a box.
fn text(class: &'static str, x: f64, y: f64, body: String) -> Html {
    html! { <text class={class} x={px(x)} y={px(y)}>{ body }{ " " }</text> }
}

/// `body` cut to what fits in `width`.
fn cut(body: &str, width: f64, char_w: f64) -> String {
    abbreviate(body, chars(width, char_w))
}

/// A text cut to `width`, whole in its tooltip when cut.
fn fitted(class: &'static str, x: f64, y: f64, width: f64, body: String) -> Html {
    let char_w = if class.starts_with("small") {
        CHAR_W_SMALL
    } else {
        CHAR_W
    };
    let short = abbreviate(&body, chars(width, char_w));
    if short == body {
        text(class, x, y, body)
    } else {
        html! { <text class={class} x={px(x)} y={px(y)}><title>{ body }</title>{ short }{ " " }</text> }
    }
}

fn rect(class: &'static str, r: &Rect, rx: &'static str) -> Html {
    html! { <rect class={class} x={px(r.x)} y={px(r.y)} width={px(r.w)} height={px(r.h)} rx={rx} /> }
}

fn bar(x: f64, y: f64, w: f64, h: f64, used: u32, total: u32) -> Html {
    let frac = if total == 0 {
        0.0
    } else {
        (f64::from(used) / f64::from(total)).min(1.0)
    };
    html! { <>
        <rect class="bar-bg" x={px(x)} y={px(y)} width={px(w)} height={px(h)} />
        <rect class={classes!("bar-fg", (frac > 0.9).then_some("full"))} x={px(x)} y={px(y)} width={px(w * frac)} height={px(h)} />
    </> }
}

fn status_class(s: TaskStatus) -> &'static str {
    match s {
        TaskStatus::Running => "running",
        TaskStatus::Stopped => "stopped",
        TaskStatus::Provisioning | TaskStatus::Pending | TaskStatus::Activating => "pending",
        TaskStatus::Deactivating | TaskStatus::Stopping | TaskStatus::Deprovisioning => "stopping",
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// What every box of the picture needs: the props, the group of the selected service (its tasks
/// are marked as members), and the roving tabindex with the count of boxes drawn so far.
struct Draw<'a> {
    p: &'a GraphProps,
    member_of: Option<&'a str>,
    nav: Option<&'a Nav>,
    roving: usize,
    next: Cell<usize>,
}

/// What makes a box a control: its `data-node`, and with a keyboard its place in reading order, its
/// tabindex and its role.
struct Focus {
    key: String,
    nav: Option<String>,
    tabindex: Option<&'static str>,
    role: Option<&'static str>,
}

impl Draw<'_> {
    fn is_sel(&self, n: &NodeRef) -> bool {
        self.p.selected.as_ref() == Some(n)
    }

    fn focus(&self, node: &NodeRef) -> Focus {
        let n = self.next.get();
        self.next.set(n + 1);
        let nav = self.nav.is_some();
        Focus {
            key: node_key(node),
            nav: nav.then(|| n.to_string()),
            tabindex: nav.then_some(if n == self.roving { "0" } else { "-1" }),
            role: nav.then_some("button"),
        }
    }

    fn node_box(&self, node: NodeRef, r: &Rect, class: Classes, label: String, body: Html) -> Html {
        let f = self.focus(&node);
        html! {
            <g class={classes!("node", class, self.is_sel(&node).then_some("selected"))} tabindex={f.tabindex} role={f.role}
               aria-label={label} data-node={f.key} data-nav={f.nav}>
                { rect("box", r, "5") }
                { body }
            </g>
        }
    }

    /// A task: a chip with a status mark and its abbreviated name, or in the overview a square.
    fn chip(&self, c: &TaskChip, overview: bool) -> Html {
        let node = NodeRef::Task(c.id.clone());
        let f = self.focus(&node);
        let style = format!("--hue: {}", group_hue(&c.group));
        let name = c.full_name();
        let class = classes!(
            "chip",
            overview.then_some("square"),
            status_class(c.status),
            self.is_sel(&node).then_some("selected"),
            c.answered.then_some("answered"),
            (self.member_of == Some(c.group.as_str())).then_some("member")
        );
        let r = &c.rect;
        html! {
            <g key={c.id.clone()} class={class} {style} tabindex={f.tabindex} role={f.role} aria-label={name.clone()}
               data-node={f.key} data-nav={f.nav} data-task={c.id.clone()} data-instance={c.instance.clone()}>
                <title>{ name }</title>
                { rect("", r, if overview { "2" } else { "3" }) }
                if !overview {
                    <circle class="mark" cx={px(r.x + 10.0)} cy={px(r.y + r.h / 2.0)} r="5" />
                    { text("small", r.x + 20.0, r.y + 15.5, c.short_label(chars(r.w - 24.0, CHAR_W_SMALL))) }
                }
            </g>
        }
    }

    /// An instance's box: its ID, type and cluster, CPU and memory bars, host ports; its tasks are
    /// drawn after it, on top of it.
    fn instance(&self, i: &InstanceBox, overview: bool) -> Html {
        let r = &i.rect;
        let cluster = match &i.cluster {
            Some((c, s)) => format!("{} · {c} · {s}", i.instance_type),
            None => format!("{} · {} · no cluster", i.instance_type, i.state),
        };
        let ports = if i.ports.is_empty() {
            "no host ports".to_string()
        } else {
            format!(
                "ports {}",
                i.ports
                    .iter()
                    .map(u16::to_string)
                    .collect::<Vec<_>>()
                    .join(" ")
            )
        };
        let (cpu, memory) = (
            format!("CPU {}/{}", i.cpu.0, i.cpu.1),
            format!("MiB {}/{}", i.memory.0, i.memory.1),
        );
        let agent = if i.agent_connected {
            ports.clone()
        } else {
            "⚠ agent disconnected".to_string()
        };
        let half = (r.w - 18.0) / 2.0;
        let tasks = plural(i.tasks.len() + i.hidden_tasks, "task", "tasks");
        let (id, more) = (&i.ec2_instance_id, format!("+{} more", i.hidden_tasks));
        // The accessible name starts with the box's words as drawn (WCAG's label in name), then
        // says in brackets what they leave out.
        let (label, body) = if overview {
            let shown = cut(id, r.w - 12.0, CHAR_W_SMALL);
            let label = format!(
                "instance {shown} {} ({id} {cluster} {cpu} {memory} {agent}, {tasks})",
                if i.hidden_tasks > 0 {
                    more.as_str()
                } else {
                    ""
                }
            );
            let body = html! { <>
                <title>{ label.clone() }</title>
                { text("small", r.x + 6.0, r.y + 15.0, shown) }
                { bar(r.x + 6.0, r.y + 20.0, half, 4.0, i.cpu.0, i.cpu.1) }
                { bar(r.x + 12.0 + half, r.y + 20.0, half, 4.0, i.memory.0, i.memory.1) }
                if i.hidden_tasks > 0 {
                    { text("small", r.x + 8.0, r.y + r.h - 6.0, more) }
                }
            </> };
            (label, body)
        } else {
            let lines = [
                cut(&cluster, r.w - 12.0, CHAR_W_SMALL),
                cut(&cpu, half + 4.0, CHAR_W_SMALL),
                cut(&memory, half + 4.0, CHAR_W_SMALL),
                if i.agent_connected {
                    ports_line(&i.ports, chars(r.w - 12.0, CHAR_W_SMALL))
                } else {
                    agent.clone()
                },
            ];
            let label = format!(
                "instance {id} {} ({cluster}, {ports}, {tasks})",
                lines.join(" ")
            );
            let [cluster_s, cpu_s, memory_s, agent_s] = lines;
            let body = html! { <>
                <title>{ label.clone() }</title>
                { text("", r.x + 6.0, r.y + 18.0, id.clone()) }
                { text("small", r.x + 6.0, r.y + 35.0, cluster_s) }
                { bar(r.x + 6.0, r.y + 42.0, half, 8.0, i.cpu.0, i.cpu.1) }
                { bar(r.x + 12.0 + half, r.y + 42.0, half, 8.0, i.memory.0, i.memory.1) }
                { text("small", r.x + 6.0, r.y + 64.0, cpu_s) }
                { text("small", r.x + 12.0 + half, r.y + 64.0, memory_s) }
                { text(if i.agent_connected { "small ports" } else { "small disconnected" }, r.x + 6.0, r.y + 81.0, agent_s) }
                if i.hidden_tasks > 0 {
                    { text("small", r.x + 8.0, r.y + r.h - 8.0, format!("+{} more tasks", i.hidden_tasks)) }
                }
            </> };
            (label, body)
        };
        let node = NodeRef::Instance(i.ec2_instance_id.clone());
        html! { <>
            { self.node_box(node, r, classes!(
                "instance",
                (!i.agent_connected).then_some("disconnected"),
                // The container instance draining, or the EC2 instance booting or going: drawn, and
                // animated as it changes.
                i.cluster.as_ref().is_some_and(|(_, st)| *st == "DRAINING").then_some("draining"),
                (i.state != "running").then(|| format!("state-{}", i.state)),
            ), label, body) }
            { for i.tasks.iter().map(|c| self.chip(c, overview)) }
        </> }
    }

    /// An Availability Zone's lane: its header (down, if it is), its instances, its Fargate tasks,
    /// and in the overview its tasks by group.
    fn lane(&self, l: &Lane, overview: bool) -> Html {
        let r = &l.rect;
        let (x, w) = (r.x + 8.0, r.w - 16.0);
        let subnets = l.subnets.join(" ");
        let totals = format!(
            "{} · {}",
            plural(l.instance_count, "instance", "instances"),
            plural(l.task_count, "task", "tasks")
        );
        html! {
            <g class={classes!("lane", l.down.then_some("down"))} data-zone={l.zone.clone()}>
                { rect("lane-bg", r, "6") }
                if l.down {
                    <rect class="down-band" x={px(r.x)} y={px(r.y)} width={px(r.w)} height="44" rx="6" />
                }
                { fitted("zone", x, r.y + 20.0, w, l.zone.clone()) }
                if l.down {
                    { fitted("small down-note", x, r.y + 37.0, w, "— down (sandbox az-down)".to_string()) }
                } else if overview {
                    // A narrow lane: its subnets in the tooltip, its totals on two lines.
                    <text class="small" x={px(x)} y={px(r.y + 37.0)}><title>{ subnets }</title>{ plural(l.instance_count, "instance", "instances") }{ " " }</text>
                } else {
                    { fitted("small", x, r.y + 37.0, w, subnets) }
                }
                if overview {
                    { text("small totals", x, r.y + 55.0, plural(l.task_count, "task", "tasks")) }
                } else {
                    { fitted("small totals", x, r.y + 55.0, w, totals) }
                }
                { for l.instances.iter().map(|i| self.instance(i, overview)) }
                if l.hidden_instances > 0 {
                    { text("small", x, l.instances.last().map_or(r.y + 80.0, |i| i.rect.y + i.rect.h + 20.0), format!("+{} more instances", l.hidden_instances)) }
                }
                if let Some(first) = l.fargate.first() {
                    { text("small", x, first.rect.y - 7.0, "Fargate (task ENIs)".to_string()) }
                }
                { for l.fargate.iter().map(|c| self.chip(c, overview)) }
                if l.hidden_fargate > 0 {
                    { text("small", x, l.fargate.last().map_or(r.y, |c| c.rect.y + c.rect.h + 16.0), format!("+{} more Fargate tasks", l.hidden_fargate)) }
                }
                { for l.groups.iter().enumerate().map(|(n, (group, count))| {
                    let y = r.y + r.h - 8.0 - (l.groups.len() - 1 - n) as f64 * 17.0;
                    swatch_line(group, x, y, w, format!("{} {count}", group_name(group)), "small lane-count")
                }) }
            </g>
        }
    }
}

/// A colour square and a text after it, on the line whose baseline is `y`.
fn swatch_line(group: &str, x: f64, y: f64, w: f64, body: String, class: &'static str) -> Html {
    let style = format!("--hue: {}", group_hue(group));
    html! { <g class="swatch" {style}>
        <rect x={px(x)} y={px(y - 11.0)} width="12" height="12" rx="2" />
        { fitted(class, x + 18.0, y, w - 18.0, body) }
    </g> }
}

/// Diagonal stripes, the mark of a zone that is down (`url(#down-hatch)` in graph.css).
fn defs() -> Html {
    html! {
        <defs>
            <pattern id="down-hatch" width="10" height="10" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
                <rect width="10" height="10" class="hatch-bg" />
                <line x1="0" y1="0" x2="0" y2="10" class="hatch-line" />
            </pattern>
        </defs>
    }
}

/// The SVG, drawn by the graph panel (a component, which re-renders only when the graph, the
/// selection or the zoom changes) and by the lesson's goal picture, a picture only. A view function:
/// see `components` for why stateless parts are not Yew components.
pub fn graph_view(p: &GraphProps) -> Html {
    draw(p, None)
}

/// The graph as controls: one tab stop, arrow keys between its boxes, Enter or Space to select.
pub fn navigable_graph_view(p: &GraphProps, nav: &Nav) -> Html {
    draw(p, Some(nav))
}

/// The number of boxes that take the focus, in reading order.
fn focusable(g: &Graph) -> usize {
    g.load_balancers.len()
        + g.target_groups.len()
        + g.services.len()
        + g.lanes.iter().map(|l| l.instances.len()).sum::<usize>()
        + g.chips().count()
}

fn draw(p: &GraphProps, nav: Option<&Nav>) -> Html {
    let g = &p.graph;
    // A selected service marks its tasks.
    let member_of = match &p.selected {
        Some(NodeRef::Service(arn)) => g
            .services
            .iter()
            .find(|s| &s.arn == arn)
            .map(|s| s.group.as_str()),
        _ => None,
    };
    let roving = nav.map_or(0, |n| n.roving);
    let d = Draw {
        p,
        member_of,
        nav,
        roving: if roving < focusable(g) { roving } else { 0 },
        next: Cell::new(0),
    };
    let on_select = p.on_select.clone();
    let onclick = Callback::from(move |e: MouseEvent| {
        let key = node_element(e.target_dyn_into()).and_then(|el| el.get_attribute("data-node"));
        if let Some(node) = key.as_deref().and_then(parse_node_key) {
            on_select.emit(node);
        }
    });
    let on_select = p.on_select.clone();
    let last = focusable(g).saturating_sub(1);
    let onkeydown = nav.map(|_| {
        Callback::from(move |e: KeyboardEvent| {
            let Some(el) = node_element(e.target_dyn_into()) else {
                return;
            };
            let at: usize = el
                .get_attribute("data-nav")
                .and_then(|n| n.parse().ok())
                .unwrap_or(0);
            let to = match e.key().as_str() {
                "Enter" | " " => {
                    e.prevent_default();
                    if let Some(node) = el
                        .get_attribute("data-node")
                        .as_deref()
                        .and_then(parse_node_key)
                    {
                        on_select.emit(node);
                    }
                    return;
                }
                "ArrowDown" | "ArrowRight" => at + 1,
                "ArrowUp" | "ArrowLeft" => at.saturating_sub(1),
                "Home" => 0,
                "End" => usize::MAX,
                _ => return,
            };
            e.prevent_default();
            let svg = e
                .current_target()
                .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok());
            let found = svg.and_then(|svg| {
                svg.query_selector(&format!("[data-nav=\"{}\"]", to.min(last)))
                    .ok()
                    .flatten()
            });
            if let Some(next) = found {
                // SVG elements have `focus()` as HTML elements do.
                let _ = wasm_bindgen::JsCast::unchecked_into::<web_sys::HtmlElement>(next).focus();
            }
        })
    });
    let onfocusin = nav.map(|n| {
        let on_focus = n.on_focus.clone();
        Callback::from(move |e: FocusEvent| {
            let at = node_element(e.target_dyn_into())
                .and_then(|el| el.get_attribute("data-nav"))
                .and_then(|n| n.parse().ok());
            if let Some(at) = at {
                on_focus.emit(at);
            }
        })
    });
    let (role, label) = if nav.is_some() {
        ("group", "The account as a graph: Tab to enter, arrow keys to move between boxes, Enter to select (the list below says the same in words)")
    } else {
        ("img", "The account as a graph")
    };
    let nothing = g
        .lanes
        .iter()
        .all(|l| l.instances.is_empty() && l.fargate.is_empty())
        && g.load_balancers.is_empty();
    html! {
        <svg class={classes!("graph", g.overview.then_some("overview"))} viewBox={format!("0 0 {} {}", px(g.width), px(g.height))} width={px(g.width * p.zoom)} height={px(g.height * p.zoom)}
             role={role} aria-label={label} {onclick} {onkeydown} {onfocusin}>
            { defs() }
            { for g.load_balancers.iter().map(|lb| {
                let r = &lb.rect;
                let body = html! { <>
                    { fitted("", r.x + 6.0, r.y + 19.0, r.w - 12.0, format!("ALB {} · {}", lb.name, lb.state)) }
                    { for lb.routes.iter().enumerate().map(|(n, route)| fitted("small", r.x + 10.0, r.y + 36.0 + 17.0 * n as f64, r.w - 16.0, route.clone())) }
                </> };
                d.node_box(NodeRef::LoadBalancer(lb.arn.clone()), r, classes!("lb", lb.on_path.then_some("on-path")), format!("ALB {} · {} {}", lb.name, lb.state, lb.routes.join(" ")), body)
            }) }
            { for g.target_groups.iter().map(|tg| {
                let r = &tg.rect;
                let body = html! { <>
                    { fitted("", r.x + 6.0, r.y + 19.0, r.w - 12.0, format!("TG {}", tg.name)) }
                    { for tg.targets.iter().take(8).enumerate().map(|(n, t)| {
                        let state = target_state_label(t.state);
                        let room = chars(r.w - 16.0, CHAR_W_SMALL).saturating_sub(state.len() + 1);
                        html! {
                            <text class={classes!("small", "target", state)} x={px(r.x + 10.0)} y={px(r.y + 36.0 + 17.0 * n as f64)}>
                                <title>{ format!("{} {state}", t.label) }</title>
                                { format!("{} {state}", abbreviate(&t.label, room)) }{ " " }
                            </text>
                        }
                    }) }
                    if tg.targets.len() > 8 {
                        { text("small", r.x + 10.0, r.y + r.h - 4.0, format!("+{} more targets", tg.targets.len() - 8)) }
                    }
                </> };
                let healthy = tg.targets.iter().filter(|t| t.state == ecs_sandbox_engine::elbv2::TargetState::Healthy).count();
                d.node_box(NodeRef::TargetGroup(tg.arn.clone()), r, classes!("tg"), format!("TG {} {} ({healthy} of {} targets healthy)", tg.name, tg.targets.iter().take(8).map(|t| format!("{} {}", t.label, target_state_label(t.state))).collect::<Vec<_>>().join(" "), tg.targets.len()), body)
            }) }
            { for g.services.iter().map(|sv| {
                let r = &sv.rect;
                let style = format!("--hue: {}", group_hue(&sv.group));
                let room = chars(r.w - 34.0, CHAR_W);
                let name = abbreviate(&sv.name, room.saturating_sub(3 + sv.cluster.chars().count().min(10)));
                let cluster = abbreviate(&sv.cluster, room.saturating_sub(3 + name.chars().count()));
                let counts = format!("{} running / {} desired", sv.running, sv.desired);
                let pending = format!("{} pending", sv.pending);
                let top = r.y + if sv.pending > 0 { 17.0 } else { 0.0 };
                // Its name says what it shows, in the same words (WCAG's label in name).
                let label = format!("service {} · {} {counts}{}{}", sv.name, sv.cluster, if sv.pending > 0 { format!(" {pending}") } else { String::new() }, sv.unplaced.as_ref().map(|u| format!(" ⚠ {u}")).unwrap_or_default());
                let body = html! { <>
                    <title>{ format!("service {} in cluster {}", sv.name, sv.cluster) }</title>
                    <rect class="swatch-box" x={px(r.x + 8.0)} y={px(r.y + 8.0)} width="12" height="12" rx="2" />
                    { text("", r.x + 26.0, r.y + 19.0, format!("{name} · {cluster}")) }
                    { fitted("small service-count", r.x + 8.0, r.y + 38.0, r.w - 16.0, counts.clone()) }
                    if sv.pending > 0 {
                        { text("small", r.x + 8.0, r.y + 55.0, pending) }
                    }
                    if let Some(u) = &sv.unplaced {
                        <rect class="notice-bg" x={px(r.x + 5.0)} y={px(top + 46.0)} width={px(r.w - 10.0)} height={px(r.y + r.h - top - 51.0)} rx="3" />
                        { text("small unplaced", r.x + 9.0, top + 62.0, "⚠".to_string()) }
                        { for wrap(u, NOTICE_CHARS).into_iter().take(2).enumerate().map(|(n, line)| text("small unplaced", r.x + 24.0, top + 62.0 + 17.0 * n as f64, line)) }
                    }
                </> };
                html! { <g class="service" {style}>{ d.node_box(NodeRef::Service(sv.arn.clone()), r, classes!("svc", sv.unplaced.is_some().then_some("has-notice")), label, body) }</g> }
            }) }
            { for g.legend.iter().map(|item| swatch_line(&item.group, item.rect.x, item.rect.y + 15.0, item.rect.w, format!("{} {}", item.name, item.count), "small legend-count")) }
            { for g.lanes.iter().map(|l| d.lane(l, g.overview)) }
            if let Some(e) = &g.empty_zones {
                <g class="lane empty-zones">
                    { rect("lane-bg", &e.rect, "6") }
                    <title>{ e.subnets.join(" ") }</title>
                    { for wrap(&e.summary(), chars(e.rect.w - 16.0, CHAR_W_SMALL)).into_iter().enumerate().map(|(n, line)| text("small zone-empty", e.rect.x + 8.0, e.rect.y + 20.0 + 17.0 * n as f64, line)) }
                    if nothing {
                        { for wrap("Nothing running yet: launch instances or run tasks and they appear in their zone.", chars(e.rect.w - 16.0, CHAR_W_SMALL)).into_iter().enumerate().map(|(n, line)| text("small empty", e.rect.x + 8.0, e.rect.y + 64.0 + 17.0 * n as f64, line)) }
                    }
                </g>
            }
            { for g.edges.iter().map(|e| {
                let points: Vec<String> = std::iter::once(&e.from).chain(&e.via).chain([&e.to]).map(|(x, y)| format!("{},{}", px(*x), px(*y))).collect();
                html! { <polyline class={classes!("edge", target_state_label(e.state), e.on_path.then_some("on-path"))} points={points.join(" ")} /> }
            }) }
        </svg>
    }
}
