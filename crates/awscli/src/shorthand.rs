//! The AWS CLI shorthand syntax: `k=v,k2=[a,b],k3={x=1}` and `k=a,b` (a list), with the CLI's
//! error format (`Expected: '=', received: 'EOF' for input:` + the input + a caret line).

#[derive(Debug, Clone, PartialEq)]
pub enum ShValue {
    Str(String),
    List(Vec<ShValue>),
    Map(Vec<(String, ShValue)>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct ShorthandError {
    pub expected: String,
    pub actual: String,
    pub index: usize,
    pub input: String,
}

impl std::fmt::Display for ShorthandError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Expected: '{}', received: '{}' for input:\n{}\n{}^",
            self.expected,
            self.actual,
            self.input,
            " ".repeat(self.index)
        )
    }
}

struct P<'a> {
    s: &'a [char],
    i: usize,
    input: &'a str,
}

fn is_key_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '.' || c == ':' || c == '/'
}

impl<'a> P<'a> {
    fn err(&self, expected: &str) -> ShorthandError {
        let actual = match self.s.get(self.i) {
            None => "EOF".to_string(),
            Some(c) => c.to_string(),
        };
        ShorthandError { expected: expected.into(), actual, index: self.i, input: self.input.into() }
    }
    fn ws(&mut self) {
        while self.s.get(self.i).is_some_and(|c| c.is_whitespace()) {
            self.i += 1;
        }
    }
    fn eat(&mut self, c: char) -> Result<(), ShorthandError> {
        self.ws();
        if self.s.get(self.i) == Some(&c) {
            self.i += 1;
            Ok(())
        } else {
            Err(self.err(&c.to_string()))
        }
    }
    fn key(&mut self) -> Result<String, ShorthandError> {
        self.ws();
        let start = self.i;
        while self.s.get(self.i).is_some_and(|c| is_key_char(*c)) {
            self.i += 1;
        }
        if self.i == start {
            return Err(self.err("key"));
        }
        Ok(self.s[start..self.i].iter().collect())
    }
    fn keyvals(&mut self, closing: Option<char>) -> Result<Vec<(String, ShValue)>, ShorthandError> {
        let mut out = vec![];
        loop {
            let k = self.key()?;
            self.eat('=')?;
            let v = self.values(closing)?;
            out.push((k, v));
            self.ws();
            match self.s.get(self.i) {
                Some(',') => {
                    self.i += 1;
                }
                Some(c) if Some(*c) == closing => return Ok(out),
                None if closing.is_none() => return Ok(out),
                _ => return Err(self.err(&closing.map(|c| c.to_string()).unwrap_or_else(|| ",".into()))),
            }
        }
    }
    /// After `key=`: a list literal, a map literal, or one or more comma-separated values.
    fn values(&mut self, closing: Option<char>) -> Result<ShValue, ShorthandError> {
        self.ws();
        match self.s.get(self.i) {
            Some('[') => {
                self.i += 1;
                let mut list = vec![];
                self.ws();
                if self.s.get(self.i) == Some(&']') {
                    self.i += 1;
                    return Ok(ShValue::List(list));
                }
                loop {
                    self.ws();
                    let item = match self.s.get(self.i) {
                        Some('{') => {
                            self.i += 1;
                            let m = self.keyvals(Some('}'))?;
                            self.eat('}')?;
                            ShValue::Map(m)
                        }
                        Some('[') => self.values(Some(']'))?,
                        _ => ShValue::Str(self.scalar(&[',', ']'])?),
                    };
                    list.push(item);
                    self.ws();
                    match self.s.get(self.i) {
                        Some(',') => self.i += 1,
                        Some(']') => {
                            self.i += 1;
                            return Ok(ShValue::List(list));
                        }
                        _ => return Err(self.err("]")),
                    }
                }
            }
            Some('{') => {
                self.i += 1;
                self.ws();
                if self.s.get(self.i) == Some(&'}') {
                    self.i += 1;
                    return Ok(ShValue::Map(vec![]));
                }
                let m = self.keyvals(Some('}'))?;
                self.eat('}')?;
                Ok(ShValue::Map(m))
            }
            _ => {
                let stops: Vec<char> = match closing {
                    Some(c) => vec![',', c],
                    None => vec![','],
                };
                let first = self.scalar(&stops)?;
                let mut items = vec![ShValue::Str(first)];
                // `k=a,b,c`: more values follow a comma unless the text after it is `key=`.
                while self.s.get(self.i) == Some(&',') && !self.next_is_keyval() {
                    self.i += 1;
                    items.push(ShValue::Str(self.scalar(&stops)?));
                }
                Ok(if items.len() == 1 { items.pop().unwrap_or(ShValue::Str(String::new())) } else { ShValue::List(items) })
            }
        }
    }
    fn next_is_keyval(&self) -> bool {
        let mut j = self.i + 1;
        while self.s.get(j).is_some_and(|c| c.is_whitespace()) {
            j += 1;
        }
        let start = j;
        while self.s.get(j).is_some_and(|c| is_key_char(*c)) {
            j += 1;
        }
        while self.s.get(j).is_some_and(|c| c.is_whitespace()) {
            j += 1;
        }
        j > start && self.s.get(j) == Some(&'=')
    }
    /// A quoted or bare value, up to one of `stops`.
    fn scalar(&mut self, stops: &[char]) -> Result<String, ShorthandError> {
        self.ws();
        match self.s.get(self.i) {
            Some(q @ ('\'' | '"')) => {
                let q = *q;
                self.i += 1;
                let mut out = String::new();
                loop {
                    match self.s.get(self.i) {
                        None => return Err(self.err(&q.to_string())),
                        Some('\\') if self.s.get(self.i + 1) == Some(&q) => {
                            out.push(q);
                            self.i += 2;
                        }
                        Some(c) if *c == q => {
                            self.i += 1;
                            break;
                        }
                        Some(c) => {
                            out.push(*c);
                            self.i += 1;
                        }
                    }
                }
                self.ws();
                Ok(out)
            }
            _ => {
                let mut out = String::new();
                while let Some(c) = self.s.get(self.i) {
                    if stops.contains(c) {
                        break;
                    }
                    if *c == '\\' && self.s.get(self.i + 1).is_some_and(|n| stops.contains(n) || *n == '\\') {
                        out.push(self.s[self.i + 1]);
                        self.i += 2;
                        continue;
                    }
                    out.push(*c);
                    self.i += 1;
                }
                Ok(out.trim().to_string())
            }
        }
    }
}

pub fn parse(input: &str) -> Result<Vec<(String, ShValue)>, ShorthandError> {
    let chars: Vec<char> = input.chars().collect();
    let mut p = P { s: &chars, i: 0, input };
    let out = p.keyvals(None)?;
    p.ws();
    if p.i < chars.len() {
        return Err(p.err("EOF"));
    }
    Ok(out)
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
            ShValue::Map(vec![("subnets".into(), ShValue::List(vec![s("a"), s("b")])), ("assignPublicIp".into(), s("ENABLED"))])
        );
        assert_eq!(parse("Field=path-pattern,Values='/api/*'").unwrap()[1].1, s("/api/*"));
        assert_eq!(parse("Key=a,Values=x,y").unwrap()[1].1, ShValue::List(vec![s("x"), s("y")]));
        assert_eq!(parse("expression=\"attribute:ecs.instance-type =~ t3.*\",type=memberOf").unwrap()[0].1, s("attribute:ecs.instance-type =~ t3.*"));
    }

    #[test]
    fn errors_point_at_the_problem() {
        let e = parse("Name-webappserver").unwrap_err();
        assert_eq!(e.to_string(), "Expected: '=', received: 'EOF' for input:\nName-webappserver\n                 ^");
        assert!(parse("a={b=1").is_err());
        assert!(parse("a=[1,2").is_err());
    }
}
