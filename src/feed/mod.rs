//! Feed bytes to [`ParsedFeed`]: RSS 0.9x/1.0/2.0, Atom and JSON Feed through feed-rs, plus what
//! feed-rs drops (comment counts), feed discovery in HTML pages, and subscription lists (OPML and
//! newsboat `urls` files). Pure: no network, no store.
//!
//! An XML feed is read in three steps: a scan of our own checks its nesting to the end and notes
//! the comment counts and where the item bodies lie (`extras`); feed-rs reads it with the bodies
//! lifted out (`lift`); the bodies go back into its entries.

mod discover;
mod enclosures;
mod extras;
mod itunes;
mod lift;
pub mod opml;
mod schedule;
mod timestamps;
pub mod urls_file;

use std::borrow::Cow;

use chrono::{DateTime, Utc};
use feed_rs::model::{Entry, LinkTarget, Text};
use sha2::{Digest, Sha256};
use url::Url;

use crate::markup::charset::{self, DocumentKind};
use lift::Bodies;

pub use discover::{candidates, common_feed_paths, discover};
pub use enclosures::Enclosure;

/// One subscription from an import file, or for an export.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Subscription {
    pub url: String,
    pub title: Option<String>,
    pub tags: Vec<String>,
}

/// One feed as its publisher describes it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ParsedFeed {
    pub title: Option<String>,
    /// The site the feed belongs to (its HTML home page).
    pub site_url: Option<String>,
    pub items: Vec<ParsedItem>,
    /// How often the publisher asks to be fetched (RSS `ttl`, `sy:updatePeriod`).
    pub publisher_interval: Option<std::time::Duration>,
}

/// One entry of a feed, with everything folio keeps about it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ParsedItem {
    /// Stable identity within the feed: guid/id, else link, else a hash of title and date.
    pub identity: String,
    pub link: Option<String>,
    pub title: Option<String>,
    pub author: Option<String>,
    pub published: Option<DateTime<Utc>>,
    /// The fullest HTML body the feed gives (`content:encoded` over `description`).
    pub content: Option<String>,
    /// The page where the item's comments are (RSS `<comments>`, Atom `rel="replies"` to HTML).
    pub comments_url: Option<String>,
    /// A feed of the item's comments (`wfw:commentRss`, Atom `rel="replies"` to a feed).
    pub comments_feed_url: Option<String>,
    /// `slash:comments` or Atom `thr:total`.
    pub comment_count: Option<u32>,
    pub enclosures: Vec<Enclosure>,
}

#[derive(Debug, thiserror::Error)]
pub enum FeedError {
    /// The bytes are an HTML page, not a feed: the caller may look for the page's feeds.
    #[error("not a feed but an HTML page")]
    HtmlPage,
    #[error("malformed feed: {0}")]
    Malformed(String),
    #[error("not a feed (no RSS, Atom or JSON Feed root)")]
    NotAFeed,
}

/// Parses feed bytes served with `content_type` from `url` (used to resolve relative links).
///
/// Malformed or truncated XML is an error for the whole feed: a half-read feed is never returned.
pub fn parse(bytes: &[u8], content_type: Option<&str>, url: &str) -> Result<ParsedFeed, FeedError> {
    parse_with(bytes, content_type, url, Bodies::Lift)
}

/// [`parse`] with feed-rs reading every body itself: slower, and the reference the lifting of
/// bodies (feed/lift.rs) is checked against, by tests and by fuzzing.
pub fn parse_reference(bytes: &[u8], content_type: Option<&str>, url: &str) -> Result<ParsedFeed, FeedError> {
    parse_with(bytes, content_type, url, Bodies::Keep)
}

fn parse_with(
    bytes: &[u8],
    content_type: Option<&str>,
    url: &str,
    bodies: Bodies,
) -> Result<ParsedFeed, FeedError> {
    let first = bytes
        .iter()
        .copied()
        .find(|b| !b.is_ascii_whitespace() && *b != 0xEF && *b != 0xBB && *b != 0xBF);
    if looks_like_html(bytes, content_type) {
        return Err(FeedError::HtmlPage);
    }
    let parser = feed_rs_parser(url);
    let (feed, counts, publisher_interval, episodes) = match first {
        Some(b'{') => {
            let feed = run_feed_rs(&parser, bytes)?.map_err(|e| FeedError::Malformed(e.to_string()))?;
            (feed, Vec::new(), None, Vec::new())
        }
        Some(b'<') => {
            // Most feeds are UTF-8 (or ASCII) already: then the bytes are the text, with no copy
            // (a refresh holds many big feeds at once).
            let text = charset::decode_borrowing(bytes, content_type, DocumentKind::Xml);
            let text = declare_utf8(&text);
            let scan = extras::scan(&text).map_err(FeedError::Malformed)?;
            let (read, mut lifted) = lift::lift(&text, &scan, bodies);
            let mut feed = match run_feed_rs(&parser, read.as_bytes()) {
                Ok(Ok(feed)) => feed,
                // The error (or panic) as feed-rs meets it in the feed as served, with its own
                // positions.
                _ if !lifted.is_empty() => {
                    let (served, _) = lift::lift(&text, &scan, Bodies::Keep);
                    // A new parser: one that failed inside an item keeps that item's media state
                    // and panics at the next item it reads.
                    run_feed_rs(&feed_rs_parser(url), served.as_bytes())?.map_err(feed_rs_error)?
                }
                Ok(Err(e)) => return Err(feed_rs_error(e)),
                Err(panicked) => return Err(panicked),
            };
            lifted.restore(&mut feed.entries);
            let interval = schedule::publisher_interval(&text, feed.ttl);
            let mut episodes = itunes::episodes(&text);
            // Counted apart from feed-rs: used only when both saw the same items.
            if episodes.len() != feed.entries.len() {
                episodes.clear();
            }
            (feed, scan.counts, interval, episodes)
        }
        _ => return Err(FeedError::NotAFeed),
    };
    // feed-rs resolves relative links of XML feeds (xml:base, the feed's address) but leaves a
    // JSON Feed's as written: links are made absolute here, against the feed's own address.
    let base = Url::parse(url).ok();
    let items = feed
        .entries
        .into_iter()
        .enumerate()
        .map(|(at, entry)| {
            let count = counts.get(at).copied().flatten();
            item_from_entry(entry, count, episodes.get(at), base.as_ref())
        })
        .collect();
    Ok(ParsedFeed {
        title: feed.title.map(|t| text_to_plain(&t)).filter(|t| !t.is_empty()),
        site_url: feed
            .links
            .iter()
            .find(|l| l.rel.as_deref().is_none_or(|rel| rel == "alternate"))
            .map(|l| absolute(l.href.clone(), base.as_ref())),
        items,
        publisher_interval,
    })
}

/// feed-rs as folio uses it, for a feed served from `url` (which resolves relative links).
fn feed_rs_parser(url: &str) -> feed_rs::parser::Parser {
    feed_rs::parser::Builder::new()
        .base_uri(Some(url))
        // An empty id marks "no id in the feed": we pick the identity ourselves (link, then hash).
        .id_generator(|_, _, _| String::new())
        .timestamp_parser(timestamps::parse)
        .build()
}

fn feed_rs_error(error: feed_rs::parser::ParseFeedError) -> FeedError {
    match error {
        feed_rs::parser::ParseFeedError::ParseError(_) => FeedError::NotAFeed,
        other => FeedError::Malformed(other.to_string()),
    }
}

/// feed-rs on `bytes`. It panics on a few inputs (see crate::panics): such a feed is malformed as
/// far as we can tell.
fn run_feed_rs(
    parser: &feed_rs::parser::Parser,
    bytes: &[u8],
) -> Result<Result<feed_rs::model::Feed, feed_rs::parser::ParseFeedError>, FeedError> {
    crate::panics::contain(|| parser.parse(bytes))
        .map_err(|message| FeedError::Malformed(format!("the feed parser failed on it ({message})")))
}

fn looks_like_html(bytes: &[u8], content_type: Option<&str>) -> bool {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(512)]).to_ascii_lowercase();
    let head = head.trim_start_matches('\u{feff}').trim_start();
    let typed_html = content_type.is_some_and(|ct| ct.to_ascii_lowercase().contains("html"));
    head.starts_with("<!doctype html")
        || head.starts_with("<html")
        || (typed_html && !head.starts_with("<?xml"))
}

/// The text is UTF-8 now, whatever the declaration said: tell the XML parser so, or it would decode
/// it a second time as the declared encoding.
fn declare_utf8(text: &str) -> Cow<'_, str> {
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    if trimmed.starts_with("<?xml")
        && let Some(end) = trimmed.find("?>")
        && !declares_utf8(&trimmed[..end])
    {
        return Cow::Owned(format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>{}",
            &trimmed[end + 2..]
        ));
    }
    Cow::Borrowed(text)
}

/// Whether an XML declaration names UTF-8 or no encoding (which means UTF-8).
fn declares_utf8(declaration: &str) -> bool {
    let lower = declaration.to_ascii_lowercase();
    !lower.contains("encoding") || lower.contains("utf-8") || lower.contains("utf8")
}

/// `link` resolved against `base` when it is relative; as written otherwise (an absolute link is
/// kept byte for byte, as stored before).
fn absolute(link: String, base: Option<&Url>) -> String {
    match (Url::parse(&link), base) {
        (Err(url::ParseError::RelativeUrlWithoutBase), Some(base)) => {
            base.join(&link).map_or(link, String::from)
        }
        _ => link,
    }
}

fn item_from_entry(
    entry: Entry,
    comment_count: Option<u32>,
    itunes: Option<&itunes::Episode>,
    base: Option<&Url>,
) -> ParsedItem {
    let enclosures = enclosures::of_entry(&entry, itunes, base);
    let link = entry
        .links
        .iter()
        .find(|l| l.target.is_none() && l.rel.as_deref().is_none_or(|rel| rel == "alternate"))
        .map(|l| l.href.clone());
    let title = entry.title.as_ref().map(text_to_plain).filter(|t| !t.is_empty());
    let published = entry.published.or(entry.updated);
    let mut comments_url = None;
    let mut comments_feed_url = None;
    for l in &entry.links {
        match (&l.target, l.rel.as_deref()) {
            (Some(LinkTarget::Comments), _) => comments_url = comments_url.or(Some(l.href.clone())),
            (Some(LinkTarget::CommentsFeed), _) => {
                comments_feed_url = comments_feed_url.or(Some(l.href.clone()))
            }
            (None, Some("replies")) if l.media_type.as_deref().is_some_and(|t| t.contains("html")) => {
                comments_url = comments_url.or(Some(l.href.clone()));
            }
            _ => {}
        }
    }
    let summary = entry.summary.map(|s| s.content).filter(|s| !s.trim().is_empty());
    let body = entry
        .content
        .and_then(|c| c.body)
        .filter(|b| !b.trim().is_empty());
    // The summary is a teaser of the body when both are given: the body is what is read and
    // searched.
    let content = body.or(summary);
    let identity = if !entry.id.is_empty() {
        entry.id
    } else if let Some(link) = &link {
        link.clone()
    } else {
        hashed_identity(title.as_deref(), published)
    };
    // The identity above keeps the link as written: an item stored before stays the same item.
    let absolute = |link: Option<String>| link.map(|l| absolute(l, base));
    ParsedItem {
        identity,
        link: absolute(link),
        title,
        author: entry
            .authors
            .first()
            .and_then(|a| a.name.clone())
            .filter(|n| !n.is_empty()),
        published,
        content,
        comments_url: absolute(comments_url),
        comments_feed_url: absolute(comments_feed_url),
        comment_count,
        enclosures,
    }
}

fn hashed_identity(title: Option<&str>, published: Option<DateTime<Utc>>) -> String {
    let mut hasher = Sha256::new();
    hasher.update(title.unwrap_or_default().as_bytes());
    hasher.update(published.map(|p| p.to_rfc3339()).unwrap_or_default().as_bytes());
    let digest = hasher.finalize();
    let hex: String = digest.iter().take(16).map(|b| format!("{b:02x}")).collect();
    format!("hash:{hex}")
}

/// Titles typed HTML (Atom `type="html"`, JSON Feed) carry markup and entities: keep the text.
fn text_to_plain(text: &Text) -> String {
    if text.content_type.subty() == "html" || text.content_type.subty() == "xhtml" {
        crate::markup::html_to_plain(&text.content)
    } else {
        text.content.trim().to_string()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    const RSS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:slash="http://purl.org/rss/1.0/modules/slash/" xmlns:wfw="http://wellformedweb.org/CommentAPI/">
<channel><title>Example</title><link>https://example.org/</link>
<item><title>First &amp; best</title><link>https://example.org/1</link><guid>id-1</guid>
<comments>https://example.org/1#comments</comments><wfw:commentRss>https://example.org/1/feed</wfw:commentRss>
<slash:comments>14</slash:comments><pubDate>Sat, 17 Jul 2021 15:35:00 +0000</pubDate>
<description>Short &lt;b&gt;summary&lt;/b&gt;</description><content:encoded><![CDATA[<p>Full body</p>]]></content:encoded>
<enclosure url="https://example.org/a.mp3" type="audio/mpeg" length="1234"/></item>
<item><title>No guid</title><link>https://example.org/2</link><description>only a description</description></item>
<item><title>Nothing else</title></item>
</channel></rss>"#;

    #[test]
    fn rss_items_keep_comments_counts_enclosures() {
        let feed = parse(
            RSS.as_bytes(),
            Some("application/rss+xml"),
            "https://example.org/feed",
        )
        .unwrap();
        assert_eq!(feed.title.as_deref(), Some("Example"));
        assert_eq!(feed.site_url.as_deref(), Some("https://example.org/"));
        let first = &feed.items[0];
        assert_eq!(first.identity, "id-1");
        assert_eq!(first.title.as_deref(), Some("First & best"));
        assert_eq!(first.comment_count, Some(14));
        assert_eq!(
            first.comments_url.as_deref(),
            Some("https://example.org/1#comments")
        );
        assert_eq!(
            first.comments_feed_url.as_deref(),
            Some("https://example.org/1/feed")
        );
        assert_eq!(first.content.as_deref(), Some("<p>Full body</p>"));
        assert_eq!(first.enclosures[0].url, "https://example.org/a.mp3");
        assert_eq!(first.published.unwrap().to_rfc3339(), "2021-07-17T15:35:00+00:00");
        assert_eq!(feed.items[1].identity, "https://example.org/2");
        assert_eq!(feed.items[1].content.as_deref(), Some("only a description"));
        assert_eq!(feed.items[1].comment_count, None);
        assert!(feed.items[2].identity.starts_with("hash:"));
    }

    #[test]
    fn atom_thr_total_and_html_titles() {
        let atom = r#"<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom" xmlns:thr="http://purl.org/syndication/thread/1.0">
<title>A</title><id>urn:a</id><updated>2024-01-01T00:00:00Z</updated>
<entry><id>urn:1</id><title type="html">Tom &amp;amp; Jerry &lt;i&gt;again&lt;/i&gt;</title><updated>2024-01-01T00:00:00Z</updated>
<link href="https://a.example/1"/><link rel="replies" type="text/html" href="https://a.example/1#c" thr:count="3"/>
<thr:total>3</thr:total><content type="html">&lt;p&gt;x&lt;/p&gt;</content></entry></feed>"#;
        let feed = parse(atom.as_bytes(), None, "https://a.example/feed").unwrap();
        let item = &feed.items[0];
        assert_eq!(item.title.as_deref(), Some("Tom & Jerry again"));
        assert_eq!(item.comment_count, Some(3));
        assert_eq!(item.comments_url.as_deref(), Some("https://a.example/1#c"));
    }

    #[test]
    fn json_feed() {
        let json = r#"{"version":"https://jsonfeed.org/version/1.1","title":"J","items":[{"id":"1","url":"https://j.example/1","title":"One","content_html":"<p>hi</p>"}]}"#;
        let feed = parse(
            json.as_bytes(),
            Some("application/feed+json"),
            "https://j.example/feed.json",
        )
        .unwrap();
        assert_eq!(feed.items[0].identity, "1");
        assert_eq!(feed.items[0].content.as_deref(), Some("<p>hi</p>"));
    }

    #[test]
    fn json_feed_links_are_resolved_against_the_feed_address() {
        let json = r#"{"version":"https://jsonfeed.org/version/1.1","title":"J","home_page_url":"/",
            "items":[{"id":"1","url":"/posts/1","title":"One","content_html":"<p>hi</p>"},
            {"url":"posts/2?x=1","title":"Two"},
            {"id":"3","url":"https://elsewhere.example/3","title":"Three"}]}"#;
        let feed = parse(json.as_bytes(), None, "https://j.example/blog/feed.json").unwrap();
        assert_eq!(feed.site_url.as_deref(), Some("https://j.example/"));
        let links: Vec<_> = feed.items.iter().map(|i| i.link.as_deref()).collect();
        assert_eq!(
            links,
            [
                Some("https://j.example/posts/1"),
                Some("https://j.example/blog/posts/2?x=1"),
                Some("https://elsewhere.example/3"),
            ]
        );
        // An item without an id keeps the identity it always had: its link as written.
        assert_eq!(feed.items[1].identity, "posts/2?x=1");
    }

    #[test]
    fn truncated_and_malformed_xml_are_errors() {
        let cut = &RSS[..RSS.len() / 2];
        assert!(matches!(
            parse(cut.as_bytes(), None, "https://e.org/"),
            Err(FeedError::Malformed(_))
        ));
        let bad = "<rss version=\"2.0\"><channel><title>x</wrong></channel></rss>";
        assert!(matches!(
            parse(bad.as_bytes(), None, "https://e.org/"),
            Err(FeedError::Malformed(_))
        ));
    }

    #[test]
    fn a_declaration_in_the_middle_is_cut_out_not_a_panic() {
        // Found by fuzzing: feed-rs passed the second declaration's encoding to quick-xml, which
        // panics once it has read past the start of the document.
        let xml = "<?xml version=\"1.0\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>t</title>\
            <entry><id>urn:a</id><title>one</title>\n<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\
            </entry></feed>";
        let feed = parse(xml.as_bytes(), None, "https://e.org/").unwrap();
        assert_eq!(feed.items.len(), 1);
        assert_eq!(feed.items[0].title.as_deref(), Some("one"));
    }

    #[test]
    fn a_panic_in_feed_rs_is_this_feed_s_error() {
        // Found by fuzzing: feed-rs cuts the byte before an e-mail address as if it were one
        // byte wide; a curly quote is three.
        let xml = "<rss version=\"2.0\"><channel><title>t</title><item><title>one</title>\
            <author>\u{201c}a@example.org\u{201d} Ann</author></item></channel></rss>";
        let error = parse(xml.as_bytes(), None, "https://e.org/")
            .map(|_| ())
            .unwrap_err();
        assert!(
            matches!(&error, FeedError::Malformed(m) if m.contains("feed parser failed")),
            "{error:?}"
        );
    }

    /// Feeds that put the lifting of bodies (feed/lift.rs) to the test: every kind of body text,
    /// and every reason to leave one in place.
    const TRICKY: [&str; 8] = [
        r#"<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>T</title><description>the feed's own</description>
<item><title>a</title><description>  &lt;p&gt;esc &amp;amp; &#233;&#x20AC;&lt;/p&gt;  </description>
<content:encoded>
 <![CDATA[<p>one]]>&amp;<![CDATA[ two ]] > ]]> tail </content:encoded></item>
<item><title>b</title><description>x<!-- c -->y</description><content:encoded>&nbsp;kept</content:encoded></item>
<item><title>c</title><description></description><content:encoded><![CDATA[]]></content:encoded></item>
<item><title>d</title><description>   </description><content:encoded>   </content:encoded></item>
<item><title>e</title><description>folio-lifted-body-0</description></item>
</channel></rss>"#,
        r#"<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>T</title>
<item><title>a</title><content:encoded>x<b>child</b>y</content:encoded></item>
<item xmlns:content="urn:rebound"><title>b</title><content:encoded>rebound</content:encoded></item></channel></rss>"#,
        r#"<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>T</title>
<atom:link xmlns:atom="http://www.w3.org/2005/Atom" rel="self" href="https://e.org/feed"/>
<item><title>a</title><description xmlns="urn:elsewhere">not RSS</description><content:encoded>c</content:encoded>
<x:y xmlns:x="urn:x"><description>deeper</description></x:y></item></channel></rss>"#,
        r#"<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>A</title><id>urn:f</id>
<entry><id>urn:1</id><title>one</title><summary type="html"> &lt;b&gt;s&lt;/b&gt; </summary><content type="html">
&lt;p&gt;body&lt;/p&gt;
</content></entry>
<entry><id>urn:2</id><title>two</title><content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>x</p></div></content></entry>
<entry><id>urn:3</id><title>three</title><content type="text/plain">  plain  </content><summary>s</summary></entry>
<entry><id>urn:4</id><title>four</title><content>  text  </content></entry></feed>"#,
        r#"<feed xmlns="http://www.w3.org/2005/Atom"><title>A</title><entry><id>urn:5</id>
<content type="html" src="https://e.org/x">not allowed</content></entry></feed>"#,
        r#"<rss version="2.0"><channel><title>T</title><item><description><![CDATA[a long body]]></description>
<title>bad &#0; reference</title></item></channel></rss>"#,
        r#"<rss version="0.91"><channel><title>T</title><item><title>a</title><description> d </description></item></channel></rss>"#,
        r#"<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>T</title></channel>
<item><title>a</title><description> d </description><content:encoded> c </content:encoded></item></rdf:RDF>"#,
    ];

    #[test]
    fn lifting_the_bodies_gives_what_feed_rs_gives_reading_them_itself() {
        let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut feeds: Vec<Vec<u8>> = TRICKY.iter().map(|f| f.as_bytes().to_vec()).collect();
        feeds.push(RSS.as_bytes().to_vec());
        for dir in ["src/demo/site", "tests/fixtures/feeds"] {
            for entry in std::fs::read_dir(repo.join(dir)).unwrap() {
                let path = entry.unwrap().path();
                if path.extension().is_some_and(|e| e == "xml") {
                    feeds.push(std::fs::read(path).unwrap());
                }
            }
        }
        assert!(
            feeds.len() >= 11,
            "the feeds of the demo and the fixtures are read"
        );
        for feed in &feeds {
            let lifted = parse(feed, None, "https://e.org/feed");
            let reference = parse_reference(feed, None, "https://e.org/feed");
            let text = String::from_utf8_lossy(feed);
            match (lifted, reference) {
                (Ok(lifted), Ok(reference)) => assert_eq!(lifted, reference, "{text}"),
                (Err(lifted), Err(reference)) => assert_eq!(lifted.to_string(), reference.to_string()),
                (lifted, reference) => panic!("{lifted:?} but feed-rs alone: {reference:?}\n{text}"),
            }
        }
        // The first feed's bodies, as feed-rs gives them: spot checks that the comparison saw them.
        let first = parse(TRICKY[0].as_bytes(), None, "https://e.org/feed").unwrap();
        assert_eq!(
            first.items[0].content.as_deref(),
            Some("\n <p>one& two ]] >  tail ")
        );
        assert_eq!(first.items[1].content.as_deref(), Some("&nbsp;kept"));
        assert_eq!(first.items[4].content.as_deref(), Some("folio-lifted-body-0"));
        // An error after a lifted body: feed-rs reads the feed again as served, with a new parser.
        let bad_reference = TRICKY.iter().find(|f| f.contains("&#0;")).unwrap();
        let error = parse(bad_reference.as_bytes(), None, "https://e.org/feed").unwrap_err();
        assert!(matches!(error, FeedError::Malformed(_)), "{error}");
    }

    #[test]
    fn html_is_recognised_as_a_page() {
        let html = "<!DOCTYPE html><html><head><title>x</title></head></html>";
        assert!(matches!(
            parse(html.as_bytes(), Some("text/html"), "https://e.org/"),
            Err(FeedError::HtmlPage)
        ));
        assert!(matches!(
            parse(b"plain text", None, "https://e.org/"),
            Err(FeedError::NotAFeed)
        ));
    }

    #[test]
    fn latin1_declared_utf8_is_read() {
        let bytes = b"<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel><title>Se\xf1or</title></channel></rss>";
        assert_eq!(
            parse(bytes, None, "https://e.org/").unwrap().title.as_deref(),
            Some("Señor")
        );
        let utf8 = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss version=\"2.0\"><channel><title>Señor</title></channel></rss>";
        assert_eq!(
            parse(utf8.as_bytes(), None, "https://e.org/")
                .unwrap()
                .title
                .as_deref(),
            Some("Señor")
        );
    }
}
