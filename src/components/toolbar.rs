//! The session's toolbar: Undo, Reset, Share link, Export, Import, presenter mode and the theme.
//!
//! A view function: see `components` for why stateless parts are not Yew components.

use crate::hooks::SessionHandle;
use crate::services::{file, page};
use crate::session::{Replaced, Session};
use yew::prelude::*;

pub struct ToolbarProps {
    pub session: SessionHandle,
    /// Shows (or hides) the link that replays the session, under the toolbar.
    pub on_share: Callback<MouseEvent>,
    pub presenter: bool,
    pub on_presenter: Callback<MouseEvent>,
    pub light: bool,
    pub on_theme: Callback<MouseEvent>,
}

/// A link that reproduces the session, or why it cannot be one.
pub fn share_link(s: &Session) -> Result<String, String> {
    match s.share_fragment() {
        Ok(fragment) => Ok(format!("{}#{fragment}", page::page_url())),
        Err(len) => Err(format!(
            "This session is too long for a link ({len} characters; links stay below {}). Undo \
             some steps, or use Export to save it as a file.",
            crate::session::MAX_LINK_FRAGMENT
        )),
    }
}

/// Import: a session file chosen by the learner replaces the session, which stays restorable (an
/// unreadable one is refused with the reason, and the current session is kept).
fn import(session: &SessionHandle) -> Callback<Event> {
    let session = session.clone();
    Callback::from(move |e: Event| {
        let session = session.clone();
        file::read_chosen_file(&e, move |text| match Session::from_document(&text) {
            Ok(s) => {
                session.notify("Imported the session from the file.".into());
                session.update(|current| current.replace_with(s, Replaced::Import));
            }
            Err(e) => session.notify(format!(
                "The file could not be imported: {}. The current session is unchanged.",
                e.to_string()
                    .replace("the saved session", "the file's session")
            )),
        });
    })
}

pub fn toolbar(p: ToolbarProps) -> Html {
    let undo = {
        let session = p.session.clone();
        Callback::from(move |_: MouseEvent| session.update(Session::undo))
    };
    let reset = {
        let session = p.session.clone();
        Callback::from(move |_: MouseEvent| session.update(Session::reset))
    };
    let export_href = format!(
        "data:application/json;charset=utf-8,{}",
        js_sys::encode_uri_component(&p.session.borrow().to_document())
    );
    html! {
        <nav class="toolbar" aria-label="Session">
            <button id="undo" onclick={undo} title="Take back the last command or file save (or a reset)">{ "Undo" }</button>
            <button id="share" onclick={p.on_share.clone()} title="A link that reproduces this session">{ "Share link" }</button>
            <a id="export" class="button" href={export_href} download="ecs-sandbox-session.json" title="Save the session as a file">{ "Export" }</a>
            <input id="import" type="file" accept=".json,application/json" class="visually-hidden" onchange={import(&p.session)} />
            <label class="button" for="import" title="Open a session file saved with Export">{ "Import" }</label>
            <button id="presenter" onclick={p.on_presenter.clone()} aria-pressed={p.presenter.to_string()} title="Large type and high contrast for a projector">{ "Presenter mode" }</button>
            // Presenter mode has its own high-contrast colours: the theme waits until it is off.
            <button id="theme" onclick={p.on_theme.clone()} aria-pressed={(p.light && !p.presenter).to_string()} disabled={p.presenter} title={if p.presenter { "Presenter mode has its own high-contrast colours" } else { "Switch between the light and the dark theme" }}>{ "Light theme" }</button>
            // Destructive, so apart from Undo; undo (or "Undo reset") brings the session back.
            <button id="reset" class="danger" onclick={reset} title="Start again from a fresh account (Undo brings this session back)">{ "Reset" }</button>
        </nav>
    }
}
