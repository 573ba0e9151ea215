//! Discussion sites' JSON APIs (Hacker News, Lobsters, Reddit) and comment feeds, as pure parsers
//! of the bytes a caller fetched. Missing fields, wrong types, dangling parents and cycles give a
//! best-effort tree; only input that is not JSON at all, or not the expected shape, is an error.

mod algolia;
mod comment_feed;
pub mod endpoints;
pub mod hn;
pub(crate) mod json;
pub mod lobsters;
pub mod reddit;
mod site;

use serde::Serialize;
use serde_json::Value;
use thiserror::Error;
use url::Url;

pub use comment_feed::from_comment_feed;
pub use endpoints::Endpoints;
pub use hn::{FirebaseItem, assemble_firebase};
pub use site::{ApiKind, ApiRequest, api_request};

use super::model::Thread;
use algolia::AlgoliaNode;

#[derive(Debug, Error)]
pub enum ApiError {
    #[error("not valid JSON: {0}")]
    Json(String),
    #[error("JSON nested {0} levels deep, more than a discussion can be")]
    TooDeep(usize),
    #[error("unexpected JSON shape: {0}")]
    Shape(&'static str),
    #[error("not a JSON document of a discussion site (Hacker News, Lobsters, Reddit)")]
    UnknownSite,
    #[error("not a comment feed: {0}")]
    Feed(String),
}

/// The story a discussion is about.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Story {
    pub title: String,
    /// The self text (Ask HN, Reddit self posts, Lobsters descriptions), rendered.
    pub text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub score: Option<i64>,
}

/// A story and its thread, from a discussion site.
#[derive(Debug, Clone, PartialEq)]
pub struct Discussion {
    pub story: Story,
    pub thread: Thread,
}

/// Parses a discussion API response. `source_url` (the page or API URL it came from) names the
/// site; without one, or for an unknown host, the site is recognised from the JSON's shape.
pub fn parse_discussion(bytes: &[u8], source_url: Option<&Url>) -> Result<Discussion, ApiError> {
    // The sites' own addresses name the site; a mirror's address does not, and its JSON's shape does.
    let claimed = source_url
        .and_then(|url| api_request(url, &Endpoints::default()))
        .map(|r| r.kind);
    // An Algolia response (the whole tree: the largest JSON read here) is read into typed nodes,
    // not a `Value`; an object of another site found that way is read again below.
    if claimed == Some(ApiKind::HnAlgolia) || (claimed.is_none() && json::is_object(bytes)) {
        let root = AlgoliaNode::parse(bytes)?;
        if claimed.is_some() || root.kind_by_shape() == Some(ApiKind::HnAlgolia) {
            return hn::from_algolia(root);
        }
    }
    let parsed = json::parse(bytes)?;
    let value = &parsed.0;
    let kind = claimed
        .or_else(|| detect_kind(value))
        .ok_or(ApiError::UnknownSite)?;
    match kind {
        ApiKind::HnAlgolia => hn::from_algolia(AlgoliaNode::parse(bytes)?),
        ApiKind::HnFirebase => hn::from_firebase_dump(value),
        ApiKind::Lobsters => lobsters::from_story(value),
        ApiKind::Reddit => reddit::from_listing(value),
    }
}

/// Which API produced this JSON, from its shape alone.
pub fn detect_kind(value: &Value) -> Option<ApiKind> {
    let has = |v: &Value, key: &str| v.get(key).is_some();
    match value {
        Value::Array(items)
            if items.first().and_then(|l| l.get("kind")).and_then(Value::as_str) == Some("Listing") =>
        {
            Some(ApiKind::Reddit)
        }
        Value::Array(items) if items.iter().any(|i| has(i, "by") || has(i, "kids")) => {
            Some(ApiKind::HnFirebase)
        }
        Value::Object(map) => object_kind(
            &|key| has(value, key),
            value.get("children").is_some_and(Value::is_array),
        )
        .or_else(|| {
            (has(value, "kids") || has(value, "by") || map.values().any(|i| has(i, "by") || has(i, "kids")))
                .then_some(ApiKind::HnFirebase)
        }),
        _ => None,
    }
}

/// The sites an object's own keys tell apart (Lobsters before Algolia, whose keys are commoner);
/// `has` says whether a key is present, whatever its value.
fn object_kind(has: &dyn Fn(&str) -> bool, children_is_array: bool) -> Option<ApiKind> {
    if has("short_id") && (has("comments") || has("comment_count")) {
        Some(ApiKind::Lobsters)
    } else if children_is_array
        && ["created_at_i", "story_id", "author", "type", "title"]
            .iter()
            .any(|k| has(k))
    {
        Some(ApiKind::HnAlgolia)
    } else {
        None
    }
}
