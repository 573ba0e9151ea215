//! `wfw:commentRss`: a WordPress post's comments as an RSS feed. It carries no nesting, so the
//! thread is flat; it is the fallback when the page's HTML holds no thread.

use super::ApiError;
use crate::comments::body_text::{html_to_text, plain_text};
use crate::comments::model::{Comment, Source, Thread};

/// Parses a comment feed (RSS or Atom) into a flat thread, oldest first.
pub fn from_comment_feed(bytes: &[u8], feed_url: Option<&str>) -> Result<Thread, ApiError> {
    let feed = feed_rs::parser::parse(bytes).map_err(|e| ApiError::Feed(e.to_string()))?;
    let mut comments: Vec<Comment> = feed
        .entries
        .into_iter()
        .map(|entry| {
            let title = entry.title.map(|t| t.content).unwrap_or_default();
            let author = entry
                .authors
                .first()
                .and_then(|p| p.name.clone())
                .filter(|n| !n.trim().is_empty());
            // WordPress titles comments "By: Name" (localized: "Von: Name", "Par : Name").
            let author = author.or_else(|| title.split_once(':').map(|(_, name)| name.trim().to_string()));
            let text = match (entry.content.and_then(|c| c.body), entry.summary) {
                (Some(html), _) => html_to_text(&html),
                (None, Some(summary)) if summary.content_type.to_string().starts_with("text/html") => {
                    html_to_text(&summary.content)
                }
                (None, Some(summary)) => plain_text(&summary.content),
                (None, None) => String::new(),
            };
            let mut comment = Comment::new(entry.id, author.as_deref(), text);
            comment.date = entry.published.or(entry.updated);
            comment
        })
        .collect();
    comments.sort_by_key(|c| c.date);
    let mut thread = Thread::new(Source::CommentFeed, feed_url.map(str::to_string));
    thread.comments = comments;
    Ok(thread)
}
