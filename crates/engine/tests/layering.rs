//! The engine's modules import one way: no file of `src/` reaches, through `use` and `crate::` /
//! `super::` paths, back to itself. A module's `mod` declarations are containment, not imports;
//! a `pub use` re-export is an import. Unit tests (`#[cfg(test)] mod tests`) are left out.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Every source file of the engine, by module path (`ec2::instances`; the crate root is "").
fn modules(src: &Path) -> BTreeMap<String, PathBuf> {
    let mut out = BTreeMap::new();
    let mut stack = vec![src.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("engine sources are readable") {
            let path = entry.expect("a directory entry").path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let relative = path.strip_prefix(src).expect("below src");
            let mut parts: Vec<String> = relative
                .iter()
                .map(|p| p.to_string_lossy().trim_end_matches(".rs").to_string())
                .collect();
            if matches!(parts.last().map(String::as_str), Some("mod" | "lib")) {
                parts.pop();
            }
            out.insert(parts.join("::"), path);
        }
    }
    out
}

/// The code without comments, string and char literals, and the unit tests at the end.
fn code_of(text: &str) -> String {
    let text = match text.find("#[cfg(test)]\nmod tests") {
        Some(i) => &text[..i],
        None => text,
    };
    let bytes: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        let next = bytes.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < bytes.len() && bytes[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            i += 2;
            while i + 1 < bytes.len() && !(bytes[i] == '*' && bytes[i + 1] == '/') {
                i += 1;
            }
            i += 2;
        } else if c == 'r' && (next == Some('"') || next == Some('#')) && raw_start(&bytes, i) {
            let hashes = bytes[i + 1..].iter().take_while(|&&h| h == '#').count();
            i += 2 + hashes;
            while i < bytes.len() {
                if bytes[i] == '"' && bytes[i + 1..].iter().take(hashes).all(|&h| h == '#') {
                    i += 1 + hashes;
                    break;
                }
                i += 1;
            }
            out.push_str("\"\"");
        } else if c == '"' {
            i += 1;
            while i < bytes.len() && bytes[i] != '"' {
                i += if bytes[i] == '\\' { 2 } else { 1 };
            }
            i += 1;
            out.push_str("\"\"");
        } else if c == '\'' && next == Some('\\') {
            i += 3;
            while i < bytes.len() && bytes[i] != '\'' {
                i += 1;
            }
            i += 1;
        } else if c == '\'' && bytes.get(i + 2) == Some(&'\'') {
            i += 3;
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

fn raw_start(chars: &[char], i: usize) -> bool {
    let before = if i == 0 { ' ' } else { chars[i - 1] };
    let hashes = chars[i + 1..].iter().take_while(|&&h| h == '#').count();
    (!before.is_alphanumeric() && before != '_' || before == 'b')
        && chars.get(i + 1 + hashes) == Some(&'"')
}

/// `use a::{b, c::{d, e}}` → `a::b`, `a::c::d`, `a::c::e`.
fn expand(tree: &str) -> Vec<String> {
    let tree: String = tree.chars().filter(|c| !c.is_whitespace()).collect();
    let Some(open) = tree.find('{') else {
        return vec![tree];
    };
    let prefix = &tree[..open];
    let inner = &tree[open + 1..tree.len().saturating_sub(1)];
    let mut parts = vec![];
    let (mut depth, mut start) = (0, 0);
    for (i, c) in inner.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&inner[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&inner[start..]);
    parts
        .into_iter()
        .filter(|p| !p.is_empty())
        .flat_map(|p| expand(p).into_iter().map(move |q| format!("{prefix}{q}")))
        .collect()
}

/// The module a path names, from the module it is written in: its longest module prefix.
fn resolve(path: &str, here: &str, all: &BTreeMap<String, PathBuf>, is_use: bool) -> String {
    let mut segments: Vec<&str> = path.split("::").collect();
    let mut module: Vec<&str> = if here.is_empty() {
        vec![]
    } else {
        here.split("::").collect()
    };
    match segments.first().copied() {
        Some("crate") => {
            module.clear();
            segments.remove(0);
        }
        Some("self") => {
            segments.remove(0);
        }
        Some("super") => {
            while segments.first() == Some(&"super") {
                module.pop();
                segments.remove(0);
            }
        }
        // A use of a child module by its bare name (`pub use state::*`); anything else is
        // another crate.
        Some(first) if is_use && all.contains_key(&join(&module, first)) => {}
        _ => return here.to_string(),
    }
    for segment in segments {
        let candidate = join(&module, segment);
        if !all.contains_key(&candidate) {
            break;
        }
        module.push(segment);
    }
    module.join("::")
}

fn join(module: &[&str], segment: &str) -> String {
    if module.is_empty() {
        segment.to_string()
    } else {
        format!("{}::{segment}", module.join("::"))
    }
}

/// What each module imports (other modules only).
fn imports(all: &BTreeMap<String, PathBuf>) -> BTreeMap<String, BTreeSet<String>> {
    let mut graph = BTreeMap::new();
    for (name, path) in all {
        let code = code_of(&std::fs::read_to_string(path).expect("a readable source"));
        let mut targets = BTreeSet::new();
        // use statements
        let mut rest = code.as_str();
        while let Some(i) = find_word(rest, "use") {
            let after = &rest[i + 3..];
            let end = after.find(';').unwrap_or(after.len());
            for p in expand(&after[..end]) {
                targets.insert(resolve(p.trim_end_matches("::*"), name, all, true));
            }
            rest = &after[end..];
        }
        // paths in code
        for root in ["crate::", "super::", "self::"] {
            let mut from = 0;
            while let Some(i) = code[from..].find(root) {
                let start = from + i;
                from = start + root.len();
                let before = code[..start].chars().next_back().unwrap_or(' ');
                if before.is_alphanumeric() || before == '_' || before == ':' {
                    continue;
                }
                let path: String = code[start..]
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
                    .collect();
                targets.insert(resolve(path.trim_end_matches(':'), name, all, false));
            }
        }
        targets.remove(name);
        graph.insert(name.clone(), targets);
    }
    graph
}

fn find_word(text: &str, word: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = text[from..].find(word) {
        let at = from + i;
        let before = text[..at].chars().next_back().unwrap_or(' ');
        let after = text[at + word.len()..].chars().next().unwrap_or(' ');
        if !(before.is_alphanumeric() || before == '_') && after.is_whitespace() {
            return Some(at);
        }
        from = at + word.len();
    }
    None
}

/// A path back to `start` through the graph, if there is one.
fn circle_through(graph: &BTreeMap<String, BTreeSet<String>>, start: &str) -> Option<Vec<String>> {
    let mut seen = BTreeSet::new();
    let mut stack = vec![(start.to_string(), vec![start.to_string()])];
    while let Some((node, path)) = stack.pop() {
        for next in graph.get(&node).into_iter().flatten() {
            if next == start {
                return Some(path.into_iter().chain([start.to_string()]).collect());
            }
            if seen.insert(next.clone()) {
                let mut longer = path.clone();
                longer.push(next.clone());
                stack.push((next.clone(), longer));
            }
        }
    }
    None
}

#[test]
fn no_module_of_the_engine_imports_itself_back() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let all = modules(&src);
    assert!(all.len() > 20, "the engine's modules were found");
    let graph = imports(&all);
    let circles: Vec<String> = all
        .keys()
        .filter_map(|m| circle_through(&graph, m))
        .map(|path| {
            path.iter()
                .map(|m| if m.is_empty() { "lib" } else { m })
                .collect::<Vec<_>>()
                .join(" → ")
        })
        .collect();
    assert!(
        circles.is_empty(),
        "import circles among the engine's modules:\n{}",
        circles.join("\n")
    );
}

#[test]
fn the_check_sees_a_circle() {
    let all: BTreeMap<String, PathBuf> = ["", "a", "b", "b::c"]
        .into_iter()
        .map(|m| (m.to_string(), PathBuf::new()))
        .collect();
    assert_eq!(resolve("crate::b::c::Thing", "a", &all, false), "b::c");
    assert_eq!(resolve("super::Thing", "b::c", &all, false), "b");
    assert_eq!(resolve("c::Thing", "b", &all, true), "b::c");
    assert_eq!(resolve("serde::Serialize", "b", &all, true), "b");
    assert_eq!(
        expand("crate::{a::X, b::{c::Y, Z}}"),
        ["crate::a::X", "crate::b::c::Y", "crate::b::Z"]
    );
    let graph: BTreeMap<String, BTreeSet<String>> = [
        ("a".to_string(), BTreeSet::from(["b".to_string()])),
        ("b".to_string(), BTreeSet::from(["a".to_string()])),
    ]
    .into_iter()
    .collect();
    assert_eq!(circle_through(&graph, "a").map(|p| p.len()), Some(3));
    let code = code_of("use crate::a; // use crate::b;\nlet s = \"crate::c\";");
    assert!(code.contains("crate::a") && !code.contains("crate::b") && !code.contains("crate::c"));
}
