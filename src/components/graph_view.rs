//! The graph as SVG: lanes per Availability Zone, instances with CPU/memory bars and used ports,
//! task chips coloured by group, load balancers → target groups → targets with edges to their
//! tasks. Clicking a box selects it for the inspector; the same picture is also given as a list for
//! screen readers.

use crate::graph::{group_hue, target_state_label, Graph, NodeRef, Rect, LANE_W};
use ecs_sandbox_engine::ecs::types::TaskStatus;
use yew::prelude::*;

/// What the picture shows: the graph, what is selected on it, and its scale (1.0 = one SVG unit per
/// pixel; the scroll box around it pans).
pub struct GraphProps {
    pub graph: std::rc::Rc<Graph>,
    pub selected: Option<NodeRef>,
    pub on_select: Callback<NodeRef>,
    pub zoom: f64,
}

fn bar(x: f64, y: f64, w: f64, used: u32, total: u32, label: &str) -> Html {
    let frac = if total == 0 {
        0.0
    } else {
        (f64::from(used) / f64::from(total)).min(1.0)
    };
    html! {
        <g class="bar">
            <rect class="bar-bg" x={px(x)} y={px(y)} width={px(w)} height="8" />
            <rect class={classes!("bar-fg", (frac > 0.9).then_some("full"))} x={px(x)} y={px(y)} width={px(w * frac)} height="8" />
            <text class="small" x={px(x)} y={px(y + 17.0)}>{ format!("{label} {used}/{total}") }</text>
        </g>
    }
}

/// Cuts a label to what fits in a box of `width` pixels at `char_w` pixels a character (monospace).
fn fit(text: String, width: f64, char_w: f64) -> String {
    let max = (width / char_w).floor().max(1.0) as usize;
    if text.chars().count() <= max {
        text
    } else {
        let mut t: String = text.chars().take(max.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

fn status_class(s: TaskStatus) -> &'static str {
    match s {
        TaskStatus::Running => "running",
        TaskStatus::Stopped => "stopped",
        TaskStatus::Provisioning | TaskStatus::Pending | TaskStatus::Activating => "pending",
        TaskStatus::Deactivating | TaskStatus::Stopping | TaskStatus::Deprovisioning => "stopping",
    }
}

fn select(on_select: &Callback<NodeRef>, node: NodeRef) -> Callback<MouseEvent> {
    let on_select = on_select.clone();
    Callback::from(move |e: MouseEvent| {
        e.stop_propagation();
        on_select.emit(node.clone())
    })
}

/// Enter or Space on a focused box selects it (keyboard use).
fn select_key(on_select: &Callback<NodeRef>, node: NodeRef) -> Callback<KeyboardEvent> {
    let on_select = on_select.clone();
    Callback::from(move |e: KeyboardEvent| {
        if e.key() == "Enter" || e.key() == " " {
            e.prevent_default();
            on_select.emit(node.clone())
        }
    })
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

fn rect_attrs(r: &Rect) -> (String, String, String, String) {
    (px(r.x), px(r.y), px(r.w), px(r.h))
}

/// What every box of the picture needs: the props, and the group of the selected service (its tasks
/// light up).
struct Draw<'a> {
    p: &'a GraphProps,
    member_of: Option<&'a str>,
}

impl Draw<'_> {
    fn is_sel(&self, n: &NodeRef) -> bool {
        self.p.selected.as_ref() == Some(n)
    }

    fn node_box(&self, node: NodeRef, r: &Rect, class: Classes, label: String, body: Html) -> Html {
        let (x, y, w, h) = rect_attrs(r);
        let (is_sel, on_select) = (self.is_sel(&node), &self.p.on_select);
        html! {
            <g class={classes!("node", class, is_sel.then_some("selected"))} tabindex="0" role="button" aria-label={label}
               onclick={select(on_select, node.clone())} onkeydown={select_key(on_select, node)}>
                <rect class="box" x={x} y={y} width={w} height={h} rx="5" />
                { body }
            </g>
        }
    }

    fn chip(&self, c: &crate::graph::TaskChip) -> Html {
        let (x, y, w, h) = rect_attrs(&c.rect);
        let node = NodeRef::Task(c.id.clone());
        let style = format!("--hue: {}", group_hue(&c.group));
        let (is_sel, on_select, member_of) =
            (self.is_sel(&node), &self.p.on_select, self.member_of);
        html! {
            <g key={c.id.clone()} class={classes!("chip", status_class(c.status), is_sel.then_some("selected"), c.answered.then_some("answered"), (member_of == Some(c.group.as_str())).then_some("member"))} {style} tabindex="0" role="button"
               data-task={c.id.clone()} aria-label={format!("task {} {}", c.label, c.status.as_str())}
               onclick={select(on_select, node.clone())} onkeydown={select_key(on_select, node)}>
                <rect x={x} y={y} width={w} height={h} rx="3" />
                <text x={px(c.rect.x + 4.0)} y={px(c.rect.y + 11.5)}>{ fit(format!("{} {}", c.label, c.status.as_str()), c.rect.w - 6.0, 6.6) }</text>
            </g>
        }
    }

    /// An instance's box: its ID, type and cluster, CPU and memory bars, host ports, its tasks.
    fn instance(&self, i: &crate::graph::InstanceBox) -> Html {
        let r = &i.rect;
        let body = html! { <>
            <text x={px(r.x + 6.0)} y={px(r.y + 14.0)}>{ i.ec2_instance_id.clone() }</text>
            <text class="small" x={px(r.x + 6.0)} y={px(r.y + 27.0)}>{
                fit(match &i.cluster {
                    Some((c, s)) => format!("{} · {c} · {s}", i.instance_type),
                    None => format!("{} · {} · no cluster", i.instance_type, i.state),
                }, r.w - 10.0, 5.7)
            }</text>
            { bar(r.x + 6.0, r.y + 33.0, (r.w - 18.0) / 2.0, i.cpu.0, i.cpu.1, "CPU") }
            { bar(r.x + 12.0 + (r.w - 18.0) / 2.0, r.y + 33.0, (r.w - 18.0) / 2.0, i.memory.0, i.memory.1, "MiB") }
            <text class="small ports" x={px(r.x + 6.0)} y={px(r.y + 61.0)}>{
                fit(if i.ports.is_empty() { "no host ports".to_string() } else { format!("ports {}", i.ports.iter().map(u16::to_string).collect::<Vec<_>>().join(" ")) }, r.w - 10.0, 5.7)
            }</text>
            { for i.tasks.iter().map(|c| self.chip(c)) }
            if i.hidden_tasks > 0 {
                <text class="small" x={px(r.x + 8.0)} y={px(r.y + r.h - 8.0)}>{ format!("+{} more tasks", i.hidden_tasks) }</text>
            }
        </> };
        self.node_box(
            NodeRef::Instance(i.ec2_instance_id.clone()),
            r,
            classes!("instance"),
            format!("instance {}", i.ec2_instance_id),
            body,
        )
    }
}

/// An Availability Zone's lane: its subnets, its instances, its Fargate tasks.
fn lane(d: &Draw, l: &crate::graph::Lane) -> Html {
    html! {
        <g class="lane" data-zone={l.zone.clone()}>
            <rect class="lane-bg" x={px(l.rect.x)} y={px(l.rect.y)} width={px(l.rect.w)} height={px(l.rect.h)} rx="6" />
            <text class="zone" x={px(l.rect.x + 8.0)} y={px(l.rect.y + 16.0)}>{ l.zone.clone() }</text>
            if l.rect.w < LANE_W - 10.0 {
                // A narrow (empty) lane: the subnet's ID cut short, whole in its tooltip.
                <text class="small" x={px(l.rect.x + 8.0)} y={px(l.rect.y + 30.0)}>
                    <title>{ l.subnets.join(" ") }</title>
                    { l.subnets.first().map(|s| format!("{}…", s.get(..11).unwrap_or(s))).unwrap_or_default() }
                </text>
                <text class="small" x={px(l.rect.x + 8.0)} y={px(l.rect.y + 48.0)}>{ "empty" }</text>
            } else {
                <text class="small" x={px(l.rect.x + 8.0)} y={px(l.rect.y + 30.0)}>{ l.subnets.join(" ") }</text>
            }
            { for l.instances.iter().map(|i| d.instance(i)) }
            if l.hidden_instances > 0 {
                <text class="small" x={px(l.rect.x + 8.0)} y={px(l.rect.y + l.rect.h - 30.0)}>{ format!("+{} more instances", l.hidden_instances) }</text>
            }
            if let Some(first) = l.fargate.first() {
                <text class="small" x={px(l.rect.x + 8.0)} y={px(first.rect.y - 6.0)}>{ "Fargate (task ENIs)" }</text>
            }
            { for l.fargate.iter().map(|c| d.chip(c)) }
            if l.hidden_fargate > 0 {
                <text class="small" x={px(l.rect.x + 8.0)} y={px(l.rect.y + l.rect.h - 8.0)}>{ format!("+{} more Fargate tasks", l.hidden_fargate) }</text>
            }
        </g>
    }
}

/// The SVG, drawn by the graph panel (a component, which re-renders only when the graph, the
/// selection or the zoom changes) and by the lesson's goal picture. A view function: see
/// `components` for why stateless parts are not Yew components.
pub fn graph_view(p: &GraphProps) -> Html {
    let g = &p.graph;
    // A selected service lights up its tasks.
    let member_of = match &p.selected {
        Some(NodeRef::Service(arn)) => g
            .services
            .iter()
            .find(|s| &s.arn == arn)
            .map(|s| s.group.as_str()),
        _ => None,
    };
    let d = Draw { p, member_of };
    html! {
        <svg class="graph" viewBox={format!("0 0 {} {}", px(g.width), px(g.height))} width={px(g.width * p.zoom)} height={px(g.height * p.zoom)}
             role="img" aria-label="The account as a graph (the list below says the same in words)">
            { for g.lanes.iter().map(|l| lane(&d, l)) }
            { for g.load_balancers.iter().map(|lb| {
                let r = &lb.rect;
                let body = html! { <>
                    <text x={px(r.x + 6.0)} y={px(r.y + 15.0)}>{ fit(format!("ALB {} · {}", lb.name, lb.state), r.w - 10.0, 6.6) }</text>
                    { for lb.routes.iter().enumerate().map(|(n, route)| html! {
                        <text class="small" x={px(r.x + 10.0)} y={px(r.y + 30.0 + 14.0 * n as f64)}>{ fit(route.clone(), r.w - 14.0, 5.7) }</text>
                    }) }
                </> };
                d.node_box(NodeRef::LoadBalancer(lb.arn.clone()), r, classes!("lb", lb.on_path.then_some("on-path")), format!("load balancer {}", lb.name), body)
            }) }
            { for g.target_groups.iter().map(|tg| {
                let r = &tg.rect;
                let body = html! { <>
                    <text x={px(r.x + 6.0)} y={px(r.y + 15.0)}>{ fit(format!("TG {}", tg.name), r.w - 10.0, 6.6) }</text>
                    { for tg.targets.iter().take(8).enumerate().map(|(n, t)| html! {
                        <text class={classes!("small", "target", target_state_label(t.state))} x={px(r.x + 10.0)} y={px(r.y + 30.0 + 14.0 * n as f64)}>
                            { fit(format!("{} {}", t.label, target_state_label(t.state)), r.w - 14.0, 5.7) }
                        </text>
                    }) }
                    if tg.targets.len() > 8 {
                        <text class="small" x={px(r.x + 10.0)} y={px(r.y + r.h - 4.0)}>{ format!("+{} more targets", tg.targets.len() - 8) }</text>
                    }
                </> };
                d.node_box(NodeRef::TargetGroup(tg.arn.clone()), r, classes!("tg"), format!("target group {}", tg.name), body)
            }) }
            { for g.services.iter().map(|sv| {
                let r = &sv.rect;
                let style = format!("--hue: {}", group_hue(&sv.group));
                let body = html! { <>
                    <text x={px(r.x + 6.0)} y={px(r.y + 15.0)}>{ fit(format!("service {} · {}", sv.name, sv.cluster), r.w - 10.0, 6.6) }</text>
                    <text class="small" x={px(r.x + 6.0)} y={px(r.y + 30.0)}>{
                        fit(format!("{} running / {} desired{}", sv.running, sv.desired, if sv.pending > 0 { format!(", {} pending", sv.pending) } else { String::new() }), r.w - 10.0, 5.7)
                    }</text>
                    if let Some(u) = &sv.unplaced {
                        <text class="small unplaced" x={px(r.x + 6.0)} y={px(r.y + 44.0)}>{ fit(u.clone(), r.w - 10.0, 5.7) }</text>
                    }
                </> };
                html! { <g class="service" {style}>{ d.node_box(NodeRef::Service(sv.arn.clone()), r, classes!("svc"), format!("service {}", sv.name), body) }</g> }
            }) }
            { for g.edges.iter().map(|e| html! {
                <line class={classes!("edge", target_state_label(e.state), e.on_path.then_some("on-path"))} x1={px(e.from.0)} y1={px(e.from.1)} x2={px(e.to.0)} y2={px(e.to.1)} />
            }) }
            if g.lanes.iter().all(|l| l.instances.is_empty() && l.fargate.is_empty()) && g.load_balancers.is_empty() {
                <text class="empty" x={px(LANE_W / 2.0)} y={px(g.height - 40.0)}>{ "Nothing running yet: launch instances or run tasks and they appear in their zone." }</text>
            }
        </svg>
    }
}
