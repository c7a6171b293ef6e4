//! Placement constraints: memberOf (a cluster query) and distinctInstance.

/// A placement constraint, typed (memberOf keeps its parsed expression).
#[derive(Debug, Clone, PartialEq)]
pub enum Constraint {
    DistinctInstance,
    MemberOf {
        expression: String,
        parsed: crate::placement::query_language::Expr,
    },
}
