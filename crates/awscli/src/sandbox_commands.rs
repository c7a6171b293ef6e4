//! Commands of the sandbox itself (not AWS): the clock and explanations.

use crate::Outcome;
use ecs_sandbox_engine::clock::{iso8601, parse_duration};
use ecs_sandbox_engine::World;

pub fn run(world: &mut World, args: &[String]) -> Outcome {
    match args.first().map(|s| s.as_str()) {
        Some("advance") => match args.get(1).and_then(|d| parse_duration(d)) {
            Some(ms) if ms <= 30 * 24 * 3_600_000 => {
                world.advance(ms);
                Outcome::ok(format!("Virtual time is now {}\n", iso8601(world.now as i64)))
            }
            Some(_) => Outcome::error("sandbox advance: at most 30 days at a time\n", 2),
            None => Outcome::error("usage: sandbox advance DURATION   (e.g. 30s, 5m, 1h30m)\n", 2),
        },
        Some("now") => Outcome::ok(format!("{}\n", iso8601(world.now as i64))),
        Some("rule") => match args.get(1) {
            None => Outcome::error("usage: sandbox rule RULE_NAME\n", 2),
            Some(name) => match world.events.rules.iter().find(|r| &r.name == name) {
                None => Outcome::error(&format!("sandbox rule: no rule '{name}'\n"), 2),
                Some(r) => {
                    let mut s = format!(
                        "Rule {} ({}), {}\nNext firing: {}\n",
                        r.name,
                        if r.state == ecs_sandbox_engine::events::RuleState::Enabled { "ENABLED" } else { "DISABLED" },
                        r.schedule_expression.as_deref().unwrap_or("event pattern"),
                        r.next_fire.map(|t| iso8601(t as i64)).unwrap_or_else(|| "none".into())
                    );
                    if r.history.is_empty() {
                        s.push_str("It has not fired yet.\n");
                    }
                    for h in &r.history {
                        s.push_str(&format!("  {h}\n"));
                    }
                    Outcome::ok(s)
                }
            },
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
            None => Outcome::error("usage: sandbox explain TASK_ID_OR_ARN\n", 2),
            Some(t) => match world.task_decision(t) {
                None => Outcome::error(&format!("sandbox explain: no task '{t}'\n"), 2),
                Some((task, None)) => Outcome::ok(format!("Task {} was not placed by the placement engine.\n", task.id)),
                Some((task, Some(d))) => {
                    let mut s = format!(
                        "Task {} ({}) needs {} CPU units, {} MiB{}.\n\nInstance                                 AZ          CPU left  MiB left  Result\n",
                        task.id,
                        d.task_definition_arn.rsplit('/').next().unwrap_or(""),
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
                        s.push_str(&format!("{:<40} {:<11} {:>8}  {:>8}  {result}\n", v.ec2_instance_id, v.availability_zone, v.remaining_cpu, v.remaining_memory));
                    }
                    let ec2_of = |arn: &str| d.verdicts.iter().find(|v| v.container_instance_arn == arn).map(|v| v.ec2_instance_id.clone()).unwrap_or_else(|| arn.to_string());
                    for step in &d.strategy_steps {
                        s.push_str(&format!("\n{}: {}\n", step.strategy, step.note));
                        for (arn, score) in &step.scores {
                            let kept = if step.kept.contains(arn) { "kept" } else { "" };
                            s.push_str(&format!("  {:<40} {score:>8}  {kept}\n", ec2_of(arn)));
                        }
                    }
                    s.push_str(&format!("\nChosen: {}\n", d.chosen.as_deref().map(ec2_of).unwrap_or_else(|| "none".into())));
                    Outcome::ok(s)
                }
            },
        },
        _ => Outcome::error("usage: sandbox advance DURATION | now | explain TASK | rule NAME | az-down ZONE | az-up ZONE\n", 2),
    }
}
