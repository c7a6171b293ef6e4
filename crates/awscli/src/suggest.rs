//! "Did you mean": Python difflib's ratio and get_close_matches (what the AWS CLI uses), plus
//! helpers.

/// difflib.SequenceMatcher(None, a, b).ratio(), without the autojunk heuristic (strings here are
/// short).
pub fn ratio(a: &str, b: &str) -> f64 {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let total = a.len() + b.len();
    if total == 0 {
        return 1.0;
    }
    2.0 * matches(&a, &b) as f64 / total as f64
}

fn matches(a: &[char], b: &[char]) -> usize {
    // Longest common block, then recurse on both sides (Ratcliff/Obershelp as difflib does it).
    if a.is_empty() || b.is_empty() {
        return 0;
    }
    let (mut best_i, mut best_j, mut best) = (0, 0, 0);
    let mut prev = vec![0usize; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![0usize; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            if ca == cb {
                cur[j + 1] = prev[j] + 1;
                if cur[j + 1] > best {
                    best = cur[j + 1];
                    best_i = i + 1 - best;
                    best_j = j + 1 - best;
                }
            }
        }
        prev = cur;
    }
    if best == 0 {
        return 0;
    }
    best + matches(&a[..best_i], &b[..best_j]) + matches(&a[best_i + best..], &b[best_j + best..])
}

/// difflib.get_close_matches(word, possibilities, n=3, cutoff): best first.
pub fn close_matches<'a>(
    word: &str,
    possibilities: impl IntoIterator<Item = &'a str>,
    cutoff: f64,
) -> Vec<&'a str> {
    let mut scored: Vec<(f64, &str)> = possibilities
        .into_iter()
        .map(|p| (ratio(word, p), p))
        .filter(|(r, _)| *r >= cutoff)
        .collect();
    scored.sort_by(|a, b| {
        b.0.partial_cmp(&a.0)
            .unwrap_or(std::cmp::Ordering::Equal)
            .then(b.1.cmp(a.1))
    });
    scored.into_iter().take(3).map(|(_, p)| p).collect()
}

/// The single best suggestion for a learner (looser than the CLI's cutoff, and case-insensitive).
pub fn best_match<'a>(
    word: &str,
    possibilities: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let w = word.to_ascii_lowercase();
    possibilities
        .into_iter()
        .map(|p| (ratio(&w, &p.to_ascii_lowercase()), p))
        .filter(|(r, _)| *r >= 0.6)
        .max_by(|a, b| a.0.partial_cmp(&b.0).unwrap_or(std::cmp::Ordering::Equal))
        .map(|(_, p)| p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_difflib() {
        // Values computed with Python's difflib.
        assert!((ratio("abcd", "bcde") - 0.75).abs() < 1e-9);
        assert!((ratio("albv2", "elbv2") - 0.8).abs() < 1e-9);
        assert_eq!(
            close_matches(
                "register-task-defination",
                ["register-task-definition", "run-task"],
                0.8
            ),
            vec!["register-task-definition"]
        );
        assert_eq!(
            close_matches(
                "describe-service",
                ["describe-services", "describe-clusters"],
                0.8
            )[0],
            "describe-services"
        );
        assert_eq!(
            best_match("portmapping", ["portMappings", "name", "image"]),
            Some("portMappings")
        );
    }
}
