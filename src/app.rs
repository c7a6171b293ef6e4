//! The page: a terminal-like command box over the session, the graph of the account, the inspector for
//! what is selected on it, and the virtual clock.

use crate::graph::{Graph, NodeRef};
use crate::graph_view::GraphView;
use crate::inspector::inspect;
use crate::session::{LoadError, Session};
use crate::timeline::{self, Kind};
use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

/// Where the session is kept between visits, and where an unreadable one is set aside.
const STORAGE_KEY: &str = "ecs-sandbox/session";
const SET_ASIDE_KEY: &str = "ecs-sandbox/session.unreadable";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

/// The session to start with: a share link in the URL, else the one saved in this browser, else a new
/// one. Anything unreadable is set aside (never deleted) and explained.
fn load_session() -> (Session, Option<String>) {
    let window = web_sys::window();
    let hash = window.as_ref().and_then(|w| w.location().hash().ok()).unwrap_or_default();
    if hash.starts_with("#s=") {
        // Drop the fragment so a reload uses the saved session rather than the link again.
        if let Some(h) = window.as_ref().and_then(|w| w.history().ok()) {
            let _ = h.replace_state_with_url(
                &wasm_bindgen::JsValue::NULL,
                "",
                Some(&window.as_ref().and_then(|w| w.location().pathname().ok()).unwrap_or_default()),
            );
        }
        return match Session::from_fragment(&hash) {
            Ok(s) => (s, Some("Opened the session from the shared link.".into())),
            Err(e) => (Session::default(), Some(format!("The shared link could not be opened: {}. A new sandbox was started.", link_error(&e)))),
        };
    }
    let Some(store) = storage() else { return (Session::default(), None) };
    match store.get_item(STORAGE_KEY).ok().flatten() {
        None => (Session::default(), None),
        Some(text) => match Session::from_document(&text) {
            Ok(s) => (s, None),
            Err(e) => {
                let _ = store.set_item(SET_ASIDE_KEY, &text);
                let _ = store.remove_item(STORAGE_KEY);
                (Session::default(), Some(format!("{e}; it was set aside in this browser's storage as \"{SET_ASIDE_KEY}\" and a new sandbox was started.")))
            }
        },
    }
}

fn link_error(e: &LoadError) -> String {
    e.to_string().replace("the saved session", "the link's session")
}

fn save_session(s: &Session) {
    if let Some(store) = storage() {
        let _ = store.set_item(STORAGE_KEY, &s.to_document());
    }
}

/// After the session changed: keep it in this browser and re-render (the version keys the derived views).
fn session_changed(session: &std::cell::RefCell<Session>, version: &UseStateHandle<u64>) {
    save_session(&session.borrow());
    version.set(**version + 1);
}

#[function_component(App)]
pub fn app() -> Html {
    let loaded = use_mut_ref(|| Some(load_session()));
    let notice = use_state(|| loaded.borrow().as_ref().and_then(|(_, n)| n.clone()));
    let session = use_mut_ref(|| loaded.borrow_mut().take().map(|(s, _)| s).unwrap_or_default());
    // Bumped after every change of the session so the page re-renders.
    let version = use_state(|| 0u64);
    let share_link = use_state(|| None::<String>);
    let input = use_node_ref();
    // Tab completion choices to show under the command box.
    let choices = use_state(Vec::<String>::new);
    let terminal = use_node_ref();
    {
        // Keep the newest output in view.
        let terminal = terminal.clone();
        use_effect_with(*version, move |_| {
            if let Some(el) = terminal.cast::<web_sys::Element>() {
                el.set_scroll_top(el.scroll_height());
            }
        });
    }

    let run = {
        let (session, version, input) = (session.clone(), version.clone(), input.clone());
        Callback::from(move |_: ()| {
            let Some(area) = input.cast::<HtmlTextAreaElement>() else { return };
            let text = area.value();
            area.set_value("");
            session.borrow_mut().submit(&text);
            session_changed(&session, &version);
        })
    };

    let onkeydown = {
        let (run, input, session, choices) = (run.clone(), input.clone(), session.clone(), choices.clone());
        Callback::from(move |e: KeyboardEvent| {
            let Some(area) = input.cast::<HtmlTextAreaElement>() else { return };
            let single_line = !area.value().contains('\n');
            if e.key() != "Tab" && !choices.is_empty() {
                choices.set(vec![]);
            }
            match e.key().as_str() {
                "Tab" if !e.shift_key() => {
                    let value = area.value();
                    // Complete at the end of the text only (where the learner is typing).
                    let at_end = area.selection_start().ok().flatten().is_some_and(|p| p as usize == value.encode_utf16().count());
                    if at_end && !value.trim().is_empty() {
                        e.prevent_default();
                        let (text, list) = session.borrow().complete(&value);
                        if let Some(t) = text {
                            area.set_value(&t);
                        }
                        choices.set(list);
                    }
                }
                "Enter" if !e.shift_key() => {
                    e.prevent_default();
                    run.emit(());
                }
                "ArrowUp" if single_line => {
                    if let Some(h) = session.borrow_mut().history_prev() {
                        area.set_value(h);
                        e.prevent_default();
                    }
                }
                "ArrowDown" if single_line => {
                    area.set_value(session.borrow_mut().history_next());
                    e.prevent_default();
                }
                _ => {}
            }
        })
    };

    let file_name = use_node_ref();
    let file_body = use_node_ref();
    let save_file = {
        let (session, version, file_name, file_body) = (session.clone(), version.clone(), file_name.clone(), file_body.clone());
        Callback::from(move |_| {
            let (Some(n), Some(b)) = (file_name.cast::<HtmlInputElement>(), file_body.cast::<HtmlTextAreaElement>()) else { return };
            session.borrow_mut().save_file(&n.value(), &b.value());
            session_changed(&session, &version);
        })
    };

    let act = |what: &'static str| {
        let (session, version, share_link) = (session.clone(), version.clone(), share_link.clone());
        Callback::from(move |_: MouseEvent| {
            match what {
                "undo" => session.borrow_mut().undo(),
                "reset" => session.borrow_mut().reset(),
                _ => {
                    let link = match session.borrow().share_fragment() {
                        Ok(fragment) => {
                            let location = web_sys::window().map(|w| w.location());
                            let base = location
                                .map(|l| format!("{}{}", l.origin().unwrap_or_default(), l.pathname().unwrap_or_default()))
                                .unwrap_or_default();
                            format!("{base}#{fragment}")
                        }
                        Err(len) => format!(
                            "This session is too long for a link ({len} characters; links stay below {}). Undo some steps, or copy the saved session from this browser.",
                            crate::session::MAX_LINK_FRAGMENT
                        ),
                    };
                    share_link.set(Some(link));
                    return;
                }
            }
            session_changed(&session, &version);
        })
    };

    let selected = use_state(|| None::<NodeRef>);
    // The timeline's filter: which kinds of event, and text to look for.
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
    // Presenter mode: large type and high contrast for a projector.
    let presenter = use_state(|| false);
    let toggle_presenter = {
        let presenter = presenter.clone();
        Callback::from(move |_: MouseEvent| presenter.set(!*presenter))
    };
    let on_select = {
        let selected = selected.clone();
        Callback::from(move |n: NodeRef| selected.set(Some(n)))
    };
    // The clock's step buttons are commands like any other, so they are in the session and replay.
    let advance = |by: &'static str| {
        let (session, version) = (session.clone(), version.clone());
        Callback::from(move |_: MouseEvent| {
            session.borrow_mut().submit(&format!("sandbox advance {by}"));
            session_changed(&session, &version);
        })
    };

    // Import: a session file chosen by the learner replaces the session (an unreadable one is refused with
    // the reason, and the current session is kept).
    let import = {
        let (session, version, notice) = (session.clone(), version.clone(), notice.clone());
        Callback::from(move |e: Event| {
            let Some(input) = e.target_dyn_into::<HtmlInputElement>() else { return };
            let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
            input.set_value("");
            let Ok(reader) = web_sys::FileReader::new() else { return };
            let (session, version, notice, r) = (session.clone(), version.clone(), notice.clone(), reader.clone());
            let onload = wasm_bindgen::closure::Closure::once_into_js(move || {
                let text = r.result().ok().and_then(|v| v.as_string()).unwrap_or_default();
                match Session::from_document(&text) {
                    Ok(s) => {
                        *session.borrow_mut() = s;
                        notice.set(Some("Imported the session from the file.".into()));
                        session_changed(&session, &version);
                    }
                    Err(e) => notice.set(Some(format!(
                        "The file could not be imported: {}. The current session is unchanged.",
                        e.to_string().replace("the saved session", "the file's session")
                    ))),
                }
            });
            reader.set_onload(Some(onload.unchecked_ref()));
            let _ = reader.read_as_text(&file);
        })
    };

    // What is derived from the world is rebuilt only when the session changes (or the selection does), not
    // on every keystroke in a filter: with thousands of tasks that keeps typing smooth.
    let derived = {
        let session = session.clone();
        use_memo(*version, move |_| {
            let s = session.borrow();
            (std::rc::Rc::new(Graph::of(&s.sandbox.world)), timeline::events(&s.sandbox.world))
        })
    };
    let (graph, all_events) = (&derived.0, &derived.1);
    let inspection = {
        let session = session.clone();
        use_memo((*version, (*selected).clone()), move |(_, n)| n.as_ref().and_then(|n| inspect(&session.borrow().sandbox.world, n)))
    };
    let s = session.borrow();
    let world = &s.sandbox.world;
    let export_href = format!("data:application/json;charset=utf-8,{}", js_sys::encode_uri_component(&s.to_document()));
    let shown_events = timeline::filtered(all_events, &kinds, &event_filter);
    let main_html = html! { <>
            <h1>{ "ECS Sandbox" }</h1>
            if let Some(n) = (*notice).clone() {
                <p class="notice" role="status">{ n }</p>
            }
            <p class="lead">{ "Type real aws ecs / ec2 commands against a simulated AWS account (us-east-1). Nothing talks to AWS. Timings and some messages are the sandbox's model." }</p>
            <nav class="toolbar" aria-label="Session">
                <button id="undo" onclick={act("undo")} title="Take back the last command or file save">{ "Undo" }</button>
                <button id="reset" onclick={act("reset")} title="Start again from a fresh account">{ "Reset" }</button>
                <button id="share" onclick={act("share")} title="A link that reproduces this session">{ "Share link" }</button>
                <a id="export" class="button" href={export_href} download="ecs-sandbox-session.json" title="Save the session as a file">{ "Export" }</a>
                <input id="import" type="file" accept=".json,application/json" class="visually-hidden" onchange={import} />
                <label class="button" for="import" title="Open a session file saved with Export">{ "Import" }</label>
                <button id="presenter" onclick={toggle_presenter} aria-pressed={presenter.to_string()} title="Large type and high contrast for a projector">{ "Presenter mode" }</button>
            </nav>
            if let Some(link) = (*share_link).clone() {
                <label for="share-link">{ "Share link (copy it; opening it replays this session)" }</label>
                <input id="share-link" readonly=true value={link} />
            }
            <section class="terminal" ref={terminal} aria-label="Command output" role="log" aria-live="polite">
                { for s.visible_log().iter().map(|e| html! {
                    <div class={classes!("entry", (!e.ok).then_some("failed"))}>
                        if !e.command.is_empty() { <pre class="cmd">{ format!("$ {}", e.command) }</pre> }
                        if !e.stdout.is_empty() { <pre class="stdout">{ e.stdout.clone() }</pre> }
                        if !e.stderr.is_empty() { <pre class="stderr">{ e.stderr.clone() }</pre> }
                    </div>
                }) }
            </section>
            <label for="command">{ "Command (Enter runs, Shift+Enter adds a line, ↑/↓ history, Tab completes)" }</label>
            <textarea id="command" ref={input} rows="3" {onkeydown} spellcheck="false"
                placeholder="aws ecs create-cluster --cluster-name ECSDemo" />
            if !choices.is_empty() {
                <ul class="choices" aria-label="Completions">
                    { for choices.iter().take(40).map(|c| html! { <li>{ c.clone() }</li> }) }
                    if choices.len() > 40 { <li>{ format!("… {} more", choices.len() - 40) }</li> }
                </ul>
            }
            <button id="run" onclick={run.reform(|_| ())}>{ "Run" }</button>
            <div class="clock" role="group" aria-label="Virtual clock">
                <span id="virtual-time">{ format!("Virtual time {}", ecs_sandbox_engine::clock::iso8601(world.now as i64)) }</span>
                <button onclick={advance("10s")}>{ "+10 s" }</button>
                <button onclick={advance("1m")}>{ "+1 min" }</button>
                <button onclick={advance("5m")}>{ "+5 min" }</button>
            </div>
            <details class="files">
                <summary>{ format!("Files for file:// ({})", s.file_names().len()) }</summary>
                <label for="file-name">{ "File name" }</label>
                <input id="file-name" ref={file_name} placeholder="container.json" />
                <label for="file-body">{ "Content" }</label>
                <textarea id="file-body" ref={file_body} rows="6" spellcheck="false" />
                <button id="save-file" onclick={save_file}>{ "Save file" }</button>
                <ul>{ for s.file_names().into_iter().map(|f| html!{ <li>{ f }</li> }) }</ul>
            </details>
    </> };
    html! {
        <div class={classes!("workspace", presenter.then_some("presenter"))}>
            <main class="console">{ main_html }</main>
            <section class="picture" aria-label="The account">
                <div class="graph-scroll">
                    <GraphView graph={graph.clone()} selected={(*selected).clone()} on_select={on_select} />
                </div>
                <details class="graph-text">
                    <summary>{ "The graph in words" }</summary>
                    <ul id="graph-list">{ for graph.describe().into_iter().map(|line| html! { <li>{ line }</li> }) }</ul>
                </details>
                <section class="inspector" aria-label="Inspector" aria-live="polite">
                    { match &*inspection {
                        None => html! { <p class="hint">{ "Click a task, an instance, a load balancer or a target group to inspect it." }</p> },
                        Some(i) => html! { <>
                            <h2>{ i.title.clone() }</h2>
                            <ul class="relations">{ for i.relations.iter().map(|r| html! { <li>{ r.clone() }</li> }) }</ul>
                            if let Some(d) = &i.decision {
                                <h3>{ "Why it is here: the placement decision" }</h3>
                                <p>{ d.summary.clone() }</p>
                                <table class="decision">
                                    <thead><tr><th>{ "Instance" }</th><th>{ "Zone" }</th><th>{ "Remaining" }</th><th>{ "Filters" }</th></tr></thead>
                                    <tbody>{ for d.rows.iter().map(|r| html! {
                                        <tr class={classes!(r.passed.then_some("pass"), r.chosen.then_some("chosen"))}>
                                            <td>{ format!("{}{}", r.ec2_instance_id, if r.chosen { " ✔ chosen" } else { "" }) }</td>
                                            <td>{ r.zone.clone() }</td><td>{ r.remaining.clone() }</td><td>{ r.result.clone() }</td>
                                        </tr>
                                    }) }</tbody>
                                </table>
                                <ul class="steps">{ for d.steps.iter().map(|st| html! { <li>{ st.clone() }</li> }) }</ul>
                            }
                            <pre class="cmd">{ format!("$ {}", i.command) }</pre>
                            <pre class="describe">{ i.output.clone() }</pre>
                        </> },
                    } }
                </section>
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
            </section>
        </div>
    }
}
