//! `folio feeds` and `folio list`.

use clap::Args;

use super::{GlobalArgs, Outcome};

#[derive(Debug, Args)]
pub struct FeedsArgs {
    /// One JSON array on stdout
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only unread items
    #[arg(long)]
    pub unread: bool,
    /// Only this feed's items
    #[arg(long, value_name = "URL")]
    pub feed: Option<String>,
    /// At most N items
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,
    /// One JSON array on stdout
    #[arg(long)]
    pub json: bool,
}

pub fn feeds(_global: &GlobalArgs, _args: FeedsArgs) -> anyhow::Result<Outcome> {
    anyhow::bail!("`folio feeds` is not built yet")
}

pub fn list(_global: &GlobalArgs, _args: ListArgs) -> anyhow::Result<Outcome> {
    anyhow::bail!("`folio list` is not built yet")
}
