//! The AWS CLI shorthand syntax (`k=v,k2=[a,b],k3={x=1}`, `k=a,b` for a list), ported from
//! awscli/shorthand.py so values, backtracking and error messages match the real CLI.

#[derive(Debug, Clone, PartialEq)]
pub enum ShValue {
    Str(String),
    List(Vec<ShValue>),
    Map(Vec<(String, ShValue)>),
}

#[derive(Debug, Clone, PartialEq)]
pub enum ShorthandErrorKind {
    /// `Expected: 'x', received: 'y' for input:`
    Syntax { expected: String, actual: String },
    /// `Second instance of key "k" encountered for input:`
    DuplicateKey { key: String },
}

#[derive(Debug, Clone, PartialEq)]
pub struct ShorthandError {
    pub kind: ShorthandErrorKind,
    pub index: usize,
    pub input: String,
}

impl ShorthandError {
    pub fn expected(&self) -> Option<&str> {
        match &self.kind {
            ShorthandErrorKind::Syntax { expected, .. } => Some(expected),
            _ => None,
        }
    }
    pub fn actual(&self) -> Option<&str> {
        match &self.kind {
            ShorthandErrorKind::Syntax { actual, .. } => Some(actual),
            _ => None,
        }
    }

    /// The input with a caret under the error (ShorthandParseError._error_location).
    fn location(&self) -> String {
        let chars: Vec<char> = self.input.chars().collect();
        let index = self.index.min(chars.len());
        let before: String = chars[..index].iter().collect();
        let after: String = chars[index..].iter().collect();
        let spaces = match before.rfind('\n') {
            Some(nl) => before[nl + 1..].chars().count(),
            None => index,
        };
        let (consumed, remaining) = match after.find('\n') {
            Some(nl) => (format!("{before}{}", &after[..nl]), after[nl..].to_string()),
            None => (self.input.clone(), String::new()),
        };
        format!("{consumed}\n{}^{remaining}", " ".repeat(spaces))
    }
}

impl std::fmt::Display for ShorthandError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.kind {
            ShorthandErrorKind::Syntax { expected, actual } => {
                write!(f, "Expected: '{expected}', received: '{actual}' for input:\n{}", self.location())
            }
            ShorthandErrorKind::DuplicateKey { key } => write!(
                f,
                "Second instance of key \"{key}\" encountered for input:\n{}\nThis is often because there is a preceding \",\" instead of a space.",
                self.location()
            ),
        }
    }
}

fn in_ranges(c: char, ranges: &[(char, char)]) -> bool {
    ranges.iter().any(|(a, b)| (*a..=*b).contains(&c))
}

// The character classes of shorthand.py (_START_WORD, _FIRST_FOLLOW_CHARS, _SECOND_FOLLOW_CHARS).
fn start_word(c: char) -> bool {
    in_ranges(
        c,
        &[
            ('!', '!'),
            ('#', '&'),
            ('(', '+'),
            ('-', '<'),
            ('>', 'Z'),
            ('\\', 'z'),
            ('|', '\u{ffff}'),
        ],
    ) || c > '\u{ffff}'
}
fn first_follow(c: char) -> bool {
    c.is_whitespace()
        || in_ranges(
            c,
            &[
                ('!', '!'),
                ('#', '&'),
                ('(', '+'),
                ('-', '\\'),
                ('^', '|'),
                ('~', '\u{ffff}'),
            ],
        )
        || c > '\u{ffff}'
}
fn second_follow(c: char) -> bool {
    c.is_whitespace()
        || in_ranges(
            c,
            &[
                ('!', '!'),
                ('#', '&'),
                ('(', '+'),
                ('-', '<'),
                ('>', '\u{ffff}'),
            ],
        )
        || c > '\u{ffff}'
}
fn key_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "-_.#/:".contains(c)
}

struct Parser<'a> {
    s: Vec<char>,
    i: usize,
    input: &'a str,
}

impl<'a> Parser<'a> {
    fn syntax(&self, expected: &str, actual: String) -> ShorthandError {
        ShorthandError {
            kind: ShorthandErrorKind::Syntax {
                expected: expected.into(),
                actual,
            },
            index: self.i,
            input: self.input.into(),
        }
    }
    fn eof(&self) -> bool {
        self.i >= self.s.len()
    }
    fn current(&self) -> Option<char> {
        self.s.get(self.i).copied()
    }
    fn ws(&mut self) {
        while self.current().is_some_and(|c| c.is_whitespace()) {
            self.i += 1;
        }
    }
    fn expect(&mut self, c: char, consume_ws: bool) -> Result<(), ShorthandError> {
        if consume_ws {
            self.ws();
        }
        match self.current() {
            None => return Err(self.syntax(&c.to_string(), "EOF".into())),
            Some(a) if a != c => return Err(self.syntax(&c.to_string(), a.to_string())),
            _ => {}
        }
        self.i += 1;
        if consume_ws {
            self.ws();
        }
        Ok(())
    }

    fn parameter(&mut self) -> Result<Vec<(String, ShValue)>, ShorthandError> {
        let mut params: Vec<(String, ShValue)> = vec![];
        params.push(self.keyval()?);
        let mut last_index = self.i;
        while !self.eof() {
            self.expect(',', true)?;
            let (k, v) = self.keyval()?;
            if params.iter().any(|(p, _)| *p == k) {
                return Err(ShorthandError {
                    kind: ShorthandErrorKind::DuplicateKey { key: k },
                    index: last_index + 1,
                    input: self.input.into(),
                });
            }
            params.push((k, v));
            last_index = self.i;
        }
        Ok(params)
    }

    fn keyval(&mut self) -> Result<(String, ShValue), ShorthandError> {
        let key = self.key();
        // `key@=file://...` loads a file; the sandbox parses it like `key=`.
        let save = self.i;
        if self.expect('@', true).is_err() {
            self.i = save;
        }
        self.expect('=', true)?;
        Ok((key, self.values()?))
    }

    fn key(&mut self) -> String {
        let start = self.i;
        while self.current().is_some_and(key_char) {
            self.i += 1;
        }
        self.s[start..self.i].iter().collect()
    }

    fn values(&mut self) -> Result<ShValue, ShorthandError> {
        match self.current() {
            None => Ok(ShValue::Str(String::new())),
            Some('[') => self.explicit_list(),
            Some('{') => self.hash_literal(),
            Some(_) => self.csv_value(),
        }
    }

    fn csv_value(&mut self) -> Result<ShValue, ShorthandError> {
        let first = self.first_value()?;
        self.ws();
        if self.eof() || self.current() != Some(',') {
            return Ok(ShValue::Str(first));
        }
        self.expect(',', true)?;
        let mut list = vec![ShValue::Str(first.clone())];
        loop {
            match self.second_value() {
                Ok(v) => {
                    self.ws();
                    if self.eof() {
                        list.push(ShValue::Str(v));
                        break;
                    }
                    match self.expect(',', true) {
                        Ok(()) => list.push(ShValue::Str(v)),
                        Err(e) => {
                            if self.eof() {
                                return Err(e);
                            }
                            self.backtrack_to(',');
                            break;
                        }
                    }
                }
                Err(e) => {
                    if self.eof() {
                        return Err(e);
                    }
                    self.backtrack_to(',');
                    break;
                }
            }
        }
        Ok(if list.len() == 1 {
            ShValue::Str(first)
        } else {
            ShValue::List(list)
        })
    }

    fn backtrack_to(&mut self, c: char) {
        loop {
            if self.s.get(self.i) == Some(&c) {
                return;
            }
            if self.i == 0 {
                return;
            }
            self.i -= 1;
        }
    }

    /// A bare value matched by `first` or `second` rules (escaped commas allowed).
    fn bare(&mut self, follow: fn(char) -> bool) -> Option<String> {
        let start = self.i;
        let mut j = self.i;
        let first_ok = |j: usize| -> Option<usize> {
            match (self.s.get(j), self.s.get(j + 1)) {
                (Some('\\'), Some(',')) => Some(2),
                (Some(c), _) if start_word(*c) => Some(1),
                _ => None,
            }
        };
        j += first_ok(j)?;
        loop {
            match (self.s.get(j), self.s.get(j + 1)) {
                (Some('\\'), Some(',')) => j += 2,
                (Some(c), _) if follow(*c) => j += 1,
                _ => break,
            }
        }
        self.i = j;
        let raw: String = self.s[start..j].iter().collect();
        Some(raw.replace("\\,", ",").trim_end().to_string())
    }

    fn first_value(&mut self) -> Result<String, ShorthandError> {
        match self.current() {
            Some('\'') => self.quoted('\''),
            Some('"') => self.quoted('"'),
            _ => Ok(self.bare(first_follow).unwrap_or_default()),
        }
    }

    fn second_value(&mut self) -> Result<String, ShorthandError> {
        match self.current() {
            Some('\'') => self.quoted('\''),
            Some('"') => self.quoted('"'),
            _ => self
                .bare(second_follow)
                .ok_or_else(|| self.syntax("<second>", "<none>".into())),
        }
    }

    fn quoted(&mut self, q: char) -> Result<String, ShorthandError> {
        let start = self.i;
        let mut j = self.i + 1;
        loop {
            match self.s.get(j) {
                None => {
                    let name = if q == '\'' {
                        "singled quoted"
                    } else {
                        "double quoted"
                    };
                    return Err(self.syntax(&format!("<{name}>"), "<none>".into()));
                }
                Some('\\') if self.s.get(j + 1) == Some(&q) => j += 2,
                Some(c) if *c == q => break,
                Some(_) => j += 1,
            }
        }
        self.i = j + 1;
        let inner: String = self.s[start + 1..j].iter().collect();
        Ok(inner
            .replace(&format!("\\{q}"), &q.to_string())
            .replace("\\\\", "\\"))
    }

    fn explicit_list(&mut self) -> Result<ShValue, ShorthandError> {
        self.expect('[', true)?;
        let mut values = vec![];
        while self.current() != Some(']') {
            if self.eof() {
                return Err(self.syntax("]", "EOF".into()));
            }
            values.push(self.explicit_values()?);
            self.ws();
            if self.current() != Some(']') {
                self.expect(',', false)?;
                self.ws();
            }
        }
        self.expect(']', false)?;
        Ok(ShValue::List(values))
    }

    fn explicit_values(&mut self) -> Result<ShValue, ShorthandError> {
        match self.current() {
            Some('[') => self.explicit_list(),
            Some('{') => self.hash_literal(),
            _ => Ok(ShValue::Str(self.first_value()?)),
        }
    }

    fn hash_literal(&mut self) -> Result<ShValue, ShorthandError> {
        self.expect('{', true)?;
        let mut pairs: Vec<(String, ShValue)> = vec![];
        while self.current() != Some('}') {
            if self.eof() {
                return Err(self.syntax("}", "EOF".into()));
            }
            let key = self.key();
            let save = self.i;
            if self.expect('@', true).is_err() {
                self.i = save;
            }
            self.expect('=', true)?;
            let v = self.explicit_values()?;
            self.ws();
            if self.current() != Some('}') {
                self.expect(',', false)?;
                self.ws();
            }
            match pairs.iter_mut().find(|(k, _)| *k == key) {
                Some(p) => p.1 = v,
                None => pairs.push((key, v)),
            }
        }
        self.expect('}', false)?;
        Ok(ShValue::Map(pairs))
    }
}

pub fn parse(input: &str) -> Result<Vec<(String, ShValue)>, ShorthandError> {
    let mut p = Parser {
        s: input.chars().collect(),
        i: 0,
        input,
    };
    p.parameter()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &str) -> ShValue {
        ShValue::Str(v.into())
    }

    #[test]
    fn documented_forms() {
        assert_eq!(parse("type=ECS").unwrap(), vec![("type".into(), s("ECS"))]);
        assert_eq!(
            parse("Type=forward,TargetGroupArn=arn:aws:elasticloadbalancing:us-east-1:123:targetgroup/x/1").unwrap()[1],
            ("TargetGroupArn".into(), s("arn:aws:elasticloadbalancing:us-east-1:123:targetgroup/x/1"))
        );
        let v = parse("awsvpcConfiguration={subnets=[a,b],assignPublicIp=ENABLED}").unwrap();
        assert_eq!(
            v[0].1,
            ShValue::Map(vec![
                ("subnets".into(), ShValue::List(vec![s("a"), s("b")])),
                ("assignPublicIp".into(), s("ENABLED"))
            ])
        );
        assert_eq!(
            parse("Field=path-pattern,Values='/api/*'").unwrap()[1].1,
            s("/api/*")
        );
        assert_eq!(
            parse("Key=a,Values=x,y").unwrap()[1].1,
            ShValue::List(vec![s("x"), s("y")])
        );
        assert_eq!(
            parse("a=x,y,b=z").unwrap(),
            vec![
                ("a".into(), ShValue::List(vec![s("x"), s("y")])),
                ("b".into(), s("z"))
            ]
        );
        assert_eq!(
            parse("expression=\"attribute:ecs.instance-type =~ t3.*\",type=memberOf").unwrap()[0].1,
            s("attribute:ecs.instance-type =~ t3.*")
        );
        assert_eq!(parse("a=b\\,c").unwrap()[0].1, s("b,c"));
        assert_eq!(parse("a=").unwrap()[0].1, s(""));
    }

    #[test]
    fn errors_match_the_cli() {
        // Messages as awscli/shorthand.py prints them.
        assert_eq!(
            parse("Name-webappserver").unwrap_err().to_string(),
            "Expected: '=', received: 'EOF' for input:\nName-webappserver\n                 ^"
        );
        assert_eq!(
            parse("awsvpcConfiguration={subnets=[a,b],assignPublicIp=ENABLED").unwrap_err().to_string(),
            "Expected: ',', received: 'EOF' for input:\nawsvpcConfiguration={subnets=[a,b],assignPublicIp=ENABLED\n                                                         ^"
        );
        assert_eq!(
            parse("a=b,a=c").unwrap_err().to_string(),
            "Second instance of key \"a\" encountered for input:\na=b,a=c\n    ^\nThis is often because there is a preceding \",\" instead of a space."
        );
        assert!(parse("a=[1,2").is_err());
        assert!(parse("a='x").is_err());
    }
}
