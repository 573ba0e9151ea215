//! Podcasts, videos and pictures end to end: a podcast feed served on loopback, listed, played
//! and downloaded (with resume) from the command line and the TUI; pictures fetched, refused and
//! drawn in half blocks.

#![allow(clippy::unwrap_used)]

mod cli;
mod downloads;
mod pictures;
mod screens;

use std::path::{Path, PathBuf};

use folio::serve::{Route, StaticServer};

use crate::feeds::Env;

/// The episode's bytes: the same every run, no two neighbouring bytes alike.
pub fn audio_bytes() -> Vec<u8> {
    (0..300_000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8)
        .collect()
}

pub fn video_bytes() -> Vec<u8> {
    (0..50_000u32).map(|i| (i % 251) as u8).collect()
}

/// A PNG of `width` x `height` in two colours, made here.
pub fn png(width: u32, height: u32) -> Vec<u8> {
    let picture = image::RgbImage::from_fn(width, height, |x, _| {
        if x < width / 2 {
            image::Rgb([200, 30, 30])
        } else {
            image::Rgb([30, 30, 200])
        }
    });
    let mut out = Vec::new();
    picture
        .write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
        .unwrap();
    out
}

/// The episode's page: show notes with a chart and a tracking pixel.
const EPISODE_PAGE: &str = r#"<!doctype html><html><head><title>Episode 2: Tides</title></head><body>
<article><h1>Episode 2: Tides</h1>
<p>The water in the harbour rises and falls twice a day. In this episode we follow the tide
from the outer mole to the fish market, and ask the harbour master why the boats lean.</p>
<p><img src="/art/chart.png" alt="A tide chart"></p>
<p>The moon does most of the work, the wind some of it, and the shape of the bay the rest. We
also hear from a diver who has spent thirty years under the quays.</p>
<img src="/pixel.gif" width="1" height="1">
</article></body></html>"#;

pub const EVIL_PATH: &str = "/files/..%2F..%2F.evil%0A%1B%5B2J.pdf";

/// The podcast on loopback, a database subscribed to it and a download folder.
pub struct Podcast {
    pub server: StaticServer,
    pub env: Env,
}

impl Podcast {
    pub fn new() -> Podcast {
        Self::with_config("")
    }

    /// With more of the config file (after short fetch timeouts).
    pub fn with_config(extra: &str) -> Podcast {
        let server = StaticServer::start([], false).unwrap();
        let base = server.url("");
        let feed = std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/media/podcast.xml"),
        )
        .unwrap()
        .replace("{base}", &base)
        .replace("{audio_len}", &audio_bytes().len().to_string())
        .replace("{video_len}", &video_bytes().len().to_string());
        server.set_route("/feed.xml", Route::content(feed, "application/rss+xml"));
        server.set_route("/audio/tides.mp3", Route::content(audio_bytes(), "audio/mpeg"));
        server.set_route("/video/cranes.mp4", Route::content(video_bytes(), "video/mp4"));
        server.set_route(
            EVIL_PATH,
            Route::content(b"%PDF-1.4 evil".to_vec(), "application/pdf"),
        );
        server.set_route("/art/tides.png", Route::content(png(64, 32), "image/png"));
        server.set_route("/episodes/2", Route::content(EPISODE_PAGE, "text/html"));
        server.set_route("/art/chart.png", Route::content(png(120, 40), "image/png"));
        let env = Env::with_config(&format!(
            "[fetch]\ntimeout_secs = 3\nconnect_timeout_secs = 3\n{extra}\n"
        ));
        let (code, _, stderr) = env.run(&["add", &server.url("/feed.xml")]);
        assert_eq!(code, 0, "{stderr}");
        Podcast { server, env }
    }

    pub fn downloads(&self) -> PathBuf {
        self.env.dir().join("downloads")
    }

    /// `folio download URL --dir <downloads>`: (exit code, stdout, stderr).
    pub fn download(&self, url: &str) -> (i32, String, String) {
        let dir = self.downloads();
        self.env.run(&["download", url, "--dir", dir.to_str().unwrap()])
    }

    /// The names in the download folder, sorted.
    pub fn saved_names(&self) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(self.downloads())
            .map(|dir| {
                dir.filter_map(Result::ok)
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        names.sort();
        names
    }
}
