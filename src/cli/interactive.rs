//! `folio` (the TUI over the cache) and `folio demo` (the TUI over bundled sample feeds).

use std::io::IsTerminal;
use std::path::Path;
use std::sync::Mutex;

use anyhow::{Context, Result, bail};
use clap::Args;

use super::{GlobalArgs, Outcome};
use crate::app::App;
use crate::app::runner::Runner;
use crate::article::ExtractOptions;
use crate::comments::Endpoints;
use crate::config::{Paths, Settings, Theme};
use crate::fetch::Fetcher;
use crate::refresh::{find_feed, store_new_subscription};
use crate::store::{Store, StoreHandle};
use crate::tui::{self, LoopSettings};
use crate::{demo, sanitize};

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Subscribe and print what was loaded, then exit instead of opening the TUI
    #[arg(long)]
    pub no_tui: bool,
}

/// Opens the TUI on the database of `global`.
pub fn open(global: &GlobalArgs) -> Result<Outcome> {
    let paths = global.paths()?;
    run_tui(global, &paths, &paths.db, None)
}

/// Serves the bundled sample feeds on loopback, subscribes a fresh database to them (a temporary
/// one unless `--db` names one) and opens the TUI.
pub fn demo(global: &GlobalArgs, args: DemoArgs) -> Result<Outcome> {
    let paths = global.paths()?;
    let server = demo::serve().context("cannot start the demo server on 127.0.0.1")?;
    // A folder of a random name, made by us alone and readable by us alone: a predictable name in
    // a shared temporary folder could be made first by someone else, or be a link to elsewhere.
    let (db, temp_dir) = match &global.db {
        Some(db) => (db.clone(), None),
        None => {
            let dir = tempfile::Builder::new()
                .prefix("folio-demo-")
                .tempdir()
                .context("cannot make a temporary folder for the demo's database")?;
            (dir.path().join("folio.db"), Some(dir))
        }
    };
    let result = (|| {
        subscribe_demo_feeds(&server, &paths, &db)?;
        if args.no_tui {
            println!(
                "demo feeds served at {} and stored in {}",
                server.url("/"),
                db.display()
            );
            return Ok(Outcome::Success);
        }
        run_tui(global, &paths, &db, Some(demo::endpoints(&server)))
    })();
    // The temporary database goes with the demo; a --db the user named stays.
    drop(temp_dir);
    result
}

fn subscribe_demo_feeds(server: &crate::serve::StaticServer, paths: &Paths, db: &Path) -> Result<()> {
    let settings = Settings::load(&paths.config)?;
    let mut store = Store::open(db).with_context(|| format!("cannot open the database {}", db.display()))?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let fetcher = Fetcher::new(settings.fetch_limits())?;
    for (path, tag) in demo::FEEDS {
        let url = server.url(path);
        let found = runtime
            .block_on(find_feed(&fetcher, &url))
            .with_context(|| format!("demo feed {url}"))?;
        store_new_subscription(&mut store, &found, vec![(*tag).to_string()])?;
    }
    Ok(())
}

/// The reader over the database at `db`; `endpoints` stand in for the config's discussion sites.
fn run_tui(global: &GlobalArgs, paths: &Paths, db: &Path, endpoints: Option<Endpoints>) -> Result<Outcome> {
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        bail!("the reader needs a terminal; for scripts use `folio list`, `folio read` (see `folio --help`)");
    }
    let settings = Settings::load(&paths.config)?;
    let endpoints = endpoints.unwrap_or_else(|| settings.discussions.endpoints());
    let theme_name = global.theme.clone().unwrap_or_else(|| settings.theme.clone());
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let theme = Theme::load(&theme_name, &paths.themes_dir, no_color)?;
    let keymap = settings.keymap(&paths.config)?;
    log_to_file(&paths.log);
    let store = Store::open(db).with_context(|| format!("cannot open the database {}", db.display()))?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the runtime")?;
    let fetcher = Fetcher::new(settings.fetch_limits())?;
    let options = ExtractOptions {
        hide_selectors: settings.hide.clone(),
    };
    let (width, height) = crossterm::terminal::size().context("cannot read the terminal size")?;
    let auto_refresh = settings.refresh.auto_refresh();
    runtime.block_on(async {
        let handle = StoreHandle::spawn(store).context("cannot start the database thread")?;
        let mut runner = Runner::new(handle, fetcher, options, db.to_path_buf())
            .with_refresh(crate::refresh::RefreshOptions {
                jobs: settings.refresh.jobs(),
                retention: settings.store.retention(),
                force: false,
                endpoints: std::sync::Arc::new(endpoints.clone()),
            })
            .with_browser(settings.browser.clone())
            .with_media(&settings.media, settings.fetch_limits())
            .with_endpoints(endpoints)
            .with_discussion_max_age(settings.discussions.max_age())
            .with_thread_max_age(settings.comments.max_age());
        tui::run(
            App::new(width, height)
                .with_item_order(settings.items.order)
                .with_thread_layout(settings.thread.layout)
                .with_images(settings.media.images),
            LoopSettings {
                theme,
                keymap,
                auto_refresh,
                mouse: settings.mouse,
            },
            &mut runner,
        )
        .await
    })?;
    Ok(Outcome::Success)
}

/// Sends logs to a file while the TUI owns the screen. Without a writable log file folio runs
/// without logs rather than not at all.
fn log_to_file(path: &Path) {
    let opened = path
        .parent()
        .map_or(Ok(()), std::fs::create_dir_all)
        .and_then(|()| std::fs::OpenOptions::new().create(true).append(true).open(path));
    let Ok(file) = opened else { return };
    let filter = tracing_subscriber::EnvFilter::try_from_env("FOLIO_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("folio=info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(false)
        .with_writer(Mutex::new(file))
        .try_init();
    tracing::info!(
        "folio {} started; database {}",
        env!("CARGO_PKG_VERSION"),
        sanitize::single_line(&path.display().to_string())
    );
}
