//! `ecs-sandbox`: the sandbox in a terminal. `alias aws='ecs-sandbox aws'` runs course scripts
//! unchanged; the world lives in a state file (`--state FILE` or `ECS_SANDBOX_STATE`, default
//! `.ecs-sandbox.json`).

use ecs_sandbox_awscli::lesson::Lesson;
use ecs_sandbox_awscli::{Files, Outcome, Sandbox};
use ecs_sandbox_engine::World;
use std::io::{Read, Write};

const STATE_FORMAT: &str = "ecs-sandbox-state";
/// 2: placement verdicts name their instance by index (version 1 files load without their
/// decisions).
const STATE_VERSION: u64 = 2;

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

fn load_state(path: &str) -> Result<World, String> {
    // Read straight into the world (a serde_json::Value of a large world would take ten times its
    // size).
    #[derive(serde::Deserialize)]
    struct Header {
        format: Option<String>,
        version: Option<u64>,
    }
    #[derive(serde::Deserialize)]
    struct Saved {
        world: World,
    }
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(World::new(seed())),
        Err(e) => return Err(format!("cannot read the state file {path}: {e}")),
    };
    let corrupt = |e: serde_json::Error| {
        format!("the state file {path} is corrupt ({e}); it was left untouched. Move it away or use --state OTHER_FILE.")
    };
    serde_json::from_str::<serde::de::IgnoredAny>(&text).map_err(corrupt)?;
    let header = serde_json::from_str::<Header>(&text)
        .ok()
        .filter(|h| h.format.as_deref() == Some(STATE_FORMAT));
    let Some(header) = header else {
        return Err(format!(
            "{path} is not an ecs-sandbox state file; it was left untouched."
        ));
    };
    let version = header.version.unwrap_or(0);
    if version > STATE_VERSION {
        return Err(format!(
            "the state file {path} was written by a newer ecs-sandbox (state version {version}, this one reads {STATE_VERSION}); it was left untouched."
        ));
    }
    serde_json::from_str::<Saved>(&text)
        .map(|s| s.world)
        .map_err(corrupt)
}

fn save_state(path: &str, world: &World) -> Result<(), String> {
    let v = serde_json::json!({"format": STATE_FORMAT, "version": STATE_VERSION, "world": world});
    let tmp = format!("{path}.tmp");
    std::fs::write(&tmp, serde_json::to_vec(&v).map_err(|e| e.to_string())?)
        .map_err(|e| format!("cannot write {tmp}: {e}"))?;
    std::fs::rename(&tmp, path).map_err(|e| format!("cannot replace {path}: {e}"))
}

fn seed() -> u64 {
    std::env::var("ECS_SANDBOX_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(42)
}

fn print(o: &Outcome) {
    print!("{}", o.stdout);
    eprint!("{}", o.stderr);
    let _ = std::io::stdout().flush();
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
            println!("{}\n\n{}\n", l.title, l.summary);
            for (n, step) in l.steps.iter().enumerate() {
                println!("Step {}: {}\n{}", n + 1, step.title, step.text);
                for c in &step.commands {
                    println!("  $ {c}");
                }
                for g in &step.goal {
                    println!("  goal: {}", g.says);
                }
                println!();
            }
            Ok(0)
        }
        (Some("start"), Some(path)) => {
            let l = read_lesson(path)?;
            let (sandbox, _) = l.start()?;
            save_state(state, &sandbox.world)?;
            std::fs::write(&sidecar, path).map_err(|e| format!("cannot write {sidecar}: {e}"))?;
            for f in l.files.iter().chain(l.steps.iter().flat_map(|s| &s.files)) {
                if std::path::Path::new(&f.name).exists() {
                    println!("(kept your existing {})", f.name);
                } else {
                    std::fs::write(&f.name, &f.body)
                        .map_err(|e| format!("cannot write {}: {e}", f.name))?;
                    println!("wrote {} for file://", f.name);
                }
            }
            println!(
                "Started \"{}\". {}\nStep 1: {}\n{}\n`ecs-sandbox lesson check` tells how far you are.",
                l.title, l.summary, l.steps[0].title, l.steps[0].text
            );
            Ok(0)
        }
        (Some("solve"), Some(path)) => {
            let l = read_lesson(path)?;
            ecs_sandbox_awscli::lesson::replay_solution(&l)?;
            println!(
                "{}: the solution ({} commands) reaches every goal.",
                l.id,
                l.solution().len()
            );
            Ok(0)
        }
        (Some("check"), None) => {
            let path = std::fs::read_to_string(&sidecar).map_err(|_| {
                "no lesson started here: `ecs-sandbox lesson start LESSON.json` first".to_string()
            })?;
            let l = read_lesson(path.trim())?;
            let world = load_state(state)?;
            let at = l.progress(&world);
            for (n, step) in l.steps.iter().enumerate().take(at) {
                println!("✔ step {}: {}", n + 1, step.title);
            }
            if at == l.steps.len() {
                println!("Done: every goal of \"{}\" holds.", l.title);
                return Ok(0);
            }
            println!("… step {}: {}", at + 1, l.steps[at].title);
            for r in l.check(at, &world) {
                println!(
                    "  {} {} (now: {})",
                    if r.passed { "✔" } else { "✘" },
                    r.says,
                    r.got
                );
            }
            Ok(1)
        }
        _ => Err(USAGE.trim_end().to_string()),
    }
}

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let mut state =
        std::env::var("ECS_SANDBOX_STATE").unwrap_or_else(|_| ".ecs-sandbox.json".into());
    if args.first().map(|s| s.as_str()) == Some("--state") {
        if args.len() < 2 {
            eprint!("{USAGE}");
            std::process::exit(2);
        }
        state = args[1].clone();
        args.drain(0..2);
    }
    if args.is_empty() {
        eprint!("{USAGE}");
        std::process::exit(2);
    }
    if ["--help", "-h", "help"].contains(&args[0].as_str()) {
        print!("{USAGE}\n{}", ecs_sandbox_awscli::help::OVERVIEW);
        return;
    }
    if args[0] == "lesson" {
        match lesson_command(&state, &args[1..]) {
            Ok(code) => std::process::exit(code),
            Err(e) => {
                eprintln!("ecs-sandbox: {e}");
                std::process::exit(2);
            }
        }
    }
    if args[0] == "reset" {
        let _ = std::fs::remove_file(&state);
        println!("The sandbox was reset ({state} removed).");
        return;
    }
    let world = match load_state(&state) {
        Ok(w) => w,
        Err(e) => {
            eprintln!("ecs-sandbox: {e}");
            std::process::exit(2);
        }
    };
    let mut sandbox = Sandbox {
        world,
        shape_violations: None,
        shell: Default::default(),
    };
    let code = if args[0] == "run" {
        let Some(script) = args.get(1) else {
            eprint!("{USAGE}");
            std::process::exit(2);
        };
        let text = if script == "-" {
            let mut s = String::new();
            if let Err(e) = std::io::stdin().read_to_string(&mut s) {
                eprintln!("ecs-sandbox: cannot read stdin: {e}");
                std::process::exit(2);
            }
            s
        } else {
            match std::fs::read_to_string(script) {
                Ok(s) => s,
                Err(e) => {
                    eprintln!("ecs-sandbox: cannot read {script}: {e}");
                    std::process::exit(2);
                }
            }
        };
        let mut last = 0;
        for ran in sandbox.run_text(&text, &RealFiles) {
            if !ran.command.is_empty() {
                println!("$ {}", ran.command);
            }
            print(&ran.outcome);
            if ran.outcome.exit_code != 0 {
                last = ran.outcome.exit_code;
            }
        }
        last
    } else {
        let o = sandbox.run_words(&args, &RealFiles);
        print(&o);
        o.exit_code
    };
    if let Err(e) = save_state(&state, &sandbox.world) {
        eprintln!("ecs-sandbox: {e}");
        std::process::exit(2);
    }
    std::process::exit(code);
}
