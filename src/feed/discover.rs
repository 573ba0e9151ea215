//! Finding a site's feeds from its HTML page: `<link rel="alternate">` first, then the paths where
//! feeds usually live. A page may announce thousands of feeds on any hosts: only a handful are
//! kept, the site's own first, so adding a feed costs a few requests whatever the page says.

use std::collections::HashSet;

use url::Url;

/// Media types that announce a feed in `<link rel="alternate" type=...>`.
const FEED_TYPES: [&str; 5] = [
    "application/rss+xml",
    "application/atom+xml",
    "application/feed+json",
    "application/json",
    "application/rdf+xml",
];

/// Where feeds usually are when a page does not announce them, tried in this order.
const COMMON_PATHS: [&str; 5] = ["/feed", "/rss.xml", "/atom.xml", "/index.xml", "/feed.json"];

/// Announced feeds kept: a site offers a few (posts, comments, a category), never hundreds.
pub const MAX_ANNOUNCED: usize = 4;

/// Feeds tried in all for one new subscription, announced then guessed: with the page itself,
/// at most 8 requests.
pub const MAX_CANDIDATES: usize = 7;

/// The feeds to try for a new subscription whose address gave `html` (served from `base_url`):
/// those it announces (its own site's first), then the usual paths, at most [`MAX_CANDIDATES`].
pub fn candidates(html: &str, base_url: &Url) -> Vec<Url> {
    let mut seen: HashSet<Url> = HashSet::new();
    discover(html, base_url)
        .into_iter()
        .chain(common_feed_paths(base_url))
        .filter(|url| seen.insert(url.clone()))
        .take(MAX_CANDIDATES)
        .collect()
}

/// The feeds `html` (served from `base_url`) announces, without duplicates: at most
/// [`MAX_ANNOUNCED`], those on the page's own site first, each group in page order.
pub fn discover(html: &str, base_url: &Url) -> Vec<Url> {
    let tags = LinkTags::new(html);
    // A `<base href>` changes what relative hrefs resolve against.
    let base = tags
        .base_href
        .and_then(|href| base_url.join(&href).ok())
        .unwrap_or_else(|| base_url.clone());
    let site = base_url.host_str().map(site_of);
    let mut seen: HashSet<Url> = HashSet::new();
    let (mut own, mut elsewhere) = (Vec::new(), Vec::new());
    for link in tags.links {
        if own.len() == MAX_ANNOUNCED {
            break;
        }
        if !link
            .rel
            .split_ascii_whitespace()
            .any(|r| r.eq_ignore_ascii_case("alternate"))
        {
            continue;
        }
        let media_type = link.media_type.split(';').next().unwrap_or_default().trim();
        if !FEED_TYPES.iter().any(|t| t.eq_ignore_ascii_case(media_type)) {
            continue;
        }
        // Once enough other sites' feeds are kept, one on another host is not even resolved.
        if elsewhere.len() == MAX_ANNOUNCED
            && absolute_host(link.href).is_some_and(|host| Some(site_of(host)) != site)
        {
            continue;
        }
        let Some(url) = base
            .join(link.decoded_href().trim())
            .ok()
            .filter(|u| matches!(u.scheme(), "http" | "https"))
        else {
            continue;
        };
        let on_site = site.is_some() && url.host_str().map(site_of) == site;
        let group = if on_site { &mut own } else { &mut elsewhere };
        if group.len() < MAX_ANNOUNCED && seen.insert(url.clone()) {
            group.push(url);
        }
    }
    own.into_iter().chain(elsewhere).take(MAX_ANNOUNCED).collect()
}

/// The host of an absolute (or scheme-relative) `href`, without parsing it.
fn absolute_host(href: &str) -> Option<&str> {
    let href = href.trim();
    let rest = ["https://", "http://", "//"].iter().find_map(|scheme| {
        href.get(..scheme.len())
            .filter(|s| s.eq_ignore_ascii_case(scheme))
            .map(|s| &href[s.len()..])
    })?;
    let end = rest.find(['/', '?', '#', ':', '&']).unwrap_or(rest.len());
    Some(&rest[..end])
}

/// The site a host belongs to, for preferring a page's own feeds: the host without `www.`.
/// (`feeds.example.com` counts as another site: a public-suffix list would be needed to say more.)
fn site_of(host: &str) -> String {
    host.trim_start_matches("www.").to_ascii_lowercase()
}

/// The usual feed locations on `base_url`'s site, to probe when the page announces none.
pub fn common_feed_paths(base_url: &Url) -> Vec<Url> {
    COMMON_PATHS
        .iter()
        .filter_map(|path| base_url.join(path).ok())
        .collect()
}

/// A `<link>` tag's attributes that tell a feed, as written.
struct LinkTag<'a> {
    rel: &'a str,
    media_type: &'a str,
    href: &'a str,
}

impl LinkTag<'_> {
    fn decoded_href(&self) -> std::borrow::Cow<'_, str> {
        decode(self.href)
    }
}

/// The `<link>` tags and the first `<base href>` of a page, read by a scan of its tags rather than
/// a parse (one pass, no tree: a page of 60,000 links reads in milliseconds). A link inside a
/// comment or a script counts too; a candidate is only ever a URL to try.
struct LinkTags<'a> {
    links: Vec<LinkTag<'a>>,
    base_href: Option<String>,
}

impl<'a> LinkTags<'a> {
    fn new(html: &'a str) -> Self {
        let bytes = html.as_bytes();
        let mut tags = LinkTags {
            links: Vec::new(),
            base_href: None,
        };
        for start in memchr::memchr_iter(b'<', bytes) {
            let name_end = bytes[start + 1..]
                .iter()
                .position(|b| !b.is_ascii_alphabetic())
                .map_or(bytes.len(), |n| start + 1 + n);
            let name = &bytes[start + 1..name_end];
            let is_link = name.eq_ignore_ascii_case(b"link");
            let is_first_base = name.eq_ignore_ascii_case(b"base") && tags.base_href.is_none();
            if !is_link && !is_first_base {
                continue;
            }
            let [rel, media_type, href] = read_attributes(&html[name_end..], ["rel", "type", "href"]);
            if is_link {
                if let Some(href) = href {
                    tags.links.push(LinkTag {
                        rel: rel.unwrap_or_default(),
                        media_type: media_type.unwrap_or_default(),
                        href,
                    });
                }
            } else {
                tags.base_href = href.map(|href| decode(href).trim().to_string());
            }
        }
        tags
    }
}

/// The values, as written, of the attributes `wanted` (first occurrence, names ASCII
/// case-insensitive) of one tag, read from just after its name to its `>`.
fn read_attributes<'a, const N: usize>(rest: &'a str, wanted: [&str; N]) -> [Option<&'a str>; N] {
    let bytes = rest.as_bytes();
    let mut found = [None; N];
    let mut at = 0;
    // At most a few attributes matter; a tag with thousands is read no further.
    for _ in 0..32 {
        while at < bytes.len() && (bytes[at].is_ascii_whitespace() || bytes[at] == b'/') {
            at += 1;
        }
        if at >= bytes.len() || bytes[at] == b'>' {
            break;
        }
        let name_start = at;
        while at < bytes.len() && !matches!(bytes[at], b'=' | b'>' | b'/') && !bytes[at].is_ascii_whitespace()
        {
            at += 1;
        }
        let name = &rest[name_start..at];
        while at < bytes.len() && bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        let mut value = "";
        if at < bytes.len() && bytes[at] == b'=' {
            at += 1;
            while at < bytes.len() && bytes[at].is_ascii_whitespace() {
                at += 1;
            }
            match bytes.get(at) {
                Some(&quote @ (b'"' | b'\'')) => {
                    let end = memchr::memchr(quote, &bytes[at + 1..]).map_or(bytes.len(), |n| at + 1 + n);
                    value = &rest[at + 1..end];
                    at = end + 1;
                }
                _ => {
                    let start = at;
                    while at < bytes.len() && bytes[at] != b'>' && !bytes[at].is_ascii_whitespace() {
                        at += 1;
                    }
                    value = &rest[start..at];
                }
            }
        }
        if let Some(slot) = wanted.iter().position(|w| w.eq_ignore_ascii_case(name)) {
            found[slot].get_or_insert(value);
        }
    }
    found
}

/// An attribute value with its character references decoded (`&amp;` in query strings).
fn decode(value: &str) -> std::borrow::Cow<'_, str> {
    crate::markup::entities::decode_attribute(value)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn finds_alternate_feeds_and_resolves_relative_links() {
        let html = r#"<html><head>
            <link rel="stylesheet" href="/s.css">
            <link rel="alternate" type="application/rss+xml" href="/feed.xml">
            <link rel="Alternate" type="application/atom+xml; charset=utf-8" href="https://other.example/atom">
            <link rel="alternate" type="text/html" href="/fr/">
            <link rel="alternate" type="application/feed+json" href="feed.json">
            <link rel="alternate" type="application/rss+xml" href="/feed.xml">
            <LINK REL=alternate TYPE=application/rss+xml HREF="/q?a=1&amp;b=2"/>
        </head></html>"#;
        let base = Url::parse("https://site.example/blog/").unwrap();
        let found: Vec<String> = discover(html, &base).into_iter().map(String::from).collect();
        assert_eq!(
            found,
            [
                "https://site.example/feed.xml",
                "https://site.example/blog/feed.json",
                "https://site.example/q?a=1&b=2",
                "https://other.example/atom",
            ]
        );
    }

    #[test]
    fn a_base_href_moves_relative_links() {
        let html =
            r#"<base href="https://site.example/en/"><link rel=alternate type=application/rss+xml href=rss>"#;
        let base = Url::parse("https://site.example/").unwrap();
        assert_eq!(discover(html, &base)[0].as_str(), "https://site.example/en/rss");
    }

    #[test]
    fn a_page_without_feeds_gives_nothing_and_common_paths_are_on_the_site() {
        let base = Url::parse("https://site.example/a/b").unwrap();
        assert!(discover("<html><body>hi</body></html>", &base).is_empty());
        assert_eq!(common_feed_paths(&base)[0].as_str(), "https://site.example/feed");
        assert_eq!(candidates("<p>hi</p>", &base).len(), COMMON_PATHS.len());
    }

    /// Thousands of announced feeds on other hosts give a handful, the site's own first.
    #[test]
    fn thousands_of_announced_feeds_give_a_handful_the_sites_own_first() {
        let mut html: String = (0..3000)
            .map(|i| {
                format!(r#"<link rel="alternate" type="application/rss+xml" href="https://h{i}.example/f">"#)
            })
            .collect();
        html.push_str(r#"<link rel="alternate" type="application/atom+xml" href="/own.atom">"#);
        let base = Url::parse("https://www.site.example/").unwrap();
        let found = candidates(&html, &base);
        assert_eq!(found.len(), MAX_CANDIDATES);
        assert_eq!(found[0].as_str(), "https://www.site.example/own.atom");
        assert_eq!(found[1].as_str(), "https://h0.example/f");
        assert_eq!(found[MAX_ANNOUNCED].as_str(), "https://www.site.example/feed");
    }
}
