//! Helpers for the AWS wire format that every service shares: responses without `null` members,
//! base64, and the pages of list operations (with their `nextToken`).

use serde_json::json;

/// Drops `null` members: AWS omits absent optional members rather than sending null.
pub fn strip_nulls(mut v: serde_json::Value) -> serde_json::Value {
    fn walk(v: &mut serde_json::Value) {
        match v {
            serde_json::Value::Object(map) => {
                map.retain(|_, x| !x.is_null());
                map.values_mut().for_each(walk);
            }
            serde_json::Value::Array(list) => list.iter_mut().for_each(walk),
            _ => {}
        }
    }
    walk(&mut v);
    v
}

/// Standard base64 back to text (None if it is not base64 of UTF-8).
pub fn base64_decode(text: &str) -> Option<String> {
    let mut bits: u32 = 0;
    let mut nbits = 0;
    let mut out = vec![];
    let clean: Vec<u8> = text.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
    if clean.is_empty() || !clean.len().is_multiple_of(4) {
        return None;
    }
    for b in clean {
        let v = match b {
            b'A'..=b'Z' => b - b'A',
            b'a'..=b'z' => b - b'a' + 26,
            b'0'..=b'9' => b - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            b'=' => continue,
            _ => return None,
        } as u32;
        bits = (bits << 6) | v;
        nbits += 6;
        if nbits >= 8 {
            nbits -= 8;
            out.push((bits >> nbits) as u8);
        }
    }
    String::from_utf8(out).ok()
}

/// Standard base64, padded (the user data the CLI sends, the token docker login decodes).
pub fn base64_encode(data: &[u8]) -> String {
    const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in data.chunks(3) {
        let n = chunk.len();
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let v = ((b[0] as u32) << 16) | ((b[1] as u32) << 8) | b[2] as u32;
        for i in 0..4 {
            if i <= n {
                out.push(T[((v >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// One page of a list operation: `maxResults` items after the position in `nextToken`.
/// Tokens are opaque to callers (here: the offset, encoded).
pub fn page<T: Clone>(
    items: &[T],
    max_results: Option<i64>,
    next_token: Option<&str>,
    limit: i64,
) -> crate::error::AwsResult<(Vec<T>, Option<String>)> {
    let start = match next_token {
        None => 0,
        Some(t) => base64_decode(t)
            .and_then(|d| {
                d.strip_prefix("offset:")
                    .and_then(|n| n.parse::<usize>().ok())
            })
            .ok_or_else(|| crate::error::AwsError::invalid_parameter("Invalid nextToken"))?,
    };
    if let Some(m) = max_results {
        if m < 1 || m > limit {
            return Err(crate::error::AwsError::invalid_parameter(format!(
                "maxResults must be between 1 and {limit}."
            )));
        }
    }
    let n = max_results.unwrap_or(limit) as usize;
    let page: Vec<T> = items.iter().skip(start).take(n).cloned().collect();
    let next = (start + n < items.len())
        .then(|| base64_encode(format!("offset:{}", start + n).as_bytes()));
    Ok((page, next))
}

/// Adds `nextToken` when there is another page.
pub(crate) fn with_next(mut v: serde_json::Value, next: Option<String>) -> serde_json::Value {
    if let (Some(t), Some(o)) = (next, v.as_object_mut()) {
        o.insert("nextToken".into(), json!(t));
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_is_standard() {
        assert_eq!(base64_encode(b"AWS:pw"), "QVdTOnB3");
        assert_eq!(base64_encode(b"AWS:p"), "QVdTOnA=");
        assert_eq!(base64_encode(b"AWS:"), "QVdTOg==");
        assert_eq!(base64_decode(&base64_encode(b"ab")).as_deref(), Some("ab"));
    }
}
