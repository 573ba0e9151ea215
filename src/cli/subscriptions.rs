//! `folio add`, `remove`, `import`, `export`.

use std::path::PathBuf;

use clap::Args;

use super::{GlobalArgs, Outcome};

#[derive(Debug, Args)]
pub struct AddArgs {
    /// The feed's URL, or a site's URL (its feed is discovered)
    pub url: String,
    /// A tag to file the feed under (repeatable)
    #[arg(long = "tag", value_name = "T")]
    pub tags: Vec<String>,
}

#[derive(Debug, Args)]
pub struct RemoveArgs {
    /// The feed's URL, as `folio feeds` shows it
    pub url: String,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// An OPML 1.0/2.0 file or a newsboat `urls` file
    pub file: PathBuf,
}

pub fn add(_global: &GlobalArgs, _args: AddArgs) -> anyhow::Result<Outcome> {
    anyhow::bail!("`folio add` is not built yet")
}

pub fn remove(_global: &GlobalArgs, _args: RemoveArgs) -> anyhow::Result<Outcome> {
    anyhow::bail!("`folio remove` is not built yet")
}

pub fn import(_global: &GlobalArgs, _args: ImportArgs) -> anyhow::Result<Outcome> {
    anyhow::bail!("`folio import` is not built yet")
}

pub fn export(_global: &GlobalArgs) -> anyhow::Result<Outcome> {
    anyhow::bail!("`folio export` is not built yet")
}
