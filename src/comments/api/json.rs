//! Reading API JSON safely: any nesting depth without a stack overflow (serde_json's own limit of
//! 128 levels is too low for Reddit, which nests ~5 JSON levels per reply level), bounded so hostile
//! input cannot use unbounded memory, and torn down iteratively.

use serde::de::DeserializeOwned;
use serde_json::Value;

use super::ApiError;

/// Deeper JSON is refused: 200 levels of Reddit replies need about 1,000.
pub(crate) const MAX_NESTING: usize = 20_000;

/// A parsed document whose drop does not recurse.
pub(crate) struct Json(pub Value);

impl Drop for Json {
    fn drop(&mut self) {
        drop_iteratively(std::mem::take(&mut self.0));
    }
}

pub(crate) fn parse(bytes: &[u8]) -> Result<Json, ApiError> {
    parse_as::<Value>(bytes).map(Json)
}

/// Parses into any type, with the same depth bound and heap-grown stack as [`parse`]. A `T` that
/// nests must drop iteratively, as [`Json`] does.
pub(crate) fn parse_as<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    let depth = nesting(bytes);
    if depth > MAX_NESTING {
        return Err(ApiError::TooDeep(depth));
    }
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    deserializer.disable_recursion_limit();
    let stacked = serde_stacker::Deserializer::new(&mut deserializer);
    T::deserialize(stacked).map_err(|e| ApiError::Json(e.to_string()))
}

/// Whether the document is a JSON object (its first byte after whitespace is `{`).
pub(crate) fn is_object(bytes: &[u8]) -> bool {
    bytes.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{')
}

/// The deepest nesting of arrays and objects, outside strings. Strings are skipped with `memchr`:
/// most of a discussion's bytes are comment text, and a byte-at-a-time scan of them cost more
/// than the typed parse of the same bytes.
fn nesting(bytes: &[u8]) -> usize {
    let (mut depth, mut deepest, mut at) = (0usize, 0usize, 0usize);
    while let Some(&b) = bytes.get(at) {
        at += 1;
        match b {
            b'"' => at = string_end(bytes, at),
            b'[' | b'{' => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    deepest
}

/// Where the string whose content starts at `from` ends (just past its closing quote, or the end
/// of the input for an unterminated string).
fn string_end(bytes: &[u8], mut from: usize) -> usize {
    while let Some(found) = bytes
        .get(from..)
        .and_then(|rest| memchr::memchr2(b'"', b'\\', rest))
    {
        let at = from + found;
        if bytes[at] == b'"' {
            return at + 1;
        }
        from = at + 2; // an escape: the next byte is never the closing quote
    }
    bytes.len()
}

/// Drops a value with an explicit stack.
pub(crate) fn drop_iteratively(value: Value) {
    let mut stack = vec![value];
    while let Some(value) = stack.pop() {
        match value {
            Value::Array(items) => stack.extend(items),
            Value::Object(map) => stack.extend(map.into_iter().map(|(_, v)| v)),
            _ => {}
        }
    }
}

/// Lenient field access: APIs omit fields and change types; every reader tolerates both.
pub(crate) fn str_field<'a>(value: &'a Value, key: &str) -> Option<&'a str> {
    value.get(key)?.as_str()
}

/// A number or a numeric string, as an integer.
pub(crate) fn int_field(value: &Value, key: &str) -> Option<i64> {
    as_int(value.get(key)?)
}

/// An id that may be a number or a string.
pub(crate) fn id_field(value: &Value, key: &str) -> Option<String> {
    as_id(value.get(key)?)
}

/// [`int_field`] of a field's value.
pub(crate) fn as_int(value: &Value) -> Option<i64> {
    match value {
        Value::Number(n) => n.as_i64().or_else(|| n.as_f64().map(|f| f as i64)),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// [`id_field`] of a field's value.
pub(crate) fn as_id(value: &Value) -> Option<String> {
    match value {
        Value::Number(n) => Some(n.to_string()),
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        _ => None,
    }
}

pub(crate) fn array_field<'a>(value: &'a Value, key: &str) -> &'a [Value] {
    value
        .get(key)
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

pub(crate) fn bool_field(value: &Value, key: &str) -> bool {
    value
        .get(key)
        .is_some_and(|v| v.as_bool().unwrap_or(false) || v.as_i64().is_some_and(|n| n != 0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deep_json_parses_and_drops_without_overflow() -> Result<(), ApiError> {
        let depth = 10_000;
        let text = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        let parsed = parse(text.as_bytes())?;
        assert!(parsed.0.is_array());
        Ok(())
    }

    #[test]
    fn absurd_nesting_is_refused_with_a_reason() {
        let text = "[".repeat(MAX_NESTING + 1);
        assert!(matches!(parse(text.as_bytes()), Err(ApiError::TooDeep(_))));
    }

    #[test]
    fn brackets_in_strings_do_not_count() {
        assert_eq!(nesting(br#"{"a": "[[[[\"[[" }"#), 1);
        assert_eq!(nesting(br#"[{"a\\": "[\\", "b": [["c"]]}]"#), 4);
        assert_eq!(nesting(br#"[["unterminated \"#), 2);
        assert_eq!(nesting(br#"["\"#), 1);
    }
}
