//! Nothing lost without a way back: a reset, a lesson, a share link or an import replaces the
//! session, and the session it replaced is kept inside the new one (saved with it, so a reload
//! keeps it too). Restoring swaps the two, so going back can itself be taken back. One level is
//! kept: the earlier session's own earlier one is dropped.

use super::Session;
use serde::{Deserialize, Serialize};

/// What replaced the earlier session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Replaced {
    Reset,
    Lesson,
    /// The lesson that replaced it was left (the world it reached is kept; the way back too).
    LeftLesson,
    Link,
    Import,
    /// The learner went back to the earlier session; this is the one they left.
    Restored,
}

/// The replaced session: why, and its document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Earlier {
    pub why: Replaced,
    document: String,
    /// How many things were done in it (for "your sandbox (12 commands)").
    pub actions: usize,
}

impl Session {
    /// Whether this session is worth keeping when something replaces it.
    pub fn has_work(&self) -> bool {
        !self.actions.is_empty() || self.lesson.is_some()
    }

    /// Keeps this session (without its own earlier one) as the earlier session, before `why`
    /// changes it in place.
    pub(super) fn keep_earlier(&mut self, why: Replaced) {
        if self.has_work() {
            self.earlier = Some(Earlier {
                why,
                document: self.document(false),
                actions: self.actions.len(),
            });
        }
    }

    /// Replaces this session with `next`, keeping this one restorable inside it.
    pub fn replace_with(&mut self, mut next: Session, why: Replaced) {
        if self.has_work() {
            next.earlier = Some(Earlier {
                why,
                document: self.document(false),
                actions: self.actions.len(),
            });
        } else {
            // An empty session is not worth a way back; whatever it could restore still is.
            next.earlier = self.earlier.take();
        }
        for (id, n) in std::mem::take(&mut self.progress) {
            let best = next.progress.entry(id).or_insert(n);
            *best = (*best).min(n);
        }
        *self = next;
    }

    /// What replaced the session that can be restored, if one can.
    pub fn earlier(&self) -> Option<&Earlier> {
        self.earlier.as_ref()
    }

    pub(super) fn earlier_was(&self, why: Replaced) -> bool {
        self.earlier.as_ref().is_some_and(|e| e.why == why)
    }

    /// Goes back to the earlier session; the one left becomes the earlier one (so this can be
    /// undone the same way). An earlier session that no longer reads is dropped with a note.
    pub fn restore_earlier(&mut self) {
        let Some(e) = self.earlier.take() else {
            return self.note("there is no earlier session to go back to");
        };
        match Session::from_document(&e.document) {
            Ok(restored) => {
                let history = self.history.clone();
                let why = e.why;
                self.replace_with(restored, Replaced::Restored);
                // The history of commands typed stays the learner's, whichever session is shown.
                self.history = history;
                self.cursor = self.history.len();
                self.note(match why {
                    Replaced::Reset => "undid: reset (the session is back as it was)",
                    _ => "went back to the earlier session (the one you left can be restored)",
                });
            }
            Err(err) => self.note(&format!("the earlier session could not be restored: {err}")),
        }
    }
}
