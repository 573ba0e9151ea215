//! `folio read URL|FILE`.

use anyhow::Context;
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

pub fn read(_global: &GlobalArgs, args: ReadArgs) -> anyhow::Result<Outcome> {
    // Comments part only (issue 4 branch); the article part replaces this at merge.
    let bytes = std::fs::read(&args.input).with_context(|| format!("cannot read {}", args.input))?;
    let page_url = args.url.as_deref().and_then(|u| url::Url::parse(u).ok());
    if let Some(discussion) = super::discussion::discussion_file(&bytes, args.url.as_deref()) {
        let discussion =
            discussion.with_context(|| format!("{}: not a discussion folio can read", args.input))?;
        super::discussion::print_discussion(&discussion, args.json, args.width.unwrap_or(100));
        return Ok(Outcome::Success);
    }
    let html = crate::charset::decode(&bytes, None, crate::charset::DocumentKind::Html);
    super::discussion::print_page_comments(&html, page_url.as_ref(), args.json, args.width.unwrap_or(100));
    Ok(Outcome::Success)
}
