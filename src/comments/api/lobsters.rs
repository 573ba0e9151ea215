//! Lobsters `/s/<short_id>.json`: the story and its comments as a flat preorder list. Current
//! snapshots give `depth` (0-based), `parent_comment` and `commenting_user` as a name; older ones
//! `indent_level` (1-based) and `commenting_user` as an object with `username`. Both are read.

use serde_json::Value;

use super::json::{array_field, bool_field, id_field, int_field, str_field};
use super::{ApiError, Discussion, Story};
use crate::comments::body_text::{html_to_text, plain_text};
use crate::comments::date_parse;
use crate::comments::model::{Comment, Edited, Source, Thread};
use crate::comments::tree::{self, FlatComment, Prefer};

pub(super) fn from_story(story: &Value) -> Result<Discussion, ApiError> {
    if !story.is_object() {
        return Err(ApiError::Shape("a Lobsters story is a JSON object"));
    }
    let flat: Vec<FlatComment> = array_field(story, "comments")
        .iter()
        .filter_map(comment_of)
        .collect();
    let url = str_field(story, "short_id_url")
        .map(str::to_string)
        .or_else(|| str_field(story, "short_id").map(|id| format!("https://lobste.rs/s/{id}")));
    let mut thread = Thread::new(Source::Lobsters, url);
    thread.comments = tree::build(flat, Prefer::Parent);
    let story = Story {
        title: str_field(story, "title").unwrap_or_default().to_string(),
        text: str_field(story, "description")
            .map(html_to_text)
            .or_else(|| str_field(story, "description_plain").map(plain_text))
            .unwrap_or_default(),
        url: str_field(story, "url")
            .filter(|u| !u.is_empty())
            .map(str::to_string),
        author: user_name(story.get("submitter_user")),
        score: int_field(story, "score"),
    };
    Ok(Discussion { story, thread })
}

fn comment_of(value: &Value) -> Option<FlatComment> {
    if !value.is_object() {
        return None;
    }
    let key = id_field(value, "short_id");
    let deleted = bool_field(value, "is_deleted") || bool_field(value, "is_moderated");
    let mut comment = if deleted {
        Comment::deleted(key.clone().unwrap_or_default())
    } else {
        let text = str_field(value, "comment")
            .map(html_to_text)
            .or_else(|| str_field(value, "comment_plain").map(plain_text))
            .unwrap_or_default();
        Comment::new(
            key.clone().unwrap_or_default(),
            user_name(value.get("commenting_user")).as_deref(),
            text,
        )
    };
    let created = str_field(value, "created_at");
    comment.date = created.and_then(date_parse::parse);
    comment.score = int_field(value, "score");
    let edited = str_field(value, "last_edited_at").filter(|e| Some(*e) != created && !deleted);
    comment.edited = edited.map(|when| Edited {
        by: None,
        when: Some(when.to_string()),
    });
    let depth = int_field(value, "depth")
        .and_then(|d| usize::try_from(d).ok())
        .or_else(|| int_field(value, "indent_level").and_then(|l| usize::try_from(l - 1).ok()));
    let parent = id_field(value, "parent_comment");
    Some(FlatComment {
        key,
        parent,
        depth,
        comment,
    })
}

/// `"name"` (current) or `{"username": "name", …}` (older).
fn user_name(user: Option<&Value>) -> Option<String> {
    match user? {
        Value::String(name) => Some(name.clone()),
        object @ Value::Object(_) => str_field(object, "username").map(str::to_string),
        _ => None,
    }
}
