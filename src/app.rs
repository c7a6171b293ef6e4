//! The page: lays out its parts (`crate::components`) around the session (`crate::hooks::
//! use_session`), and derives from the world what more than one part shows (the graph, the events,
//! the inspection of what is selected), once per change of the session.

use crate::components::clock::{clock, use_clock};
use crate::components::command_box::CommandBox;
use crate::components::files::{files, FilesProps};
use crate::components::graph_panel::GraphPanel;
use crate::components::inspector_panel::inspector_panel;
use crate::components::lessons_panel::LessonsPanel;
use crate::components::terminal::{terminal, use_terminal, TerminalProps};
use crate::components::timeline_panel::TimelinePanel;
use crate::components::toolbar::{toolbar, ToolbarProps};
use crate::graph::{Graph, NodeRef};
use crate::hooks::{use_file_editor, use_light_theme, use_session};
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
    let share_link = use_state(|| None::<String>);
    let (light, toggle_theme) = use_light_theme();
    // Presenter mode: large type and high contrast for a projector.
    let presenter = use_state(|| false);
    let selected = use_state(|| None::<NodeRef>);
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
        let share_link = share_link.clone();
        Callback::from(move |link: String| share_link.set(Some(link)))
    };
    let toggle_presenter = {
        let presenter = presenter.clone();
        Callback::from(move |_: MouseEvent| presenter.set(!*presenter))
    };
    let on_select = {
        let selected = selected.clone();
        Callback::from(move |n: NodeRef| selected.set(Some(n)))
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
    let lessons = html! { <LessonsPanel session={session.clone()} on_command={to_command_box} /> };
    html! {
        <div class={classes!("workspace", presenter.then_some("presenter"), (light && !*presenter).then_some("light"))}>
            <main class="console">
                <h1>{ "ECS Sandbox" }</h1>
                if let Some(n) = session.notice() {
                    <p class="notice" role="status">{ n }</p>
                }
                <p class="lead">{ "Type real aws ecs / ec2 / elbv2 / events / ecr commands (and docker, curl) against a simulated AWS account (us-east-1); help lists everything. Nothing talks to AWS. Timings and some messages are the sandbox's model." }</p>
                { toolbar(ToolbarProps { session: session.clone(), on_share, presenter: *presenter, on_presenter: toggle_presenter, light, on_theme: toggle_theme }) }
                // An active lesson sits above the console, where its step is read before typing;
                // the list of lessons sits below it, so the command box is in view when the page
                // opens.
                if in_lesson { { lessons.clone() } }
                if let Some(link) = (*share_link).clone() {
                    <label for="share-link">{ "Share link (copy it; opening it replays this session)" }</label>
                    <input id="share-link" readonly=true value={link} />
                }
                { terminal(&TerminalProps { session: session.clone(), on_edit_file }, &terminal_node) }
                <CommandBox session={session.clone()} input={input.clone()} />
                { clock(&session, &clock_state) }
                if !in_lesson { { lessons } }
                { files(&FilesProps { session: session.clone(), editor: editor.clone() }) }
            </main>
            <section class="picture" aria-label="The account">
                <GraphPanel graph={derived.0.clone()} selected={(*selected).clone()} {on_select} />
                { inspector_panel(&inspection) }
                <TimelinePanel events={derived.1.clone()} />
            </section>
        </div>
    }
}
