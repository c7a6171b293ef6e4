//! `--query` never panics and never overflows the stack, whatever the expression: generated
//! JMESPath from its own tokens, numbers at the edges of i32/i64/u64, Unicode digits and deep
//! nesting, evaluated against a real response (a panic in WebAssembly kills the page).

use ecs_sandbox_awscli::output as query;
use proptest::prelude::*;

const TOKENS: &[&str] = &[
    "a",
    "b",
    "clusterArns",
    "Subnets",
    "[",
    "]",
    "[]",
    "[?",
    "(",
    ")",
    "{",
    "}",
    ".",
    "|",
    ",",
    ":",
    "::",
    "*",
    "@",
    "&",
    "&&",
    "||",
    "!",
    "==",
    "!=",
    "<",
    "<=",
    ">",
    ">=",
    "-",
    "0",
    "1",
    "-1",
    "2147483647",
    "2147483648",
    "-2147483648",
    "-2147483649",
    "99999999999",
    "9223372036854775807",
    "18446744073709551615",
    "-١",
    "١",
    "٣",
    "𝟙",
    "`1`",
    "`[1,2]`",
    "`{}`",
    "`\"x\"`",
    "'x'",
    "\"q\"",
    "length(",
    "sort_by(",
    "max_by(",
    "min(",
    "sum(",
    "abs(",
    "to_number(",
    "join(",
    "reverse(",
    "keys(",
    "values(",
    "contains(",
    "starts_with(",
    "not_null(",
    "map(",
    "merge(",
    "type(",
    "floor(",
    "ceil(",
    "avg(",
    "&a",
    " ",
    "\\",
    "'",
];

fn expression() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(TOKENS), 0..24).prop_map(|t| t.concat())
}

fn data() -> serde_json::Value {
    serde_json::json!({
        "a": [1, -2, 3.5, "x", null, true, {"b": [1, 2]}, [3, [4]]],
        "b": {"c": 1, "d": "2", "e": [{"a": 1}, {"a": "z"}]},
        "clusterArns": ["arn:aws:ecs:us-east-1:123456789012:cluster/x"],
        "Subnets": [{"SubnetId": "subnet-1"}, {"SubnetId": "subnet-2"}],
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 20_000, ..ProptestConfig::default() })]

    #[test]
    fn any_expression_is_a_result_or_an_error(expr in expression()) {
        let _ = query::query(&expr, &data());
        let _ = query::check_query(&expr);
    }

    #[test]
    fn slices_with_edge_numbers_never_panic(
        start in prop::sample::select(&[0i64, 1, -1, 2147483647, -2147483648, 99999999999, -99999999999, i64::MAX, i64::MIN + 1][..]),
        stop in prop::sample::select(&[0i64, 3, -3, 2147483647, -2147483648, 99999999999, i64::MAX][..]),
        step in prop::sample::select(&[1i64, 2, -1, -2, 2147483647, -2147483648, 99999999999, -99999999999][..]),
    ) {
        for expr in [format!("a[{start}:{stop}:{step}]"), format!("a[{start}]"), format!("a[::{step}]")] {
            let _ = query::query(&expr, &data());
        }
    }
}

#[test]
fn deep_nesting_is_refused_rather_than_overflowing_the_stack() {
    for n in [100, 2_000, 50_000] {
        for expr in [
            format!("{}a{}", "(".repeat(n), ")".repeat(n)),
            format!("{}1{}", "[".repeat(n), "]".repeat(n)),
            format!("a{}", ".b".repeat(n)),
            format!("a{}", "|b".repeat(n)),
            format!("a{}", "[0]".repeat(n)),
            format!("a{}", "&&b".repeat(n)),
            format!("{}a", "!".repeat(n)),
        ] {
            let _ = query::query(&expr, &data());
        }
    }
}
