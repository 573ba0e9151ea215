//! The media effects: starting the player on an enclosure (or the browser, which also opens links),
//! the download queue (a few at once, progress as actions, each saved file recorded), and article
//! pictures (fetched through the disk cache, checked and decoded on the blocking pool, abandoned
//! when the article is left).

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use ratatui::layout::Size;
use tokio::sync::Semaphore;
use tokio::sync::mpsc::UnboundedSender;
use tokio::task::AbortHandle;

use super::super::Action;
use crate::config::media::MediaSettings;
use crate::fetch::FetchLimits;
use crate::fetch::download::{DownloadLimits, Downloader};
use crate::links::{self, WebLink};
use crate::media::download::{Progress, download};
use crate::media::image::cache::ImageCache;
use crate::media::image::decode::picture;
use crate::media::image::load::ImageLoader;
use crate::media::image::{ImageLimits, ImagesMode};
use crate::media::picture::Graphics;
use crate::media::{file_name, main_enclosure, stored_enclosures};
use crate::sanitize::single_line;
use crate::store::StoreHandle;

/// Progress is reported at most this often (a fast download would flood the screen's loop).
const PROGRESS_EVERY: Duration = Duration::from_millis(200);

/// What the media effects need.
pub struct MediaRunner {
    player: Option<String>,
    browser: Option<String>,
    download_dir: PathBuf,
    downloader: Option<Downloader>,
    slots: Arc<Semaphore>,
    images: Option<ImageLoader>,
    images_mode: ImagesMode,
    graphics: Graphics,
    /// The picture loads of the open article.
    pictures: Arc<Mutex<Vec<AbortHandle>>>,
}

impl MediaRunner {
    /// The `[media]` settings' runner; pictures cached beside the database at `db_path`.
    pub fn new(settings: &MediaSettings, fetch: FetchLimits, db_path: &Path) -> MediaRunner {
        let limits = settings.image_limits();
        let cache = ImageCache::new(db_path.with_file_name("images"), limits.cache_bytes);
        MediaRunner {
            player: settings.player.clone().filter(|p| !p.trim().is_empty()),
            browser: None,
            download_dir: settings.download_dir(),
            downloader: Downloader::new(settings.download_limits(fetch.connect_timeout)).ok(),
            slots: Arc::new(Semaphore::new(settings.downloads_at_once())),
            images: ImageLoader::new(fetch, limits, cache).ok(),
            images_mode: settings.images,
            graphics: Graphics::halfblocks(),
            pictures: Arc::default(),
        }
    }

    pub fn set_browser(&mut self, browser: Option<String>) {
        self.browser = browser;
    }

    pub fn set_graphics(&mut self, graphics: Graphics) {
        self.graphics = graphics;
    }

    /// Asks the terminal how it draws pictures, unless pictures are off.
    pub fn detect_graphics(&mut self) {
        if self.images_mode != ImagesMode::Never {
            self.graphics = Graphics::detect();
        }
    }

    pub fn browser(&self) -> Option<&str> {
        self.browser.as_deref()
    }

    /// The main enclosure of `item_id` as a web link, with the item's own link as its base.
    async fn enclosure_link(store: &StoreHandle, item_id: i64) -> Result<WebLink, String> {
        let (json, base) = store
            .run(move |s| {
                let base = s.item(item_id)?.and_then(|detail| detail.row.link);
                Ok((s.item_enclosures(item_id)?, base))
            })
            .await
            .map_err(|e| single_line(&e.to_string()))?;
        let enclosures = stored_enclosures(json.as_deref());
        let enclosure = main_enclosure(&enclosures).ok_or("this item has no enclosure")?;
        links::openable(&enclosure.url, base.as_deref()).map_err(|refused| format!("not opened: {refused}"))
    }

    pub fn play(&self, store: StoreHandle, item_id: i64, reply: &UnboundedSender<Action>) {
        let (player, browser, reply) = (self.player.clone(), self.browser.clone(), reply.clone());
        tokio::spawn(async move {
            let started = match Self::enclosure_link(&store, item_id).await {
                Ok(url) => play(player.as_deref(), browser.as_deref(), &url),
                Err(message) => Err(message),
            };
            if let Err(message) = started {
                let _ = reply.send(Action::Failed(single_line(&message)));
            }
        });
    }

    pub fn download(&self, store: StoreHandle, item_id: i64, reply: &UnboundedSender<Action>) {
        let reply = reply.clone();
        let Some(downloader) = self.downloader.clone() else {
            let _ = reply.send(Action::Failed("downloads cannot start: no HTTP client".into()));
            return;
        };
        let (slots, dir) = (Arc::clone(&self.slots), self.download_dir.clone());
        tokio::spawn(async move {
            let url = match Self::enclosure_link(&store, item_id).await {
                Ok(url) => url.to_string(),
                Err(message) => {
                    let _ = reply.send(Action::Failed(single_line(&message)));
                    return;
                }
            };
            let name = file_name::from_url(&url, None);
            let _ = reply.send(Action::DownloadQueued {
                url: url.clone(),
                name,
            });
            let Ok(_slot) = slots.acquire_owned().await else {
                return;
            };
            let mut last = Instant::now() - PROGRESS_EVERY;
            let progress = |Progress { done, total }| {
                if last.elapsed() >= PROGRESS_EVERY {
                    last = Instant::now();
                    let url = url.clone();
                    let _ = reply.send(Action::DownloadProgress { url, done, total });
                }
            };
            let saved = download(&downloader, &url, &dir, progress).await;
            let result = match saved {
                Ok(saved) => {
                    let path = saved.path.display().to_string();
                    let (key, value, bytes) = (url.clone(), path.clone(), saved.bytes);
                    if let Err(error) = store.run(move |s| s.record_download(&key, &value, bytes)).await {
                        tracing::warn!("download not recorded: {error}");
                    }
                    Ok(single_line(&path))
                }
                Err(error) => Err(single_line(&format!("{url}: {error}"))),
            };
            let _ = reply.send(Action::DownloadFinished { url, result });
        });
    }

    pub fn load_picture(
        &self,
        (item_id, index, generation): (i64, usize, u64),
        url: String,
        max: Size,
        reply: &UnboundedSender<Action>,
    ) {
        let reply = reply.clone();
        let Some(loader) = self.images.clone() else {
            let result = Err("pictures cannot be fetched: no HTTP client".into());
            let _ = reply.send(Action::PictureLoaded {
                item_id,
                index,
                generation,
                result,
            });
            return;
        };
        let graphics = self.graphics.clone();
        let task = tokio::spawn(async move {
            let result = match loader.bytes(&url).await {
                Ok(bytes) => {
                    let limits: ImageLimits = loader.limits();
                    tokio::task::spawn_blocking(move || picture(&bytes, &limits, &graphics, max))
                        .await
                        .map_err(|e| e.to_string())
                        .and_then(|drawn| drawn.map_err(|refusal| refusal.to_string()))
                }
                Err(error) => Err(error.to_string()),
            };
            let result = result.map_err(|e| single_line(&e));
            let _ = reply.send(Action::PictureLoaded {
                item_id,
                index,
                generation,
                result,
            });
        });
        if let Ok(mut running) = self.pictures.lock() {
            running.retain(|t| !t.is_finished());
            running.push(task.abort_handle());
        }
    }

    /// Stops every picture load (a decode already on the blocking pool finishes, unseen).
    pub fn cancel_pictures(&self) {
        if let Ok(mut running) = self.pictures.lock() {
            running.drain(..).for_each(|task| task.abort());
        }
    }

    /// How many picture loads are running (for tests).
    pub fn pictures_running(&self) -> usize {
        self.pictures
            .lock()
            .map(|running| running.iter().filter(|t| !t.is_finished()).count())
            .unwrap_or(0)
    }
}

impl Default for MediaRunner {
    fn default() -> Self {
        let fetch = FetchLimits::default();
        let mut runner = MediaRunner::new(
            &MediaSettings::default(),
            fetch,
            &std::env::temp_dir().join("folio-default").join("folio.db"),
        );
        runner.downloader = Downloader::new(DownloadLimits::default()).ok();
        runner
    }
}

/// Whether `program` is an executable file on PATH.
fn on_path(program: &str) -> bool {
    let Some(paths) = std::env::var_os("PATH") else {
        return false;
    };
    std::env::split_paths(&paths).any(|dir| {
        let path = dir.join(program);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            path.metadata()
                .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
        }
        #[cfg(not(unix))]
        {
            path.is_file()
        }
    })
}

/// Plays `url` with the configured player, else `mpv` when it is on PATH, else the browser.
fn play(player: Option<&str>, browser: Option<&str>, url: &WebLink) -> Result<(), String> {
    match player {
        Some(player) => spawn_with_url(player, url, "player"),
        None if on_path("mpv") => spawn_with_url("mpv", url, "player"),
        None => open_in_browser(browser, url),
    }
}

/// Opens `url` in the browser: the configured command, else `$BROWSER`, else the platform's
/// opener, without waiting for the browser.
pub fn open_in_browser(configured: Option<&str>, url: &WebLink) -> Result<(), String> {
    let env_browser = std::env::var("BROWSER").ok();
    let command = configured
        .or(env_browser.as_deref())
        .filter(|command| !command.trim().is_empty());
    match command {
        Some(command) => spawn_with_url(command, url, "browser"),
        None => opener::open(url.as_str()).map_err(|e| format!("cannot open the link: {e}")),
    }
}

/// Starts `command` (split at spaces) with `url` as its last argument, without waiting for it.
/// The URL is a normalised web address (see `crate::links`): it begins with its scheme and can
/// never be taken for an option.
fn spawn_with_url(command: &str, url: &WebLink, what: &str) -> Result<(), String> {
    let mut parts = command.split_whitespace();
    let program = parts.next().ok_or(format!("the {what} command is empty"))?;
    let mut child = std::process::Command::new(program)
        .args(parts)
        .arg(url.as_str())
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot start the {what} {program:?}: {e}"))?;
    // Waited for on a thread of its own, so that an exited program leaves no zombie process; a
    // detached thread, so that quitting folio never waits for it.
    let _ = std::thread::Builder::new()
        .name(format!("folio-{what}"))
        .spawn(move || child.wait());
    Ok(())
}
