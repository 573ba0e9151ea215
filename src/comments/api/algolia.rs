//! The Hacker News Algolia `items/<id>` response, read straight into typed nodes.
//!
//! That response holds a whole thread (thousands of comments, megabytes). Building a generic
//! `Value` first (a map with a `String` key per field of every comment) and dropping it again cost
//! as much as everything else done with the thread. The nodes here keep only the fields the reader
//! uses, each as the JSON value it was (any type: APIs change types, and the same lenient helpers
//! as for a `Value` judge it), and accept everything a `Value` accepts, rejecting the same input.

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Number, Value};

use super::{ApiError, ApiKind, json, object_kind};

/// One node of the response: the story at the root, a comment below it.
#[derive(Debug, Default)]
pub(crate) struct AlgoliaNode {
    /// The node is a JSON object (anything else in a `children` array is not a comment).
    pub is_object: bool,
    pub id: Option<Value>,
    /// The `type` field.
    pub kind: Option<Value>,
    pub author: Option<Value>,
    pub text: Option<Value>,
    pub title: Option<Value>,
    pub url: Option<Value>,
    pub points: Option<Value>,
    pub created_at_i: Option<Value>,
    pub created_at: Option<Value>,
    /// The replies, when `children` is an array.
    pub children: Option<Vec<AlgoliaNode>>,
    /// Other keys that tell an Algolia item from other sites' JSON (see [`object_kind`]).
    other_keys: Vec<&'static str>,
}

impl AlgoliaNode {
    /// Parses a whole response (any depth; see [`json::parse_as`]).
    pub(crate) fn parse(bytes: &[u8]) -> Result<Self, ApiError> {
        match json::parse_as::<Item>(bytes)? {
            Item::Node(node) => Ok(*node),
            Item::List(_) | Item::Scalar(_) => Ok(AlgoliaNode::default()),
        }
    }

    /// Which site's JSON this object looks like, by the same rules as for a `Value`.
    pub(crate) fn kind_by_shape(&self) -> Option<ApiKind> {
        let has = |key: &str| {
            let field = match key {
                "author" => &self.author,
                "type" => &self.kind,
                "title" => &self.title,
                "created_at_i" => &self.created_at_i,
                _ => return self.other_keys.contains(&key),
            };
            field.is_some()
        };
        object_kind(&has, self.children.is_some())
    }
}

impl Drop for AlgoliaNode {
    /// Drops the replies with an explicit stack: a long chain of replies must not recurse.
    fn drop(&mut self) {
        let mut stack = self.children.take().unwrap_or_default();
        while let Some(mut node) = stack.pop() {
            stack.append(node.children.get_or_insert_default());
        }
    }
}

/// Any JSON value as this reader sees it.
enum Item {
    /// Boxed: a node is much larger than the other variants.
    Node(Box<AlgoliaNode>),
    List(Vec<AlgoliaNode>),
    /// A string, number, boolean or null.
    Scalar(Value),
}

impl Item {
    /// As a field's value: arrays and objects (no field read here holds one) become `null`, which
    /// the lenient helpers treat as the wrong type it is.
    fn into_field(self) -> Value {
        match self {
            Item::Scalar(value) => value,
            Item::Node(_) | Item::List(_) => Value::Null,
        }
    }
}

/// Keys the reader acts on; every other key's value is read (to reject what a `Value` would
/// reject) and dropped.
const OTHER_KEYS: [&str; 4] = ["story_id", "short_id", "comments", "comment_count"];

impl<'de> Deserialize<'de> for Item {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ItemVisitor)
    }
}

struct ItemVisitor;

impl<'de> Visitor<'de> for ItemVisitor {
    type Value = Item;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Item, E> {
        Ok(Item::Scalar(Value::Bool(v)))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Item, E> {
        Ok(Item::Scalar(Value::Number(v.into())))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Item, E> {
        Ok(Item::Scalar(Value::Number(v.into())))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Item, E> {
        Ok(Item::Scalar(
            Number::from_f64(v).map_or(Value::Null, Value::Number),
        ))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Item, E> {
        Ok(Item::Scalar(Value::String(v.to_owned())))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Item, E> {
        Ok(Item::Scalar(Value::String(v)))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Item, E> {
        Ok(Item::Scalar(Value::Null))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Item, A::Error> {
        let mut nodes = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(item) = seq.next_element::<Item>()? {
            // Not an object: kept as a placeholder that is no comment.
            nodes.push(match item {
                Item::Node(node) => *node,
                Item::List(_) | Item::Scalar(_) => AlgoliaNode::default(),
            });
        }
        Ok(Item::List(nodes))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Item, A::Error> {
        let mut node = Box::<AlgoliaNode>::default();
        node.is_object = true;
        // A repeated key keeps its last value, as in a `Value`.
        while let Some(key) = map.next_key::<Key>()? {
            let value = map.next_value::<Item>()?;
            let field = match key {
                Key::Id => &mut node.id,
                Key::Type => &mut node.kind,
                Key::Author => &mut node.author,
                Key::Text => &mut node.text,
                Key::Title => &mut node.title,
                Key::Url => &mut node.url,
                Key::Points => &mut node.points,
                Key::CreatedAtI => &mut node.created_at_i,
                Key::CreatedAt => &mut node.created_at,
                Key::Children => {
                    node.children = match value {
                        Item::List(children) => Some(children),
                        Item::Node(_) | Item::Scalar(_) => None,
                    };
                    continue;
                }
                Key::Other(Some(name)) => {
                    if !node.other_keys.contains(&name) {
                        node.other_keys.push(name);
                    }
                    continue;
                }
                Key::Other(None) => continue,
            };
            *field = Some(value.into_field());
        }
        Ok(Item::Node(node))
    }
}

/// A key of an object.
enum Key {
    Id,
    Type,
    Author,
    Text,
    Title,
    Url,
    Points,
    CreatedAtI,
    CreatedAt,
    Children,
    /// Any other key; named when it is one of [`OTHER_KEYS`].
    Other(Option<&'static str>),
}

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_identifier(KeyVisitor)
    }
}

struct KeyVisitor;

impl Visitor<'_> for KeyVisitor {
    type Value = Key;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("an object key")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<Key, E> {
        Ok(match key {
            "id" => Key::Id,
            "type" => Key::Type,
            "author" => Key::Author,
            "text" => Key::Text,
            "title" => Key::Title,
            "url" => Key::Url,
            "points" => Key::Points,
            "created_at_i" => Key::CreatedAtI,
            "created_at" => Key::CreatedAt,
            "children" => Key::Children,
            other => Key::Other(OTHER_KEYS.iter().copied().find(|k| *k == other)),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_keep_their_json_types_and_the_last_repeated_key_wins() -> Result<(), ApiError> {
        let node = AlgoliaNode::parse(
            br#"{"id": 7, "author": ["x"], "text": "a", "text": "b", "points": "12", "story_id": 1,
                "children": [{"id": "8"}, 5, [1], null], "options": {"deep": [[{}]]}}"#,
        )?;
        assert!(node.is_object);
        assert_eq!(node.id, Some(Value::from(7)));
        assert_eq!(node.author, Some(Value::Null));
        assert_eq!(node.text, Some(Value::from("b")));
        assert_eq!(node.points, Some(Value::from("12")));
        let children = node.children.as_deref().unwrap_or_default();
        assert_eq!(children.len(), 4);
        assert!(children[0].is_object && children[0].id == Some(Value::from("8")));
        assert!(children[1..].iter().all(|c| !c.is_object));
        assert_eq!(node.kind_by_shape(), Some(ApiKind::HnAlgolia));
        Ok(())
    }

    #[test]
    fn what_a_value_rejects_is_rejected_even_in_ignored_keys() {
        for bad in [
            &br#"{"options": "\ud800"}"#[..],
            br#"{"x": 1e999}"#,
            br#"{"children": [}"#,
        ] {
            let typed = AlgoliaNode::parse(bad).map(|_| ()).map_err(|e| e.to_string());
            let value = json::parse(bad).map(|_| ()).map_err(|e| e.to_string());
            assert!(typed.is_err(), "{}", String::from_utf8_lossy(bad));
            assert_eq!(typed, value);
        }
    }

    #[test]
    fn a_chain_deeper_than_the_stack_parses_and_drops() -> Result<(), ApiError> {
        // Two JSON levels a reply: just under the nesting bound.
        let depth = json::MAX_NESTING / 2 - 1;
        let json = format!(
            "{}{}",
            r#"{"id":1,"children":["#.repeat(depth),
            "]}".repeat(depth)
        );
        let node = AlgoliaNode::parse(json.as_bytes())?;
        assert_eq!(node.children.as_ref().map(Vec::len), Some(1));
        Ok(())
    }
}
