//! Where the discussion sites' APIs live. The defaults are the sites themselves; the config's
//! `[discussions]` table (or a test) points them at a mirror or a loopback server. Every API URL
//! folio asks a discussion site for is built here, so one setting moves all of them.

/// The base URLs of the discussion APIs, without a trailing slash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoints {
    hn_search: String,
    lobsters: String,
    reddit: String,
    hn_items: String,
}

pub const DEFAULT_HN_SEARCH: &str = "https://hn.algolia.com/api/v1";
pub const DEFAULT_LOBSTERS: &str = "https://lobste.rs";
pub const DEFAULT_REDDIT: &str = "https://www.reddit.com";
pub const DEFAULT_HN_ITEMS: &str = "https://hacker-news.firebaseio.com/v0";

impl Default for Endpoints {
    fn default() -> Self {
        Endpoints::new(
            DEFAULT_HN_SEARCH,
            DEFAULT_LOBSTERS,
            DEFAULT_REDDIT,
            DEFAULT_HN_ITEMS,
        )
    }
}

impl Endpoints {
    /// Hacker News search and whole-thread API (Algolia), Lobsters, Reddit, and Hacker News's
    /// item API (Firebase).
    pub fn new(hn_search: &str, lobsters: &str, reddit: &str, hn_items: &str) -> Endpoints {
        let base = |url: &str| url.trim().trim_end_matches('/').to_string();
        Endpoints {
            hn_search: base(hn_search),
            lobsters: base(lobsters),
            reddit: base(reddit),
            hn_items: base(hn_items),
        }
    }

    pub fn hn_search(&self) -> &str {
        &self.hn_search
    }

    pub fn lobsters(&self) -> &str {
        &self.lobsters
    }

    pub fn reddit(&self) -> &str {
        &self.reddit
    }

    pub fn hn_items(&self) -> &str {
        &self.hn_items
    }

    /// An HN item's whole tree (Algolia `items/<id>`).
    pub fn hn_item_tree(&self, id: &str) -> String {
        format!("{}/items/{id}", self.hn_search)
    }

    /// One HN item (Firebase `item/<id>.json`).
    pub fn hn_item(&self, id: &str) -> String {
        format!("{}/item/{id}.json", self.hn_items)
    }

    /// A Lobsters story with its comments.
    pub fn lobsters_story(&self, short_id: &str) -> String {
        format!("{}/s/{short_id}.json", self.lobsters)
    }

    /// A Reddit post with its comments.
    pub fn reddit_comments(&self, id: &str) -> String {
        format!("{}/comments/{id}.json", self.reddit)
    }

    /// The path under a configured base that `url` names, with the base's site: how an API URL
    /// on a mirror is recognised, whatever its host.
    pub(super) fn path_under<'a>(&self, url: &'a str) -> Option<(Base, &'a str)> {
        [
            (Base::HnSearch, &self.hn_search),
            (Base::HnItems, &self.hn_items),
            (Base::Lobsters, &self.lobsters),
            (Base::Reddit, &self.reddit),
        ]
        .into_iter()
        .find_map(|(base, prefix)| {
            let rest = url.strip_prefix(prefix.as_str())?;
            (rest.starts_with('/')).then_some((base, rest))
        })
    }
}

/// Which configured base a URL is under.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Base {
    HnSearch,
    HnItems,
    Lobsters,
    Reddit,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bases_lose_their_trailing_slash_and_build_every_api_url() {
        let endpoints = Endpoints::new(
            "http://127.0.0.1:9/algolia/",
            "http://127.0.0.1:9/lobsters",
            " http://127.0.0.1:9/reddit// ",
            "http://127.0.0.1:9/fb/v0/",
        );
        assert_eq!(endpoints.hn_item_tree("1"), "http://127.0.0.1:9/algolia/items/1");
        assert_eq!(endpoints.hn_item("1"), "http://127.0.0.1:9/fb/v0/item/1.json");
        assert_eq!(
            endpoints.lobsters_story("ab"),
            "http://127.0.0.1:9/lobsters/s/ab.json"
        );
        assert_eq!(
            endpoints.reddit_comments("x1"),
            "http://127.0.0.1:9/reddit/comments/x1.json"
        );
        assert_eq!(
            endpoints.path_under("http://127.0.0.1:9/lobsters/s/ab.json"),
            Some((Base::Lobsters, "/s/ab.json"))
        );
        assert_eq!(endpoints.path_under("http://127.0.0.1:9/lobstersx/s/ab"), None);
        let defaults = Endpoints::default();
        assert_eq!(
            defaults.hn_item_tree("8863"),
            "https://hn.algolia.com/api/v1/items/8863"
        );
        assert_eq!(
            defaults.hn_item("8863"),
            "https://hacker-news.firebaseio.com/v0/item/8863.json"
        );
    }
}
