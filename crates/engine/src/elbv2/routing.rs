//! Routing a simulated HTTP request through an Application Load Balancer: listener → rules in
//! priority order (path-pattern, host-header, http-header, method, query-string, source-ip) →
//! action → target group → a healthy target, round-robin → the task behind it
//! (docs/load-balancing.md#routing).

use crate::elbv2::state::{
    Action, ActionKind, ConditionKind, LbState, Listener, RegisteredTarget, RequestPath,
};
use crate::world::World;

/// What happened to one request, step by step.
#[derive(Debug, Clone, PartialEq)]
pub struct Route {
    pub steps: Vec<String>,
    pub status: u16,
    /// The task that answered (task id), if any.
    pub task: Option<String>,
    /// The target group the request was forwarded to, if it got that far.
    pub target_group: Option<String>,
}

impl Route {
    /// A request that ended here with `status` (0: no HTTP answer at all).
    fn ended(steps: Vec<String>, status: u16) -> Route {
        Route {
            steps,
            status,
            task: None,
            target_group: None,
        }
    }

    /// The same, once it had been forwarded to a target group.
    fn in_group(mut self, target_group: &str) -> Route {
        self.target_group = Some(target_group.to_string());
        self
    }
}

/// The actions of the first listener rule whose conditions all match (each rule's verdict is a
/// step), else the listener's default actions.
fn listener_actions(listener: &Listener, r: &Request, steps: &mut Vec<String>) -> Vec<Action> {
    let mut chosen: Option<Vec<Action>> = None;
    for rule in &listener.rules {
        let failed: Vec<String> = rule
            .conditions
            .iter()
            .filter(|c| !condition_matches(c, r))
            .map(describe_condition)
            .collect();
        let conds = rule
            .conditions
            .iter()
            .map(describe_condition)
            .collect::<Vec<_>>()
            .join(" AND ");
        if failed.is_empty() {
            steps.push(format!("rule {} ({conds}) matches", rule.priority));
            chosen = Some(rule.actions.clone());
            break;
        }
        steps.push(format!(
            "rule {} ({conds}) does not match: {}",
            rule.priority,
            failed.join(", ")
        ));
    }
    chosen.unwrap_or_else(|| {
        steps.push("no rule matched: the default action".into());
        listener.default_actions.clone()
    })
}

/// A simple glob: `*` any run, `?` one character (ALB path-pattern and host-header wildcards).
pub fn glob(pattern: &str, text: &str) -> bool {
    crate::ec2::filters::wildcard(pattern, text)
}

pub struct Request<'a> {
    pub host: &'a str,
    pub port: u16,
    pub path: &'a str,
    pub query: &'a str,
    pub method: &'a str,
    pub headers: &'a [(String, String)],
    pub source_ip: &'a str,
}

fn condition_matches(c: &ConditionKind, r: &Request) -> bool {
    match c {
        ConditionKind::PathPattern(v) => v.iter().any(|p| glob(p, r.path)),
        ConditionKind::HostHeader(v) => v
            .iter()
            .any(|p| glob(&p.to_ascii_lowercase(), &r.host.to_ascii_lowercase())),
        ConditionKind::Method(v) => v.iter().any(|m| m == r.method),
        ConditionKind::HttpHeader(name, v) => r.headers.iter().any(|(k, val)| {
            k.eq_ignore_ascii_case(name)
                && v.iter()
                    .any(|p| glob(&p.to_ascii_lowercase(), &val.to_ascii_lowercase()))
        }),
        ConditionKind::QueryString(pairs) => pairs.iter().any(|(k, v)| {
            r.query.split('&').filter(|kv| !kv.is_empty()).any(|kv| {
                let (qk, qv) = kv.split_once('=').unwrap_or((kv, ""));
                k.as_ref().is_none_or(|k| glob(k, qk)) && glob(v, qv)
            })
        }),
        ConditionKind::SourceIp(cidrs) => {
            let ip = crate::ec2::cidr::parse_ipv4(r.source_ip);
            cidrs
                .iter()
                .any(|c| match (crate::ec2::cidr::Cidr::parse(c), ip) {
                    (Some(cidr), Some(ip)) => cidr.contains(&crate::ec2::cidr::Cidr {
                        base: ip,
                        prefix: 32,
                    }),
                    _ => false,
                })
        }
    }
}

fn describe_condition(c: &ConditionKind) -> String {
    match c {
        ConditionKind::PathPattern(v) => format!("path-pattern {}", v.join(" | ")),
        ConditionKind::HostHeader(v) => format!("host-header {}", v.join(" | ")),
        ConditionKind::Method(v) => format!("http-request-method {}", v.join(" | ")),
        ConditionKind::HttpHeader(n, v) => format!("http-header {n}: {}", v.join(" | ")),
        ConditionKind::QueryString(v) => {
            format!(
                "query-string {}",
                v.iter()
                    .map(|(k, val)| format!("{}={val}", k.clone().unwrap_or_default()))
                    .collect::<Vec<_>>()
                    .join(" | ")
            )
        }
        ConditionKind::SourceIp(v) => format!("source-ip {}", v.join(" | ")),
    }
}

impl World {
    /// Sends one request through the load balancer whose DNS name is `r.host` (a model of what the
    /// ALB does).
    pub fn route(&mut self, r: &Request) -> Route {
        let route = self.route_request(r);
        self.last_request = self
            .elbv2
            .load_balancers
            .iter()
            .find(|l| l.dns_name.eq_ignore_ascii_case(r.host))
            .map(|lb| RequestPath {
                load_balancer: lb.arn.clone(),
                target_group: route.target_group.clone(),
                task: route.task.clone(),
            });
        route
    }

    fn route_request(&mut self, r: &Request) -> Route {
        let mut steps = vec![];
        let Some(lb) = self
            .elbv2
            .load_balancers
            .iter()
            .find(|l| l.dns_name.eq_ignore_ascii_case(r.host))
            .cloned()
        else {
            return Route::ended(
                vec![format!("no load balancer has the DNS name {}", r.host)],
                0,
            );
        };
        if lb.state != LbState::Active {
            steps.push(format!(
                "load balancer {} is still provisioning: the DNS name does not resolve yet",
                lb.name
            ));
            return Route::ended(steps, 0);
        }
        steps.push(format!("load balancer {} ({})", lb.name, lb.dns_name));
        let Some(listener) = self
            .elbv2
            .listeners
            .iter()
            .find(|l| l.load_balancer_arn == lb.arn && l.port == r.port)
            .cloned()
        else {
            steps.push(format!(
                "no listener on port {}: the connection is refused",
                r.port
            ));
            return Route::ended(steps, 0);
        };
        if let Err(why) = self.ingress_allows(&lb.security_groups, r.port) {
            steps.push(format!("load balancer security group: {why}"));
            return Route::ended(steps, 0);
        }
        steps.push(format!("listener {} :{}", listener.protocol, listener.port));
        let actions = listener_actions(&listener, r, &mut steps);
        let mut ordered = actions;
        ordered.sort_by_key(|a| a.order.unwrap_or(0));
        let Some(action) = ordered.last().cloned() else {
            return Route::ended(steps, 503);
        };
        match action.kind {
            ActionKind::FixedResponse { status, body, .. } => {
                steps.push(format!(
                    "fixed response {status}{}",
                    body.map(|b| format!(": {b}")).unwrap_or_default()
                ));
                Route::ended(steps, status.parse().unwrap_or(503))
            }
            ActionKind::Redirect {
                status,
                protocol,
                host,
                path,
                ..
            } => {
                let code: u16 = if status == "HTTP_302" { 302 } else { 301 };
                steps.push(format!(
                    "redirect {code} to {}://{}{}",
                    protocol
                        .unwrap_or_else(|| "#{protocol}".into())
                        .to_lowercase(),
                    host.unwrap_or_else(|| r.host.to_string()),
                    path.unwrap_or_else(|| r.path.to_string())
                ));
                Route::ended(steps, code)
            }
            ActionKind::Forward(groups) => self.forward(&groups, steps),
        }
    }

    /// A forward action: round robin over the target group's healthy targets, then the task behind
    /// the one picked.
    fn forward(&mut self, groups: &[(String, i64)], mut steps: Vec<String>) -> Route {
        // Weighted forward: the heaviest group (the sandbox does not split traffic by
        // weight yet).
        let Some((tg_arn, _)) = groups.iter().max_by_key(|(_, w)| *w).cloned() else {
            return Route::ended(steps, 503);
        };
        let Some(gi) = self
            .elbv2
            .target_groups
            .iter()
            .position(|t| t.arn == tg_arn)
        else {
            return Route::ended(steps, 503);
        };
        let tg = self.elbv2.target_groups[gi].clone();
        steps.push(format!(
            "forward to target group {} ({} targets registered)",
            tg.name,
            tg.targets.len()
        ));
        let healthy: Vec<&RegisteredTarget> = tg
            .targets
            .iter()
            .filter(|t| self.target_health(&tg, t).0 == "healthy")
            .collect();
        if healthy.is_empty() {
            steps.push("no healthy target: 503 Service Temporarily Unavailable".into());
            return Route::ended(steps, 503).in_group(&tg.arn);
        }
        let pick = healthy[tg.next_target % healthy.len()].clone();
        self.elbv2.target_groups[gi].next_target = tg.next_target.wrapping_add(1);
        steps.push(format!(
            "target {}:{} (round-robin, {} healthy)",
            pick.id,
            pick.port,
            healthy.len()
        ));
        match self.task_behind(&tg, &pick) {
            Some(task) => {
                let container = task
                    .containers
                    .iter()
                    .find_map(|c| {
                        c.network_bindings
                            .iter()
                            .find(|b| b.host_port == pick.port as i64)
                            .map(|b| format!("container {}:{}", c.name, b.container_port))
                    })
                    .unwrap_or_else(|| {
                        format!(
                            "container {}:{}",
                            task.containers
                                .first()
                                .map(|c| c.name.as_str())
                                .unwrap_or(""),
                            pick.port
                        )
                    });
                steps.push(format!("task {} → {container}", task.id));
                Route {
                    steps,
                    status: 200,
                    task: Some(task.id.clone()),
                    target_group: Some(tg.arn.clone()),
                }
            }
            None => {
                steps.push("nothing answers on that target: 502 Bad Gateway".into());
                Route::ended(steps, 502).in_group(&tg.arn)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::glob;

    #[test]
    fn path_patterns_as_alb_matches_them() {
        assert!(glob("/api/users*", "/api/users/42"));
        assert!(glob("/api/*", "/api/topics"));
        assert!(!glob("/api/*", "/img/logo.png"));
        assert!(glob("/a?c", "/abc"));
        assert!(!glob("/a?c", "/abbc"));
        assert!(
            !glob("/API/*", "/api/users"),
            "path patterns are case-sensitive"
        );
    }
}
