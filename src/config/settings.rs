//! The user's config file (`config.toml`): theme, keys, refresh, per-site hide rules, browser.
//!
//! Every field is optional; a missing file means the defaults. A wrong file is one clear line that
//! names the file, the key and what would be right, never a panic.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

use serde::Deserialize;
use thiserror::Error;

use super::keymap::{KeyOverrides, Keymap, KeymapError};
use crate::fetch::FetchLimits;
use crate::store::ItemOrder;

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
    /// Key overrides: `[keys.<context>] command = ["key", ...]`.
    pub keys: KeyOverrides,
    /// Extra chrome to hide, per site: `"example.org" = [".promo", "#newsletter"]` (CSS selectors).
    pub hide: BTreeMap<String, Vec<String>>,
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct RefreshSettings {
    /// Feeds fetched at once.
    pub jobs: usize,
    /// Refresh everything in the background every N minutes while the TUI runs; 0 = never.
    pub auto_minutes: u64,
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
    pub timeout_secs: Option<u64>,
    pub connect_timeout_secs: Option<u64>,
    /// Counted on the decompressed body.
    pub max_body_mib: Option<u64>,
    /// Requests in flight to one host.
    pub per_host: Option<usize>,
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
            keys: KeyOverrides::new(),
            hide: BTreeMap::new(),
        }
    }
}

impl Default for RefreshSettings {
    fn default() -> Self {
        RefreshSettings {
            jobs: crate::refresh::DEFAULT_JOBS,
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
        if settings.refresh.jobs == 0 || settings.refresh.jobs > 256 {
            return Err(invalid(format!(
                "refresh.jobs = {} is out of range: use a number from 1 to 256",
                settings.refresh.jobs
            )));
        }
        Ok(settings)
    }

    /// The fetch limits: the defaults with what the user set.
    pub fn fetch_limits(&self) -> FetchLimits {
        let defaults = FetchLimits::default();
        let fetch = &self.fetch;
        FetchLimits {
            timeout: fetch.timeout_secs.map_or(defaults.timeout, Duration::from_secs),
            connect_timeout: fetch
                .connect_timeout_secs
                .map_or(defaults.connect_timeout, Duration::from_secs),
            max_body_bytes: fetch
                .max_body_mib
                .map_or(defaults.max_body_bytes, |mib| mib.saturating_mul(1024 * 1024)),
            per_host: fetch.per_host.unwrap_or(defaults.per_host).max(1),
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
        let settings = Settings::parse("[keys.thread]\nfly = [\"x\"]\n", Path::new("c.toml")).unwrap();
        let err = settings.keymap(Path::new("c.toml")).unwrap_err().to_string();
        assert!(err.contains("[keys.thread]") && err.contains("fly"), "{err}");
    }
}
