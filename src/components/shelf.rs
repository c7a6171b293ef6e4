//! The shelf's view (`crate::shelf`): one line each for the clusters, the task definitions and the
//! ECR repositories, beside the graph; hidden while the account has none of them.
//!
//! A view function: see `components` for why stateless parts are not Yew components.

use crate::shelf::{Shelf, ShelfItem};
use yew::prelude::*;

fn row(heading: &'static str, items: &[ShelfItem]) -> Html {
    if items.is_empty() {
        return html! {};
    }
    html! {
        <li>
            <span class="shelf-heading">{ heading }</span>
            { for items.iter().map(|i| html! {
                <span class={classes!("shelf-item", i.warning.is_some().then_some("warned"))} title={i.detail.clone()}>
                    { i.label.clone() }
                    if let Some(w) = &i.warning { <span class="shelf-warning">{ format!(" ⚠ {w}") }</span> }
                </span>
            }) }
        </li>
    }
}

pub fn shelf_view(shelf: &Shelf) -> Html {
    if shelf == &Shelf::default() {
        return html! {};
    }
    html! {
        <ul class="shelf" aria-label="Clusters, task definitions and repositories">
            { row("Clusters", &shelf.clusters) }
            { row("Task definitions", &shelf.task_definitions) }
            { row("ECR", &shelf.repositories) }
        </ul>
    }
}
