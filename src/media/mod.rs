//! Enclosures and pictures: what an item's enclosures are and how they are shown (`kind`,
//! `describe`), saving them to disk (`file_name`, `download`, `queue`), playing them (`player`),
//! and the pictures of articles (`image`: sources, checks before fetching, decoding off the UI
//! thread, a disk cache). The pure parts take and give plain values; the I/O parts say so.

pub mod describe;
pub mod download;
pub mod file_name;
pub mod image;
pub mod kind;
pub mod picture;

pub use kind::{FileKind, kind_of, list_mark, main_enclosure};

use crate::feed::Enclosure;

/// The enclosures stored with an item (the JSON a refresh wrote); none when it does not read.
pub fn stored_enclosures(json: Option<&str>) -> Vec<Enclosure> {
    json.and_then(|json| serde_json::from_str(json).ok())
        .unwrap_or_default()
}
