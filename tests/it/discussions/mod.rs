//! Every discussion of an article: the three sites, the page's own thread and the feed's
//! comments link, found together from recorded-format JSON served on loopback (one server per
//! site, as on the web), through the CLI, the reader's runner and the front-page feeds.
#![allow(clippy::unwrap_used)]

mod bad_input;
mod cli;
mod front_pages;
mod screens;

use std::path::{Path, PathBuf};

use folio::feed::ParsedItem;
use folio::serve::{Route, StaticServer};

pub fn fixture(path: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(path);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("fixture {}: {e}", path.display()))
}

pub fn json(body: impl Into<Vec<u8>>) -> Route {
    Route::content(body, "application/json; charset=utf-8")
}

/// The article's site and the three discussion sites, each on its own loopback server, with
/// the answers and threads of one article that was discussed everywhere.
pub struct World {
    pub article_site: StaticServer,
    pub hn: StaticServer,
    pub lobsters: StaticServer,
    pub reddit: StaticServer,
    _dir: tempfile::TempDir,
    pub db: PathBuf,
    pub config: PathBuf,
}

impl World {
    pub fn new() -> World {
        Self::with_fetch("timeout_secs = 5\nconnect_timeout_secs = 5\n")
    }

    /// A world whose `[fetch]` table is `fetch`.
    pub fn with_fetch(fetch: &str) -> World {
        let article_site = StaticServer::start(Vec::new(), false).unwrap();
        let page = fixture("comments/cases/wp-core-html5/input.html");
        article_site.set_route("/rollouts", Route::content(page, "text/html; charset=utf-8"));
        let article = article_site.url("/rollouts");
        let templated =
            |name: &str| json(fixture(&format!("discussions/{name}")).replace("{{ARTICLE}}", &article));
        let case = |name: &str| json(fixture(&format!("comments/cases/{name}/input.json")));
        let hn = StaticServer::start(Vec::new(), false).unwrap();
        hn.set_route("/api/v1/search", templated("hn-search.json"));
        hn.set_route("/api/v1/items/8863", case("hn-algolia"));
        let lobsters = StaticServer::start(Vec::new(), false).unwrap();
        lobsters.set_route("/stories/url/all.json", templated("lobsters-url.json"));
        lobsters.set_route("/s/abc123.json", case("lobsters-new"));
        let reddit = StaticServer::start(Vec::new(), false).unwrap();
        reddit.set_route("/api/info.json", templated("reddit-info.json"));
        reddit.set_route("/comments/1b2c3d.json", case("reddit"));
        reddit.set_route("/comments/9z8y7x.json", templated("reddit-locked-thread.json"));
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("folio.db");
        let config = dir.path().join("config.toml");
        let world = World {
            article_site,
            hn,
            lobsters,
            reddit,
            _dir: dir,
            db,
            config,
        };
        std::fs::write(&world.config, world.config_text(fetch)).unwrap();
        world
    }

    fn config_text(&self, fetch: &str) -> String {
        format!(
            "[fetch]\n{fetch}\n[discussions]\nhn_search = \"{}\"\nlobsters = \"{}\"\nreddit = \"{}\"\nhn_items = \"{}\"\n",
            self.hn.url("/api/v1"),
            self.lobsters.url(""),
            self.reddit.url("/"),
            self.hn.url("/v0"),
        )
    }

    pub fn article(&self) -> String {
        self.article_site.url("/rollouts")
    }

    /// Runs folio; (exit code, stdout, stderr).
    pub fn run(&self, args: &[&str]) -> (i32, String, String) {
        let output = assert_cmd::Command::cargo_bin("folio")
            .unwrap()
            .arg("--db")
            .arg(&self.db)
            .arg("--config")
            .arg(&self.config)
            .args(args)
            .output()
            .unwrap();
        (
            output.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&output.stdout).into_owned(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    }

    /// `folio discussions ARTICLE --json`, parsed, with the exit code and stderr.
    pub fn discussions_json(&self) -> (i32, Vec<serde_json::Value>, String) {
        let (code, stdout, stderr) = self.run(&["discussions", &self.article(), "--json"]);
        let parsed = serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stdout}\n{stderr}"));
        (code, parsed, stderr)
    }

    /// Requests the three discussion sites have answered.
    pub fn site_requests(&self) -> u64 {
        [&self.hn, &self.lobsters, &self.reddit]
            .iter()
            .map(|s| s.stats().requests())
            .sum()
    }

    /// Stores a feed whose one item links to the article with `comments_url`; the item's id.
    pub fn feed_item(&self, comments_url: Option<&str>, comment_count: Option<u32>) -> i64 {
        let item = ParsedItem {
            identity: "rollouts".into(),
            title: Some("Incremental rollouts".into()),
            link: Some(self.article()),
            comments_url: comments_url.map(str::to_string),
            comment_count,
            ..ParsedItem::default()
        };
        crate::one_item::store_one_item(&self.db, item)
    }
}

/// `(site, comments)` of each discussion, in order.
pub fn shape(found: &[serde_json::Value]) -> Vec<(String, Option<u64>)> {
    found
        .iter()
        .map(|d| (d["site"].as_str().unwrap().to_string(), d["comments"].as_u64()))
        .collect()
}
