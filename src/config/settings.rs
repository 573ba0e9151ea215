//! The user's config file (TOML). Every key is optional; a missing file means all defaults.
//!
//! ```toml
//! [fetch]
//! timeout_secs = 30          # whole request, body included
//! connect_timeout_secs = 10
//! max_body_mib = 16          # counted on the decompressed body
//! per_host = 2               # requests in flight to one host
//!
//! [refresh]
//! jobs = 16                  # feeds fetched at once
//! ```

use std::path::Path;
use std::time::Duration;

use anyhow::{Context, Result};
use serde::Deserialize;

use crate::fetch::FetchLimits;

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    #[serde(default)]
    pub fetch: FetchConfig,
    #[serde(default)]
    pub refresh: RefreshConfig,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FetchConfig {
    pub timeout_secs: Option<u64>,
    pub connect_timeout_secs: Option<u64>,
    pub max_body_mib: Option<u64>,
    pub per_host: Option<usize>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RefreshConfig {
    pub jobs: Option<usize>,
}

impl Config {
    /// Reads `path`; a file that does not exist gives the defaults, a broken one is an error that
    /// names the file and the problem.
    pub fn load(path: &Path) -> Result<Config> {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Config::default()),
            Err(e) => {
                return Err(e).with_context(|| format!("cannot read the config file {}", path.display()));
            }
        };
        toml::from_str(&text).with_context(|| format!("invalid config file {}", path.display()))
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
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn missing_file_is_defaults_and_keys_override() {
        let dir = tempfile::tempdir().unwrap();
        let missing = Config::load(&dir.path().join("none.toml")).unwrap();
        assert_eq!(missing.fetch_limits(), FetchLimits::default());
        let path = dir.path().join("config.toml");
        std::fs::write(
            &path,
            "[fetch]\ntimeout_secs = 2\nmax_body_mib = 1\n[refresh]\njobs = 4\n",
        )
        .unwrap();
        let config = Config::load(&path).unwrap();
        assert_eq!(config.fetch_limits().timeout, Duration::from_secs(2));
        assert_eq!(config.fetch_limits().max_body_bytes, 1024 * 1024);
        assert_eq!(config.refresh.jobs, Some(4));
    }

    #[test]
    fn a_broken_file_names_itself() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        std::fs::write(&path, "[fetch]\ntimeout = \"soon\"\n").unwrap();
        let err = format!("{:#}", Config::load(&path).unwrap_err());
        assert!(err.contains("config.toml") && err.contains("timeout"), "{err}");
    }
}
