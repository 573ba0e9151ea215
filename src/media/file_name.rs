//! The name a download is saved under: the last segment of its URL, decoded, made safe (no path
//! separators, control or hidden characters, no leading dot, not too long), with an extension from
//! the media type when the URL has none; and a free name beside the files already there. The
//! naming is pure; [`reserve`] makes the file.

use std::fs::OpenOptions;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

/// The longest name kept, in bytes (file systems allow 255).
const MAX_NAME_BYTES: usize = 200;
/// A name for a URL that gives none.
const FALLBACK: &str = "download";

/// A safe file name for what `url` serves (`media_type` when known).
pub fn from_url(url: &str, media_type: Option<&str>) -> String {
    let segment = url::Url::parse(url)
        .ok()
        .and_then(|u| {
            u.path_segments()?
                .rev()
                .find(|s| !s.is_empty())
                .map(str::to_string)
        })
        .unwrap_or_default();
    // Decoded, so `%2F` and `%2e%2e` are seen for what they are, then cleaned.
    let decoded = percent_decode(&segment);
    let mut name = clean(&decoded);
    if name.is_empty() {
        name = FALLBACK.to_string();
    }
    if !name.contains('.')
        && let Some(extension) = media_type.and_then(extension_for)
    {
        name = format!("{name}.{extension}");
    }
    shorten(&name)
}

/// `name` without path separators, control and hidden characters or leading dots and spaces.
pub fn clean(name: &str) -> String {
    let replaced: String = name
        .chars()
        .map(|c| match c {
            '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' => '_',
            c if c.is_whitespace() => ' ',
            c => c,
        })
        .filter(|&c| !c.is_control() && !crate::sanitize::is_hidden_in_a_line(c))
        .collect();
    let collapsed = replaced
        .split(' ')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    collapsed
        .trim_start_matches(['.', ' ', '_'])
        .trim_end_matches(['.', ' '])
        .to_string()
}

/// `name` cut to [`MAX_NAME_BYTES`] at a character boundary, its extension kept.
fn shorten(name: &str) -> String {
    if name.len() <= MAX_NAME_BYTES {
        return name.to_string();
    }
    let (stem, extension) = split_extension(name);
    let room = MAX_NAME_BYTES.saturating_sub(extension.len());
    let mut cut = room.min(stem.len());
    while !stem.is_char_boundary(cut) {
        cut -= 1;
    }
    format!("{}{extension}", &stem[..cut])
}

/// `("episode", ".mp3")`; a name without a dot has no extension.
fn split_extension(name: &str) -> (&str, &str) {
    match name.rfind('.') {
        Some(at) if at > 0 && name.len() - at <= 10 => name.split_at(at),
        _ => (name, ""),
    }
}

/// The `n`-th name tried for `name`: `name` itself, then `episode (1).mp3`, `episode (2).mp3`...
pub fn numbered(name: &str, n: u32) -> String {
    if n == 0 {
        return name.to_string();
    }
    let (stem, extension) = split_extension(name);
    format!("{stem} ({n}){extension}")
}

/// Makes an empty file named `name`, or the first free numbered name, in `dir`: created only if
/// absent, so another file is never overwritten (the download is then renamed onto it).
pub fn reserve(dir: &Path, name: &str) -> std::io::Result<PathBuf> {
    for n in 0..10_000 {
        let path = dir.join(numbered(name, n));
        match OpenOptions::new().write(true).create_new(true).open(&path) {
            Ok(_) => return Ok(path),
            Err(e) if e.kind() == ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
    Err(std::io::Error::new(
        ErrorKind::AlreadyExists,
        format!("no free name for {name}"),
    ))
}

fn extension_for(media_type: &str) -> Option<&'static str> {
    let essence = media_type.split(';').next()?.trim().to_ascii_lowercase();
    Some(match essence.as_str() {
        "audio/mpeg" | "audio/mp3" => "mp3",
        "audio/mp4" | "audio/x-m4a" | "audio/aac" => "m4a",
        "audio/ogg" => "ogg",
        "audio/opus" => "opus",
        "audio/flac" => "flac",
        "video/mp4" => "mp4",
        "video/webm" => "webm",
        "video/quicktime" => "mov",
        "image/jpeg" => "jpg",
        "image/png" => "png",
        "application/pdf" => "pdf",
        _ => return None,
    })
}

/// `%XX` escapes decoded; invalid UTF-8 becomes U+FFFD.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut at = 0;
    while at < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (
            bytes[at],
            bytes.get(at + 1).copied().and_then(hex),
            bytes.get(at + 2).copied().and_then(hex),
        ) {
            (b'%', Some(high), Some(low)) => {
                out.push((high * 16 + low) as u8);
                at += 3;
            }
            (byte, ..) => {
                out.push(byte);
                at += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn names_come_from_the_last_segment_decoded() {
        assert_eq!(
            from_url("https://cast.example/e/Episode%2012.mp3?x=1", None),
            "Episode 12.mp3"
        );
        assert_eq!(from_url("https://cast.example/e/talk/", None), "talk");
        assert_eq!(
            from_url("https://cast.example/", Some("audio/mpeg")),
            "download.mp3"
        );
        assert_eq!(
            from_url("https://cast.example/stream", Some("video/mp4; x=1")),
            "stream.mp4"
        );
    }

    #[test]
    fn traversal_separators_control_characters_and_leading_dots_are_removed() {
        for (url, want) in [
            ("https://x.example/a/..%2F..%2F.bashrc", "bashrc"),
            ("https://x.example/%2e%2e%2f%2e%2e%2fetc%2fpasswd", "etc_passwd"),
            ("https://x.example/..", FALLBACK),
            ("https://x.example/ep%0A1%1B%5B2J%07.mp3", "ep 1[2J.mp3"),
            ("https://x.example/..%5C..%5Cwin.ini", "win.ini"),
            ("https://x.example/%E2%80%AEevil%E2%80%8B.mp3", "evil.mp3"),
            ("https://x.example/.hidden", "hidden"),
        ] {
            let name = from_url(url, None);
            assert_eq!(name, want, "{url}");
            assert!(!name.contains('/') && !name.contains('\\'), "{name}");
            assert!(!name.starts_with('.'), "{name}");
            assert!(!name.chars().any(char::is_control), "{name:?}");
        }
    }

    #[test]
    fn long_names_keep_their_extension_and_utf8() {
        let url = format!("https://x.example/{}.mp3", "é".repeat(300));
        let name = from_url(&url, None);
        assert!(name.len() <= MAX_NAME_BYTES, "{}", name.len());
        assert!(name.ends_with(".mp3"));
    }

    #[test]
    fn a_taken_name_gets_a_number_and_nothing_is_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("e.mp3"), "mine").unwrap();
        let first = reserve(dir.path(), "e.mp3").unwrap();
        assert_eq!(first, dir.path().join("e (1).mp3"));
        let second = reserve(dir.path(), "e.mp3").unwrap();
        assert_eq!(second, dir.path().join("e (2).mp3"));
        assert_eq!(std::fs::read_to_string(dir.path().join("e.mp3")).unwrap(), "mine");
        assert_eq!(numbered("noext", 3), "noext (3)");
    }
}
