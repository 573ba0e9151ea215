//! The reader's figures: the first frame over a 100k-item cache (open the database, load the feed
//! list, lay out and draw), and key press to next frame on a 100k-item list, on a 5,000-comment
//! thread in either layout, and switching between two such discussions.
//! `cargo bench --bench tui`. Targets: first frame <= 100 ms, a key <= 16 ms.

#![allow(clippy::unwrap_used)]

use std::collections::HashSet;
use std::path::Path;

use chrono::{Duration, Utc};
use folio::app::date_display::Zone;
use folio::app::doc::{Doc, DocLine};
use folio::app::model::{FeedEntry, ItemEntry, ItemSource};
use folio::app::thread_doc::ThreadDoc;
use folio::app::{Action, App, LoadedThread};
use folio::comments::{Comment, Source, Thread};
use folio::config::keymap::KeyOverrides;
use folio::config::{Command, Element, Keymap, Theme, ThreadLayout};
use folio::discussions::{DiscussionLink, Site};
use folio::feed::{ParsedFeed, ParsedItem};
use folio::store::{FeedUpdate, Store};
use folio::ui::{self, Look};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const WIDTH: u16 = 120;
const HEIGHT: u16 = 40;

fn main() {
    divan::main();
}

struct Screen {
    terminal: Terminal<TestBackend>,
    theme: Theme,
    keymap: Keymap,
}

impl Screen {
    fn new() -> Screen {
        Screen {
            terminal: Terminal::new(TestBackend::new(WIDTH, HEIGHT)).unwrap(),
            theme: Theme::load("default", Path::new("/nonexistent"), false).unwrap(),
            keymap: Keymap::new(&KeyOverrides::new()).unwrap(),
        }
    }

    fn draw(&mut self, app: &App) {
        let look = Look {
            theme: &self.theme,
            keymap: &self.keymap,
            now: Utc::now(),
            zone: Zone::Local,
        };
        self.terminal.draw(|frame| ui::draw(frame, app, &look)).unwrap();
    }
}

/// A database of 100 feeds x 1,000 items with 2 KB bodies, built once.
fn cache_with_100k_items() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("folio.db")).unwrap();
    let body = format!("<p>{}</p>", "lorem ipsum dolor sit amet ".repeat(80));
    for feed in 0..100 {
        let url = format!("http://127.0.0.1/feed/{feed}.xml");
        let title = format!("Feed {feed}");
        let tags = [format!("tag{}", feed % 7)];
        let (id, _) = store.subscribe(&url, Some(&title), &tags).unwrap();
        let items = (0..1000)
            .map(|i| ParsedItem {
                identity: format!("{feed}-{i}"),
                link: Some(format!("http://127.0.0.1/{feed}/{i}.html")),
                title: Some(format!("Item {i} of feed {feed}")),
                published: Some(Utc::now() - Duration::minutes(i)),
                content: Some(body.clone()),
                ..ParsedItem::default()
            })
            .collect();
        let parsed = folio::refresh::prepare(ParsedFeed {
            title: Some(format!("Feed {feed}")),
            site_url: None,
            items,
            publisher_interval: None,
        });
        let update = FeedUpdate {
            feed: &parsed,
            etag: None,
            last_modified: None,
            fetched_at: Utc::now(),
        };
        store.store_feed_update(id, &update).unwrap();
    }
    store.update_search_index(folio::markup::html_to_plain).unwrap();
    dir
}

/// From nothing to the feed list on screen: open the store, query the feeds with their counts,
/// update the app, draw. (Process start and terminal setup come on top; see the closing note.)
#[divan::bench(sample_count = 20)]
fn first_frame_over_100k_items(bencher: divan::Bencher) {
    let dir = cache_with_100k_items();
    let path = dir.path().join("folio.db");
    let mut screen = Screen::new();
    bencher.bench_local(|| {
        let store = Store::open(&path).unwrap();
        let entries = store
            .feeds()
            .unwrap()
            .into_iter()
            .map(|f| FeedEntry {
                id: f.id,
                title: f.title.unwrap_or_else(|| f.url.clone()),
                url: f.url,
                tags: f.tags,
                unread: u32::try_from(f.unread).unwrap_or(u32::MAX),
                total: u32::try_from(f.total).unwrap_or(u32::MAX),
                last_error: f.last_error,
            })
            .collect();
        let mut app = App::new(WIDTH, HEIGHT);
        app.update(Action::FeedsLoaded(entries));
        screen.draw(&app);
    });
}

fn app_with_items(n: usize) -> App {
    let mut app = App::new(WIDTH, HEIGHT);
    app.update(Action::Command(Command::Open)); // "All unread"
    let now = Utc::now();
    let items = (0..n)
        .map(|i| ItemEntry {
            id: i as i64,
            feed_id: (i % 100) as i64,
            feed_title: format!("Feed {}", i % 100),
            title: format!("Item number {i}: a title of a usual length for a news item"),
            link: None,
            published: Some(now - Duration::minutes(i as i64)),
            read: i % 3 == 0,
            starred: false,
            comments: Some((i % 50) as u32),
            media: None,
        })
        .collect();
    app.update(Action::ItemsLoaded {
        source: ItemSource::AllUnread,
        items,
    });
    app
}

/// One key (`j`, `G`, `g` in turn) and the frame after it, on a 100k-item list.
#[divan::bench]
fn key_to_frame_on_100k_item_list(bencher: divan::Bencher) {
    let mut app = app_with_items(100_000);
    let mut screen = Screen::new();
    let mut step = 0u32;
    bencher.bench_local(|| {
        step += 1;
        let command = match step % 3 {
            0 => Command::Bottom,
            1 => Command::Down,
            _ => Command::Top,
        };
        app.update(Action::Command(command));
        screen.draw(&app);
    });
}

/// 5,000 comments: 250 top-level threads of 20 (3 replies with 5 nested each, and one more).
fn big_thread() -> Thread {
    let mut thread = Thread::new(Source::HackerNews, None);
    let mut id = 0;
    let mut next = |author: &str| {
        id += 1;
        let mut c = Comment::new(
            id.to_string(),
            Some(author),
            "A comment of a few sentences. ".repeat(6),
        );
        c.date = Some(Utc::now() - Duration::minutes(id));
        c
    };
    for _ in 0..250 {
        let mut top = next("top");
        for _ in 0..3 {
            let mut reply = next("reply");
            for _ in 0..5 {
                reply.children.push(next("nested"));
            }
            top.children.push(reply);
        }
        top.children.push(next("late"));
        thread.comments.push(top);
    }
    thread
}

/// The article open and its 5,000-comment thread loaded, laid out `layout`.
fn app_with_big_thread(layout: ThreadLayout) -> App {
    let mut app = app_with_items(10).with_thread_layout(layout);
    app.update(Action::Command(Command::Open));
    let doc = Doc {
        lines: vec![DocLine::plain("body", Element::Text)],
        links: vec![],
        ..Doc::default()
    };
    let width = app.reading_width();
    app.update(Action::ArticleLoaded {
        item_id: 0,
        width,
        result: Ok(doc),
    });
    app.update(Action::Command(Command::Comments));
    app.update(Action::ThreadLoaded {
        item_id: 0,
        result: Ok(loaded_big_thread()),
    });
    app
}

fn loaded_big_thread() -> LoadedThread {
    let thread = big_thread();
    assert_eq!(thread.len(), 5000);
    LoadedThread {
        doc: Box::new(ThreadDoc::new(&thread, &HashSet::new(), None)),
        seen: HashSet::new(),
        stale: false,
    }
}

/// Presses `keys` in turn, one per iteration, each followed by a frame.
fn keys_to_frames(bencher: divan::Bencher, mut app: App, keys: &[Command]) {
    let mut screen = Screen::new();
    let mut step = 0usize;
    bencher.bench_local(|| {
        step += 1;
        app.update(Action::Command(keys[step % keys.len()]));
        screen.draw(&app);
    });
}

/// Fold or unfold the focused comment, move, and draw, on a 5,000-comment thread (one line per
/// comment, the focused one's text below).
#[divan::bench]
fn key_to_frame_on_5000_comment_thread(bencher: divan::Bencher) {
    let keys = [
        Command::Down,
        Command::ToggleFold,
        Command::NextThread,
        Command::ToggleFold,
    ];
    keys_to_frames(bencher, app_with_big_thread(ThreadLayout::Split), &keys);
}

/// The same thread laid out inline (every comment's text in the tree): moves by comment and by
/// page, folds, and the two ends (the bottom lays out from the last comment up).
#[divan::bench]
fn key_to_frame_on_5000_comment_thread_inline(bencher: divan::Bencher) {
    let keys = [
        Command::Down,
        Command::ToggleFold,
        Command::NextThread,
        Command::ToggleFold,
        Command::PageDown,
        Command::Bottom,
        Command::Up,
        Command::FoldAll,
        Command::UnfoldAll,
        Command::Top,
    ];
    keys_to_frames(bencher, app_with_big_thread(ThreadLayout::Inline), &keys);
}

/// Tab between two discussions of 5,000 comments each, both loaded (each keeps its place).
#[divan::bench]
fn switching_discussions_key_to_frame(bencher: divan::Bencher) {
    let mut app = app_with_big_thread(ThreadLayout::Inline);
    let link = |site, url: &str, comments| DiscussionLink {
        site,
        url: url.into(),
        title: "A discussed article".into(),
        comments: Some(comments),
        points: Some(10),
        created: None,
        place: None,
    };
    let urls = [
        "https://news.ycombinator.com/item?id=1",
        "https://lobste.rs/s/abc",
    ];
    let found = vec![link(Site::Hn, urls[0], 5000), link(Site::Lobsters, urls[1], 4999)];
    // A fresh thread pane that found the two; each is opened and loaded once.
    app.update(Action::Command(Command::Back));
    app.update(Action::Command(Command::Comments));
    app.update(Action::DiscussionsFound {
        item_id: 0,
        found,
        failure: None,
    });
    app.update(Action::DiscussionsDone { item_id: 0 });
    for (index, url) in urls.iter().enumerate() {
        if index > 0 {
            app.update(Action::Command(Command::NextDiscussion));
        } else {
            app.update(Action::Command(Command::ToggleFold));
        }
        app.update(Action::DiscussionLoaded {
            item_id: 0,
            url: (*url).to_string(),
            result: Ok(loaded_big_thread()),
        });
    }
    app.update(Action::Command(Command::PageDown));
    assert!(app.thread.as_ref().is_some_and(|t| t.discussions.shows_tabs()));
    keys_to_frames(bencher, app, &[Command::NextDiscussion, Command::PrevDiscussion]);
}
