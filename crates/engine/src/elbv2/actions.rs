//! Listener and rule actions (forward, fixed-response, redirect) and rule conditions: read from
//! requests and written back as ELBv2 shows them.

use crate::elbv2::requests::err;
use crate::elbv2::state::{Action, ActionKind, ConditionKind};
use crate::error::{AwsResult, ErrorCode};
use crate::world::World;
use serde::Deserialize;
use serde_json::{json, Value};

#[derive(Debug, Deserialize, Default, Clone)]
#[serde(rename_all = "PascalCase")]
pub struct ActionIn {
    #[serde(rename = "Type")]
    pub kind: Option<String>,
    pub target_group_arn: Option<String>,
    pub forward_config: Option<ForwardConfigIn>,
    pub fixed_response_config: Option<FixedResponseIn>,
    pub redirect_config: Option<RedirectIn>,
    pub order: Option<i64>,
}

#[derive(Debug, Deserialize, Default, Clone)]
#[serde(rename_all = "PascalCase")]
pub struct ForwardConfigIn {
    #[serde(default)]
    pub target_groups: Vec<WeightedTg>,
}

#[derive(Debug, Deserialize, Default, Clone)]
#[serde(rename_all = "PascalCase")]
pub struct WeightedTg {
    pub target_group_arn: Option<String>,
    pub weight: Option<i64>,
}

#[derive(Debug, Deserialize, Default, Clone)]
#[serde(rename_all = "PascalCase")]
pub struct FixedResponseIn {
    pub status_code: Option<String>,
    pub content_type: Option<String>,
    pub message_body: Option<String>,
}

#[derive(Debug, Deserialize, Default, Clone)]
#[serde(rename_all = "PascalCase")]
pub struct RedirectIn {
    pub status_code: Option<String>,
    pub protocol: Option<String>,
    pub host: Option<String>,
    pub port: Option<String>,
    pub path: Option<String>,
    pub query: Option<String>,
}

#[derive(Debug, Deserialize, Default, Clone)]
#[serde(rename_all = "PascalCase")]
pub struct ConditionIn {
    pub field: Option<String>,
    #[serde(default)]
    pub values: Vec<String>,
    pub path_pattern_config: Option<ValuesIn>,
    pub host_header_config: Option<ValuesIn>,
    pub http_request_method_config: Option<ValuesIn>,
    pub source_ip_config: Option<ValuesIn>,
    pub http_header_config: Option<HttpHeaderIn>,
    pub query_string_config: Option<QueryStringIn>,
}

#[derive(Debug, Deserialize, Default, Clone)]
#[serde(rename_all = "PascalCase")]
pub struct ValuesIn {
    #[serde(default)]
    pub values: Vec<String>,
}

#[derive(Debug, Deserialize, Default, Clone)]
#[serde(rename_all = "PascalCase")]
pub struct HttpHeaderIn {
    pub http_header_name: Option<String>,
    #[serde(default)]
    pub values: Vec<String>,
}

#[derive(Debug, Deserialize, Default, Clone)]
#[serde(rename_all = "PascalCase")]
pub struct QueryStringIn {
    #[serde(default)]
    pub values: Vec<KeyValueIn>,
}

#[derive(Debug, Deserialize, Default, Clone)]
#[serde(rename_all = "PascalCase")]
pub struct KeyValueIn {
    pub key: Option<String>,
    pub value: Option<String>,
}

pub fn action_json(a: &Action) -> Value {
    let mut v = match &a.kind {
        ActionKind::Forward(groups) => {
            let mut v = json!({
                "Type": "forward",
                "ForwardConfig": {
                    "TargetGroups": groups.iter().map(|(arn, w)| json!({"TargetGroupArn": arn, "Weight": w})).collect::<Vec<_>>(),
                    "TargetGroupStickinessConfig": {"Enabled": false}
                }
            });
            if groups.len() == 1 {
                v["TargetGroupArn"] = json!(groups[0].0);
            }
            v
        }
        ActionKind::FixedResponse {
            status,
            content_type,
            body,
        } => crate::wire::strip_nulls(json!({
            "Type": "fixed-response",
            "FixedResponseConfig": {"StatusCode": status, "ContentType": content_type, "MessageBody": body}
        })),
        ActionKind::Redirect {
            status,
            protocol,
            host,
            port,
            path,
            query,
        } => json!({
            "Type": "redirect",
            "RedirectConfig": {
                "Protocol": protocol.clone().unwrap_or_else(|| "#{protocol}".into()),
                "Port": port.clone().unwrap_or_else(|| "#{port}".into()),
                "Host": host.clone().unwrap_or_else(|| "#{host}".into()),
                "Path": path.clone().unwrap_or_else(|| "/#{path}".into()),
                "Query": query.clone().unwrap_or_else(|| "#{query}".into()),
                "StatusCode": status,
            }
        }),
    };
    if let (Some(o), Some(order)) = (v.as_object_mut(), a.order) {
        o.insert("Order".into(), json!(order));
    }
    v
}

pub fn condition_json(c: &ConditionKind) -> Value {
    match c {
        ConditionKind::PathPattern(v) => {
            json!({"Field": "path-pattern", "Values": v, "PathPatternConfig": {"Values": v}})
        }
        ConditionKind::HostHeader(v) => {
            json!({"Field": "host-header", "Values": v, "HostHeaderConfig": {"Values": v}})
        }
        ConditionKind::HttpHeader(name, v) => {
            json!({"Field": "http-header", "HttpHeaderConfig": {"HttpHeaderName": name, "Values": v}})
        }
        ConditionKind::Method(v) => {
            json!({"Field": "http-request-method", "HttpRequestMethodConfig": {"Values": v}})
        }
        ConditionKind::QueryString(v) => {
            json!({"Field": "query-string", "QueryStringConfig": {"Values": v.iter().map(|(k, val)| crate::wire::strip_nulls(json!({"Key": k, "Value": val}))).collect::<Vec<_>>()}})
        }
        ConditionKind::SourceIp(v) => {
            json!({"Field": "source-ip", "SourceIpConfig": {"Values": v}})
        }
    }
}

impl World {
    /// Typed actions; forward targets must exist and be usable by this load balancer.
    pub(crate) fn parse_actions(
        &self,
        actions: &[ActionIn],
        lb_arn: &str,
    ) -> AwsResult<Vec<Action>> {
        if actions.is_empty() {
            return Err(err(
                ErrorCode::ValidationError,
                "At least one action must be specified. (sandbox wording)",
            ));
        }
        let mut out = vec![];
        for a in actions {
            let kind = match a.kind.as_deref() {
                Some("forward") => {
                    let mut groups: Vec<(String, i64)> = vec![];
                    if let Some(arn) = &a.target_group_arn {
                        groups.push((arn.clone(), 1));
                    }
                    if let Some(fc) = &a.forward_config {
                        for g in &fc.target_groups {
                            if let Some(arn) = &g.target_group_arn {
                                if !groups.iter().any(|(x, _)| x == arn) {
                                    groups.push((arn.clone(), g.weight.unwrap_or(1)));
                                }
                            }
                        }
                    }
                    if groups.is_empty() {
                        return Err(err(ErrorCode::ValidationError, "A target group ARN must be specified for a forward action. (sandbox wording)"));
                    }
                    for (g, _) in &groups {
                        let tg = &self.elbv2.target_groups[self.tg_index(g)?];
                        let lbs = self.load_balancers_of(g);
                        if lbs.iter().any(|l| l != lb_arn) {
                            return Err(err(ErrorCode::TargetGroupAssociationLimit, format!("The following target groups cannot be associated with more than one load balancer: {g}")));
                        }
                        let lb = &self.elbv2.load_balancers[self.lb_index(lb_arn)?];
                        if tg.vpc_id.as_deref() != Some(lb.vpc_id.as_str()) {
                            return Err(err(ErrorCode::InvalidConfigurationRequest, format!("The target group '{g}' is not in the load balancer's VPC. (sandbox wording)")));
                        }
                    }
                    ActionKind::Forward(groups)
                }
                Some("fixed-response") => {
                    let c = a.fixed_response_config.clone().unwrap_or_default();
                    let status = c.status_code.ok_or_else(|| err(ErrorCode::ValidationError, "A status code must be specified for a fixed-response action. (sandbox wording)"))?;
                    if !(status.len() == 3 && (status.starts_with('2') || status.starts_with('4') || status.starts_with('5')) && status.chars().all(|c| c.is_ascii_digit())) {
                        return Err(err(ErrorCode::ValidationError, format!("Fixed-response status code '{status}' must be 2XX, 4XX or 5XX. (sandbox wording)")));
                    }
                    ActionKind::FixedResponse { status, content_type: c.content_type, body: c.message_body }
                }
                Some("redirect") => {
                    let c = a.redirect_config.clone().unwrap_or_default();
                    let status = c.status_code.ok_or_else(|| err(ErrorCode::ValidationError, "A status code (HTTP_301 or HTTP_302) must be specified for a redirect action. (sandbox wording)"))?;
                    ActionKind::Redirect { status, protocol: c.protocol, host: c.host, port: c.port, path: c.path, query: c.query }
                }
                Some(k) if k.starts_with("authenticate") || k == "jwt-validation" => return Err(Self::not_yet(&format!("The {k} action"))),
                Some(other) => return Err(err(ErrorCode::ValidationError, format!("Action type '{other}' must be one of 'forward, redirect, fixed-response, authenticate-oidc, authenticate-cognito, jwt-validation'. (sandbox wording)"))),
                None => return Err(err(ErrorCode::ValidationError, "An action type must be specified. (sandbox wording)")),
            };
            out.push(Action {
                kind,
                order: a.order,
            });
        }
        Ok(out)
    }

    pub(crate) fn parse_conditions(conditions: &[ConditionIn]) -> AwsResult<Vec<ConditionKind>> {
        let mut out = vec![];
        let mut seen: Vec<String> = vec![];
        for c in conditions {
            let field = c.field.clone().ok_or_else(|| {
                err(
                    ErrorCode::ValidationError,
                    "A condition field must be specified. (sandbox wording)",
                )
            })?;
            let values = |cfg: &Option<ValuesIn>| {
                if c.values.is_empty() {
                    cfg.as_ref().map(|v| v.values.clone()).unwrap_or_default()
                } else {
                    c.values.clone()
                }
            };
            let kind = match field.as_str() {
                "path-pattern" => {
                    let v = values(&c.path_pattern_config);
                    if let Some(long) = v.iter().find(|p| p.len() > 128) {
                        return Err(err(ErrorCode::ValidationError, format!("The path pattern '{long}' is longer than 128 characters. (sandbox wording)")));
                    }
                    ConditionKind::PathPattern(v)
                }
                "host-header" => ConditionKind::HostHeader(values(&c.host_header_config)),
                "http-request-method" => ConditionKind::Method(values(&c.http_request_method_config)),
                "source-ip" => ConditionKind::SourceIp(values(&c.source_ip_config)),
                "http-header" => {
                    let h = c.http_header_config.clone().unwrap_or_default();
                    ConditionKind::HttpHeader(h.http_header_name.unwrap_or_default(), h.values)
                }
                "query-string" => ConditionKind::QueryString(
                    c.query_string_config.clone().unwrap_or_default().values.into_iter().map(|kv| (kv.key, kv.value.unwrap_or_default())).collect(),
                ),
                other => {
                    return Err(err(
                        ErrorCode::ValidationError,
                        format!(
                            "Condition field '{other}' must be one of '[http-header, http-request-method, host-header, path-pattern, query-string, source-ip]'"
                        ),
                    ))
                }
            };
            let empty = match &kind {
                ConditionKind::PathPattern(v)
                | ConditionKind::HostHeader(v)
                | ConditionKind::Method(v)
                | ConditionKind::SourceIp(v)
                | ConditionKind::HttpHeader(_, v) => v.is_empty(),
                ConditionKind::QueryString(v) => v.is_empty(),
            };
            if empty {
                return Err(err(
                    ErrorCode::ValidationError,
                    format!(
                        "A condition '{field}' must have at least one value. (sandbox wording)"
                    ),
                ));
            }
            if field != "http-header" && field != "query-string" {
                if seen.contains(&field) {
                    return Err(err(
                        ErrorCode::ValidationError,
                        format!("A rule can only have one '{field}' condition"),
                    ));
                }
                seen.push(field);
            }
            out.push(kind);
        }
        if out.is_empty() {
            return Err(err(
                ErrorCode::ValidationError,
                "A rule must have at least one condition. (sandbox wording)",
            ));
        }
        Ok(out)
    }
}
