//! `folio discussions URL`: every discussion of an article (Hacker News, Lobsters and Reddit
//! asked about its address, the page's own thread, the feed item's comments link), one line each
//! and the most commented first, or a JSON array with `--json`. A site that fails is named on
//! stderr and the others are shown (exit 2). What the sites said is kept in the database and
//! reused within `[discussions] max_age_minutes`.

use std::io::Write as _;
use std::sync::Arc;

use anyhow::{Context, Result};
use clap::Args;
use serde_json::json;

use super::refresh::Session;
use super::{GlobalArgs, Outcome, json_out};
use crate::article::ExtractOptions;
use crate::comments::Thread;
use crate::discussions::{ArticleUrl, DiscussionLink, Finder, Findings, Site, SiteFailure, merge};
use crate::reader::{Reader, feed_discussion};
use crate::sanitize::single_line;
use crate::store::StoreHandle;

#[derive(Debug, Args)]
pub struct DiscussionsArgs {
    /// The article's address
    pub url: String,
    /// A JSON array of {"site", "url", "title", "comments", "points", "created"}
    #[arg(long)]
    pub json: bool,
}

pub fn discussions(global: &GlobalArgs, args: DiscussionsArgs) -> Result<Outcome> {
    let session = DiscussionSession::open(global)?;
    let (findings, _) = session.find(&args.url)?;
    let mut out = std::io::stdout().lock();
    if args.json {
        let array: Vec<serde_json::Value> = findings.discussions.iter().map(link_json).collect();
        json_out::write_line(&mut out, &array, false)?;
    } else {
        for link in &findings.discussions {
            writeln!(out, "{}", line(link))?;
        }
        if findings.discussions.is_empty() {
            writeln!(out, "no discussions found")?;
        }
    }
    out.flush()?;
    report(&findings)
}

/// Says on stderr what the list leaves out and which sites failed; the outcome follows from them.
pub(super) fn report(findings: &Findings) -> Result<Outcome> {
    let mut err = std::io::stderr().lock();
    if findings.total > findings.discussions.len() {
        writeln!(
            err,
            "{} of {} discussions shown, the most commented first",
            findings.discussions.len(),
            findings.total
        )?;
    }
    for failure in &findings.failures {
        writeln!(err, "warning: {}", single_line(&failure.to_string()))?;
    }
    Ok(if findings.failures.is_empty() {
        Outcome::Success
    } else {
        Outcome::Partial
    })
}

/// `hn   120 comments   312 points  Title  https://…`.
fn line(link: &DiscussionLink) -> String {
    let comments = link
        .comments
        .map_or_else(|| "? comments".to_string(), |n| plural(n, "comment"));
    let points = link
        .points
        .map_or_else(|| "-".to_string(), |n| plural_i(n, "point"));
    format!(
        "{:<8} {:>13} {:>11}  {}  {}",
        link.site.name(),
        comments,
        points,
        single_line(&link.title),
        single_line(&link.url)
    )
}

fn plural(n: u64, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

fn plural_i(n: i64, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// A discussion as the JSON object scripts get.
pub(super) fn link_json(link: &DiscussionLink) -> serde_json::Value {
    json!({
        "site": link.site.name(),
        "url": link.url,
        "title": link.title,
        "comments": link.comments,
        "points": link.points,
        "created": link.created.map(|c| c.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)),
    })
}

/// What finding and reading discussions from the command line needs.
pub(super) struct DiscussionSession {
    pub runtime: tokio::runtime::Runtime,
    pub reader: Reader,
    finder: Finder,
}

impl DiscussionSession {
    /// The database (created when missing: it keeps what the sites said), the config's
    /// endpoints and limits, a runtime.
    pub fn open(global: &GlobalArgs) -> Result<DiscussionSession> {
        let Session {
            store,
            config,
            runtime,
            fetcher,
        } = Session::open(global)?;
        let store = StoreHandle::spawn(store).context("cannot start the database thread")?;
        let endpoints = Arc::new(config.discussions.endpoints());
        let reader = Reader {
            store: store.clone(),
            fetcher: fetcher.clone(),
            options: Arc::new(ExtractOptions {
                hide_selectors: config.hide.clone(),
            }),
            thread_max_age: config.comments.max_age(),
            endpoints: Arc::clone(&endpoints),
        };
        let finder = Finder {
            fetcher,
            endpoints,
            store,
            max_age: config.discussions.max_age(),
        };
        Ok(DiscussionSession {
            runtime,
            reader,
            finder,
        })
    }

    /// Every discussion of the article at `url`, and the page's own thread when it has one.
    pub fn find(&self, url: &str) -> Result<(Findings, Option<Thread>)> {
        let article = ArticleUrl::parse(url)
            .with_context(|| format!("{}: not a web address (http or https)", single_line(url)))?;
        let links: Vec<String> = vec![url.to_string(), article.cleaned.clone()];
        self.runtime.block_on(async {
            let feed = self
                .reader
                .store
                .run(move |s| s.feed_discussions(&links.iter().map(String::as_str).collect::<Vec<_>>()));
            let (answers, page, feed) = futures::join!(
                self.finder.ask_all(&article, |_| {}),
                self.reader.page_discussion(&article.cleaned),
                feed
            );
            let mut found: Vec<DiscussionLink> = feed?.iter().map(feed_discussion).collect();
            let mut failures = Vec::new();
            for (_, answer) in answers {
                match answer {
                    Ok(links) => found.extend(links),
                    Err(failure) => failures.push(failure),
                }
            }
            let page_thread = match page {
                Ok(Some((link, thread))) => {
                    found.push(link);
                    Some(thread)
                }
                Ok(None) => None,
                Err(error) => {
                    failures.push(SiteFailure {
                        site: Site::Page,
                        reason: single_line(&error.to_string()),
                    });
                    None
                }
            };
            let (discussions, total) = merge::top(merge::merge(found));
            Ok((
                Findings {
                    discussions,
                    total,
                    failures,
                },
                page_thread,
            ))
        })
    }
}
