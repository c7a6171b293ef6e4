//! The state of one learner's session, independent of the page: the sandbox, the virtual files, the
//! output log and the command history. Components render it and send it what the learner does.

use ecs_sandbox_awscli::{MemoryFiles, Sandbox};

/// The seed of a new world (fixed, so a session is reproducible).
pub const WORLD_SEED: u64 = 42;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub command: String,
    pub stdout: String,
    pub stderr: String,
    pub ok: bool,
}

pub struct Session {
    pub sandbox: Sandbox,
    pub files: MemoryFiles,
    pub log: Vec<Entry>,
    history: Vec<String>,
    /// Where ↑/↓ is in the history (== len: the empty line after the newest).
    cursor: usize,
}

impl Default for Session {
    fn default() -> Self {
        Session { sandbox: Sandbox::new(WORLD_SEED), files: MemoryFiles::default(), log: vec![], history: vec![], cursor: 0 }
    }
}

impl Session {
    /// Runs what the learner typed or pasted (`clear` empties the output).
    pub fn submit(&mut self, text: &str) {
        if text.trim().is_empty() {
            return;
        }
        self.history.push(text.to_string());
        self.cursor = self.history.len();
        if text.trim() == "clear" {
            self.log.clear();
            return;
        }
        for ran in self.sandbox.run_text(text, &self.files) {
            self.log.push(Entry {
                command: ran.command,
                stdout: ran.outcome.stdout,
                stderr: ran.outcome.stderr,
                ok: ran.outcome.exit_code == 0,
            });
        }
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
        self.history.get(self.cursor).map(String::as_str).unwrap_or("")
    }

    /// Tab: completes the last word of `text` (the text before the cursor). Returns the new text when
    /// something could be inserted, and the candidates to show when there is a choice.
    pub fn complete(&self, text: &str) -> (Option<String>, Vec<String>) {
        let c = self.sandbox.complete(text, &self.files);
        let current = &text[c.start.min(text.len())..];
        match c.candidates.len() {
            0 => (None, vec![]),
            1 => (Some(format!("{}{} ", &text[..c.start], c.candidates[0])), vec![]),
            _ => {
                let prefix = c.common_prefix();
                let grown = (prefix.len() > current.len()).then(|| format!("{}{prefix}", &text[..c.start]));
                (grown, c.candidates)
            }
        }
    }

    pub fn save_file(&mut self, name: &str, body: &str) {
        let name = name.trim();
        if !name.is_empty() {
            self.files.0.insert(name.to_string(), body.to_string());
        }
    }

    pub fn file_names(&self) -> Vec<String> {
        self.files.0.keys().cloned().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn history_walks_back_and_forth() {
        let mut s = Session::default();
        s.submit("aws ecs list-clusters");
        s.submit("aws ec2 describe-vpcs");
        assert_eq!(s.history_prev(), Some("aws ec2 describe-vpcs"));
        assert_eq!(s.history_prev(), Some("aws ecs list-clusters"));
        assert_eq!(s.history_prev(), None);
        assert_eq!(s.history_next(), "aws ec2 describe-vpcs");
        assert_eq!(s.history_next(), "");
    }

    #[test]
    fn commands_log_their_output_and_clear_empties_it() {
        let mut s = Session::default();
        s.submit("aws ecs create-cluster --cluster-name demo\naws ecs describe-clusters --clusters nope");
        assert_eq!(s.log.len(), 2);
        assert!(s.log[0].ok && s.log[0].stdout.contains("\"clusterName\": \"demo\""));
        assert!(s.log[1].stdout.contains("\"reason\": \"MISSING\""));
        s.submit("clear");
        assert!(s.log.is_empty());
    }

    #[test]
    fn tab_completes_a_unique_word_and_lists_choices() {
        let mut s = Session::default();
        s.submit("aws ecs create-cluster --cluster-name ECSDemo");
        assert_eq!(s.complete("aws ecs list-tasks --cluster E"), (Some("aws ecs list-tasks --cluster ECSDemo ".to_string()), vec![]));
        let (grown, choices) = s.complete("aws ecs describe-c");
        assert_eq!(grown, None, "describe-clusters and describe-container-instances share only describe-c");
        assert!(choices.contains(&"describe-clusters".to_string()) && choices.contains(&"describe-container-instances".to_string()));
        assert_eq!(s.complete("aws nothing-here "), (None, vec![]));
    }

    #[test]
    fn files_feed_file_urls() {
        let mut s = Session::default();
        s.save_file(" c.json ", "[{\"name\":\"a\",\"image\":\"b\",\"memory\":128}]");
        s.submit("aws ecs register-task-definition --family a --container-definitions file://c.json");
        assert!(s.log[0].ok, "{:?}", s.log[0]);
        assert_eq!(s.file_names(), vec!["c.json".to_string()]);
    }
}
