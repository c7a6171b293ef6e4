//! The lessons panel: the list of walkthroughs and levels (lessons/index.json beside the page), a
//! lesson file of one's own, `#lesson=ID` and `#lesson-json=...` links, and the lesson being
//! followed: its step, what to type, the goal with ✔ / ✘, hints, the solution, and the golf score.

use crate::graph::NodeRef;
use crate::graph_view::GraphView;
use crate::session::Session;
use serde::Deserialize;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use yew::prelude::*;

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct IndexEntry {
    pub id: String,
    pub kind: String,
    pub title: String,
    pub file: String,
}

#[derive(Properties)]
pub struct LessonsProps {
    pub session: Rc<RefCell<Session>>,
    /// Changes whenever the session does (so the panel re-renders with it).
    pub version: u64,
    /// The session changed: save it and re-render the page.
    pub on_change: Callback<()>,
    /// Put a command into the command box.
    pub on_command: Callback<String>,
    /// Say something above the page (a lesson that could not be opened).
    pub on_notice: Callback<String>,
}

impl PartialEq for LessonsProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.session, &other.session) && self.version == other.version
    }
}

/// A file served beside the page, as text.
async fn fetch_text(url: &str) -> Result<String, String> {
    let window = web_sys::window().ok_or("no window")?;
    let failed = || format!("could not load {url} (offline before it was ever loaded?)");
    let resp = JsFuture::from(window.fetch_with_str(url))
        .await
        .map_err(|_| failed())?;
    let resp: web_sys::Response = resp.dyn_into().map_err(|_| failed())?;
    if !resp.ok() {
        return Err(format!("could not load {url} (HTTP {})", resp.status()));
    }
    let text = JsFuture::from(resp.text().map_err(|_| failed())?)
        .await
        .map_err(|_| failed())?;
    text.as_string().ok_or_else(failed)
}

/// Starts a lesson from its file's text, or says why not (the session is unchanged then).
fn start(
    session: &RefCell<Session>,
    text: &str,
    on_change: &Callback<()>,
    on_notice: &Callback<String>,
) {
    let started = session.borrow_mut().start_lesson(text);
    match started {
        Ok(()) => on_change.emit(()),
        Err(e) => on_notice.emit(format!(
            "The lesson could not be opened: {e}. The sandbox is unchanged."
        )),
    }
}

fn start_from(
    url: String,
    session: Rc<RefCell<Session>>,
    on_change: Callback<()>,
    on_notice: Callback<String>,
) {
    wasm_bindgen_futures::spawn_local(async move {
        match fetch_text(&url).await {
            Ok(text) => start(&session, &text, &on_change, &on_notice),
            Err(e) => on_notice.emit(format!("The lesson could not be opened: {e}.")),
        }
    });
}

#[function_component(LessonsView)]
pub fn lessons_view(p: &LessonsProps) -> Html {
    let index = use_state(|| None::<Result<Vec<IndexEntry>, String>>);
    {
        // On opening the page: the lesson list, and a lesson named in the link (`#lesson=binpack`,
        // or a whole lesson file compressed into `#lesson-json=...`).
        let (index, session, on_change, on_notice) = (
            index.clone(),
            p.session.clone(),
            p.on_change.clone(),
            p.on_notice.clone(),
        );
        use_effect_with((), move |_| {
            let window = web_sys::window();
            let hash = window
                .as_ref()
                .and_then(|w| w.location().hash().ok())
                .unwrap_or_default();
            if hash.starts_with("#lesson") {
                // Drop the fragment so that a reload continues the lesson rather than starting it
                // again.
                if let Some(h) = window.as_ref().and_then(|w| w.history().ok()) {
                    let path = window
                        .as_ref()
                        .and_then(|w| w.location().pathname().ok())
                        .unwrap_or_default();
                    let _ = h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&path));
                }
            }
            if let Some(id) = hash.strip_prefix("#lesson=") {
                let ok =
                    !id.is_empty() && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
                if ok {
                    start_from(
                        format!("lessons/{id}.json"),
                        session.clone(),
                        on_change.clone(),
                        on_notice.clone(),
                    );
                } else {
                    on_notice.emit(format!(
                        "The link names a lesson \"{id}\" that cannot exist."
                    ));
                }
            } else if let Some(data) = hash.strip_prefix("#lesson-json=") {
                match lz_str::decompress_from_encoded_uri_component(data)
                    .and_then(|w| String::from_utf16(&w).ok())
                {
                    Some(text) => start(&session, &text, &on_change, &on_notice),
                    None => on_notice
                        .emit("The link's lesson is damaged (it does not decompress).".into()),
                }
            }
            wasm_bindgen_futures::spawn_local(async move {
                let list = fetch_text("lessons/index.json").await.and_then(|t| {
                    let damaged =
                        |e: serde_json::Error| format!("the lesson list is damaged ({e})");
                    let v: serde_json::Value = serde_json::from_str(&t).map_err(damaged)?;
                    Vec::<IndexEntry>::deserialize(ecs_sandbox_engine::request::Body(&v))
                        .map_err(damaged)
                });
                index.set(Some(list));
            });
        });
    }
    let open_file = {
        let (session, on_change, on_notice) =
            (p.session.clone(), p.on_change.clone(), p.on_notice.clone());
        Callback::from(move |e: Event| {
            let (session, on_change, on_notice) =
                (session.clone(), on_change.clone(), on_notice.clone());
            crate::browser::read_chosen_file(&e, move |text| {
                start(&session, &text, &on_change, &on_notice)
            });
        })
    };

    // A link that opens the lesson: by id when it is one of the bundled lessons, else the whole
    // file.
    let link = use_state(|| None::<String>);
    let show_link = {
        let (link, session, index) = (link.clone(), p.session.clone(), index.clone());
        Callback::from(move |_: MouseEvent| {
            let s = session.borrow();
            let Some(active) = s.lesson.as_ref() else {
                return;
            };
            let bundled =
                matches!(&*index, Some(Ok(list)) if list.iter().any(|e| e.id == active.lesson.id));
            let fragment = if bundled {
                format!("lesson={}", active.lesson.id)
            } else {
                format!(
                    "lesson-json={}",
                    lz_str::compress_to_encoded_uri_component(active.text.as_str())
                )
            };
            link.set(Some(format!("{}#{fragment}", crate::browser::page_url())));
        })
    };
    let s = p.session.borrow();
    let Some(active) = s.lesson.as_ref() else {
        let group = |list: &[IndexEntry], walkthroughs: bool, heading: &str| {
            let items: Vec<&IndexEntry> = list
                .iter()
                .filter(|e| (e.kind == "walkthrough") == walkthroughs)
                .collect();
            if items.is_empty() {
                return html! {};
            }
            html! { <>
                <h3 class="lesson-group">{ heading }</h3>
                <ul class="lesson-list">{ for items.into_iter().map(|e| {
                    let (session, on_change, on_notice) = (p.session.clone(), p.on_change.clone(), p.on_notice.clone());
                    let url = format!("lessons/{}", e.file);
                    let title = e.title.strip_prefix("Walkthrough: ").unwrap_or(&e.title).to_string();
                    html! { <li>
                        <button class="lesson-open" data-lesson={e.id.clone()} onclick={move |_: MouseEvent| start_from(url.clone(), session.clone(), on_change.clone(), on_notice.clone())}>
                            { title }
                        </button>
                        if let Some(n) = s.progress.get(&e.id) {
                            <span class="lesson-passed" title="passed (commands used)">{ format!("✔ {n} commands") }</span>
                        }
                    </li> }
                }) }</ul>
            </> }
        };
        return html! {
            <details class="lessons" open=true>
                <summary>{ "Lessons: the course's demos step by step, and challenges" }</summary>
                { match &*index {
                    None => html! { <p class="hint">{ "Loading the lessons…" }</p> },
                    Some(Err(e)) => html! { <p class="stderr">{ format!("The lesson list could not be loaded: {e}") }</p> },
                    Some(Ok(list)) => html! { <>
                        { group(list, true, "Walkthroughs of the course's demos") }
                        { group(list, false, "Levels: reach the goal with any commands") }
                    </> },
                } }
                <label for="lesson-file">{ "Or open a lesson file (lessons/README.md says how to write one)" }</label>
                <input id="lesson-file" type="file" accept=".json,application/json" onchange={open_file} />
            </details>
        };
    };
    let l = &active.lesson;
    let total = l.steps.len();
    let used = s.lesson_commands();
    let done_html = html! {
        <p class="lesson-done" role="status">{ format!("Done ✔ — {used} commands (the reference solution takes {}).", active.par()) }</p>
    };
    html! {
        <section class="lesson" aria-label="Lesson">
            <h2>{ l.title.clone() }</h2>
            <p class="lesson-summary">{ l.summary.clone() }</p>
            if let Some(x) = &active.explained {
                <p class="explain">{ format!("✔ {x}") }</p>
            }
            if active.done() {
                { done_html }
            } else {
                { step_html(p, active, &s) }
            }
            if let Some(g) = active.goal_picture.clone() {
                <details class="goal-picture">
                    <summary>{ "The goal as a picture (the account once solved)" }</summary>
                    <div class="graph-scroll">
                        <GraphView graph={g} selected={None::<NodeRef>} on_select={Callback::noop()} zoom={0.6} />
                    </div>
                </details>
            }
            <p class="hint">{ format!("Step {} of {total} · commands so far: {used} · par {}", (active.step + 1).min(total), active.par()) }</p>
            <button id="lesson-leave" onclick={act(p, Session::leave_lesson)}>{ "Leave the lesson" }</button>
            <button id="lesson-link" onclick={show_link}>{ "Link to this lesson" }</button>
            if let Some(link) = (*link).clone() {
                <label for="lesson-link-url">{ "Opening this link starts the lesson afresh" }</label>
                <input id="lesson-link-url" readonly=true value={link} />
            }
        </section>
    }
}

/// A button's change to the lesson's own state (hints, solution, leaving).
fn act(p: &LessonsProps, f: fn(&mut Session)) -> Callback<MouseEvent> {
    let (session, on_change) = (p.session.clone(), p.on_change.clone());
    Callback::from(move |_: MouseEvent| {
        f(&mut session.borrow_mut());
        on_change.emit(());
    })
}

fn reveal_hint(s: &mut Session) {
    if let Some(l) = s.lesson.as_mut() {
        l.hints_shown += 1;
    }
}

fn reveal_solution(s: &mut Session) {
    if let Some(l) = s.lesson.as_mut() {
        l.solution_shown = true;
    }
}

fn step_html(p: &LessonsProps, active: &crate::lessons::ActiveLesson, s: &Session) -> Html {
    let step = &active.lesson.steps[active.step];
    let checks = active.checks(&s.sandbox.world);
    let command_line = |c: &String| {
        let (on_command, text) = (p.on_command.clone(), c.clone());
        html! { <li><code>{ c.clone() }</code>
        <button class="copy" onclick={move |_: MouseEvent| on_command.emit(text.clone())} title="Put it in the command box">{ "Type it" }</button></li> }
    };
    html! { <>
        <h3>{ step.title.clone() }</h3>
        <p>{ step.text.clone() }</p>
        if !step.files.is_empty() {
            <ul class="lesson-files">{ for step.files.iter().map(|f| {
                let (session, on_change, name, body) = (p.session.clone(), p.on_change.clone(), f.name.clone(), f.body.clone());
                let saved = s.files.0.get(&f.name) == Some(&f.body);
                html! { <li>
                    <button class="save-lesson-file" onclick={move |_: MouseEvent| { session.borrow_mut().save_file(&name, &body); on_change.emit(()); }}>
                        { format!("Save {}", f.name) }
                    </button>
                    if saved { <span class="hint">{ " saved ✔" }</span> }
                </li> }
            }) }</ul>
        }
        if !step.commands.is_empty() {
            <ol class="lesson-commands">{ for step.commands.iter().map(command_line) }</ol>
        }
        <ul class="goal" aria-label="Goal">{ for checks.iter().map(|c| html! {
            <li class={if c.passed { "pass" } else { "todo" }}>{ format!("{} {}", if c.passed { "✔" } else { "✘" }, c.says) }</li>
        }) }</ul>
        { for step.hints.iter().take(active.hints_shown).map(|h| html! { <p class="lesson-hint">{ format!("Hint: {h}") }</p> }) }
        if active.hints_shown < step.hints.len() {
            <button id="lesson-hint" onclick={act(p, reveal_hint)}>{ format!("Hint ({} of {})", active.hints_shown + 1, step.hints.len()) }</button>
        }
        if step.commands.is_empty() {
            if active.solution_shown {
                <ol class="lesson-solution">{ for step.solution().iter().map(command_line) }</ol>
            } else {
                <button id="lesson-solution" onclick={act(p, reveal_solution)}>{ "Show the solution" }</button>
            }
        }
    </> }
}
