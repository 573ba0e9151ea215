//! What the sites answer when asked about an article's address, read into [`DiscussionLink`]s:
//! Algolia's Hacker News search (stories whose `url` attribute holds the address), Lobsters'
//! `/stories/url/all.json` and Reddit's `/api/info.json`. Only the discussions of this very
//! article are kept (a search also finds neighbours); fields of the wrong type are skipped.

use chrono::{DateTime, TimeZone, Utc};
use serde_json::Value;

use super::normalize::ArticleUrl;
use super::{DiscussionLink, Site};
use crate::comments::api::json::{self, int_field, str_field};
use crate::comments::api::{hn, reddit};
use crate::sanitize::single_line;

/// Why an answer could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LookupError {
    #[error("an HTML page where JSON was expected (an error page?)")]
    HtmlPage,
    #[error("not valid JSON: {0}")]
    Json(String),
    #[error("unexpected JSON: {0}")]
    Shape(&'static str),
}

/// An Algolia search response: `{"hits": [{"objectID", "title", "url", "points", "num_comments",
/// "created_at_i"}, ...]}`.
pub fn hn_search(bytes: &[u8], article: &ArticleUrl) -> Result<Vec<DiscussionLink>, LookupError> {
    let parsed = parse(bytes)?;
    let hits = parsed
        .0
        .get("hits")
        .and_then(Value::as_array)
        .ok_or(LookupError::Shape("an HN search answer has a list of hits"))?;
    Ok(hits
        .iter()
        .filter(|hit| str_field(hit, "url").is_some_and(|url| article.matches(url)))
        .filter_map(|hit| {
            let id = json::id_field(hit, "objectID").or_else(|| json::id_field(hit, "story_id"))?;
            Some(DiscussionLink {
                site: Site::Hn,
                url: hn::item_page(&id),
                title: single_line(str_field(hit, "title").unwrap_or_default()),
                comments: count(hit, "num_comments"),
                points: int_field(hit, "points"),
                created: int_field(hit, "created_at_i")
                    .and_then(from_unix)
                    .or_else(|| str_field(hit, "created_at").and_then(rfc3339)),
                place: None,
            })
        })
        .collect())
}

/// Lobsters' URL lookup: a list of stories (`short_id`, `short_id_url`, `title`, `url`, `score`,
/// `comment_count`, `created_at`).
pub fn lobsters(bytes: &[u8], article: &ArticleUrl) -> Result<Vec<DiscussionLink>, LookupError> {
    let parsed = parse(bytes)?;
    let stories: Vec<&Value> = match &parsed.0 {
        Value::Array(stories) => stories.iter().collect(),
        story @ Value::Object(map) if map.contains_key("short_id") => vec![story],
        _ => {
            return Err(LookupError::Shape(
                "a Lobsters lookup answer is a list of stories",
            ));
        }
    };
    Ok(stories
        .into_iter()
        .filter(|story| str_field(story, "url").is_some_and(|url| article.matches(url)))
        .filter_map(lobsters_story)
        .collect())
}

/// One Lobsters story (of a lookup or a front page) as a discussion.
pub(super) fn lobsters_story(story: &Value) -> Option<DiscussionLink> {
    let short_id = json::id_field(story, "short_id")?;
    let url = str_field(story, "short_id_url")
        .or_else(|| str_field(story, "comments_url"))
        .map_or_else(|| format!("https://lobste.rs/s/{short_id}"), str::to_string);
    Some(DiscussionLink {
        site: Site::Lobsters,
        url: single_line(&url),
        title: single_line(str_field(story, "title").unwrap_or_default()),
        comments: count(story, "comment_count"),
        points: int_field(story, "score"),
        created: str_field(story, "created_at").and_then(rfc3339),
        place: None,
    })
}

/// Reddit's `/api/info.json?url=`: a listing of posts (`t3`) in every subreddit that carries the
/// link.
pub fn reddit(bytes: &[u8], article: &ArticleUrl) -> Result<Vec<DiscussionLink>, LookupError> {
    let parsed = parse(bytes)?;
    let children = parsed
        .0
        .get("data")
        .and_then(|data| data.get("children"))
        .and_then(Value::as_array)
        .ok_or(LookupError::Shape("a Reddit answer is a listing"))?;
    Ok(reddit_posts(children)
        .filter(|post| str_field(post, "url").is_some_and(|url| article.matches(&reddit::unescape(url))))
        .filter_map(reddit_post)
        .collect())
}

/// The posts (`kind: t3`) of a listing's children.
pub(super) fn reddit_posts(children: &[Value]) -> impl Iterator<Item = &Value> {
    children
        .iter()
        .filter(|child| str_field(child, "kind") == Some("t3"))
        .filter_map(|child| child.get("data"))
}

/// One Reddit post as a discussion.
pub(super) fn reddit_post(post: &Value) -> Option<DiscussionLink> {
    let permalink = str_field(post, "permalink").filter(|p| p.starts_with('/'))?;
    let place = str_field(post, "subreddit_name_prefixed")
        .map(str::to_string)
        .or_else(|| str_field(post, "subreddit").map(|name| format!("r/{name}")));
    Some(DiscussionLink {
        site: Site::Reddit,
        url: single_line(&format!("https://www.reddit.com{permalink}")),
        title: single_line(&reddit::unescape(str_field(post, "title").unwrap_or_default())),
        comments: count(post, "num_comments"),
        points: int_field(post, "score"),
        created: post
            .get("created_utc")
            .and_then(Value::as_f64)
            .and_then(|t| from_unix(t as i64)),
        place: place.map(|p| single_line(&p)),
    })
}

/// The document, or why it is not one: an HTML error page is named as such.
pub(super) fn parse(bytes: &[u8]) -> Result<json::Json, LookupError> {
    let start = bytes.iter().position(|b| !b.is_ascii_whitespace());
    if start.is_some_and(|at| bytes[at] == b'<') {
        return Err(LookupError::HtmlPage);
    }
    json::parse(bytes).map_err(|e| LookupError::Json(single_line(&e.to_string())))
}

/// A count that is a non-negative number.
pub(super) fn count(value: &Value, key: &str) -> Option<u64> {
    int_field(value, key).and_then(|n| u64::try_from(n).ok())
}

pub(super) fn from_unix(seconds: i64) -> Option<DateTime<Utc>> {
    Utc.timestamp_opt(seconds, 0).single()
}

pub(super) fn rfc3339(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text).ok().map(|d| d.to_utc())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn article() -> ArticleUrl {
        ArticleUrl::parse("https://blog.example/rollouts?utm_source=feed").unwrap()
    }

    #[test]
    fn hn_hits_of_other_addresses_are_left_out() {
        let answer = br#"{"hits": [
            {"objectID": "8863", "title": "Rollouts \u001b[2Jconsidered", "url": "http://www.blog.example/rollouts/",
             "points": 312, "num_comments": 120, "created_at_i": 1710057600},
            {"objectID": "9000", "title": "Part two", "url": "https://blog.example/rollouts-2", "num_comments": 5},
            {"objectID": "9001", "title": "Ask HN", "url": null, "num_comments": 9},
            {"title": "no id", "url": "https://blog.example/rollouts"}
        ], "nbHits": 4}"#;
        let found = hn_search(answer, &article()).unwrap();
        assert_eq!(found.len(), 1);
        let hn = &found[0];
        assert_eq!(hn.url, "https://news.ycombinator.com/item?id=8863");
        assert_eq!(hn.title, "Rollouts considered", "escape sequences are gone");
        assert_eq!((hn.comments, hn.points), (Some(120), Some(312)));
        assert_eq!(hn.created.unwrap().to_rfc3339(), "2024-03-10T08:00:00+00:00");
    }

    #[test]
    fn lobsters_and_reddit_answers_become_discussions() {
        let lobsters_answer = br#"[{"short_id": "abc123", "short_id_url": "https://lobste.rs/s/abc123",
            "title": "Incremental rollouts", "url": "https://blog.example/rollouts", "score": 42,
            "comment_count": 41, "created_at": "2024-03-10T08:00:00.000-05:00"}]"#;
        let found = lobsters(lobsters_answer, &article()).unwrap();
        assert_eq!(found[0].url, "https://lobste.rs/s/abc123");
        assert_eq!(found[0].comments, Some(41));
        assert_eq!(
            found[0].created.unwrap().to_rfc3339(),
            "2024-03-10T13:00:00+00:00"
        );

        let reddit_answer = br#"{"kind": "Listing", "data": {"children": [
            {"kind": "t3", "data": {"subreddit": "rust", "subreddit_name_prefixed": "r/rust",
             "title": "Rollouts &amp; you", "url": "https://blog.example/rollouts?utm_source=reddit&amp;utm_medium=social",
             "permalink": "/r/rust/comments/1x2y3z/rollouts/", "num_comments": 88, "score": 300,
             "created_utc": 1710057600.0, "locked": true}},
            {"kind": "t1", "data": {"permalink": "/r/rust/comments/1x2y3z/rollouts/c1/"}}
        ]}}"#;
        let found = reddit(reddit_answer, &article()).unwrap();
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].url,
            "https://www.reddit.com/r/rust/comments/1x2y3z/rollouts/"
        );
        assert_eq!(found[0].title, "Rollouts & you");
        assert_eq!(found[0].label(), "r/rust");
    }

    #[test]
    fn broken_answers_are_named_errors() {
        let a = article();
        assert_eq!(
            hn_search(b"<!DOCTYPE html><h1>502</h1>", &a),
            Err(LookupError::HtmlPage)
        );
        assert!(matches!(
            hn_search(br#"{"hits": [{"objectID""#, &a),
            Err(LookupError::Json(_))
        ));
        assert!(matches!(hn_search(b"[]", &a), Err(LookupError::Shape(_))));
        assert!(matches!(
            lobsters(b"{\"error\": \"x\"}", &a),
            Err(LookupError::Shape(_))
        ));
        assert!(matches!(reddit(b"[]", &a), Err(LookupError::Shape(_))));
        assert!(matches!(reddit(b"", &a), Err(LookupError::Json(_))));
    }
}
