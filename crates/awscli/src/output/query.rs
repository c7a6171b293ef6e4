//! `--query`: JMESPath through the jmespath crate, made to answer as the CLI's jmespath.py does
//! (numbers too large for the crate, the order of objects' keys).

use serde_json::Value;

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
