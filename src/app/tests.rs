//! `update()` tests: an action in, the state and the effects out.

use super::doc::{Doc, DocLine};
use super::model::ItemEntry;
use super::*;
use crate::app::LoadedThread;
use crate::config::Element;

fn feed(id: i64, title: &str, unread: u32) -> FeedEntry {
    FeedEntry {
        id,
        url: format!("http://127.0.0.1/{id}.xml"),
        title: title.into(),
        tags: vec![],
        unread,
        total: unread + 1,
        last_error: None,
    }
}

fn item(id: i64, feed_id: i64, read: bool) -> ItemEntry {
    ItemEntry {
        id,
        feed_id,
        feed_title: "Feed".into(),
        title: format!("Item {id}"),
        link: Some(format!("http://127.0.0.1/{id}.html")),
        published: None,
        read,
        starred: false,
        comments: None,
        media: None,
    }
}

/// An app with two feeds, the second feed's items open.
fn app_with_items() -> App {
    let mut app = App::new(80, 24);
    app.update(Action::FeedsLoaded(vec![feed(1, "Alpha", 0), feed(2, "Beta", 2)]));
    app.feed_cursor.selected = 3; // [All unread, Starred, Alpha, Beta]
    let effects = app.update(Action::Command(Command::Open));
    let source = ItemSource::Feed {
        id: 2,
        title: "Beta".into(),
    };
    assert_eq!(
        effects,
        vec![Effect::LoadItems {
            source: source.clone(),
            order: ItemOrder::NewestFirst,
        }]
    );
    app.update(Action::ItemsLoaded {
        source,
        items: vec![item(10, 2, false), item(11, 2, true), item(12, 2, false)],
    });
    app
}

#[test]
fn toggling_the_order_reloads_the_open_list_unread_first_and_back() {
    let mut app = app_with_items();
    let source = app
        .items
        .as_ref()
        .map(|p| p.source.clone())
        .expect("a list is open");
    let effects = app.update(Action::Command(Command::ToggleOrder));
    assert_eq!(app.item_order, ItemOrder::UnreadFirst);
    assert_eq!(
        effects,
        vec![Effect::LoadItems {
            source,
            order: ItemOrder::UnreadFirst,
        }]
    );
    assert_eq!(app.status.message.as_deref(), Some("items: unread first"));
    // The order sticks: opening another list uses it too.
    app.update(Action::Command(Command::Back));
    app.feed_cursor.selected = 0;
    let effects = app.update(Action::Command(Command::Open));
    assert_eq!(
        effects,
        vec![Effect::LoadItems {
            source: ItemSource::AllUnread,
            order: ItemOrder::UnreadFirst,
        }]
    );
    app.update(Action::Command(Command::ToggleOrder));
    assert_eq!(app.item_order, ItemOrder::NewestFirst);
}

#[test]
fn start_loads_feeds_from_the_cache() {
    assert_eq!(
        App::new(80, 24).start(),
        vec![Effect::LoadFeeds, Effect::IndexSearch]
    );
}

#[test]
fn opening_an_item_marks_it_read_and_loads_the_article() {
    let mut app = app_with_items();
    let effects = app.update(Action::Command(Command::Open));
    assert_eq!(app.screen, Screen::Article);
    assert_eq!(
        effects,
        vec![
            Effect::LoadArticle {
                item_id: 10,
                width: 78
            },
            Effect::SetRead {
                item_id: 10,
                read: true
            }
        ]
    );
    assert!(app.items.as_ref().is_some_and(|p| p.entries[0].read));
    assert_eq!(app.feeds[1].unread, 1);
    assert!(matches!(
        app.article.as_ref().map(|a| &a.state),
        Some(Loading::InProgress(_))
    ));
}

#[test]
fn article_result_for_another_width_is_ignored() {
    let mut app = app_with_items();
    app.update(Action::Command(Command::Open));
    let doc = Doc {
        lines: vec![DocLine::plain("body", Element::Text)],
        links: vec![],
        ..Doc::default()
    };
    app.update(Action::ArticleLoaded {
        item_id: 10,
        width: 50,
        result: Ok(doc.clone()),
    });
    assert!(matches!(
        app.article.as_ref().map(|a| &a.state),
        Some(Loading::InProgress(_))
    ));
    app.update(Action::ArticleLoaded {
        item_id: 10,
        width: 78,
        result: Ok(doc.clone()),
    });
    assert_eq!(app.article.as_ref().map(|a| &a.doc), Some(&doc));
}

#[test]
fn resize_rewraps_the_open_article() {
    let mut app = app_with_items();
    app.update(Action::Command(Command::Open));
    let effects = app.update(Action::Resize {
        width: 60,
        height: 20,
    });
    assert_eq!(
        effects,
        vec![Effect::LoadArticle {
            item_id: 10,
            width: 58
        }]
    );
    let effects = app.update(Action::Resize {
        width: 200,
        height: 50,
    });
    assert_eq!(
        effects,
        vec![Effect::LoadArticle {
            item_id: 10,
            width: MAX_READING_WIDTH
        }]
    );
}

#[test]
fn next_unread_wraps_around_the_item_list() {
    let mut app = app_with_items();
    app.update(Action::Command(Command::NextUnread));
    assert_eq!(app.selected_item().map(|i| i.id), Some(12));
    app.update(Action::Command(Command::NextUnread));
    assert_eq!(app.selected_item().map(|i| i.id), Some(10));
    app.update(Action::Command(Command::PrevUnread));
    assert_eq!(app.selected_item().map(|i| i.id), Some(12));
}

#[test]
fn toggles_change_the_row_and_ask_the_store() {
    let mut app = app_with_items();
    assert_eq!(
        app.update(Action::Command(Command::ToggleStar)),
        vec![Effect::SetStarred {
            item_id: 10,
            starred: true
        }]
    );
    assert_eq!(
        app.update(Action::Command(Command::ToggleRead)),
        vec![Effect::SetRead {
            item_id: 10,
            read: true
        }]
    );
    assert!(app.selected_item().is_some_and(|i| i.starred && i.read));
    assert_eq!(app.feeds[1].unread, 1);
}

#[test]
fn back_walks_up_and_quits_from_the_feeds() {
    let mut app = app_with_items();
    app.update(Action::Command(Command::Open));
    let item_id = app
        .article
        .as_ref()
        .map(|pane| pane.item.id)
        .expect("an article is open");
    assert_eq!(
        app.update(Action::Command(Command::Back)),
        vec![Effect::StopLoading(Load::Article(item_id))]
    );
    assert_eq!(app.screen, Screen::Items);
    assert_eq!(
        app.update(Action::Command(Command::Back)),
        vec![Effect::LoadFeeds]
    );
    assert_eq!(app.screen, Screen::Feeds);
    assert!(!app.should_quit);
    app.update(Action::Command(Command::Back));
    assert!(app.should_quit);
}

#[test]
fn refresh_shows_progress_and_reloads_when_done() {
    let mut app = app_with_items();
    assert_eq!(
        app.update(Action::Command(Command::RefreshAll)),
        vec![Effect::Refresh { feed_ids: None }]
    );
    assert_eq!(app.status.refresh, Some((0, 2)));
    assert_eq!(
        app.update(Action::Command(Command::RefreshAll)),
        vec![],
        "one refresh at a time"
    );
    app.update(Action::RefreshProgress { done: 1, total: 2 });
    assert_eq!(app.status.refresh, Some((1, 2)));
    let effects = app.update(Action::RefreshFinished {
        summary: "2 feeds: 1 updated".into(),
        failed: vec!["http://x/: HTTP 500".into()],
    });
    assert_eq!(app.status.refresh, None);
    assert_eq!(app.status.error.as_deref(), Some("http://x/: HTTP 500"));
    assert!(effects.contains(&Effect::LoadFeeds), "{effects:?}");
    assert!(
        effects.contains(&Effect::IndexSearch),
        "new items reach search in the background: {effects:?}"
    );
    assert_eq!(effects.len(), 3, "and the open list reloads: {effects:?}");
}

#[test]
fn feed_list_skips_tag_headings_and_finds_unread() {
    let mut app = App::new(80, 24);
    let mut tagged = feed(3, "Gamma", 4);
    tagged.tags = vec!["news".into()];
    app.update(Action::FeedsLoaded(vec![feed(1, "Alpha", 0), tagged]));
    // [All unread, Starred, Alpha, Tag(news), Gamma]
    app.feed_cursor.selected = 2;
    app.update(Action::Command(Command::Down));
    assert_eq!(app.selected_feed().map(|f| f.id), Some(3));
    app.update(Action::Command(Command::Up));
    assert_eq!(app.selected_feed().map(|f| f.id), Some(1));
    app.update(Action::Command(Command::NextUnread));
    assert_eq!(app.selected_feed().map(|f| f.id), Some(3));
}

#[test]
fn add_feed_prompt_submits_the_url() {
    let mut app = App::new(80, 24);
    app.update(Action::Command(Command::AddFeed));
    for c in "example.org".chars() {
        app.update(Action::Prompt(PromptInput::Char(c)));
    }
    app.update(Action::Prompt(PromptInput::Backspace));
    let effects = app.update(Action::Prompt(PromptInput::Submit));
    assert_eq!(
        effects,
        vec![Effect::AddFeed {
            url: "example.or".into()
        }]
    );
    assert!(app.prompt.is_none());
}

#[test]
fn remove_feed_needs_confirmation() {
    let mut app = App::new(80, 24);
    app.update(Action::FeedsLoaded(vec![feed(1, "Alpha", 0)]));
    app.feed_cursor.selected = 2;
    app.update(Action::Command(Command::RemoveFeed));
    assert_eq!(app.update(Action::Prompt(PromptInput::Char('n'))), vec![]);
    assert_eq!(app.feeds.len(), 1);
    app.update(Action::Command(Command::RemoveFeed));
    assert_eq!(
        app.update(Action::Prompt(PromptInput::Char('y'))),
        vec![Effect::RemoveFeed { feed_id: 1 }]
    );
    assert!(app.feeds.is_empty());
}

#[test]
fn article_search_and_links() {
    let mut app = app_with_items();
    app.update(Action::Command(Command::Open));
    let lines = (0..100)
        .map(|i| DocLine::plain(if i % 40 == 5 { "needle" } else { "hay" }, Element::Text))
        .collect();
    let doc = Doc {
        lines,
        links: vec!["http://127.0.0.1/a".into()],
        ..Doc::default()
    };
    app.update(Action::ArticleLoaded {
        item_id: 10,
        width: 78,
        result: Ok(doc),
    });
    app.update(Action::Command(Command::Search));
    for c in "NEEDLE".chars() {
        app.update(Action::Prompt(PromptInput::Char(c)));
    }
    app.update(Action::Prompt(PromptInput::Submit));
    let pane = app.article.as_ref().expect("article open");
    assert_eq!(
        pane.search.as_ref().map(|s| s.matches.clone()),
        Some(vec![5, 45, 85])
    );
    assert_eq!(pane.scroll.top, 3);
    app.update(Action::Command(Command::NextMatch));
    assert_eq!(app.article.as_ref().map(|a| a.scroll.top), Some(43));
    assert_eq!(
        app.update(Action::OpenLink(1)),
        vec![Effect::OpenBrowser {
            url: crate::links::openable("http://127.0.0.1/a", None).expect("a web link")
        }]
    );
    assert_eq!(app.update(Action::OpenLink(2)), vec![]);
    assert!(app.status.error.as_deref().is_some_and(|e| e.contains("[2]")));
}

#[test]
fn help_scrolls_with_movement_and_closes_on_other_keys() {
    let mut app = App::new(80, 24);
    app.update(Action::Command(Command::Help));
    assert!(app.help);
    app.update(Action::Command(Command::Down));
    app.update(Action::Command(Command::Down));
    assert_eq!((app.help, app.help_scroll), (true, 2));
    app.update(Action::Command(Command::Up));
    assert_eq!(app.help_scroll, 1);
    app.update(Action::Command(Command::Open));
    assert!(!app.help);
    assert!(!app.should_quit);
    app.update(Action::Command(Command::Help));
    assert_eq!(app.help_scroll, 0, "the help opens at the top");
}

mod thread_screen {
    use std::collections::HashSet;

    use super::*;
    use crate::app::thread_doc::ThreadDoc;
    use crate::comments::{Comment, Source, Thread};

    /// a(b(c), d), e(f, g(h)), i
    pub(crate) fn sample_thread() -> Thread {
        let with = |id: &str, author: &str, children: Vec<Comment>| {
            let mut c = Comment::new(id, Some(author), format!("text of {id}\n> quoted line"));
            c.children = children;
            c
        };
        let mut thread = Thread::new(Source::WpDiscuz, Some("http://127.0.0.1/page.html".into()));
        thread.comments = vec![
            with(
                "a",
                "Ana",
                vec![
                    with("b", "Bo", vec![with("c", "Cy", vec![])]),
                    with("d", "Di", vec![]),
                ],
            ),
            with(
                "e",
                "Ed",
                vec![
                    with("f", "Fa", vec![]),
                    with("g", "Gu", vec![with("h", "Hu", vec![])]),
                ],
            ),
            with("i", "Ines", vec![]),
        ];
        thread
    }

    fn app_with_thread(seen: &[&str]) -> App {
        let mut app = app_with_items();
        app.update(Action::Command(Command::Open));
        assert_eq!(
            app.update(Action::Command(Command::Comments)),
            vec![Effect::FindDiscussions { item_id: 10 }]
        );
        assert_eq!(app.screen, Screen::Thread);
        // No discussion found anywhere: the item's own thread, as before.
        assert_eq!(
            app.update(Action::DiscussionsDone { item_id: 10 }),
            vec![Effect::LoadThread { item_id: 10 }]
        );
        let seen: HashSet<String> = seen.iter().map(|s| s.to_string()).collect();
        let doc = ThreadDoc::new(&sample_thread(), &seen, None);
        app.update(Action::ThreadLoaded {
            item_id: 10,
            result: Ok(LoadedThread {
                doc: Box::new(doc),
                seen,
                stale: false,
            }),
        });
        app
    }

    fn visible(app: &App) -> Vec<String> {
        let pane = app.thread.as_ref().expect("thread open");
        let doc = pane.doc.as_ref().expect("thread loaded");
        doc.view
            .rows()
            .iter()
            .map(|r| doc.comments[r.node].id.clone())
            .collect()
    }

    fn focused(app: &App) -> String {
        app.thread
            .as_ref()
            .and_then(|t| t.focused())
            .map(|c| c.id.clone())
            .unwrap_or_default()
    }

    fn press(app: &mut App, command: Command) {
        app.update(Action::Command(command));
    }

    #[test]
    fn folding_the_second_top_level_comment_hides_its_replies() {
        let mut app = app_with_thread(&[]);
        assert_eq!(visible(&app), ["a", "b", "c", "d", "e", "f", "g", "h", "i"]);
        press(&mut app, Command::NextThread);
        assert_eq!(focused(&app), "e");
        press(&mut app, Command::ToggleFold);
        assert_eq!(visible(&app), ["a", "b", "c", "d", "e", "i"]);
        press(&mut app, Command::ToggleFold);
        assert_eq!(visible(&app), ["a", "b", "c", "d", "e", "f", "g", "h", "i"]);
    }

    #[test]
    fn tree_walking_keys() {
        let mut app = app_with_thread(&[]);
        press(&mut app, Command::Down); // b
        press(&mut app, Command::NextSibling);
        assert_eq!(focused(&app), "d");
        press(&mut app, Command::PrevSibling);
        assert_eq!(focused(&app), "b");
        press(&mut app, Command::Down); // c
        press(&mut app, Command::Parent);
        assert_eq!(focused(&app), "b");
        press(&mut app, Command::Parent);
        assert_eq!(focused(&app), "a");
        press(&mut app, Command::Parent); // at the top level: folds
        assert_eq!(visible(&app), ["a", "e", "f", "g", "h", "i"]);
        press(&mut app, Command::Unfold);
        assert_eq!(visible(&app).len(), 9);
        press(&mut app, Command::Bottom);
        assert_eq!(focused(&app), "i");
        press(&mut app, Command::PrevThread);
        assert_eq!(focused(&app), "e");
    }

    #[test]
    fn fold_all_keeps_the_focus_on_its_top_level_comment() {
        let mut app = app_with_thread(&[]);
        press(&mut app, Command::NextThread);
        press(&mut app, Command::Down);
        press(&mut app, Command::Down); // g
        assert_eq!(focused(&app), "g");
        press(&mut app, Command::FoldAll);
        assert_eq!(visible(&app), ["a", "e", "i"]);
        assert_eq!(focused(&app), "e");
        press(&mut app, Command::UnfoldAll);
        assert_eq!(visible(&app).len(), 9);
        assert_eq!(focused(&app), "e");
    }

    #[test]
    fn next_new_finds_comments_not_seen_before_even_when_folded() {
        let mut app = app_with_thread(&["a", "b", "c", "d", "e", "f", "i"]);
        press(&mut app, Command::FoldAll);
        press(&mut app, Command::NextNew);
        assert_eq!(focused(&app), "g");
        press(&mut app, Command::NextNew);
        assert_eq!(focused(&app), "h");
        let doc = app.thread.as_ref().and_then(|t| t.doc.as_ref()).expect("loaded");
        assert!(
            doc.comments
                .iter()
                .filter(|c| c.is_new)
                .map(|c| c.id.as_str())
                .eq(["g", "h"])
        );
    }

    #[test]
    fn a_stale_thread_is_fetched_again_and_merged_keeping_focus_and_folds() {
        let mut app = app_with_items();
        app.update(Action::Command(Command::Open));
        app.update(Action::Command(Command::Comments));
        // The cached copy, old: shown at once, and fetched again in the background.
        let cached = ThreadDoc::new(&sample_thread(), &HashSet::new(), None);
        let effects = app.update(Action::ThreadLoaded {
            item_id: 10,
            result: Ok(LoadedThread {
                doc: Box::new(cached),
                seen: HashSet::new(),
                stale: true,
            }),
        });
        assert_eq!(effects, vec![Effect::RefreshThread { item_id: 10 }]);
        assert_eq!(visible(&app).len(), 9, "the cached thread is on screen meanwhile");
        press(&mut app, Command::NextThread); // e
        press(&mut app, Command::ToggleFold);
        press(&mut app, Command::NextThread); // i
        assert_eq!(focused(&app), "i");
        assert_eq!(visible(&app), ["a", "b", "c", "d", "e", "i"]);

        // Since then: a reply under e (folded) and a new top-level comment before i.
        let mut grown = sample_thread();
        grown.comments[1]
            .children
            .push(Comment::new("j", Some("Jo"), "late reply"));
        grown
            .comments
            .insert(2, Comment::new("k", Some("Kim"), "late comment"));
        let seen: HashSet<String> = ["a", "b", "c", "d", "e", "f", "g", "h", "i"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let fresh = ThreadDoc::new(&grown, &seen, None);
        let effects = app.update(Action::ThreadRefreshed {
            item_id: 10,
            result: Ok(LoadedThread {
                doc: Box::new(fresh),
                seen,
                stale: false,
            }),
        });
        assert!(effects.is_empty());
        assert_eq!(
            visible(&app),
            ["a", "b", "c", "d", "e", "k", "i"],
            "e stays folded"
        );
        assert_eq!(focused(&app), "i", "the focus stays on its comment");
        assert_eq!(app.status.message.as_deref(), Some("2 new comments"));
        let doc = app.thread.as_ref().and_then(|t| t.doc.as_ref()).expect("loaded");
        let new: Vec<&str> = (doc.comments.iter())
            .filter(|c| c.is_new)
            .map(|c| c.id.as_str())
            .collect();
        assert_eq!(new, ["j", "k"]);
        // `u` finds what came since, opening the fold it is under.
        press(&mut app, Command::Top);
        press(&mut app, Command::NextNew);
        assert_eq!(focused(&app), "j");
        press(&mut app, Command::NextNew);
        assert_eq!(focused(&app), "k");
    }

    #[test]
    fn a_failed_update_keeps_the_cached_thread_and_says_so() {
        let mut app = app_with_thread(&[]);
        let before = visible(&app);
        app.update(Action::ThreadRefreshed {
            item_id: 10,
            result: Err("http://127.0.0.1/page.html: HTTP 503".into()),
        });
        assert_eq!(visible(&app), before);
        assert!(
            app.status
                .error
                .as_deref()
                .is_some_and(|e| e.starts_with("comments not updated: ")),
            "{:?}",
            app.status.error
        );
    }

    #[test]
    fn back_from_the_thread_returns_to_the_article() {
        let mut app = app_with_thread(&[]);
        press(&mut app, Command::Back);
        assert_eq!(app.screen, Screen::Article);
        assert!(app.thread.is_none());
    }
}

#[test]
fn the_mouse_wheel_moves_the_selection() {
    let mut app = app_with_items();
    let selected = |app: &App| app.items.as_ref().map(|p| p.cursor.selected);
    assert_eq!(selected(&app), Some(0));
    app.update(Action::Wheel(2));
    assert_eq!(selected(&app), Some(2));
    app.update(Action::Wheel(-1));
    assert_eq!(selected(&app), Some(1));
}

/// The app with item 10's article open, its links `links`.
fn article_with_links(links: &[&str]) -> App {
    let mut app = app_with_items();
    app.update(Action::Command(Command::Open));
    app.update(Action::ArticleLoaded {
        item_id: 10,
        width: 78,
        result: Ok(Doc {
            lines: vec![DocLine::plain("text", Element::Text)],
            links: links.iter().map(|l| l.to_string()).collect(),
            ..Doc::default()
        }),
    });
    app
}

#[test]
fn links_open_resolved_against_their_page_and_others_are_refused_with_a_reason() {
    let links = [
        "/about#team",
        "file:///etc/passwd",
        "javascript:alert(1)",
        "data:text/html,<script>x</script>",
        "smb://server/share",
        "x-custom:run",
        "--remote-debugging-port=9222",
        "mailto:editor@127.0.0.1",
    ];
    let mut app = article_with_links(&links);
    // The article is item 10, at http://127.0.0.1/10.html.
    let opened = app.update(Action::OpenLink(1));
    let Some(Effect::OpenBrowser { url }) = opened.first() else {
        panic!("expected the browser, got {opened:?}");
    };
    assert_eq!(url.as_str(), "http://127.0.0.1/about#team");
    for (number, scheme) in [
        (2, "file"),
        (3, "javascript"),
        (4, "data"),
        (5, "smb"),
        (6, "x-custom"),
    ] {
        app.status.error = None;
        assert_eq!(app.update(Action::OpenLink(number)), vec![], "link {number}");
        let error = app.status.error.clone().unwrap_or_default();
        assert!(
            error.contains(&format!("{scheme}: links are not opened")),
            "link {number}: {error}"
        );
    }
    // Relative to the page, a would-be option is a path on the site.
    let opened = app.update(Action::OpenLink(7));
    let Some(Effect::OpenBrowser { url }) = opened.first() else {
        panic!("expected the browser, got {opened:?}");
    };
    assert_eq!(url.as_str(), "http://127.0.0.1/--remote-debugging-port=9222");
    assert_eq!(app.update(Action::OpenLink(8)), vec![]);
    assert!(
        app.status
            .error
            .as_deref()
            .is_some_and(|e| e.contains("editor@127.0.0.1")),
        "a mail address is shown: {:?}",
        app.status.error
    );
}

#[test]
fn item_links_are_checked_when_opened_and_when_copied() {
    let mut app = app_with_items();
    let entries = &mut app.items.as_mut().expect("a list is open").entries;
    entries[0].link = Some("javascript:alert(document.cookie)".into());
    entries[1].link = Some("posts/11.html".into());
    assert_eq!(app.update(Action::Command(Command::OpenBrowser)), vec![]);
    assert!(
        app.status
            .error
            .as_deref()
            .unwrap_or_default()
            .contains("javascript:")
    );
    // A relative item link resolves against its feed's address (feed 2: http://127.0.0.1/2.xml).
    app.update(Action::Command(Command::Down));
    let opened = app.update(Action::Command(Command::OpenBrowser));
    assert_eq!(
        opened,
        vec![Effect::OpenBrowser {
            url: crate::links::openable("http://127.0.0.1/posts/11.html", None).expect("a web link")
        }]
    );
    app.update(Action::Command(Command::Up));
    app.update(Action::Command(Command::Open));
    app.status.error = None;
    assert_eq!(app.update(Action::Command(Command::CopyUrl)), vec![]);
    assert!(
        app.status
            .error
            .as_deref()
            .unwrap_or_default()
            .contains("javascript:")
    );
}

#[test]
fn a_thread_shows_its_loads_progress_and_leaving_it_stops_the_load() {
    let mut app = app_with_items();
    // Discussions elsewhere are looked for first; with none found the item's own thread loads.
    let finding = app.update(Action::Command(Command::Comments));
    assert_eq!(finding, vec![Effect::FindDiscussions { item_id: 10 }]);
    let effects = app.update(Action::DiscussionsDone { item_id: 10 });
    let Some(Effect::LoadThread { item_id }) = effects.first().cloned() else {
        panic!("expected the thread's load, got {effects:?}");
    };
    app.update(Action::ThreadProgress {
        item_id,
        stage: "comments 12/40".into(),
    });
    let pane = app.thread.as_ref().expect("a thread is open");
    assert_eq!(pane.state, Loading::InProgress("comments 12/40".into()));
    assert_eq!(
        app.update(Action::Command(Command::Back)),
        vec![Effect::StopLoading(Load::Thread(item_id))]
    );
    // A late report of the load left behind changes nothing.
    app.update(Action::ThreadProgress {
        item_id,
        stage: "comments 13/40".into(),
    });
    assert!(app.thread.is_none());
}

#[test]
fn a_discussion_loading_shows_its_progress_and_only_while_it_is_on_screen() {
    use crate::discussions::{DiscussionLink, Site};
    let mut app = app_with_items();
    app.update(Action::Command(Command::Comments));
    let link = |site, url: &str| DiscussionLink {
        site,
        url: url.into(),
        title: "A story".into(),
        comments: Some(40),
        points: None,
        created: None,
        place: None,
    };
    let (hn, lobsters) = ("https://news.example/item?id=1", "https://lobste.example/s/ab");
    app.update(Action::DiscussionsFound {
        item_id: 10,
        found: vec![link(Site::Hn, hn), link(Site::Lobsters, lobsters)],
        failure: None,
    });
    app.update(Action::DiscussionsDone { item_id: 10 });
    // Enter on the chooser's first entry: that discussion loads.
    let effects = app.update(Action::Command(Command::ToggleFold));
    let Some(Effect::LoadDiscussion { url, .. }) = effects.first().cloned() else {
        panic!("expected a discussion's load, got {effects:?}");
    };
    let other = if url == hn { lobsters } else { hn };
    let state = |app: &App| app.thread.as_ref().map(|p| p.state.clone());

    app.update(Action::DiscussionProgress {
        item_id: 10,
        url: other.into(),
        stage: "comments 3/9".into(),
    });
    assert_eq!(state(&app), Some(Loading::InProgress("loading comments".into())));
    app.update(Action::DiscussionProgress {
        item_id: 10,
        url: url.clone(),
        stage: "comments 12/40".into(),
    });
    assert_eq!(state(&app), Some(Loading::InProgress("comments 12/40".into())));
    // Leaving the thread stops its loads, discussions included (`Load::Thread` covers them).
    assert_eq!(
        app.update(Action::Command(Command::Back)),
        vec![Effect::StopLoading(Load::Thread(10))]
    );
}
