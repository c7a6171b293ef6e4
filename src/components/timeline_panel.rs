//! The events timeline (`crate::timeline` derives it from the world): newest first, filtered by
//! text and kind.

use crate::timeline::{self, Kind};
use std::rc::Rc;
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties)]
pub struct TimelineProps {
    /// Rebuilt only when the session changes: the same `Rc` is the same events.
    pub events: Rc<Vec<timeline::Event>>,
}

impl PartialEq for TimelineProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.events, &other.events)
    }
}

#[function_component(TimelinePanel)]
pub fn timeline_panel(p: &TimelineProps) -> Html {
    // The filter: which kinds of event, and text to look for.
    let kinds = use_state(|| Kind::ALL.to_vec());
    let event_filter = use_state(String::new);
    let on_filter = {
        let event_filter = event_filter.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(i) = e.target_dyn_into::<HtmlInputElement>() {
                event_filter.set(i.value());
            }
        })
    };
    let toggle_kind = |k: Kind| {
        let kinds = kinds.clone();
        Callback::from(move |_: Event| {
            let mut v = (*kinds).clone();
            if let Some(p) = v.iter().position(|x| *x == k) {
                v.remove(p);
            } else {
                v.push(k);
            }
            kinds.set(v);
        })
    };
    let shown_events = timeline::filtered(&p.events, &kinds, &event_filter);
    html! {
        <details class="timeline" open=true>
            <summary>{ format!("Events ({})", shown_events.len()) }</summary>
            <div class="timeline-filter">
                <input id="event-filter" aria-label="Show events containing" placeholder="filter, e.g. web or us-east-1a" oninput={on_filter} />
                { for Kind::ALL.iter().map(|k| html! {
                    <label class="kind"><input type="checkbox" checked={kinds.contains(k)} onchange={toggle_kind(*k)} />{ k.label() }</label>
                }) }
            </div>
            <ol id="events" class="events" aria-label="Events, newest first">
                { for shown_events.iter().take(200).map(|e| html! {
                    <li class={e.kind.label()}>
                        <time>{ ecs_sandbox_engine::clock::iso8601(e.at as i64).get(11..19).unwrap_or("").to_string() }</time>
                        { format!(" {}", e.text) }
                    </li>
                }) }
            </ol>
        </details>
    }
}
