//! Splits pasted text into commands and words like a POSIX shell (quotes, escapes, `\` + newline,
//! comments, `;`/`&&`/newlines between commands), after repairing paste artefacts from web pages and
//! notes with a one-line notice for each kind of repair.

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Command {
    pub words: Vec<String>,
    /// The command's source text (after repairs), for echoing.
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Tokenized {
    pub commands: Vec<Command>,
    pub notices: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenizeError(pub String);

/// Repairs typographic artefacts; returns the text and a notice per kind of repair made.
pub fn repair(input: &str) -> (String, Vec<String>) {
    let mut notices = vec![];
    let mut note = |n: &str| {
        if !notices.iter().any(|x: &String| x == n) {
            notices.push(n.to_string());
        }
    };
    let mut lines = vec![];
    for line in input.split('\n') {
        let trimmed = line.trim();
        // Markdown code fences (``` or the ´´´ some notes use) are not commands.
        if trimmed.starts_with("```") || trimmed.starts_with("´´´") || trimmed.starts_with("'''") && trimmed.len() <= 12 {
            note("Removed a Markdown code fence (```) line.");
            continue;
        }
        let mut l = line.to_string();
        let t = l.trim_start();
        if let Some(rest) = t.strip_prefix("$ ") {
            note("Removed a leading shell prompt \"$ \".");
            l = rest.to_string();
        }
        lines.push(l);
    }
    let text = lines.join("\n");
    let mut out = String::with_capacity(text.len());
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{00AB}' | '\u{00BB}' => {
                note("Replaced curly double quotes with straight quotes.");
                out.push('"');
            }
            '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' => {
                note("Replaced curly single quotes with straight quotes.");
                out.push('\'');
            }
            '\u{00A0}' | '\u{2007}' | '\u{202F}' | '\u{2002}' | '\u{2003}' | '\u{2009}' => {
                note("Replaced non-breaking spaces with ordinary spaces.");
                out.push(' ');
            }
            '\u{200B}' | '\u{FEFF}' | '\u{200C}' | '\u{200D}' => {
                note("Removed invisible zero-width characters.");
            }
            '\r' => {}
            '\u{2013}' | '\u{2014}' | '\u{2212}' | '\u{2010}' | '\u{2011}' => {
                let at_word_start = i == 0 || chars[i - 1].is_whitespace();
                let next_is_letter = chars.get(i + 1).is_some_and(|n| n.is_ascii_alphabetic());
                if at_word_start && next_is_letter {
                    note("Replaced a typographic dash (–) at the start of an option with \"--\".");
                    out.push_str("--");
                } else if c == '\u{2212}' || c == '\u{2010}' || c == '\u{2011}' {
                    note("Replaced a typographic hyphen with \"-\".");
                    out.push('-');
                } else {
                    out.push(c);
                }
            }
            '\\' if chars.get(i + 1) == Some(&' ') && {
                // `HTTP\ --port`: a continuation whose line break was lost when the notes were reflowed.
                let mut j = i + 1;
                while chars.get(j) == Some(&' ') {
                    j += 1;
                }
                chars.get(j).is_some_and(|n| *n == '-')
            } =>
            {
                note("Treated \"\\ \" before an option as a line continuation whose line break was lost.");
                out.push(' ');
            }
            _ => out.push(c),
        }
        i += 1;
    }
    (out, notices)
}

/// Tokenizes (after `repair`). Unterminated quotes are an error, as in a shell.
pub fn tokenize(input: &str) -> Result<Tokenized, TokenizeError> {
    let (text, notices) = repair(input);
    let chars: Vec<char> = text.chars().collect();
    let mut commands = vec![];
    let mut words: Vec<String> = vec![];
    let mut word = String::new();
    let mut in_word = false;
    let mut start = 0;
    let mut i = 0;
    let finish_word = |word: &mut String, in_word: &mut bool, words: &mut Vec<String>| {
        if *in_word {
            words.push(std::mem::take(word));
            *in_word = false;
        }
    };
    let finish_command = |words: &mut Vec<String>, commands: &mut Vec<Command>, start: usize, end: usize| {
        if !words.is_empty() {
            let src: String = chars[start..end].iter().collect();
            commands.push(Command { words: std::mem::take(words), text: src.trim().to_string() });
        }
    };
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\\' => match chars.get(i + 1) {
                Some('\n') => {
                    i += 2;
                    continue;
                }
                Some(n) => {
                    word.push(*n);
                    in_word = true;
                    i += 2;
                    continue;
                }
                None => {
                    i += 1;
                    continue;
                }
            },
            '\'' => {
                in_word = true;
                i += 1;
                loop {
                    match chars.get(i) {
                        None => return Err(TokenizeError("unexpected end of input: a single quote (') was never closed".into())),
                        Some('\'') => break,
                        Some(ch) => word.push(*ch),
                    }
                    i += 1;
                }
            }
            '"' => {
                in_word = true;
                i += 1;
                loop {
                    match chars.get(i) {
                        None => return Err(TokenizeError("unexpected end of input: a double quote (\") was never closed".into())),
                        Some('"') => break,
                        Some('\\') if matches!(chars.get(i + 1), Some('"') | Some('\\') | Some('$') | Some('`')) => {
                            word.push(chars[i + 1]);
                            i += 1;
                        }
                        Some('\\') if chars.get(i + 1) == Some(&'\n') => {
                            i += 1;
                        }
                        Some(ch) => word.push(*ch),
                    }
                    i += 1;
                }
            }
            '#' if !in_word => {
                while i < chars.len() && chars[i] != '\n' {
                    i += 1;
                }
                continue;
            }
            '\n' | ';' => {
                finish_word(&mut word, &mut in_word, &mut words);
                finish_command(&mut words, &mut commands, start, i);
                start = i + 1;
            }
            '&' | '|' if chars.get(i + 1) == Some(&c) => {
                finish_word(&mut word, &mut in_word, &mut words);
                finish_command(&mut words, &mut commands, start, i);
                i += 2;
                start = i;
                continue;
            }
            c if c.is_whitespace() => finish_word(&mut word, &mut in_word, &mut words),
            c => {
                word.push(c);
                in_word = true;
            }
        }
        i += 1;
    }
    finish_word(&mut word, &mut in_word, &mut words);
    finish_command(&mut words, &mut commands, start, chars.len());
    Ok(Tokenized { commands, notices })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<Vec<String>> {
        tokenize(s).unwrap().commands.into_iter().map(|c| c.words).collect()
    }

    #[test]
    fn shell_words() {
        assert_eq!(words("aws ecs list-tasks --cluster 'my cluster'"), vec![vec!["aws", "ecs", "list-tasks", "--cluster", "my cluster"]]);
        assert_eq!(words("a \"b \\\"c\\\"\" d\\ e"), vec![vec!["a", "b \"c\"", "d e"]]);
        assert_eq!(
            words("aws ecs \\\n  list-clusters # comment\naws ec2 describe-vpcs"),
            vec![vec!["aws", "ecs", "list-clusters"], vec!["aws", "ec2", "describe-vpcs"]]
        );
        assert_eq!(words("a; b && c"), vec![vec!["a"], vec!["b"], vec!["c"]]);
        assert_eq!(words("x=''"), vec![vec!["x="]]);
        assert!(tokenize("echo 'oops").is_err());
    }

    #[test]
    fn paste_repairs() {
        let t = tokenize("aws ecs list-tasks \u{2013}cluster \u{201C}ECSDemo\u{201D}\u{00A0}--desired-status RUNNING").unwrap();
        assert_eq!(t.commands[0].words, vec!["aws", "ecs", "list-tasks", "--cluster", "ECSDemo", "--desired-status", "RUNNING"]);
        assert_eq!(t.notices.len(), 3);
        let t = tokenize("´´´sh\naws elbv2 create-listener --protocol HTTP\\ --port 80\n´´´").unwrap();
        assert_eq!(t.commands[0].words, vec!["aws", "elbv2", "create-listener", "--protocol", "HTTP", "--port", "80"]);
        let t = tokenize("$ aws ecs list-clusters").unwrap();
        assert_eq!(t.commands[0].words, vec!["aws", "ecs", "list-clusters"]);
    }
}
