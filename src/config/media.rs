//! The config's `[media]` table: the player, where downloads go and how large they may be, how
//! many run at once, and when article pictures are fetched, how large they may be and how much
//! disk their cache takes.

use std::ops::RangeInclusive;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;

use crate::fetch::download::DownloadLimits;
use crate::media::image::{ImageLimits, ImagesMode};

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct MediaSettings {
    /// The command that plays an enclosure (its URL is added as the last argument); `mpv` when it
    /// is on PATH, else the browser, when unset.
    pub player: Option<String>,
    /// When article pictures are fetched: `never`, `on-demand` (`i`), `auto` (those in view).
    pub images: ImagesMode,
    /// Where downloads go; `$XDG_DOWNLOAD_DIR/folio` when unset.
    pub download_dir: Option<String>,
    pub max_download_mib: i64,
    pub downloads_at_once: i64,
    pub max_image_mib: i64,
    pub max_image_megapixels: i64,
    pub image_cache_mib: i64,
}

impl Default for MediaSettings {
    fn default() -> Self {
        MediaSettings {
            player: None,
            images: ImagesMode::default(),
            download_dir: None,
            max_download_mib: 2048,
            downloads_at_once: 2,
            max_image_mib: 8,
            max_image_megapixels: 50,
            image_cache_mib: 200,
        }
    }
}

pub const MAX_DOWNLOAD_MIB: RangeInclusive<i64> = 1..=1024 * 1024;
pub const DOWNLOADS_AT_ONCE: RangeInclusive<i64> = 1..=16;
pub const MAX_IMAGE_MIB: RangeInclusive<i64> = 1..=256;
pub const MAX_IMAGE_MEGAPIXELS: RangeInclusive<i64> = 1..=1000;
pub const IMAGE_CACHE_MIB: RangeInclusive<i64> = 0..=100_000;

fn within(value: i64, range: &RangeInclusive<i64>) -> u64 {
    value.clamp(*range.start(), *range.end()).unsigned_abs()
}

impl MediaSettings {
    /// Every number of the table with its key and range, for the file's one range check.
    pub fn numbers(&self) -> [(&'static str, Option<i64>, RangeInclusive<i64>); 5] {
        [
            (
                "media.max_download_mib",
                Some(self.max_download_mib),
                MAX_DOWNLOAD_MIB,
            ),
            (
                "media.downloads_at_once",
                Some(self.downloads_at_once),
                DOWNLOADS_AT_ONCE,
            ),
            ("media.max_image_mib", Some(self.max_image_mib), MAX_IMAGE_MIB),
            (
                "media.max_image_megapixels",
                Some(self.max_image_megapixels),
                MAX_IMAGE_MEGAPIXELS,
            ),
            (
                "media.image_cache_mib",
                Some(self.image_cache_mib),
                IMAGE_CACHE_MIB,
            ),
        ]
    }

    /// How far a download may go (its connection times come from `[fetch]`).
    pub fn download_limits(&self, connect_timeout: Duration) -> DownloadLimits {
        DownloadLimits {
            connect_timeout,
            max_bytes: within(self.max_download_mib, &MAX_DOWNLOAD_MIB) * 1024 * 1024,
            ..DownloadLimits::default()
        }
    }

    pub fn downloads_at_once(&self) -> usize {
        usize::try_from(within(self.downloads_at_once, &DOWNLOADS_AT_ONCE)).unwrap_or(1)
    }

    pub fn image_limits(&self) -> ImageLimits {
        ImageLimits {
            max_bytes: within(self.max_image_mib, &MAX_IMAGE_MIB) * 1024 * 1024,
            max_pixels: within(self.max_image_megapixels, &MAX_IMAGE_MEGAPIXELS) * 1_000_000,
            cache_bytes: within(self.image_cache_mib, &IMAGE_CACHE_MIB) * 1024 * 1024,
        }
    }

    /// Where downloads go: the configured folder (`~/` is the home folder), else
    /// `$XDG_DOWNLOAD_DIR/folio`.
    pub fn download_dir(&self) -> PathBuf {
        let home = std::env::var_os("HOME").map(PathBuf::from);
        match self
            .download_dir
            .as_deref()
            .map(str::trim)
            .filter(|d| !d.is_empty())
        {
            Some(dir) => match (dir.strip_prefix("~/"), &home) {
                (Some(rest), Some(home)) => home.join(rest),
                _ => PathBuf::from(dir),
            },
            None => xdg_download_dir(home.as_deref()).join("folio"),
        }
    }
}

/// `$XDG_DOWNLOAD_DIR`, else the one `user-dirs.dirs` names, else `~/Downloads`.
fn xdg_download_dir(home: Option<&Path>) -> PathBuf {
    if let Some(dir) = std::env::var_os("XDG_DOWNLOAD_DIR").filter(|d| !d.is_empty()) {
        return PathBuf::from(dir);
    }
    let config_home = std::env::var_os("XDG_CONFIG_HOME")
        .filter(|d| !d.is_empty())
        .map(PathBuf::from)
        .or_else(|| home.map(|h| h.join(".config")));
    let named = config_home
        .and_then(|dir| std::fs::read_to_string(dir.join("user-dirs.dirs")).ok())
        .and_then(|text| user_dirs_download(&text, home));
    named.unwrap_or_else(|| home.map_or_else(|| PathBuf::from("Downloads"), |h| h.join("Downloads")))
}

/// The `XDG_DOWNLOAD_DIR="$HOME/..."` line of a `user-dirs.dirs` file.
fn user_dirs_download(text: &str, home: Option<&Path>) -> Option<PathBuf> {
    let line = text
        .lines()
        .map(str::trim)
        .find_map(|line| line.strip_prefix("XDG_DOWNLOAD_DIR="))?;
    let value = line.trim().trim_matches('"');
    match (value.strip_prefix("$HOME"), home) {
        (Some(rest), Some(home)) => Some(home.join(rest.trim_start_matches('/'))),
        (None, _) if value.starts_with('/') => Some(PathBuf::from(value)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_dirs_lines_name_the_download_folder() {
        let text =
            "# comment\nXDG_DESKTOP_DIR=\"$HOME/Desktop\"\nXDG_DOWNLOAD_DIR=\"$HOME/Téléchargements\"\n";
        assert_eq!(
            user_dirs_download(text, Some(Path::new("/home/ann"))),
            Some(PathBuf::from("/home/ann/Téléchargements"))
        );
        assert_eq!(
            user_dirs_download("XDG_DOWNLOAD_DIR=\"/data/dl\"", None),
            Some(PathBuf::from("/data/dl"))
        );
        assert_eq!(user_dirs_download("XDG_DOWNLOAD_DIR=\"relative\"", None), None);
    }

    #[test]
    fn a_configured_folder_is_used_as_written_and_limits_follow_the_numbers() {
        let settings = MediaSettings {
            download_dir: Some("/srv/podcasts".into()),
            max_download_mib: 10,
            ..MediaSettings::default()
        };
        assert_eq!(settings.download_dir(), PathBuf::from("/srv/podcasts"));
        assert_eq!(
            settings.download_limits(Duration::from_secs(3)).max_bytes,
            10 * 1024 * 1024
        );
        let defaults = MediaSettings::default();
        assert_eq!(
            defaults.download_limits(Duration::from_secs(3)).max_bytes,
            2 << 30
        );
        assert_eq!(defaults.downloads_at_once(), 2);
        assert_eq!(defaults.image_limits().max_bytes, 8 << 20);
        assert_eq!(defaults.image_limits().cache_bytes, 200 << 20);
        assert_eq!(defaults.images, ImagesMode::OnDemand);
    }
}
