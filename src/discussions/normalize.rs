//! One address per article: two URLs that differ only in scheme, a `www.`, a trailing slash, a
//! fragment, the order of their parameters, or parameters that only say where a reader came from
//! (`utm_*`, `fbclid`...) name the same article. Sites are asked about the cleaned address and
//! their answers are matched on the normalised key.

use url::Url;

/// An article's address, normalised for asking and matching.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ArticleUrl {
    /// The address to ask with: the URL as given, without tracking parameters or fragment.
    pub cleaned: String,
    /// What two addresses of the same article share: host without `www.` (and port when not the
    /// scheme's), path without a trailing slash, the remaining parameters sorted; no scheme.
    pub key: String,
}

/// Parameters that say how a reader arrived, never which page they asked for. (`ref` is not one:
/// sites use it for content, such as a branch on a code host.)
const TRACKING_EXACT: &[&str] = &[
    "fbclid",
    "gclid",
    "gclsrc",
    "dclid",
    "msclkid",
    "yclid",
    "twclid",
    "igshid",
    "mc_cid",
    "mc_eid",
    "_hsenc",
    "_hsmi",
    "mkt_tok",
    "ref_src",
    "ref_url",
    "oly_anon_id",
    "oly_enc_id",
    "vero_id",
    "wt_mc",
    "__twitter_impression",
];

fn is_tracking(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.starts_with("utm_") || TRACKING_EXACT.contains(&lower.as_str())
}

impl ArticleUrl {
    /// An http(s) address; `None` for anything else (a file, a `mailto:`, text).
    pub fn parse(address: &str) -> Option<ArticleUrl> {
        let mut url = Url::parse(address.trim()).ok()?;
        if !matches!(url.scheme(), "http" | "https") {
            return None;
        }
        let host = url.host_str()?.to_ascii_lowercase();
        url.set_fragment(None);
        let kept: Vec<(String, String)> = url
            .query_pairs()
            .filter(|(name, _)| !is_tracking(name))
            .map(|(name, value)| (name.into_owned(), value.into_owned()))
            .collect();
        if kept.is_empty() {
            url.set_query(None);
        } else {
            url.query_pairs_mut().clear().extend_pairs(&kept);
        }
        let host = host.strip_prefix("www.").unwrap_or(&host);
        let port = url.port().map(|p| format!(":{p}")).unwrap_or_default();
        let path = url.path().trim_end_matches('/');
        let mut sorted = kept;
        sorted.sort();
        let query = if sorted.is_empty() {
            String::new()
        } else {
            let mut pairs = url::form_urlencoded::Serializer::new(String::from("?"));
            pairs.extend_pairs(&sorted);
            pairs.finish()
        };
        Some(ArticleUrl {
            cleaned: url.to_string(),
            key: format!("{host}{port}{path}{query}"),
        })
    }

    /// Whether `other` (an address a site gave) names this article.
    pub fn matches(&self, other: &str) -> bool {
        ArticleUrl::parse(other).is_some_and(|other| other.key == self.key)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn key(address: &str) -> String {
        ArticleUrl::parse(address).map(|a| a.key).unwrap_or_default()
    }

    #[test]
    fn scheme_www_slash_fragment_order_and_tracking_do_not_matter() {
        let same = [
            "https://blog.example/posts/rollouts",
            "http://www.blog.example/posts/rollouts/",
            "https://BLOG.example/posts/rollouts#comments",
            "https://blog.example/posts/rollouts?utm_source=hn&utm_medium=social",
            "https://blog.example/posts/rollouts/?fbclid=abc&UTM_Campaign=x",
        ];
        for address in same {
            assert_eq!(key(address), "blog.example/posts/rollouts", "{address}");
        }
        assert_eq!(
            key("https://e.example/a?b=2&a=1"),
            key("https://e.example/a?a=1&b=2")
        );
        assert_eq!(key("https://e.example/"), "e.example");
        assert_eq!(key("https://e.example:8443/x"), "e.example:8443/x");
    }

    #[test]
    fn what_names_another_page_is_kept() {
        assert_ne!(key("https://e.example/a?id=1"), key("https://e.example/a?id=2"));
        assert_ne!(key("https://e.example/a"), key("https://e.example/a/b"));
        assert_ne!(
            key("https://code.example/r?ref=main"),
            key("https://code.example/r")
        );
        assert_ne!(
            key("https://e.example/A"),
            key("https://e.example/a"),
            "paths are case-sensitive"
        );
        assert!(ArticleUrl::parse("mailto:someone@e.example").is_none());
        assert!(ArticleUrl::parse("not a url").is_none());
    }

    #[test]
    fn the_cleaned_address_keeps_the_scheme_host_and_slash_but_not_the_tracking() {
        let url = ArticleUrl::parse("http://www.e.example/a/?x=1&utm_source=rss#top").unwrap();
        assert_eq!(url.cleaned, "http://www.e.example/a/?x=1");
        let plain = ArticleUrl::parse("https://e.example/a?utm_source=rss").map(|u| u.cleaned);
        assert_eq!(plain.as_deref(), Some("https://e.example/a"));
        assert!(url.matches("https://e.example/a?x=1"));
        assert!(!url.matches("https://e.example/a?x=2"));
    }
}
