//! Which discussion site a URL belongs to, and the API URL to fetch for it, whether the URL is the
//! discussion page, the API endpoint, or the same endpoint on a configured mirror.

use url::Url;

use super::endpoints::{Base, Endpoints};

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

/// Maps a discussion page or API URL to the API request at `endpoints`; `None` for other sites.
pub fn api_request(url: &Url, endpoints: &Endpoints) -> Option<ApiRequest> {
    let host = url.host_str()?.to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host);
    let segments: Vec<&str> = url
        .path_segments()
        .map(|s| s.filter(|p| !p.is_empty()).collect())
        .unwrap_or_default();
    let by_host = match host {
        "news.ycombinator.com" => url
            .query_pairs()
            .find(|(k, _)| k == "id")
            .and_then(|(_, id)| numeric(&id).map(|id| hn_tree(endpoints, id))),
        "hn.algolia.com" => hn_search_path(&segments, endpoints),
        "hacker-news.firebaseio.com" => match segments.as_slice() {
            ["v0", rest @ ..] => hn_items_path(rest, endpoints),
            _ => None,
        },
        "lobste.rs" => lobsters_path(&segments, endpoints),
        "redd.it" => match segments.as_slice() {
            [id] => short_id(id).map(|id| reddit(endpoints, id)),
            _ => None,
        },
        _ if host == "reddit.com" || host.ends_with(".reddit.com") => reddit_path(&segments, endpoints),
        _ => None,
    };
    by_host.or_else(|| {
        let (base, path) = endpoints.path_under(url.as_str())?;
        let path = path.split(['?', '#']).next().unwrap_or_default();
        let segments: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
        match base {
            Base::HnSearch => hn_search_path(&segments, endpoints),
            Base::HnItems => hn_items_path(&segments, endpoints),
            Base::Lobsters => lobsters_path(&segments, endpoints),
            Base::Reddit => reddit_path(&segments, endpoints),
        }
    })
}

/// `api/v1/items/<id>` on Algolia's host, `items/<id>` under a configured base.
fn hn_search_path(segments: &[&str], endpoints: &Endpoints) -> Option<ApiRequest> {
    match segments {
        ["api", "v1", "items", id] | ["items", id] => numeric(id).map(|id| hn_tree(endpoints, id)),
        _ => None,
    }
}

fn hn_items_path(segments: &[&str], endpoints: &Endpoints) -> Option<ApiRequest> {
    match segments {
        ["item", file] => numeric(file.strip_suffix(".json").unwrap_or(file)).map(|id| ApiRequest {
            kind: ApiKind::HnFirebase,
            url: endpoints.hn_item(id),
        }),
        _ => None,
    }
}

fn lobsters_path(segments: &[&str], endpoints: &Endpoints) -> Option<ApiRequest> {
    match segments {
        ["s", id, ..] => short_id(id.strip_suffix(".json").unwrap_or(id)).map(|id| ApiRequest {
            kind: ApiKind::Lobsters,
            url: endpoints.lobsters_story(id),
        }),
        _ => None,
    }
}

fn reddit_path(segments: &[&str], endpoints: &Endpoints) -> Option<ApiRequest> {
    let at = segments.iter().position(|s| *s == "comments")?;
    let id = segments.get(at + 1)?;
    short_id(id.strip_suffix(".json").unwrap_or(id)).map(|id| reddit(endpoints, id))
}

fn hn_tree(endpoints: &Endpoints, id: &str) -> ApiRequest {
    ApiRequest {
        kind: ApiKind::HnAlgolia,
        url: endpoints.hn_item_tree(id),
    }
}

fn reddit(endpoints: &Endpoints, id: &str) -> ApiRequest {
    ApiRequest {
        kind: ApiKind::Reddit,
        url: endpoints.reddit_comments(id),
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
        api_request(&Url::parse(url).ok()?, &Endpoints::default()).map(|r| (r.kind, r.url))
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

    #[test]
    fn pages_map_to_configured_endpoints_and_urls_under_them_are_recognised() {
        let mirror = Endpoints::new(
            "http://127.0.0.1:9/algolia",
            "http://127.0.0.1:9/lobsters",
            "http://127.0.0.1:9/reddit",
            "http://127.0.0.1:9/firebase/v0",
        );
        let map = |url: &str| api_request(&Url::parse(url).ok()?, &mirror).map(|r| (r.kind, r.url));
        let tree = Some((
            ApiKind::HnAlgolia,
            "http://127.0.0.1:9/algolia/items/7".to_string(),
        ));
        assert_eq!(map("https://news.ycombinator.com/item?id=7"), tree);
        assert_eq!(map("http://127.0.0.1:9/algolia/items/7"), tree);
        assert_eq!(
            map("http://127.0.0.1:9/firebase/v0/item/7.json"),
            Some((
                ApiKind::HnFirebase,
                "http://127.0.0.1:9/firebase/v0/item/7.json".to_string()
            ))
        );
        let story = Some((
            ApiKind::Lobsters,
            "http://127.0.0.1:9/lobsters/s/ab1.json".to_string(),
        ));
        assert_eq!(map("https://lobste.rs/s/ab1/a_title"), story);
        assert_eq!(map("http://127.0.0.1:9/lobsters/s/ab1"), story);
        assert_eq!(
            map("http://127.0.0.1:9/reddit/r/rust/comments/x9/t/"),
            Some((
                ApiKind::Reddit,
                "http://127.0.0.1:9/reddit/comments/x9.json".to_string()
            ))
        );
        assert_eq!(map("http://127.0.0.1:9/elsewhere/items/7"), None);
    }
}
