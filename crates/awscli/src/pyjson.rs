//! Python's `json` error messages (CPython's C scanner) ("Expecting ',' delimiter: line 1 column 12
//! (char 11)"), which the AWS CLI prints for invalid JSON values. serde_json parses; this scanner,
//! a port of CPython's json.decoder/json.scanner, only explains a failure the way Python would.

const WS: &[char] = &[' ', '\t', '\n', '\r'];

struct Fail {
    msg: String,
    pos: usize,
}

type Scan = Result<usize, Fail>;

/// Why Python's json.loads rejects `text` (None when Python would accept it).
pub fn error(text: &str) -> Option<String> {
    let s: Vec<char> = text.chars().collect();
    let result = (|| -> Result<(), Fail> {
        let start = skip_ws(&s, 0);
        let end = match scan_once(&s, start, 0)? {
            Some(e) => e,
            None => {
                return Err(Fail {
                    msg: "Expecting value".into(),
                    pos: start,
                })
            }
        };
        let end = skip_ws(&s, end);
        if end != s.len() {
            return Err(Fail {
                msg: "Extra data".into(),
                pos: end,
            });
        }
        Ok(())
    })();
    result.err().map(|f| {
        let before = &s[..f.pos.min(s.len())];
        let lineno = before.iter().filter(|c| **c == '\n').count() + 1;
        let colno = match before.iter().rposition(|c| *c == '\n') {
            Some(nl) => f.pos - nl,
            None => f.pos + 1,
        };
        format!("{}: line {lineno} column {colno} (char {})", f.msg, f.pos)
    })
}

fn skip_ws(s: &[char], mut i: usize) -> usize {
    while i < s.len() && WS.contains(&s[i]) {
        i += 1;
    }
    i
}

fn at(s: &[char], i: usize) -> Option<char> {
    s.get(i).copied()
}

/// Scans one value at `i`: Ok(Some(end)), Ok(None) when no value starts there (StopIteration).
fn scan_once(s: &[char], i: usize, depth: usize) -> Result<Option<usize>, Fail> {
    if depth > 900 {
        // CPython raises RecursionError; the CLI reports it without a position.
        return Err(Fail {
            msg:
                "maximum recursion depth exceeded while decoding a JSON array from a unicode string"
                    .into(),
            pos: i,
        });
    }
    let word = |w: &str| s.len() >= i + w.len() && s[i..i + w.len()].iter().copied().eq(w.chars());
    match at(s, i) {
        None => Ok(None),
        Some('"') => scanstring(s, i + 1).map(Some),
        Some('{') => parse_object(s, i + 1, depth).map(Some),
        Some('[') => parse_array(s, i + 1, depth).map(Some),
        Some('n') if word("null") => Ok(Some(i + 4)),
        Some('t') if word("true") => Ok(Some(i + 4)),
        Some('f') if word("false") => Ok(Some(i + 5)),
        Some('N') if word("NaN") => Ok(Some(i + 3)),
        Some('I') if word("Infinity") => Ok(Some(i + 8)),
        Some('-') if s.len() >= i + 9 && s[i + 1..i + 9].iter().copied().eq("Infinity".chars()) => {
            Ok(Some(i + 9))
        }
        Some(_) => Ok(number(s, i)),
    }
}

/// `(-?(?:0|[1-9]\d*))(\.\d+)?([eE][-+]?\d+)?`
fn number(s: &[char], i: usize) -> Option<usize> {
    let mut j = i;
    if at(s, j) == Some('-') {
        j += 1;
    }
    match at(s, j) {
        Some('0') => j += 1,
        Some(c) if c.is_ascii_digit() => {
            while at(s, j).is_some_and(|c| c.is_ascii_digit()) {
                j += 1;
            }
        }
        _ => return None,
    }
    if at(s, j) == Some('.') && at(s, j + 1).is_some_and(|c| c.is_ascii_digit()) {
        j += 1;
        while at(s, j).is_some_and(|c| c.is_ascii_digit()) {
            j += 1;
        }
    }
    if matches!(at(s, j), Some('e') | Some('E')) {
        let mut k = j + 1;
        if matches!(at(s, k), Some('+') | Some('-')) {
            k += 1;
        }
        if at(s, k).is_some_and(|c| c.is_ascii_digit()) {
            while at(s, k).is_some_and(|c| c.is_ascii_digit()) {
                k += 1;
            }
            j = k;
        }
    }
    Some(j)
}

/// After the opening quote at `end - 1`.
fn scanstring(s: &[char], mut end: usize) -> Scan {
    let begin = end - 1;
    loop {
        // Find the next '"', '\\' or control character.
        let mut j = end;
        while j < s.len() && s[j] != '"' && s[j] != '\\' && (s[j] as u32) >= 0x20 {
            j += 1;
        }
        if j >= s.len() {
            return Err(Fail {
                msg: "Unterminated string starting at".into(),
                pos: begin,
            });
        }
        let terminator = s[j];
        end = j + 1;
        if terminator == '"' {
            return Ok(end);
        }
        if terminator != '\\' {
            return Err(Fail {
                msg: "Invalid control character at".into(),
                pos: j,
            });
        }
        let Some(esc) = at(s, end) else {
            return Err(Fail {
                msg: "Unterminated string starting at".into(),
                pos: begin,
            });
        };
        if esc != 'u' {
            if !"\"\\/bfnrt".contains(esc) {
                return Err(Fail {
                    msg: "Invalid \\escape".into(),
                    pos: end - 1,
                });
            }
            end += 1;
        } else {
            let hex: String = s
                .get(end + 1..end + 5)
                .map(|h| h.iter().collect())
                .unwrap_or_default();
            if hex.len() != 4
                || !hex.chars().all(|c| c.is_ascii_hexdigit())
                || hex.starts_with(['x', 'X'])
            {
                return Err(Fail {
                    msg: "Invalid \\uXXXX escape".into(),
                    pos: end,
                });
            }
            end += 5;
        }
    }
}

/// One member value or array item at `end`, then `close` (Ok(true, after)) or ',' (Ok(false,
/// after)).
fn item(s: &[char], end: usize, depth: usize, close: char) -> Result<(bool, usize), Fail> {
    let mut end = match scan_once(s, end, depth + 1)? {
        Some(e) => e,
        None => {
            return Err(Fail {
                msg: "Expecting value".into(),
                pos: end,
            })
        }
    };
    let mut next = at(s, end);
    if next.is_some_and(|c| WS.contains(&c)) {
        end = skip_ws(s, end + 1);
        next = at(s, end);
    }
    end += 1;
    match next {
        Some(c) if c == close => Ok((true, end)),
        Some(',') => Ok((false, end)),
        _ => Err(Fail {
            msg: "Expecting ',' delimiter".into(),
            pos: end - 1,
        }),
    }
}

fn parse_object(s: &[char], mut end: usize, depth: usize) -> Scan {
    let mut next = at(s, end);
    if next != Some('"') {
        if next.is_some_and(|c| WS.contains(&c)) {
            end = skip_ws(s, end);
            next = at(s, end);
        }
        if next == Some('}') {
            return Ok(end + 1);
        } else if next != Some('"') {
            return Err(Fail {
                msg: "Expecting property name enclosed in double quotes".into(),
                pos: end,
            });
        }
    }
    end += 1;
    loop {
        end = scanstring(s, end)?;
        if at(s, end) != Some(':') {
            end = skip_ws(s, end);
            if at(s, end) != Some(':') {
                return Err(Fail {
                    msg: "Expecting ':' delimiter".into(),
                    pos: end,
                });
            }
        }
        end += 1;
        if at(s, end).is_some_and(|c| WS.contains(&c)) {
            end += 1;
            if at(s, end).is_some_and(|c| WS.contains(&c)) {
                end = skip_ws(s, end + 1);
            }
        }
        let (closed, after) = item(s, end, depth, '}')?;
        if closed {
            return Ok(after);
        }
        end = skip_ws(s, after);
        let next = at(s, end);
        end += 1;
        if next != Some('"') {
            return Err(Fail {
                msg: "Expecting property name enclosed in double quotes".into(),
                pos: end - 1,
            });
        }
    }
}

fn parse_array(s: &[char], mut end: usize, depth: usize) -> Scan {
    let mut next = at(s, end);
    if next.is_some_and(|c| WS.contains(&c)) {
        end = skip_ws(s, end + 1);
        next = at(s, end);
    }
    if next == Some(']') {
        return Ok(end + 1);
    }
    loop {
        let (closed, after) = item(s, end, depth, ']')?;
        if closed {
            return Ok(after);
        }
        end = after;
        if at(s, end).is_some_and(|c| WS.contains(&c)) {
            end += 1;
            if at(s, end).is_some_and(|c| WS.contains(&c)) {
                end = skip_ws(s, end + 1);
            }
        }
    }
}
