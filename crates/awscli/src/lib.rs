//! AWS CLI emulation for the ECS sandbox, driven by the botocore service models.
//!
//! `Sandbox::run_text` takes what a learner pastes (one or many commands), repairs paste artefacts,
//! tokenizes like a shell and runs each command against the engine's `World`, giving back what the
//! real CLI would print (stdout, stderr, exit code).

mod argparser;
mod argprocess;
mod argument_hints;
mod arguments;
pub mod cli;
pub mod completion;
pub mod convert;
mod customizations;
pub mod docker;
pub mod help;
pub mod hints;
pub mod lesson;
pub mod model;
pub mod output;
pub mod pyjson;
pub mod sandbox_commands;
pub mod shell;
pub mod shorthand;
pub mod state;
pub mod suggest;
pub mod tokenizer;
pub mod validate;

use ecs_sandbox_engine::World;

/// What a command printed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Outcome {
    pub stdout: String,
    pub stderr: String,
    pub exit_code: i32,
}

impl Outcome {
    pub fn ok(stdout: String) -> Outcome {
        Outcome {
            stdout,
            stderr: String::new(),
            exit_code: 0,
        }
    }
    pub fn error(stderr: &str, exit_code: i32) -> Outcome {
        Outcome {
            stdout: String::new(),
            stderr: stderr.to_string(),
            exit_code,
        }
    }
}

/// Where `file://` reads from: the real file system natively, the virtual files panel in the app.
pub trait Files {
    /// The file's text, or the error text Python would give (`[Errno 2] No such file or directory:
    /// 'x'`).
    fn read(&self, path: &str) -> Result<String, String>;
    /// File names to offer after `file://` (none where listing makes no sense).
    fn names(&self) -> Vec<String> {
        vec![]
    }
}

/// No files at all.
pub struct NoFiles;

impl Files for NoFiles {
    fn read(&self, path: &str) -> Result<String, String> {
        Err(format!("[Errno 2] No such file or directory: '{path}'"))
    }
}

/// Virtual files held in memory (the app's files panel, tests).
#[derive(Debug, Clone, Default)]
pub struct MemoryFiles(pub std::collections::BTreeMap<String, String>);

impl Files for MemoryFiles {
    fn read(&self, path: &str) -> Result<String, String> {
        let key = path.trim_start_matches("./");
        self.0
            .get(key)
            .cloned()
            .ok_or_else(|| format!("[Errno 2] No such file or directory: '{path}'"))
    }
    fn names(&self) -> Vec<String> {
        self.0.keys().cloned().collect()
    }
}

/// The real environment's `AWS_DEFAULT_OUTPUT` for the native command (its region variables are
/// left alone: they name the learner's real AWS region, which the sandbox's us-east-1 need not
/// match).
fn native_env(name: &str) -> Option<String> {
    #[cfg(feature = "native")]
    if name == "AWS_DEFAULT_OUTPUT" {
        return std::env::var(name).ok();
    }
    let _ = name;
    None
}

/// Whether the engine simulates an operation (the models list every operation of a service).
pub fn simulated(service: &str, op_name: &str) -> bool {
    ecs_sandbox_engine::Service::from_cli_name(service).is_some_and(|s| s.simulates(op_name))
}

/// The commonest ways a line continuation breaks when commands are copied from slides and PDFs: a
/// space after the `\\` (which then escapes the space), and the continuations of Windows' cmd (`^`)
/// and PowerShell (a backtick), which bash does not have.
fn continuation_hint(c: &tokenizer::Command) -> Option<&'static str> {
    let last = c.words.last()?;
    let backslash_space =
        last.ends_with(' ') && c.text.trim_end_matches([' ', '\t']).ends_with('\\');
    if backslash_space {
        return Some("[sandbox hint] the line ends with a backslash and then a space: the backslash escaped the space instead of continuing the line. Delete the space after the '\\'.\n");
    }
    match last.as_str() {
        "^" => Some("[sandbox hint] '^' continues a line in Windows' cmd, not in bash: end the line with ' \\' instead (or put the command on one line).\n"),
        "`" => Some("[sandbox hint] a backtick continues a line in PowerShell, not in bash: end the line with ' \\' instead (or put the command on one line).\n"),
        _ => None,
    }
}

/// One command that was run: its text and what it printed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ran {
    pub command: String,
    pub outcome: Outcome,
}

#[derive(Clone)]
pub struct Sandbox {
    pub world: World,
    /// Output-shape violations seen so far, when checking is on (`check_output_shapes`).
    pub shape_violations: Option<Vec<String>>,
    /// The variables set by earlier commands (`NAME=value`).
    pub shell: shell::Shell,
}

impl Sandbox {
    pub fn new(seed: u64) -> Sandbox {
        Sandbox {
            world: World::new(seed),
            shape_violations: None,
            shell: Default::default(),
        }
    }

    /// Runs a command on a copy of the world and reports where its tasks would go; the world is
    /// unchanged.
    fn dry_run(&mut self, words: &[String], files: &dyn Files) -> Outcome {
        if words.is_empty() {
            return Outcome::error(
                "usage: sandbox dry-run aws ecs run-task ... (or any command)\n",
                2,
            );
        }
        let mut copy = Sandbox {
            world: self.world.clone(),
            shape_violations: None,
            shell: self.shell.clone(),
        };
        let before: Vec<String> = self
            .world
            .ecs()
            .tasks()
            .iter()
            .map(|t| t.id.clone())
            .collect();
        let mut out = copy.run_words(words, files);
        let mut report = String::from("\n[sandbox dry run] nothing was changed.");
        let new_tasks: Vec<_> = copy
            .world
            .ecs()
            .tasks()
            .iter()
            .filter(|t| !before.contains(&t.id))
            .collect();
        if new_tasks.is_empty() {
            report.push_str(" No task would start.");
        }
        for t in new_tasks {
            let host = t
                .container_instance_id
                .as_ref()
                .and_then(|c| {
                    copy.world
                        .ecs()
                        .container_instances()
                        .iter()
                        .find(|ci| &ci.id == c)
                })
                .map(|ci| format!("{} ({})", ci.ec2_instance_id, ci.availability_zone))
                .unwrap_or_else(|| "nowhere".into());
            report.push_str(&format!("\n  a task of {} would start on {host}", t.group));
        }
        for svc in copy
            .world
            .ecs()
            .services()
            .iter()
            .filter(|s| s.last_unplaced.is_some())
        {
            report.push_str(&format!("\n  service {} would have a task it cannot place (`sandbox explain {}` after running it shows why)", svc.name, svc.name));
        }
        out.stderr.push_str(&report);
        out.stderr.push('\n');
        out
    }

    /// Tab completion for the text before the cursor (services, operations, options, enum values
    /// and the live world's resource names).
    pub fn complete(&self, before_cursor: &str, files: &dyn Files) -> completion::Completion {
        // `$NA` → the shell's variables.
        if let Some(dollar) = before_cursor.rfind('$') {
            let partial = before_cursor[dollar + 1..].trim_start_matches('{');
            if partial
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_')
            {
                let mut candidates: Vec<String> = self
                    .shell
                    .names()
                    .filter(|n| n.starts_with(partial))
                    .map(|n| format!("${n}"))
                    .collect();
                candidates.sort();
                return completion::Completion {
                    start: dollar,
                    candidates,
                };
            }
        }
        completion::complete(&self.world, before_cursor, files)
    }

    /// Checks every response from now on against the service model's output shape (used by tests).
    pub fn check_output_shapes(&mut self) {
        self.shape_violations.get_or_insert_with(Vec::new);
    }

    /// Runs everything in a pasted text. Paste repairs come first as notices (on stderr, exit 0).
    pub fn run_text(&mut self, text: &str, files: &dyn Files) -> Vec<Ran> {
        let mut out = vec![];
        self.run_each(text, files, &mut |ran| out.push(ran));
        out
    }

    /// Runs everything in a text, handing over each command's result as soon as it has run (the
    /// native `run` prints as it goes). A text that does not tokenize (an unclosed quote) runs
    /// what comes before the line the problem starts on, as a shell reading line by line would,
    /// then says which line.
    pub fn run_each(&mut self, text: &str, files: &dyn Files, each: &mut dyn FnMut(Ran)) {
        let tokens = match tokenizer::tokenize(text) {
            Ok(t) => t,
            Err(e) => {
                let lines: Vec<&str> = text.split('\n').collect();
                // The longest run of whole lines that tokenizes (a property of prefixes: once a
                // quote is left open, every longer prefix fails too).
                let (mut good, mut bad) = (0, lines.len());
                while good + 1 < bad {
                    let mid = (good + bad) / 2;
                    if tokenizer::tokenize(&lines[..mid].join("\n")).is_ok() {
                        good = mid;
                    } else {
                        bad = mid;
                    }
                }
                if good > 0 {
                    self.run_each(&lines[..good].join("\n"), files, each);
                }
                let rest = lines[good..].join("\n");
                let line = if lines.len() > 1 {
                    format!("line {}: ", good + 1)
                } else {
                    String::new()
                };
                each(Ran {
                    command: rest.trim().to_string(),
                    outcome: Outcome::error(&format!("sandbox: {line}{}\n", e.0), 2),
                });
                return;
            }
        };
        if !tokens.notices.is_empty() {
            let notes: String = tokens
                .notices
                .iter()
                .map(|n| format!("[sandbox] {n}\n"))
                .collect();
            each(Ran {
                command: String::new(),
                outcome: Outcome {
                    stdout: String::new(),
                    stderr: notes,
                    exit_code: 0,
                },
            });
        }
        let mut previous_last_word: Option<String> = None;
        for c in tokens.commands {
            let mut outcome = self.run_command(&c, files);
            // `Name=x,Values=y` alone on a line is the rest of a command (shell variables are
            // usually CAPITALS).
            let lost_shorthand = shell::starts_with_assignment(&c.words)
                && c.words[0]
                    .split('=')
                    .next()
                    .is_some_and(|n| n.chars().any(|ch| ch.is_ascii_lowercase()));
            if outcome.exit_code == 127 || lost_shorthand {
                if let Some(last) = previous_last_word.as_deref().filter(|w| w.starts_with('-')) {
                    outcome.stderr.push_str(&format!(
                        "[sandbox hint] this line looks like the rest of the previous command, which ended with '{last}': join the two lines, or end the first one with ' \\'.\n"
                    ));
                }
            }
            if outcome.exit_code != 0 {
                if let Some(hint) = continuation_hint(&c) {
                    outcome.stderr.push_str(hint);
                }
            }
            previous_last_word = c.words.last().cloned();
            each(Ran {
                command: c.text,
                outcome,
            });
        }
    }

    /// Runs one command given as words (`aws ecs ...` or a sandbox command). A `|` feeds the left
    /// command's output to `docker login --password-stdin`, the one reader of stdin here.
    pub fn run_words(&mut self, words: &[String], files: &dyn Files) -> Outcome {
        if let Some(bar) = words.iter().position(|w| w == "|") {
            let (left, right) = (&words[..bar], &words[bar + 1..]);
            if !(right.first().is_some_and(|w| w == "docker")
                && right.iter().any(|w| w == "--password-stdin"))
            {
                let hint = if right.first().is_some_and(|w| w == "jq") {
                    " (for JSON, use the CLI's --query instead of jq)"
                } else {
                    ""
                };
                return Outcome::error(&format!("sandbox: a pipe can only feed `docker login --password-stdin` here{hint}\n"), 2);
            }
            let first = self.run_words(left, files);
            if first.exit_code != 0 {
                return first;
            }
            let mut second = docker::run(&mut self.world, &right[1..], Some(&first.stdout));
            second.stderr.insert_str(0, &first.stderr);
            return second;
        }
        match words.first().map(|s| s.as_str()) {
            Some("aws") => {
                // The CLI's environment: the shell's variables, and natively the real environment's
                // output format.
                let shell = &self.shell;
                let env = |name: &str| {
                    shell
                        .var(name)
                        .map(str::to_string)
                        .or_else(|| native_env(name))
                };
                cli::Cli {
                    world: &mut self.world,
                    files,
                    shape_violations: self.shape_violations.as_mut(),
                    env: &env,
                }
                .run(&words[1..])
            }
            Some("sandbox") if words.get(1).map(|w| w.as_str()) == Some("dry-run") => {
                self.dry_run(&words[2..], files)
            }
            Some("sandbox") => sandbox_commands::run(&mut self.world, &words[1..]),
            Some("curl") => sandbox_commands::curl(&mut self.world, &words[1..]),
            Some("docker") => docker::run(&mut self.world, &words[1..], None),
            Some("help") => Outcome::ok(help::OVERVIEW.to_string()),
            Some(other) => {
                let close =
                    suggest::best_match(other, ["aws", "sandbox", "curl", "docker", "help"]);
                let hint = close
                    .map(|c| format!(" Did you mean '{c}'?"))
                    .unwrap_or_default();
                Outcome::error(
                    &format!("sandbox: command not found: {other}. Commands start with 'aws' (or 'sandbox', 'curl', 'docker'; `help` lists them).{hint}\n"),
                    127,
                )
            }
            None => Outcome::default(),
        }
    }
}
