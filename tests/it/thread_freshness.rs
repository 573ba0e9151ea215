//! Comment threads that stay fresh: the reader shows a cached thread at once and, when it is old,
//! fetches it again in the background and merges what came since; `folio read --comments` reads
//! live and updates the cache of an item it knows. A loopback server's thread grows between loads.
#![allow(clippy::unwrap_used)]

use std::path::Path;
use std::time::Duration;

use folio::app::runner::Runner;
use folio::app::thread::ThreadPane;
use folio::app::{Action, App, Effect, EffectRunner, Screen};
use folio::feed::ParsedItem;
use folio::fetch::{FetchLimits, Fetcher};
use folio::serve::{Route, StaticServer};
use folio::store::{Store, StoreHandle};
use tokio::sync::mpsc::{UnboundedReceiver, unbounded_channel};

/// A WordPress post with these top-level comments, as (id, author, text).
fn post(comments: &[(&str, &str, &str)]) -> String {
    let mut html = String::from(
        "<!DOCTYPE html><html><head><title>A post</title></head><body><article class=\"post\">\
         <h1 class=\"entry-title\">A post</h1><div class=\"entry-content\"><p>The post itself, long \
         enough to be an article and not the page's chrome around it.</p></div></article>\
         <div id=\"comments\" class=\"comments-area\"><ol class=\"comment-list\">",
    );
    for (id, author, text) in comments {
        html.push_str(&format!(
            "<li id=\"comment-{id}\" class=\"comment depth-1\"><article id=\"div-comment-{id}\" class=\"comment-body\">\
             <footer class=\"comment-meta\"><div class=\"comment-author vcard\"><b class=\"fn\">{author}</b> \
             <span class=\"says\">says:</span></div><div class=\"comment-metadata\"><time datetime=\"2024-03-11T09:00:00+00:00\">\
             March 11, 2024</time></div></footer><div class=\"comment-content\"><p>{text}</p></div></article></li>"
        ));
    }
    html.push_str("</ol></div></body></html>");
    html
}

const FIRST: [(&str, &str, &str); 2] = [
    ("1", "Ann", "The first comment."),
    ("2", "Bo", "The second comment."),
];
const GROWN: [(&str, &str, &str); 3] = [
    ("1", "Ann", "The first comment."),
    ("2", "Bo", "The second comment."),
    ("3", "Cy", "A comment that came later."),
];

/// A database at `path` with one item whose link is `link`; its id.
fn one_item(path: &Path, link: &str) -> i64 {
    let item = ParsedItem {
        identity: "post".into(),
        title: Some("A post".into()),
        link: Some(link.to_string()),
        ..ParsedItem::default()
    };
    crate::one_item::store_one_item(path, item)
}

async fn next_action(actions: &mut UnboundedReceiver<Action>) -> Action {
    tokio::time::timeout(Duration::from_secs(10), actions.recv())
        .await
        .unwrap()
        .unwrap()
}

/// The authors of the thread on screen, in order, `*` after the new ones.
fn shown(app: &App) -> Vec<String> {
    let doc = app.thread.as_ref().and_then(|t| t.doc.as_ref()).unwrap();
    (doc.view.rows().iter())
        .map(|row| {
            let comment = &doc.comments[row.node];
            format!("{}{}", comment.author, if comment.is_new { "*" } else { "" })
        })
        .collect()
}

fn cached_json(db: &Path, key: &str) -> String {
    rusqlite::Connection::open(db)
        .unwrap()
        .query_row("SELECT json FROM thread_cache WHERE url = ?1", [key], |r| {
            r.get(0)
        })
        .unwrap()
}

#[test]
fn an_old_cached_thread_is_shown_then_refreshed_and_merged() {
    let server = StaticServer::start(
        [(
            "/post.html".to_string(),
            Route::content(post(&FIRST), "text/html"),
        )],
        false,
    )
    .unwrap();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(shown_then_refreshed(&server));
}

async fn shown_then_refreshed(server: &StaticServer) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    let link = server.url("/post.html");
    let item_id = one_item(&db, &link);
    let store = StoreHandle::spawn(Store::open(&db).unwrap()).unwrap();
    let fetcher = Fetcher::new(FetchLimits::default()).unwrap();
    let mut runner = Runner::new(store, fetcher, Default::default(), db.clone());
    let (reply, mut actions) = unbounded_channel();
    let mut app = App::new(100, 30);
    let open_thread = |app: &mut App| {
        app.thread = Some(ThreadPane::loading(item_id, "A post".into()));
        app.screen = Screen::Thread;
    };

    // First visit: fetched and cached.
    open_thread(&mut app);
    runner.run(Effect::LoadThread { item_id }, &reply);
    let loaded = next_action(&mut actions).await;
    assert_eq!(
        app.update(loaded),
        vec![],
        "a thread just fetched is not fetched again"
    );
    assert_eq!(shown(&app), ["Ann", "Bo"]);
    assert_eq!(server.stats().requests(), 1);

    // The thread grows; a visit within the age limit still shows the cache alone.
    server.set_route("/post.html", Route::content(post(&GROWN), "text/html"));
    open_thread(&mut app);
    runner.run(Effect::LoadThread { item_id }, &reply);
    let loaded = next_action(&mut actions).await;
    assert_eq!(app.update(loaded), vec![]);
    assert_eq!(shown(&app), ["Ann", "Bo"]);
    assert_eq!(server.stats().requests(), 1);

    // Older than the limit (10 minutes): shown at once, then fetched again and merged.
    rusqlite::Connection::open(&db)
        .unwrap()
        .execute_batch("UPDATE thread_cache SET fetched = fetched - 3600")
        .unwrap();
    open_thread(&mut app);
    runner.run(Effect::LoadThread { item_id }, &reply);
    let loaded = next_action(&mut actions).await;
    let effects = app.update(loaded);
    assert_eq!(effects, vec![Effect::RefreshThread { item_id }]);
    assert_eq!(shown(&app), ["Ann", "Bo"], "the cached thread, at once");
    app.update(Action::Command(folio::config::Command::Down));
    for effect in effects {
        runner.run(effect, &reply);
    }
    let refreshed = next_action(&mut actions).await;
    assert!(
        matches!(refreshed, Action::ThreadRefreshed { .. }),
        "{refreshed:?}"
    );
    app.update(refreshed);
    assert_eq!(shown(&app), ["Ann", "Bo", "Cy*"]);
    let focused = app
        .thread
        .as_ref()
        .and_then(|t| t.focused())
        .map(|c| c.author.clone());
    assert_eq!(focused.as_deref(), Some("Bo"), "the focus stays where it was");
    assert_eq!(app.status.message.as_deref(), Some("1 new comment"));
    assert_eq!(server.stats().requests(), 2);
    assert!(cached_json(&db, &link).contains("A comment that came later."));
}

#[test]
fn read_comments_reads_live_and_updates_the_cache_of_an_item_it_knows() {
    let server = StaticServer::start(
        [(
            "/post.html".to_string(),
            Route::content(post(&FIRST), "text/html"),
        )],
        false,
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "").unwrap();
    let link = server.url("/post.html");
    one_item(&db, &link);
    let read = || {
        let output = assert_cmd::Command::cargo_bin("folio")
            .unwrap()
            .arg("--db")
            .arg(&db)
            .arg("--config")
            .arg(&config)
            .args(["read", "--comments", &link])
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).unwrap()
    };
    let first = read();
    assert!(
        first.contains("The second comment.") && !first.contains("came later"),
        "{first}"
    );
    assert!(cached_json(&db, &link).contains("The second comment."));

    server.set_route("/post.html", Route::content(post(&GROWN), "text/html"));
    let second = read();
    assert!(second.contains("A comment that came later."), "{second}");
    assert!(cached_json(&db, &link).contains("A comment that came later."));
    assert_eq!(server.stats().requests(), 2);
}
