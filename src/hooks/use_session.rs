//! The session behind one hook: it is loaded once (a share link, else the one saved in this
//! browser, else a new one), kept in this browser after every change, and every change re-renders
//! the page. The session itself (`crate::session::Session`) stays pure; this is the only place
//! that stores it.

use crate::services::{page, storage};
use crate::session::{LoadError, Session};
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
        save_session(&self.session.borrow());
        self.bump.dispatch(());
    }

    /// What is said above the page (a session opened from a link, an import refused, ...).
    pub fn notice(&self) -> Option<String> {
        (*self.notice).clone()
    }

    pub fn notify(&self, text: String) {
        self.notice.set(Some(text));
    }
}

#[hook]
pub fn use_session() -> SessionHandle {
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
    SessionHandle {
        session,
        version: version.0,
        bump: version.dispatcher(),
        notice,
    }
}

/// The session to start with: a share link in the URL, else the one saved in this browser, else a
/// new one. Anything unreadable is set aside (never deleted) and explained.
fn load_session() -> (Session, Option<String>) {
    let hash = page::fragment();
    if hash.starts_with("#s=") {
        // Drop the fragment so a reload uses the saved session rather than the link again.
        page::drop_fragment();
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

fn save_session(s: &Session) {
    if storage::available() {
        storage::set(storage::STORAGE_KEY, &s.to_document());
    }
}
