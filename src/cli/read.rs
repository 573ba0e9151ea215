//! `folio read URL|FILE`: the article of a page as clean text (or one JSON object with `--json`).
//! The FILE path does no runtime or database work (it reads the config for the user's hide rules):
//! it is also how extraction is scored, one process per page. `--comments` adds the page's thread.

use std::io::{IsTerminal, Read, Write};
use std::path::Path;

use anyhow::Context;
use clap::Args;
use serde::Serialize;
use url::Url;

use super::{GlobalArgs, Outcome, discussion, json_out};
use crate::article::{self, Article, ExtractOptions};
use crate::comments::{self, PageThread};
use crate::config::Settings;
use crate::fetch::{FetchOutcome, Fetcher, Validators};
use crate::markup::charset::{self, DocumentKind};
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
    /// Read the article's discussions instead of the page's comments, each under a heading:
    /// hn, lobsters, reddit, page, feed or all (see `folio discussions`)
    #[arg(long, value_name = "SITE")]
    pub discussion: Option<String>,
}

pub fn read(global: &GlobalArgs, args: ReadArgs) -> anyhow::Result<Outcome> {
    let settings = Settings::load(&global.paths()?.config)?;
    let input = load(&args, &settings)?;
    let width = args.width.unwrap_or_else(default_width);
    // A discussion site's JSON (a file, or what an HN / Lobsters / Reddit URL maps to): the story
    // is the article and the thread its comments.
    let mut not_a_discussion = None;
    if let Some(parsed) = discussion::discussion_file(input.text.as_bytes(), input.source.as_deref()) {
        match parsed {
            Ok(mut discussion) => {
                if args.comments {
                    remember_thread(global, &args, &input, &discussion.thread);
                } else {
                    discussion.thread.comments.clear();
                }
                discussion::print_discussion(&discussion, args.json, width)?;
                return Ok(Outcome::Success);
            }
            // JSON of no discussion site: the article path says what it is, and the comments part
            // why there is no thread.
            Err(err)
                if err
                    .downcast_ref::<comments::ApiError>()
                    .is_some_and(|e| matches!(e, comments::ApiError::UnknownSite)) =>
            {
                not_a_discussion = Some(format!("not a discussion folio can read: {err}"));
            }
            Err(err) => {
                return Err(err).with_context(|| {
                    format!(
                        "{}: not a discussion folio can read",
                        sanitize::single_line(&args.input)
                    )
                });
            }
        }
    }
    // A discussion site's own page (an HN item page): its story is the article, the rest of the
    // page the site's navigation.
    if let Some(story) = comments::page_story(&input.text, input.base.as_ref()) {
        let thread = match args
            .comments
            .then(|| comments::from_page(&input.text, input.base.as_ref()))
        {
            Some(PageThread::Found(thread)) => {
                remember_thread(global, &args, &input, &thread);
                thread
            }
            _ => comments::Thread::new(comments::Source::Generic, input.base.as_ref().map(Url::to_string)),
        };
        discussion::print_discussion(&comments::Discussion { story, thread }, args.json, width)?;
        return Ok(Outcome::Success);
    }
    let options = ExtractOptions {
        hide_selectors: settings.hide.clone(),
    };
    let article = article::extract(&input.text, input.base.as_ref(), &options);
    let thread = args
        .comments
        .then(|| comments::from_page(&input.text, input.base.as_ref()));
    if let Some(PageThread::Found(found)) = &thread {
        remember_thread(global, &args, &input, found);
    }

    let mut out = std::io::stdout().lock();
    if args.json {
        let mut object = match serde_json::to_value(JsonOutput::new(&article))? {
            serde_json::Value::Object(object) => object,
            _ => serde_json::Map::new(),
        };
        match &thread {
            Some(thread) => object.extend(discussion::comments_json(thread)),
            None => {
                object.insert("comments".into(), serde_json::Value::Array(Vec::new()));
            }
        }
        if let Some(note) = not_a_discussion.filter(|_| args.comments) {
            object.insert(
                "comments_note".into(),
                serde_json::Value::String(sanitize::single_line(&note)),
            );
        }
        json_out::write_line(&mut out, &object, false)?;
    } else {
        let shows_thread = matches!(thread, Some(PageThread::Found(_) | PageThread::ScriptLoaded(_)));
        if article.blocks.is_empty() && !shows_thread {
            let reason = article.note.as_deref().unwrap_or("no article found on this page");
            anyhow::bail!(
                "{}: {}",
                sanitize::single_line(&args.input),
                sanitize::single_line(reason)
            );
        }
        let text = if args.view {
            article::render(&article, width).to_text()
        } else {
            article.text_wrapped(width)
        };
        out.write_all(text.as_bytes())?;
        if let Some(thread) = &thread {
            writeln!(out)?;
            out.write_all(discussion::thread_text(thread, width).as_bytes())?;
        }
    }
    out.flush()?;
    Ok(Outcome::Success)
}

/// A thread read live from a page's address is the freshest copy there is: when the database
/// (which `read` never creates) holds items at that address, their cached thread is replaced,
/// so the reader shows it next time. Failing that only costs the cache a newer copy: a warning.
fn remember_thread(global: &GlobalArgs, args: &ReadArgs, input: &Input, thread: &comments::Thread) {
    let Some(fetched_from) = input.fetched_from.as_ref() else {
        return;
    };
    let remembered = (|| -> anyhow::Result<()> {
        let db = global.paths()?.db;
        if !db.exists() {
            return Ok(());
        }
        let store = crate::store::Store::open(&db)?;
        let keys = store.thread_keys_for(&[args.input.as_str(), fetched_from.as_str()])?;
        let json = comments::cache::to_json(thread);
        for key in keys {
            store.put_thread(&key, &json)?;
        }
        Ok(())
    })();
    if let Err(err) = remembered {
        let message = format!("{err:#}");
        eprintln!(
            "warning: the thread was not cached: {}",
            sanitize::single_line(&message)
        );
    }
}

/// What `read` works on: the decoded text, the base URL for links, and (for discussion-site JSON)
/// the address it came from.
pub(super) struct Input {
    pub text: String,
    pub base: Option<Url>,
    source: Option<String>,
    /// The page's address when it was fetched (not read from a file).
    fetched_from: Option<Url>,
}

/// The page's text and its URL (`--url` wins over the address it was fetched from). A URL of a
/// discussion site (HN, Lobsters, Reddit) is read through its JSON API.
pub(super) fn load(args: &ReadArgs, settings: &Settings) -> anyhow::Result<Input> {
    let base = match &args.url {
        Some(url) => Some(
            Url::parse(url).with_context(|| format!("--url {}: not a URL", sanitize::single_line(url)))?,
        ),
        None => None,
    };
    if args.input.starts_with("http://") || args.input.starts_with("https://") {
        let url = Url::parse(&args.input)
            .with_context(|| format!("{}: not a URL", sanitize::single_line(&args.input)))?;
        let endpoints = settings.discussions.endpoints();
        let api = comments::api_request(&url, &endpoints).filter(|_| args.comments);
        let fetch_url = api
            .as_ref()
            .map_or_else(|| url.to_string(), |request| request.url.clone());
        let text = fetch_page(&fetch_url, settings)?;
        let source = Some(url.to_string());
        return Ok(Input {
            text,
            base: base.or(Some(url.clone())),
            source,
            fetched_from: Some(url),
        });
    }
    let path = Path::new(&args.input);
    let name = sanitize::single_line(&path.display().to_string());
    let file = std::fs::File::open(path).with_context(|| format!("cannot open {name}"))?;
    let mut bytes = Vec::new();
    file.take(MAX_INPUT_BYTES)
        .read_to_end(&mut bytes)
        .with_context(|| format!("cannot read {name}"))?;
    let source = args.url.clone();
    Ok(Input {
        text: charset::decode(&bytes, None, DocumentKind::Html),
        base,
        source,
        fetched_from: None,
    })
}

/// Fetches a page through the one HTTP client (its timeouts, redirect and size limits).
fn fetch_page(url: &str, settings: &Settings) -> anyhow::Result<String> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let fetcher = Fetcher::new(settings.fetch_limits())?;
    match runtime.block_on(fetcher.get(url, &Validators::default())) {
        Ok(FetchOutcome::Fetched(body)) => Ok(body.text(DocumentKind::Html)),
        Ok(FetchOutcome::NotModified) => {
            anyhow::bail!("{}: 304 to a plain request", sanitize::single_line(url))
        }
        Err(err) => Err(err).with_context(|| sanitize::single_line(url)),
    }
}

/// The terminal's width capped at a comfortable measure; the measure itself when not on a terminal.
pub(super) fn default_width() -> usize {
    if !std::io::stdout().is_terminal() {
        return COMFORTABLE_WIDTH;
    }
    crossterm::terminal::size().map_or(COMFORTABLE_WIDTH, |(cols, _)| {
        usize::from(cols).min(COMFORTABLE_WIDTH)
    })
}

#[derive(Serialize)]
pub(super) struct JsonOutput {
    article: JsonArticle,
    links: Vec<String>,
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
    pub(super) fn new(article: &Article) -> Self {
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
        }
    }
}
