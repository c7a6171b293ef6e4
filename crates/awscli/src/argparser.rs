//! The CLI's argparse: an operation's words against its argument table — exact names, unique
//! prefixes (`--clu` for `--cluster`), `--name=value`, one value or many, flags — then the
//! required and the unknown options, with argparse's messages and order of errors. `parse_args`
//! runs these steps, then builds the request (argprocess.rs).

use crate::argprocess;
use crate::argument_hints;
use crate::arguments::{argument_table, Argument, ArgumentKind};
use crate::cli::{push_hints, usage_error, ServiceOperation, EXIT_USAGE, USAGE};
use crate::customizations::{paginate::Paging, CustomArgument};
use crate::suggest;
use crate::{Files, Outcome};
use serde_json::Value;

/// An operation's arguments, ready for the call.
pub(crate) struct ParsedArgs {
    /// The request.
    pub(crate) params: Value,
    /// `--generate-cli-skeleton`'s value: print this skeleton instead of calling.
    pub(crate) skeleton: Option<String>,
    pub(crate) paging: Paging,
}

/// The words each argument took (by its index in the table), in the order given, and the words no
/// argument took.
#[derive(Default)]
struct ParsedWords {
    values: Vec<(usize, Vec<String>)>,
    unknown: Vec<String>,
}

/// Parses an operation's words (after `aws SERVICE OPERATION`) into its request.
pub(crate) fn parse_args(
    operation: ServiceOperation,
    words: &[String],
    files: &dyn Files,
) -> Result<ParsedArgs, Outcome> {
    let table = argument_table(operation);
    let mut hints = argument_hints::value_hints(words, &table);
    // argparse stops at the first error; a learner wants every misspelled option named at once.
    hints.extend(argument_hints::misspelled_options(words, &table));
    let parsed = parse_known_args(operation, &table, words, &mut hints)?;
    let skeleton = parsed
        .values
        .iter()
        .find(|(i, _)| table[*i].kind == ArgumentKind::Custom(CustomArgument::GenerateCliSkeleton))
        .map(|(_, v)| v[0].clone());
    let required_overridden = parsed
        .values
        .iter()
        .any(|(i, _)| table[*i].kind.overrides_required_args());
    if !required_overridden {
        check_required(&table, &parsed, &mut hints)?;
    }
    reject_unknown(&parsed.unknown, &hints)?;
    let (params, paging) =
        argprocess::build_request(operation, &table, &parsed.values, &hints, files)?;
    Ok(ParsedArgs {
        params,
        skeleton,
        paging,
    })
}

/// Whether argparse takes a word for an option (rather than a value).
pub(crate) fn looks_like_option(tok: &str) -> bool {
    if !tok.starts_with('-') || tok.len() < 2 {
        return false;
    }
    let rest = &tok[1..];
    // argparse treats negative numbers (`^-\d+$|^-\d*\.\d+$`) and words with spaces as values.
    let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    let negative_number = digits(rest)
        || rest
            .split_once('.')
            .is_some_and(|(a, b)| (a.is_empty() || digits(a)) && digits(b));
    if negative_number || tok.contains(' ') {
        return false;
    }
    true
}

/// Gives each option word its argument and values, in order; the words no argument takes are
/// collected (argparse's `parse_known_args`). Hints about values with a space in them are added.
fn parse_known_args(
    operation: ServiceOperation,
    table: &[Argument],
    words: &[String],
    hints: &mut Vec<String>,
) -> Result<ParsedWords, Outcome> {
    let mut parsed = ParsedWords::default();
    let mut i = 0;
    while i < words.len() {
        let tok = &words[i];
        if !looks_like_option(tok) {
            // A word left over after a one-value option: probably a value with a space in it.
            if let Some((last_index, last_values)) = parsed.values.last() {
                let previous = &table[*last_index];
                if let Some(h) =
                    argument_hints::value_with_a_space(operation, previous, last_values, words, i)
                {
                    hints.push(h);
                }
            }
            parsed.unknown.push(tok.clone());
            i += 1;
            continue;
        }
        let (name, inline) = match tok.split_once('=') {
            Some((n, v)) => (n.to_string(), Some(v.to_string())),
            None => (tok.clone(), None),
        };
        let Some(index) = resolve_option(table, &name, hints)? else {
            parsed.unknown.push(tok.clone());
            i += 1;
            continue;
        };
        let argument = &table[index];
        if !argument.kind.takes_value() {
            if inline.is_some() {
                return Err(usage_error(
                    &format!(
                        "argument {}: ignored explicit argument '{}'",
                        argument.cli_name,
                        inline.unwrap_or_default()
                    ),
                    hints,
                ));
            }
            parsed.values.push((index, vec![]));
            i += 1;
            continue;
        }
        let original = tok.clone();
        let taken = take_values(table, argument, words, &mut i, inline, &original, hints)?;
        parsed.values.retain(|(j, _)| {
            table[*j].member != argument.member || argument.member.is_none() && *j != index
        });
        parsed.values.push((index, taken));
    }
    Ok(parsed)
}

/// The argument an option word names: the one with that name, or the only one whose name it
/// begins (argparse's abbreviations); more than one is argparse's ambiguous option.
fn resolve_option(
    table: &[Argument],
    name: &str,
    hints: &[String],
) -> Result<Option<usize>, Outcome> {
    if let Some(i) = table.iter().position(|s| s.cli_name == name) {
        return Ok(Some(i));
    }
    if !name.starts_with("--") {
        return Ok(None);
    }
    let prefixed: Vec<usize> = table
        .iter()
        .enumerate()
        .filter(|(_, s)| s.cli_name.starts_with(name))
        .map(|(i, _)| i)
        .collect();
    match prefixed.len() {
        1 => Ok(Some(prefixed[0])),
        0 => Ok(None),
        _ => {
            let names: Vec<&str> = prefixed
                .iter()
                .map(|&i| table[i].cli_name.as_str())
                .collect();
            Err(usage_error(
                &format!("ambiguous option: {name} could match {}", names.join(", ")),
                hints,
            ))
        }
    }
}

/// The values of an option that takes some: its `=value`, or the next word (for a list, every word
/// up to the next option); `*i` moves past them. An option left without its value is argparse's
/// "expected one argument" (an option that may go without takes its default).
fn take_values(
    table: &[Argument],
    argument: &Argument,
    words: &[String],
    i: &mut usize,
    inline: Option<String>,
    original: &str,
    hints: &mut Vec<String>,
) -> Result<Vec<String>, Outcome> {
    let mut taken = vec![];
    if let Some(v) = inline {
        taken.push(v);
        *i += 1;
        return Ok(taken);
    }
    *i += 1;
    let many = matches!(argument.kind, ArgumentKind::List);
    while *i < words.len() && !looks_like_option(&words[*i]) {
        taken.push(words[*i].clone());
        *i += 1;
        if !many {
            break;
        }
    }
    if taken.is_empty() {
        if let Some(default) = argument.kind.value_when_omitted() {
            taken.push(default.into());
        }
    }
    // A list option may be given no value at all: awscli's ListArgument uses argparse's nargs='*'
    // (awscli/arguments.py), so `--services` alone is an empty list, as here.
    if taken.is_empty() && !many {
        if let Some(next) = words.get(*i) {
            let known: Vec<&str> = table.iter().map(|s| s.cli_name.as_str()).collect();
            if let Some(h) = argument_hints::option_hint(original, Some(next), &known) {
                hints.push(h);
            }
            hints.push(format!(
                "'{}' is followed by '{next}', which looks like an option, not a value.",
                argument.cli_name
            ));
        }
        return Err(usage_error(
            &format!("argument {}: expected one argument", argument.cli_name),
            hints,
        ));
    }
    Ok(taken)
}

/// argparse's "the following arguments are required", with a hint for an unknown option that
/// looks like a missing one.
fn check_required(
    table: &[Argument],
    parsed: &ParsedWords,
    hints: &mut Vec<String>,
) -> Result<(), Outcome> {
    let missing: Vec<&str> = table
        .iter()
        .enumerate()
        .filter(|(i, s)| {
            s.required
                && !parsed
                    .values
                    .iter()
                    .any(|(j, _)| j == i || table[*j].member == s.member && s.member.is_some())
        })
        .map(|(_, s)| s.cli_name.as_str())
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    for u in &parsed.unknown {
        if let Some(b) = suggest::best_match(u, missing.iter().copied()) {
            let h = format!("unknown option '{u}': did you mean '{b}'?");
            if !hints.iter().any(|x| x.contains(&format!("'{u}'"))) {
                hints.push(h);
            }
        }
    }
    Err(usage_error(
        &format!(
            "the following arguments are required: {}",
            missing.join(", ")
        ),
        hints,
    ))
}

/// The CLI's "Unknown options" for the words no argument took.
fn reject_unknown(unknown: &[String], hints: &[String]) -> Result<(), Outcome> {
    if unknown.is_empty() {
        return Ok(());
    }
    let mut stderr = format!("{USAGE}\nUnknown options: {}\n", unknown.join(", "));
    push_hints(&mut stderr, hints);
    Err(Outcome {
        stdout: String::new(),
        stderr,
        exit_code: EXIT_USAGE,
    })
}
