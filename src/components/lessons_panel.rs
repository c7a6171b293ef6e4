//! The lessons panel: the list of walkthroughs and levels (lessons/index.json beside the page), a
//! lesson file of one's own, `#lesson=ID` and `#lesson-json=...` links, and the lesson being
//! followed: its step, what to type, the goal with ✔ / ✘, hints, the solution, and the golf score.

use crate::hooks::SessionHandle;
use crate::lessons::ActiveLesson;
use crate::services::{fetch::fetch_text, file, page};
use crate::session::Session;
use serde::Deserialize;
use yew::prelude::*;

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct IndexEntry {
    pub id: String,
    pub kind: String,
    /// The part of the map it belongs to (the list's order is the suggested order).
    #[serde(default)]
    pub topic: String,
    pub title: String,
    pub file: String,
}

/// The lesson list: None while it loads, else the list or why it could not be loaded.
type Index = UseStateHandle<Option<Result<Vec<IndexEntry>, String>>>;

#[derive(Properties)]
pub struct LessonsProps {
    pub session: SessionHandle,
    /// Put a command into the command box.
    pub on_command: Callback<String>,
}

/// The panel shows the session: it re-renders when the session changes, not for a new closure.
impl PartialEq for LessonsProps {
    fn eq(&self, other: &Self) -> bool {
        self.session == other.session
    }
}

/// Starts a lesson from its file's text, or says why not (the session is unchanged then).
fn start(session: &SessionHandle, text: &str) {
    match session.quietly(|s| s.start_lesson(text)) {
        Ok(()) => session.changed(),
        Err(e) => session.notify(format!(
            "The lesson could not be opened: {e}. The sandbox is unchanged."
        )),
    }
}

/// Opens one of the bundled lessons by id (the first-visit card's buttons).
pub fn open_bundled(id: &str, session: &SessionHandle) {
    start_from(format!("lessons/{id}.json"), session.clone());
}

fn start_from(url: String, session: SessionHandle) {
    wasm_bindgen_futures::spawn_local(async move {
        match fetch_text(&url).await {
            Ok(text) => start(&session, &text),
            Err(e) => session.notify(format!("The lesson could not be opened: {e}.")),
        }
    });
}

/// A lesson named in the page's link (`#lesson=binpack`, or a whole lesson file compressed into
/// `#lesson-json=...`). Over a session with work in it, the page asks first (`offers.rs`).
fn open_linked_lesson(session: &SessionHandle) {
    let hash = page::fragment();
    if !hash.starts_with("#lesson") {
        return;
    }
    if session.borrow().has_work() {
        session.ask_about(hash, 0);
        return;
    }
    // Drop the fragment so that a reload continues the lesson rather than starting it again.
    page::drop_fragment();
    open_fragment(&hash, session);
}

/// Opens the lesson a link's fragment names (the link already answered).
pub fn open_fragment(hash: &str, session: &SessionHandle) {
    if let Some(id) = hash.strip_prefix("#lesson=") {
        let ok = !id.is_empty() && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
        if ok {
            start_from(format!("lessons/{id}.json"), session.clone());
        } else {
            session.notify(format!(
                "The link names a lesson \"{id}\" that cannot exist."
            ));
        }
    } else if let Some(data) = hash.strip_prefix("#lesson-json=") {
        match crate::session::unpack::unpack(data) {
            Ok(text) => start(session, &text),
            Err(crate::session::unpack::Unpack::Damaged) => {
                session.notify("The link's lesson is damaged (it does not decompress).".into())
            }
            Err(crate::session::unpack::Unpack::TooLarge) => session.notify(
                "The link's lesson is larger than the sandbox opens; nothing was changed.".into(),
            ),
        }
    }
}

/// On opening the page: the lesson named in the link, and the lesson list.
#[hook]
fn use_opening(session: &SessionHandle, index: &Index) {
    let (index, session) = (index.clone(), session.clone());
    use_effect_with((), move |_| {
        open_linked_lesson(&session);
        wasm_bindgen_futures::spawn_local(async move {
            let list = fetch_text("lessons/index.json").await.and_then(|t| {
                let damaged = |e: serde_json::Error| format!("the lesson list is damaged ({e})");
                let v: serde_json::Value = serde_json::from_str(&t).map_err(damaged)?;
                Vec::<IndexEntry>::deserialize(ecs_sandbox_engine::request::Body(&v))
                    .map_err(damaged)
            });
            index.set(Some(list));
        });
    });
}

/// The lesson map: one group per topic, in the list's order, each lesson numbered along the way,
/// with the learner's result beside each passed (golf counts in levels only).
fn lesson_map(p: &LessonsProps, s: &Session, list: &[IndexEntry]) -> Html {
    let mut topics: Vec<&str> = vec![];
    for e in list {
        if !topics.contains(&e.topic.as_str()) {
            topics.push(&e.topic);
        }
    }
    let number = |id: &str| list.iter().position(|e| e.id == id).map_or(0, |i| i + 1);
    html! { <>{ for topics.into_iter().map(|topic| html! { <>
        <h3 class="lesson-group">{ if topic.is_empty() { "More lessons" } else { topic } }</h3>
        <ol class="lesson-list">{ for list.iter().filter(|e| e.topic == topic).map(|e| {
            let session = p.session.clone();
            let url = format!("lessons/{}", e.file);
            let title = e.title.strip_prefix("Walkthrough: ").unwrap_or(&e.title).to_string();
            let kind = if e.kind == "walkthrough" { "walkthrough" } else { "challenge" };
            html! { <li value={number(&e.id).to_string()}>
                <button class="lesson-open" data-lesson={e.id.clone()} onclick={move |_: MouseEvent| start_from(url.clone(), session.clone())}>
                    { title }
                </button>
                <span class="hint">{ format!(" {kind}") }</span>
                if let Some(n) = s.progress.get(&e.id) {
                    if e.kind == "walkthrough" {
                        <span class="lesson-passed" title="done">{ " ✔ done" }</span>
                    } else {
                        <span class="lesson-passed" title="passed (commands used)">{ format!(" ✔ {}", crate::lessons::commands(*n)) }</span>
                    }
                }
            </li> }
        }) }</ol>
    </> }) }</> }
}

/// No lesson being followed: the list, and a lesson file of one's own.
fn lesson_list(p: &LessonsProps, s: &Session, index: &Index) -> Html {
    let open_file = {
        let session = p.session.clone();
        Callback::from(move |e: Event| {
            let session = session.clone();
            file::read_chosen_file(&e, move |text| start(&session, &text));
        })
    };
    html! {
        <details class="lessons" open=true>
            <summary>{ "Lessons: the course's demos step by step, and challenges" }</summary>
            { match &**index {
                None => html! { <p class="hint">{ "Loading the lessons…" }</p> },
                Some(Err(e)) => html! { <p class="stderr">{ format!("The lesson list could not be loaded: {e}") }</p> },
                Some(Ok(list)) => lesson_map(p, s, list),
            } }
            <label for="lesson-file">{ "Or open a lesson file (lessons/README.md says how to write one)" }</label>
            <input id="lesson-file" type="file" accept=".json,application/json" onchange={open_file} />
        </details>
    }
}

/// A link that opens the lesson: by id when it is one of the bundled lessons, else the whole file.
fn lesson_link(active: &ActiveLesson, index: &Index) -> String {
    let bundled =
        matches!(&**index, Some(Ok(list)) if list.iter().any(|e| e.id == active.lesson.id));
    let fragment = if bundled {
        format!("lesson={}", active.lesson.id)
    } else {
        format!(
            "lesson-json={}",
            lz_str::compress_to_encoded_uri_component(active.text.as_str())
        )
    };
    format!("{}#{fragment}", page::page_url())
}

#[function_component(LessonsPanel)]
pub fn lessons_panel(p: &LessonsProps) -> Html {
    let index: Index = use_state(|| None);
    use_opening(&p.session, &index);
    let link = use_state(|| None::<String>);
    let show_link = {
        let (link, session, index) = (link.clone(), p.session.clone(), index.clone());
        Callback::from(move |_: MouseEvent| {
            if let Some(active) = session.borrow().lesson.as_ref() {
                link.set(Some(lesson_link(active, &index)));
            }
        })
    };
    let s = p.session.borrow();
    let Some(active) = s.lesson.as_ref() else {
        return lesson_list(p, &s, &index);
    };
    let l = &active.lesson;
    let total = l.steps.len();
    let used = active.score.unwrap_or_else(|| s.lesson_commands());
    let progress_line = if active.is_level() {
        format!(
            "Step {} of {total} · commands so far: {used} · par {}",
            (active.step() + 1).min(total),
            active.par()
        )
    } else {
        format!("Step {} of {total}", (active.step() + 1).min(total))
    };
    html! {
        <section class="lesson" aria-label="Lesson">
            <h2>{ l.title.clone() }</h2>
            <p class="lesson-summary">{ l.summary.clone() }</p>
            if active.done() {
                { done_card(p, active, used, &index) }
            } else {
                { step_html(p, active, &s) }
            }
            if active.goal_picture.is_some() {
                <p class="hint">{ "The goal as a picture: \"Compare with the goal\" above the graph." }</p>
            }
            <p class="hint">{ progress_line }</p>
            <button id="lesson-leave" onclick={act(p, Session::leave_lesson)}>{ "Leave the lesson" }</button>
            <button id="lesson-link" onclick={show_link}>{ "Link to this lesson" }</button>
            if let Some(link) = (*link).clone() {
                <label for="lesson-link-url">{ "Opening this link starts the lesson afresh" }</label>
                <input id="lesson-link-url" readonly=true value={link} />
            }
        </section>
    }
}

/// The lesson done: what the last step explained, the score (levels), and the next lesson in the
/// list's order.
fn done_card(p: &LessonsProps, active: &ActiveLesson, used: usize, index: &Index) -> Html {
    let next = match &**index {
        Some(Ok(list)) => list
            .iter()
            .position(|e| e.id == active.lesson.id)
            .and_then(|i| list.get(i + 1))
            .cloned(),
        _ => None,
    };
    let score = if active.is_level() {
        format!(
            "Done ✔ — {} (the reference solution takes {}).",
            crate::lessons::commands(used),
            active.par()
        )
    } else {
        "Done ✔ — you went through the whole demo.".to_string()
    };
    html! {
        <div class="lesson-done" role="status">
            if let Some(x) = &active.explained {
                <p class="explain">{ format!("✔ {x}") }</p>
            }
            <p><strong>{ score }</strong></p>
            if let Some(e) = next {
                <button id="lesson-next-lesson" class="primary" onclick={
                    let (session, url) = (p.session.clone(), format!("lessons/{}", e.file));
                    move |_: MouseEvent| start_from(url.clone(), session.clone())
                }>{ format!("Next lesson: {} →", e.title.strip_prefix("Walkthrough: ").unwrap_or(&e.title)) }</button>
            }
        </div>
    }
}

/// A button's change to the lesson's own state (hints, solution, leaving).
fn act(p: &LessonsProps, f: fn(&mut Session)) -> Callback<MouseEvent> {
    let session = p.session.clone();
    Callback::from(move |_: MouseEvent| session.update(f))
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

/// The files a step asks for, each with a button that saves it.
fn step_files(p: &LessonsProps, step: &ecs_sandbox_awscli::lesson::Step, s: &Session) -> Html {
    html! {
        <ul class="lesson-files">{ for step.files.iter().map(|f| {
            let (session, name, body) = (p.session.clone(), f.name.clone(), f.body.clone());
            let saved = s.files.0.get(&f.name) == Some(&f.body);
            html! { <li>
                <button class="save-lesson-file" onclick={move |_: MouseEvent| session.update(|s| s.save_file(&name, &body))}>
                    { format!("Save {}", f.name) }
                </button>
                if saved { <span class="hint">{ " saved ✔" }</span> }
            </li> }
        }) }</ul>
    }
}

/// Why a goal may not hold yet: what waits on the clock ("2 tasks PENDING — the clock moves it").
fn waiting_line(s: &Session) -> Option<String> {
    let waiting = crate::waiting::waiting(&s.sandbox.world);
    (!waiting.is_empty()).then(|| {
        format!(
            "Waiting on the clock: {} — time moves it: play the clock or step it forward (+1 min).",
            waiting.join(", ")
        )
    })
}

fn step_html(p: &LessonsProps, active: &ActiveLesson, s: &Session) -> Html {
    let Some(step) = active.lesson.steps.get(active.step()) else {
        return html! {};
    };
    // A passed step's goal is met (what it asked to do was done before the mark moved on).
    let checks = active.checks(&s.sandbox.world);
    let passed = active.passed();
    let command_line = |c: &String| {
        let (on_command, text) = (p.on_command.clone(), c.clone());
        html! { <li><code>{ c.clone() }</code>
        <button class="copy" onclick={move |_: MouseEvent| on_command.emit(text.clone())} title="Put it in the command box">{ "Type it" }</button></li> }
    };
    html! { <>
        <h3>{ step.title.clone() }</h3>
        <p>{ step.text.clone() }</p>
        if !step.files.is_empty() {
            { step_files(p, step, s) }
        }
        if !step.commands.is_empty() {
            <ol class="lesson-commands">{ for step.commands.iter().map(command_line) }</ol>
        }
        <ul class="goal" aria-label="Goal">{ for checks.iter().map(|c| {
            let ok = passed || c.passed;
            html! {
                <li class={if ok { "pass" } else { "todo" }}>{ format!("{} {}", if ok { "✔" } else { "✘" }, c.says) }</li>
            }
        }) }</ul>
        if !passed && checks.iter().any(|c| !c.passed) {
            if let Some(why) = waiting_line(s) {
                <p id="goal-waiting" class="goal-waiting">{ why }</p>
            }
        }
        if passed {
            <div class="step-passed" role="status">
                if let Some(x) = &active.explained {
                    <p class="explain">{ format!("✔ {x}") }</p>
                }
                <p class="hint">{ "Next step → is in the lesson's top line." }</p>
            </div>
        } else {
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
        }
    </> }
}
