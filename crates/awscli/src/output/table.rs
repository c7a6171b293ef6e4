//! `--output table`.

use super::{is_scalar, scalar_text};
use serde_json::Value;

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
