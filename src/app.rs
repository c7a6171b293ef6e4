//! The page: a terminal-like command box over the session, the graph of the account, the inspector
//! for what is selected on it, and the virtual clock.

use crate::graph::{Graph, NodeRef};
use crate::graph_view::GraphView;
use crate::inspector::inspect;
use crate::lessons_view::LessonsView;
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

/// The session to start with: a share link in the URL, else the one saved in this browser, else a
/// new one. Anything unreadable is set aside (never deleted) and explained.
fn load_session() -> (Session, Option<String>) {
    let window = web_sys::window();
    let hash = window
        .as_ref()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default();
    if hash.starts_with("#s=") {
        // Drop the fragment so a reload uses the saved session rather than the link again.
        if let Some(h) = window.as_ref().and_then(|w| w.history().ok()) {
            let _ = h.replace_state_with_url(
                &wasm_bindgen::JsValue::NULL,
                "",
                Some(
                    &window
                        .as_ref()
                        .and_then(|w| w.location().pathname().ok())
                        .unwrap_or_default(),
                ),
            );
        }
        return match Session::from_fragment(&hash) {
            Ok(s) => (s, Some("Opened the session from the shared link.".into())),
            Err(e) => (
                Session::default(),
                Some(format!(
                    "The shared link could not be opened: {}. A new sandbox was started.",
                    link_error(&e)
                )),
            ),
        };
    }
    let Some(store) = storage() else {
        return (Session::default(), None);
    };
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
    e.to_string()
        .replace("the saved session", "the link's session")
}

fn save_session(s: &Session) {
    if let Some(store) = storage() {
        let _ = store.set_item(STORAGE_KEY, &s.to_document());
    }
}

/// Counts changes of the session; it keys the derived views. A reducer, so that a timer's callback
/// made long ago still counts up from the newest value.
#[derive(Default, PartialEq)]
struct Version(u64);

impl Reducible for Version {
    type Action = ();
    fn reduce(self: std::rc::Rc<Self>, _: ()) -> std::rc::Rc<Self> {
        std::rc::Rc::new(Version(self.0 + 1))
    }
}

/// After the session changed: keep it in this browser and re-render.
fn session_changed(session: &std::cell::RefCell<Session>, version: &UseReducerHandle<Version>) {
    save_session(&session.borrow());
    version.dispatch(());
}

/// A page setting kept in this browser (theme, Tab completion).
fn pref(key: &str) -> Option<String> {
    storage().and_then(|s| s.get_item(&format!("ecs-sandbox/{key}")).ok().flatten())
}

fn set_pref(key: &str, value: &str) {
    if let Some(s) = storage() {
        let _ = s.set_item(&format!("ecs-sandbox/{key}"), value);
    }
}

/// The theme to start with: the learner's choice, else the system's.
fn starts_light() -> bool {
    match pref("theme").as_deref() {
        Some("light") => true,
        Some("dark") => false,
        _ => web_sys::window()
            .and_then(|w| {
                w.match_media("(prefers-color-scheme: light)")
                    .ok()
                    .flatten()
            })
            .is_some_and(|m| m.matches()),
    }
}

/// What the CLI would say about a file's JSON when a command reads it (None: fine, or not JSON).
pub fn json_problem(name: &str, body: &str) -> Option<String> {
    let t = body.trim_start();
    if !(name.ends_with(".json") || t.starts_with('{') || t.starts_with('[')) || t.is_empty() {
        return None;
    }
    match ecs_sandbox_awscli::convert::parse_json(body) {
        Err(ecs_sandbox_awscli::convert::ParamError::Json { message, .. }) => Some(message),
        _ => None,
    }
}

/// `aws ecs create-service --generate-cli-skeleton` → `create-service.json`, the file a learner
/// would fill in.
pub fn skeleton_file_name(command: &str) -> Option<String> {
    let words: Vec<&str> = command.split_whitespace().collect();
    let at = words
        .iter()
        .position(|w| w.starts_with("--generate-cli-skeleton"))?;
    if words.get(at + 1).is_some_and(|k| *k == "output") {
        return None;
    }
    let op = words.iter().skip(2).find(|w| !w.starts_with('-'))?;
    Some(format!("{op}.json"))
}

/// How fast the clock plays: virtual seconds per real second.
const SPEEDS: [u32; 4] = [1, 10, 60, 300];
/// The playing clock ticks this often (real milliseconds).
const TICK_MS: u32 = 500;

#[function_component(App)]
pub fn app() -> Html {
    let loaded = use_mut_ref(|| Some(load_session()));
    let notice = use_state(|| loaded.borrow().as_ref().and_then(|(_, n)| n.clone()));
    let session = use_mut_ref(|| {
        loaded
            .borrow_mut()
            .take()
            .map(|(s, _)| s)
            .unwrap_or_default()
    });
    // Bumped after every change of the session so the page re-renders.
    let version = use_reducer(Version::default);
    let share_link = use_state(|| None::<String>);
    let input = use_node_ref();
    // Tab completion choices to show under the command box.
    let choices = use_state(Vec::<String>::new);
    let completion_on = use_state(|| pref("tab-completion").as_deref() != Some("off"));
    let light = use_state(starts_light);
    // Ctrl+R: the text looked for in the history, and how many matches to skip (Ctrl+R again:
    // older).
    let search = use_state(|| None::<(String, usize)>);
    let search_input = use_node_ref();
    {
        let search_input = search_input.clone();
        use_effect_with(search.is_some(), move |open| {
            if *open {
                if let Some(el) = search_input.cast::<web_sys::HtmlElement>() {
                    let _ = el.focus();
                }
            }
        });
    }
    let terminal = use_node_ref();
    {
        // Keep the newest output in view.
        let terminal = terminal.clone();
        use_effect_with(version.0, move |_| {
            if let Some(el) = terminal.cast::<web_sys::Element>() {
                el.set_scroll_top(el.scroll_height());
            }
        });
    }

    let run = {
        let (session, version, input) = (session.clone(), version.clone(), input.clone());
        Callback::from(move |_: ()| {
            let Some(area) = input.cast::<HtmlTextAreaElement>() else {
                return;
            };
            let text = area.value();
            area.set_value("");
            session.borrow_mut().submit(&text);
            session_changed(&session, &version);
        })
    };

    let onkeydown = {
        let (run, input, session, choices, search) = (
            run.clone(),
            input.clone(),
            session.clone(),
            choices.clone(),
            search.clone(),
        );
        let completion_on = *completion_on;
        Callback::from(move |e: KeyboardEvent| {
            let Some(area) = input.cast::<HtmlTextAreaElement>() else {
                return;
            };
            let single_line = !area.value().contains('\n');
            if e.key() != "Tab" && !choices.is_empty() {
                choices.set(vec![]);
            }
            match e.key().as_str() {
                "r" | "R" if e.ctrl_key() => {
                    e.prevent_default();
                    search.set(Some((area.value().trim().to_string(), 0)));
                }
                "Tab" if !e.shift_key() && completion_on => {
                    let value = area.value();
                    // Complete at the end of the text only (where the learner is typing).
                    let at_end = area
                        .selection_start()
                        .ok()
                        .flatten()
                        .is_some_and(|p| p as usize == value.encode_utf16().count());
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
    let files_panel = use_node_ref();
    // What is wrong with the JSON being edited, shown under it as the CLI would say it.
    let file_error = use_state(|| None::<String>);
    let check_file = {
        let (file_error, file_name) = (file_error.clone(), file_name.clone());
        Callback::from(move |body: String| {
            let name = file_name
                .cast::<HtmlInputElement>()
                .map(|n| n.value())
                .unwrap_or_default();
            file_error.set(json_problem(&name, &body));
        })
    };
    // Puts a file into the editor (a saved one to change, or a skeleton to fill in) and opens the
    // panel.
    let edit_file = {
        let (file_name, file_body, files_panel, check_file) = (
            file_name.clone(),
            file_body.clone(),
            files_panel.clone(),
            check_file.clone(),
        );
        Callback::from(move |(name, body): (String, String)| {
            let (Some(n), Some(b)) = (
                file_name.cast::<HtmlInputElement>(),
                file_body.cast::<HtmlTextAreaElement>(),
            ) else {
                return;
            };
            n.set_value(&name);
            b.set_value(&body);
            if let Some(p) = files_panel.cast::<web_sys::Element>() {
                let _ = p.set_attribute("open", "");
            }
            let _ = b.focus();
            check_file.emit(body);
        })
    };
    let save_file = {
        let (session, version, file_name, file_body) = (
            session.clone(),
            version.clone(),
            file_name.clone(),
            file_body.clone(),
        );
        Callback::from(move |_| {
            let (Some(n), Some(b)) = (
                file_name.cast::<HtmlInputElement>(),
                file_body.cast::<HtmlTextAreaElement>(),
            ) else {
                return;
            };
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
                        Ok(fragment) => format!("{}#{fragment}", crate::browser::page_url()),
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

    // The history search box: typing filters, Ctrl+R goes to an older match, Enter takes it, Escape
    // leaves.
    let search_keys = {
        let (search, session, input) = (search.clone(), session.clone(), input.clone());
        Callback::from(move |e: KeyboardEvent| {
            let Some((query, skip)) = (*search).clone() else {
                return;
            };
            let to_command = |text: Option<&str>| {
                if let Some(area) = input.cast::<HtmlTextAreaElement>() {
                    if let Some(t) = text {
                        area.set_value(t);
                    }
                    let _ = area.focus();
                }
            };
            match e.key().as_str() {
                "r" | "R" if e.ctrl_key() => {
                    e.prevent_default();
                    let n = session.borrow().history_matches(&query).len();
                    search.set(Some((query, if skip + 1 < n { skip + 1 } else { skip })));
                }
                "Enter" => {
                    e.prevent_default();
                    to_command(session.borrow().history_matches(&query).get(skip).copied());
                    search.set(None);
                }
                "Escape" => {
                    search.set(None);
                    to_command(None);
                }
                _ => {}
            }
        })
    };
    let search_typed = {
        let search = search.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(i) = e.target_dyn_into::<HtmlInputElement>() {
                search.set(Some((i.value(), 0)));
            }
        })
    };
    let toggle_completion = {
        let completion_on = completion_on.clone();
        Callback::from(move |_: Event| {
            set_pref("tab-completion", if *completion_on { "off" } else { "on" });
            completion_on.set(!*completion_on);
        })
    };
    let toggle_theme = {
        let light = light.clone();
        Callback::from(move |_: MouseEvent| {
            set_pref("theme", if *light { "dark" } else { "light" });
            light.set(!*light);
        })
    };

    // The clock playing: every tick advances the virtual clock by speed × tick, as one growing
    // action.
    let playing = use_state(|| false);
    let speed = use_state(|| SPEEDS[1]);
    {
        let (session, version) = (session.clone(), version.clone());
        use_effect_with((*playing, *speed), move |&(playing, speed)| {
            let timer = playing.then(|| {
                let tick = wasm_bindgen::closure::Closure::<dyn FnMut()>::new(move || {
                    session
                        .borrow_mut()
                        .advance_clock(u64::from(speed) * u64::from(TICK_MS));
                    session_changed(&session, &version);
                });
                let id = web_sys::window().and_then(|w| {
                    w.set_interval_with_callback_and_timeout_and_arguments_0(
                        tick.as_ref().unchecked_ref(),
                        TICK_MS as i32,
                    )
                    .ok()
                });
                (id, tick)
            });
            move || {
                if let Some((Some(id), _tick)) = timer {
                    if let Some(w) = web_sys::window() {
                        w.clear_interval_with_handle(id);
                    }
                }
            }
        });
    }
    let toggle_play = {
        let playing = playing.clone();
        Callback::from(move |_: MouseEvent| playing.set(!*playing))
    };
    let set_speed = {
        let speed = speed.clone();
        Callback::from(move |e: Event| {
            if let Some(v) = e
                .target_dyn_into::<web_sys::HtmlSelectElement>()
                .and_then(|s| s.value().parse().ok())
            {
                speed.set(v);
            }
        })
    };

    // Zoom (buttons, Ctrl+wheel) and pan (drag, or the scroll bars) of the graph.
    let zoom = use_state(|| 1.0f64);
    let graph_box = use_node_ref();
    let zoom_by = |factor: f64| {
        let zoom = zoom.clone();
        Callback::from(move |_: MouseEvent| zoom.set((*zoom * factor).clamp(0.2, 4.0)))
    };
    let on_wheel = {
        let zoom = zoom.clone();
        Callback::from(move |e: WheelEvent| {
            if e.ctrl_key() {
                e.prevent_default();
                zoom.set((*zoom * if e.delta_y() < 0.0 { 1.1 } else { 1.0 / 1.1 }).clamp(0.2, 4.0));
            }
        })
    };
    let drag = use_mut_ref(|| None::<(i32, i32, i32, i32)>);
    let drag_start = {
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
    };
    let drag_move = {
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
    };
    let drag_end = {
        let drag = drag.clone();
        Callback::from(move |_: MouseEvent| *drag.borrow_mut() = None)
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
            session
                .borrow_mut()
                .submit(&format!("sandbox advance {by}"));
            session_changed(&session, &version);
        })
    };

    // Import: a session file chosen by the learner replaces the session (an unreadable one is
    // refused with the reason, and the current session is kept).
    let import = {
        let (session, version, notice) = (session.clone(), version.clone(), notice.clone());
        Callback::from(move |e: Event| {
            let (session, version, notice) = (session.clone(), version.clone(), notice.clone());
            crate::browser::read_chosen_file(&e, move |text| match Session::from_document(&text) {
                Ok(s) => {
                    *session.borrow_mut() = s;
                    notice.set(Some("Imported the session from the file.".into()));
                    session_changed(&session, &version);
                }
                Err(e) => notice.set(Some(format!(
                    "The file could not be imported: {}. The current session is unchanged.",
                    e.to_string()
                        .replace("the saved session", "the file's session")
                ))),
            });
        })
    };

    // What is derived from the world is rebuilt only when the session changes (or the selection
    // does), not on every keystroke in a filter: with thousands of tasks that keeps typing smooth.
    let derived = {
        let session = session.clone();
        use_memo(version.0, move |_| {
            let s = session.borrow();
            (
                std::rc::Rc::new(Graph::of(&s.sandbox.world)),
                timeline::events(&s.sandbox.world),
            )
        })
    };
    let (graph, all_events) = (&derived.0, &derived.1);
    let inspection = {
        let session = session.clone();
        use_memo((version.0, (*selected).clone()), move |(_, n)| {
            n.as_ref()
                .and_then(|n| inspect(&session.borrow().sandbox.world, n))
        })
    };
    let lesson_changed = {
        let (session, version) = (session.clone(), version.clone());
        Callback::from(move |_: ()| session_changed(&session, &version))
    };
    let to_command_box = {
        let input = input.clone();
        Callback::from(move |text: String| {
            if let Some(area) = input.cast::<HtmlTextAreaElement>() {
                area.set_value(&text);
                let _ = area.focus();
            }
        })
    };
    let lesson_notice = {
        let notice = notice.clone();
        Callback::from(move |text: String| notice.set(Some(text)))
    };
    let fit = {
        let (zoom, graph_box, width) = (zoom.clone(), graph_box.clone(), graph.width);
        Callback::from(move |_: MouseEvent| {
            if let Some(el) = graph_box.cast::<web_sys::Element>() {
                zoom.set((f64::from(el.client_width() - 4) / width.max(1.0)).clamp(0.2, 4.0));
            }
        })
    };
    let history_match = (*search).as_ref().map(|(q, skip)| {
        session
            .borrow()
            .history_matches(q)
            .get(*skip)
            .map(|m| m.to_string())
    });
    let s = session.borrow();
    let world = &s.sandbox.world;
    let export_href = format!(
        "data:application/json;charset=utf-8,{}",
        js_sys::encode_uri_component(&s.to_document())
    );
    let shown_events = timeline::filtered(all_events, &kinds, &event_filter);
    let lessons = html! { <LessonsView session={session.clone()} version={version.0} on_change={lesson_changed} on_command={to_command_box} on_notice={lesson_notice} /> };
    let main_html = html! { <>
            <h1>{ "ECS Sandbox" }</h1>
            if let Some(n) = (*notice).clone() {
                <p class="notice" role="status">{ n }</p>
            }
            <p class="lead">{ "Type real aws ecs / ec2 / elbv2 / events / ecr commands (and docker, curl) against a simulated AWS account (us-east-1); help lists everything. Nothing talks to AWS. Timings and some messages are the sandbox's model." }</p>
            <nav class="toolbar" aria-label="Session">
                <button id="undo" onclick={act("undo")} title="Take back the last command or file save">{ "Undo" }</button>
                <button id="reset" onclick={act("reset")} title="Start again from a fresh account">{ "Reset" }</button>
                <button id="share" onclick={act("share")} title="A link that reproduces this session">{ "Share link" }</button>
                <a id="export" class="button" href={export_href} download="ecs-sandbox-session.json" title="Save the session as a file">{ "Export" }</a>
                <input id="import" type="file" accept=".json,application/json" class="visually-hidden" onchange={import} />
                <label class="button" for="import" title="Open a session file saved with Export">{ "Import" }</label>
                <button id="presenter" onclick={toggle_presenter} aria-pressed={presenter.to_string()} title="Large type and high contrast for a projector">{ "Presenter mode" }</button>
                <button id="theme" onclick={toggle_theme} aria-pressed={light.to_string()} title="Switch between the light and the dark theme">{ "Light theme" }</button>
            </nav>
            // An active lesson sits above the console, where its step is read before typing; the
            // list of lessons sits below it, so the command box is in view when the page opens.
            if s.lesson.is_some() { { lessons.clone() } }
            if let Some(link) = (*share_link).clone() {
                <label for="share-link">{ "Share link (copy it; opening it replays this session)" }</label>
                <input id="share-link" readonly=true value={link} />
            }
            <section class="terminal" ref={terminal} aria-label="Command output" role="log" aria-live="polite">
                if s.visible_log().is_empty() {
                    <p class="welcome">{ "Nothing run yet. Type a command below (help lists them all, Tab completes), or open a walkthrough of the course's demos from the lessons under the clock." }</p>
                }
                { for s.visible_log().iter().map(|e| html! {
                    <div class={classes!("entry", (!e.ok).then_some("failed"))}>
                        if !e.command.is_empty() { <pre class="cmd">{ format!("$ {}", e.command) }</pre> }
                        if !e.stdout.is_empty() { <pre class="stdout">{ e.stdout.clone() }</pre> }
                        if let Some(name) = skeleton_file_name(&e.command).filter(|_| e.ok && !e.stdout.is_empty()) {
                            <button class="as-file" onclick={edit_file.reform({ let body = e.stdout.clone(); move |_: MouseEvent| (name.clone(), body.clone()) })}>
                                { "Edit as a file" }
                            </button>
                        }
                        if !e.stderr.is_empty() { <pre class="stderr">{ e.stderr.clone() }</pre> }
                    </div>
                }) }
            </section>
            <label for="command">{ if *completion_on { "Command (Enter runs, Shift+Enter adds a line, ↑/↓ history, Ctrl+R searches it, Tab completes)" } else { "Command (Enter runs, Shift+Enter adds a line, ↑/↓ history, Ctrl+R searches it)" } }</label>
            <textarea id="command" ref={input} rows="3" {onkeydown} spellcheck="false"
                placeholder="aws ecs create-cluster --cluster-name ECSDemo" />
            if !choices.is_empty() {
                <ul class="choices" aria-label="Completions">
                    { for choices.iter().take(40).map(|c| html! { <li>{ c.clone() }</li> }) }
                    if choices.len() > 40 { <li>{ format!("… {} more", choices.len() - 40) }</li> }
                </ul>
            }
            if let Some(found) = history_match {
                <div class="history-search">
                    <label for="history-search">{ "Search the history (Ctrl+R: older, Enter: take it, Escape: back)" }</label>
                    <input id="history-search" ref={search_input} value={(*search).as_ref().map(|(q, _)| q.clone()).unwrap_or_default()}
                        oninput={search_typed} onkeydown={search_keys} autocomplete="off" />
                    <pre id="history-match" class={classes!("cmd", found.is_none().then_some("none"))}>{ found.unwrap_or_else(|| "no command in the history contains this".into()) }</pre>
                </div>
            }
            <div class="command-actions">
                <button id="run" onclick={run.reform(|_| ())}>{ "Run" }</button>
                <label class="inline"><input id="tab-completion" type="checkbox" checked={*completion_on} onchange={toggle_completion} />{ "Tab completes (off: Tab moves focus)" }</label>
            </div>
            <div class="clock" role="group" aria-label="Virtual clock">
                <span id="virtual-time">{ format!("Virtual time {}", ecs_sandbox_engine::clock::iso8601(world.now() as i64)) }</span>
                <button id="play" onclick={toggle_play} aria-pressed={playing.to_string()}>{ if *playing { "⏸ Pause" } else { "▶ Play" } }</button>
                <label class="inline" for="speed">{ "speed" }</label>
                <select id="speed" onchange={set_speed}>
                    { for SPEEDS.iter().map(|v| html! { <option value={v.to_string()} selected={*v == *speed}>{ format!("{v}×") }</option> }) }
                </select>
                <button onclick={advance("10s")}>{ "+10 s" }</button>
                <button onclick={advance("1m")}>{ "+1 min" }</button>
                <button onclick={advance("5m")}>{ "+5 min" }</button>
            </div>
            if s.lesson.is_none() { { lessons } }
            <details class="files" ref={files_panel}>
                <summary>{ format!("Files for file:// ({})", s.file_names().len()) }</summary>
                <label for="file-name">{ "File name" }</label>
                <input id="file-name" ref={file_name} placeholder="container.json" />
                <label for="file-body">{ "Content" }</label>
                <textarea id="file-body" ref={file_body} rows="6" spellcheck="false" aria-describedby="file-error"
                    oninput={check_file.reform(|e: InputEvent| e.target_dyn_into::<HtmlTextAreaElement>().map(|t| t.value()).unwrap_or_default())} />
                <p id="file-error" class="stderr" role="status">{ (*file_error).clone().unwrap_or_default() }</p>
                <button id="save-file" onclick={save_file}>{ "Save file" }</button>
                <ul aria-label="Saved files (click one to edit it)">{ for s.file_names().into_iter().map(|f| {
                    let (body, label) = (s.files.0.get(&f).cloned().unwrap_or_default(), f.clone());
                    html!{ <li><button class="file" onclick={edit_file.reform(move |_: MouseEvent| (f.clone(), body.clone()))}>{ label }</button></li> }
                }) }</ul>
            </details>
    </> };
    html! {
        <div class={classes!("workspace", presenter.then_some("presenter"), (*light && !*presenter).then_some("light"))}>
            <main class="console">{ main_html }</main>
            <section class="picture" aria-label="The account">
                <div class="graph-tools" role="group" aria-label="Zoom">
                    <button id="zoom-out" onclick={zoom_by(1.0 / 1.25)} aria-label="Zoom out">{ "−" }</button>
                    <button id="zoom-reset" onclick={let z = zoom.clone(); move |_: MouseEvent| z.set(1.0)}>{ format!("{}%", (*zoom * 100.0).round() as i64) }</button>
                    <button id="zoom-in" onclick={zoom_by(1.25)} aria-label="Zoom in">{ "+" }</button>
                    <button id="zoom-fit" onclick={fit}>{ "Fit" }</button>
                    <span class="hint">{ "Drag to pan, Ctrl+wheel to zoom" }</span>
                </div>
                <div class="graph-scroll" ref={graph_box} onwheel={on_wheel} onmousedown={drag_start} onmousemove={drag_move} onmouseup={drag_end.clone()} onmouseleave={drag_end}>
                    <GraphView graph={graph.clone()} selected={(*selected).clone()} on_select={on_select} zoom={*zoom} />
                </div>
                <details class="graph-text">
                    <summary>{ "The graph in words" }</summary>
                    <ul id="graph-list">{ for graph.describe().into_iter().map(|line| html! { <li>{ line }</li> }) }</ul>
                </details>
                <section class="inspector" aria-label="Inspector" aria-live="polite">
                    { match &*inspection {
                        None => html! { <p class="hint">{ "Click a service, a task, an instance, a load balancer or a target group to inspect it." }</p> },
                        Some(i) => html! { <>
                            <h2>{ i.title.clone() }</h2>
                            <ul class="relations">{ for i.relations.iter().map(|r| html! { <li>{ r.clone() }</li> }) }</ul>
                            if let Some(d) = &i.decision {
                                <h3>{ "Why it is here: the placement decision" }</h3>
                                <p>{ d.summary.clone() }</p>
                                if !d.causes.is_empty() {
                                    <p id="failure-causes">{ format!("Instances turned away, by cause: {}", d.causes.iter().map(|(c, n)| format!("{c} ×{n}")).collect::<Vec<_>>().join(", ")) }</p>
                                }
                                <table class="decision">
                                    <thead><tr>{ for d.headings.iter().map(|h| html! { <th>{ *h }</th> }) }</tr></thead>
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_files_get_the_clis_error_while_being_edited() {
        assert_eq!(
            json_problem("container.json", "[{\"name\": \"web\"}]"),
            None
        );
        assert_eq!(
            json_problem("userdata.txt", "#!/bin/bash\necho hi"),
            None,
            "not JSON, not checked"
        );
        assert_eq!(json_problem("c.json", ""), None, "nothing typed yet");
        let e =
            json_problem("c.json", "[{\"name\": \"web\",}]").expect("a trailing comma is an error");
        assert!(e.starts_with("Invalid JSON: "), "{e}");
        assert!(
            json_problem("notes", "{\u{201c}name\u{201d}: 1}").is_some(),
            "curly quotes in a JSON-looking file"
        );
    }

    #[test]
    fn a_skeleton_becomes_a_file_named_after_its_operation() {
        assert_eq!(
            skeleton_file_name("aws ecs create-service --generate-cli-skeleton").as_deref(),
            Some("create-service.json")
        );
        assert_eq!(
            skeleton_file_name("aws ecs run-task --generate-cli-skeleton input").as_deref(),
            Some("run-task.json")
        );
        assert_eq!(
            skeleton_file_name("aws ecs run-task --generate-cli-skeleton output"),
            None,
            "an output skeleton is not an input file"
        );
        assert_eq!(skeleton_file_name("aws ecs list-clusters"), None);
    }
}
