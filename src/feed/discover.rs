//! Finding a site's feeds from its HTML page: `<link rel="alternate">` first, then the paths where
//! feeds usually live.

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

/// The feeds `html` (served from `base_url`) announces, in page order, without duplicates.
pub fn discover(html: &str, base_url: &Url) -> Vec<Url> {
    let document = dom_query::Document::from(html);
    // A `<base href>` changes what relative hrefs resolve against.
    let base = document
        .select("base[href]")
        .attr("href")
        .and_then(|href| base_url.join(href.trim()).ok())
        .unwrap_or_else(|| base_url.clone());
    let mut found: Vec<Url> = Vec::new();
    for link in document.select("link[rel][href]").iter() {
        let rel = link.attr("rel").unwrap_or_default().to_ascii_lowercase();
        if !rel.split_ascii_whitespace().any(|r| r == "alternate") {
            continue;
        }
        let media_type = link.attr("type").unwrap_or_default().to_ascii_lowercase();
        let media_type = media_type.split(';').next().unwrap_or_default().trim();
        if !FEED_TYPES.contains(&media_type) {
            continue;
        }
        if let Some(url) = link.attr("href").and_then(|href| base.join(href.trim()).ok())
            && matches!(url.scheme(), "http" | "https")
            && !found.contains(&url)
        {
            found.push(url);
        }
    }
    found
}

/// The usual feed locations on `base_url`'s site, to probe when the page announces none.
pub fn common_feed_paths(base_url: &Url) -> Vec<Url> {
    COMMON_PATHS
        .iter()
        .filter_map(|path| base_url.join(path).ok())
        .collect()
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
        </head></html>"#;
        let base = Url::parse("https://site.example/blog/").unwrap();
        let found: Vec<String> = discover(html, &base).into_iter().map(String::from).collect();
        assert_eq!(
            found,
            [
                "https://site.example/feed.xml",
                "https://other.example/atom",
                "https://site.example/blog/feed.json"
            ]
        );
    }

    #[test]
    fn a_page_without_feeds_gives_nothing_and_common_paths_are_on_the_site() {
        let base = Url::parse("https://site.example/a/b").unwrap();
        assert!(discover("<html><body>hi</body></html>", &base).is_empty());
        assert_eq!(common_feed_paths(&base)[0].as_str(), "https://site.example/feed");
    }
}
