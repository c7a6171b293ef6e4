//! Routing a simulated HTTP request through an Application Load Balancer: listener → rules in
//! priority order (path-pattern, host-header, http-header, method, query-string, source-ip) →
//! action → target group → a healthy target, round-robin → the task behind it
//! (docs/load-balancing.md#routing).

use crate::elbv2::rule_matching::listener_actions;
use crate::elbv2::state::{ActionKind, LbState, RegisteredTarget, RequestPath};
use crate::world::World;
// The request is defined beside the rules it is matched against; its path here is the one callers
// know.
pub use crate::elbv2::rule_matching::Request;

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
        let target_group = route.target_group.as_ref().and_then(|arn| {
            let tg = self.elbv2.target_groups.iter().find(|t| &t.arn == arn);
            tg.map(|t| t.name.clone())
        });
        let sent = crate::activity::Sent {
            method: r.method.to_string(),
            host: r.host.to_string(),
            port: r.port,
            path: r.path.to_string(),
            status: route.status,
            target_group,
            task: route.task.clone(),
        };
        let now = self.now;
        self.activity
            .record(now, crate::activity::Did::Request(sent));
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
