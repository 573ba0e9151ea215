//! File locations: XDG base directories by default, every one overridable by a flag (tests use
//! this to keep each run in its own temp dir).

use std::path::PathBuf;

use anyhow::{Context, Result};
use etcetera::BaseStrategy;

/// The files folio reads and writes.
#[derive(Debug, Clone)]
pub struct Paths {
    /// The SQLite database (feeds, items, article and thread caches).
    pub db: PathBuf,
    /// The TOML config file (it may not exist: defaults apply).
    pub config: PathBuf,
    /// The folder for user themes (`<config dir>/themes/*.toml`).
    pub themes_dir: PathBuf,
    /// The log file, written while the TUI runs.
    pub log: PathBuf,
}

impl Paths {
    /// XDG defaults (`$XDG_DATA_HOME/folio/folio.db`, `$XDG_CONFIG_HOME/folio/config.toml`,
    /// `$XDG_STATE_HOME/folio/folio.log`), each replaced by the given override when there is one.
    pub fn resolve(db: Option<PathBuf>, config: Option<PathBuf>) -> Result<Self> {
        let base = etcetera::choose_base_strategy().context("cannot find the home directory for XDG paths")?;
        let config = config.unwrap_or_else(|| base.config_dir().join("folio").join("config.toml"));
        let themes_dir = config.parent().map_or_else(|| PathBuf::from("themes"), |dir| dir.join("themes"));
        let db = db.unwrap_or_else(|| base.data_dir().join("folio").join("folio.db"));
        let state_dir = base.state_dir().unwrap_or_else(|| base.data_dir()).join("folio");
        Ok(Self { db, config, themes_dir, log: state_dir.join("folio.log") })
    }
}
