//! The reader's side: `c` asks every site through the real runner (loopback sites, a real
//! database), the chooser lists what comes, `Enter` reads one, `Tab` switches and each
//! discussion keeps its focus and folds, the item list shows the total, and comments new since
//! the last visit are marked per discussion.

use std::time::Duration;

use folio::app::model::{ItemEntry, ItemSource};
use folio::app::runner::Runner;
use folio::app::{Action, App, Effect, EffectRunner, Screen};
use folio::comments::Endpoints;
use folio::config::{Command, ThreadLayout};
use folio::fetch::{FetchLimits, Fetcher};
use folio::store::{Store, StoreHandle};
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};

use super::{World, fixture, json};

/// The article's page without a thread, and `sites` knowing of no discussion of it.
fn undiscussed(world: &World, sites: &[&folio::serve::StaticServer]) {
    let page = "<html><head><title>x</title></head><body><p>No comments.</p></body></html>";
    world
        .article_site
        .set_route("/rollouts", folio::serve::Route::content(page, "text/html"));
    for site in sites {
        site.set_route("/api/v1/search", json(r#"{"hits": []}"#));
        site.set_route("/stories/url/all.json", json("[]"));
        site.set_route(
            "/api/info.json",
            json(r#"{"kind": "Listing", "data": {"children": []}}"#),
        );
    }
}

struct Reader {
    app: App,
    runner: Runner,
    reply: UnboundedSender<Action>,
    actions: UnboundedReceiver<Action>,
}

impl Reader {
    fn new(world: &World, item_id: i64) -> Reader {
        let store = StoreHandle::spawn(Store::open(&world.db).unwrap()).unwrap();
        let fetcher = Fetcher::new(FetchLimits {
            timeout: Duration::from_secs(5),
            ..FetchLimits::default()
        })
        .unwrap();
        let endpoints = Endpoints::new(
            &world.hn.url("/api/v1"),
            &world.lobsters.url(""),
            &world.reddit.url(""),
            &world.hn.url("/v0"),
        );
        let runner =
            Runner::new(store, fetcher, Default::default(), world.db.clone()).with_endpoints(endpoints);
        let (reply, actions) = unbounded_channel();
        let mut app = App::new(100, 30).with_thread_layout(ThreadLayout::Inline);
        app.update(Action::Command(Command::Open)); // "All unread"
        app.update(Action::ItemsLoaded {
            source: ItemSource::AllUnread,
            items: vec![ItemEntry {
                id: item_id,
                feed_id: 1,
                feed_title: "A feed".into(),
                title: "Incremental rollouts".into(),
                link: Some(world.article()),
                published: None,
                read: false,
                starred: false,
                comments: Some(300),
                media: None,
            }],
        });
        Reader {
            app,
            runner,
            reply,
            actions,
        }
    }

    /// Gives the app a command and runs what it asks until nothing is left in flight.
    async fn press(&mut self, command: Command) {
        let effects = self.app.update(Action::Command(command));
        self.settle(effects).await;
    }

    async fn settle(&mut self, mut effects: Vec<Effect>) {
        let mut in_flight = 0;
        loop {
            for effect in effects.drain(..) {
                // Stopping a load answers nothing.
                if !matches!(effect, Effect::StopLoading(_)) {
                    in_flight += 1;
                }
                self.runner.run(effect, &self.reply);
            }
            // Finding and thread loads report along the way; each effect ends with one action.
            if in_flight == 0 {
                return;
            }
            let action = tokio::time::timeout(Duration::from_secs(10), self.actions.recv())
                .await
                .unwrap()
                .unwrap();
            if !matches!(
                action,
                Action::DiscussionsFound { .. }
                    | Action::ThreadProgress { .. }
                    | Action::DiscussionProgress { .. }
            ) {
                in_flight -= 1;
            }
            effects = self.app.update(action);
        }
    }

    fn pane(&self) -> &folio::app::thread::ThreadPane {
        self.app.thread.as_ref().unwrap()
    }

    /// The authors on screen, `*` after the new ones.
    fn authors(&self) -> Vec<String> {
        let doc = self.pane().doc.as_ref().unwrap();
        (doc.view.rows().iter())
            .map(|row| {
                let comment = &doc.comments[row.node];
                format!("{}{}", comment.author, if comment.is_new { "*" } else { "" })
            })
            .collect()
    }

    fn source(&self) -> String {
        self.pane()
            .doc
            .as_ref()
            .map(|d| d.source.clone())
            .unwrap_or_default()
    }
}

#[test]
fn c_finds_every_discussion_tab_switches_and_each_keeps_its_place() {
    let world = World::new();
    let item_id = world.feed_item(Some("https://news.ycombinator.com/item?id=8863"), Some(300));
    tokio::runtime::Runtime::new().unwrap().block_on(async {
        let mut reader = Reader::new(&world, item_id);
        reader.press(Command::Comments).await;
        assert_eq!(reader.app.screen, Screen::Thread);
        let discussions = &reader.pane().discussions;
        let labels: Vec<String> = discussions.found.iter().map(|d| d.label()).collect();
        assert_eq!(
            labels,
            ["HN", "r/programming", "this page", "Lobsters", "r/devops"]
        );
        assert!(discussions.chooser.is_some() && !discussions.finding);
        // The item list counts every discussion's comments now.
        let total = 312 + 40 + 10 + 7 + 3;
        assert_eq!(
            reader.app.items.as_ref().unwrap().entries[0].comments,
            Some(total)
        );

        reader.press(Command::ToggleFold).await; // Enter: the first, HN
        assert_eq!(reader.source(), "Hacker News");
        assert!(reader.pane().discussions.chooser.is_none());
        assert_eq!(reader.authors()[0], "mtr");
        reader.press(Command::Down).await;
        reader.press(Command::Down).await;
        reader.press(Command::ToggleFold).await;
        let hn_view = reader.authors();
        let hn_focus = reader.pane().cursor.selected;

        reader.press(Command::NextDiscussion).await; // r/programming
        assert_eq!(reader.source(), "Reddit");
        assert_eq!(reader.authors()[0], "ossi");
        reader.press(Command::NextDiscussion).await; // the page's own thread
        assert_eq!(reader.source(), "WordPress");
        assert_eq!(reader.authors()[0], "Ines Moreau");
        let requests = world.article_site.stats().requests();
        reader.press(Command::PrevDiscussion).await;
        reader.press(Command::PrevDiscussion).await; // back to HN, as it was left
        assert_eq!(reader.source(), "Hacker News");
        assert_eq!(reader.authors(), hn_view, "its folds kept");
        assert_eq!(reader.pane().cursor.selected, hn_focus, "its focus kept");
        assert_eq!(
            world.article_site.stats().requests(),
            requests,
            "nothing fetched again"
        );

        // `c` on the thread: the chooser again; Esc closes it.
        reader.press(Command::Comments).await;
        assert!(reader.pane().discussions.chooser.is_some());
        reader.press(Command::Back).await;
        assert!(reader.pane().discussions.chooser.is_none());
        assert_eq!(reader.app.screen, Screen::Thread);
    });
}

#[test]
fn one_discussion_opens_at_once_and_new_comments_are_marked_per_discussion() {
    let world = World::new();
    // Nobody else discussed it: only Lobsters knows the article, and the page has no thread.
    undiscussed(&world, &[&world.hn, &world.reddit]);
    let item_id = world.feed_item(None, None);
    tokio::runtime::Runtime::new().unwrap().block_on(async {
        let mut reader = Reader::new(&world, item_id);
        reader.press(Command::Comments).await;
        assert_eq!(reader.source(), "Lobsters", "one discussion: no chooser");
        assert!(reader.pane().discussions.chooser.is_none());
        assert!(reader.authors().iter().all(|a| !a.ends_with('*')), "a first visit marks nothing");

        // The thread grows; the next visit (the cache aged) marks what came since.
        let grown = fixture("comments/cases/lobsters-new/input.json").replacen(
            r#""comments": ["#,
            r#""comments": [{"short_id": "c999", "created_at": "2024-03-20T09:00:00+00:00", "is_deleted": false,
                "is_moderated": false, "score": 2, "parent_comment": null, "comment": "<p>A late one.</p>",
                "depth": 0, "commenting_user": "latecomer"},"#,
            1,
        );
        world.lobsters.set_route("/s/abc123.json", json(grown));
        rusqlite::Connection::open(&world.db)
            .unwrap()
            .execute_batch("UPDATE thread_cache SET fetched = fetched - 3600")
            .unwrap();
        reader.press(Command::Back).await;
        reader.press(Command::Comments).await;
        let authors = reader.authors();
        assert!(authors.contains(&"latecomer*".to_string()), "{authors:?}");
        assert_eq!(authors.iter().filter(|a| a.ends_with('*')).count(), 1, "{authors:?}");
    });
}

#[test]
fn with_no_discussion_anywhere_c_shows_the_items_own_thread() {
    let world = World::new();
    undiscussed(&world, &[&world.hn, &world.lobsters, &world.reddit]);
    let item_id = world.feed_item(None, None);
    tokio::runtime::Runtime::new().unwrap().block_on(async {
        let mut reader = Reader::new(&world, item_id);
        reader.press(Command::Comments).await;
        let pane = reader.pane();
        assert!(pane.discussions.found.is_empty() && pane.discussions.chooser.is_none());
        let notice = pane.doc.as_ref().and_then(|d| d.notice.clone());
        assert_eq!(notice.as_deref(), Some("This page has no comment thread."));
    });
}
