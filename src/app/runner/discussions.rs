//! The runner's part in finding an article's discussions: every site asked at once, the page's
//! own thread and the feed's comments link, each answer reported as it arrives; and one
//! discussion's thread loaded (or fetched again) by its address.

use tokio::sync::mpsc::UnboundedSender;
use url::Url;

use super::{Runner, laid_out};
use crate::app::{Action, Load};
use crate::comments;
use crate::discussions::{ArticleUrl, DiscussionLink, Finder, Site};
use crate::reader::feed_discussion;
use crate::sanitize::single_line;
use crate::store::FeedDiscussion;

impl Runner {
    /// Asks about the item's article; each source's answer is an action, then one says all are in.
    pub(super) fn find_discussions(&self, item_id: i64, reply: &UnboundedSender<Action>) {
        let reader = self.reader.clone();
        let finder = Finder {
            fetcher: reader.fetcher.clone(),
            endpoints: reader.endpoints.clone(),
            store: reader.store.clone(),
            max_age: self.discussion_max_age,
        };
        let reply = reply.clone();
        tokio::spawn(async move {
            let send = |found: Vec<DiscussionLink>, failure: Option<String>| {
                let _ = reply.send(Action::DiscussionsFound {
                    item_id,
                    found,
                    failure,
                });
            };
            let item = reader.store.run(move |s| s.item(item_id)).await;
            let Ok(Some(item)) = item else {
                let _ = reply.send(Action::DiscussionsDone { item_id });
                return;
            };
            let row = item.row;
            let link = row.link.clone();
            // A link into a discussion site (a text post) is that discussion, not an article.
            let link_is_a_discussion = (link.as_deref())
                .and_then(|l| Url::parse(l).ok())
                .is_some_and(|l| comments::api_request(&l, &reader.endpoints).is_some());
            let mut own_links: Vec<String> = Vec::new();
            own_links.extend(row.comments_url.clone().filter(|c| Some(c) != link.as_ref()));
            own_links.extend(
                link.clone()
                    .filter(|l| link_is_a_discussion && !own_links.contains(l)),
            );
            let own: Vec<DiscussionLink> = (own_links.into_iter())
                .map(|comments_url| {
                    feed_discussion(&FeedDiscussion {
                        item_title: row.title.clone(),
                        comments_url,
                        comment_count: row.comment_count,
                        published: row.published,
                    })
                })
                .collect();
            if !own.is_empty() {
                send(own, None);
            }
            let article = (!link_is_a_discussion)
                .then(|| link.as_deref().and_then(ArticleUrl::parse))
                .flatten();
            if let (Some(article), Some(link)) = (article, link) {
                let sites = finder.ask_all(&article, |(_, answer)| match answer {
                    Ok(found) => send(found.clone(), None),
                    Err(failure) => send(Vec::new(), Some(single_line(&failure.to_string()))),
                });
                let page = async {
                    match reader.page_discussion(&link).await {
                        Ok(Some((found, thread))) => {
                            // Kept as that discussion's thread: opening it shows it at once.
                            let (key, json) = (found.url.clone(), comments::cache::to_json(&thread));
                            let _ = reader.store.run(move |s| s.put_thread(&key, &json)).await;
                            send(vec![found], None);
                        }
                        Ok(None) => {}
                        Err(error) => send(
                            Vec::new(),
                            Some(single_line(&format!("{}: {error}", Site::Page.title()))),
                        ),
                    }
                };
                futures::join!(sites, page);
            }
            let _ = reply.send(Action::DiscussionsDone { item_id });
        });
    }

    /// One discussion's thread: from the cache unless `live`, else fetched.
    pub(super) fn load_discussion(
        &self,
        item_id: i64,
        url: String,
        live: bool,
        reply: &UnboundedSender<Action>,
    ) {
        let reader = self.reader.clone();
        let reply = reply.clone();
        self.track(Load::discussion(item_id, &url), async move {
            let progress = |stage: &str| {
                let _ = reply.send(Action::DiscussionProgress {
                    item_id,
                    url: url.clone(),
                    stage: stage.to_string(),
                });
            };
            let result = laid_out(reader.discussion_thread(&url, live, &progress).await);
            let action = if live {
                Action::DiscussionRefreshed { item_id, url, result }
            } else {
                Action::DiscussionLoaded { item_id, url, result }
            };
            let _ = reply.send(action);
        });
    }
}
