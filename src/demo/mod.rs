//! `folio demo`: bundled sample feeds served from a loopback server, so a newcomer without network
//! sees folio work. The pages carry the chrome folio exists to remove (a donation bar, share
//! buttons, a newsletter form, a cookie banner, related posts) and three kinds of thread
//! (wpDiscuz, WordPress core, a Hacker News API dump).

use crate::comments::Endpoints;
use crate::serve::{Route, StaticServer};

/// Path on the demo server, content type, and the bundled file (`{{BASE}}` stands for the server's
/// address, known only once it listens).
const SITE: &[(&str, &str, &str)] = &[
    (
        "/southfront/feed.xml",
        "application/rss+xml",
        include_str!("site/southfront-feed.xml"),
    ),
    (
        "/southfront/doha.html",
        "text/html; charset=utf-8",
        // The page that started the project, shared with the tests (one copy).
        include_str!("../../tests/fixtures/seed-southfront/page.html"),
    ),
    (
        "/quietweb/atom.xml",
        "application/atom+xml",
        include_str!("site/quietweb-atom.xml"),
    ),
    (
        "/quietweb/reading-without-the-page.html",
        "text/html; charset=utf-8",
        include_str!("site/quietweb-post.html"),
    ),
    ("/hn/rss", "application/rss+xml", include_str!("site/hn-feed.xml")),
    (
        "/hn/items/4242.json",
        "application/json",
        include_str!("site/hn-4242.json"),
    ),
];

/// The demo's feeds, as paths on its server, each with a tag.
pub const FEEDS: &[(&str, &str)] = &[
    ("/southfront/feed.xml", "news"),
    ("/quietweb/atom.xml", "blogs"),
    ("/hn/rss", "discussions"),
];

/// The discussion sites as the demo has them: on its own server, knowing of no discussion, so
/// that `c` finds the pages' and the feeds' threads without going to the network.
const DISCUSSION_SITES: &[(&str, &str)] = &[
    ("/algolia/search", r#"{"hits": [], "nbHits": 0}"#),
    ("/lobsters/stories/url/all.json", "[]"),
    (
        "/reddit/api/info.json",
        r#"{"kind": "Listing", "data": {"children": []}}"#,
    ),
];

/// Starts the demo server on an ephemeral loopback port.
pub fn serve() -> std::io::Result<StaticServer> {
    let server = StaticServer::start(Vec::new(), true)?;
    let base = server.url("");
    for (path, content_type, body) in SITE {
        server.set_route(
            path,
            Route::content(body.replace("{{BASE}}", &base), content_type),
        );
    }
    for (path, answer) in DISCUSSION_SITES {
        server.set_route(path, Route::content(*answer, "application/json"));
    }
    Ok(server)
}

/// Where the demo's discussion sites are.
pub fn endpoints(server: &StaticServer) -> Endpoints {
    Endpoints::new(
        &server.url("/algolia"),
        &server.url("/lobsters"),
        &server.url("/reddit"),
        &server.url("/firebase/v0"),
    )
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn every_demo_feed_parses_and_points_at_the_demo_server() {
        let server = serve().unwrap();
        for (path, _) in FEEDS {
            let (_, content_type, body) = SITE.iter().find(|(p, _, _)| p == path).unwrap();
            let body = body.replace("{{BASE}}", &server.url(""));
            let feed = crate::feed::parse(body.as_bytes(), Some(content_type), &server.url(path)).unwrap();
            assert!(!feed.items.is_empty(), "{path} has items");
            for item in &feed.items {
                let link = item.link.as_deref().unwrap_or_default();
                assert!(link.starts_with(&server.url("/")), "{path}: {link}");
                // Each item either is served (folio fetches and extracts it) or carries its
                // whole text in the feed (folio shows it without fetching).
                let local = link.strip_prefix(&server.url("")).unwrap_or_default();
                let served = SITE.iter().any(|(p, _, _)| *p == local);
                let full_text = item.content.as_deref().is_some_and(crate::reader::is_full_text);
                assert!(
                    served || full_text,
                    "{link} is neither served nor carried in full"
                );
            }
        }
    }
}
