//! `folio read URL|FILE`: the article of a page as clean text (or one JSON object with `--json`).
//! The FILE path does no runtime, database or config work: it is also how extraction is scored,
//! one process per page.

use std::io::{IsTerminal, Read, Write};
use std::path::Path;

use anyhow::Context;
use clap::Args;
use serde::Serialize;
use url::Url;

use super::{GlobalArgs, Outcome};
use crate::article::{self, Article, ExtractOptions};
use crate::charset::{self, DocumentKind};
use crate::sanitize;

/// The most of a page we read: more than the extractor uses (it cuts at its own limit), far less
/// than a runaway file could hold.
const MAX_INPUT_BYTES: u64 = 64 * 1024 * 1024;
/// The widest measure we wrap to by default: longer lines are hard to read.
const COMFORTABLE_WIDTH: usize = 100;

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
    /// The reader view: title and byline on top, images as [image: ...], links numbered [n] and
    /// listed at the end (without it: the body text only, for pipes and scripts)
    #[arg(long)]
    pub view: bool,
}

pub fn read(_global: &GlobalArgs, args: ReadArgs) -> anyhow::Result<Outcome> {
    let (page, page_url) = load(&args)?;
    let article = article::extract(&page, page_url.as_ref(), &ExtractOptions::default());
    // The comment thread joins here (`crate::comments` on the same page) when that module lands;
    // until then `--comments` yields an empty list.
    let comments: Vec<serde_json::Value> = Vec::new();

    let mut out = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer(&mut out, &JsonOutput::new(&article, comments))?;
        writeln!(out)?;
    } else {
        let width = args.width.unwrap_or_else(default_width);
        let text = if args.view {
            article::render(&article, width).to_text()
        } else {
            article.text_wrapped(width)
        };
        out.write_all(text.as_bytes())?;
    }
    out.flush()?;
    Ok(Outcome::Success)
}

/// The page's text and its URL (`--url` wins over the address it was fetched from).
fn load(args: &ReadArgs) -> anyhow::Result<(String, Option<Url>)> {
    let base = match &args.url {
        Some(url) => Some(
            Url::parse(url).with_context(|| format!("--url {}: not a URL", sanitize::single_line(url)))?,
        ),
        None => None,
    };
    if args.input.starts_with("http://") || args.input.starts_with("https://") {
        let url = Url::parse(&args.input)
            .with_context(|| format!("{}: not a URL", sanitize::single_line(&args.input)))?;
        let page = fetch_page(&url)?;
        return Ok((page, base.or(Some(url))));
    }
    let path = Path::new(&args.input);
    let name = sanitize::single_line(&path.display().to_string());
    let file = std::fs::File::open(path).with_context(|| format!("cannot open {name}"))?;
    let mut bytes = Vec::new();
    file.take(MAX_INPUT_BYTES)
        .read_to_end(&mut bytes)
        .with_context(|| format!("cannot read {name}"))?;
    Ok((charset::decode(&bytes, None, DocumentKind::Html), base))
}

/// Fetches a page over HTTP. At merge this goes through `crate::fetch` (shared limits, User-Agent);
/// until then, a plain GET with the same body limit.
fn fetch_page(url: &Url) -> anyhow::Result<String> {
    let shown = sanitize::single_line(url.as_str());
    let _ = rustls::crypto::ring::default_provider().install_default();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let client = reqwest::Client::builder()
            .timeout(std::time::Duration::from_secs(30))
            .build()
            .context("cannot start the HTTP client")?;
        let mut response = client
            .get(url.clone())
            .send()
            .await
            .with_context(|| format!("cannot fetch {shown}"))?;
        if !response.status().is_success() {
            anyhow::bail!("{shown}: HTTP {}", response.status());
        }
        let content_type = response
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let mut bytes = Vec::new();
        while let Some(chunk) = response
            .chunk()
            .await
            .with_context(|| format!("cannot read {shown}"))?
        {
            bytes.extend_from_slice(&chunk);
            if bytes.len() as u64 > MAX_INPUT_BYTES {
                anyhow::bail!(
                    "{shown}: the page is larger than {} MiB",
                    MAX_INPUT_BYTES / (1024 * 1024)
                );
            }
        }
        Ok(charset::decode(
            &bytes,
            content_type.as_deref(),
            DocumentKind::Html,
        ))
    })
}

/// The terminal's width capped at a comfortable measure; the measure itself when not on a terminal.
fn default_width() -> usize {
    if !std::io::stdout().is_terminal() {
        return COMFORTABLE_WIDTH;
    }
    crossterm::terminal::size().map_or(COMFORTABLE_WIDTH, |(cols, _)| {
        usize::from(cols).min(COMFORTABLE_WIDTH)
    })
}

#[derive(Serialize)]
struct JsonOutput {
    article: JsonArticle,
    links: Vec<String>,
    comments: Vec<serde_json::Value>,
}

#[derive(Serialize)]
struct JsonArticle {
    title: Option<String>,
    byline: Option<String>,
    date: Option<String>,
    site: Option<String>,
    url: Option<String>,
    text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<String>,
}

impl JsonOutput {
    fn new(article: &Article, comments: Vec<serde_json::Value>) -> Self {
        let one_line = |field: &Option<String>| field.as_deref().map(sanitize::single_line);
        JsonOutput {
            article: JsonArticle {
                title: one_line(&article.title),
                byline: one_line(&article.byline),
                date: one_line(&article.date),
                site: one_line(&article.site),
                url: one_line(&article.url),
                text: sanitize::multi_line(&article.text()).into_owned(),
                note: one_line(&article.note),
            },
            links: article.links().iter().map(|l| sanitize::single_line(l)).collect(),
            comments,
        }
    }
}
