//! Splits pasted text into commands and words like a POSIX shell (quotes, escapes, `\` + newline,
//! comments, `;`/`&&`/newlines between commands), after repairing paste artefacts from web pages
//! and notes with a one-line notice for each kind of repair.

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Command {
    /// The words, with any `$NAME` / `$(...)` left as typed.
    pub words: Vec<String>,
    /// The command's source text (after repairs), for echoing.
    pub text: String,
    /// Present when a word holds an expansion: each word's parts, to be expanded when the command
    /// runs (after the commands before it, whose variables and effects it may use).
    pub parts: Option<Vec<Vec<Part>>>,
}

/// A piece of a word, as a shell sees it before expansion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    Text(String),
    /// `$NAME` or `${NAME}`; `quoted` inside double quotes (no word splitting).
    Var {
        name: String,
        quoted: bool,
    },
    /// `$(command)`.
    Command {
        text: String,
        quoted: bool,
    },
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
        if trimmed.starts_with("```")
            || trimmed.starts_with("´´´")
            || trimmed.starts_with("'''") && trimmed.len() <= 12
        {
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
            '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{00AB}'
            | '\u{00BB}' => {
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
                // `HTTP\ --port`: a continuation whose line break was lost when the notes were
                // reflowed.
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

/// The command being split into words.
#[derive(Default)]
struct Builder {
    commands: Vec<Command>,
    /// The current command's words as typed, and as parts.
    words: Vec<String>,
    word_parts: Vec<Vec<Part>>,
    /// The word being built: its finished parts, then its literal text so far.
    parts: Vec<Part>,
    word: String,
    in_word: bool,
    /// Where the command and the word began in the text.
    start: usize,
    word_start: usize,
}

impl Builder {
    fn expansion(&mut self, part: Part) {
        self.parts.push(Part::Text(std::mem::take(&mut self.word)));
        self.parts.push(part);
        self.in_word = true;
    }

    fn finish_word(&mut self, chars: &[char], end: usize) {
        if std::mem::take(&mut self.in_word) {
            self.words.push(if self.parts.is_empty() {
                self.word.clone()
            } else {
                chars[self.word_start..end].iter().collect()
            });
            self.parts.push(Part::Text(std::mem::take(&mut self.word)));
            self.word_parts.push(std::mem::take(&mut self.parts));
        }
    }

    fn finish_command(&mut self, chars: &[char], end: usize) {
        self.finish_word(chars, end);
        let parts = std::mem::take(&mut self.word_parts);
        if !self.words.is_empty() {
            let text: String = chars[self.start..end].iter().collect();
            let expands = parts.iter().flatten().any(|p| !matches!(p, Part::Text(_)));
            self.commands.push(Command {
                words: std::mem::take(&mut self.words),
                text: text.trim().to_string(),
                parts: expands.then_some(parts),
            });
        }
    }
}

/// Tokenizes (after `repair`). Unterminated quotes are an error, as in a shell.
pub fn tokenize(input: &str) -> Result<Tokenized, TokenizeError> {
    let (text, notices) = repair(input);
    let chars: Vec<char> = text.chars().collect();
    let mut b = Builder::default();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if !b.in_word {
            b.word_start = i;
        }
        if let Some((part, next)) = (c == '$').then(|| expansion_at(&chars, i)).flatten() {
            b.expansion(part.map_err(TokenizeError)?);
            i = next;
            continue;
        }
        match c {
            '\\' => match chars.get(i + 1) {
                Some('\n') => {
                    i += 2;
                    continue;
                }
                Some(n) => {
                    b.word.push(*n);
                    b.in_word = true;
                    i += 2;
                    continue;
                }
                None => {
                    i += 1;
                    continue;
                }
            },
            '\'' => {
                b.in_word = true;
                i += 1;
                loop {
                    match chars.get(i) {
                        None => {
                            return Err(TokenizeError(
                                "unexpected end of input: a single quote (') was never closed"
                                    .into(),
                            ))
                        }
                        Some('\'') => break,
                        Some(ch) => b.word.push(*ch),
                    }
                    i += 1;
                }
            }
            '"' => {
                b.in_word = true;
                i += 1;
                loop {
                    match chars.get(i) {
                        None => {
                            return Err(TokenizeError(
                                "unexpected end of input: a double quote (\") was never closed"
                                    .into(),
                            ))
                        }
                        Some('"') => break,
                        Some('\\')
                            if matches!(
                                chars.get(i + 1),
                                Some('"') | Some('\\') | Some('$') | Some('`')
                            ) =>
                        {
                            b.word.push(chars[i + 1]);
                            i += 1;
                        }
                        Some('\\') if chars.get(i + 1) == Some(&'\n') => {
                            i += 1;
                        }
                        Some('$') if let Some((part, next)) = expansion_at(&chars, i) => {
                            b.expansion(match part.map_err(TokenizeError)? {
                                Part::Var { name, .. } => Part::Var { name, quoted: true },
                                Part::Command { text, .. } => Part::Command { text, quoted: true },
                                t => t,
                            });
                            i = next;
                            continue;
                        }
                        Some(ch) => b.word.push(*ch),
                    }
                    i += 1;
                }
            }
            '#' if !b.in_word => {
                while i < chars.len() && chars[i] != '\n' {
                    i += 1;
                }
                continue;
            }
            '\n' | ';' => {
                b.finish_command(&chars, i);
                b.start = i + 1;
            }
            '&' | '|' if chars.get(i + 1) == Some(&c) => {
                b.finish_command(&chars, i);
                i += 2;
                b.start = i;
                continue;
            }
            c if c.is_whitespace() => b.finish_word(&chars, i),
            c => {
                b.word.push(c);
                b.in_word = true;
            }
        }
        i += 1;
    }
    b.finish_command(&chars, chars.len());
    Ok(Tokenized {
        commands: b.commands,
        notices,
    })
}

/// The expansion starting at `chars[i] == '$'`, and the index after it: `$NAME`, `${NAME}` or
/// `$(...)` (up to the matching parenthesis, quotes inside respected). None: a plain `$`. Err:
/// never closed.
#[allow(clippy::type_complexity)]
fn expansion_at(chars: &[char], i: usize) -> Option<(Result<Part, String>, usize)> {
    let name_char = |c: &char| c.is_ascii_alphanumeric() || *c == '_';
    match chars.get(i + 1)? {
        c if c.is_ascii_alphabetic() || *c == '_' => {
            let end = (i + 1..chars.len())
                .find(|&j| !name_char(&chars[j]))
                .unwrap_or(chars.len());
            Some((
                Ok(Part::Var {
                    name: chars[i + 1..end].iter().collect(),
                    quoted: false,
                }),
                end,
            ))
        }
        '{' => {
            let close = (i + 2..chars.len()).find(|&j| chars[j] == '}');
            let Some(close) = close else {
                return Some((
                    Err("unexpected end of input: a ${ was never closed by }".into()),
                    chars.len(),
                ));
            };
            let name: String = chars[i + 2..close].iter().collect();
            if name.is_empty()
                || !name.chars().all(|c| name_char(&c))
                || name.starts_with(|c: char| c.is_ascii_digit())
            {
                return Some((
                    Err(format!(
                        "${{{name}}}: bad substitution (only ${{NAME}} is supported)"
                    )),
                    close + 1,
                ));
            }
            Some((
                Ok(Part::Var {
                    name,
                    quoted: false,
                }),
                close + 1,
            ))
        }
        '(' => {
            let (mut depth, mut j, mut quote) = (1, i + 2, None::<char>);
            while j < chars.len() {
                match (quote, chars[j]) {
                    (Some(q), c) if c == q => quote = None,
                    (Some(_), _) => {}
                    (None, '\\') => j += 1,
                    (None, c @ ('\'' | '"')) => quote = Some(c),
                    (None, '(') => depth += 1,
                    (None, ')') => {
                        depth -= 1;
                        if depth == 0 {
                            return Some((
                                Ok(Part::Command {
                                    text: chars[i + 2..j].iter().collect(),
                                    quoted: false,
                                }),
                                j + 1,
                            ));
                        }
                    }
                    _ => {}
                }
                j += 1;
            }
            Some((
                Err("unexpected end of input: a $( was never closed by )".into()),
                chars.len(),
            ))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<Vec<String>> {
        tokenize(s)
            .unwrap()
            .commands
            .into_iter()
            .map(|c| c.words)
            .collect()
    }

    #[test]
    fn shell_words() {
        assert_eq!(
            words("aws ecs list-tasks --cluster 'my cluster'"),
            vec![vec!["aws", "ecs", "list-tasks", "--cluster", "my cluster"]]
        );
        assert_eq!(
            words("a \"b \\\"c\\\"\" d\\ e"),
            vec![vec!["a", "b \"c\"", "d e"]]
        );
        assert_eq!(
            words("aws ecs \\\n  list-clusters # comment\naws ec2 describe-vpcs"),
            vec![
                vec!["aws", "ecs", "list-clusters"],
                vec!["aws", "ec2", "describe-vpcs"]
            ]
        );
        assert_eq!(words("a; b && c"), vec![vec!["a"], vec!["b"], vec!["c"]]);
        assert_eq!(words("x=''"), vec![vec!["x="]]);
        assert!(tokenize("echo 'oops").is_err());
    }

    #[test]
    fn expansions_are_kept_as_parts_until_the_command_runs() {
        let t = tokenize("X=$(aws ecs list-clusters --query 'a)b') && echo \"$X-${Y}\" '$Z' $")
            .unwrap();
        assert_eq!(
            t.commands[0].words,
            vec!["X=$(aws ecs list-clusters --query 'a)b')"]
        );
        let parts = t.commands[0].parts.as_ref().expect("an expansion");
        assert!(parts[0].contains(&Part::Command {
            text: "aws ecs list-clusters --query 'a)b'".into(),
            quoted: false
        }));
        let echo = t.commands[1].parts.as_ref().expect("an expansion");
        assert!(
            echo[1].contains(&Part::Var {
                name: "X".into(),
                quoted: true
            }) && echo[1].contains(&Part::Var {
                name: "Y".into(),
                quoted: true
            })
        );
        assert_eq!(
            echo[2],
            vec![Part::Text("$Z".into())],
            "single quotes: no expansion"
        );
        assert_eq!(echo[3], vec![Part::Text("$".into())], "a lone $ is literal");
        assert_eq!(tokenize("echo hi").unwrap().commands[0].parts, None);
    }

    #[test]
    fn paste_repairs() {
        let t = tokenize("aws ecs list-tasks \u{2013}cluster \u{201C}ECSDemo\u{201D}\u{00A0}--desired-status RUNNING").unwrap();
        assert_eq!(
            t.commands[0].words,
            vec![
                "aws",
                "ecs",
                "list-tasks",
                "--cluster",
                "ECSDemo",
                "--desired-status",
                "RUNNING"
            ]
        );
        assert_eq!(t.notices.len(), 3);
        let t =
            tokenize("´´´sh\naws elbv2 create-listener --protocol HTTP\\ --port 80\n´´´").unwrap();
        assert_eq!(
            t.commands[0].words,
            vec![
                "aws",
                "elbv2",
                "create-listener",
                "--protocol",
                "HTTP",
                "--port",
                "80"
            ]
        );
        let t = tokenize("$ aws ecs list-clusters").unwrap();
        assert_eq!(t.commands[0].words, vec!["aws", "ecs", "list-clusters"]);
    }
}
