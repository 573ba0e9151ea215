//! Subscriptions, refresh, the offline cache and the command line, end to end: a real loopback
//! HTTP server ([`folio::serve::StaticServer`]), a real SQLite file in a temp dir, the real binary.

#![allow(clippy::unwrap_used)]

mod bad_input;
mod listing;
mod politeness;
mod refresh;
mod subscriptions;
mod terminal_safety;
mod titles;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use folio::serve::Route;

/// A temp dir with a database path and a config file (short timeouts, so slow-server tests are quick).
pub struct Env {
    _dir: tempfile::TempDir,
    pub db: PathBuf,
    pub config: PathBuf,
}

impl Env {
    pub fn new() -> Env {
        Self::with_config("[fetch]\ntimeout_secs = 3\nconnect_timeout_secs = 3\n")
    }

    pub fn with_config(config: &str) -> Env {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = dir.path().join("data/folio.db");
        let config_path = dir.path().join("config.toml");
        std::fs::write(&config_path, config).expect("write config");
        Env {
            _dir: dir,
            db,
            config: config_path,
        }
    }

    /// The real binary, pointed at this environment.
    pub fn folio(&self) -> Command {
        let mut command = Command::cargo_bin("folio").expect("the folio binary");
        command
            .arg("--db")
            .arg(&self.db)
            .arg("--config")
            .arg(&self.config);
        command
    }

    pub fn dir(&self) -> &Path {
        self._dir.path()
    }

    /// Runs folio and returns (exit code, stdout, stderr).
    pub fn run(&self, args: &[&str]) -> (i32, String, String) {
        let output = self.folio().args(args).output().expect("run folio");
        (
            output.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&output.stdout).into_owned(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    }

    /// `folio list --json` parsed.
    pub fn list_json(&self, extra: &[&str]) -> Vec<serde_json::Value> {
        let mut args = vec!["list", "--json"];
        args.extend_from_slice(extra);
        let (code, stdout, stderr) = self.run(&args);
        assert_eq!(code, 0, "list failed: {stderr}");
        serde_json::from_str(&stdout).expect("list --json is JSON")
    }

    /// The titles `folio list` shows, newest first.
    pub fn titles(&self) -> Vec<String> {
        self.list_json(&[])
            .iter()
            .map(|i| i["title"].as_str().unwrap_or_default().to_string())
            .collect()
    }

    /// Runs `folio add` for each URL, asserting success.
    pub fn add_all(&self, urls: &[String]) {
        for url in urls {
            let (code, _, stderr) = self.run(&["add", url]);
            assert_eq!(code, 0, "add {url} failed: {stderr}");
        }
    }

    /// Opens the database directly (read-only checks from the test).
    pub fn sqlite(&self) -> rusqlite::Connection {
        rusqlite::Connection::open(&self.db).expect("open the test database")
    }
}

pub fn fixture(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/feeds")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("fixture {}: {e}", path.display()))
}

/// A small RSS 2.0 feed; each item is (guid, title).
pub fn rss(title: &str, items: &[(&str, &str)]) -> String {
    let mut xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel><title>{title}</title><link>http://example.org/</link>\n"
    );
    for (n, (guid, item_title)) in items.iter().enumerate() {
        xml.push_str(&format!(
            "<item><guid>{guid}</guid><title>{item_title}</title><link>http://example.org/{guid}</link>\
             <pubDate>Mon, 0{} Jan 2024 10:00:00 +0000</pubDate><description>Body of {guid}</description></item>\n",
            (n % 9) + 1
        ));
    }
    xml.push_str("</channel></rss>\n");
    xml
}

pub fn rss_route(title: &str, items: &[(&str, &str)]) -> Route {
    Route::content(rss(title, items), "application/rss+xml")
}
