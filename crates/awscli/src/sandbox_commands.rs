//! Commands of the sandbox itself (not AWS): the clock and explanations.

use crate::Outcome;
use ecs_sandbox_engine::clock::{iso8601, parse_duration};
use ecs_sandbox_engine::ecs::types::Task;
use ecs_sandbox_engine::placement::ZoneChoice;
use ecs_sandbox_engine::World;

const USAGE: &str =
    "usage: sandbox advance DURATION | now | state [--query JMESPATH] | explain TASK | dry-run COMMAND | rule NAME | cost | az-down ZONE | az-up ZONE | adopt-id OLD NEW | help";

pub fn run(world: &mut World, args: &[String]) -> Outcome {
    match args.first().map(|s| s.as_str()) {
        Some("advance") => advance(world, args.get(1)),
        Some("now") => Outcome::ok(format!("{}\n", iso8601(world.now() as i64))),
        Some("state") => state(world, &args[1..]),
        Some("help") => Outcome::ok(crate::help::OVERVIEW.to_string()),
        Some("adopt-id") => match (args.get(1), args.get(2)) {
            (Some(old), Some(new)) => adopt_id(world, old, new),
            _ => Outcome::error("usage: sandbox adopt-id OLD_ID|subnet@ZONE|vpc@default|sg@default NEW_ID\n", 2),
        },
        Some("curl") => curl(world, &args[1..]),
        Some("cost") => Outcome::ok(cost(world)),
        Some("rule") => match args.get(1) {
            None => Outcome::error("usage: sandbox rule RULE_NAME\n", 2),
            Some(name) => rule(world, name),
        },
        Some("az-down") => match args.get(1) {
            None => Outcome::error("usage: sandbox az-down ZONE   (e.g. us-east-1a)\n", 2),
            Some(z) => match world.az_down(z) {
                Ok((instances, tasks)) => Outcome::ok(format!(
                    "{z} is down (a sandbox what-if): {instances} container instance(s) unreachable, {tasks} task(s) lost. Services now reschedule elsewhere; `sandbox az-up {z}` brings the zone back.\n"
                )),
                Err(e) => Outcome::error(&format!("sandbox az-down: {e}\n"), 2),
            },
        },
        Some("az-up") => match args.get(1) {
            None => Outcome::error("usage: sandbox az-up ZONE\n", 2),
            Some(z) => match world.az_up(z) {
                Ok(n) => Outcome::ok(format!("{z} is back: {n} container instance(s) reconnected (empty; existing tasks are not moved back).\n")),
                Err(e) => Outcome::error(&format!("sandbox az-up: {e}\n"), 2),
            },
        },
        Some("explain") => match args.get(1) {
            None => Outcome::error("usage: sandbox explain TASK_ID_OR_ARN | SERVICE_NAME\n", 2),
            Some(t) => explain(world, t),
        },
        _ => Outcome::error(&format!("{USAGE}\n"), 2),
    }
}

/// `sandbox advance DURATION`: at most 30 days at a time.
fn advance(world: &mut World, duration: Option<&String>) -> Outcome {
    match duration.and_then(|d| parse_duration(d)) {
        Some(ms) if ms <= 30 * 24 * 3_600_000 => {
            world.advance(ms);
            Outcome::ok(format!(
                "Virtual time is now {}\n",
                iso8601(world.now() as i64)
            ))
        }
        Some(_) => Outcome::error("sandbox advance: at most 30 days at a time\n", 2),
        None => Outcome::error(
            "usage: sandbox advance DURATION   (e.g. 30s, 5m, 1h30m)\n",
            2,
        ),
    }
}

/// `sandbox state [--query JMESPATH]`.
fn state(world: &World, args: &[String]) -> Outcome {
    let state = crate::state::summary(world);
    let shown = match args.first().map(String::as_str) {
        None => state,
        Some("--query") => match args.get(1).map(|q| crate::output::query(q, &state)) {
            Some(Ok(v)) => v,
            Some(Err(e)) => return Outcome::error(&format!("{e}\n"), 255),
            None => return Outcome::error("usage: sandbox state [--query JMESPATH]\n", 2),
        },
        Some(other) => return Outcome::error(&format!("sandbox state: unknown option '{other}' (usage: sandbox state [--query JMESPATH])\n"), 2),
    };
    Outcome::ok(crate::output::json(&shown))
}

/// `sandbox adopt-id OLD NEW`: a resource takes the course's ID.
fn adopt_id(world: &mut World, old: &str, new: &str) -> Outcome {
    let Some(old_id) = resolve_id(world, old) else {
        return Outcome::error(&format!("sandbox adopt-id: nothing is called {old}\n"), 2);
    };
    match world.adopt_id(&old_id, new) {
        Ok(()) => Outcome::ok(format!(
            "{old_id} is now {new} (a sandbox set-up step, so the course's IDs work verbatim)\n"
        )),
        Err(e) => Outcome::error(&format!("sandbox adopt-id: {e}\n"), 2),
    }
}

/// An ID as given, or `subnet@us-east-1a`, `vpc@default`, `sg@default`: the default resources of
/// a fresh account.
fn resolve_id(world: &World, name: &str) -> Option<String> {
    let e = world.ec2();
    let default_vpc = || e.vpcs().iter().find(|v| v.is_default);
    match name.split_once('@') {
        Some(("subnet", zone)) => e
            .subnets()
            .iter()
            .find(|s| s.default_for_az && s.availability_zone == zone)
            .map(|s| s.subnet_id.clone()),
        Some(("vpc", "default")) => default_vpc().map(|v| v.vpc_id.clone()),
        Some(("sg", "default")) => {
            let vpc = default_vpc().map(|v| v.vpc_id.as_str());
            e.security_groups()
                .iter()
                .find(|g| g.group_name == "default" && Some(g.vpc_id.as_str()) == vpc)
                .map(|g| g.group_id.clone())
        }
        Some(_) => None,
        None => Some(name.to_string()),
    }
}

/// `sandbox cost`: the instances' hourly prices, and the running tasks priced as Fargate.
fn cost(world: &World) -> String {
    use ecs_sandbox_engine::pricing::dollars;
    let r = world.cost_report();
    let mut s = String::from(
        "EC2 container instances (you pay for the instances, whatever runs on them):\n",
    );
    for (id, t, p) in &r.instances {
        s.push_str(&format!("  {id:<22} {t:<11} {}/hour\n", dollars(*p)));
    }
    s.push_str(&format!(
        "  total {}/hour\n\nRunning tasks, priced as Fargate would bill them (vCPU and memory rounded up to a Fargate size):\n",
        dollars(r.ec2_total)
    ));
    for (id, cpu, mem, lt, p) in &r.tasks {
        let lt = if *lt == ecs_sandbox_engine::ecs::LaunchType::Fargate {
            "FARGATE"
        } else {
            "EC2"
        };
        s.push_str(&format!(
            "  {id}  {cpu:>5} CPU units {mem:>6} MiB  {lt:<8} {}/hour\n",
            dollars(*p)
        ));
    }
    s.push_str(&format!(
        "  total {}/hour on Fargate (of which {}/hour already runs there)\n\nPrices: {}.\n",
        dollars(r.fargate_equivalent),
        dollars(r.fargate_running),
        ecs_sandbox_engine::pricing::PRICES_NOTE
    ));
    s
}

/// `sandbox rule NAME`: a rule's schedule, next firing and history.
fn rule(world: &World, name: &str) -> Outcome {
    let Some(r) = world.events().rules().iter().find(|r| r.name == name) else {
        return Outcome::error(&format!("sandbox rule: no rule '{name}'\n"), 2);
    };
    let mut s = format!(
        "Rule {} ({}), {}\nNext firing: {}\n",
        r.name,
        if r.state == ecs_sandbox_engine::events::RuleState::Enabled {
            "ENABLED"
        } else {
            "DISABLED"
        },
        r.schedule_expression.as_deref().unwrap_or("event pattern"),
        r.next_fire
            .map(|t| iso8601(t as i64))
            .unwrap_or_else(|| "none".into())
    );
    if r.history.is_empty() {
        s.push_str("It has not fired yet.\n");
    }
    for h in &r.history {
        s.push_str(&format!("  {h}\n"));
    }
    Outcome::ok(s)
}

/// `sandbox explain TASK | SERVICE`: why a task is where it is, or why a service's last task could
/// not be placed.
fn explain(world: &World, name: &str) -> Outcome {
    match world.task_decision(name) {
        Some((task, None)) if let Some(z) = task.zone_choice.as_deref() => {
            Outcome::ok(explain_zone_choice(task, z))
        }
        Some((task, None)) => Outcome::ok(format!(
            "Task {} has no placement decision: it was not placed on an instance (a Fargate task), or it was saved by an older ecs-sandbox.\n",
            task.id
        )),
        Some((task, Some(d))) => {
            Outcome::ok(explain_decision(world, &format!("Task {}", task.id), d))
        }
        None => explain_service(world, name),
    }
}

/// A Fargate task's zone: the subnets, the group's tasks in each, and the choice.
fn explain_zone_choice(task: &Task, z: &ZoneChoice) -> String {
    let mut s = format!("Task {} (group {}) runs on Fargate: there is no instance to choose, only a zone.\n\n{:<28} {:<11} Tasks of the group\n", task.id, z.group, "Subnet", "AZ");
    for (subnet, zone, n) in &z.subnets {
        let chosen = if *subnet == z.chosen { "  chosen" } else { "" };
        s.push_str(&format!("{subnet:<28} {zone:<11} {n:>5}{chosen}\n"));
    }
    let tie = if z.tied > 1 {
        format!(" ({} zones tied: picked at random)", z.tied)
    } else {
        String::new()
    };
    s.push_str(&format!(
        "\nChosen: {}{tie}.\n{} (a model).\n",
        z.chosen,
        ZoneChoice::MODEL
    ));
    s
}

/// A service's last unplaced task, or that it has none.
fn explain_service(world: &World, name: &str) -> Outcome {
    let Some(svc) = world
        .ecs()
        .services()
        .iter()
        .rev()
        .find(|s| s.name == name || s.arn == name)
    else {
        return Outcome::error(
            &format!("sandbox explain: no task or service '{name}'\n"),
            2,
        );
    };
    match &svc.last_unplaced {
        Some(d) => Outcome::ok(explain_decision(
            world,
            &format!("The last task service {} could not place", svc.name),
            d,
        )),
        None => Outcome::ok(format!(
            "Service {} has no unplaced task: {} running of {} desired. `sandbox explain TASK` shows why a task is where it is.\n",
            svc.name,
            world
                .ecs()
                .tasks()
                .iter()
                .filter(|x| x.cluster == svc.cluster
                    && x.group == svc.group()
                    && x.last_status == ecs_sandbox_engine::ecs::TaskStatus::Running)
                .count(),
            svc.desired_count
        )),
    }
}

const HTTP_OK: &str =
    "HTTP/1.1 200 OK (sandbox model: the application answers every path with 200)\n";

/// What `curl` was asked: the method, headers and URL.
struct CurlRequest {
    method: String,
    headers: Vec<(String, String)>,
    url: Option<String>,
}

fn parse_curl_args(args: &[String]) -> CurlRequest {
    let mut request = CurlRequest {
        method: "GET".to_string(),
        headers: vec![],
        url: None,
    };
    let mut i = 0;
    while i < args.len() {
        match args[i].as_str() {
            "-X" | "--request" => {
                request.method = args.get(i + 1).cloned().unwrap_or_default();
                i += 2;
            }
            "-H" | "--header" => {
                if let Some((k, v)) = args.get(i + 1).and_then(|h| h.split_once(':')) {
                    request
                        .headers
                        .push((k.trim().to_string(), v.trim().to_string()));
                }
                i += 2;
            }
            "-s" | "-i" | "-v" | "-L" | "--silent" => i += 1,
            other => {
                request.url = Some(other.to_string());
                i += 1;
            }
        }
    }
    request
}

/// A URL's parts as curl reads them.
struct Url {
    scheme: String,
    authority: String,
    host: String,
    port: u16,
    /// The path and query as given (`/` when there is none).
    path_query: String,
    path: String,
    query: String,
}

/// Splits a URL (the scheme defaults to http, the port to the scheme's); an error is curl's.
fn parse_url(url: &str) -> Result<Url, Outcome> {
    let (scheme, rest) = match url.split_once("://") {
        Some((s, r)) => (s.to_ascii_lowercase(), r.to_string()),
        None => ("http".to_string(), url.to_string()),
    };
    let (authority, path_query) = match rest.find('/') {
        Some(p) => (rest[..p].to_string(), rest[p..].to_string()),
        None => (rest.clone(), "/".to_string()),
    };
    let (host, port) = match authority.rsplit_once(':') {
        Some((h, p)) => match p.parse::<u16>() {
            Ok(p) => (h.to_string(), p),
            Err(_) => return Err(Outcome::error("curl: (3) URL rejected: Port number was not a decimal number between 0 and 65535\n", 3)),
        },
        None => (authority.clone(), if scheme == "https" { 443 } else { 80 }),
    };
    let (path, query) = path_query
        .split_once('?')
        .map(|(p, q)| (p.to_string(), q.to_string()))
        .unwrap_or((path_query.clone(), String::new()));
    Ok(Url {
        scheme,
        authority,
        host,
        port,
        path_query,
        path,
        query,
    })
}

/// The hops of a request, one a line, arrows after the first.
fn push_steps(out: &mut String, steps: &[String]) {
    for (n, step) in steps.iter().enumerate() {
        out.push_str(&format!("  {}{step}\n", if n == 0 { "" } else { "→ " }));
    }
}

/// curl's exit 7, after the hops printed so far.
fn failed_to_connect(out: String, url: &Url) -> Outcome {
    Outcome {
        stdout: out,
        stderr: format!(
            "curl: (7) Failed to connect to {} port {}\n",
            url.host, url.port
        ),
        exit_code: 7,
    }
}

/// `curl [-X METHOD] [-H 'Name: value'] URL`: a simulated request through a load balancer, printed
/// hop by hop (the sandbox's model of ALB routing; the application is assumed to answer 200).
pub fn curl(world: &mut World, args: &[String]) -> Outcome {
    let CurlRequest {
        method,
        headers,
        url,
    } = parse_curl_args(args);
    let Some(url) = url else {
        return Outcome::error(
            "usage: curl [-X METHOD] [-H 'Name: value'] http://LOAD-BALANCER-DNS/path\n",
            2,
        );
    };
    let url = match parse_url(&url) {
        Ok(url) => url,
        Err(outcome) => return outcome,
    };
    let mut out = format!(
        "{method} {}://{}{}\n",
        url.scheme, url.authority, url.path_query
    );
    if !world
        .elbv2()
        .load_balancers()
        .iter()
        .any(|l| l.dns_name.eq_ignore_ascii_case(&url.host))
    {
        return curl_direct(world, out, &url, &method);
    }
    let request = ecs_sandbox_engine::elbv2::routing::Request {
        host: &url.host,
        port: url.port,
        path: &url.path,
        query: &url.query,
        method: &method,
        headers: &headers,
        source_ip: ecs_sandbox_engine::cross_service::reachability::CLIENT_IP,
    };
    let route = world.route(&request);
    push_steps(&mut out, &route.steps);
    match route.status {
        0 => failed_to_connect(out, &url),
        200 => {
            out.push_str(HTTP_OK);
            Outcome::ok(out)
        }
        s => {
            out.push_str(&format!("HTTP/1.1 {s}\n"));
            Outcome::ok(out)
        }
    }
}

/// Straight to an instance or a task: security groups, then whatever listens on the port.
fn curl_direct(world: &mut World, mut out: String, url: &Url, method: &str) -> Outcome {
    let (ok, steps) = match world.send_direct(method, &url.host, url.port, &url.path) {
        Ok(s) => (true, s),
        Err(s) => (false, s),
    };
    push_steps(&mut out, &steps);
    if ok {
        out.push_str(HTTP_OK);
        return Outcome::ok(out);
    }
    failed_to_connect(out, url)
}

/// The placement record as a table: each instance and the first filter it failed, the failure
/// counts by cause, each strategy step with its scores, and the choice.
fn explain_decision(
    world: &World,
    subject: &str,
    d: &ecs_sandbox_engine::placement::Decision,
) -> String {
    let all = world.ecs().container_instances();
    let ec2_id = |v: &ecs_sandbox_engine::placement::InstanceVerdict| {
        v.instance(all).map_or("?", |c| c.ec2_instance_id.as_str())
    };
    let mut s = format!(
        "{subject} ({}, group {}) needs {} CPU units, {} MiB{}.\n\nInstance                                 AZ          CPU left  MiB left  Result\n",
        d.task_definition_arn.rsplit('/').next().unwrap_or(""),
        d.group,
        d.cpu,
        d.memory,
        if d.static_ports.is_empty() {
            String::new()
        } else {
            format!(", host ports {}", d.static_ports.iter().map(|(p, pr)| format!("{p}/{}", pr.as_str())).collect::<Vec<_>>().join(", "))
        }
    );
    for v in &d.verdicts {
        let result = match (v.failed, &v.detail) {
            (None, _) => "passed every filter".to_string(),
            (Some(f), Some(detail)) => format!("{} ({detail})", f.as_str()),
            (Some(f), None) => f.as_str().to_string(),
        };
        let zone = v
            .instance(all)
            .map_or("?", |c| c.availability_zone.as_str());
        s.push_str(&format!(
            "{:<40} {zone:<11} {:>8}  {:>8}  {result}\n",
            ec2_id(v),
            v.remaining_cpu,
            v.remaining_memory
        ));
    }
    let mut causes: Vec<(String, usize)> = vec![];
    for v in d.verdicts.iter().filter(|v| v.failed.is_some()) {
        let cause = v
            .detail
            .clone()
            .map(|x| x.split(':').next().unwrap_or("").to_string())
            .filter(|c| c.starts_with("memberOf") || c.starts_with("distinctInstance"))
            .unwrap_or_else(|| v.failed.map(|f| f.as_str().to_string()).unwrap_or_default());
        match causes.iter_mut().find(|(c, _)| *c == cause) {
            Some(entry) => entry.1 += 1,
            None => causes.push((cause, 1)),
        }
    }
    if !causes.is_empty() {
        let total = d.verdicts.len();
        let parts: Vec<String> = causes
            .iter()
            .map(|(c, n)| format!("{c} on {n} of {total} instance(s)"))
            .collect();
        s.push_str(&format!("\nFiltered out: {}\n", parts.join("; ")));
    }
    let ec2_of = |arn: &str| {
        all.iter()
            .find(|c| c.arn == arn)
            .map(|c| c.ec2_instance_id.clone())
            .unwrap_or_else(|| arn.to_string())
    };
    for step in &d.strategy_steps {
        s.push_str(&format!("\n{}: {}\n", step.strategy, step.note));
        for (i, score) in &step.scored {
            let kept = if step.kept_verdicts.contains(i) {
                "kept"
            } else {
                ""
            };
            let instance = d.verdict(*i).map_or("?", ec2_id);
            s.push_str(&format!("  {instance:<40} {score:>8}  {kept}\n"));
        }
    }
    s.push_str(&format!(
        "\nChosen: {}\n",
        d.chosen
            .as_deref()
            .map(ec2_of)
            .unwrap_or_else(|| "none: no instance passed every filter".into())
    ));
    s
}
