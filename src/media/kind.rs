//! What an enclosure is, from its media type or, when the feed gives none, its file extension:
//! the mark lists show, and how the article header names it.

use crate::feed::Enclosure;
use crate::store::MediaKind;

/// The file kinds folio tells apart: what a player plays, pictures, and everything else.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Audio,
    Video,
    Image,
    Other,
}

const AUDIO_EXTENSIONS: &[&str] = &["mp3", "m4a", "m4b", "aac", "ogg", "oga", "opus", "flac", "wav"];
const VIDEO_EXTENSIONS: &[&str] = &["mp4", "m4v", "mov", "webm", "mkv", "ogv", "avi"];
const IMAGE_EXTENSIONS: &[&str] = &["jpg", "jpeg", "png", "gif", "webp", "avif", "svg"];

/// The kind of `enclosure`: its media type's top level, else its URL's extension.
pub fn kind_of(enclosure: &Enclosure) -> FileKind {
    let top = enclosure
        .media_type
        .as_deref()
        .and_then(|t| t.split('/').next())
        .map(|t| t.trim().to_ascii_lowercase());
    match top.as_deref() {
        Some("audio") => return FileKind::Audio,
        Some("video") => return FileKind::Video,
        Some("image") => return FileKind::Image,
        _ => {}
    }
    let extension = url::Url::parse(&enclosure.url).ok().and_then(|url| {
        let name = url.path_segments()?.next_back()?.to_ascii_lowercase();
        Some(name.rsplit_once('.')?.1.to_string())
    });
    match extension.as_deref() {
        Some(ext) if AUDIO_EXTENSIONS.contains(&ext) => FileKind::Audio,
        Some(ext) if VIDEO_EXTENSIONS.contains(&ext) => FileKind::Video,
        Some(ext) if IMAGE_EXTENSIONS.contains(&ext) && top.is_none() => FileKind::Image,
        _ => FileKind::Other,
    }
}

/// The mark an item with these enclosures gets in lists: its first audio or video, else another
/// file. Pictures alone are not marked: many feeds attach one to every post as an illustration.
pub fn list_mark(enclosures: &[Enclosure]) -> Option<MediaKind> {
    let kinds: Vec<FileKind> = enclosures.iter().map(kind_of).collect();
    kinds
        .iter()
        .find_map(|kind| match kind {
            FileKind::Audio => Some(MediaKind::Audio),
            FileKind::Video => Some(MediaKind::Video),
            _ => None,
        })
        .or_else(|| kinds.contains(&FileKind::Other).then_some(MediaKind::Other))
}

/// The enclosure `e` plays and `D` downloads: the first playable one, else the first.
pub fn main_enclosure(enclosures: &[Enclosure]) -> Option<&Enclosure> {
    enclosures
        .iter()
        .find(|e| matches!(kind_of(e), FileKind::Audio | FileKind::Video))
        .or_else(|| enclosures.first())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn enclosure(url: &str, media_type: Option<&str>) -> Enclosure {
        Enclosure {
            url: url.into(),
            media_type: media_type.map(str::to_string),
            ..Enclosure::default()
        }
    }

    #[test]
    fn the_media_type_decides_and_the_extension_stands_in_for_a_missing_one() {
        assert_eq!(
            kind_of(&enclosure("https://x/a", Some("audio/mpeg"))),
            FileKind::Audio
        );
        assert_eq!(
            kind_of(&enclosure("https://x/a.bin", Some("Video/MP4"))),
            FileKind::Video
        );
        assert_eq!(kind_of(&enclosure("https://x/a.mp3?x=1", None)), FileKind::Audio);
        assert_eq!(kind_of(&enclosure("https://x/A.WEBM", None)), FileKind::Video);
        assert_eq!(kind_of(&enclosure("https://x/a.jpg", None)), FileKind::Image);
        assert_eq!(
            kind_of(&enclosure("https://x/a.pdf", Some("application/pdf"))),
            FileKind::Other
        );
        assert_eq!(
            kind_of(&enclosure("https://x/a.mp3", Some("application/octet-stream"))),
            FileKind::Audio
        );
        assert_eq!(kind_of(&enclosure("not a url", None)), FileKind::Other);
    }

    #[test]
    fn lists_mark_audio_and_video_first_and_leave_pictures_unmarked() {
        let picture = enclosure("https://x/a.jpg", Some("image/jpeg"));
        let file = enclosure("https://x/a.pdf", Some("application/pdf"));
        let video = enclosure("https://x/a.mp4", Some("video/mp4"));
        assert_eq!(list_mark(std::slice::from_ref(&picture)), None);
        assert_eq!(
            list_mark(&[picture.clone(), file.clone()]),
            Some(MediaKind::Other)
        );
        assert_eq!(list_mark(&[file.clone(), video.clone()]), Some(MediaKind::Video));
        assert_eq!(list_mark(&[]), None);
        assert_eq!(main_enclosure(&[file.clone(), video.clone()]), Some(&video));
        assert_eq!(main_enclosure(std::slice::from_ref(&picture)), Some(&picture));
    }
}
