//! EC2-style `--filters Name=...,Values=...`: a resource matches when every filter has a value that
//! matches one of the resource's values for that name (`*` and `?` are wildcards).

use serde::Deserialize;

#[derive(Debug, Clone, Deserialize, Default)]
#[serde(rename_all = "PascalCase")]
pub struct Filter {
    pub name: Option<String>,
    #[serde(default)]
    pub values: Vec<String>,
}

pub struct FilterSet<'a> {
    filters: &'a [Filter],
}

impl<'a> FilterSet<'a> {
    pub fn new(filters: &'a [Filter]) -> Self {
        FilterSet { filters }
    }

    /// `lookup(name)` gives the resource's values for a filter name (empty: no such value).
    pub fn matches(&self, lookup: impl Fn(&str) -> Vec<String>) -> bool {
        self.filters.iter().all(|f| {
            let have = lookup(f.name.as_deref().unwrap_or(""));
            f.values
                .iter()
                .any(|want| have.iter().any(|h| wildcard(want, h)))
        })
    }
}

/// Glob match with `*` (any run) and `?` (one character).
pub fn wildcard(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    let (mut pi, mut ti, mut star, mut mark) = (0, 0, None, 0);
    while ti < t.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == t[ti]) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some(pi);
            mark = ti;
            pi += 1;
        } else if let Some(s) = star {
            pi = s + 1;
            mark += 1;
            ti = mark;
        } else {
            return false;
        }
    }
    while pi < p.len() && p[pi] == '*' {
        pi += 1;
    }
    pi == p.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn wildcards() {
        assert!(wildcard("us-east-1*", "us-east-1a"));
        assert!(wildcard("t3.?edium", "t3.medium"));
        assert!(!wildcard("t3.*", "t2.micro"));
        assert!(wildcard("*", ""));
    }
}
