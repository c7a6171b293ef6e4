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

/// An error's text laid out for reading, every word of the CLI's kept: the hints ("maybe you
/// meant", `[sandbox hint]`) pinned first, the CLI's list of valid choices folded.
#[derive(Debug, Default, PartialEq)]
pub struct StderrParts {
    pub hints: Vec<String>,
    /// The text before the choices (or all of it, when there are none).
    pub before: String,
    /// The choices table and how many choices it lists.
    pub choices: Option<(usize, String)>,
    pub after: String,
}

pub fn stderr_parts(stderr: &str) -> StderrParts {
    let mut parts = StderrParts::default();
    let lines: Vec<&str> = stderr.lines().collect();
    let mut i = 0;
    let mut in_choices = false;
    let mut table = String::new();
    let mut seen_choices = false;
    while i < lines.len() {
        let line = lines[i];
        if line.starts_with("[sandbox hint]") {
            parts.hints.push(line.to_string());
        } else if line.starts_with("Invalid choice: '") && line.ends_with("maybe you meant:") {
            // The suggestion block: this line and its "  * name" lines.
            let mut block = line.to_string();
            while i + 1 < lines.len()
                && (lines[i + 1].is_empty() || lines[i + 1].starts_with("  * "))
            {
                i += 1;
                if !lines[i].is_empty() {
                    block.push('\n');
                    block.push_str(lines[i]);
                }
            }
            parts.hints.push(block);
        } else if !seen_choices && line.ends_with("valid choices are:") {
            seen_choices = true;
            in_choices = true;
            parts.before.push_str(line);
            parts.before.push('\n');
        } else if in_choices {
            if line.trim().is_empty() && !table.is_empty() {
                in_choices = false;
            } else if !line.trim().is_empty() {
                table.push_str(line.trim_end());
                table.push('\n');
            }
        } else if seen_choices {
            parts.after.push_str(line);
            parts.after.push('\n');
        } else {
            parts.before.push_str(line);
            parts.before.push('\n');
        }
        i += 1;
    }
    if !table.is_empty() {
        let n = table
            .lines()
            .flat_map(|l| l.split('|'))
            .filter(|c| !c.trim().is_empty())
            .count();
        parts.choices = Some((n, table));
    }
    parts
}

fn stderr_html(stderr: &str) -> Html {
    let p = stderr_parts(stderr);
    html! { <>
        { for p.hints.iter().map(|h| html! { <pre class="hint-line">{ h.clone() }</pre> }) }
        if !p.before.trim().is_empty() { <pre class="stderr">{ p.before.trim_end().to_string() }</pre> }
        if let Some((n, table)) = p.choices {
            <details class="choices-fold">
                <summary>{ format!("{n} valid choices") }</summary>
                <pre class="stderr">{ table }</pre>
            </details>
        }
        if !p.after.trim().is_empty() { <pre class="stderr">{ p.after.trim_end().to_string() }</pre> }
    </> }
}

fn entry(e: &Entry, index: usize, on_edit_file: &Callback<(String, String)>) -> Html {
    let as_file = skeleton_file_name(&e.command).filter(|_| e.ok && !e.stdout.is_empty());
    let jump = e.first_failure.map(|i| {
        Callback::from(move |_: MouseEvent| {
            let el = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.get_element_by_id(&format!("entry-{i}")));
            if let Some(el) = el {
                el.scroll_into_view();
            }
        })
    });
    html! {
        <div id={format!("entry-{index}")} class={classes!("entry", (!e.ok).then_some("failed"), e.first_failure.map(|_| "summary"))}>
            if !e.command.is_empty() { <pre class="cmd">{ format!("$ {}", e.command) }</pre> }
            if !e.stdout.is_empty() { <pre class="stdout">{ clamp(&e.stdout) }</pre> }
            if let Some(name) = as_file {
                <button class="as-file" onclick={on_edit_file.reform({ let body = e.stdout.clone(); move |_: MouseEvent| (name.clone(), body.clone()) })}>
                    { "Edit as a file" }
                </button>
            }
            if !e.stderr.is_empty() { { stderr_html(&clamp(&e.stderr)) } }
            if let Some(jump) = jump {
                <button class="jump" onclick={jump}>{ "Jump to the first failure" }</button>
            }
        </div>
    }
}

/// Keeps the newest output in view: the terminal's node, scrolled to its end after every change
/// of the session (a hook of the page rather than a component: a component costs ~0.7 KB of the
/// gzipped page).
#[hook]
pub fn use_terminal(session: &SessionHandle) -> Terminal {
    let node = use_node_ref();
    {
        let node = node.clone();
        use_effect_with(session.version(), move |_| {
            if let Some(el) = node.cast::<web_sys::Element>() {
                el.set_scroll_top(el.scroll_height());
            }
        });
    }
    let shown = use_state(|| SHOWN_ENTRIES);
    Terminal { node, shown }
}

/// The terminal's node (kept scrolled) and how many of the newest entries it draws.
pub struct Terminal {
    pub node: NodeRef,
    pub shown: UseStateHandle<usize>,
}

/// The newest entries drawn: a long session's output does not make every command re-draw
/// thousands of entries (older ones are one click away).
const SHOWN_ENTRIES: usize = 200;
/// The most of one output stream drawn (a describe of a big cluster can be megabytes).
const SHOWN_CHARS: usize = 100_000;

/// At most `SHOWN_CHARS` of a text, cut at a character, with what was left out said.
fn clamp(text: &str) -> String {
    match text.char_indices().nth(SHOWN_CHARS) {
        None => text.to_string(),
        Some((cut, _)) => format!(
            "{}\n… {} more characters not shown (narrow it with --query, or Export the session)\n",
            &text[..cut],
            text[cut..].chars().count()
        ),
    }
}

/// The first-visit card: three ways to start, the walkthrough first.
fn welcome(session: &SessionHandle) -> Html {
    let open = |id: &'static str| {
        let session = session.clone();
        Callback::from(move |_: MouseEvent| super::lessons_panel::open_bundled(id, &session))
    };
    let free = Callback::from(|_: MouseEvent| {
        let command = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id("command"))
            .and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok());
        if let Some(c) = command {
            let _ = c.focus();
        }
    });
    html! {
        <div class="welcome-card">
            <h2>{ "Where to start" }</h2>
            <ul>
                <li><button id="start-walkthrough" class="primary" onclick={open("ec2-demo")}>{ "Start the EC2 walkthrough" }</button>
                    <span class="hint">{ " the course's first demo, step by step: a cluster, two instances, a service" }</span></li>
                <li><button id="start-challenge" onclick={open("binpack")}>{ "Try a challenge" }</button>
                    <span class="hint">{ " pack four tasks onto one instance, with any commands" }</span></li>
                <li><button id="start-free" onclick={free}>{ "Free sandbox" }</button>
                    <span class="hint">{ " type any aws command below (help lists them, Tab completes)" }</span></li>
            </ul>
        </div>
    }
}

/// The output of every command still in view.
pub fn terminal(p: &TerminalProps, t: &Terminal) -> Html {
    let terminal = t.node.clone();
    let s = p.session.borrow();
    // Entries are numbered by their place in the whole log (a paste's summary points at one).
    let visible = s.visible_log();
    let offset = s.log.len() - visible.len();
    // A lesson's set-up output, folded (what is still in view of it).
    let setup = s
        .lesson
        .as_ref()
        .map_or(0, |l| l.setup_log.saturating_sub(offset))
        .min(visible.len());
    // The learner's entries beyond the newest `shown` wait behind a button.
    let hidden = (visible.len() - setup).saturating_sub(*t.shown);
    let show_earlier = {
        let shown = t.shown.clone();
        Callback::from(move |_: MouseEvent| shown.set(*shown + SHOWN_ENTRIES))
    };
    html! {
        <section class="terminal" ref={terminal} aria-label="Command output" role="log" aria-live="polite" tabindex="0" data-count={s.log.len().to_string()}>
            if s.log.is_empty() && s.lesson.is_none() {
                { welcome(&p.session) }
            } else if s.visible_log().is_empty() {
                <p class="welcome">{ "Nothing in view (clear hides what was run; undo and the share link still have it)." }</p>
            }
            if setup > 0 {
                <details class="setup-fold">
                    <summary>{ format!("The lesson's set-up: {} prepared the account", if setup == 1 { "1 command".to_string() } else { format!("{setup} commands") }) }</summary>
                    { for visible[..setup].iter().enumerate().map(|(i, e)| entry(e, offset + i, &p.on_edit_file)) }
                </details>
            }
            if hidden > 0 {
                <button id="show-earlier" class="jump" onclick={show_earlier}>{ format!("Show {} earlier entries", hidden.min(SHOWN_ENTRIES)) }</button>
            }
            { for visible[setup + hidden..].iter().enumerate().map(|(i, e)| entry(e, offset + setup + hidden + i, &p.on_edit_file)) }
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_huge_output_is_cut_at_a_character_and_says_so() {
        let small = "é".repeat(10);
        assert_eq!(clamp(&small), small);
        let big = "é".repeat(SHOWN_CHARS + 5);
        let shown = clamp(&big);
        assert!(shown.starts_with(&"é".repeat(SHOWN_CHARS)));
        assert!(shown.ends_with(
            "… 5 more characters not shown (narrow it with --query, or Export the session)\n"
        ));
    }

    #[test]
    fn an_invalid_choice_pins_its_suggestion_and_folds_the_choices() {
        let stderr = "usage: aws [options]\n\naws: error: argument operation: Invalid choice, valid choices are:\n\nlist-clusters                            | list-services                           \nwait                                    \n\nInvalid choice: 'list-clusterz', maybe you meant:\n\n  * list-clusters\n";
        let p = stderr_parts(stderr);
        assert_eq!(
            p.hints,
            ["Invalid choice: 'list-clusterz', maybe you meant:\n  * list-clusters"]
        );
        assert_eq!(p.choices.as_ref().map(|c| c.0), Some(3));
        assert!(p.before.ends_with("valid choices are:\n"));
        assert!(p.after.trim().is_empty());
        let hinted = stderr_parts("Unknown options: ^\n[sandbox hint] '^' continues a line\n");
        assert_eq!(hinted.hints.len(), 1);
        assert_eq!(hinted.before, "Unknown options: ^\n");
        assert_eq!(stderr_parts("plain error\n").before, "plain error\n");
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
