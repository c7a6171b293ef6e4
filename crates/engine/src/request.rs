//! Reading a request body (JSON) into the operation's typed request.
//!
//! A thin serde `Deserializer` over a borrowed `Value` that reads structs only from JSON objects.
//! serde's derive gives every struct a second reader, for the array form (`visit_seq`);
//! `serde_json`'s own `Value` deserializer can call it, so it is linked for every request type and
//! every type nested in one. AWS request bodies are always objects, so here it is never called and
//! never linked: the web build is smaller by that much. Everything else is handed to `serde_json`'s
//! `&Value` deserializer.

use crate::error::{AwsError, AwsResult};
use serde::de::value::BorrowedStrDeserializer;
use serde::de::DeserializeOwned;
use serde::de::{
    DeserializeSeed, Deserializer, Error as _, MapAccess, SeqAccess, Unexpected, Visitor,
};
use serde::forward_to_deserialize_any;
use serde_json::{Error, Value};

/// A request body (a JSON object) as the operation's typed request (see above for why not
/// `serde_json::from_value`). Only the deserialize call is generic: the checks and the error are
/// one copy for every request type, not one per type.
#[inline(always)]
pub fn parse<T: DeserializeOwned>(body: Value) -> AwsResult<T> {
    let body = object_body(body)?;
    T::deserialize(Body(&body)).map_err(not_understood)
}

/// The body if it is an object (an absent body is an empty one).
fn object_body(body: Value) -> AwsResult<Value> {
    match body {
        Value::Object(_) => Ok(body),
        Value::Null => Ok(Value::Object(serde_json::Map::new())),
        _ => Err(AwsError::invalid_parameter(
            "The request body must be a JSON object. (sandbox wording)",
        )),
    }
}

/// The CLI validates against the model first, so this only fires for values the model allows but
/// the simulation cannot represent (e.g. an enum value newer than the engine).
fn not_understood(e: Error) -> AwsError {
    AwsError::invalid_parameter(format!(
        "The request could not be understood by the sandbox: {e}"
    ))
}

pub struct Body<'de>(pub &'de Value);

fn unexpected(v: &Value) -> Unexpected<'_> {
    match v {
        Value::Null => Unexpected::Unit,
        Value::Bool(b) => Unexpected::Bool(*b),
        Value::Number(_) => Unexpected::Other("number"),
        Value::String(s) => Unexpected::Str(s),
        Value::Array(_) => Unexpected::Seq,
        Value::Object(_) => Unexpected::Map,
    }
}

struct Elements<'de>(std::slice::Iter<'de, Value>);

impl<'de> SeqAccess<'de> for Elements<'de> {
    type Error = Error;
    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        self.0.next().map(|v| seed.deserialize(Body(v))).transpose()
    }
}

struct Members<'de> {
    members: serde_json::map::Iter<'de>,
    value: Option<&'de Value>,
}

impl<'de> MapAccess<'de> for Members<'de> {
    type Error = Error;
    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        match self.members.next() {
            Some((k, v)) => {
                self.value = Some(v);
                seed.deserialize(BorrowedStrDeserializer::new(k)).map(Some)
            }
            None => Ok(None),
        }
    }
    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        match self.value.take() {
            Some(v) => seed.deserialize(Body(v)),
            None => Err(Error::custom("a value without its key")),
        }
    }
}

impl<'de> Deserializer<'de> for Body<'de> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Value::Array(a) => visitor.visit_seq(Elements(a.iter())),
            Value::Object(m) => visitor.visit_map(Members {
                members: m.iter(),
                value: None,
            }),
            other => other.deserialize_any(visitor),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Value::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        match self.0 {
            Value::Object(m) => visitor.visit_map(Members {
                members: m.iter(),
                value: None,
            }),
            other => Err(Error::invalid_type(unexpected(other), &visitor)),
        }
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Value::Array(a) => visitor.visit_seq(Elements(a.iter())),
            other => Err(Error::invalid_type(unexpected(other), &visitor)),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.0.deserialize_enum(name, variants, visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Value::Object(m) => visitor.visit_map(Members {
                members: m.iter(),
                value: None,
            }),
            other => Err(Error::invalid_type(unexpected(other), &visitor)),
        }
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.0.deserialize_bool(visitor)
    }
    fn deserialize_i64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.0.deserialize_i64(visitor)
    }
    fn deserialize_u64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.0.deserialize_u64(visitor)
    }
    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.0.deserialize_f64(visitor)
    }
    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.0.deserialize_str(visitor)
    }
    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.0.deserialize_string(visitor)
    }

    forward_to_deserialize_any! {
        i8 i16 i32 i128 u8 u16 u32 u128 f32 char bytes byte_buf unit unit_struct tuple tuple_struct identifier
    }
}

#[cfg(test)]
mod tests {
    use super::Body;
    use serde::Deserialize;
    use serde_json::json;

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(rename_all = "camelCase")]
    struct Inner {
        container_port: u16,
        host_port: Option<i64>,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(rename_all = "SCREAMING_SNAKE_CASE")]
    enum Mode {
        Bridge,
        Awsvpc,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(rename_all = "camelCase")]
    struct Request {
        family: String,
        network_mode: Option<Mode>,
        #[serde(default)]
        port_mappings: Vec<Inner>,
        cpu: Option<String>,
        other: Option<std::collections::BTreeMap<String, serde_json::Value>>,
    }

    #[test]
    fn reads_what_from_value_reads() {
        let body = json!({"family": "web", "networkMode": "BRIDGE", "portMappings": [{"containerPort": 80, "hostPort": null}, {"containerPort": 8080, "hostPort": 0}],
            "cpu": "256", "other": {"a": [1, {"b": true}]}, "unknown": 1});
        let via_body = Request::deserialize(Body(&body)).expect("reads");
        let via_value: Request = serde_json::from_value(body.clone()).expect("reads");
        assert_eq!(via_body, via_value);
        assert_eq!(
            via_body.port_mappings[1],
            Inner {
                container_port: 8080,
                host_port: Some(0)
            }
        );
    }

    #[test]
    fn refuses_wrong_shapes_with_an_error() {
        for bad in [
            json!([{"family": "web"}]),
            json!({"family": 3}),
            json!({"family": "w", "portMappings": {"containerPort": 1}}),
            json!({"family": "w", "portMappings": [{"containerPort": 70000}]}),
            json!({"family": "w", "networkMode": "HOST"}),
            json!({}),
        ] {
            assert!(Request::deserialize(Body(&bad)).is_err(), "{bad}");
        }
    }
}
