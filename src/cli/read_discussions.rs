//! `folio read URL --discussion SITE|all`: the article, then the threads of its discussions on
//! that site (or all of them), each under a heading naming where it was said; with `--json`, the
//! article object with a `discussions` array, each discussion with its `thread`.

use std::io::Write as _;

use anyhow::{Result, bail};
use url::Url;

use super::discussions::{DiscussionSession, link_json, report};
use super::read::{JsonOutput, ReadArgs, default_width, load};
use super::{GlobalArgs, Outcome, discussion, json_out};
use crate::article::{self, ExtractOptions};
use crate::comments::{self, Thread};
use crate::config::Settings;
use crate::discussions::{DiscussionLink, Site};
use crate::sanitize::single_line;

/// Which discussions to read: one site's, or `None` for all of them.
fn wanted(site: &str) -> Result<Option<Site>> {
    if site == "all" {
        return Ok(None);
    }
    match Site::from_name(site) {
        Some(site) => Ok(Some(site)),
        None => bail!(
            "--discussion {}: use hn, lobsters, reddit, page, feed or all",
            single_line(site)
        ),
    }
}

pub fn read(global: &GlobalArgs, args: &ReadArgs, site: &str) -> Result<Outcome> {
    let wanted = wanted(site)?;
    let settings = Settings::load(&global.paths()?.config)?;
    if Url::parse(&args.input).is_err() {
        bail!(
            "{}: --discussion needs the article's web address",
            single_line(&args.input)
        );
    }
    let input = load(args, &settings)?;
    let options = ExtractOptions {
        hide_selectors: settings.hide.clone(),
    };
    let article = &article::extract(&input.text, input.base.as_ref(), &options);
    let session = DiscussionSession::open(global)?;
    let (findings, page_thread) = session.find(&args.input)?;
    let chosen: Vec<&DiscussionLink> = (findings.discussions.iter())
        .filter(|link| wanted.is_none_or(|site| link.site == site))
        .collect();
    let reader = &session.reader;
    let threads: Vec<Result<Thread, String>> =
        session
            .runtime
            .block_on(futures::future::join_all(chosen.iter().map(|link| async {
                match (&page_thread, link.site) {
                    (Some(thread), Site::Page) => Ok(thread.clone()),
                    _ => {
                        let url = Url::parse(&link.url).map_err(|e| e.to_string())?;
                        let (thread, notice) = reader
                            .fetch_thread_from(&[url], None, &|_: &str| {})
                            .await
                            .map_err(|e| e.to_string())?;
                        notice.map_or(Ok(thread), Err)
                    }
                }
            })));
    let mut out = std::io::stdout().lock();
    let width = args.width.unwrap_or_else(default_width);
    let mut failed = false;
    if args.json {
        let mut object = match serde_json::to_value(JsonOutput::new(article))? {
            serde_json::Value::Object(object) => object,
            _ => serde_json::Map::new(),
        };
        let read: Vec<serde_json::Value> = (chosen.iter().zip(&threads))
            .map(|(link, thread)| {
                let mut json = link_json(link);
                match thread {
                    Ok(thread) => json["thread"] = discussion::thread_json(thread),
                    Err(why) => {
                        failed = true;
                        json["thread"] = serde_json::Value::Array(Vec::new());
                        json["error"] = serde_json::Value::String(single_line(why));
                    }
                }
                json
            })
            .collect();
        object.insert("discussions".into(), serde_json::Value::Array(read));
        json_out::write_line(&mut out, &object, false)?;
    } else {
        let text = if args.view {
            article::render(article, width).to_text()
        } else {
            article.text_wrapped(width)
        };
        out.write_all(text.as_bytes())?;
        for (link, thread) in chosen.iter().zip(&threads) {
            writeln!(out, "\n{}\n", heading(link))?;
            match thread {
                Ok(thread) if thread.is_empty() => writeln!(out, "(no comments)")?,
                Ok(thread) => {
                    for line in comments::render::thread_lines(thread, width) {
                        writeln!(out, "{line}")?;
                    }
                }
                Err(why) => {
                    failed = true;
                    writeln!(out, "(not read: {})", single_line(why))?;
                }
            }
        }
    }
    out.flush()?;
    if chosen.is_empty() {
        let what = wanted.map_or("any site", Site::title);
        eprintln!("no discussion found on {what}");
    }
    let outcome = report(&findings)?;
    Ok(if failed { Outcome::Partial } else { outcome })
}

/// `══ HN · 312 comments · Title · https://… ══`.
fn heading(link: &DiscussionLink) -> String {
    let mut parts = vec![link.label()];
    if let Some(count) = link.comments {
        parts.push(if count == 1 {
            "1 comment".to_string()
        } else {
            format!("{count} comments")
        });
    }
    if !link.title.is_empty() {
        parts.push(single_line(&link.title));
    }
    parts.push(single_line(&link.url));
    format!("══ {} ══", parts.join(" · "))
}
