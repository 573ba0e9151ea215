//! The discussion sites' front pages as feeds: `hn:top` (`best`, `new`, `ask`, `show`),
//! `lobsters:hottest`, `lobsters:t/TAG` and `reddit:r/NAME` name them; their APIs' answers become
//! feed items whose link is the article and whose comments link is the discussion, so the reader
//! opens both. Pure: [`super::front_page_fetch`] does the asking.

use serde_json::Value;

use super::answers::{self, LookupError, count};
use crate::comments::Endpoints;
use crate::comments::api::hn;
use crate::comments::api::json::{self, array_field, bool_field, int_field, str_field};
use crate::feed::{ParsedFeed, ParsedItem};

/// How many stories of an HN list become items (the list holds up to 500 ids; its front page
/// shows 30).
pub const HN_STORIES: usize = 30;

/// Which of Hacker News's lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HnList {
    Top,
    Best,
    New,
    Ask,
    Show,
}

const HN_LISTS: [(HnList, &str); 5] = [
    (HnList::Top, "top"),
    (HnList::Best, "best"),
    (HnList::New, "new"),
    (HnList::Ask, "ask"),
    (HnList::Show, "show"),
];

/// A front page folio follows as a feed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FrontPage {
    Hn(HnList),
    LobstersHottest,
    LobstersTag(String),
    Reddit(String),
}

impl FrontPage {
    /// The front page an address names: `None` when the address is not of this form at all (a
    /// web address, say), an error naming the choices when it is but names no page (the caller
    /// names the address).
    pub fn parse(address: &str) -> Option<Result<FrontPage, String>> {
        let (scheme, rest) = address.trim().split_once(':')?;
        let page = match scheme.to_ascii_lowercase().as_str() {
            "hn" => HN_LISTS
                .iter()
                .find(|(_, name)| name.eq_ignore_ascii_case(rest))
                .map(|(list, _)| FrontPage::Hn(*list))
                .ok_or("use hn:top, hn:best, hn:new, hn:ask or hn:show"),
            "lobsters" => match rest.strip_prefix("t/") {
                _ if rest.eq_ignore_ascii_case("hottest") => Ok(FrontPage::LobstersHottest),
                Some(tag) if is_name(tag) => Ok(FrontPage::LobstersTag(tag.to_ascii_lowercase())),
                _ => Err("use lobsters:hottest or lobsters:t/TAG"),
            },
            "reddit" => match rest.strip_prefix("r/") {
                Some(name) if is_name(name) => Ok(FrontPage::Reddit(name.to_string())),
                _ => Err("use reddit:r/NAME"),
            },
            _ => return None,
        };
        Some(page.map_err(|choices| format!("not a front page: {choices}")))
    }

    /// The address it is subscribed under (`hn:top`).
    pub fn address(&self) -> String {
        match self {
            FrontPage::Hn(list) => format!("hn:{}", hn_list_name(*list)),
            FrontPage::LobstersHottest => "lobsters:hottest".into(),
            FrontPage::LobstersTag(tag) => format!("lobsters:t/{tag}"),
            FrontPage::Reddit(name) => format!("reddit:r/{name}"),
        }
    }

    /// The feed's title.
    pub fn title(&self) -> String {
        match self {
            FrontPage::Hn(list) => format!("Hacker News: {}", hn_list_name(*list)),
            FrontPage::LobstersHottest => "Lobsters: hottest".into(),
            FrontPage::LobstersTag(tag) => format!("Lobsters: {tag}"),
            FrontPage::Reddit(name) => format!("r/{name}"),
        }
    }

    /// The page a browser shows.
    pub fn site_url(&self) -> String {
        match self {
            FrontPage::Hn(HnList::Top) => "https://news.ycombinator.com/".into(),
            FrontPage::Hn(list) => format!("https://news.ycombinator.com/{}", hn_list_name(*list)),
            FrontPage::LobstersHottest => "https://lobste.rs/".into(),
            FrontPage::LobstersTag(tag) => format!("https://lobste.rs/t/{tag}"),
            FrontPage::Reddit(name) => format!("https://www.reddit.com/r/{name}/"),
        }
    }

    /// The API answer to fetch (for HN, the list of ids; each story is fetched after).
    pub fn api_url(&self, endpoints: &Endpoints) -> String {
        match self {
            FrontPage::Hn(list) => format!("{}/{}stories.json", endpoints.hn_items(), hn_list_name(*list)),
            FrontPage::LobstersHottest => format!("{}/hottest.json", endpoints.lobsters()),
            FrontPage::LobstersTag(tag) => format!("{}/t/{tag}.json", endpoints.lobsters()),
            FrontPage::Reddit(name) => format!("{}/r/{name}/hot.json", endpoints.reddit()),
        }
    }

    /// The feed made of the stories.
    pub fn feed(&self, items: Vec<ParsedItem>) -> ParsedFeed {
        ParsedFeed {
            title: Some(self.title()),
            site_url: Some(self.site_url()),
            items,
            publisher_interval: None,
        }
    }
}

fn hn_list_name(list: HnList) -> &'static str {
    HN_LISTS
        .iter()
        .find(|(l, _)| *l == list)
        .map_or("top", |(_, name)| name)
}

/// A tag or subreddit name: letters, digits, `_`, `-`, `+`, short. Nothing that could climb a path.
fn is_name(name: &str) -> bool {
    (1..=64).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'+'))
}

/// An HN list: the story ids in rank order (the first [`HN_STORIES`]).
pub fn hn_ids(bytes: &[u8]) -> Result<Vec<u64>, LookupError> {
    let parsed = answers::parse(bytes)?;
    let ids = parsed
        .0
        .as_array()
        .ok_or(LookupError::Shape("an HN list is an array of ids"))?;
    Ok(ids.iter().filter_map(Value::as_u64).take(HN_STORIES).collect())
}

/// One HN story (a Firebase item) as a feed item; `None` for a dead, deleted or non-story item.
pub fn hn_story(bytes: &[u8]) -> Result<Option<ParsedItem>, LookupError> {
    let parsed = answers::parse(bytes)?;
    let item = &parsed.0;
    let Some(id) = json::id_field(item, "id") else {
        return Ok(None);
    };
    let kind = str_field(item, "type").unwrap_or("story");
    if bool_field(item, "dead") || bool_field(item, "deleted") || !matches!(kind, "story" | "job" | "poll") {
        return Ok(None);
    }
    let page = hn::item_page(&id);
    Ok(Some(ParsedItem {
        identity: page.clone(),
        link: Some(str_field(item, "url").map_or_else(|| page.clone(), str::to_string)),
        title: str_field(item, "title").map(str::to_string),
        author: str_field(item, "by").map(str::to_string),
        published: int_field(item, "time").and_then(answers::from_unix),
        content: str_field(item, "text").map(str::to_string),
        comments_url: Some(page),
        comment_count: count_u32(item, "descendants"),
        ..ParsedItem::default()
    }))
}

/// A Lobsters list (`hottest.json`, `t/TAG.json`): stories as feed items.
pub fn lobsters_stories(bytes: &[u8]) -> Result<Vec<ParsedItem>, LookupError> {
    let parsed = answers::parse(bytes)?;
    let stories = parsed
        .0
        .as_array()
        .ok_or(LookupError::Shape("a Lobsters page is a list of stories"))?;
    Ok(stories
        .iter()
        .filter_map(|story| {
            let discussion = answers::lobsters_story(story)?;
            let link = str_field(story, "url").filter(|u| !u.is_empty());
            Some(ParsedItem {
                identity: discussion.url.clone(),
                link: Some(link.map_or_else(|| discussion.url.clone(), str::to_string)),
                title: Some(discussion.title.clone()),
                author: user(story.get("submitter_user")),
                published: discussion.created,
                content: str_field(story, "description")
                    .filter(|d| !d.is_empty())
                    .map(str::to_string),
                comments_url: Some(discussion.url),
                comment_count: count_u32(story, "comment_count"),
                ..ParsedItem::default()
            })
        })
        .collect())
}

/// A subreddit's listing (`r/NAME/hot.json`): posts as feed items (self posts link to themselves).
pub fn reddit_posts(bytes: &[u8]) -> Result<Vec<ParsedItem>, LookupError> {
    let parsed = answers::parse(bytes)?;
    let children = parsed
        .0
        .get("data")
        .map(|data| array_field(data, "children"))
        .filter(|children| !children.is_empty() || parsed.0.get("kind").is_some())
        .ok_or(LookupError::Shape("a subreddit page is a listing"))?;
    Ok(answers::reddit_posts(children)
        .filter_map(|post| {
            let discussion = answers::reddit_post(post)?;
            let is_self = bool_field(post, "is_self");
            let link = str_field(post, "url")
                .filter(|_| !is_self)
                .map(crate::comments::api::reddit::unescape);
            let selftext = str_field(post, "selftext_html").map(crate::comments::api::reddit::unescape);
            Some(ParsedItem {
                identity: discussion.url.clone(),
                link: Some(link.unwrap_or_else(|| discussion.url.clone())),
                title: Some(discussion.title.clone()),
                author: str_field(post, "author").map(str::to_string),
                published: discussion.created,
                content: selftext,
                comments_url: Some(discussion.url),
                comment_count: count_u32(post, "num_comments"),
                ..ParsedItem::default()
            })
        })
        .collect())
}

fn count_u32(value: &Value, key: &str) -> Option<u32> {
    count(value, key).map(|n| u32::try_from(n).unwrap_or(u32::MAX))
}

/// `"name"` or `{"username": "name"}`.
fn user(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::String(name) => Some(name.clone()),
        object @ Value::Object(_) => str_field(object, "username").map(str::to_string),
        _ => None,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn addresses_name_front_pages_and_wrong_ones_say_the_choices() {
        let page = |a: &str| FrontPage::parse(a).map(|r| r.map(|p| p.address()));
        assert_eq!(page("hn:top"), Some(Ok("hn:top".into())));
        assert_eq!(page("HN:Show"), Some(Ok("hn:show".into())));
        assert_eq!(page("lobsters:hottest"), Some(Ok("lobsters:hottest".into())));
        assert_eq!(page("lobsters:t/Rust"), Some(Ok("lobsters:t/rust".into())));
        assert_eq!(page("reddit:r/rust"), Some(Ok("reddit:r/rust".into())));
        assert_eq!(page("https://news.ycombinator.com/"), None);
        assert_eq!(page("example.org"), None);
        let err = page("hn:jobs").unwrap().unwrap_err();
        assert_eq!(
            err,
            "not a front page: use hn:top, hn:best, hn:new, hn:ask or hn:show"
        );
        assert!(page("reddit:r/../../x").unwrap().is_err());
        assert!(page("lobsters:t/").unwrap().is_err());
    }

    #[test]
    fn api_urls_follow_the_endpoints() {
        let endpoints = Endpoints::new("http://h/a", "http://h/l", "http://h/r", "http://h/f/v0");
        let url = |a: &str| FrontPage::parse(a).unwrap().unwrap().api_url(&endpoints);
        assert_eq!(url("hn:best"), "http://h/f/v0/beststories.json");
        assert_eq!(url("lobsters:hottest"), "http://h/l/hottest.json");
        assert_eq!(url("lobsters:t/rust"), "http://h/l/t/rust.json");
        assert_eq!(url("reddit:r/rust"), "http://h/r/r/rust/hot.json");
    }

    #[test]
    fn stories_become_items_with_their_discussion_attached() {
        let story = br#"{"by":"pg","descendants":71,"id":8863,"kids":[1],"score":111,"time":1175714200,
            "title":"My YC app","type":"story","url":"http://www.getdropbox.com/u/2/screencast.html"}"#;
        let item = hn_story(story).unwrap().unwrap();
        assert_eq!(
            item.link.as_deref(),
            Some("http://www.getdropbox.com/u/2/screencast.html")
        );
        assert_eq!(
            item.comments_url.as_deref(),
            Some("https://news.ycombinator.com/item?id=8863")
        );
        assert_eq!(item.comment_count, Some(71));
        let ask = br#"{"id":5,"type":"story","title":"Ask HN: x","text":"<p>why</p>","time":1}"#;
        let ask = hn_story(ask).unwrap().unwrap();
        assert_eq!(ask.link, ask.comments_url, "a text post links to its discussion");
        assert!(hn_story(br#"{"id":6,"type":"comment"}"#).unwrap().is_none());
        assert!(hn_story(br#"{"id":7,"dead":true}"#).unwrap().is_none());
        assert_eq!(hn_ids(b"[3, 2, \"x\", 1]").unwrap(), vec![3, 2, 1]);
        assert!(hn_ids(b"<html>").is_err());

        let reddit = br#"{"kind":"Listing","data":{"children":[
            {"kind":"t3","data":{"id":"p1","title":"Self &amp; post","is_self":true,"url":"https://www.reddit.com/r/rust/comments/p1/self/",
             "permalink":"/r/rust/comments/p1/self/","num_comments":3,"subreddit":"rust","selftext_html":"&lt;p&gt;hi&lt;/p&gt;"}},
            {"kind":"t3","data":{"id":"p2","title":"Link","url":"https://blog.example/a?x=1&amp;y=2",
             "permalink":"/r/rust/comments/p2/link/","num_comments":9,"subreddit":"rust"}}]}}"#;
        let items = reddit_posts(reddit).unwrap();
        assert_eq!(items[0].title.as_deref(), Some("Self & post"));
        assert_eq!(items[0].link, items[0].comments_url);
        assert_eq!(items[0].content.as_deref(), Some("<p>hi</p>"));
        assert_eq!(items[1].link.as_deref(), Some("https://blog.example/a?x=1&y=2"));
        assert_eq!(
            items[1].comments_url.as_deref(),
            Some("https://www.reddit.com/r/rust/comments/p2/link/")
        );
        assert!(reddit_posts(b"[]").is_err());
    }
}
