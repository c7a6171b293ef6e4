//! The ways back, offered where the eye is: a share link waiting for an answer ("Open the shared
//! session / Keep mine"), and the session a reset, a lesson, a link or an import replaced ("Undo
//! reset", "Back to your sandbox from before the lesson"). Nothing is lost without asking.
//!
//! A view function: see `components` for why stateless parts are not Yew components.

use crate::hooks::SessionHandle;
use crate::session::{Replaced, Session};
use yew::prelude::*;

pub struct OffersProps {
    pub session: SessionHandle,
    /// The offer of a way back was dismissed (it stays possible: undo, or the offer after the next
    /// replacement).
    pub dismissed: bool,
    pub on_dismiss: Callback<MouseEvent>,
}

fn commands(n: usize) -> String {
    if n == 1 {
        "1 step".into()
    } else {
        format!("{n} steps")
    }
}

/// What the bar says about the session that can be restored, and its button; None when there is
/// nothing to say (a lesson in progress keeps its way back quietly until it is left).
fn way_back(why: Replaced, steps: &str) -> Option<(String, &'static str)> {
    Some(match why {
        Replaced::Reset => (
            format!("The sandbox was reset; your session ({steps}) is kept."),
            "Undo reset",
        ),
        Replaced::Lesson => return None,
        Replaced::LeftLesson => (
            format!("You left the lesson. Your sandbox from before it ({steps}) is kept."),
            "Back to it",
        ),
        Replaced::Link => (
            format!("This is the shared session. Your own ({steps}) is kept."),
            "Back to your session",
        ),
        Replaced::Import => (
            format!("This is the imported session. The one before ({steps}) is kept."),
            "Back to it",
        ),
        Replaced::Restored => (
            format!("You went back. The session you left ({steps}) is kept."),
            "Return to it",
        ),
    })
}

pub fn offers(p: &OffersProps) -> Html {
    if let Some((fragment, n)) = p.session.pending_link() {
        let (open, keep) = (p.session.clone(), p.session.clone());
        let lesson = fragment.starts_with("#lesson");
        let (question, button) = if lesson {
            let name = fragment
                .strip_prefix("#lesson=")
                .map_or("a lesson of its own".to_string(), |id| {
                    format!("the lesson \"{id}\"")
                });
            (
                format!("This page was opened with a link to {name}. Open it? Your sandbox is kept either way."),
                "Open the lesson",
            )
        } else {
            (
                format!("This page was opened with a shared session ({}). Open it? Yours is kept either way.", commands(n)),
                "Open the shared session",
            )
        };
        let accept = Callback::from(move |_: MouseEvent| {
            if lesson {
                if let Some(f) = open.take_pending_link() {
                    super::lessons_panel::open_fragment(&f, &open);
                }
            } else {
                open.open_pending_link();
            }
        });
        return html! {
            <div class="offer ask" role="alertdialog" aria-labelledby="link-question">
                <p id="link-question">{ question }</p>
                <button id="open-link" class="primary" onclick={accept}>{ button }</button>
                <button id="keep-mine" onclick={move |_: MouseEvent| keep.keep_own_session()}>{ "Keep mine" }</button>
            </div>
        };
    }
    if p.dismissed {
        return html! {};
    }
    let s = p.session.borrow();
    let Some(e) = s.earlier() else {
        return html! {};
    };
    let Some((text, button)) = way_back(e.why, &commands(e.actions)) else {
        return html! {};
    };
    let session = p.session.clone();
    html! {
        <div class="offer" role="status">
            <span>{ text }</span>
            <button id="restore" onclick={move |_: MouseEvent| session.update(Session::restore_earlier)}>{ button }</button>
            <button class="close" aria-label="Dismiss" title="Dismiss (the way back stays: undo)" onclick={p.on_dismiss.clone()}>{ "✕" }</button>
        </div>
    }
}
