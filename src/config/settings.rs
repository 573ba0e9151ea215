//! The user's config file (`config.toml`): theme, keys, refresh, per-site hide rules, browser.
//!
//! Every field is optional; a missing file means the defaults. A wrong file is one clear line that
//! names the file, the key and what would be right, never a panic.

use std::collections::BTreeMap;
use std::ops::RangeInclusive;
use std::path::Path;
use std::time::Duration;

use serde::Deserialize;
use thiserror::Error;

use super::discussions::{self, DiscussionSettings, ThreadSettings};
use super::keymap::{KeyOverrides, Keymap, KeymapError};
use super::media::MediaSettings;
use crate::fetch::FetchLimits;
use crate::store::{ItemOrder, Retention};

#[derive(Debug, Error)]
pub enum ConfigError {
    #[error("config file {path}: {message}")]
    Invalid { path: String, message: String },
    #[error("config file {path}: {source}")]
    Keys { path: String, source: KeymapError },
    #[error("config file {path}: cannot read it: {source}")]
    Unreadable { path: String, source: std::io::Error },
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct Settings {
    /// A built-in theme (default, light, gruvbox) or a file in `<config dir>/themes/`.
    pub theme: String,
    /// The command that opens a web link; `$BROWSER`, then the platform's opener, when unset.
    pub browser: Option<String>,
    /// Take the mouse: the wheel scrolls. Off, the terminal keeps it (selecting text works).
    pub mouse: bool,
    pub refresh: RefreshSettings,
    pub fetch: FetchSettings,
    pub items: ItemSettings,
    pub store: StoreSettings,
    pub comments: CommentSettings,
    pub discussions: DiscussionSettings,
    pub thread: ThreadSettings,
    pub media: MediaSettings,
    /// Key overrides: `[keys.<context>] command = ["key", ...]`.
    pub keys: KeyOverrides,
    /// Extra chrome to hide, per site: `"example.org" = [".promo", "#newsletter"]` (CSS selectors).
    pub hide: BTreeMap<String, Vec<String>>,
}

/// Numbers are read as TOML writes them (any 64-bit integer, negative too) and checked against
/// their key's range in one place ([`Settings::numbers`]), so that every number out of range is
/// the same one-line error naming the key and the range. The typed values come from methods that
/// clamp into the range, so a `Settings` made in code cannot overflow either.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct RefreshSettings {
    /// Feeds fetched at once.
    pub jobs: i64,
    /// Refresh everything in the background every N minutes while the TUI runs; 0 = never.
    pub auto_minutes: i64,
}

#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct ItemSettings {
    /// The item lists' order when folio starts: `newest-first` or `unread-first` (`O` switches).
    pub order: ItemOrder,
}

/// HTTP limits; each unset key keeps the built-in default.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct FetchSettings {
    /// Whole request, body included.
    pub timeout_secs: Option<i64>,
    pub connect_timeout_secs: Option<i64>,
    /// Counted on the decompressed body.
    pub max_body_mib: Option<i64>,
    /// Requests in flight to one host.
    pub per_host: Option<i64>,
}

/// What the database keeps of read, unstarred items (starred and unread ones are always kept).
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct StoreSettings {
    /// Days such an item is kept after its date and its arrival; 0 keeps them all.
    pub keep_days: i64,
    /// The newest items of each feed kept; 0 keeps them all.
    pub max_items_per_feed: i64,
}

impl Default for StoreSettings {
    fn default() -> Self {
        StoreSettings {
            keep_days: 90,
            max_items_per_feed: 0,
        }
    }
}

impl StoreSettings {
    /// The retention these settings describe.
    pub fn retention(&self) -> Retention {
        let limit = |value: i64, range| u32::try_from(clamped(value, &range)).ok().filter(|&n| n > 0);
        Retention {
            keep_days: limit(self.keep_days, KEEP_DAYS),
            max_items_per_feed: limit(self.max_items_per_feed, MAX_ITEMS_PER_FEED),
        }
    }
}

/// Comment threads in the reader.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct CommentSettings {
    /// A cached thread older than this is shown, then fetched again in the background; 0 fetches
    /// it again at every visit.
    pub max_age_minutes: i64,
}

impl Default for CommentSettings {
    fn default() -> Self {
        CommentSettings { max_age_minutes: 10 }
    }
}

impl CommentSettings {
    /// How old a cached thread may be before the reader fetches it again.
    pub fn max_age(&self) -> Duration {
        Duration::from_secs(clamped(self.max_age_minutes, &MAX_AGE_MINUTES) * 60)
    }
}

/// The range of each number of the file, by key.
const JOBS: RangeInclusive<i64> = 1..=256;
const AUTO_MINUTES: RangeInclusive<i64> = 0..=7 * 24 * 60;
const TIMEOUT_SECS: RangeInclusive<i64> = 1..=3600;
const CONNECT_TIMEOUT_SECS: RangeInclusive<i64> = 1..=600;
const MAX_BODY_MIB: RangeInclusive<i64> = 1..=1024;
const PER_HOST: RangeInclusive<i64> = 1..=64;
const KEEP_DAYS: RangeInclusive<i64> = 0..=36_500;
const MAX_ITEMS_PER_FEED: RangeInclusive<i64> = 0..=1_000_000;
const MAX_AGE_MINUTES: RangeInclusive<i64> = 0..=30 * 24 * 60;

/// `value` moved into `range` (the parser has refused anything outside it already).
fn clamped(value: i64, range: &RangeInclusive<i64>) -> u64 {
    value.clamp(*range.start(), *range.end()).unsigned_abs()
}

impl RefreshSettings {
    /// Feeds fetched at once.
    pub fn jobs(&self) -> usize {
        usize::try_from(clamped(self.jobs, &JOBS)).unwrap_or(1)
    }

    /// How often the TUI refreshes in the background, when it does.
    pub fn auto_refresh(&self) -> Option<Duration> {
        let minutes = clamped(self.auto_minutes, &AUTO_MINUTES);
        (minutes > 0).then(|| Duration::from_secs(minutes * 60))
    }
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            theme: "default".into(),
            browser: None,
            mouse: true,
            refresh: RefreshSettings::default(),
            fetch: FetchSettings::default(),
            items: ItemSettings::default(),
            store: StoreSettings::default(),
            comments: CommentSettings::default(),
            discussions: DiscussionSettings::default(),
            thread: ThreadSettings::default(),
            media: MediaSettings::default(),
            keys: KeyOverrides::new(),
            hide: BTreeMap::new(),
        }
    }
}

impl Default for RefreshSettings {
    fn default() -> Self {
        RefreshSettings {
            jobs: i64::try_from(crate::refresh::DEFAULT_JOBS).unwrap_or(1),
            auto_minutes: 0,
        }
    }
}

impl Settings {
    /// Reads `path`; a file that does not exist gives the defaults.
    pub fn load(path: &Path) -> Result<Settings, ConfigError> {
        match std::fs::read_to_string(path) {
            Ok(text) => Settings::parse(&text, path),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Settings::default()),
            Err(source) => Err(ConfigError::Unreadable {
                path: path.display().to_string(),
                source,
            }),
        }
    }

    fn parse(text: &str, path: &Path) -> Result<Settings, ConfigError> {
        let invalid = |message: String| ConfigError::Invalid {
            path: path.display().to_string(),
            message,
        };
        let settings: Settings = toml::from_str(text).map_err(|e| invalid(describe_toml_error(&e)))?;
        let numbers = settings.numbers().into_iter().chain(settings.media.numbers());
        for (key, value, range) in numbers {
            if let Some(value) = value.filter(|v| !range.contains(v)) {
                return Err(invalid(format!(
                    "{key} = {value} is out of range: use a number from {} to {}",
                    range.start(),
                    range.end()
                )));
            }
        }
        settings.discussions.check().map_err(invalid)?;
        Ok(settings)
    }

    /// Every number of the file (`None` when unset), with its key and its range.
    fn numbers(&self) -> [(&'static str, Option<i64>, RangeInclusive<i64>); 10] {
        let (refresh, fetch, store) = (&self.refresh, &self.fetch, &self.store);
        let comments = &self.comments;
        [
            ("refresh.jobs", Some(refresh.jobs), JOBS),
            ("refresh.auto_minutes", Some(refresh.auto_minutes), AUTO_MINUTES),
            ("fetch.timeout_secs", fetch.timeout_secs, TIMEOUT_SECS),
            (
                "fetch.connect_timeout_secs",
                fetch.connect_timeout_secs,
                CONNECT_TIMEOUT_SECS,
            ),
            ("fetch.max_body_mib", fetch.max_body_mib, MAX_BODY_MIB),
            ("fetch.per_host", fetch.per_host, PER_HOST),
            ("store.keep_days", Some(store.keep_days), KEEP_DAYS),
            (
                "store.max_items_per_feed",
                Some(store.max_items_per_feed),
                MAX_ITEMS_PER_FEED,
            ),
            (
                "comments.max_age_minutes",
                Some(comments.max_age_minutes),
                MAX_AGE_MINUTES,
            ),
            (
                "discussions.max_age_minutes",
                Some(self.discussions.max_age_minutes),
                discussions::MAX_AGE_MINUTES,
            ),
        ]
    }

    /// The fetch limits: the defaults with what the user set.
    pub fn fetch_limits(&self) -> FetchLimits {
        let defaults = FetchLimits::default();
        let fetch = &self.fetch;
        let seconds = |value: i64, range| Duration::from_secs(clamped(value, &range));
        FetchLimits {
            timeout: fetch
                .timeout_secs
                .map_or(defaults.timeout, |s| seconds(s, TIMEOUT_SECS)),
            connect_timeout: fetch
                .connect_timeout_secs
                .map_or(defaults.connect_timeout, |s| seconds(s, CONNECT_TIMEOUT_SECS)),
            max_body_bytes: fetch.max_body_mib.map_or(defaults.max_body_bytes, |mib| {
                clamped(mib, &MAX_BODY_MIB) * 1024 * 1024
            }),
            per_host: fetch.per_host.map_or(defaults.per_host, |n| {
                usize::try_from(clamped(n, &PER_HOST)).unwrap_or(1)
            }),
            max_redirects: defaults.max_redirects,
        }
    }

    /// The keymap these settings describe.
    pub fn keymap(&self, path: &Path) -> Result<Keymap, ConfigError> {
        Keymap::new(&self.keys).map_err(|source| ConfigError::Keys {
            path: path.display().to_string(),
            source,
        })
    }
}

/// toml's messages span several lines with a source excerpt; keep the line number and the reason.
fn describe_toml_error(error: &toml::de::Error) -> String {
    let reason = error.message().split_whitespace().collect::<Vec<_>>().join(" ");
    match error.span() {
        Some(span) => format!("at byte {}: {reason}", span.start),
        None => reason,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn missing_file_gives_defaults() {
        let settings = Settings::load(Path::new("/nonexistent/folio/config.toml")).unwrap();
        assert_eq!(settings, Settings::default());
        assert_eq!(settings.refresh.jobs, 16);
        assert!(settings.mouse, "the mouse is on unless the file says otherwise");
    }

    #[test]
    fn full_file_is_read() {
        let text = r##"
            theme = "gruvbox"
            browser = "firefox"
            mouse = false
            [refresh]
            jobs = 4
            auto_minutes = 30
            [items]
            order = "unread-first"
            [keys.thread]
            parent = ["backspace"]
            [discussions]
            hn_search = "http://127.0.0.1:8080/algolia/"
            max_age_minutes = 5
            [thread]
            layout = "split"
            [hide]
            "example.org" = [".promo", "#newsletter"]
        "##;
        let settings = Settings::parse(text, Path::new("c.toml")).unwrap();
        assert_eq!(settings.theme, "gruvbox");
        assert!(!settings.mouse);
        assert_eq!(settings.refresh.auto_minutes, 30);
        assert_eq!(settings.items.order, ItemOrder::UnreadFirst);
        assert_eq!(settings.hide["example.org"], vec![".promo", "#newsletter"]);
        assert!(settings.keymap(Path::new("c.toml")).is_ok());
        let endpoints = settings.discussions.endpoints();
        assert_eq!(
            endpoints.hn_item_tree("1"),
            "http://127.0.0.1:8080/algolia/items/1"
        );
        assert_eq!(
            endpoints.lobsters(),
            "https://lobste.rs",
            "unset keys keep the sites"
        );
        assert_eq!(settings.discussions.max_age(), Duration::from_secs(300));
        assert_eq!(settings.thread.layout, discussions::ThreadLayout::Split);
        assert_eq!(
            Settings::default().thread.layout,
            discussions::ThreadLayout::Inline
        );
    }

    #[test]
    fn errors_are_one_line_naming_the_key() {
        let err = Settings::parse("theme = 3\n", Path::new("c.toml"))
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("config file c.toml: ") && !err.contains('\n'),
            "{err}"
        );
        let err = Settings::parse("[refresh]\njobz = 3\n", Path::new("c.toml"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("jobz") && err.contains("jobs"), "{err}");
        let err = Settings::parse("mouse = \"yes\"\n", Path::new("c.toml"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("mouse") || err.contains("boolean"), "{err}");
        let err = Settings::parse("[refresh]\njobs = 0\n", Path::new("c.toml"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("refresh.jobs") && err.contains("1 to 256"), "{err}");
        let err = Settings::parse("[items]\norder = \"oldest\"\n", Path::new("c.toml"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("oldest") && err.contains("unread-first"), "{err}");
        let err = Settings::parse("[discussions]\nreddit = \"ftp://x\"\n", Path::new("c.toml"))
            .unwrap_err()
            .to_string();
        assert_eq!(
            err,
            "config file c.toml: discussions.reddit = \"ftp://x\" is not a web address: use an http(s) URL"
        );
        let err = Settings::parse("[thread]\nlayout = \"tabs\"\n", Path::new("c.toml"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("tabs") && err.contains("inline"), "{err}");
        let settings = Settings::parse("[keys.thread]\nfly = [\"x\"]\n", Path::new("c.toml")).unwrap();
        let err = settings.keymap(Path::new("c.toml")).unwrap_err().to_string();
        assert!(err.contains("[keys.thread]") && err.contains("fly"), "{err}");
    }

    #[test]
    fn every_number_has_a_range_and_its_extremes_are_checked() {
        let defaults = Settings::default();
        let keys: Vec<_> = (defaults.numbers().into_iter())
            .chain(defaults.media.numbers())
            .map(|(key, _, range)| (key, range))
            .collect();
        assert_eq!(keys.len(), 15);
        for (key, range) in keys {
            let (section, name) = key.split_once('.').unwrap();
            let (min, max) = (*range.start(), *range.end());
            let mut tries = vec![0, 1, max, max + 1, i64::MAX, -1, i64::MIN];
            tries.extend([min, min - 1]);
            for value in tries {
                let text = format!("[{section}]\n{name} = {value}\n");
                let parsed = Settings::parse(&text, Path::new("c.toml"));
                if range.contains(&value) {
                    let settings = parsed.unwrap_or_else(|e| panic!("{text}: {e}"));
                    // The values built from it are usable: no overflow, no zero timeout.
                    let limits = settings.fetch_limits();
                    assert!(limits.timeout >= Duration::from_secs(1) && limits.per_host >= 1);
                    assert!(limits.max_body_bytes >= 1024 * 1024);
                    assert!((1..=256).contains(&settings.refresh.jobs()));
                    let _ = settings.refresh.auto_refresh();
                    assert!(crate::fetch::Fetcher::new(limits).is_ok(), "{text}");
                    let media = &settings.media;
                    assert!(media.download_limits(limits.connect_timeout).max_bytes >= 1 << 20);
                    assert!((1..=16).contains(&media.downloads_at_once()));
                    assert!(media.image_limits().max_pixels >= 1_000_000);
                } else {
                    let err = parsed
                        .err()
                        .unwrap_or_else(|| panic!("{text} accepted"))
                        .to_string();
                    let expected = format!(
                        "config file c.toml: {key} = {value} is out of range: use a number from {min} to {max}"
                    );
                    assert_eq!(err, expected);
                }
            }
        }
    }

    #[test]
    fn the_numbers_that_broke_folio_are_refused() {
        for (text, key) in [
            ("[fetch]\nper_host = 4611686018427387904\n", "fetch.per_host"),
            (
                "[refresh]\nauto_minutes = 9223372036854775807\n",
                "refresh.auto_minutes",
            ),
            ("[fetch]\ntimeout_secs = 0\n", "fetch.timeout_secs"),
        ] {
            let err = Settings::parse(text, Path::new("c.toml"))
                .unwrap_err()
                .to_string();
            assert!(err.contains(key) && err.contains("out of range"), "{err}");
        }
    }
}
