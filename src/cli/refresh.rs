//! `folio refresh`, and the setup every networked command shares.

use std::io::Write as _;

use anyhow::{Context, Result};
use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};
use tokio::sync::mpsc;

use super::{GlobalArgs, Outcome};
use crate::config::Settings;
use crate::fetch::Fetcher;
use crate::refresh::{self, Progress};
use crate::sanitize;
use crate::store::Store;

#[derive(Debug, Args)]
pub struct RefreshArgs {
    /// Only these feeds (default: all)
    pub urls: Vec<String>,
    /// How many feeds to fetch at once [default: 16, or `jobs` in the config's [refresh]]
    #[arg(long)]
    pub jobs: Option<usize>,
}

/// What a command that goes to the network needs: the database, the config, a runtime and the client.
pub(super) struct Session {
    pub store: Store,
    pub config: Settings,
    pub runtime: tokio::runtime::Runtime,
    pub fetcher: Fetcher,
}

impl Session {
    pub fn open(global: &GlobalArgs) -> Result<Session> {
        let paths = global.paths()?;
        let config = Settings::load(&paths.config)?;
        let store = open_store(global)?;
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()
            .context("cannot start the runtime")?;
        let fetcher = Fetcher::new(config.fetch_limits())?;
        Ok(Session {
            store,
            config,
            runtime,
            fetcher,
        })
    }
}

/// The database named by `--db` or the default path, with a message that names the file.
pub(super) fn open_store(global: &GlobalArgs) -> Result<Store> {
    let paths = global.paths()?;
    Store::open(&paths.db).with_context(|| format!("cannot open the database {}", paths.db.display()))
}

pub fn refresh(global: &GlobalArgs, args: RefreshArgs) -> Result<Outcome> {
    let Session {
        store,
        config,
        runtime,
        fetcher,
    } = Session::open(global)?;
    let targets = store.refresh_targets(&args.urls)?;
    let options = refresh::RefreshOptions {
        jobs: args.jobs.unwrap_or(config.refresh.jobs()),
        retention: config.store.retention(),
        // Feeds named on the command line are fetched even when they asked for a pause.
        force: !args.urls.is_empty(),
        endpoints: std::sync::Arc::new(config.discussions.endpoints()),
    };
    let bar = progress_bar(targets.len() as u64);
    let (progress, mut events) = mpsc::unbounded_channel::<Progress>();
    let (_store, summary) = runtime.block_on(async {
        let shown = bar.clone();
        let shower = tokio::spawn(async move {
            while let Some(event) = events.recv().await {
                shown.set_position(event.done as u64);
                shown.set_message(sanitize::single_line(&event.url));
            }
        });
        let result = refresh::refresh(store, &fetcher, targets, &options, Some(progress)).await;
        let _ = shower.await;
        result
    })?;
    bar.finish_and_clear();

    let failed: Vec<(&str, &str)> = summary.failures().collect();
    let mut stdout = std::io::stdout().lock();
    writeln!(stdout, "{}", summary.line())?;
    stdout.flush()?;
    let mut stderr = std::io::stderr().lock();
    for (url, cause) in &failed {
        writeln!(
            stderr,
            "error: {}: {}",
            sanitize::single_line(url),
            sanitize::single_line(cause)
        )?;
    }
    Ok(if failed.is_empty() {
        Outcome::Success
    } else {
        Outcome::Partial
    })
}

/// A bar on stderr; indicatif draws nothing when stderr is not a terminal.
fn progress_bar(total: u64) -> ProgressBar {
    let bar = ProgressBar::new(total);
    if let Ok(style) = ProgressStyle::with_template("refreshing {pos}/{len} {bar:30} {wide_msg}") {
        bar.set_style(style);
    }
    bar
}
