//! Pictures of articles: which `<img>` of the article each `[image: ...]` line stands for and
//! which are never fetched (`sources`), the checks of the bytes before decoding and the decoding
//! and scaling to a cell area (`decode`), the disk cache (`cache`), and fetching through both
//! (`load`).

pub mod cache;
pub mod decode;
pub mod load;
pub mod sources;

use serde::Deserialize;

/// When article pictures are fetched (`[media] images`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ImagesMode {
    /// Never: every picture stays an `[image: ...]` line.
    Never,
    /// When asked (`i`, or Enter on the picture's line).
    #[default]
    OnDemand,
    /// Those in view, as they come into view.
    Auto,
}

/// How large a picture may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImageLimits {
    /// Bytes of the file.
    pub max_bytes: u64,
    /// Width times height, read from the header before anything is decoded.
    pub max_pixels: u64,
    /// The disk cache's size; the oldest pictures go first past it.
    pub cache_bytes: u64,
}

impl Default for ImageLimits {
    fn default() -> Self {
        ImageLimits {
            max_bytes: 8 * 1024 * 1024,
            max_pixels: 50_000_000,
            cache_bytes: 200 * 1024 * 1024,
        }
    }
}

/// Why a picture is not shown, in words for the status bar.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("a tracking pixel ({0}x{1})")]
    TrackingPixel(u32, u32),
    #[error("an SVG picture (not drawn)")]
    Svg,
    #[error("not a picture ({0})")]
    NotAPicture(String),
    #[error("{width}x{height} is more than {max} pixels")]
    TooManyPixels { width: u32, height: u32, max: u64 },
    #[error("larger than {0} bytes")]
    TooLarge(u64),
    #[error("unreadable picture: {0}")]
    Corrupt(String),
    #[error("no address: {0}")]
    NoAddress(String),
}
