//! Snapshot tests of every screen at 80x24 and 120x40 (insta; review changes with `cargo insta review`).

#![allow(clippy::unwrap_used)]

use ratatui::Terminal;
use ratatui::backend::TestBackend;

use super::{Look, draw};
use crate::app::date_display::Zone;
use crate::app::doc::{Doc, DocLine};
use crate::app::model::{FeedEntry, ItemEntry, ItemSource};
use crate::app::{Action, App};
use crate::config::keymap::KeyOverrides;
use crate::config::{Command, Element, Keymap, Theme, ThreadLayout};

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

fn now() -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::parse_from_rfc3339("2026-11-26T12:00:00Z")
        .unwrap()
        .to_utc()
}

fn render(app: &App, width: u16, height: u16) -> String {
    render_with_keys(app, width, height, &Keymap::new(&KeyOverrides::new()).unwrap())
}

fn render_with_keys(app: &App, width: u16, height: u16, keymap: &Keymap) -> String {
    let theme = Theme::load("default", std::path::Path::new("/nonexistent"), false).unwrap();
    let look = Look {
        theme: &theme,
        keymap,
        now: now(),
        zone: Zone::Utc,
    };
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|frame| draw(frame, app, &look)).unwrap();
    format!("{}", terminal.backend())
}

fn feeds() -> Vec<FeedEntry> {
    let feed = |id: i64, title: &str, tags: &[&str], unread: u32, error: Option<&str>| FeedEntry {
        id,
        url: format!("http://127.0.0.1:8080/{id}.xml"),
        title: title.into(),
        tags: tags.iter().map(|t| t.to_string()).collect(),
        unread,
        total: unread + 20,
        last_error: error.map(Into::into),
    };
    vec![
        feed(1, "SouthFront", &["news"], 12, None),
        feed(
            2,
            "日本語のニュース・フィード（とても長いタイトル）",
            &["news"],
            3,
            None,
        ),
        feed(3, "Broken feed", &[], 0, Some("HTTP 500 Internal Server Error")),
        feed(4, "Family 👨‍👩‍👧 blog", &["tech"], 1, None),
    ]
}

fn items() -> Vec<ItemEntry> {
    let published = |hours: i64| Some(now() - chrono::Duration::hours(hours));
    let item =
        |id: i64, title: &str, read: bool, starred: bool, comments: Option<u32>, hours: i64| ItemEntry {
            id,
            feed_id: 1,
            feed_title: "SouthFront".into(),
            title: title.into(),
            link: Some(format!("http://127.0.0.1:8080/{id}.html")),
            published: published(hours),
            read,
            starred,
            comments,
            media: None,
        };
    vec![
        item(
            1,
            "New Round Of Inter-Afghan Talks Began In Doha As Taliban Captures More Strategic Areas",
            false,
            false,
            Some(14),
            2,
        ),
        item(
            2,
            "中文标题：测试宽字符的对齐与截断是否正确",
            true,
            true,
            None,
            30,
        ),
        item(3, "Short one", true, false, Some(0), 24 * 40),
    ]
}

fn app_on(width: u16, height: u16) -> App {
    let mut app = App::new(width, height);
    app.update(Action::FeedsLoaded(feeds()));
    app
}

fn with_items(width: u16, height: u16) -> App {
    let mut app = app_on(width, height);
    app.update(Action::Command(Command::Open)); // "All unread"
    app.update(Action::ItemsLoaded {
        source: ItemSource::AllUnread,
        items: items(),
    });
    app
}

fn with_article(width: u16, height: u16) -> App {
    let mut app = with_items(width, height);
    app.update(Action::Command(Command::Open));
    let mut lines = vec![
        DocLine::plain(
            "New Round Of Inter-Afghan Talks Began In Doha",
            Element::ArticleTitle,
        ),
        DocLine::plain("South Front · 2021-07-17", Element::Byline),
        DocLine::default(),
    ];
    let mut para = DocLine::plain("A new round of ", Element::Text);
    para.push("inter-Afghan talks", Element::Bold);
    para.push(" began in Doha", Element::Text);
    para.push("[1]", Element::LinkNumber);
    lines.push(para);
    lines.push(DocLine::plain("> The Taliban has offered a plan", Element::Quote));
    lines.push(DocLine::plain(
        "[image: Source: Sorin Furcoi/Al Jazeera]",
        Element::Image,
    ));
    let width = app.reading_width();
    app.update(Action::ArticleLoaded {
        item_id: 1,
        width,
        result: Ok(Doc {
            lines,
            links: vec!["http://127.0.0.1:8080/doha".into()],
            ..Doc::default()
        }),
    });
    app
}

macro_rules! snapshot_at_both_sizes {
    ($name:ident, $build:expr) => {
        #[test]
        fn $name() {
            for (width, height) in SIZES {
                let app = $build(width, height);
                insta::assert_snapshot!(
                    format!("{}_{}x{}", stringify!($name), width, height),
                    render(&app, width, height)
                );
            }
        }
    };
}

snapshot_at_both_sizes!(welcome, App::new);
snapshot_at_both_sizes!(feeds_with_wide_titles_and_an_error, app_on);
snapshot_at_both_sizes!(items_mixed_list, with_items);
snapshot_at_both_sizes!(article, with_article);
snapshot_at_both_sizes!(items_unread_first, |w, h| {
    let mut app = with_items(w, h);
    app.update(Action::Command(Command::ToggleOrder));
    app
});
snapshot_at_both_sizes!(help_on_the_thread_free_list, |w, h| {
    let mut app = app_on(w, h);
    app.update(Action::Command(Command::Help));
    app
});
snapshot_at_both_sizes!(status_bar_error_during_refresh, |w, h| {
    let mut app = app_on(w, h);
    app.update(Action::Command(Command::RefreshAll));
    app.update(Action::RefreshProgress { done: 37, total: 500 });
    app.update(Action::Failed("http://127.0.0.1:8080/3.xml: HTTP 500".into()));
    app
});
snapshot_at_both_sizes!(selected_feed_shows_its_error, |w, h| {
    let mut app = app_on(w, h);
    // [All unread, Starred, Broken feed, news, SouthFront, 日本語, tech, Family]
    app.feed_cursor.selected = 2;
    app
});

#[test]
fn the_help_title_names_the_scroll_keys_the_keymap_binds() {
    let mut app = app_on(80, 24);
    app.update(Action::Command(Command::Help));
    let rebound: KeyOverrides = toml::from_str("[list]\ndown = [\"ctrl-n\"]\nup = [\"ctrl-p\"]\n").unwrap();
    let screen = render_with_keys(&app, 80, 24, &Keymap::new(&rebound).unwrap());
    assert!(
        screen.contains("Keys (ctrl-n/ctrl-p scroll, any other key closes)"),
        "{screen}"
    );
    assert!(!screen.contains("j/k"), "{screen}");
    let unbound: KeyOverrides = toml::from_str("[list]\ndown = []\n").unwrap();
    let screen = render_with_keys(&app, 80, 24, &Keymap::new(&unbound).unwrap());
    assert!(screen.contains("Keys (any key closes)"), "{screen}");
}

#[test]
fn wide_characters_keep_the_right_column_aligned() {
    let theme = Theme::load("default", std::path::Path::new("/nonexistent"), false).unwrap();
    let keymap = Keymap::new(&KeyOverrides::new()).unwrap();
    let look = Look {
        theme: &theme,
        keymap: &keymap,
        now: now(),
        zone: Zone::Utc,
    };
    for (width, height) in SIZES {
        let app = with_items(width, height);
        let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
        terminal.draw(|frame| draw(frame, &app, &look)).unwrap();
        let buffer = terminal.backend().buffer();
        // Rows 1-3 are the items; each ends with its age ("2h", "1d", "5w") one column from the edge.
        for (y, unit) in [(1, "h"), (2, "d"), (3, "w")] {
            assert_eq!(
                buffer[(width - 2, y)].symbol(),
                unit,
                "row {y} at {width}x{height}"
            );
        }
    }
}

/// The seed article with `thread` loaded on the thread screen.
fn with_loaded_thread(
    width: u16,
    height: u16,
    thread: &crate::comments::Thread,
    notice: Option<String>,
) -> App {
    with_loaded_thread_in(width, height, thread, notice, ThreadLayout::Split)
}

fn with_loaded_thread_in(
    width: u16,
    height: u16,
    thread: &crate::comments::Thread,
    notice: Option<String>,
    layout: ThreadLayout,
) -> App {
    use crate::app::LoadedThread;
    use crate::app::thread_doc::ThreadDoc;
    let mut app = with_article(width, height).with_thread_layout(layout);
    app.update(Action::Command(Command::Comments));
    let doc = ThreadDoc::new(thread, &std::collections::HashSet::new(), notice);
    let loaded = LoadedThread {
        doc: Box::new(doc),
        seen: Default::default(),
        stale: false,
    };
    app.update(Action::ThreadLoaded {
        item_id: 1,
        result: Ok(loaded),
    });
    app
}

fn with_thread(width: u16, height: u16) -> App {
    with_thread_in(width, height, ThreadLayout::Split)
}

fn with_thread_in(width: u16, height: u16, layout: ThreadLayout) -> App {
    let mut app = with_loaded_thread_in(width, height, &sample_thread(), None, layout);
    app.update(Action::Command(Command::Down)); // focus farbat
    app
}

fn sample_thread() -> crate::comments::Thread {
    use crate::comments::{Comment, Source, Thread};
    let comment =
        |id: &str, author: &str, text: &str, hours: i64, score: Option<i64>, children: Vec<Comment>| {
            let mut c = Comment::new(id, Some(author), text);
            c.date = Some(now() - chrono::Duration::hours(hours));
            c.score = score;
            c.children = children;
            c
        };
    let mut thread = Thread::new(
        Source::WpDiscuz,
        Some("http://127.0.0.1:8080/page.html#comments".into()),
    );
    thread.comments = vec![
        comment(
            "1",
            "Anonymous",
            "i find it weird that pakistan does create this kind of problem",
            200,
            None,
            vec![],
        ),
        comment(
            "2",
            "farbat",
            "pakistan will have to explain itself soon\n> a quoted line\nand a reply to it",
            190,
            Some(3),
            vec![comment(
                "3",
                "Anonymous",
                "Screw the cult",
                180,
                Some(-2),
                vec![comment("4", "李明", "宗教分裂人民。", 170, None, vec![])],
            )],
        ),
        comment(
            "5",
            "Ashok Varma",
            "Pakistan has just sent 10,000 of its Frontier Force",
            20,
            Some(12),
            vec![],
        ),
    ];
    thread
}

snapshot_at_both_sizes!(thread_unfolded, with_thread);
snapshot_at_both_sizes!(thread_folded, |w, h| {
    let mut app = with_thread(w, h);
    app.update(Action::Command(Command::ToggleFold));
    app
});
snapshot_at_both_sizes!(thread_with_a_pingback_and_a_further_page, |w, h| {
    let mut thread = sample_thread();
    thread.pingbacks.push(crate::comments::Pingback {
        title: "A reply on another blog".into(),
        url: Some("http://127.0.0.1:8080/elsewhere.html".into()),
    });
    thread.next_page = Some("http://127.0.0.1:8080/page.html/comment-page-2/".into());
    let mut app = with_loaded_thread_in(w, h, &thread, None, ThreadLayout::Inline);
    app.update(Action::Command(Command::Bottom));
    app
});
snapshot_at_both_sizes!(thread_script_loaded_notice, |w, h| {
    use crate::comments::{Source, Thread};
    let thread = Thread::new(Source::Generic, Some("http://127.0.0.1:8080/page.html".into()));
    let notice = "Comments on this site are loaded by a script (Disqus); open the page to read them.";
    with_loaded_thread(w, h, &thread, Some(notice.into()))
});

snapshot_at_both_sizes!(thread_inline_unfolded, |w, h| with_thread_in(
    w,
    h,
    ThreadLayout::Inline
));
snapshot_at_both_sizes!(thread_inline_folded, |w, h| {
    let mut app = with_thread_in(w, h, ThreadLayout::Inline);
    app.update(Action::Command(Command::ToggleFold));
    app
});
snapshot_at_both_sizes!(thread_inline_within_a_long_comment, |w, h| {
    use crate::comments::{Comment, Source, Thread};
    let mut thread = Thread::new(Source::HackerNews, None);
    let mut long = Comment::new(
        "1",
        Some("verbose"),
        (1..=60)
            .map(|n| format!("Paragraph {n} of a long comment."))
            .collect::<Vec<_>>()
            .join("\n"),
    );
    long.score = Some(1);
    long.date = Some(now() - chrono::Duration::hours(5));
    thread.comments = vec![long, Comment::new("2", Some("terse"), "Short.")];
    let mut app = with_loaded_thread_in(w, h, &thread, None, ThreadLayout::Inline);
    for _ in 0..5 {
        app.update(Action::Command(Command::Down));
    }
    app
});

/// Four discussions of the seed article; the chooser open while a site is still being asked.
fn with_discussions(width: u16, height: u16) -> App {
    use crate::discussions::{DiscussionLink, Site};
    let link = |site, url: &str, title: &str, comments, points, place: Option<&str>| DiscussionLink {
        site,
        url: url.into(),
        title: title.into(),
        comments: Some(comments),
        points,
        created: None,
        place: place.map(Into::into),
    };
    let mut app = with_article(width, height);
    app.update(Action::Command(Command::Comments));
    app.update(Action::DiscussionsFound {
        item_id: 1,
        found: vec![
            link(
                Site::Lobsters,
                "https://lobste.rs/s/abc123",
                "Inter-Afghan talks",
                41,
                Some(42),
                None,
            ),
            link(
                Site::Page,
                "http://127.0.0.1:8080/1.html",
                "New Round Of Inter-Afghan Talks",
                14,
                None,
                None,
            ),
        ],
        failure: None,
    });
    app.update(Action::DiscussionsFound {
        item_id: 1,
        found: vec![
            link(
                Site::Hn,
                "https://news.ycombinator.com/item?id=8863",
                "Inter-Afghan talks began in Doha",
                312,
                Some(420),
                None,
            ),
            link(
                Site::Reddit,
                "https://www.reddit.com/r/worldnews/comments/x/t/",
                "Talks \u{1b}[2Jbegan",
                88,
                Some(1),
                Some("r/worldnews"),
            ),
        ],
        failure: Some("Reddit: HTTP 429, asked to wait 60 s".into()),
    });
    app
}

snapshot_at_both_sizes!(discussion_chooser_while_finding, with_discussions);
snapshot_at_both_sizes!(discussion_tabs_over_an_inline_thread, |w, h| {
    let mut app = with_discussions(w, h);
    app.update(Action::DiscussionsDone { item_id: 1 });
    app.update(Action::Command(Command::Down));
    let effects = app.update(Action::Command(Command::ToggleFold));
    assert_eq!(
        effects,
        vec![crate::app::Effect::LoadDiscussion {
            item_id: 1,
            url: "https://www.reddit.com/r/worldnews/comments/x/t/".into()
        }]
    );
    let thread = with_thread_in(w, h, ThreadLayout::Inline)
        .thread
        .unwrap()
        .doc
        .unwrap();
    app.update(Action::DiscussionLoaded {
        item_id: 1,
        url: "https://www.reddit.com/r/worldnews/comments/x/t/".into(),
        result: Ok(crate::app::LoadedThread {
            doc: Box::new(thread),
            seen: Default::default(),
            stale: false,
        }),
    });
    app
});

#[test]
fn one_point_is_singular_in_the_focused_comment() {
    use crate::comments::{Comment, Source, Thread};
    let mut thread = Thread::new(Source::HackerNews, None);
    let mut comment = Comment::new("1", Some("ada"), "Agreed.");
    comment.score = Some(1);
    thread.comments = vec![comment];
    let screen = render(&with_loaded_thread(80, 24, &thread, None), 80, 24);
    assert!(
        screen.contains("ada  1 point ") && !screen.contains("1 points"),
        "{screen}"
    );
}
