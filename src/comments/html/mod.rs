//! Comment threads in an article page's HTML: one adapter per comment system, tried from the most
//! specific (wpDiscuz, WordPress core) to the most general (any repeated comment structure), and
//! the script-loaded systems (Disqus and the like) recognised so the reader can say where the
//! comments are instead of showing nothing.

mod dom;
mod generic;
mod script;
mod wordpress;
mod wpdiscuz;

use dom_query::Document;
use url::Url;

pub use script::ScriptLoaded;

use super::model::Thread;

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
    let Ok(page) = crate::html_input::check(html) else {
        return PageThread::None;
    };
    let doc = Document::from(page.html);
    if let Some(thread) = wpdiscuz::extract(&doc, page_url) {
        return PageThread::Found(thread);
    }
    if let Some(thread) = wordpress::extract(&doc, page_url) {
        return PageThread::Found(thread);
    }
    if let Some(system) = script::detect(&doc, page_url) {
        return PageThread::ScriptLoaded(system);
    }
    match generic::extract(&doc, page_url) {
        Some(thread) => PageThread::Found(thread),
        None => PageThread::None,
    }
}
