//! The terminal: the output of every command still in view (after `clear`), the newest kept in
//! view, and "Edit as a file" under a `--generate-cli-skeleton`.

use crate::hooks::SessionHandle;
use crate::session::Entry;
use yew::prelude::*;

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

pub struct TerminalProps {
    pub session: SessionHandle,
    /// Put (name, body) into the files panel's editor.
    pub on_edit_file: Callback<(String, String)>,
}

fn entry(e: &Entry, on_edit_file: &Callback<(String, String)>) -> Html {
    let as_file = skeleton_file_name(&e.command).filter(|_| e.ok && !e.stdout.is_empty());
    html! {
        <div class={classes!("entry", (!e.ok).then_some("failed"))}>
            if !e.command.is_empty() { <pre class="cmd">{ format!("$ {}", e.command) }</pre> }
            if !e.stdout.is_empty() { <pre class="stdout">{ e.stdout.clone() }</pre> }
            if let Some(name) = as_file {
                <button class="as-file" onclick={on_edit_file.reform({ let body = e.stdout.clone(); move |_: MouseEvent| (name.clone(), body.clone()) })}>
                    { "Edit as a file" }
                </button>
            }
            if !e.stderr.is_empty() { <pre class="stderr">{ e.stderr.clone() }</pre> }
        </div>
    }
}

/// Keeps the newest output in view: the terminal's node, scrolled to its end after every change
/// of the session (a hook of the page rather than a component: a component costs ~0.7 KB of the
/// gzipped page).
#[hook]
pub fn use_terminal(session: &SessionHandle) -> NodeRef {
    let terminal = use_node_ref();
    {
        let terminal = terminal.clone();
        use_effect_with(session.version(), move |_| {
            if let Some(el) = terminal.cast::<web_sys::Element>() {
                el.set_scroll_top(el.scroll_height());
            }
        });
    }
    terminal
}

/// The output of every command still in view.
pub fn terminal(p: &TerminalProps, node: &NodeRef) -> Html {
    let terminal = node.clone();
    let s = p.session.borrow();
    html! {
        <section class="terminal" ref={terminal} aria-label="Command output" role="log" aria-live="polite" tabindex="0">
            if s.visible_log().is_empty() {
                <p class="welcome">{ "Nothing run yet. Type a command below (help lists them all, Tab completes), or open a walkthrough of the course's demos from the lessons under the clock." }</p>
            }
            { for s.visible_log().iter().map(|e| entry(e, &p.on_edit_file)) }
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
