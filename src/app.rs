//! The page: lays out its parts (`crate::components`) around the session (`crate::hooks::
//! use_session`), and derives from the world what more than one part shows (the graph, the events,
//! the inspection of what is selected), once per change of the session.

use crate::components::clock::{clock, use_clock};
use crate::components::command_box::CommandBox;
use crate::components::files::{files, FilesProps};
use crate::components::graph_panel::{GraphPanel, PRESENTER_MIN_ZOOM};
use crate::components::inspector_panel::inspector_panel;
use crate::components::lessons_panel::LessonsPanel;
use crate::components::offers::{offers, OffersProps};
use crate::components::shelf::shelf_view;
use crate::components::terminal::{terminal, use_terminal, TerminalProps};
use crate::components::timeline_panel::TimelinePanel;
use crate::components::toolbar::{share_link, toolbar, ToolbarProps};
use crate::graph::{Graph, NodeRef};
use crate::hooks::{use_file_editor, use_light_theme, use_presenter_mode, use_session};
use crate::inspector::inspect;
use crate::timeline;
use std::rc::Rc;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

#[function_component(App)]
pub fn app() -> Html {
    let session = use_session();
    let input = use_node_ref();
    let editor = use_file_editor();
    // The share box is open; its link is made from the session at every render (never stale).
    let share_open = use_state(|| false);
    let copied = use_state(|| None::<&'static str>);
    // The way back that was dismissed (by what it would restore).
    let dismissed = use_state(|| None::<String>);
    let (light, toggle_theme) = use_light_theme();
    // Presenter mode: a layout for a projector (remembered in this browser).
    let (presenter, toggle_presenter) = use_presenter_mode();
    let selected = use_state(|| None::<NodeRef>);
    // The lesson card folded to its one line.
    let folded = use_state(|| false);
    let clock_state = use_clock(&session);
    let terminal_node = use_terminal(&session);

    // What is derived from the world is rebuilt only when the session changes (or the selection
    // does), not on every keystroke in a filter: with thousands of tasks that keeps typing smooth.
    let derived = {
        let session = session.clone();
        use_memo(session.version(), move |_| {
            let s = session.borrow();
            (
                Rc::new(Graph::of(&s.sandbox.world)),
                Rc::new(timeline::events(&s.sandbox.world)),
            )
        })
    };
    let inspection = {
        let session = session.clone();
        use_memo((session.version(), (*selected).clone()), move |(_, n)| {
            n.as_ref()
                .and_then(|n| inspect(&session.borrow().sandbox.world, n))
        })
    };

    let on_share = {
        let (share_open, copied) = (share_open.clone(), copied.clone());
        Callback::from(move |_: MouseEvent| {
            share_open.set(!*share_open);
            copied.set(None);
        })
    };
    let earlier_key = session
        .borrow()
        .earlier()
        .map(|e| format!("{:?}{}", e.why, e.actions));
    let on_dismiss = {
        let (dismissed, key) = (dismissed.clone(), earlier_key.clone());
        Callback::from(move |_: MouseEvent| dismissed.set(key.clone()))
    };
    let offers_props = OffersProps {
        session: session.clone(),
        dismissed: earlier_key.is_some() && *dismissed == earlier_key,
        on_dismiss,
    };
    // The details under the graph: the events, or the inspector once something is selected.
    let events_tab = use_state(|| true);
    let on_select = {
        let (selected, events_tab) = (selected.clone(), events_tab.clone());
        Callback::from(move |n: NodeRef| {
            selected.set(Some(n));
            events_tab.set(false);
        })
    };
    let on_edit_file = {
        let editor = editor.clone();
        Callback::from(move |(name, body): (String, String)| editor.edit(&name, &body))
    };
    // A lesson's "Type it": the command goes into the command box, to be run by the learner.
    let to_command_box = {
        let input = input.clone();
        Callback::from(move |text: String| {
            if let Some(area) = input.cast::<HtmlTextAreaElement>() {
                area.set_value(&text);
                let _ = area.focus();
            }
        })
    };

    let in_lesson = session.borrow().lesson.is_some();
    // A lesson's goal beside the account, with how the two differ.
    let comparing = use_state(|| false);
    let toggle_compare = {
        let comparing = comparing.clone();
        Callback::from(move |_: MouseEvent| comparing.set(!*comparing))
    };
    let goal = session.borrow().lesson.as_ref().and_then(|l| {
        let picture = l.goal_picture.clone()?;
        let differences = l
            .goal_world
            .as_ref()
            .filter(|_| *comparing)
            .map(|g| crate::goal_diff::differences(&session.borrow().sandbox.world, g))
            .unwrap_or_default();
        Some((picture, differences))
    });
    let min_zoom = if presenter { PRESENTER_MIN_ZOOM } else { 0.0 };
    let lesson_done = session.borrow().lesson.as_ref().is_some_and(|l| l.done());
    let lesson_line = lesson_line(&session);
    let next_step = {
        let session = session.clone();
        Callback::from(move |_: MouseEvent| session.update(crate::session::Session::next_step))
    };
    let toggle_fold = {
        let folded = folded.clone();
        Callback::from(move |_: MouseEvent| folded.set(!*folded))
    };
    let lessons = html! { <LessonsPanel session={session.clone()} on_command={to_command_box} /> };
    let close_inspector = {
        let selected = selected.clone();
        Callback::from(move |_: MouseEvent| selected.set(None))
    };
    // Escape closes the inspector, wherever the focus is.
    let on_keydown = {
        let selected = selected.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" && selected.is_some() {
                selected.set(None);
            }
        })
    };
    let events_tab_state = events_tab.clone();
    let events_tab = *events_tab;
    html! {
        <div class={classes!("workspace", presenter.then_some("presenter"), (light && !presenter).then_some("light"))} onkeydown={on_keydown}>
            <a class="skip-link" href="#command">{ "Skip to the command box" }</a>
            <main class="console">
                <header class="masthead">
                    <h1>{ "ECS Sandbox" }</h1>
                    <p class="lead">{ "Real aws ecs / ec2 / elbv2 / events / ecr commands (and docker, curl) against a simulated account in us-east-1 — nothing talks to AWS; help lists everything. Timings and some messages are the sandbox's model." }</p>
                    { toolbar(ToolbarProps { session: session.clone(), on_share, presenter, on_presenter: toggle_presenter, light, on_theme: toggle_theme }) }
                </header>
                if let Some(n) = session.notice() {
                    <p class="notice" role="status">{ n }</p>
                }
                { offers(&offers_props) }
                if *share_open {
                    { share_box(&session, &copied) }
                }
                // The lesson is a card above the output, where its step is read before typing; it
                // folds to one line. Without a lesson, the list of lessons sits there, folded.
                <div class={classes!("lesson-card", in_lesson.then_some("active"))}>
                    if let Some(line) = lesson_line {
                        <div class="lesson-bar">
                            <button id="lesson-fold" onclick={toggle_fold} aria-expanded={(!*folded).to_string()} aria-controls="lesson-body" title="Fold the lesson to one line, or open it">{ if *folded { "▸" } else { "▾" } }</button>
                            <span id="lesson-line">{ line }</span>
                            // Always in view (folded too): the way on once a step has passed.
                            if session.borrow().lesson.as_ref().is_some_and(|l| l.passed()) {
                                <button id="lesson-next" class="primary" onclick={next_step}>{ "Next step →" }</button>
                            }
                        </div>
                    }
                    <div id="lesson-body" hidden={in_lesson && *folded}>{ lessons }</div>
                </div>
                { terminal(&TerminalProps { session: session.clone(), on_edit_file }, &terminal_node) }
                <CommandBox session={session.clone()} input={input.clone()} />
                { files(&FilesProps { session: session.clone(), editor: editor.clone() }) }
            </main>
            <section class="picture" aria-label="The account">
                { clock(&session, &clock_state) }
                if presenter {
                    if let Some(last) = session.borrow().visible_log().last() {
                        <p class="echo" aria-hidden="true">{ format!("$ {}", last.command.lines().next().unwrap_or("")) }</p>
                    }
                }
                { shelf_view(&crate::shelf::shelf(&session.borrow().sandbox.world)) }
                if let Some((goal, differences)) = goal.clone() {
                    <div class="compare-bar">
                        <button id="goal-toggle" aria-pressed={(*comparing).to_string()} onclick={toggle_compare}>{ if *comparing { "Hide the goal" } else { "Compare with the goal" } }</button>
                        if *comparing {
                            if differences.is_empty() {
                                <span id="goal-diff" class="hint">{ "The account looks like the reference solution's ✔" }</span>
                            } else {
                                // The goal is the lesson's checks; the picture is one way to meet
                                // them, so a correct answer may still differ from it.
                                <span class="hint">{ if lesson_done { "Done ✔ — your answer differs from the reference solution's (any answer that meets the goal is right):" } else { "How the account differs from the reference solution's (another correct answer may differ too):" } }</span>
                                <ul id="goal-diff" aria-label="How the account differs from the reference solution">{ for differences.iter().map(|d| html! { <li>{ d.clone() }</li> }) }</ul>
                            }
                        }
                    </div>
                    if *comparing {
                        <div class="graph-area compare">
                            <div class="compare-side"><h3>{ "Now" }</h3>
                                <GraphPanel graph={derived.0.clone()} selected={(*selected).clone()} on_select={on_select.clone()} min_zoom={min_zoom} />
                            </div>
                            <div class="compare-side goal"><h3>{ "The goal: the reference solution's account" }</h3>
                                <GraphPanel graph={goal} selected={None::<NodeRef>} on_select={Callback::noop()} min_zoom={min_zoom} />
                            </div>
                        </div>
                    }
                }
                if !(*comparing && goal.is_some()) {
                    <div class="graph-area">
                        <GraphPanel graph={derived.0.clone()} selected={(*selected).clone()} {on_select} min_zoom={min_zoom} />
                    </div>
                }
                <div class="tabs">
                    <div role="tablist" aria-label="Details">
                        <button role="tab" id="tab-inspector" aria-selected={(!events_tab).to_string()} aria-controls="details-panel" onclick={show_tab(&events_tab_state, false)}>{ "Inspector" }</button>
                        <button role="tab" id="tab-events" aria-selected={events_tab.to_string()} aria-controls="details-panel" onclick={show_tab(&events_tab_state, true)}>{ "Events" }</button>
                    </div>
                    if selected.is_some() {
                        <button id="inspector-close" class="close" onclick={close_inspector} title="Close the inspector (Escape)">{ "✕ Close" }</button>
                    }
                </div>
                <div id="details-panel" class="tab-panel" role="tabpanel" tabindex="0" aria-labelledby={if events_tab { "tab-events" } else { "tab-inspector" }}>
                    if events_tab {
                        <TimelinePanel events={derived.1.clone()} />
                    } else {
                        { inspector_panel(&inspection) }
                    }
                </div>
            </section>
        </div>
    }
}

fn show_tab(events_tab: &UseStateHandle<bool>, events: bool) -> Callback<MouseEvent> {
    let events_tab = events_tab.clone();
    Callback::from(move |_: MouseEvent| events_tab.set(events))
}

/// The lesson card's one line: "Step 2/5 · Launch two container instances · ✘ 0/1".
fn lesson_line(session: &crate::hooks::SessionHandle) -> Option<String> {
    let s = session.borrow();
    let l = s.lesson.as_ref()?;
    let total = l.lesson.steps.len();
    let Some(step) = l.lesson.steps.get(l.step()) else {
        return Some(format!("{} · done ✔", l.lesson.title));
    };
    let n = l.step() + 1;
    if l.passed() {
        return Some(format!("Step {n}/{total} · {} · ✔ passed", step.title));
    }
    let checks = l.checks(&s.sandbox.world);
    let passed = checks.iter().filter(|c| c.passed).count();
    let mark = if passed == checks.len() { "✔" } else { "✘" };
    Some(format!(
        "Step {n}/{total} · {} · {mark} {passed}/{}",
        step.title,
        checks.len()
    ))
}

/// The share box: the link as the session is now, with Copy and what it did.
fn share_box(
    session: &crate::hooks::SessionHandle,
    copied: &UseStateHandle<Option<&'static str>>,
) -> Html {
    let link = share_link(&session.borrow());
    let Ok(link) = link else {
        let why = link.err().unwrap_or_default();
        return html! { <div class="share"><p class="stderr">{ why }</p></div> };
    };
    let copy = {
        let (copied, link) = (copied.clone(), link.clone());
        Callback::from(move |_: MouseEvent| copy_text(&link, &copied))
    };
    html! {
        <div class="share">
            <label for="share-link">{ "Share link (opening it replays this session; it follows every change)" }</label>
            <div class="share-row">
                <input id="share-link" readonly=true value={link} onfocus={Callback::from(|e: FocusEvent| {
                    if let Some(i) = e.target_dyn_into::<web_sys::HtmlInputElement>() { i.select(); }
                })} />
                <button id="copy-link" onclick={copy}>{ "Copy" }</button>
            </div>
            if let Some(said) = **copied {
                <p id="copy-feedback" class="hint" role="status">{ said }</p>
            }
        </div>
    }
}

/// Copies to the clipboard and says how it went (the browser may refuse: then select and Ctrl+C).
fn copy_text(text: &str, said: &UseStateHandle<Option<&'static str>>) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let promise = window.navigator().clipboard().write_text(text);
    let said = said.clone();
    wasm_bindgen_futures::spawn_local(async move {
        said.set(Some(
            match wasm_bindgen_futures::JsFuture::from(promise).await {
                Ok(_) => "Copied ✔",
                Err(_) => "The browser did not allow copying: select the link and press Ctrl+C.",
            },
        ));
    });
}
