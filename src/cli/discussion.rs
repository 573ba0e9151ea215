//! The comments part of `folio read`: the thread of a page (JSON array or indented text), and
//! discussion-site JSON files (HN, Lobsters, Reddit) read as a whole story plus its thread.

use std::io::Write as _;

use serde_json::{Value, json};

use super::json_out;
use crate::comments::{self, Discussion, PageThread, Thread};
use crate::sanitize;

/// What `--comments` adds to the JSON output: the `"comments"` array (empty when the page has no
/// thread or a script loads it) and, for script-loaded systems, a `"comments_note"` saying where.
pub fn comments_json(page: &PageThread) -> serde_json::Map<String, Value> {
    let mut fields = serde_json::Map::new();
    let comments = match page {
        PageThread::Found(thread) => thread_json(thread),
        _ => Value::Array(Vec::new()),
    };
    fields.insert("comments".to_string(), comments);
    if let Some(note) = note(page) {
        fields.insert("comments_note".to_string(), Value::String(note));
    }
    fields
}

/// A thread's comments as the JSON array of nested `{"author", "date", "text", "score", "children"}`.
pub fn thread_json(thread: &Thread) -> Value {
    // Trees are bounded to MAX_DEPTH levels, so serializing them cannot exhaust the stack.
    serde_json::to_value(&thread.comments).unwrap_or_else(|_| Value::Array(Vec::new()))
}

/// One line about comments that are not in the page, when that is the case.
pub fn note(page: &PageThread) -> Option<String> {
    match page {
        PageThread::ScriptLoaded(system) => Some(sanitize::single_line(&format!(
            "comments are loaded by a script on this site ({}){}",
            system.system,
            system
                .link
                .as_deref()
                .map(|l| format!(": {l}"))
                .unwrap_or_default()
        ))),
        _ => None,
    }
}

/// The thread as text after the article (text mode): a heading, then the indented comments.
pub fn thread_text(page: &PageThread, width: usize) -> String {
    match page {
        PageThread::Found(thread) if !thread.is_empty() => {
            let mut out = format!("── {} comments ({}) ──\n\n", thread.len(), thread.source.label());
            for line in comments::render::thread_lines(thread, width) {
                out.push_str(&line);
                out.push('\n');
            }
            out
        }
        PageThread::Found(_) => "── no comments yet ──\n".to_string(),
        PageThread::ScriptLoaded(_) => format!("── {} ──\n", note(page).unwrap_or_default()),
        PageThread::None => String::new(),
    }
}

/// For a FILE that is a discussion site's JSON (HN, Lobsters, Reddit): the story and its thread.
/// `None` when the file is not JSON (it is a page). `source_url` (`--url`) names the site; without
/// it the JSON's shape does.
pub fn discussion_file(bytes: &[u8], source_url: Option<&str>) -> Option<anyhow::Result<Discussion>> {
    let first = bytes.iter().find(|b| !b.is_ascii_whitespace())?;
    if !matches!(first, b'{' | b'[') {
        return None;
    }
    let url = source_url.and_then(|u| url::Url::parse(u).ok());
    Some(comments::parse_discussion(bytes, url.as_ref()).map_err(anyhow::Error::from))
}

/// A discussion as the `folio read --json` object: the story is the article.
pub fn discussion_json(discussion: &Discussion) -> Value {
    let story = &discussion.story;
    json!({
        "article": {
            "title": sanitize::single_line(&story.title),
            "byline": story.author.as_deref().map(sanitize::single_line),
            "url": story.url.as_deref().map(sanitize::single_line),
            "text": story.text,
        },
        "source": discussion.thread.source,
        "comments": thread_json(&discussion.thread),
    })
}

/// Prints a discussion read from a file: the JSON object, or the story and its thread as text.
pub fn print_discussion(discussion: &Discussion, json: bool, width: usize) -> anyhow::Result<()> {
    if json {
        let mut out = std::io::stdout().lock();
        json_out::write_line(&mut out, &discussion_json(discussion), false)?;
        return Ok(out.flush()?);
    }
    let story = &discussion.story;
    println!("{}", sanitize::single_line(&story.title));
    if let Some(url) = &story.url {
        println!("{}", sanitize::single_line(url));
    }
    for paragraph in story.text.lines() {
        for line in comments::render::wrap(paragraph, width) {
            println!("{line}");
        }
    }
    println!();
    print!(
        "{}",
        thread_text(&PageThread::Found(discussion.thread.clone()), width)
    );
    Ok(())
}
