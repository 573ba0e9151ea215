//! The reader: a web page's HTML to the article alone (`extract`), and the article to styled,
//! width-wrapped lines (`render`). Pure: no I/O, so the CLI, the TUI, the fuzz target and the
//! benchmark all call exactly the same code.
//!
//! Extraction is `dom_smoothie` (a port of Mozilla Readability) with our own passes around it:
//! `crate::markup::html_input` refuses what is not HTML and bounds what is; `page_chrome` removes page chrome before
//! Readability scores the page (hidden elements, navigation, share and donation widgets, comment
//! sections, user hide rules); `prune` cleans what Readability kept (link-heavy and form-heavy
//! blocks, boilerplate lines, the title repeated in the body); `blocks` splits the result into typed
//! body blocks; `lead` puts back the standfirst that themes keep beside the title, `recipe` the
//! ingredients and steps that recipe sites lay out in widgets, `siblings` the other sections of an
//! article that page builders cut into sibling rows (Readability keeps one). Title, byline, date, site and lead image come from Readability's metadata pass
//! (JSON-LD, OpenGraph, Dublin Core and `<meta>` tags, then the page's `<title>` and bylines).

mod appeal;
mod author_boxes;
mod blocks;
mod boilerplate;
mod chrome_words;
mod cues;
mod date_lines;
mod dom;
mod guard;
mod lead;
mod names;
mod page_chrome;
mod prune;
mod recipe;
mod render;
mod siblings;
mod targets;
mod teasers;

use std::collections::BTreeMap;

use dom_query::Document;

use crate::markup::html_input as input;
use serde::{Deserialize, Serialize};
use url::Url;

pub use blocks::{Block, BlockKind};
pub use render::{Line, LinkMode, Rendered, Span, Style, render, render_with};

/// What the caller can tune about extraction.
#[derive(Debug, Clone, Default)]
pub struct ExtractOptions {
    /// User hide rules from the config file: host (`example.com` also matches its subdomains)
    /// to CSS selectors whose elements are dropped before extraction.
    pub hide_selectors: BTreeMap<String, Vec<String>>,
}

impl ExtractOptions {
    /// The user's selectors that apply to a page on `host`.
    fn selectors_for<'a>(&'a self, host: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.hide_selectors
            .iter()
            .filter(move |(site, _)| host_matches(host, site))
            .flat_map(|(_, selectors)| selectors.iter().map(String::as_str))
    }
}

/// `host` is `site` or one of its subdomains (`www.example.com` matches `example.com`).
fn host_matches(host: &str, site: &str) -> bool {
    let site = site.trim_start_matches("www.");
    host.eq_ignore_ascii_case(site)
        || host.len() > site.len()
            && host.to_ascii_lowercase().ends_with(&site.to_ascii_lowercase())
            && host.as_bytes()[host.len() - site.len() - 1] == b'.'
}

/// The lead image of an article.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeadImage {
    pub url: String,
    pub alt: Option<String>,
    pub caption: Option<String>,
    pub credit: Option<String>,
}

/// A page's article: metadata once, then the body as typed blocks.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Article {
    pub title: Option<String>,
    pub byline: Option<String>,
    /// Publication date as the page gives it (ISO 8601 when it comes from metadata).
    pub date: Option<String>,
    pub site: Option<String>,
    /// The page's URL (canonical when the page names one), when known.
    pub url: Option<String>,
    pub lead_image: Option<LeadImage>,
    pub blocks: Vec<Block>,
    /// Why the article is empty or partial (not HTML, a login wall, a page cut at the size limit).
    pub note: Option<String>,
}

impl Article {
    fn with_note(note: impl Into<String>) -> Self {
        Article {
            note: Some(note.into()),
            ..Article::default()
        }
    }

    /// The body as plain text: one paragraph per block, no wrapping, no link numbers.
    pub fn text(&self) -> String {
        render::plain_text(self)
    }

    /// The body as plain text wrapped at `width` columns (no title, no link numbers); terminal-safe.
    pub fn text_wrapped(&self, width: usize) -> String {
        render::plain_text_wrapped(self, width)
    }

    /// The distinct link targets of the body, in reading order (the numbering `render` uses).
    pub fn links(&self) -> Vec<String> {
        render::links(self)
    }
}

/// Extracts the article from a page. `url` resolves relative links and names the site for the
/// user's hide rules. Never fails: a page without an article gives an empty body and a `note`.
pub fn extract(html: &str, url: Option<&Url>, options: &ExtractOptions) -> Article {
    let page = match input::check(html) {
        Ok(page) => page,
        Err(refusal) => return Article::with_note(refusal.to_string()),
    };
    let article = extract_page(&page, url, options, Names::Read);
    if article.blocks.is_empty() {
        // Every text block sat under chrome names (a forum thread whose posts are "comments", a
        // theme that calls its body "widget"): the page read without its names is the better guess.
        let unnamed = extract_page(&page, url, options, Names::Ignored);
        if !unnamed.blocks.is_empty() {
            return unnamed;
        }
    }
    article
}

/// Whether class, id and tag names count as evidence of chrome.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Names {
    Read,
    Ignored,
}

fn extract_page(
    page: &input::Page<'_>,
    url: Option<&Url>,
    options: &ExtractOptions,
    names: Names,
) -> Article {
    let mut notes: Vec<String> = page.note.iter().cloned().collect();

    let doc = Document::from(page.html);
    if let Some(depth) = input::flatten_deep_nesting(&doc) {
        notes.push(format!(
            "the page nests elements more than {depth} deep; the deeper part was dropped"
        ));
    }
    // The standfirst the description meta names, found before chrome removal takes the sidebar or
    // header it may sit in.
    let described = lead::described(&doc);
    let dense = page_chrome::remove_before_extraction(&doc, url.and_then(Url::host_str), options, names);
    // When Readability finds nothing, far less than the page's densest block of text, or a
    // smaller region that leaves that block out, the block is the better guess (pages whose
    // scoring goes wrong on unusual markup, or whose class names Readability reads as chrome).
    let fallback = dense.map(|node| Fallback {
        html: node.html().to_string(),
        chars: node.normalized_char_count(),
        sample: longest_line(&node),
    });
    // The other sections of an article cut into sibling blocks, put back when the body holds the
    // densest block (the fallback's sample).
    let sections = dense
        .and_then(|node| siblings::find(&node))
        .zip(fallback.as_ref().map(|f| f.sample.clone()));

    let lead = lead::find(&doc, described);
    let recipe = recipe::find(&doc);

    let mut reader = Reader::new(doc, url);
    let meta = reader.as_ref().map(Reader::metadata).unwrap_or_default();
    let found = reader.as_mut().and_then(Reader::content);
    let content = match (found, fallback) {
        (Some(found), Some(fallback)) => {
            let found = Document::from(found);
            if fallback.beats(&found) {
                Document::from(fallback.html)
            } else {
                found
            }
        }
        (Some(found), None) => Document::from(found),
        (None, Some(fallback)) => Document::from(fallback.html),
        (None, None) => Document::from(""),
    };
    if let Some((sections, dense_probe)) = sections {
        siblings::restore(&content, &sections, &dense_probe);
    }
    if !lead.is_empty() {
        lead::restore(&content, &lead);
    }
    if let Some(recipe) = recipe {
        recipe::complete(&content, &recipe);
    }
    prune::clean_extracted(&content, Some(meta.title.as_str()).filter(|t| !t.is_empty()));
    let (lead_image, blocks) = blocks::split(&content, url);
    let mut article = Article {
        title: non_empty(meta.title),
        byline: meta.byline.and_then(non_empty),
        date: meta.published_time.and_then(non_empty),
        site: meta.site_name.and_then(non_empty),
        url: meta.url.and_then(non_empty),
        lead_image: lead_image.or_else(|| {
            meta.image.and_then(non_empty).map(|url| LeadImage {
                url,
                ..LeadImage::default()
            })
        }),
        blocks,
        note: None,
    };
    if article.url.is_none() {
        article.url = url.map(Url::to_string);
    }
    if article.blocks.is_empty() {
        notes.push("no article found on this page (a login wall, an index page, or only page chrome)".into());
    }
    if !notes.is_empty() {
        article.note = Some(notes.join("; "));
    }
    article
}

/// The page's densest block of text, the alternative to Readability's choice.
struct Fallback {
    html: String,
    chars: usize,
    /// The block's longest text line, to tell whether Readability's region holds the block.
    sample: String,
}

impl Fallback {
    /// The block is the better article than Readability's `found`: `found` is far shorter, or
    /// shorter and without the block's longest line (a different region of the page).
    fn beats(&self, found: &Document) -> bool {
        let found_chars = found.root().normalized_char_count();
        if found_chars < 1000 && found_chars * 3 < self.chars {
            return true;
        }
        found_chars < self.chars
            && !self.sample.is_empty()
            && !dom::collapse(&found.root().text()).contains(&self.sample)
    }
}

/// The start of the longest run of text directly in one of `node`'s text nodes, whitespace
/// collapsed (the start only: Readability may rewrite a long line's end, entities or spacing).
fn longest_line(node: &dom_query::NodeRef<'_>) -> String {
    node.descendants_it()
        .filter(|n| {
            n.is_text()
                && !n
                    .parent()
                    .is_some_and(|p| dom::is_named(&p, &["style", "script", "template", "noscript"]))
        })
        .map(|n| dom::collapse(&n.text()))
        .max_by_key(String::len)
        .map(|line| line.chars().take(40).collect())
        .unwrap_or_default()
}

fn non_empty(text: String) -> Option<String> {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    (!text.is_empty()).then_some(text)
}

/// Readability (dom_smoothie) over the de-chromed document.
struct Reader(dom_smoothie::Readability);

impl Reader {
    fn new(doc: Document, url: Option<&Url>) -> Option<Self> {
        // Readability only takes web URLs as the document's base (a `file:` URL would fail it).
        let base = url
            .filter(|url| matches!(url.scheme(), "http" | "https"))
            .map(Url::as_str);
        dom_smoothie::Readability::with_document(doc, base, Some(dom_smoothie::Config::default()))
            .ok()
            .map(Reader)
    }

    /// Title, byline, date, site, image and canonical URL from JSON-LD, OpenGraph and meta tags;
    /// read before `content`, which rewrites the document.
    fn metadata(&self) -> dom_smoothie::Metadata {
        let mut meta = self.0.get_article_metadata(self.0.parse_json_ld());
        if meta.byline.is_none() {
            meta.byline = self
                .0
                .doc
                .select_single("[rel=author], [itemprop=author] [itemprop=name]")
                .nodes()
                .first()
                .map(|n| n.text().to_string());
        }
        meta
    }

    /// The article body as HTML, when Readability finds one.
    fn content(&mut self) -> Option<String> {
        self.0.parse().ok().map(|found| found.content.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_densest_block_beats_a_shorter_region_without_it() {
        let fallback = Fallback {
            html: String::new(),
            chars: 2000,
            sample: "The article's longest line starts here".into(),
        };
        let elsewhere = Document::from(format!("<p>{}</p>", "A disclosure note. ".repeat(40)));
        assert!(fallback.beats(&elsewhere));
        let holding_it = Document::from(format!(
            "<p>{}</p><p>The article's  longest line starts here, and goes on.</p>",
            "Prose. ".repeat(100)
        ));
        assert!(!fallback.beats(&holding_it));
        let longer = Document::from(format!("<p>{}</p>", "Other prose. ".repeat(200)));
        assert!(!fallback.beats(&longer));
    }

    #[test]
    fn host_rules_match_the_site_and_its_subdomains_only() {
        assert!(host_matches("example.com", "example.com"));
        assert!(host_matches("www.example.com", "example.com"));
        assert!(host_matches("news.Example.com", "www.example.com"));
        assert!(!host_matches("badexample.com", "example.com"));
        assert!(!host_matches("example.com.evil.net", "example.com"));
    }
}
