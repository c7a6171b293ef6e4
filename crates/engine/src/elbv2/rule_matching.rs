//! ALB rule matching: a request against a listener's rules in priority order, each condition
//! (path-pattern, host-header, http-header, method, query-string, source-ip) with ALB's wildcards;
//! the first rule whose conditions all hold gives the actions (docs/load-balancing.md#conditions).

use crate::elbv2::state::{Action, ConditionKind, Listener};

/// The actions of the first listener rule whose conditions all match (each rule's verdict is a
/// step), else the listener's default actions.
pub(crate) fn listener_actions(
    listener: &Listener,
    r: &Request,
    steps: &mut Vec<String>,
) -> Vec<Action> {
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

pub(crate) fn condition_matches(c: &ConditionKind, r: &Request) -> bool {
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

pub(crate) fn describe_condition(c: &ConditionKind) -> String {
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

pub struct Request<'a> {
    pub host: &'a str,
    pub port: u16,
    pub path: &'a str,
    pub query: &'a str,
    pub method: &'a str,
    pub headers: &'a [(String, String)],
    pub source_ip: &'a str,
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
