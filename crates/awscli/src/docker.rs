//! `docker build | tag | images | login | push`: a model of the docker client on the learner's
//! machine, enough to push an image to this account's ECR the way the course does. No Dockerfile is
//! read and no layers exist: an image is an id, its references and a size. Messages are docker's
//! own.

use crate::Outcome;
use ecs_sandbox_engine::docker::LocalImage;
use ecs_sandbox_engine::ecr::registry;
use ecs_sandbox_engine::World;

const USAGE: &str = "Usage:  docker COMMAND\n\nCommands the sandbox models: build, tag, images, login, push (the rest of docker is not simulated)\n";

/// `name` → `name:latest`; a reference that already has a tag (after the last `/`) or a digest
/// stays.
fn with_tag(reference: &str) -> String {
    let last = reference.rsplit('/').next().unwrap_or(reference);
    if last.contains(':') || reference.contains('@') {
        reference.to_string()
    } else {
        format!("{reference}:latest")
    }
}

/// Docker's reference rules, loosely: lowercase path components, an optional registry host and tag.
fn valid_reference(reference: &str) -> bool {
    ecs_sandbox_engine::ecs::tasks::image_pull_error(reference).is_none()
}

fn human_size(bytes: u64) -> String {
    format!("{}MB", bytes / 1_000_000)
}

fn find<'a>(world: &'a World, name: &str) -> Option<usize> {
    let wanted = with_tag(name);
    world.docker.images.iter().position(|i: &'a LocalImage| {
        i.references.contains(&wanted) || (name.len() >= 4 && i.id.starts_with(name))
    })
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
    if let Some(t) = &tag {
        if !valid_reference(t) {
            return error(&format!("invalid argument \"{t}\" for \"-t, --tag\" flag: invalid reference format: repository name must be lowercase"));
        }
    }
    let id = world.docker_random_hex(12);
    let size = 150_000_000 + world.docker_random_below(100) as u64 * 1_000_000;
    let mut out = format!("[sandbox] a model of docker build: no Dockerfile is read; the image stands for the application in {}\n", rest[0]);
    out.push_str(&format!("Successfully built {id}\n"));
    let references: Vec<String> = tag.iter().map(|t| with_tag(t)).collect();
    for r in &references {
        out.push_str(&format!("Successfully tagged {r}\n"));
        for i in &mut world.docker.images {
            i.references.retain(|x| x != r);
        }
    }
    let now = world.now;
    world.docker.images.push(LocalImage {
        id,
        references,
        size,
        created_at: now,
    });
    Outcome::ok(out)
}

fn tag(world: &mut World, args: &[String]) -> Outcome {
    let [source, target] = args else {
        return error("\"docker tag\" requires exactly 2 arguments.\nSee 'docker tag --help'.\n\nUsage:  docker tag SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]\n\nCreate a tag TARGET_IMAGE that refers to SOURCE_IMAGE");
    };
    let Some(i) = find(world, source) else {
        return error(&format!(
            "Error response from daemon: No such image: {}",
            with_tag(source)
        ));
    };
    if !valid_reference(target) {
        return error(&format!("Error parsing reference: \"{target}\" is not a valid repository/tag: invalid reference format"));
    }
    let target = with_tag(target);
    for img in &mut world.docker.images {
        img.references.retain(|r| *r != target);
    }
    world.docker.images[i].references.push(target);
    Outcome::ok(String::new())
}

fn images(world: &World) -> Outcome {
    let mut out = format!(
        "{:<62} {:<10} {:<14} {:<14} {}\n",
        "REPOSITORY", "TAG", "IMAGE ID", "CREATED", "SIZE"
    );
    for i in world.docker.images.iter().rev() {
        let ago = (world.now.saturating_sub(i.created_at) / 60_000).max(1);
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
    let ours = server == registry();
    let ecr = server.ends_with(".amazonaws.com") && server.contains(".dkr.ecr.");
    let expires_at = world.ecr.password_expiry(&password);
    let valid = expires_at.is_some_and(|at| at > world.now);
    if ecr && !(ours && user.as_deref() == Some("AWS") && valid) {
        let mut o = error(&format!("Error response from daemon: login attempt to https://{server}/v2/ failed with status: 400 Bad Request"));
        o.stderr.insert_str(0, &warning);
        if !ours {
            o.stderr.push_str(&format!(
                "[sandbox hint] a password from `aws ecr get-login-password` logs in to this account's registry, {}; {server} is another account's.\n",
                registry()
            ));
        } else if expires_at.is_some() {
            o.stderr.push_str("[sandbox hint] that password has expired (ECR passwords last 12 hours): run `aws ecr get-login-password` again.\n");
        }
        return o;
    }
    if ecr {
        world.docker.ecr_login_expires_at = expires_at;
    }
    if !world.docker.logins.contains(&server) {
        world.docker.logins.push(server);
    }
    Outcome {
        stdout: "Login Succeeded\n".into(),
        stderr: warning,
        exit_code: 0,
    }
}

fn push(world: &mut World, args: &[String]) -> Outcome {
    let [reference] = args else {
        return error("\"docker push\" requires exactly 1 argument.\nSee 'docker push --help'.\n\nUsage:  docker push [OPTIONS] NAME[:TAG]\n\nUpload an image to a registry");
    };
    let full = with_tag(reference);
    let Some(i) =
        find(world, reference).filter(|&i| world.docker.images[i].references.contains(&full))
    else {
        return error(&format!(
            "An image does not exist locally with the tag: {}",
            full.rsplit_once(':').map(|(a, _)| a).unwrap_or(&full)
        ));
    };
    let (name, tag) = full
        .rsplit_once(':')
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .unwrap_or((full.clone(), "latest".into()));
    let Some((host, repository)) = name.split_once('/').filter(|(h, _)| h.contains('.')) else {
        return error(&format!(
            "[sandbox] pushing to Docker Hub is not simulated; tag the image for this account's ECR registry ({}/REPOSITORY) and push that",
            registry()
        ));
    };
    let mut out = format!("The push refers to repository [{name}]\n");
    if !world.docker.logins.iter().any(|l| l == host) {
        return Outcome {
            stdout: out,
            stderr: "no basic auth credentials\n".into(),
            exit_code: 1,
        };
    }
    if host != registry() {
        return Outcome {
            stdout: out,
            stderr: format!("[sandbox] pushing to {host} is not simulated\n"),
            exit_code: 1,
        };
    }
    if world
        .docker
        .ecr_login_expires_at
        .is_some_and(|at| at <= world.now)
    {
        return Outcome {
            stdout: out,
            stderr: "denied: Your authorization token has expired. Reauthenticate and try again.\n"
                .into(),
            exit_code: 1,
        };
    }
    let size = world.docker.images[i].size;
    match world.ecr_push(repository, &tag, size) {
        Ok(digest) => {
            for _ in 0..3 {
                out.push_str(&format!("{}: Pushed\n", world.docker_random_hex(12)));
            }
            out.push_str(&format!("{tag}: digest: {digest} size: 1570\n"));
            Outcome::ok(out)
        }
        Err(e) => Outcome {
            stdout: out,
            stderr: format!("{e}\n"),
            exit_code: 1,
        },
    }
}
