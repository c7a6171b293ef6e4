//! The graph panel: zoom (− / + / Fit, Ctrl+wheel) and pan (drag, or the scroll bars) around the
//! graph's SVG, and "The graph in words" for screen readers.

use super::graph_view::{navigable_graph_view, GraphProps, Nav};
use crate::graph::{Graph, NodeRef};
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties)]
pub struct GraphPanelProps {
    pub graph: Rc<Graph>,
    pub selected: Option<NodeRef>,
    pub on_select: Callback<NodeRef>,
    /// The smallest zoom allowed (presenter mode keeps the graph's text large for a room).
    #[prop_or(MIN_ZOOM)]
    pub min_zoom: f64,
}

const MIN_ZOOM: f64 = 0.2;
const MAX_ZOOM: f64 = 4.0;

/// Presenter mode's smallest zoom: the graph's smallest text (13 px) drawn at 18 px or more, read
/// from the back of a room. Pan to see what no longer fits.
pub const PRESENTER_MIN_ZOOM: f64 = 1.4;

/// The graph is rebuilt only when the session changes, so the same `Rc` means the same picture:
/// comparing pointers spares a deep comparison of thousands of boxes on every render. `on_select`
/// always does the same thing (set the page's selection), so a new closure for it is not a change.
impl PartialEq for GraphPanelProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.graph, &other.graph)
            && self.selected == other.selected
            && self.min_zoom == other.min_zoom
    }
}

/// Where a drag started: the mouse's (x, y) and the scroll box's (left, top).
type Drag = Rc<std::cell::RefCell<Option<(i32, i32, i32, i32)>>>;

fn drag_start(drag: &Drag, graph_box: &yew::NodeRef) -> Callback<MouseEvent> {
    let (drag, graph_box) = (drag.clone(), graph_box.clone());
    Callback::from(move |e: MouseEvent| {
        if let Some(el) = graph_box.cast::<web_sys::Element>() {
            *drag.borrow_mut() = Some((
                e.client_x(),
                e.client_y(),
                el.scroll_left(),
                el.scroll_top(),
            ));
        }
    })
}

fn drag_move(drag: &Drag, graph_box: &yew::NodeRef) -> Callback<MouseEvent> {
    let (drag, graph_box) = (drag.clone(), graph_box.clone());
    Callback::from(move |e: MouseEvent| {
        let Some((x, y, left, top)) = *drag.borrow() else {
            return;
        };
        if e.buttons() != 1 {
            return;
        }
        if let Some(el) = graph_box.cast::<web_sys::Element>() {
            el.set_scroll_left(left - (e.client_x() - x));
            el.set_scroll_top(top - (e.client_y() - y));
        }
    })
}

#[function_component(GraphPanel)]
pub fn graph_panel(p: &GraphPanelProps) -> Html {
    let chosen = use_state(|| 1.0f64);
    let min_zoom = p.min_zoom.clamp(MIN_ZOOM, MAX_ZOOM);
    // The zoom drawn: the learner's, never below the floor.
    let zoom = chosen.max(min_zoom);
    let graph_box = use_node_ref();
    let set_zoom = {
        let chosen = chosen.clone();
        move |z: f64| chosen.set(z.clamp(min_zoom, MAX_ZOOM))
    };
    let zoom_by = |factor: f64| {
        let set_zoom = set_zoom.clone();
        Callback::from(move |_: MouseEvent| set_zoom(zoom * factor))
    };
    let on_wheel = {
        let set_zoom = set_zoom.clone();
        Callback::from(move |e: WheelEvent| {
            if e.ctrl_key() {
                e.prevent_default();
                set_zoom(zoom * if e.delta_y() < 0.0 { 1.1 } else { 1.0 / 1.1 });
            }
        })
    };
    let drag = use_mut_ref(|| None::<(i32, i32, i32, i32)>);
    let drag_end = {
        let drag = drag.clone();
        Callback::from(move |_: MouseEvent| *drag.borrow_mut() = None)
    };
    // The zoom at which the whole graph fits its box, across and down.
    let fit = {
        let (set_zoom, graph_box) = (set_zoom.clone(), graph_box.clone());
        let (width, height) = (p.graph.width, p.graph.height);
        Callback::from(move |_: MouseEvent| {
            if let Some(el) = graph_box.cast::<web_sys::Element>() {
                let across = f64::from(el.client_width() - 4) / width.max(1.0);
                let down = f64::from(el.client_height() - 4) / height.max(1.0);
                set_zoom(across.min(down));
            }
        })
    };
    // The box that is the graph's tab stop (in reading order), moved by the focus.
    let roving = use_state_eq(|| 0usize);
    let nav = Nav {
        roving: *roving,
        on_focus: Callback::from(move |at: usize| roving.set(at)),
    };
    let zoom_reset = {
        let set_zoom = set_zoom.clone();
        move |_: MouseEvent| set_zoom(1.0)
    };
    let (zoom_out, zoom_in) = (zoom_by(1.0 / 1.25), zoom_by(1.25));
    html! { <>
        <div class="graph-tools" role="group" aria-label="Zoom">
            <button id="zoom-out" onclick={zoom_out} aria-label="Zoom out">{ "−" }</button>
            <button id="zoom-reset" onclick={zoom_reset}>{ format!("{}%", (zoom * 100.0).round() as i64) }</button>
            <button id="zoom-in" onclick={zoom_in} aria-label="Zoom in">{ "+" }</button>
            <button id="zoom-fit" onclick={fit}>{ "Fit" }</button>
            <span class="hint">{ "Drag to pan, Ctrl+wheel to zoom" }</span>
            <span class="graph-legend">
                <span class="key selected"></span>{ "selected" }
                <span class="key member"></span>{ "its service's tasks" }
                <span class="key answered"></span>{ "answered the last curl" }
            </span>
        </div>
        <div class="graph-scroll" ref={graph_box.clone()} onwheel={on_wheel} onmousedown={drag_start(&drag, &graph_box)} onmousemove={drag_move(&drag, &graph_box)} onmouseup={drag_end.clone()} onmouseleave={drag_end}>
            { navigable_graph_view(&GraphProps { graph: p.graph.clone(), selected: p.selected.clone(), on_select: p.on_select.clone(), zoom }, &nav) }
        </div>
        <details class="graph-text">
            <summary>{ "The graph in words" }</summary>
            <ul id="graph-list">{ for p.graph.describe().into_iter().map(|line| html! { <li>{ line }</li> }) }</ul>
        </details>
    </> }
}
