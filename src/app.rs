//! The page: a terminal-like command box over the session. (The graph, inspector, clock and the rest of
//! the screen come with the web-app capability.)

use crate::session::Session;
use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

#[function_component(App)]
pub fn app() -> Html {
    let session = use_mut_ref(Session::default);
    // Bumped after every change of the session so the page re-renders.
    let version = use_state(|| 0u64);
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
            version.set(*version + 1);
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
            version.set(*version + 1);
        })
    };

    let s = session.borrow();
    html! {
        <main>
            <h1>{ "ECS Sandbox" }</h1>
            <p class="lead">{ "Type real aws ecs / ec2 commands against a simulated AWS account (us-east-1). Nothing talks to AWS. Timings and some messages are the sandbox's model." }</p>
            <section class="terminal" ref={terminal} aria-label="Command output" role="log" aria-live="polite">
                { for s.log.iter().map(|e| html! {
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
            <details class="files">
                <summary>{ format!("Files for file:// ({})", s.file_names().len()) }</summary>
                <label for="file-name">{ "File name" }</label>
                <input id="file-name" ref={file_name} placeholder="container.json" />
                <label for="file-body">{ "Content" }</label>
                <textarea id="file-body" ref={file_body} rows="6" spellcheck="false" />
                <button id="save-file" onclick={save_file}>{ "Save file" }</button>
                <ul>{ for s.file_names().into_iter().map(|f| html!{ <li>{ f }</li> }) }</ul>
            </details>
        </main>
    }
}
