//! `ecs-sandbox`: the sandbox in a terminal. `alias aws='ecs-sandbox aws'` runs course scripts
//! unchanged; the world lives in a state file (`--state FILE` or `ECS_SANDBOX_STATE`, default
//! `.ecs-sandbox.json`).

mod state_file;

use ecs_sandbox_awscli::lesson::Lesson;
use ecs_sandbox_awscli::{Files, Outcome, Sandbox};
use state_file::Found;
use std::io::{Read, Write};

/// Writes to stdout; a reader that went away (`| head`) is not an error: the command goes on and
/// its state is still saved.
fn out(text: &str) {
    let mut o = std::io::stdout().lock();
    let _ = o.write_all(text.as_bytes()).and_then(|_| o.flush());
}

fn err(text: &str) {
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
}

/// A lesson's file name is the learner's working folder's: nothing absolute, no way up.
fn safe_file_name(name: &str) -> Result<&str, String> {
    let path = std::path::Path::new(name);
    let inside = !name.is_empty()
        && path
            .components()
            .all(|c| matches!(c, std::path::Component::Normal(_)));
    if inside {
        Ok(name)
    } else {
        Err(format!(
            "the lesson names a file outside this folder ({name:?}); nothing was written"
        ))
    }
}

struct RealFiles;

impl Files for RealFiles {
    fn read(&self, path: &str) -> Result<String, String> {
        std::fs::read_to_string(path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => {
                format!("[Errno 2] No such file or directory: '{path}'")
            }
            _ => format!("{e}: '{path}'"),
        })
    }
}

fn print(o: &Outcome) {
    out(&o.stdout);
    err(&o.stderr);
}

const USAGE: &str = "usage: ecs-sandbox [--state FILE] aws SERVICE OPERATION [ARGS...]\n       ecs-sandbox [--state FILE] sandbox advance|now|state|explain ...\n       ecs-sandbox [--state FILE] run SCRIPT|-\n       ecs-sandbox [--state FILE] reset\n       ecs-sandbox [--state FILE] lesson show|start|solve LESSON.json\n       ecs-sandbox [--state FILE] lesson check\n";

fn read_lesson(path: &str) -> Result<Lesson, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {path}: {e}"))?;
    Lesson::parse(&text).map_err(|e| format!("{path}: {e}"))
}

/// `ecs-sandbox lesson ...`: show a lesson, start it (the state becomes its prepared world, its
/// files are written here), check the state against it, or replay its solution (exit 0 when every
/// goal holds).
fn lesson_command(state: &str, args: &[String]) -> Result<i32, String> {
    let sidecar = format!("{state}.lesson");
    match (args.first().map(String::as_str), args.get(1)) {
        (Some("show"), Some(path)) => {
            let l = read_lesson(path)?;
            out(&format!("{}\n\n{}\n\n", l.title, l.summary));
            for (n, step) in l.steps.iter().enumerate() {
                out(&format!("Step {}: {}\n{}\n", n + 1, step.title, step.text));
                for c in &step.commands {
                    out(&format!("  $ {c}\n"));
                }
                for g in &step.goal {
                    out(&format!("  goal: {}\n", g.says));
                }
                out("\n");
            }
            Ok(0)
        }
        (Some("start"), Some(path)) => {
            let l = read_lesson(path)?;
            let files: Vec<_> = l
                .files
                .iter()
                .chain(l.steps.iter().flat_map(|s| &s.files))
                .collect();
            for f in &files {
                safe_file_name(&f.name)?;
            }
            let _lock = state_file::lock(state)?;
            let (sandbox, _) = l.start()?;
            state_file::save(state, &sandbox.world)?;
            std::fs::write(&sidecar, path).map_err(|e| format!("cannot write {sidecar}: {e}"))?;
            for f in files {
                if std::path::Path::new(&f.name).exists() {
                    out(&format!("(kept your existing {})\n", f.name));
                } else {
                    std::fs::write(&f.name, &f.body)
                        .map_err(|e| format!("cannot write {}: {e}", f.name))?;
                    out(&format!("wrote {} for file://\n", f.name));
                }
            }
            out(&format!(
                "Started \"{}\". {}\nStep 1: {}\n{}\n`ecs-sandbox lesson check` tells how far you are.\n",
                l.title, l.summary, l.steps[0].title, l.steps[0].text
            ));
            Ok(0)
        }
        (Some("solve"), Some(path)) => {
            let l = read_lesson(path)?;
            ecs_sandbox_awscli::lesson::replay_solution(&l)?;
            out(&format!(
                "{}: the solution ({} commands) reaches every goal.\n",
                l.id,
                l.solution().len()
            ));
            Ok(0)
        }
        (Some("check"), None) => {
            let path = std::fs::read_to_string(&sidecar).map_err(|_| {
                "no lesson started here: `ecs-sandbox lesson start LESSON.json` first".to_string()
            })?;
            let l = read_lesson(path.trim())?;
            let world = state_file::load(state)?;
            let at = l.progress(&world);
            for (n, step) in l.steps.iter().enumerate().take(at) {
                out(&format!("✔ step {}: {}\n", n + 1, step.title));
            }
            if at == l.steps.len() {
                out(&format!("Done: every goal of \"{}\" holds.\n", l.title));
                return Ok(0);
            }
            out(&format!("… step {}: {}\n", at + 1, l.steps[at].title));
            for r in l.check(at, &world) {
                out(&format!(
                    "  {} {} (now: {})\n",
                    if r.passed { "✔" } else { "✘" },
                    r.says,
                    r.got
                ));
            }
            Ok(1)
        }
        _ => Err(USAGE.trim_end().to_string()),
    }
}

/// Says why and stops (exit 2).
fn fail(why: &str) -> ! {
    err(&format!("ecs-sandbox: {why}\n"));
    exit(2);
}

/// Ends the process, its locks released first (an exit runs no destructors).
fn exit(code: i32) -> ! {
    state_file::release_held();
    std::process::exit(code);
}

fn main() {
    let mut args: Vec<String> = Vec::new();
    for (n, a) in std::env::args_os().skip(1).enumerate() {
        match a.into_string() {
            Ok(a) => args.push(a),
            Err(a) => {
                err(&format!(
                    "ecs-sandbox: argument {} is not valid UTF-8 ({a:?}); nothing was run\n",
                    n + 1
                ));
                exit(2);
            }
        }
    }
    let mut state =
        std::env::var("ECS_SANDBOX_STATE").unwrap_or_else(|_| ".ecs-sandbox.json".into());
    if args.first().map(|s| s.as_str()) == Some("--state") {
        if args.len() < 2 {
            err(USAGE);
            exit(2);
        }
        state = args[1].clone();
        args.drain(0..2);
    }
    if args.is_empty() {
        err(USAGE);
        exit(2);
    }
    if ["--help", "-h", "help"].contains(&args[0].as_str()) {
        out(&format!("{USAGE}\n{}", ecs_sandbox_awscli::help::OVERVIEW));
        return;
    }
    if args[0] == "lesson" {
        match lesson_command(&state, &args[1..]) {
            Ok(code) => exit(code),
            Err(e) => {
                err(&format!("ecs-sandbox: {e}\n"));
                exit(2);
            }
        }
    }
    if args[0] == "reset" {
        let _lock = state_file::lock(&state).unwrap_or_else(|e| fail(&e));
        match state_file::what_is(&state) {
            Found::Other(why) => fail(&why),
            Found::Nothing => out(&format!("The sandbox is fresh ({state} does not exist).\n")),
            Found::State => match std::fs::remove_file(&state) {
                Ok(()) => out(&format!("The sandbox was reset ({state} removed).\n")),
                Err(e) => fail(&format!("cannot remove {state}: {e}")),
            },
        }
        return;
    }
    // The whole command under the lock: another one on the same file waits, and loses nothing.
    let _lock = state_file::lock(&state).unwrap_or_else(|e| fail(&e));
    let world = match state_file::load(&state) {
        Ok(w) => w,
        Err(e) => {
            err(&format!("ecs-sandbox: {e}\n"));
            exit(2);
        }
    };
    let mut sandbox = Sandbox {
        world,
        shape_violations: None,
        shell: Default::default(),
    };
    let code = if args[0] == "run" {
        let Some(script) = args.get(1) else {
            err(USAGE);
            exit(2);
        };
        let text = if script == "-" {
            let mut s = String::new();
            if let Err(e) = std::io::stdin().read_to_string(&mut s) {
                err(&format!("ecs-sandbox: cannot read stdin: {e}\n"));
                exit(2);
            }
            s
        } else {
            match std::fs::read_to_string(script) {
                Ok(s) => s,
                Err(e) => {
                    err(&format!("ecs-sandbox: cannot read {script}: {e}\n"));
                    exit(2);
                }
            }
        };
        // Each command's output as soon as it has run.
        let mut last = 0;
        sandbox.run_each(&text, &RealFiles, &mut |ran| {
            if !ran.command.is_empty() {
                out(&format!("$ {}\n", ran.command));
            }
            print(&ran.outcome);
            if ran.outcome.exit_code != 0 {
                last = ran.outcome.exit_code;
            }
        });
        last
    } else {
        let o = sandbox.run_words(&args, &RealFiles);
        print(&o);
        o.exit_code
    };
    if let Err(e) = state_file::save(&state, &sandbox.world) {
        fail(&e);
    }
    exit(code);
}
