//! Which discussion site a URL belongs to, and the API URL to fetch for it, whether the URL is the
//! discussion page or already the API endpoint.

use url::Url;

use super::{hn, lobsters, reddit};

/// A discussion API folio reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApiKind {
    /// `hn.algolia.com/api/v1/items/<id>`: the whole tree.
    HnAlgolia,
    /// `hacker-news.firebaseio.com/v0/item/<id>.json`: one item (or a dump of several).
    HnFirebase,
    /// `lobste.rs/s/<id>.json`.
    Lobsters,
    /// `reddit.com/comments/<id>.json`.
    Reddit,
}

/// A recognised discussion: which API, and the URL to fetch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiRequest {
    pub kind: ApiKind,
    pub url: String,
}

/// Maps a discussion page or API URL to the API request; `None` for other sites.
pub fn api_request(url: &Url) -> Option<ApiRequest> {
    let host = url.host_str()?.to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host);
    let segments: Vec<&str> = url
        .path_segments()
        .map(|s| s.filter(|p| !p.is_empty()).collect())
        .unwrap_or_default();
    let request = |kind, url: String| Some(ApiRequest { kind, url });
    match host {
        "news.ycombinator.com" => {
            let id = url
                .query_pairs()
                .find(|(k, _)| k == "id")
                .map(|(_, v)| v.into_owned())?;
            numeric(&id).and_then(|id| request(ApiKind::HnAlgolia, hn::algolia_url(id)))
        }
        "hn.algolia.com" => match segments.as_slice() {
            ["api", "v1", "items", id] => {
                numeric(id).and_then(|id| request(ApiKind::HnAlgolia, hn::algolia_url(id)))
            }
            _ => None,
        },
        "hacker-news.firebaseio.com" => match segments.as_slice() {
            ["v0", "item", file] => numeric(file.strip_suffix(".json").unwrap_or(file))
                .and_then(|id| request(ApiKind::HnFirebase, hn::firebase_url(id))),
            _ => None,
        },
        "lobste.rs" => match segments.as_slice() {
            ["s", id, ..] => {
                let id = id.strip_suffix(".json").unwrap_or(id);
                short_id(id).and_then(|id| request(ApiKind::Lobsters, lobsters::story_json_url(id)))
            }
            _ => None,
        },
        "redd.it" => match segments.as_slice() {
            [id] => short_id(id).and_then(|id| request(ApiKind::Reddit, reddit::comments_json_url(id))),
            _ => None,
        },
        _ if host == "reddit.com" || host.ends_with(".reddit.com") => {
            let at = segments.iter().position(|s| *s == "comments")?;
            let id = segments.get(at + 1)?;
            let id = id.strip_suffix(".json").unwrap_or(id);
            short_id(id).and_then(|id| request(ApiKind::Reddit, reddit::comments_json_url(id)))
        }
        _ => None,
    }
}

fn numeric(id: &str) -> Option<&str> {
    (!id.is_empty() && id.len() <= 20 && id.bytes().all(|b| b.is_ascii_digit())).then_some(id)
}

fn short_id(id: &str) -> Option<&str> {
    (!id.is_empty() && id.len() <= 20 && id.bytes().all(|b| b.is_ascii_alphanumeric())).then_some(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(url: &str) -> Option<(ApiKind, String)> {
        api_request(&Url::parse(url).ok()?).map(|r| (r.kind, r.url))
    }

    #[test]
    fn pages_and_endpoints_map_to_the_api_to_fetch() {
        let algolia = Some((
            ApiKind::HnAlgolia,
            "https://hn.algolia.com/api/v1/items/8863".to_string(),
        ));
        assert_eq!(map("https://news.ycombinator.com/item?id=8863"), algolia);
        assert_eq!(map("https://hn.algolia.com/api/v1/items/8863"), algolia);
        let firebase = Some((
            ApiKind::HnFirebase,
            "https://hacker-news.firebaseio.com/v0/item/8863.json".to_string(),
        ));
        assert_eq!(
            map("https://hacker-news.firebaseio.com/v0/item/8863.json"),
            firebase
        );
        let lobsters = Some((ApiKind::Lobsters, "https://lobste.rs/s/abc123.json".to_string()));
        assert_eq!(map("https://lobste.rs/s/abc123/some_title"), lobsters);
        assert_eq!(map("https://lobste.rs/s/abc123.json"), lobsters);
        let reddit = Some((
            ApiKind::Reddit,
            "https://www.reddit.com/comments/1x2y3z.json".to_string(),
        ));
        assert_eq!(
            map("https://old.reddit.com/r/rust/comments/1x2y3z/a_title/"),
            reddit
        );
        assert_eq!(map("https://www.reddit.com/r/rust/comments/1x2y3z/.json"), reddit);
        assert_eq!(map("https://www.reddit.com/comments/1x2y3z.json"), reddit);
        assert_eq!(map("https://redd.it/1x2y3z"), reddit);
    }

    #[test]
    fn other_urls_are_not_discussions() {
        assert_eq!(map("https://example.org/item?id=1"), None);
        assert_eq!(map("https://news.ycombinator.com/news"), None);
        assert_eq!(map("https://www.reddit.com/r/rust/"), None);
        assert_eq!(map("https://lobste.rs/s/../../etc"), None);
    }
}
