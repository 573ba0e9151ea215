//! `folio add`, `remove`, `import`, `export`.

use std::io::Write as _;
use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use clap::Args;

use super::refresh::{Session, open_store};
use super::{GlobalArgs, Outcome};
use crate::feed::{Subscription, opml, urls_file};
use crate::markup::charset::{self, DocumentKind};
use crate::refresh::{FeedFetchError, find_subscription, store_new_subscription};
use crate::sanitize;

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

/// Subscribes to the feed at (or announced by) the URL and stores its current items.
pub fn add(global: &GlobalArgs, args: AddArgs) -> Result<Outcome> {
    let Session {
        mut store,
        runtime,
        fetcher,
        config,
    } = Session::open(global)?;
    let endpoints = config.discussions.endpoints();
    let found = match runtime.block_on(find_subscription(&fetcher, &endpoints, &args.url)) {
        Ok(found) => found,
        // "no feed found at URL" names the URL already.
        Err(e @ FeedFetchError::NoFeedFound(_)) => return Err(e.into()),
        Err(e) => return Err(e).context(sanitize::single_line(&args.url)),
    };
    let added = store_new_subscription(&mut store, &found, args.tags)?;
    let (url, created, new_items) = (added.url, added.created, added.new_items);
    let title = added
        .title
        .as_deref()
        .map(sanitize::single_line)
        .unwrap_or_default();
    let verb = if created { "added" } else { "already subscribed to" };
    println!(
        "{verb} {} {title} ({new_items} new items)",
        sanitize::single_line(&url)
    );
    Ok(Outcome::Success)
}

pub fn remove(global: &GlobalArgs, args: RemoveArgs) -> Result<Outcome> {
    let mut store = open_store(global)?;
    if !store.unsubscribe(&args.url)? {
        bail!("not subscribed to {}", sanitize::single_line(&args.url));
    }
    println!("removed {}", sanitize::single_line(&args.url));
    Ok(Outcome::Success)
}

/// Subscribes to every feed of an OPML or newsboat `urls` file (nothing is fetched: run `refresh`).
pub fn import(global: &GlobalArgs, args: ImportArgs) -> Result<Outcome> {
    let shown = args.file.display().to_string();
    let bytes = std::fs::read(&args.file).with_context(|| format!("cannot read {shown}"))?;
    let text = charset::decode(&bytes, None, DocumentKind::Xml);
    let (subscriptions, warnings) = if text.trim_start().starts_with('<') {
        (opml::import(&text).with_context(|| shown.clone())?, Vec::new())
    } else {
        urls_file::import(&text)
    };
    let mut store = open_store(global)?;
    let mut added = 0;
    for subscription in &subscriptions {
        let title = subscription.title.as_deref();
        if store.subscribe(&subscription.url, title, &subscription.tags)?.1 {
            added += 1;
        }
    }
    let mut stderr = std::io::stderr().lock();
    for warning in &warnings {
        writeln!(stderr, "warning: {shown}: {}", sanitize::single_line(warning))?;
    }
    println!(
        "imported {} feeds ({added} new) from {shown}",
        subscriptions.len()
    );
    Ok(Outcome::Success)
}

/// OPML 2.0 on stdout, terminal-safe (see [`opml::export`]).
pub fn export(global: &GlobalArgs) -> Result<Outcome> {
    let store = open_store(global)?;
    let subscriptions: Vec<Subscription> = (store.feeds()?.into_iter())
        .map(|feed| Subscription {
            url: feed.url,
            title: feed.title,
            tags: feed.tags,
        })
        .collect();
    let document = opml::export(&subscriptions);
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(document.as_bytes())?;
    stdout.flush()?;
    Ok(Outcome::Success)
}
