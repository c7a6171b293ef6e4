//! The little of a shell the command box offers, so course-style scripts work as typed: variables
//! (`NAME=value`, `export NAME=value`, `unset NAME`), `$NAME` / `${NAME}`, command substitution
//! `$(...)`, and `echo`. Expansion follows POSIX: an unquoted result is split into words, a
//! double-quoted one is not. (Backticks stay literal: in the AWS CLI they are JMESPath literals far
//! more often than substitutions.)

use crate::tokenizer::{Command, Part};
use crate::{Files, Outcome, Sandbox};

/// The shell's variables (the command log replays them, so they are part of a session).
#[derive(Debug, Clone, Default)]
pub struct Shell {
    vars: Vec<(String, String)>,
    /// How deep in `$( $( ... ) )` the running command is.
    depth: u8,
    /// Bytes the running command's expansions produced: `A=$B$B` doubling chains would otherwise
    /// exhaust the page's memory, which kills it.
    expanded: usize,
}

/// The most a command may grow to once expanded.
const MAX_EXPANSION: usize = 4 << 20;

impl Shell {
    pub fn var(&self, name: &str) -> Option<&str> {
        self.vars
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The names of the variables set so far.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.vars.iter().map(|(n, _)| n.as_str())
    }

    fn set(&mut self, name: &str, value: String) {
        match self.vars.iter_mut().find(|(n, _)| n == name) {
            Some(slot) => slot.1 = value,
            None => self.vars.push((name.to_string(), value)),
        }
    }
}

/// `NAME=` at the start of a word: the name, and the parts of the value.
fn assignment(word: &[Part]) -> Option<(String, Vec<Part>)> {
    let Some(Part::Text(first)) = word.first() else {
        return None;
    };
    let (name, value) = first.split_once('=')?;
    let valid = name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    valid.then(|| {
        (
            name.to_string(),
            std::iter::once(Part::Text(value.to_string()))
                .chain(word[1..].iter().cloned())
                .collect(),
        )
    })
}

/// Whether a command's words begin with `NAME=value`.
pub fn starts_with_assignment(words: &[String]) -> bool {
    words
        .first()
        .is_some_and(|w| assignment(&[Part::Text(w.clone())]).is_some())
}

impl Sandbox {
    /// Runs one command of a paste: expansions first (they see what the commands before did), then
    /// variable assignments, `echo`, or the command itself.
    pub(crate) fn run_command(&mut self, c: &Command, files: &dyn Files) -> Outcome {
        match &c.parts {
            Some(parts) => self.run_expanded(parts, files),
            None if ["export", "echo", "unset"].contains(&c.words[0].as_str())
                || starts_with_assignment(&c.words) =>
            {
                let literal: Vec<Vec<Part>> = c
                    .words
                    .iter()
                    .map(|w| vec![Part::Text(w.clone())])
                    .collect();
                self.run_expanded(&literal, files)
            }
            None => self.run_words(&c.words, files),
        }
    }

    fn run_expanded(&mut self, words: &[Vec<Part>], files: &dyn Files) -> Outcome {
        if self.shell.depth == 0 {
            self.shell.expanded = 0;
        }
        let mut notes = String::new();
        let mut rest = words;
        let export =
            matches!(rest.first().map(Vec::as_slice), Some([Part::Text(t)]) if t == "export");
        if export {
            rest = &rest[1..];
            if rest.is_empty() {
                let listed: String = self
                    .shell
                    .vars
                    .iter()
                    .map(|(n, v)| format!("export {n}='{}'\n", v.replace('\'', "'\\''")))
                    .collect();
                return Outcome::ok(listed);
            }
        }
        while let Some((name, value)) = rest.first().and_then(|w| assignment(w)) {
            // An assignment's value is not split into words.
            let value = self.expand_word(&value, false, files, &mut notes).concat();
            if self.shell.expanded > MAX_EXPANSION {
                return Outcome::error(
                    &format!(
                        "{notes}sandbox: ${name} would be longer than 4 MB; it was not set.\n"
                    ),
                    2,
                );
            }
            self.shell.set(&name, value);
            rest = &rest[1..];
        }
        let mut expanded = vec![];
        for w in rest {
            expanded.extend(self.expand_word(w, true, files, &mut notes));
        }
        if self.shell.expanded > MAX_EXPANSION {
            return Outcome::error(&format!("{notes}sandbox: the command grows past 4 MB once its variables are expanded; it was not run.\n"), 2);
        }
        let mut outcome = match expanded.first().map(String::as_str) {
            None => Outcome::default(),
            Some("echo") if expanded.get(1).is_some_and(|a| a == "-n") => {
                Outcome::ok(expanded[2..].join(" "))
            }
            Some("echo") => Outcome::ok(format!("{}\n", expanded[1..].join(" "))),
            Some("unset") => {
                self.shell.vars.retain(|(n, _)| !expanded[1..].contains(n));
                Outcome::default()
            }
            Some(_) => self.run_words(&expanded, files),
        };
        outcome.stderr.insert_str(0, &notes);
        outcome
    }

    /// A word's expansion: one word, none (an unquoted expansion to nothing) or several (split).
    fn expand_word(
        &mut self,
        parts: &[Part],
        split: bool,
        files: &dyn Files,
        notes: &mut String,
    ) -> Vec<String> {
        if let [Part::Text(t)] = parts {
            return vec![t.clone()];
        }
        let mut out = vec![];
        let mut current: Option<String> = None;
        for part in parts {
            let (value, quoted) = match part {
                Part::Text(t) => {
                    if !t.is_empty() {
                        current.get_or_insert_with(String::new).push_str(t);
                    }
                    continue;
                }
                Part::Var { name, quoted } => match self.shell.var(name) {
                    Some(v) => (v.to_string(), *quoted),
                    None => {
                        notes.push_str(&format!("[sandbox] ${name} is not set, so it expands to nothing (set it with {name}=value).\n"));
                        (String::new(), *quoted)
                    }
                },
                Part::Command { text, quoted } => (self.substitute(text, files, notes), *quoted),
            };
            self.shell.expanded += value.len();
            if self.shell.expanded > MAX_EXPANSION {
                return vec![];
            }
            if quoted || !split {
                current.get_or_insert_with(String::new).push_str(&value);
                continue;
            }
            // Unquoted: split at whitespace, joining the first and last fields to the text around
            // them.
            if value.starts_with(char::is_whitespace) {
                out.extend(current.take());
            }
            for (k, field) in value.split_whitespace().enumerate() {
                if k > 0 {
                    out.extend(current.take());
                }
                current.get_or_insert_with(String::new).push_str(field);
            }
            if value.ends_with(char::is_whitespace) {
                out.extend(current.take());
            }
        }
        out.extend(current);
        out
    }

    /// `$(text)`: what the commands print, without the trailing newlines; what they report goes on.
    fn substitute(&mut self, text: &str, files: &dyn Files, notes: &mut String) -> String {
        if self.shell.depth >= 8 {
            notes.push_str("sandbox: $( ) nested more than 8 deep; the innermost was not run.\n");
            return String::new();
        }
        self.shell.depth += 1;
        let ran = self.run_text(text, files);
        self.shell.depth -= 1;
        let mut stdout = String::new();
        for r in ran {
            stdout.push_str(&r.outcome.stdout);
            notes.push_str(&r.outcome.stderr);
        }
        stdout.trim_end_matches('\n').to_string()
    }
}
