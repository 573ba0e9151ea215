//! A thread as the store caches it: the comments flattened in preorder with their depth, so that
//! reading it back needs no recursion however deep the discussion (nested JSON would hit
//! serde_json's recursion limit on a 200-level thread).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::model::{Comment, Edited, Source, Thread};
use super::tree::{FlatComment, Prefer, build};

/// Bumped when the format changes, so old cache entries read as misses instead of errors.
const FORMAT: u32 = 1;

#[derive(Serialize, Deserialize)]
struct CachedThread {
    format: u32,
    source: String,
    url: Option<String>,
    comments: Vec<CachedComment>,
}

#[derive(Serialize, Deserialize)]
struct CachedComment {
    depth: usize,
    id: String,
    author: String,
    date: Option<DateTime<Utc>>,
    text: String,
    score: Option<i64>,
    edited_by: Option<String>,
    edited_when: Option<String>,
    more_replies: Option<usize>,
    deleted: bool,
}

/// The cache entry for `thread`.
pub fn to_json(thread: &Thread) -> String {
    let comments = thread
        .preorder()
        .map(|(c, depth)| CachedComment {
            depth,
            id: c.id.clone(),
            author: c.author.clone(),
            date: c.date,
            text: c.text.clone(),
            score: c.score,
            edited_by: c.edited.as_ref().and_then(|e| e.by.clone()),
            edited_when: c.edited.as_ref().and_then(|e| e.when.clone()),
            more_replies: c.more_replies,
            deleted: c.deleted,
        })
        .collect();
    let cached = CachedThread {
        format: FORMAT,
        source: serde_json::to_value(thread.source)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default(),
        url: thread.url.clone(),
        comments,
    };
    serde_json::to_string(&cached).unwrap_or_default()
}

/// The thread a cache entry holds; `None` for an entry of another format or a damaged one.
pub fn from_json(json: &str) -> Option<Thread> {
    let cached: CachedThread = serde_json::from_str(json).ok()?;
    if cached.format != FORMAT {
        return None;
    }
    let source: Source = serde_json::from_value(serde_json::Value::String(cached.source)).ok()?;
    let flat = cached
        .comments
        .into_iter()
        .map(|c| {
            let mut comment = Comment::new(c.id, Some(&c.author), c.text);
            comment.date = c.date;
            comment.score = c.score;
            comment.more_replies = c.more_replies;
            comment.deleted = c.deleted;
            if c.edited_by.is_some() || c.edited_when.is_some() {
                comment.edited = Some(Edited {
                    by: c.edited_by,
                    when: c.edited_when,
                });
            }
            FlatComment {
                key: None,
                parent: None,
                depth: Some(c.depth),
                comment,
            }
        })
        .collect();
    let mut thread = Thread::new(source, cached.url);
    thread.comments = build(flat, Prefer::Depth);
    Some(thread)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_keeps_the_tree() {
        let mut thread = Thread::new(Source::HackerNews, Some("http://127.0.0.1/item?id=1".into()));
        let mut a = Comment::new("1", Some("ada"), "first");
        let mut b = Comment::new("2", None, "reply");
        b.edited = Some(Edited {
            by: Some("ada".into()),
            when: Some("2 days ago".into()),
        });
        b.children = vec![Comment::new("3", Some("cy"), "deeper")];
        a.children = vec![b];
        thread.comments = vec![a, Comment::new("4", Some("di"), "second")];
        let back = from_json(&to_json(&thread)).unwrap();
        assert_eq!(back, thread);
    }

    #[test]
    fn a_deep_thread_reads_back_without_recursion() {
        let mut thread = Thread::new(Source::Reddit, None);
        let mut chain = Comment::new("200", Some("z"), "leaf");
        for id in (0..200).rev() {
            let mut parent = Comment::new(id.to_string(), Some("z"), "level");
            parent.children = vec![chain];
            chain = parent;
        }
        thread.comments = vec![chain];
        let back = from_json(&to_json(&thread)).unwrap();
        assert_eq!(back.len(), 201);
        assert_eq!(back.preorder().map(|(_, d)| d).max(), Some(200));
    }

    #[test]
    fn damaged_or_old_entries_are_misses() {
        assert!(from_json("not json").is_none());
        assert!(from_json(r#"{"format":0,"source":"reddit","url":null,"comments":[]}"#).is_none());
    }
}
