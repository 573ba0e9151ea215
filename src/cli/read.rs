//! `folio read URL|FILE`.

use clap::Args;

use super::{GlobalArgs, Outcome};

#[derive(Debug, Args)]
pub struct ReadArgs {
    /// A page's URL, or a local HTML file (or a discussion site's JSON file with --comments)
    pub input: String,
    /// The URL the file was fetched from (resolves relative links; tells which site a JSON file is from)
    #[arg(long, value_name = "BASE")]
    pub url: Option<String>,
    /// Wrap the text to this many columns [default: terminal width, at most 100]
    #[arg(long, value_name = "N")]
    pub width: Option<usize>,
    /// One JSON object on stdout instead of text
    #[arg(long)]
    pub json: bool,
    /// Also print the comment thread
    #[arg(long)]
    pub comments: bool,
}

pub fn read(_global: &GlobalArgs, _args: ReadArgs) -> anyhow::Result<Outcome> {
    anyhow::bail!("`folio read` is not built yet")
}
