//! The command box: Enter runs, Shift+Enter adds a line, ↑/↓ walk the history, Ctrl+R searches it,
//! Tab completes (a switch turns that off, so Tab moves focus).

use crate::hooks::SessionHandle;
use crate::services::storage;
use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct CommandBoxProps {
    pub session: SessionHandle,
    /// The command's textarea (the lessons' "Type it" puts text there too).
    pub input: NodeRef,
}

/// Ctrl+R: the text looked for in the history, and how many matches to skip (Ctrl+R again: older).
type Search = UseStateHandle<Option<(String, usize)>>;

/// Runs what is in the command box, and empties it.
fn run(session: &SessionHandle, input: &NodeRef) -> Callback<()> {
    let (session, input) = (session.clone(), input.clone());
    Callback::from(move |_: ()| {
        let Some(area) = input.cast::<HtmlTextAreaElement>() else {
            return;
        };
        let text = area.value();
        area.set_value("");
        session.update(|s| s.submit(&text));
    })
}

/// Tab: completes at the end of the text only (where the learner is typing).
fn complete(
    e: &KeyboardEvent,
    area: &HtmlTextAreaElement,
    session: &SessionHandle,
    choices: &UseStateHandle<Vec<String>>,
) {
    let value = area.value();
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

fn on_keydown(
    p: &CommandBoxProps,
    run: Callback<()>,
    choices: &UseStateHandle<Vec<String>>,
    search: &Search,
    completion_on: bool,
) -> Callback<KeyboardEvent> {
    let (input, session, choices, search) = (
        p.input.clone(),
        p.session.clone(),
        choices.clone(),
        search.clone(),
    );
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
            "Tab" if !e.shift_key() && completion_on => complete(&e, &area, &session, &choices),
            "Enter" if !e.shift_key() => {
                e.prevent_default();
                run.emit(());
            }
            "ArrowUp" if single_line => {
                if let Some(h) = session.quietly(|s| s.history_prev().map(str::to_string)) {
                    area.set_value(&h);
                    e.prevent_default();
                }
            }
            "ArrowDown" if single_line => {
                area.set_value(&session.quietly(|s| s.history_next().to_string()));
                e.prevent_default();
            }
            _ => {}
        }
    })
}

/// The history search box: typing filters, Ctrl+R goes to an older match, Enter takes it, Escape
/// leaves.
fn on_search_keys(p: &CommandBoxProps, search: &Search) -> Callback<KeyboardEvent> {
    let (search, session, input) = (search.clone(), p.session.clone(), p.input.clone());
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
}

/// The history search's box and the match it found (None: no command contains the text).
fn history_search(p: &CommandBoxProps, search: &Search, search_input: &NodeRef) -> Html {
    let Some((query, skip)) = (**search).clone() else {
        return html! {};
    };
    let found = p
        .session
        .borrow()
        .history_matches(&query)
        .get(skip)
        .map(|m| m.to_string());
    let typed = {
        let search = search.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(i) = e.target_dyn_into::<HtmlInputElement>() {
                search.set(Some((i.value(), 0)));
            }
        })
    };
    html! {
        <div class="history-search">
            <label for="history-search">{ "Search the history (Ctrl+R: older, Enter: take it, Escape: back)" }</label>
            <input id="history-search" ref={search_input.clone()} value={query}
                oninput={typed} onkeydown={on_search_keys(p, search)} autocomplete="off" />
            <pre id="history-match" class={classes!("cmd", found.is_none().then_some("none"))}>{ found.unwrap_or_else(|| "no command in the history contains this".into()) }</pre>
        </div>
    }
}

#[function_component(CommandBox)]
pub fn command_box(p: &CommandBoxProps) -> Html {
    // Tab completion choices to show under the command box.
    let choices = use_state(Vec::<String>::new);
    let completion_on = use_state(|| storage::pref("tab-completion").as_deref() != Some("off"));
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
    let run = run(&p.session, &p.input);
    let onkeydown = on_keydown(p, run.clone(), &choices, &search, *completion_on);
    let toggle_completion = {
        let completion_on = completion_on.clone();
        Callback::from(move |_: Event| {
            storage::set_pref("tab-completion", if *completion_on { "off" } else { "on" });
            completion_on.set(!*completion_on);
        })
    };
    html! { <>
        <label for="command">{ if *completion_on { "Command (Enter runs, Shift+Enter adds a line, ↑/↓ history, Ctrl+R searches it, Tab completes)" } else { "Command (Enter runs, Shift+Enter adds a line, ↑/↓ history, Ctrl+R searches it)" } }</label>
        <textarea id="command" ref={p.input.clone()} rows="3" {onkeydown} spellcheck="false"
            placeholder="aws ecs create-cluster --cluster-name ECSDemo" />
        if !choices.is_empty() {
            <ul class="choices" aria-label="Completions">
                { for choices.iter().take(40).map(|c| html! { <li>{ c.clone() }</li> }) }
                if choices.len() > 40 { <li>{ format!("… {} more", choices.len() - 40) }</li> }
            </ul>
        }
        { history_search(p, &search, &search_input) }
        <div class="command-actions">
            <button id="run" onclick={run.reform(|_| ())}>{ "Run" }</button>
            <label class="inline"><input id="tab-completion" type="checkbox" checked={*completion_on} onchange={toggle_completion} />{ "Tab completes (off: Tab moves focus)" }</label>
        </div>
    </> }
}
