//! Hints about what was typed, for the learner: misspelled or split options, IDs split by a space,
//! shorthand and JSON mistakes. They follow the CLI's own error, marked as the sandbox's.

use crate::argparser::looks_like_option;
use crate::arguments::{Argument, ArgumentKind};
use crate::cli::ServiceOperation;
use crate::model::{self, ServiceModel, Shape};
use crate::suggest;

/// What went wrong with one option word, for the learner.
pub(crate) fn option_hint(tok: &str, next: Option<&str>, known: &[&str]) -> Option<String> {
    let name = tok.split('=').next().unwrap_or(tok);
    // `-cluster` → `--cluster`
    if !name.starts_with("--") {
        let doubled = format!("-{name}");
        if known.contains(&doubled.as_str()) {
            return Some(format!("'{name}' has one dash: did you mean '{doubled}'?"));
        }
        // `-0b745a24…` after `subnet`: an ID split by a space.
        if name[1..].chars().all(|c| c.is_ascii_hexdigit()) {
            return None;
        }
    }
    let normalized = if name.starts_with("--") {
        name.to_string()
    } else {
        format!("-{name}")
    };
    // `--task -defination`: an option name split by a space.
    if let Some(n) = next {
        if n.starts_with('-') && !n.starts_with("--") {
            let joined = format!("{normalized}{n}");
            if let Some(m) = suggest::best_match(&joined, known.iter().copied()) {
                return Some(format!(
                    "'{name} {n}' looks like one option split by a space: did you mean '{m}'?"
                ));
            }
        }
    }
    suggest::best_match(&normalized, known.iter().copied()).map(|m| {
        if normalized == name {
            format!("unknown option '{name}': did you mean '{m}'?")
        } else {
            format!("'{name}' has one dash: did you mean '{m}'?")
        }
    })
}

/// Hints about values: IDs split by a space, `file ://`, a continuation glued to the next option,
/// a space after a shorthand comma, an ID missing its hyphen.
pub(crate) fn value_hints(words: &[String], table: &[Argument]) -> Vec<String> {
    let known: Vec<&str> = table.iter().map(|s| s.cli_name.as_str()).collect();
    let mut hints = vec![];
    for (i, w) in words.iter().enumerate() {
        // `Name-webappserver` after an option taking shorthand: `Key=value` was meant. The option
        // may be misspelled or split (`--iam-instance -profile`), so look at the one or two words
        // before.
        let before: Vec<&str> = words[..i]
            .iter()
            .rev()
            .take(2)
            .map(|s| s.as_str())
            .collect();
        let candidates: Vec<String> = match before.as_slice() {
            [one] => vec![one.to_string()],
            [one, two] => vec![one.to_string(), format!("{two}{one}")],
            _ => vec![],
        };
        let takes_shorthand = candidates.iter().filter(|c| c.starts_with('-')).any(|c| {
            let name = if c.starts_with("--") {
                c.clone()
            } else {
                format!("-{c}")
            };
            let shorthand: Vec<&str> = table
                .iter()
                .filter(|s| s.shorthand)
                .map(|s| s.cli_name.as_str())
                .collect();
            shorthand.iter().any(|s| s.starts_with(&name))
                || suggest::best_match(&name, shorthand.iter().copied()).is_some()
        });
        let looks_like_id = w.split_once('-').is_some_and(|(_, rest)| {
            rest.len() >= 8 && rest.chars().all(|c| c.is_ascii_hexdigit())
        });
        if takes_shorthand
            && !looks_like_id
            && !w.starts_with('-')
            && !w.contains('=')
            && !w.starts_with(['{', '['])
            && !w.starts_with("file")
        {
            if let Some((k, v)) = w.split_once('-') {
                if !k.is_empty() && k.chars().all(|c| c.is_ascii_alphabetic()) && !v.is_empty() {
                    hints.push(format!("shorthand is Key=value: did you mean '{k}={v}'?"));
                }
            }
        }
        if let Some(next) = words.get(i + 1) {
            let prefixes = ["subnet", "sg", "vpc", "ami", "i", "eni"];
            if prefixes.contains(&w.as_str())
                && next.starts_with('-')
                && next.len() > 1
                && next[1..].chars().all(|c| c.is_ascii_hexdigit())
            {
                hints.push(format!(
                    "'{w} {next}' looks like one ID split by a space: did you mean '{w}{next}'?"
                ));
            }
            if w == "file" && next.starts_with("://") {
                hints.push(format!(
                    "'file {next}' has a space: did you mean 'file{next}'?"
                ));
            }
            if w.ends_with(',') && w.contains('=') && next.contains('=') && !looks_like_option(next)
            {
                hints.push(format!("'{w} {next}' has a space after the comma: shorthand must be one word, e.g. '{w}{next}'."));
            }
        }
        if !w.starts_with('-') {
            if let Some(pos) = w.find("--") {
                let (before, option) = w.split_at(pos);
                let name = option.split('=').next().unwrap_or(option);
                let exact = known
                    .iter()
                    .find(|k| k.starts_with(name) && name.len() > 3)
                    .copied();
                if let Some(option_meant) =
                    exact.or_else(|| suggest::best_match(name, known.iter().copied()))
                {
                    if !before.is_empty() {
                        let spelled = if option_meant.starts_with(name) {
                            String::new()
                        } else {
                            format!(" (did you mean '{option_meant}'?)")
                        };
                        hints.push(format!(
                            "'{w}' is a value glued to the option '{name}'{spelled}: a line ended in '\\' with no space before it, so the shell joined the lines. Put a space before the '\\'."
                        ));
                    }
                }
            }
        }
        for p in ["sg", "subnet", "vpc", "ami"] {
            if let Some(rest) = w.strip_prefix(p) {
                if rest.len() >= 8 && rest.chars().all(|c| c.is_ascii_hexdigit()) {
                    hints.push(format!(
                        "'{w}' is missing a hyphen: did you mean '{p}-{rest}'?"
                    ));
                }
            }
        }
    }
    hints
}

/// What probably went wrong in a JSON document, for a learner.
pub(crate) fn json_hints(text: &str, message: &str) -> Vec<String> {
    let mut hints = vec![];
    if text.contains(['\u{201C}', '\u{201D}', '\u{2018}', '\u{2019}']) {
        hints.push("the JSON contains curly quotes (“ ” ‘ ’), usually from a word processor or web page: JSON needs straight double quotes (\").".into());
    }
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    if compact.contains(",}") || compact.contains(",]") {
        hints.push("JSON does not allow a comma after the last item of an object or list.".into());
    }
    if message.contains("Expecting property name enclosed in double quotes") && text.contains('\'')
    {
        hints.push("JSON strings and names use double quotes (\"), not single quotes.".into());
    }
    if message.contains("Expecting ',' delimiter") {
        if let Some(line) = message
            .split("line ")
            .nth(1)
            .and_then(|l| l.split(' ').next())
            .and_then(|l| l.parse::<usize>().ok())
        {
            if line > 1 {
                hints.push(format!(
                    "is a comma missing at the end of line {}?",
                    line - 1
                ));
            }
        }
    }
    hints
}

/// Hints for the option words that name no argument (misspelled, one dash, split by a space).
pub(crate) fn misspelled_options(words: &[String], table: &[Argument]) -> Vec<String> {
    let known: Vec<&str> = table.iter().map(|s| s.cli_name.as_str()).collect();
    let mut hints = vec![];
    for (j, w) in words.iter().enumerate() {
        if !looks_like_option(w) {
            continue;
        }
        let name = w.split('=').next().unwrap_or(w);
        let resolves = known.contains(&name)
            || (name.starts_with("--")
                && known.iter().filter(|k| k.starts_with(name)).count() == 1);
        if !resolves {
            if let Some(h) = option_hint(w, words.get(j + 1).map(|s| s.as_str()), &known) {
                hints.push(h);
            }
        }
    }
    hints
}

/// A word left over right after a one-value option's value (`--launch-type FAR GATE`): probably a
/// value with a space in it; an allowed value that matches the words joined is suggested.
pub(crate) fn value_with_a_space(
    operation: ServiceOperation,
    previous: &Argument,
    previous_values: &[String],
    words: &[String],
    i: usize,
) -> Option<String> {
    let tok = &words[i];
    if !(previous.kind == ArgumentKind::Scalar
        && previous_values.len() == 1
        && words.get(i.wrapping_sub(1)) == previous_values.first()
        && !previous_values[0].contains("--"))
    {
        return None;
    }
    let joined = format!("{} {tok}", previous_values[0]);
    let enums = previous
        .member
        .as_ref()
        .and_then(|m| {
            operation
                .operation
                .input
                .as_ref()
                .and_then(|i| model_shape_member(model::model(operation.service), i, m))
        })
        .map(|s| s.allowed_values().to_vec())
        .unwrap_or_default();
    Some(
        match suggest::best_match(&joined.replace(' ', "-"), enums.iter().map(|s| s.as_str())) {
            Some(e) => format!(
                "{} takes one value: did you mean '{e}' instead of '{joined}'?",
                previous.cli_name
            ),
            None => format!(
                "{} takes one value; to pass '{joined}' put it in quotes.",
                previous.cli_name
            ),
        },
    )
}

/// The shape of member `member` of the structure `shape_name`.
fn model_shape_member(
    m: Option<&'static ServiceModel>,
    shape_name: &str,
    member: &str,
) -> Option<&'static Shape> {
    let m = m?;
    m.shape(shape_name)?
        .members
        .get(member)
        .and_then(|r| m.shape(&r.shape))
}
