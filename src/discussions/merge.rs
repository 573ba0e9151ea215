//! One list of discussions from what every source found: duplicates merged (the feed's comments
//! link is often the very Hacker News thread the search found), the most commented first, and
//! the list cut to what a reader looks at, saying how many there were.

use std::collections::HashMap;

use url::Url;

use super::normalize::ArticleUrl;
use super::{DiscussionLink, Site};
use crate::comments::{self, ApiKind, Endpoints};

/// The most discussions shown for one article; the rest are counted.
pub const SHOWN: usize = 20;

/// The discussions of an article, merged and ordered, and the sites that could not say.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Findings {
    /// At most [`SHOWN`], the most commented first.
    pub discussions: Vec<DiscussionLink>,
    /// How many discussions there were before the list was cut.
    pub total: usize,
    /// Sites that failed or asked to be left alone: each reported, none blocking the others.
    pub failures: Vec<super::SiteFailure>,
}

impl Findings {
    /// Every comment counted across the discussions shown.
    pub fn total_comments(&self) -> u64 {
        self.discussions.iter().filter_map(|d| d.comments).sum()
    }
}

/// Merges duplicates (the same thread named twice, by its page or its API address) and orders
/// the rest: most comments first, then most points, then by site.
pub fn merge(found: impl IntoIterator<Item = DiscussionLink>) -> Vec<DiscussionLink> {
    let mut merged: Vec<DiscussionLink> = Vec::new();
    let mut by_identity: HashMap<String, usize> = HashMap::new();
    for mut link in found {
        let (identity, site) = identity(&link.url);
        if link.site == Site::Feed {
            // A feed's comments link into a discussion site is that site's discussion.
            link.site = site.unwrap_or(Site::Feed);
        }
        match by_identity.get(&identity) {
            Some(&at) => absorb(&mut merged[at], link),
            None => {
                by_identity.insert(identity, merged.len());
                merged.push(link);
            }
        }
    }
    merged.sort_by(|a, b| {
        (b.comments, b.points)
            .cmp(&(a.comments, a.points))
            .then(a.site.cmp(&b.site))
            .then(a.url.cmp(&b.url))
    });
    merged
}

/// The discussion a URL names whatever its form: a discussion site's thread by its API address
/// (page or API URL, any host alias), another page by its normalised address.
fn identity(url: &str) -> (String, Option<Site>) {
    let parsed = Url::parse(url).ok();
    if let Some(request) = parsed
        .as_ref()
        .and_then(|u| comments::api_request(u, &Endpoints::default()))
    {
        let site = match request.kind {
            ApiKind::HnAlgolia | ApiKind::HnFirebase => Site::Hn,
            ApiKind::Lobsters => Site::Lobsters,
            ApiKind::Reddit => Site::Reddit,
        };
        let id = request.url.rsplit('/').next().unwrap_or_default();
        let id = id.strip_suffix(".json").unwrap_or(id);
        return (format!("{}:{id}", site.name()), Some(site));
    }
    let key = ArticleUrl::parse(url).map_or_else(|| url.to_string(), |a| a.key);
    (key, None)
}

/// Keeps the site's own listing and fills in what it lacks from the duplicate.
fn absorb(kept: &mut DiscussionLink, other: DiscussionLink) {
    // The site's own listing first, then the page's thread, then the feed's link.
    let rank = |site: Site| match site {
        Site::Hn | Site::Lobsters | Site::Reddit => 0,
        Site::Page => 1,
        Site::Feed => 2,
    };
    let (mut base, extra) = if rank(other.site) < rank(kept.site) {
        (other, kept.clone())
    } else {
        (kept.clone(), other)
    };
    base.comments = base.comments.max(extra.comments);
    base.points = base.points.or(extra.points);
    base.created = base.created.or(extra.created);
    base.place = base.place.or(extra.place);
    if base.title.is_empty() {
        base.title = extra.title;
    }
    *kept = base;
}

/// The first [`SHOWN`] of `merged`, with how many there were.
pub fn top(merged: Vec<DiscussionLink>) -> (Vec<DiscussionLink>, usize) {
    let total = merged.len();
    let mut shown = merged;
    shown.truncate(SHOWN);
    (shown, total)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link(site: Site, url: &str, comments: Option<u64>) -> DiscussionLink {
        DiscussionLink {
            site,
            url: url.into(),
            title: String::new(),
            comments,
            points: None,
            created: None,
            place: None,
        }
    }

    #[test]
    fn the_feeds_link_to_a_thread_the_search_found_is_one_discussion() {
        let mut hn = link(Site::Hn, "https://news.ycombinator.com/item?id=8863", Some(120));
        hn.title = "Rollouts".into();
        let merged = merge([
            link(Site::Feed, "https://news.ycombinator.com/item?id=8863", Some(118)),
            link(Site::Lobsters, "https://lobste.rs/s/abc123", Some(41)),
            hn,
            link(
                Site::Reddit,
                "https://old.reddit.com/r/rust/comments/1x2y3z/t/",
                Some(88),
            ),
            link(
                Site::Reddit,
                "https://www.reddit.com/r/rust/comments/1x2y3z/t/",
                None,
            ),
            link(Site::Page, "https://blog.example/rollouts", Some(14)),
            link(Site::Feed, "https://blog.example/rollouts/#comments", None),
        ]);
        let shape: Vec<(Site, Option<u64>)> = merged.iter().map(|d| (d.site, d.comments)).collect();
        assert_eq!(
            shape,
            vec![
                (Site::Hn, Some(120)),
                (Site::Reddit, Some(88)),
                (Site::Lobsters, Some(41)),
                (Site::Page, Some(14)),
            ]
        );
        assert_eq!(merged[0].title, "Rollouts");
    }

    #[test]
    fn a_feed_link_into_a_site_counts_as_that_site_and_unknown_counts_go_last() {
        let merged = merge([
            link(Site::Feed, "https://lobste.rs/s/zz9", None),
            link(Site::Hn, "https://news.ycombinator.com/item?id=1", Some(0)),
        ]);
        assert_eq!(merged[0].site, Site::Hn);
        assert_eq!(merged[1].site, Site::Lobsters);
    }

    #[test]
    fn only_the_top_twenty_are_kept_and_the_total_is_said() {
        let many = (0..200).map(|i| {
            link(
                Site::Reddit,
                &format!("https://www.reddit.com/r/s{i}/comments/p{i}/t/"),
                Some(i),
            )
        });
        let (shown, total) = top(merge(many));
        assert_eq!((shown.len(), total), (SHOWN, 200));
        assert_eq!(shown[0].comments, Some(199));
    }
}
