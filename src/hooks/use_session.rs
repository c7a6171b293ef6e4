//! The session behind one hook: it is loaded once (a share link, else the one saved in this
//! browser, else a new one), kept in this browser after every change, and every change re-renders
//! the page. The session itself (`crate::session::Session`) stays pure; this is the only place
//! that stores it.
//!
//! Nothing is lost without asking: a share or lesson link opened over a session with work in it
//! asks first (the link stays in the address bar until the learner decides, so a reload asks
//! again), and opening it keeps the learner's own session restorable inside the new one. A link
//! pasted into an open tab reloads the page, which then asks the same way.

use crate::services::{crash, page, storage};
use crate::session::{LoadError, Replaced, Session};
use std::cell::{Ref, RefCell};
use std::rc::Rc;
use yew::prelude::*;

/// Counts changes of the session; it keys the derived views. A reducer, so that a timer's callback
/// made long ago still counts up from the newest value. (Yew 0.23's reducer handle reads the
/// newest value even from an old handle, so the handle keeps the number it was made with: that is
/// what tells a component its session changed.)
#[derive(Default, PartialEq)]
struct Version(u64);

impl Reducible for Version {
    type Action = ();
    fn reduce(self: Rc<Self>, _: ()) -> Rc<Self> {
        Rc::new(Version(self.0 + 1))
    }
}

/// The session and what the page says about it (the notice above the page). Cloning it is cheap;
/// two handles are equal when they show the same version of the same session.
#[derive(Clone)]
pub struct SessionHandle {
    session: Rc<RefCell<Session>>,
    /// The version this handle shows.
    version: u64,
    bump: UseReducerDispatcher<Version>,
    notice: UseStateHandle<Option<String>>,
    /// A share or lesson link waiting for the learner's answer: its fragment and, for a share
    /// link, how many commands it holds.
    pending_link: UseStateHandle<Option<(String, usize)>>,
}

impl PartialEq for SessionHandle {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.session, &other.session) && self.version == other.version
    }
}

impl SessionHandle {
    pub fn borrow(&self) -> Ref<'_, Session> {
        self.session.borrow()
    }

    /// Changes whenever the session does (so what shows it re-renders with it).
    pub fn version(&self) -> u64 {
        self.version
    }

    /// Changes the session, then keeps it in this browser and re-renders the page.
    pub fn update<R>(&self, f: impl FnOnce(&mut Session) -> R) -> R {
        let r = f(&mut self.session.borrow_mut());
        self.changed();
        r
    }

    /// Changes what the session shows but not what it is (the history's cursor, a lesson that
    /// could not start): not saved, no re-render.
    pub fn quietly<R>(&self, f: impl FnOnce(&mut Session) -> R) -> R {
        f(&mut self.session.borrow_mut())
    }

    /// After the session changed: keep it in this browser and re-render.
    pub fn changed(&self) {
        if !save_session(&self.session.borrow()) {
            self.notice.set(Some(NOT_SAVED.into()));
        }
        self.bump.dispatch(());
    }

    /// What is said above the page (a session opened from a link, an import refused, ...).
    pub fn notice(&self) -> Option<String> {
        (*self.notice).clone()
    }

    pub fn notify(&self, text: String) {
        self.notice.set(Some(text));
    }

    /// A link waiting for an answer: its fragment (`#s=…`, `#lesson=…`) and, for a share link, how
    /// many commands its session holds.
    pub fn pending_link(&self) -> Option<(String, usize)> {
        (*self.pending_link).clone()
    }

    /// Holds a link until the learner answers (the session has work to keep): the fragment stays
    /// in the address bar, so a reload asks again.
    pub fn ask_about(&self, fragment: String, commands: usize) {
        self.pending_link.set(Some((fragment, commands)));
    }

    /// The waiting link, answered: it leaves the address bar.
    pub fn take_pending_link(&self) -> Option<String> {
        let fragment = (*self.pending_link).clone().map(|(f, _)| f);
        page::drop_fragment();
        self.pending_link.set(None);
        fragment
    }

    /// Opens the waiting share link; the learner's session stays restorable inside it.
    pub fn open_pending_link(&self) {
        let Some(fragment) = self.take_pending_link() else {
            return;
        };
        match Session::from_fragment(&fragment) {
            Ok(link) => {
                self.update(|s| s.replace_with(link, Replaced::Link));
                self.notify(
                    "Opened the session from the shared link; yours is kept (Back to it, above)."
                        .into(),
                );
            }
            Err(e) => self.notify(format!(
                "The shared link could not be opened: {}. Your session is unchanged.",
                link_error(&e)
            )),
        }
    }

    /// Keeps the learner's session and forgets the waiting link.
    pub fn keep_own_session(&self) {
        self.take_pending_link();
        self.notify("Kept your session; the link was not opened.".into());
    }
}

#[hook]
pub fn use_session() -> SessionHandle {
    let loaded = use_mut_ref(|| Some(load_session()));
    let notice = use_state(|| loaded.borrow().as_ref().and_then(|l| l.notice.clone()));
    let pending_link = use_state(|| loaded.borrow_mut().as_mut().and_then(|l| l.pending.take()));
    let session = use_mut_ref(|| {
        loaded
            .borrow_mut()
            .take()
            .map_or_else(Session::default, |l| l.session)
    });
    use_effect_with((), |_| {
        // The page drew with the loaded session: it does not crash the page.
        crash::loaded();
        reload_on_new_link();
    });
    // Bumped after every change of the session so the page re-renders.
    let version = use_reducer(Version::default);
    SessionHandle {
        session,
        version: version.0,
        bump: version.dispatcher(),
        notice,
        pending_link,
    }
}

/// A share or lesson link pasted into this open tab: reload, so the page opens it as it opens any
/// link (asking first when there is work to keep).
fn reload_on_new_link() {
    use wasm_bindgen::JsCast;
    let Some(window) = web_sys::window() else {
        return;
    };
    let on_change = wasm_bindgen::closure::Closure::<dyn FnMut()>::new(|| {
        let hash = page::fragment();
        if hash.starts_with("#s=") || hash.starts_with("#lesson") {
            if let Some(w) = web_sys::window() {
                let _ = w.location().reload();
            }
        }
    });
    window.set_onhashchange(Some(on_change.as_ref().unchecked_ref()));
    // The handler lives as long as the page.
    on_change.forget();
}

/// What the page opens with.
struct Loaded {
    session: Session,
    notice: Option<String>,
    /// A share link to ask about (its fragment, and its session's number of commands).
    pending: Option<(String, usize)>,
}

/// The session to start with: a share link in the URL (asked about first when this browser holds
/// a session with work in it), else the one saved in this browser, else a new one. Anything
/// unreadable is set aside (never deleted) and explained.
fn load_session() -> Loaded {
    let hash = page::fragment();
    let (own, own_notice) = stored_session();
    let loaded = |session, notice: Option<String>| Loaded {
        session,
        notice,
        pending: None,
    };
    if !hash.starts_with("#s=") {
        return loaded(own, own_notice);
    }
    match Session::from_fragment(&hash) {
        Err(e) => {
            page::drop_fragment();
            let notice = format!(
                "The shared link could not be opened: {}. Your own session is unchanged.",
                link_error(&e)
            );
            loaded(own, Some(notice))
        }
        Ok(link) if own.has_work() => {
            // Ask first; the fragment stays until the learner answers.
            let commands = link.actions().len();
            Loaded {
                pending: Some((hash, commands)),
                ..loaded(own, own_notice)
            }
        }
        Ok(link) => {
            page::drop_fragment();
            // A link's session is this browser's at once: a reload must not lose it.
            let opened = if save_session(&link) {
                "Opened the session from the shared link."
            } else {
                NOT_SAVED
            };
            let notice = own_notice.map_or(opened.to_string(), |n| format!("{n} {opened}"));
            loaded(link, Some(notice))
        }
    }
}

/// The session saved in this browser, or a new one (an unreadable one is set aside and
/// explained).
fn stored_session() -> (Session, Option<String>) {
    if crash::begin_loading() {
        return (
            Session::default(),
            Some(format!(
                "The saved session stopped the page the last time it opened (a bug in the sandbox). \
                 It was set aside in this browser's storage as \"{}\" and a new sandbox was \
                 started.",
                crash::CRASHED_KEY
            )),
        );
    }
    match storage::get(storage::STORAGE_KEY) {
        None => (Session::default(), None),
        Some(text) => match Session::from_document(&text) {
            Ok(s) => (s, None),
            Err(e) => {
                storage::set(storage::SET_ASIDE_KEY, &text);
                storage::remove(storage::STORAGE_KEY);
                (
                    Session::default(),
                    Some(format!(
                        "{e}; it was set aside in this browser's storage as \"{}\" and a new \
                         sandbox was started.",
                        storage::SET_ASIDE_KEY
                    )),
                )
            }
        },
    }
}

fn link_error(e: &LoadError) -> String {
    e.to_string()
        .replace("the saved session", "the link's session")
}

/// What the page says when this browser will not keep the session.
const NOT_SAVED: &str = "This browser refused to keep the session (its storage is full?): what you \
    did since is not saved and a reload would lose it. Export it to keep it, or delete a large file \
    from the files panel.";

/// Keeps the session in this browser; false when the browser refused it (a browser without
/// storage keeps nothing and says nothing: there is nothing to lose by it).
fn save_session(s: &Session) -> bool {
    !storage::available() || storage::set(storage::STORAGE_KEY, &s.to_document())
}
