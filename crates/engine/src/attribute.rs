//! Attributes (name, optional value), as ECS puts them on container instances and as placement
//! reads them (memberOf, spread, a task definition's requiresAttributes).

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, PartialOrd, Ord)]
pub struct Attribute {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    #[serde(
        default,
        rename = "targetType",
        skip_serializing_if = "Option::is_none"
    )]
    pub target_type: Option<String>,
    #[serde(default, rename = "targetId", skip_serializing_if = "Option::is_none")]
    pub target_id: Option<String>,
}

impl Attribute {
    pub fn new(name: &str, value: Option<&str>) -> Self {
        Attribute {
            name: name.into(),
            value: value.map(Into::into),
            target_type: None,
            target_id: None,
        }
    }
}
