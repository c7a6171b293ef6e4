//! The inspector: what is selected on the graph, described (`crate::inspector` runs the describe
//! command on a copy of the world): its relations, the placement decision as a table of instances
//! × filters with the strategy steps, and the describe output.
//!
//! A view function: see `components` for why stateless parts are not Yew components.

use crate::inspector::{DecisionView, Inspection};
use yew::prelude::*;

fn decision(d: &DecisionView) -> Html {
    html! { <>
        <h3>{ "Why it is here: the placement decision" }</h3>
        <p>{ d.summary.clone() }</p>
        if !d.causes.is_empty() {
            <p id="failure-causes">{ format!("Instances turned away, by cause: {}", d.causes.iter().map(|(c, n)| format!("{c} ×{n}")).collect::<Vec<_>>().join(", ")) }</p>
        }
        <table class="decision">
            <thead><tr>
                { for d.headings.iter().map(|h| html! { <th>{ *h }</th> }) }
                { for d.step_headings.iter().enumerate().map(|(n, h)| html! { <th title="the strategy step's score: lower wins; ✔ kept">{ format!("{}. {h}", n + 1) }</th> }) }
            </tr></thead>
            <tbody>{ for d.rows.iter().map(|r| html! {
                <tr class={classes!(r.passed.then_some("pass"), r.chosen.then_some("chosen"))}>
                    <td>{ format!("{}{}", r.ec2_instance_id, if r.chosen { " ✔ chosen" } else { "" }) }</td>
                    <td>{ r.zone.clone() }</td><td>{ r.remaining.clone() }</td><td>{ r.result.clone() }</td>
                    { for r.scores.iter().map(|c| html! { <td class="score">{ c.clone() }</td> }) }
                </tr>
            }) }</tbody>
        </table>
        <ul class="steps">{ for d.steps.iter().map(|st| html! { <li>{ st.clone() }</li> }) }</ul>
    </> }
}

/// The inspection is rebuilt only when the session or the selection changes (`use_memo` in the
/// page).
pub fn inspector_panel(inspection: &Option<Inspection>) -> Html {
    html! {
        <section class="inspector" aria-label="Inspector" aria-live="polite">
            { match inspection {
                None => html! { <p class="hint">{ "Click a service, a task, an instance, a load balancer or a target group to inspect it." }</p> },
                Some(i) => html! { <>
                    <h2>{ i.title.clone() }</h2>
                    <ul class="relations">{ for i.relations.iter().map(|r| html! { <li>{ r.clone() }</li> }) }</ul>
                    if let Some(d) = &i.decision {
                        { decision(d) }
                    }
                    // The JSON is there for who wants it, folded: the picture and the relations
                    // come first.
                    <details class="describe-box">
                        <summary><code class="cmd">{ format!("$ {}", i.command) }</code></summary>
                        <pre class="describe" tabindex="0" aria-label="The describe output">{ i.output.clone() }</pre>
                    </details>
                </> },
            } }
        </section>
    }
}
