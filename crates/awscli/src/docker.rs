//! `docker build | tag | images | login | push`: the command line of the docker client model
//! (`ecs_sandbox_engine::docker`), enough to push an image to this account's ECR the way the course
//! does. This file reads the words and prints docker's output; the engine's docker operations
//! change the world. No Dockerfile is read and no layers exist: an image is an id, its references
//! and a size. Messages are docker's own.

use crate::Outcome;
use ecs_sandbox_engine::World;

const USAGE: &str = "Usage:  docker COMMAND\n\nCommands the sandbox models: build, tag, images, login, push (the rest of docker is not simulated)\n";

fn human_size(bytes: u64) -> String {
    format!("{}MB", bytes / 1_000_000)
}

fn error(message: &str) -> Outcome {
    Outcome::error(&format!("{message}\n"), 1)
}

/// The value after an option (`-t NAME`, `-t=NAME`, `--tag NAME`), and the words left.
fn take_option(args: &[String], names: &[&str]) -> (Option<String>, Vec<String>) {
    let (mut value, mut rest) = (None, vec![]);
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        if let Some((k, v)) = a.split_once('=').filter(|(k, _)| names.contains(k)) {
            let _ = k;
            value = Some(v.to_string());
        } else if names.contains(&a.as_str()) {
            value = args.get(i + 1).cloned();
            i += 1;
        } else {
            rest.push(a.clone());
        }
        i += 1;
    }
    (value, rest)
}

pub fn run(world: &mut World, args: &[String], stdin: Option<&str>) -> Outcome {
    match args.first().map(String::as_str) {
        Some("build") => build(world, &args[1..]),
        Some("tag") => tag(world, &args[1..]),
        Some("images") => images(world),
        Some("image") if args.get(1).is_some_and(|a| a == "ls" || a == "list") => images(world),
        Some("login") => login(world, &args[1..], stdin),
        Some("push") => push(world, &args[1..]),
        None | Some("--help") | Some("help") => Outcome::ok(USAGE.to_string()),
        Some(other) => Outcome::error(
            &format!("sandbox: 'docker {other}' is not simulated. {USAGE}"),
            1,
        ),
    }
}

fn build(world: &mut World, args: &[String]) -> Outcome {
    let (tag, rest) = take_option(args, &["-t", "--tag"]);
    let (_, rest) = take_option(&rest, &["-f", "--file"]);
    if rest.len() != 1 {
        return error("\"docker build\" requires exactly 1 argument.\nSee 'docker build --help'.\n\nUsage:  docker build [OPTIONS] PATH | URL | -\n\nBuild an image from a Dockerfile");
    }
    let built = match world.docker_build(tag.as_deref()) {
        Ok(built) => built,
        Err(message) => return error(&message),
    };
    let mut out = format!("[sandbox] a model of docker build: no Dockerfile is read; the image stands for the application in {}\n", rest[0]);
    out.push_str(&format!("Successfully built {}\n", built.id));
    for r in &built.references {
        out.push_str(&format!("Successfully tagged {r}\n"));
    }
    Outcome::ok(out)
}

fn tag(world: &mut World, args: &[String]) -> Outcome {
    let [source, target] = args else {
        return error("\"docker tag\" requires exactly 2 arguments.\nSee 'docker tag --help'.\n\nUsage:  docker tag SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]\n\nCreate a tag TARGET_IMAGE that refers to SOURCE_IMAGE");
    };
    match world.docker_tag(source, target) {
        Ok(()) => Outcome::ok(String::new()),
        Err(message) => error(&message),
    }
}

fn images(world: &World) -> Outcome {
    let mut out = format!(
        "{:<62} {:<10} {:<14} {:<14} {}\n",
        "REPOSITORY", "TAG", "IMAGE ID", "CREATED", "SIZE"
    );
    for i in world.docker_images().iter().rev() {
        let ago = (world.now().saturating_sub(i.created_at) / 60_000).max(1);
        let created = format!("{ago} minute{} ago", if ago == 1 { "" } else { "s" });
        let refs: Vec<(String, String)> = if i.references.is_empty() {
            vec![("<none>".into(), "<none>".into())]
        } else {
            i.references
                .iter()
                .map(|r| {
                    r.rsplit_once(':')
                        .map(|(a, b)| (a.to_string(), b.to_string()))
                        .unwrap_or((r.clone(), "latest".into()))
                })
                .collect()
        };
        for (repo, tag) in refs {
            out.push_str(&format!(
                "{repo:<62} {tag:<10} {:<14} {created:<14} {}\n",
                i.id,
                human_size(i.size)
            ));
        }
    }
    Outcome::ok(out)
}

fn login(world: &mut World, args: &[String], stdin: Option<&str>) -> Outcome {
    let (user, rest) = take_option(args, &["-u", "--username"]);
    let (password_arg, rest) = take_option(&rest, &["-p", "--password"]);
    let from_stdin = rest.iter().any(|a| a == "--password-stdin");
    let servers: Vec<&String> = rest.iter().filter(|a| !a.starts_with('-')).collect();
    if servers.len() > 1 {
        return error("\"docker login\" requires at most 1 argument.\nSee 'docker login --help'.\n\nUsage:  docker login [OPTIONS] [SERVER]");
    }
    let server = servers
        .first()
        .map(|s| {
            s.trim_start_matches("https://")
                .trim_start_matches("http://")
                .trim_end_matches('/')
                .to_string()
        })
        .unwrap_or_else(|| "docker.io".into());
    let mut warning = String::new();
    let password = if from_stdin {
        match stdin {
            Some(s) => s.trim_end_matches('\n').to_string(),
            None => {
                return error("Error: Cannot perform an interactive login from a non TTY device")
            }
        }
    } else if let Some(p) = password_arg {
        warning =
            "WARNING! Using --password via the CLI is insecure. Use --password-stdin.\n".into();
        p
    } else {
        return error("Error: Cannot perform an interactive login from a non TTY device");
    };
    match world.docker_login(&server, user.as_deref(), &password) {
        Ok(()) => Outcome {
            stdout: "Login Succeeded\n".into(),
            stderr: warning,
            exit_code: 0,
        },
        Err(refused) => {
            let mut o = error(&refused.message);
            o.stderr.insert_str(0, &warning);
            o.stderr.push_str(refused.hint.as_deref().unwrap_or(""));
            o
        }
    }
}

fn push(world: &mut World, args: &[String]) -> Outcome {
    let [reference] = args else {
        return error("\"docker push\" requires exactly 1 argument.\nSee 'docker push --help'.\n\nUsage:  docker push [OPTIONS] NAME[:TAG]\n\nUpload an image to a registry");
    };
    let refers_to = |name: &str| format!("The push refers to repository [{name}]\n");
    match world.docker_push(reference) {
        Ok(pushed) => {
            let mut out = refers_to(&pushed.name);
            for layer in &pushed.layers {
                out.push_str(&format!("{layer}: Pushed\n"));
            }
            out.push_str(&format!(
                "{}: digest: {} size: 1570\n",
                pushed.tag, pushed.digest
            ));
            Outcome::ok(out)
        }
        Err(failed) => match failed.repository {
            None => error(&failed.message),
            Some(name) => Outcome {
                stdout: refers_to(&name),
                stderr: format!("{}\n", failed.message),
                exit_code: 1,
            },
        },
    }
}
