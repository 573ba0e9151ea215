//! Reddit `/comments/<id>.json`: `[post listing, comment listing]`, replies nested in each comment's
//! `replies` listing (the empty string when there are none). `kind: "more"` stubs are not comments:
//! their count goes to the parent's `more_replies` ("[N more replies]").

use std::collections::HashMap;

use serde_json::Value;

use super::json::{array_field, int_field, str_field};
use super::{ApiError, Discussion, Story};
use crate::comments::body_text::{html_to_text, plain_text};
use crate::comments::date_parse;
use crate::comments::model::{Comment, Edited, Source, Thread};
use crate::comments::tree::{self, FlatComment, Prefer};

pub(super) fn from_listing(value: &Value) -> Result<Discussion, ApiError> {
    let parts = value
        .as_array()
        .ok_or(ApiError::Shape("a Reddit comments response is a JSON array"))?;
    let post = parts
        .first()
        .and_then(|l| listing_children(l).first())
        .and_then(|c| c.get("data"));
    let comments = parts.get(1).map(listing_children).unwrap_or_default();

    let mut flat: Vec<FlatComment> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut top_more = 0usize;
    let mut stack: Vec<(&Value, Option<String>)> = comments.iter().rev().map(|c| (c, None)).collect();
    while let Some((child, parent)) = stack.pop() {
        let data = child.get("data").unwrap_or(&Value::Null);
        match str_field(child, "kind") {
            Some("t1") => {
                let replies = data.get("replies").map(listing_children).unwrap_or_default();
                let Some(comment) = comment_of(data) else { continue };
                if comment.deleted && replies.is_empty() {
                    continue; // a deleted comment is kept only to hold its replies in place
                }
                let key = Some(comment.id.clone());
                index.insert(comment.id.clone(), flat.len());
                let depth = int_field(data, "depth").and_then(|d| usize::try_from(d).ok());
                flat.push(FlatComment {
                    key: key.clone(),
                    parent,
                    depth,
                    comment,
                });
                stack.extend(replies.iter().rev().map(|c| (c, key.clone())));
            }
            Some("more") => {
                let count = usize::try_from(int_field(data, "count").unwrap_or(0)).unwrap_or(0);
                let count = count.max(array_field(data, "children").len());
                if count == 0 {
                    continue; // "continue this thread": a link, not a count
                }
                match parent.and_then(|p| index.get(&p).copied()) {
                    Some(i) => *flat[i].comment.more_replies.get_or_insert(0) += count,
                    None => top_more += count,
                }
            }
            _ => {}
        }
    }
    let permalink = post
        .and_then(|p| str_field(p, "permalink"))
        .map(|p| format!("https://www.reddit.com{p}"));
    let mut thread = Thread::new(Source::Reddit, permalink);
    thread.comments = tree::build(flat, Prefer::Parent);
    thread.more_replies = (top_more > 0).then_some(top_more);
    let story = post.map(|p| Story {
        title: str_field(p, "title").map(unescape).unwrap_or_default(),
        text: body(p, "selftext_html", "selftext"),
        url: str_field(p, "url").map(unescape),
        author: str_field(p, "author").map(str::to_string),
        score: int_field(p, "score"),
    });
    Ok(Discussion {
        story: story.unwrap_or_default(),
        thread,
    })
}

fn listing_children(listing: &Value) -> &[Value] {
    listing
        .get("data")
        .map_or(&[], |data| array_field(data, "children"))
}

fn comment_of(data: &Value) -> Option<Comment> {
    let id = str_field(data, "id")
        .map(str::to_string)
        .or_else(|| int_field(data, "id").map(|i| i.to_string()))?;
    let author = str_field(data, "author");
    let raw_body = str_field(data, "body").unwrap_or_default();
    let removed = matches!(raw_body, "[deleted]" | "[removed]");
    let mut comment = if removed {
        Comment::deleted(id)
    } else {
        Comment::new(id, author, body(data, "body_html", "body"))
    };
    comment.date = data
        .get("created_utc")
        .and_then(Value::as_f64)
        .and_then(|t| date_parse::from_unix(t as i64));
    comment.score = int_field(data, "score");
    comment.edited = data
        .get("edited")
        .and_then(Value::as_f64)
        .and_then(|t| date_parse::from_unix(t as i64))
        .map(|when| Edited {
            by: None,
            when: Some(when.to_rfc3339()),
        });
    Some(comment)
}

/// The rendered HTML (Reddit escapes it once more) or else the Markdown source.
fn body(data: &Value, html_key: &str, text_key: &str) -> String {
    match str_field(data, html_key).filter(|h| !h.is_empty()) {
        Some(html) => html_to_text(&unescape(html)),
        None => plain_text(&unescape(str_field(data, text_key).unwrap_or_default())),
    }
}

/// Reddit escapes `&`, `<`, `>` and quotes in HTML and Markdown fields (and in titles and links).
/// Decoded as attribute values are: a `&copy=` Reddit left unescaped in a link stays a query.
pub(crate) fn unescape(text: &str) -> String {
    crate::markup::entities::decode_attribute(text).into_owned()
}
