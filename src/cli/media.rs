//! `folio enclosures` (every enclosure of the stored items, with where it was saved) and
//! `folio download` (one enclosure saved to disk, resumed when an earlier try was cut off, with
//! a progress bar on a terminal).

use std::io::{BufWriter, Write};
use std::path::PathBuf;

use anyhow::{Context, Result, anyhow, bail};
use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};
use serde::Serialize;

use super::refresh::open_store;
use super::{GlobalArgs, Outcome, json_out};
use crate::config::Settings;
use crate::fetch::download::Downloader;
use crate::media::describe::{duration, size};
use crate::media::download::{Progress, download};
use crate::media::{main_enclosure, stored_enclosures};
use crate::sanitize::single_line;
use crate::store::Store;

#[derive(Debug, Args)]
pub struct EnclosuresArgs {
    /// Only this feed's items
    #[arg(long, value_name = "URL")]
    pub feed: Option<String>,
    /// One JSON array on stdout
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct DownloadArgs {
    /// An enclosure's URL, or a stored item's link (its first audio or video is saved)
    pub url_or_item: String,
    /// Save into this folder [default: `download_dir` in the config's [media], else $XDG_DOWNLOAD_DIR/folio]
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

#[derive(Serialize)]
struct EnclosureJson {
    item_title: Option<String>,
    item_link: Option<String>,
    url: String,
    #[serde(rename = "type")]
    media_type: Option<String>,
    length: Option<u64>,
    duration: Option<u64>,
    episode: Option<String>,
    image: Option<String>,
    downloaded: Option<String>,
}

pub fn enclosures(global: &GlobalArgs, args: EnclosuresArgs) -> Result<Outcome> {
    let store = open_store(global)?;
    let feed = match &args.feed {
        Some(url) => match store.feed_id(url)? {
            Some(id) => Some(id),
            None => bail!("not subscribed to {}", single_line(url)),
        },
        None => None,
    };
    let mut rows = Vec::new();
    for item in store.items_with_enclosures(feed)? {
        for enclosure in stored_enclosures(Some(&item.enclosures_json)) {
            let downloaded = saved_path(&store, &enclosure.url)?;
            rows.push(EnclosureJson {
                item_title: item.item_title.as_deref().map(single_line),
                item_link: item.item_link.as_deref().map(single_line),
                url: single_line(&enclosure.url),
                media_type: enclosure.media_type.as_deref().map(single_line),
                length: enclosure.length,
                duration: enclosure.duration_secs,
                episode: enclosure.episode.as_deref().map(single_line),
                image: enclosure.image.as_deref().map(single_line),
                downloaded,
            });
        }
    }
    let mut out = BufWriter::new(std::io::stdout().lock());
    if args.json {
        json_out::write_line(&mut out, &rows, true)?;
    } else {
        for row in &rows {
            let kind = row.media_type.clone().unwrap_or_else(|| "file".into());
            let mut facts = vec![kind];
            facts.extend(row.length.map(size));
            facts.extend(row.duration.map(duration));
            let title = row.item_title.as_deref().unwrap_or("(untitled)");
            write!(out, "{}  {title}  {}", facts.join(" · "), row.url)?;
            if let Some(path) = &row.downloaded {
                write!(out, "  [saved: {path}]")?;
            }
            writeln!(out)?;
        }
    }
    out.flush()?;
    Ok(Outcome::Success)
}

/// Where `url` was saved, if the file is still there.
fn saved_path(store: &Store, url: &str) -> Result<Option<String>> {
    let path = store.download_path(url)?;
    Ok(path
        .filter(|p| std::path::Path::new(p).is_file())
        .map(|p| single_line(&p)))
}

pub fn download_command(global: &GlobalArgs, args: DownloadArgs) -> Result<Outcome> {
    let paths = global.paths()?;
    let settings = Settings::load(&paths.config)?;
    let mut store = open_store(global)?;
    let url = enclosure_url(&store, &args.url_or_item)?;
    let shown = single_line(&url);
    let dir = args.dir.clone().unwrap_or_else(|| settings.media.download_dir());
    let limits = settings
        .media
        .download_limits(settings.fetch_limits().connect_timeout);
    let downloader = Downloader::new(limits).with_context(|| shown.clone())?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the runtime")?;
    let bar = ProgressBar::new(0);
    bar.set_style(
        ProgressStyle::with_template("{bar:30} {bytes}/{total_bytes} {bytes_per_sec} {eta}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let saved = runtime.block_on(download(&downloader, &url, &dir, |Progress { done, total }| {
        if let Some(total) = total {
            bar.set_length(total);
        }
        bar.set_position(done);
    }));
    bar.finish_and_clear();
    let saved = saved.map_err(|error| anyhow!("{shown}: {error}"))?;
    let path = saved.path.display().to_string();
    store.record_download(&url, &path, saved.bytes)?;
    println!("{}", single_line(&path));
    Ok(Outcome::Success)
}

/// The enclosure `given` names: the main enclosure of the stored item with that link, else the
/// address itself.
fn enclosure_url(store: &Store, given: &str) -> Result<String> {
    let given = given.trim();
    if let Some(item) = store.item_with_link(given)? {
        let json = store.item_enclosures(item)?;
        let enclosures = stored_enclosures(json.as_deref());
        return match main_enclosure(&enclosures) {
            Some(enclosure) => Ok(enclosure.url.clone()),
            None => bail!("{}: the item has no enclosure", single_line(given)),
        };
    }
    Ok(given.to_string())
}
