//! `folio refresh`.

use clap::Args;

use super::{GlobalArgs, Outcome};

#[derive(Debug, Args)]
pub struct RefreshArgs {
    /// Only these feeds (default: all)
    pub urls: Vec<String>,
    /// How many feeds to fetch at once
    #[arg(long, default_value_t = 16)]
    pub jobs: usize,
}

pub fn refresh(_global: &GlobalArgs, _args: RefreshArgs) -> anyhow::Result<Outcome> {
    anyhow::bail!("`folio refresh` is not built yet")
}
