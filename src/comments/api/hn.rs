//! Hacker News: the Algolia items API (the whole tree in one response) and the official Firebase
//! API (one item per request; [`FirebaseItem`] parses one, [`assemble_firebase`] builds the tree from
//! the items the caller fetched by following `kids`).

use std::collections::{HashMap, HashSet};

use serde_json::Value;

use super::algolia::AlgoliaNode;
use super::json::{self, array_field, bool_field, int_field, str_field};
use super::{ApiError, Discussion, Story};
use crate::comments::body_text::html_to_text;
use crate::comments::date_parse;
use crate::comments::model::{Comment, Source, Thread};
use crate::comments::tree::{self, FlatComment, Prefer};

/// The page of an HN item, for links.
pub fn item_page(id: &str) -> String {
    format!("https://news.ycombinator.com/item?id={id}")
}

/// A whole Algolia `items/<id>` response.
pub(super) fn from_algolia(mut root: AlgoliaNode) -> Result<Discussion, ApiError> {
    if !root.is_object {
        return Err(ApiError::Shape("an HN Algolia item is a JSON object"));
    }
    let is_story = field_str(&root.kind).is_some_and(|t| t != "comment")
        || root.title.as_ref().is_some_and(Value::is_string);
    let root_id = root.id.as_ref().and_then(json::as_id).unwrap_or_default();
    let story = is_story.then(|| Story {
        title: field_str(&root.title).unwrap_or_default().to_string(),
        text: field_str(&root.text).map(html_to_text).unwrap_or_default(),
        url: field_str(&root.url).map(str::to_string),
        author: field_str(&root.author).map(str::to_string),
        score: root.points.as_ref().and_then(json::as_int),
    });
    // Preorder walk with an explicit stack of sibling lists, each with its parent's key. Nodes are
    // consumed where they lie (a node is large: not moved onto a stack), and what is left drops
    // without recursion.
    let mut levels: Vec<(std::vec::IntoIter<AlgoliaNode>, Option<String>)> = if is_story {
        vec![(root.children.take().unwrap_or_default().into_iter(), None)]
    } else {
        vec![(vec![root].into_iter(), None)]
    };
    let mut flat = Vec::new();
    while let Some((siblings, parent)) = levels.last_mut() {
        let Some(mut node) = siblings.next() else {
            levels.pop();
            continue;
        };
        let key = node.id.as_ref().and_then(json::as_id);
        let children = node.children.take().unwrap_or_default();
        let id = key.clone().unwrap_or_default();
        let Some(comment) = algolia_comment(&node, id, !children.is_empty()) else {
            continue;
        };
        let parent = parent.clone();
        if !children.is_empty() {
            levels.push((children.into_iter(), key.clone()));
        }
        flat.push(FlatComment {
            key,
            parent,
            depth: None,
            comment,
        });
    }
    let mut thread = Thread::new(Source::HackerNews, Some(item_page(&root_id)));
    thread.comments = tree::build(flat, Prefer::Parent);
    Ok(Discussion {
        story: story.unwrap_or_default(),
        thread,
    })
}

/// A field that holds a string.
fn field_str(field: &Option<Value>) -> Option<&str> {
    field.as_ref()?.as_str()
}

/// One Algolia node (`id` is its `id` as text); deleted comments are kept only when they hold
/// replies.
fn algolia_comment(node: &AlgoliaNode, id: String, has_replies: bool) -> Option<Comment> {
    if !node.is_object {
        return None;
    }
    let (author, text) = (field_str(&node.author), field_str(&node.text));
    if author.is_none() && text.is_none() {
        return has_replies.then(|| Comment::deleted(id));
    }
    let mut comment = Comment::new(id, author, text.map(html_to_text).unwrap_or_default());
    comment.date = node
        .created_at_i
        .as_ref()
        .and_then(json::as_int)
        .and_then(date_parse::from_unix)
        .or_else(|| field_str(&node.created_at).and_then(date_parse::parse));
    comment.score = node.points.as_ref().and_then(json::as_int);
    Some(comment)
}

/// One item of the Firebase API (`/v0/item/<id>.json`).
#[derive(Debug, Clone, PartialEq)]
pub struct FirebaseItem {
    pub id: u64,
    pub kind: String,
    pub by: Option<String>,
    pub time: Option<i64>,
    /// HTML.
    pub text: Option<String>,
    pub title: Option<String>,
    pub url: Option<String>,
    pub score: Option<i64>,
    pub parent: Option<u64>,
    /// Replies' ids in display order: the caller fetches these next.
    pub kids: Vec<u64>,
    pub deleted: bool,
    pub dead: bool,
}

impl FirebaseItem {
    /// Parses one item's JSON (`null` for an unknown id gives an error).
    pub fn parse(bytes: &[u8]) -> Result<Self, ApiError> {
        let parsed = json::parse(bytes)?;
        Self::from_value(&parsed.0).ok_or(ApiError::Shape("an HN Firebase item is an object with an id"))
    }

    pub(super) fn from_value(value: &Value) -> Option<Self> {
        let id = int_field(value, "id").and_then(|id| u64::try_from(id).ok())?;
        Some(FirebaseItem {
            id,
            kind: str_field(value, "type").unwrap_or("comment").to_string(),
            by: str_field(value, "by").map(str::to_string),
            time: int_field(value, "time"),
            text: str_field(value, "text").map(str::to_string),
            title: str_field(value, "title").map(str::to_string),
            url: str_field(value, "url").map(str::to_string),
            score: int_field(value, "score"),
            parent: int_field(value, "parent").and_then(|p| u64::try_from(p).ok()),
            kids: array_field(value, "kids")
                .iter()
                .filter_map(Value::as_u64)
                .collect(),
            deleted: bool_field(value, "deleted"),
            dead: bool_field(value, "dead"),
        })
    }
}

/// Builds the thread under `root` from fetched items (any order, any extras). Kids that were not
/// fetched are skipped; an item reached twice (cycles in bad data) is shown once.
pub fn assemble_firebase(root: &FirebaseItem, items: &HashMap<u64, FirebaseItem>) -> Discussion {
    let mut seen = HashSet::from([root.id]);
    let mut stack: Vec<(u64, Option<String>)> = root.kids.iter().rev().map(|&k| (k, None)).collect();
    let mut flat = Vec::new();
    while let Some((id, parent)) = stack.pop() {
        let Some(item) = items.get(&id) else { continue };
        if !seen.insert(id) {
            continue;
        }
        let has_replies = item.kids.iter().any(|k| items.contains_key(k));
        let comment = if item.deleted || item.dead || (item.by.is_none() && item.text.is_none()) {
            if !has_replies {
                continue;
            }
            Comment::deleted(id.to_string())
        } else {
            let mut c = Comment::new(
                id.to_string(),
                item.by.as_deref(),
                item.text.as_deref().map(html_to_text).unwrap_or_default(),
            );
            c.date = item.time.and_then(date_parse::from_unix);
            c.score = item.score;
            c
        };
        let key = Some(id.to_string());
        flat.push(FlatComment {
            key: key.clone(),
            parent,
            depth: None,
            comment,
        });
        stack.extend(item.kids.iter().rev().map(|&k| (k, key.clone())));
    }
    let mut thread = Thread::new(Source::HackerNews, Some(item_page(&root.id.to_string())));
    thread.comments = tree::build(flat, Prefer::Parent);
    let story = Story {
        title: root.title.clone().unwrap_or_default(),
        text: root.text.as_deref().map(html_to_text).unwrap_or_default(),
        url: root.url.clone(),
        author: root.by.clone(),
        score: root.score,
    };
    Discussion { story, thread }
}

/// A dump of Firebase items (a JSON array, or an object keyed by id): the root is the story, or
/// else the first item whose parent is not in the dump.
pub(super) fn from_firebase_dump(value: &Value) -> Result<Discussion, ApiError> {
    let values: Vec<&Value> = match value {
        Value::Array(items) => items.iter().collect(),
        Value::Object(map) if map.contains_key("id") => vec![value],
        Value::Object(map) => map.values().collect(),
        _ => Vec::new(),
    };
    let list: Vec<FirebaseItem> = values.into_iter().filter_map(FirebaseItem::from_value).collect();
    let ids: HashSet<u64> = list.iter().map(|i| i.id).collect();
    let root = list
        .iter()
        .find(|i| i.kind != "comment")
        .or_else(|| list.iter().find(|i| i.parent.is_none_or(|p| !ids.contains(&p))))
        .cloned()
        .ok_or(ApiError::Shape("an HN Firebase dump holds at least one item"))?;
    let items = list.into_iter().map(|i| (i.id, i)).collect();
    Ok(assemble_firebase(&root, &items))
}
