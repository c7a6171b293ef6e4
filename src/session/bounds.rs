//! What a stored session, a link or a file may ask the page to replay. A link is untrusted input:
//! 137 characters can ask for four billion clock ticks, and a long one for 100,000 commands. A
//! document past these bounds is refused with the reason before anything runs, so nothing a link
//! holds can hang the page. The bounds are the sandbox's, far above what a learner does by hand.

use super::Action;
use ecs_sandbox_engine::clock::{parse_duration, Millis};

/// At most this many actions (commands, file saves, stretches of the playing clock).
pub const MAX_ACTIONS: usize = 10_000;
/// At most this much text: commands and files together.
pub const MAX_TEXT: usize = 8 * 1024 * 1024;
/// At most this much virtual time in all, the clock's stretches and `sandbox advance` together.
pub const MAX_VIRTUAL_TIME: Millis = 400 * 24 * 3_600_000;

/// The virtual time `sandbox advance D` commands in a text ask for (`advance` followed by a
/// duration, wherever it is; an unreadable one asks for nothing, as the command would fail).
fn advanced_by(text: &str) -> Millis {
    let words: Vec<&str> = text.split_whitespace().collect();
    words
        .windows(2)
        .filter(|w| w[0] == "advance")
        .filter_map(|w| parse_duration(w[1].trim_matches(|c| c == '"' || c == '\'')))
        .fold(0, Millis::saturating_add)
}

/// Ok, or why the actions are more than the sandbox replays.
pub fn check(actions: &[Action]) -> Result<(), String> {
    if actions.len() > MAX_ACTIONS {
        return Err(format!(
            "{} actions (the sandbox replays at most {MAX_ACTIONS})",
            actions.len()
        ));
    }
    let mut text = 0usize;
    let mut time: Millis = 0;
    for a in actions {
        match a {
            Action::Run(t) => {
                text = text.saturating_add(t.len());
                time = time.saturating_add(advanced_by(t));
            }
            Action::File { name, body } => {
                text = text.saturating_add(name.len()).saturating_add(body.len());
            }
            Action::Advance { ms, times } => {
                time = time.saturating_add(ms.saturating_mul(u64::from(*times)));
            }
        }
    }
    if text > MAX_TEXT {
        return Err(format!(
            "{} MB of commands and files (at most {} MB)",
            text / (1024 * 1024),
            MAX_TEXT / (1024 * 1024)
        ));
    }
    if time > MAX_VIRTUAL_TIME {
        return Err(format!(
            "{} days of virtual time (at most {} days)",
            time / (24 * 3_600_000),
            MAX_VIRTUAL_TIME / (24 * 3_600_000)
        ));
    }
    Ok(())
}
