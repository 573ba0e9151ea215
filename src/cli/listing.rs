//! `folio feeds` and `folio list`. Every string from a feed is made terminal-safe, in JSON too.

use std::borrow::Cow;
use std::io::{BufWriter, Write};

use anyhow::{Result, bail};
use chrono::{DateTime, Datelike, Timelike, Utc};
use clap::Args;
use serde::Serialize;

use super::json_out;
use super::refresh::open_store;
use super::{GlobalArgs, Outcome};
use crate::markup;
use crate::sanitize::{one_line, single_line};
use rustc_hash::FxHashMap;

use crate::store::{FeedId, ItemFilter, ItemQuery, ItemRowRef, RowFields};

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
    /// Items whose title or text hold every one of these words, best match first
    #[arg(long, value_name = "WORDS", conflicts_with_all = ["unread", "feed"])]
    pub search: Option<String>,
    /// One JSON array on stdout
    #[arg(long)]
    pub json: bool,
}

#[derive(Serialize)]
struct FeedJson {
    url: String,
    title: Option<String>,
    site_url: Option<String>,
    tags: Vec<String>,
    unread: u64,
    total: u64,
    last_fetch: Option<String>,
    last_error: Option<String>,
    /// A refresh of all feeds leaves this one alone until then (null: the next one fetches it).
    next_fetch: Option<String>,
}

#[derive(Serialize)]
struct ItemJson {
    feed: String,
    title: Option<String>,
    link: Option<String>,
    published: Option<String>,
    read: bool,
    starred: bool,
    comments: Option<String>,
}

fn safe(text: Option<&str>) -> Option<String> {
    text.map(single_line)
}

pub fn feeds(global: &GlobalArgs, args: FeedsArgs) -> Result<Outcome> {
    let store = open_store(global)?;
    let feeds = store.feeds()?;
    let mut out = BufWriter::new(std::io::stdout().lock());
    if args.json {
        let rows: Vec<FeedJson> = feeds
            .iter()
            .map(|f| FeedJson {
                url: single_line(&f.url),
                title: safe(f.title.as_deref()),
                site_url: safe(f.site_url.as_deref()),
                tags: f.tags.iter().map(|t| single_line(t)).collect(),
                unread: f.unread,
                total: f.total,
                last_fetch: f.last_fetch.map(|t| t.to_rfc3339()),
                last_error: safe(f.last_error.as_deref()),
                next_fetch: f.next_fetch.map(|t| t.to_rfc3339()),
            })
            .collect();
        json_out::write_line(&mut out, &rows, true)?;
    } else {
        for f in &feeds {
            let title = safe(f.title.as_deref()).unwrap_or_default();
            write!(
                out,
                "{:>5}/{:<5} {}  {}",
                f.unread,
                f.total,
                single_line(&f.url),
                title
            )?;
            if let Some(error) = &f.last_error {
                write!(out, "  [error: {}]", single_line(error))?;
            }
            writeln!(out)?;
        }
    }
    out.flush()?;
    Ok(Outcome::Success)
}

pub fn list(global: &GlobalArgs, args: ListArgs) -> Result<Outcome> {
    let mut store = open_store(global)?;
    if let Some(words) = &args.search {
        let found = store.search(words, args.limit.unwrap_or(usize::MAX), markup::html_to_plain)?;
        return stream_rows(args.json, |print| {
            found.iter().try_for_each(|row| print(&row.as_row_ref()))
        });
    }
    let feed = match &args.feed {
        Some(url) => match store.feed_id(url)? {
            Some(id) => Some(id),
            None => bail!("not subscribed to {}", single_line(url)),
        },
        None => None,
    };
    let query = ItemQuery {
        filter: if args.unread {
            ItemFilter::Unread
        } else {
            ItemFilter::All
        },
        feed,
        limit: args.limit,
        fields: RowFields::ListLine,
        ..ItemQuery::default()
    };
    stream_rows(args.json, |print| store.for_each_item(&query, print))
}

/// Prints the rows `each` hands to the printer it is given, in that order.
fn stream_rows(
    json: bool,
    each: impl FnOnce(&mut dyn FnMut(&ItemRowRef<'_>) -> Result<()>) -> Result<()>,
) -> Result<Outcome> {
    let mut out = BufWriter::new(std::io::stdout().lock());
    let mut printer = RowPrinter::new(json);
    printer.start(&mut out)?;
    each(&mut |row| printer.row(&mut out, row))?;
    printer.finish(&mut out)?;
    out.flush()?;
    Ok(Outcome::Success)
}

/// Writes item rows as text lines or as one JSON array, streamed row by row.
enum RowPrinter {
    /// Each feed's name, made safe once rather than on each of its rows.
    Text {
        feed_names: FxHashMap<FeedId, String>,
    },
    Json {
        first: bool,
    },
}

impl RowPrinter {
    fn new(json: bool) -> RowPrinter {
        if json {
            RowPrinter::Json { first: true }
        } else {
            RowPrinter::Text {
                feed_names: FxHashMap::default(),
            }
        }
    }

    fn start(&self, out: &mut impl Write) -> Result<()> {
        if let RowPrinter::Json { .. } = self {
            out.write_all(b"[")?;
        }
        Ok(())
    }

    fn row(&mut self, out: &mut impl Write, i: &ItemRowRef<'_>) -> Result<()> {
        match self {
            RowPrinter::Json { first } => {
                if !std::mem::take(first) {
                    out.write_all(b",")?;
                }
                let row = ItemJson {
                    feed: single_line(i.feed_url),
                    title: safe(i.title),
                    link: safe(i.link),
                    published: i.published.map(|t| t.to_rfc3339()),
                    read: i.read,
                    starred: i.starred,
                    comments: safe(i.comments_url),
                };
                json_out::write(&mut *out, &row, false)?;
            }
            RowPrinter::Text { feed_names } => {
                // `N 2024-01-31 09:05  Feed: Title  link`, written piece by piece: a long listing
                // is little else, and formatting machinery per row would be most of it.
                out.write_all(if i.read { b"  " } else { b"N " })?;
                match i.published {
                    Some(t) => out.write_all(&minute_stamp(&t))?,
                    None => out.write_all(&[b' '; 16])?,
                }
                out.write_all(b"  ")?;
                let feed = feed_names.entry(i.feed_id).or_insert_with(|| {
                    single_line(i.feed_title.filter(|t| !t.is_empty()).unwrap_or(i.feed_url))
                });
                out.write_all(feed.as_bytes())?;
                out.write_all(b": ")?;
                out.write_all(i.title.map_or(Cow::Borrowed("(untitled)"), one_line).as_bytes())?;
                out.write_all(b"  ")?;
                out.write_all(i.link.map_or(Cow::Borrowed(""), one_line).as_bytes())?;
                out.write_all(b"\n")?;
            }
        }
        Ok(())
    }

    fn finish(&self, out: &mut impl Write) -> Result<()> {
        if let RowPrinter::Json { .. } = self {
            out.write_all(b"]\n")?;
        }
        Ok(())
    }
}

/// `YYYY-MM-DD HH:MM` in UTC.
fn minute_stamp(time: &DateTime<Utc>) -> [u8; 16] {
    let mut stamp = *b"0000-00-00 00:00";
    let mut put = |at: usize, width: usize, mut value: u32| {
        for slot in stamp[at..at + width].iter_mut().rev() {
            *slot = b'0' + (value % 10) as u8;
            value /= 10;
        }
    };
    // The naive time once: each accessor of a `DateTime` converts it again.
    let time = time.naive_utc();
    put(0, 4, u32::try_from(time.year()).unwrap_or(0).min(9999));
    put(5, 2, time.month());
    put(8, 2, time.day());
    put(11, 2, time.hour());
    put(14, 2, time.minute());
    stamp
}
