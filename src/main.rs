//! The web app: for now a command box that runs commands through the sandbox and prints what the
//! AWS CLI would print. The full screen (graph, inspector, files, clock) is a later capability.

use ecs_sandbox_awscli::{MemoryFiles, Sandbox};
use std::rc::Rc;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

#[derive(Clone, PartialEq)]
struct Entry {
    command: String,
    stdout: String,
    stderr: String,
    ok: bool,
}

#[function_component(App)]
fn app() -> Html {
    let sandbox = use_mut_ref(|| Sandbox::new(42));
    let files = use_mut_ref(MemoryFiles::default);
    let log = use_state(Vec::<Entry>::new);
    let input = use_node_ref();
    let history = use_mut_ref(Vec::<String>::new);
    let history_pos = use_mut_ref(|| 0usize);
    let terminal = use_node_ref();
    {
        // Keep the newest output in view.
        let terminal = terminal.clone();
        use_effect_with(log.len(), move |_| {
            if let Some(el) = terminal.cast::<web_sys::Element>() {
                el.set_scroll_top(el.scroll_height());
            }
        });
    }

    let run = {
        let (sandbox, files, log, input, history, history_pos) =
            (sandbox.clone(), files.clone(), log.clone(), input.clone(), history.clone(), history_pos.clone());
        Rc::new(move || {
            let Some(area) = input.cast::<HtmlTextAreaElement>() else { return };
            let text = area.value();
            if text.trim().is_empty() {
                return;
            }
            area.set_value("");
            history.borrow_mut().push(text.clone());
            *history_pos.borrow_mut() = history.borrow().len();
            if text.trim() == "clear" {
                log.set(vec![]);
                return;
            }
            let ran = sandbox.borrow_mut().run_text(&text, &*files.borrow());
            let mut entries = (*log).clone();
            for r in ran {
                entries.push(Entry {
                    command: r.command,
                    stdout: r.outcome.stdout,
                    stderr: r.outcome.stderr,
                    ok: r.outcome.exit_code == 0,
                });
            }
            log.set(entries);
        })
    };

    let onkeydown = {
        let (run, input, history, history_pos) = (run.clone(), input.clone(), history.clone(), history_pos.clone());
        Callback::from(move |e: KeyboardEvent| {
            let Some(area) = input.cast::<HtmlTextAreaElement>() else { return };
            match e.key().as_str() {
                "Enter" if !e.shift_key() => {
                    e.prevent_default();
                    run();
                }
                "ArrowUp" if !area.value().contains('\n') => {
                    let pos = (*history_pos.borrow()).saturating_sub(1);
                    if let Some(h) = history.borrow().get(pos) {
                        area.set_value(h);
                        *history_pos.borrow_mut() = pos;
                        e.prevent_default();
                    }
                }
                "ArrowDown" if !area.value().contains('\n') => {
                    let pos = (*history_pos.borrow() + 1).min(history.borrow().len());
                    *history_pos.borrow_mut() = pos;
                    area.set_value(history.borrow().get(pos).map(|s| s.as_str()).unwrap_or(""));
                    e.prevent_default();
                }
                _ => {}
            }
        })
    };
    let onclick = {
        let run = run.clone();
        Callback::from(move |_| run())
    };

    let file_name = use_node_ref();
    let file_body = use_node_ref();
    let file_list = use_state(Vec::<String>::new);
    let save_file = {
        let (files, file_name, file_body, file_list) = (files.clone(), file_name.clone(), file_body.clone(), file_list.clone());
        Callback::from(move |_| {
            let (Some(n), Some(b)) = (file_name.cast::<web_sys::HtmlInputElement>(), file_body.cast::<HtmlTextAreaElement>()) else { return };
            let name = n.value().trim().to_string();
            if name.is_empty() {
                return;
            }
            files.borrow_mut().0.insert(name, b.value());
            file_list.set(files.borrow().0.keys().cloned().collect());
        })
    };

    html! {
        <main>
            <h1>{ "ECS Sandbox" }</h1>
            <p class="lead">{ "Type real aws ecs / ec2 commands against a simulated AWS account (us-east-1). Nothing talks to AWS. Timings and some messages are the sandbox's model." }</p>
            <section class="terminal" ref={terminal} aria-label="Command output" role="log" aria-live="polite">
                { for log.iter().map(|e| html! {
                    <div class={classes!("entry", (!e.ok).then_some("failed"))}>
                        if !e.command.is_empty() { <pre class="cmd">{ format!("$ {}", e.command) }</pre> }
                        if !e.stdout.is_empty() { <pre class="stdout">{ e.stdout.clone() }</pre> }
                        if !e.stderr.is_empty() { <pre class="stderr">{ e.stderr.clone() }</pre> }
                    </div>
                }) }
            </section>
            <label for="command">{ "Command" }</label>
            <textarea id="command" ref={input} rows="3" {onkeydown} spellcheck="false"
                placeholder="aws ecs create-cluster --cluster-name ECSDemo" aria-label="Command" />
            <button id="run" {onclick}>{ "Run" }</button>
            <details class="files">
                <summary>{ "Files for file:// (" }{ file_list.len() }{ ")" }</summary>
                <label for="file-name">{ "File name" }</label>
                <input id="file-name" ref={file_name} placeholder="container.json" />
                <label for="file-body">{ "Content" }</label>
                <textarea id="file-body" ref={file_body} rows="6" spellcheck="false" />
                <button id="save-file" onclick={save_file}>{ "Save file" }</button>
                <ul>{ for file_list.iter().map(|f| html!{ <li>{ f.clone() }</li> }) }</ul>
            </details>
        </main>
    }
}

fn main() {
    yew::Renderer::<App>::new().render();
}
