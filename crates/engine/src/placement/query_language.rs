//! The ECS cluster query language (memberOf constraints and `list-container-instances --filter`;
//! docs/placement.md#cluster-query-language).
//!
//! ```text
//! expr := or ; or := and {("or"|"||") and} ; and := not {("and"|"&&") not}
//! not  := ("not"|"!") not | "(" expr ")" | predicate
//! predicate := subject op [argument]     argument := literal | "[" literal {"," literal} "]"
//! ```
//! Regular expressions are full-match (the docs give Java regexes; full match is the safe reading).

use std::cmp::Ordering;

#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    Or(Box<Expr>, Box<Expr>),
    And(Box<Expr>, Box<Expr>),
    Not(Box<Expr>),
    Pred(Predicate),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Predicate {
    pub subject: Subject,
    pub op: Op,
    pub args: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Subject {
    AgentConnected,
    AgentVersion,
    Ec2InstanceId,
    RegisteredAt,
    RunningTasksCount,
    TaskGroup,
    Attribute(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Eq,
    Ne,
    Gt,
    Ge,
    Lt,
    Le,
    Exists,
    NotExists,
    In,
    NotIn,
    Matches,
    NotMatches,
}

/// Looks up an attribute: None = absent, Some(None) = present without a value.
pub type AttributeLookup<'a> = Box<dyn Fn(&str) -> Option<Option<String>> + 'a>;

/// What a predicate can ask about one container instance.
pub struct InstanceFacts<'a> {
    pub agent_connected: bool,
    pub agent_version: &'a str,
    pub ec2_instance_id: &'a str,
    /// ISO-8601 UTC.
    pub registered_at: String,
    pub running_tasks_count: u64,
    pub task_groups: Vec<String>,
    pub attribute: AttributeLookup<'a>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryError(pub String);

impl std::fmt::Display for QueryError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Word(String),
    Quoted(String),
    LParen,
    RParen,
    LBracket,
    RBracket,
    Comma,
}

fn lex(text: &str) -> Result<Vec<Tok>, QueryError> {
    let mut out = vec![];
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            c if c.is_whitespace() => i += 1,
            '(' => {
                out.push(Tok::LParen);
                i += 1
            }
            ')' => {
                out.push(Tok::RParen);
                i += 1
            }
            '[' => {
                out.push(Tok::LBracket);
                i += 1
            }
            ']' => {
                out.push(Tok::RBracket);
                i += 1
            }
            ',' => {
                out.push(Tok::Comma);
                i += 1
            }
            '\'' | '"' => {
                let q = c;
                let mut s = String::new();
                i += 1;
                while i < chars.len() && chars[i] != q {
                    s.push(chars[i]);
                    i += 1;
                }
                if i >= chars.len() {
                    return Err(QueryError(format!(
                        "unterminated quoted value starting with {q}{s}"
                    )));
                }
                i += 1;
                out.push(Tok::Quoted(s));
            }
            _ => {
                let mut s = String::new();
                while i < chars.len() && !chars[i].is_whitespace() && !"()[],'\"".contains(chars[i])
                {
                    s.push(chars[i]);
                    i += 1;
                }
                out.push(Tok::Word(s));
            }
        }
    }
    Ok(out)
}

struct Parser {
    toks: Vec<Tok>,
    pos: usize,
}

fn op_of(word: &str) -> Option<Op> {
    Some(match word {
        "==" | "equals" => Op::Eq,
        "!=" | "not_equals" => Op::Ne,
        ">" | "greater_than" => Op::Gt,
        ">=" | "greater_than_equal" => Op::Ge,
        "<" | "less_than" => Op::Lt,
        "<=" | "less_than_equal" => Op::Le,
        "exists" => Op::Exists,
        "!exists" | "not_exists" => Op::NotExists,
        "in" => Op::In,
        "!in" | "not_in" => Op::NotIn,
        "=~" | "matches" => Op::Matches,
        "!~" | "not_matches" => Op::NotMatches,
        _ => return None,
    })
}

impl Parser {
    fn peek_word(&self) -> Option<&str> {
        match self.toks.get(self.pos) {
            Some(Tok::Word(w)) => Some(w),
            _ => None,
        }
    }
    fn expr(&mut self) -> Result<Expr, QueryError> {
        let mut left = self.and()?;
        while matches!(self.peek_word(), Some("or") | Some("||")) {
            self.pos += 1;
            let right = self.and()?;
            left = Expr::Or(Box::new(left), Box::new(right));
        }
        Ok(left)
    }
    fn and(&mut self) -> Result<Expr, QueryError> {
        let mut left = self.not()?;
        while matches!(self.peek_word(), Some("and") | Some("&&")) {
            self.pos += 1;
            let right = self.not()?;
            left = Expr::And(Box::new(left), Box::new(right));
        }
        Ok(left)
    }
    fn not(&mut self) -> Result<Expr, QueryError> {
        match self.toks.get(self.pos) {
            Some(Tok::Word(w)) if w == "not" || w == "!" => {
                self.pos += 1;
                Ok(Expr::Not(Box::new(self.not()?)))
            }
            Some(Tok::Word(w))
                if w.starts_with('!')
                    && w.len() > 1
                    && !w.starts_with("!=")
                    && !w.starts_with("!~") =>
            {
                // `!(…)` lexes as "!" then "(" — but `!attribute:x` has no space.
                Err(QueryError(format!(
                    "unexpected '{w}': put a space or parentheses after '!'"
                )))
            }
            Some(Tok::LParen) => {
                self.pos += 1;
                let e = self.expr()?;
                if self.toks.get(self.pos) != Some(&Tok::RParen) {
                    return Err(QueryError("missing ')'".into()));
                }
                self.pos += 1;
                Ok(e)
            }
            _ => self.predicate(),
        }
    }
    fn predicate(&mut self) -> Result<Expr, QueryError> {
        let subject_word = match self.toks.get(self.pos) {
            Some(Tok::Word(w)) => w.clone(),
            Some(t) => {
                return Err(QueryError(format!(
                    "expected a subject (e.g. attribute:ecs.instance-type), found {t:?}"
                )))
            }
            None => {
                return Err(QueryError(
                    "expected an expression, found the end of the input".into(),
                ))
            }
        };
        self.pos += 1;
        let subject = match subject_word.as_str() {
            "agentConnected" => Subject::AgentConnected,
            "agentVersion" => Subject::AgentVersion,
            "ec2InstanceId" => Subject::Ec2InstanceId,
            "registeredAt" => Subject::RegisteredAt,
            "runningTasksCount" => Subject::RunningTasksCount,
            "task:group" => Subject::TaskGroup,
            w if w.starts_with("attribute:") && w.len() > "attribute:".len() => Subject::Attribute(w["attribute:".len()..].to_string()),
            w => {
                return Err(QueryError(format!(
                    "unknown subject '{w}': use agentConnected, agentVersion, ec2InstanceId, registeredAt, runningTasksCount, task:group or attribute:NAME"
                )))
            }
        };
        let op_word = self
            .peek_word()
            .map(str::to_string)
            .ok_or_else(|| QueryError(format!("expected an operator after '{subject_word}'")))?;
        let op = op_of(&op_word).ok_or_else(|| {
            QueryError(format!(
                "unknown operator '{op_word}' after '{subject_word}'"
            ))
        })?;
        self.pos += 1;
        let allowed: &[Op] = match subject {
            Subject::AgentConnected | Subject::Ec2InstanceId => &[
                Op::Eq,
                Op::Ne,
                Op::In,
                Op::NotIn,
                Op::Matches,
                Op::NotMatches,
            ],
            Subject::AgentVersion | Subject::RegisteredAt | Subject::RunningTasksCount => {
                &[Op::Eq, Op::Ne, Op::Gt, Op::Ge, Op::Lt, Op::Le]
            }
            Subject::TaskGroup | Subject::Attribute(_) => &[
                Op::Eq,
                Op::Ne,
                Op::Gt,
                Op::Ge,
                Op::Lt,
                Op::Le,
                Op::Exists,
                Op::NotExists,
                Op::In,
                Op::NotIn,
                Op::Matches,
                Op::NotMatches,
            ],
        };
        if !allowed.contains(&op) {
            return Err(QueryError(format!(
                "operator '{op_word}' cannot be used with '{subject_word}'"
            )));
        }
        let args = match op {
            Op::Exists | Op::NotExists => vec![],
            Op::In | Op::NotIn => {
                if self.toks.get(self.pos) != Some(&Tok::LBracket) {
                    return Err(QueryError(format!(
                        "'{op_word}' takes a list such as [a, b]"
                    )));
                }
                self.pos += 1;
                let mut list = vec![];
                loop {
                    match self.toks.get(self.pos) {
                        Some(Tok::Word(w)) | Some(Tok::Quoted(w)) => list.push(w.clone()),
                        _ => return Err(QueryError("expected a value in the list".into())),
                    }
                    self.pos += 1;
                    match self.toks.get(self.pos) {
                        Some(Tok::Comma) => self.pos += 1,
                        Some(Tok::RBracket) => {
                            self.pos += 1;
                            break;
                        }
                        _ => return Err(QueryError("expected ',' or ']' in the list".into())),
                    }
                }
                list
            }
            _ => match self.toks.get(self.pos) {
                Some(Tok::Word(w)) | Some(Tok::Quoted(w)) => {
                    self.pos += 1;
                    vec![w.clone()]
                }
                _ => {
                    return Err(QueryError(format!(
                        "expected a value after '{subject_word} {op_word}'"
                    )))
                }
            },
        };
        if matches!(op, Op::Matches | Op::NotMatches) {
            regex_lite::Regex::new(&format!("^(?:{})$", args[0])).map_err(|e| {
                QueryError(format!("invalid regular expression '{}': {e}", args[0]))
            })?;
        }
        Ok(Expr::Pred(Predicate { subject, op, args }))
    }
}

/// Parses an expression (at most 2000 characters, as AWS allows).
pub fn parse(text: &str) -> Result<Expr, QueryError> {
    if text.chars().count() > 2000 {
        return Err(QueryError(
            "the expression is longer than 2000 characters".into(),
        ));
    }
    let toks = lex(text)?;
    let mut p = Parser { toks, pos: 0 };
    let e = p.expr()?;
    if p.pos < p.toks.len() {
        return Err(QueryError(format!(
            "unexpected {:?} after a complete expression",
            p.toks[p.pos]
        )));
    }
    Ok(e)
}

fn compare_versions(a: &str, b: &str) -> Ordering {
    let parse = |s: &str| {
        s.split('.')
            .map(|p| p.parse::<u64>().unwrap_or(0))
            .collect::<Vec<_>>()
    };
    parse(a).cmp(&parse(b))
}

fn normalize_date(s: &str) -> String {
    // Accept 2018-06-18, 2018-06-18T22:28:28, ...Z and ...+00:00; compare as UTC text.
    let s = s.trim_end_matches('Z').trim_end_matches("+00:00");
    let s = s.split('.').next().unwrap_or(s);
    if s.len() == 10 {
        format!("{s}T00:00:00")
    } else {
        s.to_string()
    }
}

fn compare(op: Op, have: &str, want: &str, how: fn(&str, &str) -> Ordering) -> bool {
    let o = how(have, want);
    match op {
        Op::Eq => o == Ordering::Equal,
        Op::Ne => o != Ordering::Equal,
        Op::Gt => o == Ordering::Greater,
        Op::Ge => o != Ordering::Less,
        Op::Lt => o == Ordering::Less,
        Op::Le => o != Ordering::Greater,
        _ => false,
    }
}

fn string_pred(op: Op, values: &[String], args: &[String], present: bool) -> bool {
    let full = |pat: &str, v: &str| {
        regex_lite::Regex::new(&format!("^(?:{pat})$"))
            .map(|r| r.is_match(v))
            .unwrap_or(false)
    };
    match op {
        Op::Exists => present,
        Op::NotExists => !present,
        Op::Eq => values.iter().any(|v| v == &args[0]),
        Op::Ne => !values.iter().any(|v| v == &args[0]),
        Op::In => values.iter().any(|v| args.contains(v)),
        Op::NotIn => !values.iter().any(|v| args.contains(v)),
        Op::Matches => values.iter().any(|v| full(&args[0], v)),
        Op::NotMatches => !values.iter().any(|v| full(&args[0], v)),
        Op::Gt | Op::Ge | Op::Lt | Op::Le => values
            .iter()
            .any(|v| compare(op, v, &args[0], |a, b| a.cmp(b))),
    }
}

pub fn eval(e: &Expr, f: &InstanceFacts) -> bool {
    match e {
        Expr::Or(a, b) => eval(a, f) || eval(b, f),
        Expr::And(a, b) => eval(a, f) && eval(b, f),
        Expr::Not(a) => !eval(a, f),
        Expr::Pred(p) => match &p.subject {
            Subject::AgentConnected => {
                string_pred(p.op, &[f.agent_connected.to_string()], &p.args, true)
            }
            Subject::Ec2InstanceId => {
                string_pred(p.op, &[f.ec2_instance_id.to_string()], &p.args, true)
            }
            Subject::AgentVersion => compare(p.op, f.agent_version, &p.args[0], compare_versions),
            Subject::RegisteredAt => compare(
                p.op,
                &normalize_date(&f.registered_at),
                &normalize_date(&p.args[0]),
                |a, b| a.cmp(b),
            ),
            Subject::RunningTasksCount => compare(
                p.op,
                &f.running_tasks_count.to_string(),
                &p.args[0],
                |a, b| {
                    a.parse::<i64>()
                        .unwrap_or(0)
                        .cmp(&b.parse::<i64>().unwrap_or(i64::MIN))
                },
            ),
            Subject::TaskGroup => {
                string_pred(p.op, &f.task_groups, &p.args, !f.task_groups.is_empty())
            }
            Subject::Attribute(name) => match (f.attribute)(name) {
                None => matches!(p.op, Op::NotExists | Op::Ne | Op::NotIn | Op::NotMatches),
                Some(v) => string_pred(p.op, &v.into_iter().collect::<Vec<_>>(), &p.args, true),
            },
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts<'a>(itype: &'a str, az: &'a str, groups: Vec<String>) -> InstanceFacts<'a> {
        InstanceFacts {
            agent_connected: true,
            agent_version: "1.89.0",
            ec2_instance_id: "i-0123456789abcdef0",
            registered_at: "2026-01-05T09:00:20.000000+00:00".into(),
            running_tasks_count: 2,
            task_groups: groups,
            attribute: Box::new(move |name| match name {
                "ecs.instance-type" => Some(Some(itype.to_string())),
                "ecs.availability-zone" => Some(Some(az.to_string())),
                "ecs.capability.task-eni" => Some(None),
                _ => None,
            }),
        }
    }

    fn check(expr: &str, f: &InstanceFacts) -> bool {
        eval(&parse(expr).unwrap_or_else(|e| panic!("{expr}: {e}")), f)
    }

    #[test]
    fn documented_examples() {
        let f = facts("t3.medium", "us-east-1a", vec!["service:web".into()]);
        assert!(check("attribute:ecs.instance-type == t3.medium", &f));
        assert!(check("attribute:ecs.instance-type =~ t3.*", &f));
        assert!(!check("attribute:ecs.instance-type =~ t2.*", &f));
        assert!(check(
            "attribute:ecs.availability-zone in [us-east-1a, us-east-1b]",
            &f
        ));
        assert!(check("not(task:group == database)", &f));
        assert!(check("task:group == service:web", &f));
        assert!(check("attribute:ecs.capability.task-eni exists", &f));
        assert!(check("attribute:stack !exists", &f));
        assert!(check(
            "agentVersion >= 1.14.5 and runningTasksCount < 3",
            &f
        ));
        assert!(check("registeredAt > 2026-01-01", &f));
        assert!(check("ec2InstanceId == 'i-0123456789abcdef0'", &f));
        assert!(check("(attribute:ecs.instance-type == t2.micro or attribute:ecs.instance-type == t3.medium) && agentConnected == true", &f));
    }

    #[test]
    fn parse_errors_are_specific() {
        assert!(parse("attribute:ecs.instance-type ==")
            .unwrap_err()
            .0
            .contains("expected a value"));
        assert!(parse("instance-type == t2.micro")
            .unwrap_err()
            .0
            .contains("unknown subject"));
        assert!(parse("attribute:a in t2").unwrap_err().0.contains("list"));
        assert!(parse("(attribute:a exists").unwrap_err().0.contains(")"));
        assert!(parse("runningTasksCount =~ 1")
            .unwrap_err()
            .0
            .contains("cannot be used"));
        assert!(parse(&"a".repeat(2001)).is_err());
    }
}
