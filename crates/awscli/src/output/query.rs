//! `--query`: JMESPath through the jmespath crate, made to answer as the CLI's jmespath.py does
//! (numbers too large for the crate, the order of objects' keys).

use serde_json::Value;

/// The largest index or slice bound passed to the jmespath crate. It lexes numbers as i32 and
/// panics beyond, and its slices add bounds and steps in i32 too: below a billion, two of them
/// never overflow. Any array is shorter, so the result is the one jmespath.py (arbitrary
/// precision) gives: out of range.
const MAX_JMESPATH_NUMBER: &str = "999999999";

/// How deep an expression may nest brackets, and how many chained steps it may have (`.`, `|`,
/// `[`, `&&`, `||`, `!`, comparisons): the crate parses and evaluates recursively, and a deeper one
/// would overflow the stack (in wasm at ~2,000 levels), which kills the page. Real queries use a
/// handful.
const MAX_NESTING: usize = 64;
const MAX_STEPS: usize = 256;

/// Readies an expression for the jmespath crate: numbers too large for it clamped (see
/// `MAX_JMESPATH_NUMBER`), and what would make it panic or overflow the stack refused. Quoted
/// strings, raw strings and backtick literals are left alone; digits inside identifiers too.
fn guard(expr: &str) -> Result<std::borrow::Cow<'_, str>, String> {
    let chars: Vec<char> = expr.chars().collect();
    let mut out = String::with_capacity(expr.len());
    let mut changed = false;
    let (mut depth, mut steps) = (0usize, 0usize);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '`' => {
                // A JSON literal. jmespath.py (the CLI's) still takes one that is not JSON as a
                // string (JEP-12's deprecated form, in countless examples: [?State.Name==`running`]);
                // the crate refuses it, so it is rewritten as the JSON string jmespath.py reads.
                let start = i + 1;
                let mut end = start;
                while end < chars.len() && chars[end] != '`' {
                    end += if chars[end] == '\\' { 2 } else { 1 };
                }
                let end = end.min(chars.len());
                let raw: String = chars[start..end].iter().collect();
                let lexeme = raw.replace("\\`", "`");
                let as_string = format!("\"{}\"", lexeme.trim_start());
                let json_ok = serde_json::from_str::<Value>(&lexeme).is_ok();
                out.push('`');
                if !json_ok && serde_json::from_str::<Value>(&as_string).is_ok() {
                    out.push_str(&as_string.replace('`', "\\`"));
                    changed = true;
                } else {
                    out.push_str(&raw);
                }
                if end < chars.len() {
                    out.push('`');
                }
                i = end + 1;
            }
            '\'' | '"' => {
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
                if digits.trim_start_matches('0').len() <= MAX_JMESPATH_NUMBER.len() {
                    out.push_str(&digits);
                } else {
                    out.push_str(MAX_JMESPATH_NUMBER);
                    changed = true;
                }
            }
            // The crate takes any Unicode digit after a minus sign, then fails to parse it.
            '-' if chars
                .get(i + 1)
                .is_some_and(|d| d.is_numeric() && !d.is_ascii_digit()) =>
            {
                return Err("'-' must be followed by numbers 1-9".into());
            }
            c => {
                match c {
                    '[' | '(' | '{' => {
                        depth += 1;
                        steps += 1;
                    }
                    ']' | ')' | '}' => depth = depth.saturating_sub(1),
                    '.' | '|' | '&' | '!' | '<' | '>' | '=' => steps += 1,
                    _ => {}
                }
                if depth > MAX_NESTING || steps > MAX_STEPS {
                    return Err(format!("the expression is more deeply nested or chained than the sandbox evaluates (at most {MAX_NESTING} levels of brackets and {MAX_STEPS} steps; sandbox wording)"));
                }
                out.push(c);
                i += 1;
            }
        }
    }
    Ok(if changed {
        std::borrow::Cow::Owned(out)
    } else {
        std::borrow::Cow::Borrowed(expr)
    })
}

/// Checks that a JMESPath expression compiles (as `query` would compile it), without running it.
pub fn check_query(expr: &str) -> Result<(), String> {
    jmespath::compile(&guard(expr)?)
        .map(|_| ())
        .map_err(|e| e.to_string())
}

/// Applies a JMESPath expression. The error text follows the CLI's "Bad value for --query".
pub fn query(expr: &str, data: &Value) -> Result<Value, String> {
    let bad = |e: &dyn std::fmt::Display| format!("Bad value for --query {expr}: {e}");
    let guarded = guard(expr).map_err(|e| bad(&e))?;
    let compiled = jmespath::compile(&guarded).map_err(|e| bad(&e))?;
    let var = jmespath::Variable::from_json(&data.to_string()).map_err(|e| bad(&e))?;
    let result = compiled.search(var).map_err(|e| bad(&e))?;
    let mut result = serde_json::to_value(&*result).map_err(|e| e.to_string())?;
    if integer_functions(expr) {
        whole_floats_to_integers(&mut result);
    }
    Ok(KeyOrders::of(compiled.as_ast(), data).apply(result))
}

/// Whether the expression calls a function that jmespath.py answers with an integer where the
/// crate answers with a float: `sum` of integers, `abs` of an integer, `floor` and `ceil` (Python's
/// give integers). `avg` is a float in both, so an expression with it is left as it is. A known
/// gap: a whole sum of floats (`sum([1.5, 1.5])`) prints as 3 where jmespath.py prints 3.0, as the
/// crate does not keep whether a sum's terms were integers.
fn integer_functions(expr: &str) -> bool {
    let calls = |f: &str| expr.contains(&format!("{f}("));
    ["sum", "abs", "floor", "ceil"].iter().any(|f| calls(f)) && !calls("avg")
}

/// 3.0 → 3, everywhere in the result (the CLI prints `sum([1, 2])` as 3).
fn whole_floats_to_integers(v: &mut Value) {
    match v {
        Value::Number(n) if n.is_f64() => {
            if let Some(f) = n.as_f64().filter(|f| f.fract() == 0.0 && f.abs() < 9.0e15) {
                *v = Value::from(f as i64);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(whole_floats_to_integers),
        Value::Object(map) => map.values_mut().for_each(whole_floats_to_integers),
        _ => {}
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::json;
    use serde_json::json;

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
            guard("a[?n==`99999999999999999999`]").as_deref(),
            Ok("a[?n==`99999999999999999999`]")
        );
    }

    #[test]
    fn a_backtick_literal_that_is_not_json_is_a_string_as_the_cli_takes_it() {
        let data = json!({"Reservations": [{"Instances": [
            {"InstanceId": "i-1", "State": {"Name": "running"}, "Tags": [{"Key": "Name", "Value": "web"}]},
            {"InstanceId": "i-2", "State": {"Name": "stopped"}, "Tags": []}
        ]}]});
        assert_eq!(
            query(
                "Reservations[].Instances[?State.Name==`running`].InstanceId[]",
                &data
            ),
            Ok(json!(["i-1"]))
        );
        assert_eq!(
            query(
                "Reservations[].Instances[].Tags[?Key==`Name`].Value[]",
                &data
            ),
            Ok(json!(["web"]))
        );
        // Valid JSON literals keep their meaning; one that is neither is still an error.
        assert_eq!(query("`1`", &data), Ok(json!(1)));
        assert_eq!(query("`\"x\"`", &data), Ok(json!("x")));
        assert_eq!(query("`[1, 2]`", &data), Ok(json!([1, 2])));
        assert!(query("`a\"b`", &data).is_err());
        assert!(query("`unclosed", &data).is_err());
    }

    #[test]
    fn functions_print_numbers_as_the_cli_does() {
        let data = json!({"a": [1, 2], "f": [1.5, 1.5], "e": []});
        assert_eq!(query("sum(a)", &data), Ok(json!(3)));
        assert_eq!(query("sum(e)", &data), Ok(json!(0)));
        assert_eq!(query("abs(`-2`)", &data), Ok(json!(2)));
        assert_eq!(query("floor(`1.5`)", &data), Ok(json!(1)));
        assert_eq!(query("[sum(a), ceil(`1.2`)]", &data), Ok(json!([3, 2])));
        assert_eq!(query("avg(a)", &data).map(|v| v.is_f64()), Ok(true));
    }

    #[test]
    fn queries_that_would_panic_or_overflow_the_crate_are_errors() {
        let data = json!({"a": [1, 2, 3], "b": {"c": 1}});
        // A slice whose bounds and step would overflow the crate's i32 arithmetic.
        assert_eq!(query("a[1::99999999999]", &data), Ok(json!([2])));
        assert_eq!(
            query("a[-99999999999:-1:99999999999]", &data),
            Ok(json!([1]))
        );
        assert_eq!(query("a[0000000001]", &data), Ok(json!(2)));
        // A non-ASCII digit after a minus sign.
        let e = query("a[-\u{661}]", &data).unwrap_err();
        assert!(
            e.starts_with("Bad value for --query a[-\u{661}]: '-' must be followed by numbers 1-9"),
            "{e}"
        );
        // Deep nesting and long chains: refused before the crate recurses.
        let deep = format!("{}b{}", "(".repeat(2_000), ")".repeat(2_000));
        assert!(query(&deep, &data).unwrap_err().contains("sandbox wording"));
        let chain = format!("b{}", ".c".repeat(2_000));
        assert!(query(&chain, &data)
            .unwrap_err()
            .contains("more deeply nested or chained"));
        assert_eq!(
            query(&format!("b{}", ".c".repeat(3)), &data),
            Ok(Value::Null)
        );
        assert!(check_query(&deep).is_err());
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
