//! Comment threads in an article page's HTML. Known systems (wpDiscuz, WordPress core) are read by
//! their adapters, fast and sure; any other page by the structural reader ([`structural`]), which
//! also checks the adapters' result and wins when theirs reads badly. Script-loaded systems
//! (Disqus and the like) are named, with a link, only when the page holds no comments at all.

mod body_walk;
mod clean;
mod commenter;
mod depth;
mod element_kind;
mod pages;
mod parts;
mod queries;
mod raw_bodies;
mod script;
mod selectors;
mod story;
mod structural;
mod unit_chrome;
mod units;
mod vocabulary;
mod wordpress;
mod wpdiscuz;

use dom_query::Document;
use url::Url;

pub use script::ScriptLoaded;

use super::api::Story;
use super::model::Thread;
use raw_bodies::RawBodies;

/// What the page says about its comments.
#[derive(Debug, Clone, PartialEq)]
pub enum PageThread {
    /// A thread in the HTML (possibly empty when the system shows "no comments yet").
    Found(Thread),
    /// The comments are loaded by a script on this site; `link` is where to read them.
    ScriptLoaded(ScriptLoaded),
    /// No comment thread on the page.
    None,
}

/// Finds the comment thread in a page. Pure and total: any input gives an answer, never a panic.
pub fn from_page(html: &str, page_url: Option<&Url>) -> PageThread {
    // The same guard as articles: no parse of non-HTML, of more than 4 MiB, or of nesting so deep
    // that the HTML parser's scope checks go quadratic.
    let Ok(page) = crate::markup::html_input::check(html) else {
        return PageThread::None;
    };
    if let Some(thread) = wordpress_without_parsing_bodies(page.html, page_url) {
        return PageThread::Found(thread);
    }
    let doc = Document::from(page.html);
    if let Some(thread) = wpdiscuz::extract(&doc, page_url) {
        return PageThread::Found(thread);
    }
    if let Some((thread, _)) = wordpress::extract(&doc, page_url, &RawBodies::none()) {
        return PageThread::Found(checked(thread, &doc, page_url));
    }
    if let Some(thread) = structural::extract(&doc, page_url) {
        return PageThread::Found(thread);
    }
    match script::detect(&doc, page_url) {
        Some(system) => PageThread::ScriptLoaded(system),
        None => PageThread::None,
    }
}

/// How well an adapter's thread must read for the structural reader not to be asked.
const HEALTHY: f64 = 0.9;

/// An adapter's thread, or the structural reader's when that one reads better.
fn checked(thread: Thread, doc: &Document, page_url: Option<&Url>) -> Thread {
    let health = structural::health(&thread);
    if health >= HEALTHY {
        return thread;
    }
    match structural::extract(doc, page_url) {
        Some(found) if structural::health(&found) > health && found.len() * 2 >= thread.len() => found,
        _ => thread,
    }
}

/// A WordPress core thread read with its plain bodies cut out of the HTML parse (most of a big
/// thread's bytes; see [`raw_bodies`]): the same thread [`from_page`] finds by parsing everything,
/// or `None` (nothing to cut, not a WordPress core thread, or a cut that could change what is
/// read), and the caller parses the whole page.
fn wordpress_without_parsing_bodies(html: &str, page_url: Option<&Url>) -> Option<Thread> {
    let cut = raw_bodies::cut(html)?;
    let doc = Document::from(cut.html.as_str());
    let raw = cut.locate(&doc)?;
    // wpDiscuz comes first on the whole page; its markup is never inside a plain body.
    if wpdiscuz::extract(&doc, page_url).is_some() || !wordpress::reads_only_bodies(&doc, &raw) {
        return None;
    }
    // A comment read by structure, or a thread that reads badly, is read again from the whole
    // parse (structure looks at elements a cut body would hide).
    let (thread, by_structure) = wordpress::extract(&doc, page_url, &raw)?;
    (!by_structure && structural::health(&thread) >= HEALTHY).then_some(thread)
}

/// The story of a discussion site's own page (a Hacker News item page), which is that page's
/// article; `None` for other pages.
pub fn page_story(html: &str, page_url: Option<&Url>) -> Option<Story> {
    // Most pages are not item pages: no parse for them.
    let bytes = html.as_bytes();
    memchr::memmem::find(bytes, b"fatitem").or_else(|| memchr::memmem::find(bytes, b"op=\"item\""))?;
    let page = crate::markup::html_input::check(html).ok()?;
    story::hacker_news(&Document::from(page.html), page_url)
}
