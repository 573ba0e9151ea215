//! Comment systems that load their thread with a script (Disqus, Discourse, and others): the static
//! page holds no comments, only a container and a loader. The reader says so, with a link, instead
//! of showing an empty thread or the widget's `<noscript>` text.

use dom_query::Document;
use serde::Serialize;
use url::Url;

/// A comment system whose comments are not in the page's HTML.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ScriptLoaded {
    /// The system's name ("Disqus").
    pub system: String,
    /// Where the thread can be read in a browser (the page's comments anchor, or the forum topic).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
}

/// (system, a container or loader that proves it is on the page).
const SYSTEMS: &[(&str, &str)] = &[
    (
        "Disqus",
        "#disqus_thread, script[src*='disqus.com/embed.js'], script[src*='.disqus.com/']",
    ),
    (
        "Discourse",
        "#discourse-comments, script[src*='javascripts/embed.js']",
    ),
    ("Commento", "#commento, script[src*='commento']"),
    ("Remark42", "#remark42, script[src*='remark42']"),
    ("Isso", "#isso-thread, script[src*='isso']"),
    ("utterances", "script[src*='utteranc.es']"),
    ("giscus", "script[src*='giscus.app'], .giscus"),
    ("Hyvor Talk", "#hyvor-talk-view, hyvor-talk-comments"),
    ("Facebook comments", ".fb-comments"),
    ("Cusdis", "#cusdis_thread"),
    ("Talk (Coral)", "#coral_thread, #coral-talk-stream"),
    ("OpenWeb", "[data-spotim-module], [data-spot-id]"),
    ("Viafoura", ".viafoura, vf-conversations"),
];

/// The script-loaded comment system on the page, if any.
pub(super) fn detect(doc: &Document, page_url: Option<&Url>) -> Option<ScriptLoaded> {
    let system = SYSTEMS
        .iter()
        .find(|(_, selector)| doc.select(selector).exists())?
        .0;
    let link = match system {
        "Discourse" => discourse_topic_hint(doc),
        _ => None,
    }
    .or_else(|| page_url.map(|u| with_fragment(u, "comments")));
    Some(ScriptLoaded {
        system: system.to_string(),
        link,
    })
}

fn with_fragment(url: &Url, fragment: &str) -> String {
    let mut url = url.clone();
    url.set_fragment(Some(fragment));
    url.to_string()
}

/// Discourse embeds name the forum in `DiscourseEmbed = { discourseUrl: '…' }`.
fn discourse_topic_hint(doc: &Document) -> Option<String> {
    let scripts = doc.select("script").text();
    let at = scripts.find("discourseUrl")?;
    let rest = &scripts[at..];
    let start = rest.find(['\'', '"'])? + 1;
    let end = rest[start..].find(['\'', '"'])? + start;
    Url::parse(&rest[start..end]).ok().map(|u| u.to_string())
}
