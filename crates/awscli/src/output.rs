//! Output as the AWS CLI v2 prints it: timestamps rendered per the output shape, `--query`
//! (JMESPath), and `--output json|text|table|yaml`.

use crate::model::{ServiceModel, Shape, ShapeType};
use serde_json::Value;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    Text,
    Table,
    Yaml,
    YamlStream,
}

impl Format {
    pub fn parse(s: &str) -> Option<Format> {
        Some(match s {
            "json" => Format::Json,
            "text" => Format::Text,
            "table" => Format::Table,
            "yaml" => Format::Yaml,
            "yaml-stream" => Format::YamlStream,
            _ => return None,
        })
    }
}

/// Epoch-second numbers in timestamp members become ISO-8601 strings, as the CLI prints them.
pub fn render_timestamps(model: &ServiceModel, shape: &Shape, v: &mut Value) {
    match (shape.kind, v) {
        (ShapeType::Timestamp, v @ Value::Number(_)) => {
            let secs = v.as_f64().unwrap_or(0.0);
            *v = Value::String(ecs_sandbox_engine::clock::iso8601(
                (secs * 1000.0).round() as i64
            ));
        }
        (ShapeType::Structure, Value::Object(map)) => {
            for (k, val) in map.iter_mut() {
                if let Some(ms) = shape.members.get(k).and_then(|m| model.shape(&m.shape)) {
                    render_timestamps(model, ms, val);
                }
            }
        }
        (ShapeType::List, Value::Array(items)) => {
            if let Some(es) = shape.member.as_ref().and_then(|m| model.shape(&m.shape)) {
                for i in items {
                    render_timestamps(model, es, i);
                }
            }
        }
        (ShapeType::Map, Value::Object(map)) => {
            if let Some(vs) = shape.value.as_ref().and_then(|m| model.shape(&m.shape)) {
                for val in map.values_mut() {
                    render_timestamps(model, vs, val);
                }
            }
        }
        _ => {}
    }
}

/// The largest index or slice bound the jmespath crate can lex (it parses them as i32 and panics
/// beyond).
const MAX_JMESPATH_NUMBER: &str = "2147483647";

/// Rewrites index and slice numbers too large for the jmespath crate to the largest it takes. Any
/// array is shorter than that, so the result is the one jmespath.py (arbitrary-precision) gives:
/// out of range. Quoted strings, raw strings and backtick literals are left alone; digits inside
/// identifiers too.
fn clamp_numbers(expr: &str) -> std::borrow::Cow<'_, str> {
    let chars: Vec<char> = expr.chars().collect();
    let mut out = String::with_capacity(expr.len());
    let mut changed = false;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\'' | '"' | '`' => {
                // A quoted region: copy through to the matching unescaped quote.
                out.push(c);
                i += 1;
                while i < chars.len() && chars[i] != c {
                    if chars[i] == '\\' && i + 1 < chars.len() {
                        out.push(chars[i]);
                        i += 1;
                    }
                    out.push(chars[i]);
                    i += 1;
                }
                if i < chars.len() {
                    out.push(chars[i]);
                    i += 1;
                }
            }
            c if c.is_ascii_alphabetic() || c == '_' => {
                while i < chars.len() && (chars[i].is_ascii_alphanumeric() || chars[i] == '_') {
                    out.push(chars[i]);
                    i += 1;
                }
            }
            c if c.is_ascii_digit() => {
                let start = i;
                while i < chars.len() && chars[i].is_ascii_digit() {
                    i += 1;
                }
                let digits: String = chars[start..i].iter().collect();
                if digits.parse::<i32>().is_ok_and(|n| n < i32::MAX) {
                    out.push_str(&digits);
                } else {
                    out.push_str(MAX_JMESPATH_NUMBER);
                    changed = true;
                }
            }
            c => {
                out.push(c);
                i += 1;
            }
        }
    }
    if changed {
        std::borrow::Cow::Owned(out)
    } else {
        std::borrow::Cow::Borrowed(expr)
    }
}

/// Checks that a JMESPath expression compiles (as `query` would compile it), without running it.
pub fn check_query(expr: &str) -> Result<(), String> {
    jmespath::compile(&clamp_numbers(expr))
        .map(|_| ())
        .map_err(|e| e.to_string())
}

/// Applies a JMESPath expression. The error text follows the CLI's "Bad value for --query".
pub fn query(expr: &str, data: &Value) -> Result<Value, String> {
    let compiled = jmespath::compile(&clamp_numbers(expr))
        .map_err(|e| format!("Bad value for --query {expr}: {e}"))?;
    let var = jmespath::Variable::from_json(&data.to_string())
        .map_err(|e| format!("Bad value for --query {expr}: {e}"))?;
    let result = compiled
        .search(var)
        .map_err(|e| format!("Bad value for --query {expr}: {e}"))?;
    let result = serde_json::to_value(&*result).map_err(|e| e.to_string())?;
    Ok(KeyOrders::of(compiled.as_ast(), data).apply(result))
}

/// The order objects' keys are printed in. The jmespath crate keeps objects in sorted maps; the
/// CLI's jmespath.py keeps Python dicts, so an object from the response keeps the response's order
/// and a multiselect hash (`{Name: clusterName, Arn: clusterArn}`) the expression's. Each result
/// object takes the first known order with exactly its keys: the expression's hashes first, then
/// the data's objects. (A list and linear lookups rather than a map keyed by key sets: the page
/// pays for every map type in KBs.)
struct KeyOrders<'a> {
    orders: Vec<Vec<&'a str>>,
}

impl<'a> KeyOrders<'a> {
    fn of(ast: &'a jmespath::ast::Ast, data: &'a Value) -> KeyOrders<'a> {
        let mut orders = KeyOrders { orders: vec![] };
        orders.learn_expression(ast);
        orders.learn_data(data);
        orders
    }

    fn remember(&mut self, order: Vec<&'a str>) {
        if !self.orders.contains(&order) {
            self.orders.push(order);
        }
    }

    fn order_of(&self, keys: &[&str]) -> Option<&[&'a str]> {
        self.orders
            .iter()
            .find(|o| o.len() == keys.len() && keys.iter().all(|k| o.contains(k)))
            .map(Vec::as_slice)
    }

    fn learn_expression(&mut self, ast: &'a jmespath::ast::Ast) {
        use jmespath::ast::Ast;
        match ast {
            Ast::MultiHash { elements, .. } => {
                self.remember(elements.iter().map(|kv| kv.key.as_str()).collect());
                for kv in elements {
                    self.learn_expression(&kv.value);
                }
            }
            Ast::Comparison { lhs, rhs, .. }
            | Ast::Projection { lhs, rhs, .. }
            | Ast::And { lhs, rhs, .. }
            | Ast::Or { lhs, rhs, .. }
            | Ast::Subexpr { lhs, rhs, .. } => {
                self.learn_expression(lhs);
                self.learn_expression(rhs);
            }
            Ast::Condition {
                predicate, then, ..
            } => {
                self.learn_expression(predicate);
                self.learn_expression(then);
            }
            Ast::Expref { ast: node, .. }
            | Ast::Flatten { node, .. }
            | Ast::Not { node, .. }
            | Ast::ObjectValues { node, .. } => self.learn_expression(node),
            Ast::Function { args: nodes, .. }
            | Ast::MultiList {
                elements: nodes, ..
            } => {
                for n in nodes {
                    self.learn_expression(n);
                }
            }
            Ast::Identity { .. }
            | Ast::Field { .. }
            | Ast::Index { .. }
            | Ast::Literal { .. }
            | Ast::Slice { .. } => {}
        }
    }

    fn learn_data(&mut self, data: &'a Value) {
        match data {
            Value::Object(map) => {
                if map.len() > 1 {
                    self.remember(map.keys().map(String::as_str).collect());
                }
                for v in map.values() {
                    self.learn_data(v);
                }
            }
            Value::Array(items) => {
                for v in items {
                    self.learn_data(v);
                }
            }
            _ => {}
        }
    }

    fn apply(&self, v: Value) -> Value {
        match v {
            Value::Object(mut map) => {
                let keys: Vec<&str> = map.keys().map(String::as_str).collect();
                let order: Vec<String> = self
                    .order_of(&keys)
                    .unwrap_or(&keys)
                    .iter()
                    .map(|k| k.to_string())
                    .collect();
                let mut out = serde_json::Map::new();
                for k in order {
                    if let Some(v) = map.remove(&k) {
                        out.insert(k, self.apply(v));
                    }
                }
                Value::Object(out)
            }
            Value::Array(items) => Value::Array(items.into_iter().map(|v| self.apply(v)).collect()),
            other => other,
        }
    }
}

pub fn render(format: Format, v: &Value, title: &str) -> String {
    match format {
        Format::Json => json(v),
        Format::Text => text(v),
        Format::Table => table(v, title),
        Format::Yaml | Format::YamlStream => yaml(v),
    }
}

/// `json.dumps(indent=4, ensure_ascii=False)` plus a newline.
pub fn json(v: &Value) -> String {
    let mut buf = Vec::new();
    let fmt = serde_json::ser::PrettyFormatter::with_indent(b"    ");
    let mut ser = serde_json::Serializer::with_formatter(&mut buf, fmt);
    if serde::Serialize::serialize(v, &mut ser).is_err() {
        return "null\n".into();
    }
    let mut s = String::from_utf8(buf).unwrap_or_default();
    s.push('\n');
    s
}

fn scalar_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Bool(true) => "True".into(),
        Value::Bool(false) => "False".into(),
        Value::Null => "None".into(),
        other => other.to_string(),
    }
}

/// The CLI's text format (awscli/formatter.py + text.py): tab-separated scalars, one line per
/// object.
pub fn text(v: &Value) -> String {
    let mut out = String::new();
    text_item(v, None, None, &mut out);
    out
}

fn is_scalar(v: &Value) -> bool {
    !matches!(v, Value::Object(_) | Value::Array(_))
}

fn text_item(v: &Value, id: Option<&str>, scalar_keys: Option<&[String]>, out: &mut String) {
    match v {
        Value::Object(map) => {
            let (scalars, non_scalars): (Vec<String>, Vec<(String, &Value)>) = match scalar_keys {
                None => {
                    let mut keys: Vec<&String> = map.keys().collect();
                    keys.sort();
                    let mut s = vec![];
                    let mut n = vec![];
                    for k in keys {
                        let val = &map[k];
                        if is_scalar(val) {
                            s.push(scalar_text(val));
                        } else {
                            n.push((k.clone(), val));
                        }
                    }
                    (s, n)
                }
                Some(keys) => {
                    let s = keys
                        .iter()
                        .map(|k| map.get(k).map(scalar_text).unwrap_or_default())
                        .collect();
                    let mut rest: Vec<&String> = map.keys().filter(|k| !keys.contains(k)).collect();
                    rest.sort();
                    (s, rest.into_iter().map(|k| (k.clone(), &map[k])).collect())
                }
            };
            if !scalars.is_empty() {
                let mut line = scalars;
                if let Some(i) = id {
                    line.insert(0, i.to_uppercase());
                }
                out.push_str(&line.join("\t"));
                out.push('\n');
            }
            for (k, val) in non_scalars {
                text_item(val, Some(&k), None, out);
            }
        }
        Value::Array(items) => {
            if items.is_empty() {
                return;
            }
            if items.iter().any(|i| i.is_object()) {
                let mut keys: Vec<String> = items
                    .iter()
                    .filter_map(|i| i.as_object())
                    .flat_map(|m| {
                        m.iter()
                            .filter(|(_, v)| is_scalar(v))
                            .map(|(k, _)| k.clone())
                    })
                    .collect();
                keys.sort();
                keys.dedup();
                for i in items {
                    text_item(i, id, Some(&keys), out);
                }
            } else if items.iter().any(|i| i.is_array()) {
                let scalars: Vec<&Value> = items.iter().filter(|i| is_scalar(i)).collect();
                if !scalars.is_empty() {
                    scalar_list(&scalars, id, out);
                }
                for i in items.iter().filter(|i| !is_scalar(i)) {
                    text_item(i, id, None, out);
                }
            } else {
                scalar_list(&items.iter().collect::<Vec<_>>(), id, out);
            }
        }
        scalar => {
            out.push_str(&scalar_text(scalar));
            out.push('\n');
        }
    }
}

fn scalar_list(items: &[&Value], id: Option<&str>, out: &mut String) {
    match id {
        Some(i) => {
            for v in items {
                out.push_str(&format!("{}\t{}\n", i.to_uppercase(), scalar_text(v)));
            }
        }
        None => {
            out.push_str(
                &items
                    .iter()
                    .map(|v| scalar_text(v))
                    .collect::<Vec<_>>()
                    .join("\t"),
            );
            out.push('\n');
        }
    }
}

/// `--output table`, ported from the AWS CLI's TableFormatter and MultiTable (awscli/formatter.py,
/// awscli/table.py) for a non-terminal of 80 columns.
pub fn table(v: &Value, title: &str) -> String {
    table_with_width(v, title, 80)
}

pub fn table_with_width(v: &Value, title: &str, terminal_width: usize) -> String {
    let mut t = MultiTable { sections: vec![] };
    if !build_table(&mut t, Some(title), v, 0) {
        return String::new();
    }
    t.render(terminal_width)
}

#[derive(Default)]
struct Section {
    title: String,
    headers: Vec<String>,
    rows: Vec<Vec<String>>,
    indent: usize,
    max_widths: Vec<usize>,
}

impl Section {
    fn update_widths(&mut self, row: &[String]) {
        if self.max_widths.is_empty() {
            self.max_widths = row.iter().map(|c| c.chars().count()).collect();
        } else {
            for (i, c) in row.iter().enumerate() {
                if let Some(w) = self.max_widths.get_mut(i) {
                    *w = (*w).max(c.chars().count());
                }
            }
        }
    }
    fn add_header(&mut self, headers: Vec<String>) {
        self.update_widths(&headers);
        self.headers = headers;
    }
    fn add_row(&mut self, row: Vec<String>) {
        self.update_widths(&row);
        self.rows.push(row);
    }
    fn column_widths(&self, padding: usize, max_width: Option<usize>) -> Vec<usize> {
        let unscaled: Vec<usize> = self.max_widths.iter().map(|w| w + padding).collect();
        let Some(max_width) = max_width else {
            return unscaled;
        };
        let total: usize = unscaled.iter().sum();
        if unscaled.is_empty() || total == 0 {
            return unscaled;
        }
        let scale = max_width as f64 / total as f64;
        let mut scaled: Vec<i64> = unscaled
            .iter()
            .map(|w| round_half_even(scale * *w as f64))
            .collect();
        let mut off_by: i64 = scaled.iter().sum::<i64>() - max_width as i64;
        while off_by != 0 {
            let order: Vec<usize> = if off_by < 0 {
                (0..scaled.len()).rev().collect()
            } else {
                (0..scaled.len()).collect()
            };
            for i in order {
                if off_by > 0 {
                    scaled[i] -= 1;
                    off_by -= 1;
                } else {
                    scaled[i] += 1;
                    off_by += 1;
                }
                if off_by == 0 {
                    break;
                }
            }
        }
        scaled.into_iter().map(|w| w.max(0) as usize).collect()
    }
    fn total_width(&self, padding: usize, outer: usize) -> usize {
        let total: usize = self
            .column_widths(0, None)
            .iter()
            .map(|w| w + padding)
            .sum::<usize>()
            + 2
            + 2 * outer;
        total.max(self.title.chars().count() + 2 + 2 * outer)
    }
}

/// Python's round(): halves go to the even neighbour.
fn round_half_even(x: f64) -> i64 {
    let r = x.round();
    if (x - x.trunc()).abs() == 0.5 {
        let down = x.floor();
        return if (down as i64) % 2 == 0 {
            down as i64
        } else {
            down as i64 + 1
        };
    }
    r as i64
}

struct MultiTable {
    sections: Vec<Section>,
}

impl MultiTable {
    fn current(&mut self) -> &mut Section {
        if self.sections.is_empty() {
            self.sections.push(Section::default());
        }
        let n = self.sections.len() - 1;
        &mut self.sections[n]
    }
    fn new_section(&mut self, title: &str, indent: usize) {
        self.sections.push(Section {
            title: title.to_string(),
            indent,
            ..Default::default()
        });
    }
    fn max_width(&self) -> usize {
        self.sections
            .iter()
            .map(|s| s.total_width(4, s.indent))
            .max()
            .unwrap_or(0)
    }
    fn render(&mut self, terminal_width: usize) -> String {
        let mut max_width = self.max_width();
        if max_width > terminal_width {
            // Single-row sections become key/value pairs (convert_to_vertical_table).
            for s in &mut self.sections {
                if s.rows.len() == 1 && !s.headers.is_empty() {
                    let headers = std::mem::take(&mut s.headers);
                    let row = s.rows.remove(0);
                    s.max_widths.clear();
                    for (h, e) in headers.into_iter().zip(row) {
                        s.add_row(vec![h, e]);
                    }
                }
            }
            max_width = self.max_width();
        }
        let mut out = format!("{}\n", "-".repeat(max_width));
        for s in &self.sections {
            render_section(s, max_width, &mut out);
        }
        out
    }
}

fn center_text(text: &str, length: usize, left: &str, right: &str) -> String {
    let text_len = text.chars().count() as i64;
    let start = (length as i64 / 2 - text_len / 2 - 1).max(0) as usize;
    let so_far = left.chars().count() + start + text_len as usize;
    let right_spaces =
        (length as i64 - right.chars().count() as i64 - so_far as i64).max(0) as usize;
    format!(
        "{left}{}{text}{}{right}",
        " ".repeat(start),
        " ".repeat(right_spaces)
    )
}

fn align_left(text: &str, length: usize, left: &str, right: &str) -> String {
    let text_len = text.chars().count();
    let computed = text_len + 2 + left.chars().count() + right.chars().count();
    let padding = if length >= computed { 2 } else { 0 };
    let so_far = left.chars().count() + padding + text_len;
    let fill = length.saturating_sub(so_far + right.chars().count());
    format!(
        "{left}{}{text}{}{right}",
        " ".repeat(padding),
        " ".repeat(fill)
    )
}

fn line_break(widths: &[usize]) -> String {
    let mut s = String::new();
    for (i, w) in widths.iter().enumerate() {
        if i == 0 {
            s.push_str(&format!("+{}+", "-".repeat(w.saturating_sub(2))));
        } else {
            s.push_str(&format!("{}+", "-".repeat(w.saturating_sub(1))));
        }
    }
    s
}

fn render_section(s: &Section, max_width: usize, out: &mut String) {
    let bars = "|".repeat(s.indent);
    let mut write = |line: String| {
        out.push_str(&bars);
        out.push_str(&line);
        out.push_str(&bars);
        out.push('\n');
    };
    let width = max_width.saturating_sub(s.indent * 2);
    if !s.title.is_empty() {
        write(center_text(&s.title, width, "|", "|"));
        if s.headers.is_empty() && s.rows.is_empty() {
            write(format!("+{}+", "-".repeat(width.saturating_sub(2))));
        }
    }
    if !s.headers.is_empty() {
        let widths = s.column_widths(4, Some(width));
        let mut line = String::new();
        for (i, (w, h)) in widths.iter().zip(&s.headers).enumerate() {
            line.push_str(&center_text(h, *w, if i == 0 { "|" } else { "" }, "|"));
        }
        write(line_break(&widths));
        write(line);
    }
    if !s.rows.is_empty() {
        let widths = s.column_widths(4, Some(width));
        if widths.is_empty() {
            return;
        }
        write(line_break(&widths));
        for row in &s.rows {
            let mut line = String::new();
            for (i, (w, e)) in widths.iter().zip(row).enumerate() {
                line.push_str(&align_left(e, *w, if i == 0 { "|" } else { "" }, "|"));
            }
            write(line);
        }
        write(line_break(&widths));
    }
}

fn build_table(t: &mut MultiTable, title: Option<&str>, current: &Value, indent: usize) -> bool {
    let empty = match current {
        Value::Null => true,
        Value::Bool(b) => !*b,
        Value::String(s) => s.is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        Value::Number(n) => n.as_f64() == Some(0.0),
    };
    if empty {
        return false;
    }
    if let Some(title) = title {
        t.new_section(title, indent);
    }
    match current {
        Value::Array(items) => {
            if items[0].is_object() {
                table_from_list(t, items, indent, title.unwrap_or(""));
            } else {
                for item in items {
                    match item {
                        Value::Array(inner) if inner.iter().all(is_scalar) => {
                            let row: Vec<String> = inner.iter().map(scalar_text).collect();
                            let n = t.current().max_widths.len().max(row.len());
                            let mut row = row;
                            if t.current().rows.is_empty() || row.len() == n {
                                t.current().add_row(row);
                            } else {
                                row.resize(n, String::new());
                                t.current().add_row(row);
                            }
                        }
                        scalar if is_scalar(scalar) => {
                            t.current().add_row(vec![scalar_text(scalar)])
                        }
                        other => {
                            build_table(t, None, other, 0);
                        }
                    }
                }
            }
        }
        Value::Object(map) => table_from_dict(t, map, indent),
        _ => {}
    }
    true
}

fn group_keys(map: &serde_json::Map<String, Value>) -> (Vec<String>, Vec<String>) {
    let mut headers: Vec<String> = map
        .iter()
        .filter(|(_, v)| is_scalar(v))
        .map(|(k, _)| k.clone())
        .collect();
    let mut more: Vec<String> = map
        .iter()
        .filter(|(_, v)| !is_scalar(v))
        .map(|(k, _)| k.clone())
        .collect();
    headers.sort();
    more.sort();
    (headers, more)
}

fn table_from_dict(t: &mut MultiTable, map: &serde_json::Map<String, Value>, indent: usize) {
    let (headers, more) = group_keys(map);
    if headers.len() == 1 {
        t.current()
            .add_row(vec![headers[0].clone(), scalar_text(&map[&headers[0]])]);
    } else if !headers.is_empty() {
        let row = headers.iter().map(|k| scalar_text(&map[k])).collect();
        t.current().add_header(headers);
        t.current().add_row(row);
    }
    for k in more {
        build_table(t, Some(&k), &map[&k], indent + 1);
    }
}

fn table_from_list(t: &mut MultiTable, items: &[Value], indent: usize, title: &str) {
    let mut headers: Vec<String> = vec![];
    let mut more: Vec<String> = vec![];
    for item in items {
        if let Value::Object(m) = item {
            let (h, r) = group_keys(m);
            headers.extend(h);
            more.extend(r);
        }
    }
    headers.sort();
    headers.dedup();
    more.sort();
    more.dedup();
    t.current().add_header(headers.clone());
    let mut first = true;
    for element in items {
        if !first && !more.is_empty() {
            t.new_section(title, indent);
            t.current().add_header(headers.clone());
        }
        first = false;
        let m = element.as_object();
        t.current().add_row(
            headers
                .iter()
                .map(|h| {
                    m.and_then(|m| m.get(h))
                        .map(scalar_text)
                        .unwrap_or_default()
                })
                .collect(),
        );
        for k in &more {
            if let Some(v) = m.and_then(|m| m.get(k)) {
                build_table(t, Some(k), v, indent + 1);
            }
        }
    }
}

/// Block-style YAML as the CLI prints it.
pub fn yaml(v: &Value) -> String {
    let mut out = String::new();
    yaml_value(v, 0, &mut out, false);
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out
}

fn yaml_scalar(v: &Value) -> String {
    match v {
        Value::String(s) => {
            let needs_quotes = s.is_empty()
                || s.starts_with(|c: char| "!&*-:?{}[],#|>@`\"' %".contains(c))
                || s.contains(": ")
                || s.contains(" #")
                || s.ends_with(':')
                || s.ends_with(' ')
                || ["true", "false", "yes", "no", "null", "on", "off", "~"]
                    .contains(&s.to_ascii_lowercase().as_str())
                || ecs_sandbox_engine::number::parse_decimal(s).is_some()
                || s.contains('\n');
            if needs_quotes {
                format!("'{}'", s.replace('\'', "''"))
            } else {
                s.clone()
            }
        }
        Value::Null => "null".into(),
        other => other.to_string(),
    }
}

fn yaml_value(v: &Value, indent: usize, out: &mut String, _inline: bool) {
    let pad = " ".repeat(indent);
    match v {
        Value::Object(map) if map.is_empty() => out.push_str("{}\n"),
        Value::Array(items) if items.is_empty() => out.push_str("[]\n"),
        Value::Object(map) => {
            for (k, val) in map {
                match val {
                    Value::Object(m) if !m.is_empty() => {
                        out.push_str(&format!("{pad}{k}:\n"));
                        yaml_value(val, indent + 2, out, false);
                    }
                    Value::Array(a) if !a.is_empty() => {
                        out.push_str(&format!("{pad}{k}:\n"));
                        yaml_value(val, indent, out, false);
                    }
                    Value::Object(_) => out.push_str(&format!("{pad}{k}: {{}}\n")),
                    Value::Array(_) => out.push_str(&format!("{pad}{k}: []\n")),
                    s => out.push_str(&format!("{pad}{k}: {}\n", yaml_scalar(s))),
                }
            }
        }
        Value::Array(items) => {
            for item in items {
                match item {
                    Value::Object(m) if !m.is_empty() => {
                        let mut sub = String::new();
                        yaml_value(item, indent + 2, &mut sub, false);
                        let first = sub.trim_start_matches(' ');
                        out.push_str(&format!("{pad}- {first}"));
                    }
                    Value::Array(a) if !a.is_empty() => {
                        out.push_str(&format!("{pad}-\n"));
                        yaml_value(item, indent + 2, out, false);
                    }
                    s => out.push_str(&format!(
                        "{pad}- {}\n",
                        match s {
                            Value::Object(_) => "{}".into(),
                            Value::Array(_) => "[]".into(),
                            s => yaml_scalar(s),
                        }
                    )),
                }
            }
        }
        s => out.push_str(&format!("{pad}{}\n", yaml_scalar(s))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn text_format_matches_the_cli() {
        let v = json!({"taskArns": ["a", "b"]});
        assert_eq!(text(&v), "TASKARNS\ta\nTASKARNS\tb\n");
        let v =
            json!({"Subnets": [{"SubnetId": "s-1", "AvailabilityZone": "us-east-1a", "Tags": []}]});
        assert_eq!(text(&v), "SUBNETS\tus-east-1a\ts-1\n");
        assert_eq!(text(&json!("subnet-1")), "subnet-1\n");
        assert_eq!(text(&json!(["a", "b"])), "a\tb\n");
    }

    #[test]
    fn json_uses_four_spaces() {
        assert_eq!(
            json(&json!({"a": [1]})),
            "{\n    \"a\": [\n        1\n    ]\n}\n"
        );
    }

    #[test]
    fn yaml_is_block_style() {
        assert_eq!(
            yaml(&json!({"cluster": {"clusterName": "demo", "tags": []}})),
            "cluster:\n  clusterName: demo\n  tags: []\n"
        );
    }

    #[test]
    fn huge_index_numbers_are_out_of_range_not_a_crash() {
        let data: Value = serde_json::json!({"a": [1, 2, 3], "b-99999999999999999999": 5});
        assert_eq!(query("a[99999999999999999999999]", &data), Ok(Value::Null));
        assert_eq!(query("a[-99999999999999999999999]", &data), Ok(Value::Null));
        assert_eq!(query("a[-2147483648]", &data), Ok(Value::Null));
        assert_eq!(
            query("a[:99999999999999999999]", &data),
            Ok(serde_json::json!([1, 2, 3]))
        );
        assert_eq!(query("a[1]", &data), Ok(serde_json::json!(2)));
        assert_eq!(
            query("\"b-99999999999999999999\"", &data),
            Ok(serde_json::json!(5))
        );
        assert_eq!(
            clamp_numbers("a[?n==`99999999999999999999`]"),
            "a[?n==`99999999999999999999`]"
        );
    }

    #[test]
    fn query_keeps_the_response_order_and_the_expression_order_as_the_cli_does() {
        let v = json!({"clusters": [{"clusterArn": "arn", "clusterName": "demo", "status": "ACTIVE", "settings": [{"name": "n", "value": "v"}]}]});
        let keys = |q: &str| {
            query(q, &v)
                .unwrap()
                .as_object()
                .map(|o| o.keys().cloned().collect::<Vec<_>>())
                .unwrap_or_default()
        };
        assert_eq!(
            keys("clusters[0]"),
            ["clusterArn", "clusterName", "status", "settings"]
        );
        assert_eq!(
            keys("clusters[0].{Name: clusterName, Arn: clusterArn, Status: status}"),
            ["Name", "Arn", "Status"]
        );
        let nested = query(
            "clusters[].{Z: status, A: {Y: clusterName, B: clusterArn}}",
            &v,
        )
        .unwrap();
        assert_eq!(
            json(&nested),
            "[\n    {\n        \"Z\": \"ACTIVE\",\n        \"A\": {\n            \"Y\": \"demo\",\n            \"B\": \"arn\"\n        }\n    }\n]\n"
        );
    }

    #[test]
    fn query_runs_jmespath() {
        let v = json!({"Subnets": [{"SubnetId": "a"}, {"SubnetId": "b"}]});
        assert_eq!(query("Subnets[0].SubnetId", &v).unwrap(), json!("a"));
        assert!(query("Subnets[", &v)
            .unwrap_err()
            .starts_with("Bad value for --query"));
    }
}
