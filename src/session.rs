//! The state of one learner's session, independent of the page. The session *is* its log of entries
//! (commands typed, files saved) on a fixed seed: the world, the output and the files are rebuilt
//! by replaying it, which is what makes undo, reset, reload and share links exact.

use crate::lessons::ActiveLesson;
pub use earlier::{Earlier, Replaced};
use ecs_sandbox_awscli::lesson::Lesson;
use ecs_sandbox_awscli::{MemoryFiles, Sandbox};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The seed of a new world (fixed, so a session is reproducible).
pub const WORLD_SEED: u64 = 42;
/// The session document's format name and the version this build writes and reads.
pub const FORMAT: &str = "ecs-sandbox-session";
pub const VERSION: u64 = 1;
/// Share links longer than this may be cut by browsers, chat tools or servers.
pub const MAX_LINK_FRAGMENT: usize = 32_000;
/// A paste of this many commands or more ends with a summary.
const PASTE_SUMMARY_FROM: usize = 3;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub command: String,
    pub stdout: String,
    pub stderr: String,
    pub ok: bool,
    /// A paste's summary: the log index of its first failed command, to jump to.
    pub first_failure: Option<usize>,
}

/// One thing the learner did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    /// Text typed or pasted into the command box.
    Run(String),
    /// A file saved in the files panel.
    File { name: String, body: String },
    /// The clock playing: `times` ticks of `ms` virtual milliseconds each (consecutive ticks of one
    /// speed are one action; they are replayed tick by tick, as the world saw them).
    Advance { ms: u64, times: u32 },
}

#[derive(Debug, Serialize, Deserialize)]
struct Document {
    format: String,
    version: u64,
    seed: u64,
    actions: Vec<Action>,
    /// The lesson being followed, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    lesson: Option<LessonDocument>,
    /// Lessons finished: id → fewest commands used.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    progress: BTreeMap<String, usize>,
    /// The session this one replaced, kept so it can be restored (`earlier.rs`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    earlier: Option<Earlier>,
}

#[derive(Debug, Serialize, Deserialize)]
struct LessonDocument {
    text: String,
    base: usize,
    /// Where the learner is (absent in documents from before positions: re-derived then).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    position: Option<ecs_sandbox_awscli::lesson::Position>,
    /// The golf score, once the lesson is done.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    score: Option<usize>,
}

/// Why a stored or shared session could not be opened (it is set aside, never lost silently).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoadError {
    Corrupt(String),
    Newer(u64),
    /// More than the sandbox replays (`bounds.rs`): why.
    TooLarge(String),
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LoadError::Corrupt(why) => write!(f, "the saved session could not be read ({why})"),
            LoadError::Newer(v) => write!(f, "the saved session was written by a newer version of the sandbox (format {v}; this one reads {VERSION})"),
            LoadError::TooLarge(why) => write!(f, "the saved session asks for more than the sandbox replays: {why}"),
        }
    }
}

#[derive(Clone)]
pub struct Session {
    pub sandbox: Sandbox,
    pub files: MemoryFiles,
    pub log: Vec<Entry>,
    /// What was done, in order: the session itself.
    actions: Vec<Action>,
    seed: u64,
    /// Output before this index was cleared from view.
    cleared: usize,
    history: Vec<String>,
    /// Where ↑/↓ is in the history (== len: the empty line after the newest).
    cursor: usize,
    pub lesson: Option<ActiveLesson>,
    /// Lessons finished: id → fewest commands used (kept with the session, exported with it).
    pub progress: BTreeMap<String, usize>,
    /// The session a reset, a lesson, a link or an import replaced: nothing is lost without a way
    /// back.
    earlier: Option<Earlier>,
}

impl Default for Session {
    fn default() -> Self {
        Session::with_seed(WORLD_SEED)
    }
}

impl Session {
    pub fn with_seed(seed: u64) -> Session {
        Session {
            sandbox: Sandbox::new(seed),
            files: MemoryFiles::default(),
            log: vec![],
            actions: vec![],
            seed,
            cleared: 0,
            history: vec![],
            cursor: 0,
            lesson: None,
            progress: BTreeMap::new(),
            earlier: None,
        }
    }

    /// The output still in view (after `clear`).
    pub fn visible_log(&self) -> &[Entry] {
        &self.log[self.cleared.min(self.log.len())..]
    }

    pub fn actions(&self) -> &[Action] {
        &self.actions
    }

    /// Runs what the learner typed or pasted. `clear`, `undo` and `reset` are commands of the page.
    pub fn submit(&mut self, text: &str) {
        if text.trim().is_empty() {
            return;
        }
        self.history.push(text.to_string());
        self.cursor = self.history.len();
        match text.trim() {
            "clear" => self.cleared = self.log.len(),
            "undo" => self.undo(),
            "reset" => self.reset(),
            _ => {
                self.actions.push(Action::Run(text.to_string()));
                self.apply_run(text);
                self.lesson_progress();
            }
        }
    }

    /// A line from the sandbox itself in the output (`[sandbox] …`).
    fn note(&mut self, text: &str) {
        self.log.push(Entry {
            command: String::new(),
            stdout: String::new(),
            stderr: format!("[sandbox] {text}\n"),
            ok: true,
            first_failure: None,
        });
    }

    fn apply_run(&mut self, text: &str) {
        let start = self.log.len();
        for ran in self.sandbox.run_text(text, &self.files) {
            self.log.push(Entry {
                command: ran.command,
                stdout: ran.outcome.stdout,
                stderr: ran.outcome.stderr,
                ok: ran.outcome.exit_code == 0,
                first_failure: None,
            });
        }
        self.paste_summary(start);
    }

    /// After a paste of several commands: how many ran and failed, and where the first failure is
    /// (a long paste's errors are otherwise lost in its output).
    fn paste_summary(&mut self, start: usize) {
        let ran: Vec<(usize, &Entry)> = (start..self.log.len())
            .map(|i| (i, &self.log[i]))
            .filter(|(_, e)| !e.command.is_empty())
            .collect();
        if ran.len() < PASTE_SUMMARY_FROM {
            return;
        }
        let failed: Vec<&(usize, &Entry)> = ran.iter().filter(|(_, e)| !e.ok).collect();
        let first_failure = failed.first().map(|(i, _)| *i);
        let text = match failed.first() {
            None => format!("[sandbox] pasted {} commands: all succeeded.\n", ran.len()),
            Some((_, e)) => format!(
                "[sandbox] pasted {} commands: {} succeeded, {} failed; the first to fail: {}\n",
                ran.len(),
                ran.len() - failed.len(),
                failed.len(),
                e.command.lines().next().unwrap_or("")
            ),
        };
        self.log.push(Entry {
            command: String::new(),
            stdout: String::new(),
            stderr: text,
            ok: first_failure.is_none(),
            first_failure,
        });
    }

    fn apply(&mut self, action: &Action) {
        match action {
            Action::Run(text) => self.apply_run(text),
            Action::File { name, body } => {
                self.files.0.insert(name.clone(), body.clone());
            }
            Action::Advance { ms, times } => {
                for _ in 0..*times {
                    self.sandbox.world.advance(*ms);
                }
            }
        }
    }

    /// How many output entries the first `n` actions make (a lesson's set-up, to fold).
    fn log_of_first(&self, n: usize) -> usize {
        let mut scratch = Session::with_seed(self.seed);
        for a in self.actions.iter().take(n) {
            scratch.apply(a);
        }
        scratch.log.len()
    }

    /// Rebuilds the world, files and output from the actions.
    fn replay(&mut self) {
        let actions = std::mem::take(&mut self.actions);
        self.sandbox = Sandbox::new(self.seed);
        self.files = MemoryFiles::default();
        self.log.clear();
        self.cleared = 0;
        for a in &actions {
            self.apply(a);
        }
        self.actions = actions;
    }

    /// Takes back the last action (a command or a file save).
    pub fn undo(&mut self) {
        if self
            .lesson
            .as_ref()
            .is_some_and(|l| self.actions.len() <= l.base)
        {
            self.note("the lesson's set-up cannot be undone (Leave the lesson, or Reset for a fresh account; your sandbox from before the lesson is kept)");
            return;
        }
        match self.actions.pop() {
            Some(undone) => {
                self.replay();
                let what = match undone {
                    Action::Run(t) => format!("undid: {}", t.lines().next().unwrap_or("")),
                    Action::File { name, .. } => format!("undid: saving {name}"),
                    Action::Advance { ms, times } => format!(
                        "undid: {} s of the clock playing",
                        ms.saturating_mul(u64::from(times)) / 1000
                    ),
                };
                self.note(&what);
                if let Some(l) = self.lesson.as_mut() {
                    // Undoing can take a passed step's goal back.
                    l.after_undo(&self.sandbox.world);
                }
            }
            None if self.earlier_was(Replaced::Reset) => self.restore_earlier(),
            None => self.note("nothing to undo"),
        }
    }

    /// Back to a fresh account (undo brings the session back).
    pub fn reset(&mut self) {
        self.keep_earlier(Replaced::Reset);
        self.actions.clear();
        self.lesson = None;
        self.replay();
        self.note("the sandbox was reset to a fresh account (undo brings it back)");
    }

    /// One tick of the playing clock. Ticks in a row are kept as one action, so undo takes back a
    /// whole stretch of playing.
    pub fn advance_clock(&mut self, ms: u64) {
        self.sandbox.world.advance(ms);
        match self.actions.last_mut() {
            Some(Action::Advance { ms: step, times }) if *step == ms && *times < u32::MAX => {
                *times += 1
            }
            _ => self.actions.push(Action::Advance { ms, times: 1 }),
        }
        self.lesson_progress();
    }

    /// Ctrl+R: the commands typed that contain `query`, newest first, each once.
    pub fn history_matches(&self, query: &str) -> Vec<&str> {
        let mut out: Vec<&str> = vec![];
        for h in self.history.iter().rev() {
            if h.contains(query) && !out.contains(&h.as_str()) {
                out.push(h);
            }
        }
        out
    }

    /// ↑: the previous command, if any.
    pub fn history_prev(&mut self) -> Option<&str> {
        if self.cursor == 0 {
            return None;
        }
        self.cursor -= 1;
        self.history.get(self.cursor).map(String::as_str)
    }

    /// ↓: the next command, or the empty line after the newest.
    pub fn history_next(&mut self) -> &str {
        self.cursor = (self.cursor + 1).min(self.history.len());
        self.history
            .get(self.cursor)
            .map(String::as_str)
            .unwrap_or("")
    }

    /// Tab: completes the last word of `text` (the text before the cursor). Returns the new text
    /// when something could be inserted, and the candidates to show when there is a choice.
    pub fn complete(&self, text: &str) -> (Option<String>, Vec<String>) {
        let c = self.sandbox.complete(text, &self.files);
        let current = &text[c.start.min(text.len())..];
        match c.candidates.len() {
            0 => (None, vec![]),
            1 => (
                Some(format!("{}{} ", &text[..c.start], c.candidates[0])),
                vec![],
            ),
            _ => {
                let prefix = c.common_prefix();
                let grown =
                    (prefix.len() > current.len()).then(|| format!("{}{prefix}", &text[..c.start]));
                (grown, c.candidates)
            }
        }
    }

    pub fn save_file(&mut self, name: &str, body: &str) {
        let name = name.trim();
        if !name.is_empty() {
            let action = Action::File {
                name: name.to_string(),
                body: body.to_string(),
            };
            self.apply(&action);
            self.actions.push(action);
            self.lesson_progress();
        }
    }

    pub fn file_names(&self) -> Vec<String> {
        self.files.0.keys().cloned().collect()
    }

    /// The session as a document (for storage and export), with the session it replaced.
    pub fn to_document(&self) -> String {
        self.document(true)
    }

    /// The session as a document; `with_earlier`: with the session it replaced (not in share
    /// links, which carry only what was done).
    fn document(&self, with_earlier: bool) -> String {
        serde_json::to_string(&Document {
            format: FORMAT.into(),
            version: VERSION,
            seed: self.seed,
            actions: self.actions.clone(),
            lesson: self.lesson.as_ref().map(|l| LessonDocument {
                text: l.text.clone(),
                base: l.base,
                position: Some(l.pos),
                score: l.score,
            }),
            progress: self.progress.clone(),
            earlier: self.earlier.clone().filter(|_| with_earlier),
        })
        .unwrap_or_default()
    }

    /// Opens a session document, replaying it.
    pub fn from_document(text: &str) -> Result<Session, LoadError> {
        let raw: serde_json::Value =
            serde_json::from_str(text).map_err(|e| LoadError::Corrupt(e.to_string()))?;
        if raw.get("format").and_then(|f| f.as_str()) != Some(FORMAT) {
            return Err(LoadError::Corrupt(
                "it is not an ecs-sandbox session".into(),
            ));
        }
        let version = raw.get("version").and_then(|v| v.as_u64()).unwrap_or(0);
        if version > VERSION {
            return Err(LoadError::Newer(version));
        }
        let doc = Document::deserialize(ecs_sandbox_engine::request::Body(&raw))
            .map_err(|e| LoadError::Corrupt(e.to_string()))?;
        bounds::check(&doc.actions).map_err(LoadError::TooLarge)?;
        let mut s = Session::with_seed(doc.seed);
        s.actions = doc.actions;
        s.replay();
        s.history = s
            .actions
            .iter()
            .filter_map(|a| match a {
                Action::Run(t) => Some(t.clone()),
                Action::File { .. } | Action::Advance { .. } => None,
            })
            .collect();
        s.cursor = s.history.len();
        s.progress = doc.progress;
        s.earlier = doc.earlier;
        // A lesson that no longer reads (a newer lesson format, a hand-edited file) is dropped, not
        // fatal. A document from before positions has its steps re-checked quietly.
        if let Some(d) = doc.lesson {
            if let Ok(lesson) = Lesson::parse(&d.text) {
                let world = &s.sandbox.world;
                let mut l = ActiveLesson::new(lesson, d.text, d.base, world);
                l.pos = match d.position {
                    // A hand-edited or damaged position is brought back within the lesson.
                    Some(p) => ecs_sandbox_awscli::lesson::Position {
                        step: p.step.min(l.lesson.steps.len()),
                        passed: p.passed && p.step + 1 < l.lesson.steps.len(),
                        since: p.since.min(world.activity().last_seq()),
                        ..p
                    },
                    None => ecs_sandbox_awscli::lesson::Position {
                        step: l.lesson.progress(world),
                        since: world.activity().last_seq(),
                        ..Default::default()
                    },
                };
                l.score = d.score;
                l.setup_log = s.log_of_first(d.base);
                s.lesson = Some(l);
            }
        }
        Ok(s)
    }

    /// `s=...`: the session compressed for a URL fragment; Err with the length when it is too long.
    pub fn share_fragment(&self) -> Result<String, usize> {
        let f = format!(
            "s={}",
            lz_str::compress_to_encoded_uri_component(self.document(false).as_str())
        );
        if f.len() > MAX_LINK_FRAGMENT {
            Err(f.len())
        } else {
            Ok(f)
        }
    }

    /// Opens a share link's fragment (`#s=...` or `s=...`).
    pub fn from_fragment(fragment: &str) -> Result<Session, LoadError> {
        let data = fragment
            .trim_start_matches('#')
            .strip_prefix("s=")
            .ok_or_else(|| LoadError::Corrupt("the link does not hold a session".into()))?;
        let text = unpack::unpack(data).map_err(|e| match e {
            unpack::Unpack::Damaged => {
                LoadError::Corrupt("the link is damaged (it does not decompress)".into())
            }
            unpack::Unpack::TooLarge => LoadError::TooLarge(format!(
                "the link holds more than {} million characters",
                unpack::MAX_UNPACKED / (1024 * 1024)
            )),
        })?;
        Session::from_document(&text)
    }
}

mod bounds;
mod earlier;
mod lesson;
#[cfg(test)]
mod tests;
pub mod unpack;
