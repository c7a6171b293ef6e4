//! The CLI's automatic pagination (awscli/customizations/paginate.py, over botocore's paginator):
//! `--starting-token`, `--page-size` and `--max-items` on operations with a paginator; the CLI
//! follows the output token, merges the result lists, then applies `--starting-token` /
//! `--max-items` (the NextToken it prints is the CLI's own token format).

use crate::arguments::Argument;
use crate::cli::{Cli, Failure, ServiceOperation, EXIT_OTHER};
use crate::convert;
use crate::customizations::CustomArgument;
use crate::model::{Operation, Paginator, ShapeType};
use crate::Outcome;
use serde_json::{json, Value};

/// `--starting-token`, `--page-size`, `--max-items`.
#[derive(Debug, Default, Clone)]
pub(crate) struct Paging {
    pub(crate) starting_token: Option<String>,
    pub(crate) page_size: Option<i64>,
    pub(crate) max_items: Option<i64>,
}

/// One of the paging options.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum PagingOption {
    StartingToken,
    PageSize,
    MaxItems,
}

/// `--page-size` when the paginator has a limit key; `--starting-token` and `--max-items` on every
/// paginated operation.
pub(crate) fn add_arguments(operation: ServiceOperation, table: &mut Vec<Argument>) {
    let paginator = operation.operation.paginator.as_ref();
    if paginator.is_some_and(|p| p.limit_key.is_some()) {
        table.push(Argument::custom(
            "--page-size",
            CustomArgument::Paging(PagingOption::PageSize),
        ));
    }
    if paginator.is_some() {
        table.push(Argument::custom(
            "--starting-token",
            CustomArgument::Paging(PagingOption::StartingToken),
        ));
        table.push(Argument::custom(
            "--max-items",
            CustomArgument::Paging(PagingOption::MaxItems),
        ));
    }
}

/// Keeps an option's value for the paging (the sizes are integers).
pub(crate) fn add_to_params(
    option: PagingOption,
    value: &str,
    paging: &mut Paging,
) -> Result<(), Outcome> {
    if option == PagingOption::StartingToken {
        paging.starting_token = Some(value.to_string());
        return Ok(());
    }
    let n = convert::scalar(ShapeType::Integer, value)
        .map_err(|e| Outcome::error(&format!("\n{e}\n"), EXIT_OTHER))?;
    let n = n.as_i64().unwrap_or(0);
    if option == PagingOption::PageSize {
        paging.page_size = Some(n);
    } else {
        paging.max_items = Some(n);
    }
    Ok(())
}

/// The paginator to page with: none when the operation has none, or when the request names one of
/// its token or limit parameters itself (then the CLI makes one call, as the learner asked).
pub(crate) fn paginator_to_use<'m>(
    operation: &'m Operation,
    params: &Value,
) -> Option<&'m Paginator> {
    operation.paginator.as_ref().filter(|p| {
        !p.input_token
            .all()
            .iter()
            .chain(
                p.limit_key
                    .iter()
                    .map(|s| s.as_str())
                    .collect::<Vec<_>>()
                    .iter(),
            )
            .any(|t| params.get(*t).is_some())
    })
}

impl Cli<'_> {
    /// Every page of the operation, merged, then cut by `--starting-token` / `--max-items`.
    pub(crate) fn paginate(
        &mut self,
        operation: ServiceOperation,
        params: Value,
        p: &Paginator,
        paging: &Paging,
    ) -> Result<Value, Failure> {
        let (mut request, skip) = first_request(params, p, paging)?;
        let results = p.result_key.all();
        let mut merged: Option<Value> = None;
        for _ in 0..1000 {
            let page = self.invoke(operation, request.clone())?;
            let next: Vec<(String, Value)> = p
                .output_token
                .all()
                .iter()
                .filter_map(|t| {
                    page.get(*t)
                        .filter(|v| !v.is_null())
                        .map(|v| (t.to_string(), v.clone()))
                })
                .collect();
            match merged.as_mut() {
                None => merged = Some(page),
                Some(acc) => {
                    for r in &results {
                        if let (Some(Value::Array(more)), Some(Value::Array(all))) =
                            (page.get(*r).cloned(), acc.get_mut(*r))
                        {
                            all.extend(more);
                        }
                    }
                }
            }
            if next.is_empty() {
                break;
            }
            for (t, v) in next {
                request[t.as_str()] = v;
            }
        }
        let mut out = merged.unwrap_or_else(|| json!({}));
        if let Some(o) = out.as_object_mut() {
            for t in p.output_token.all() {
                o.remove(t);
            }
        }
        truncate(&mut out, &results, skip, paging);
        Ok(out)
    }
}

/// The first page's request: where `--starting-token` resumes (and how many items it skips), the
/// page size.
fn first_request(params: Value, p: &Paginator, paging: &Paging) -> Result<(Value, usize), Failure> {
    let usage = |msg: String| Failure {
        outcome: Outcome::error(&format!("\n{msg}\n"), EXIT_OTHER),
        service_error: None,
    };
    let mut skip = 0usize;
    let mut request = params;
    if let Some(token) = &paging.starting_token {
        let decoded = ecs_sandbox_engine::wire::base64_decode(token)
            .and_then(|t| serde_json::from_str::<Value>(&t).ok())
            .ok_or_else(|| usage(format!("Bad starting token: {token}")))?;
        skip = decoded
            .get("boto_truncate_amount")
            .and_then(|v| v.as_u64())
            .unwrap_or(0) as usize;
        for t in p.input_token.all() {
            if let Some(v) = decoded.get(t) {
                request[t] = v.clone();
            }
        }
    }
    if let (Some(size), Some(limit)) = (paging.page_size, &p.limit_key) {
        request[limit.as_str()] = json!(size);
    }
    Ok((request, skip))
}

/// Skips what `--starting-token` already showed and keeps `--max-items`; when items are left, the
/// CLI's own NextToken says where to resume.
fn truncate(out: &mut Value, results: &[&str], skip: usize, paging: &Paging) {
    let mut truncated = false;
    for r in results {
        if let Some(Value::Array(items)) = out.get_mut(*r) {
            let rest: Vec<Value> = items.drain(..).skip(skip).collect();
            *items = rest;
            if let Some(max) = paging.max_items {
                if items.len() > max.max(0) as usize {
                    items.truncate(max.max(0) as usize);
                    truncated = true;
                }
            }
        }
    }
    if truncated {
        let amount = skip + paging.max_items.unwrap_or(0).max(0) as usize;
        let token = json!({"boto_truncate_amount": amount});
        out["NextToken"] = json!(ecs_sandbox_engine::wire::base64_encode(
            token.to_string().as_bytes()
        ));
    }
}
