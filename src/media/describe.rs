//! Enclosures in words: the line the article header shows (type, size, duration, episode), and
//! sizes and durations as people read them. Pure.

use super::kind::{FileKind, kind_of};
use crate::feed::Enclosure;
use crate::sanitize::single_line;

/// `audio/mpeg · 41.1 MB · 1:02:03 · episode 12, season 2`: what the feed says of `enclosure`.
/// Terminal-safe (the feed's words lose control characters).
pub fn summary(enclosure: &Enclosure) -> String {
    let mut parts = vec![match &enclosure.media_type {
        Some(media_type) if !media_type.trim().is_empty() => single_line(media_type),
        _ => kind_word(kind_of(enclosure)).to_string(),
    }];
    if let Some(length) = enclosure.length {
        parts.push(size(length));
    }
    if let Some(seconds) = enclosure.duration_secs {
        parts.push(duration(seconds));
    }
    match (&enclosure.episode, enclosure.season) {
        (Some(episode), Some(season)) => {
            parts.push(format!("episode {}, season {season}", single_line(episode)))
        }
        (Some(episode), None) => parts.push(format!("episode {}", single_line(episode))),
        (None, Some(season)) => parts.push(format!("season {season}")),
        (None, None) => {}
    }
    parts.join(" · ")
}

/// The mark and word for a kind: `♪ audio`, `▶ video`, `▣ picture`, `◆ file`.
pub fn kind_word(kind: FileKind) -> &'static str {
    match kind {
        FileKind::Audio => "audio",
        FileKind::Video => "video",
        FileKind::Image => "picture",
        FileKind::Other => "file",
    }
}

/// A byte count with one decimal in the largest unit that keeps it at 1 or more (`41.1 MB`).
pub fn size(bytes: u64) -> String {
    const UNITS: [&str; 5] = ["B", "kB", "MB", "GB", "TB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1000.0 && unit + 1 < UNITS.len() {
        value /= 1000.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{bytes} B")
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

/// Seconds as a clock: `42:07`, `1:02:03`.
pub fn duration(seconds: u64) -> String {
    let (hours, minutes, seconds) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
    if hours > 0 {
        format!("{hours}:{minutes:02}:{seconds:02}")
    } else {
        format!("{minutes}:{seconds:02}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_podcast_episode_reads_as_one_line() {
        let episode = Enclosure {
            url: "https://cast.example/e12.mp3".into(),
            media_type: Some("audio/mpeg".into()),
            length: Some(43_100_000),
            duration_secs: Some(3723),
            episode: Some("12".into()),
            season: Some(2),
            image: None,
        };
        assert_eq!(
            summary(&episode),
            "audio/mpeg · 43.1 MB · 1:02:03 · episode 12, season 2"
        );
        let bare = Enclosure {
            url: "https://cast.example/talk.webm".into(),
            ..Enclosure::default()
        };
        assert_eq!(summary(&bare), "video");
        let hostile = Enclosure {
            url: "https://x.example/a".into(),
            media_type: Some("audio/mpeg\x1b[2J\nrm".into()),
            episode: Some("1\x07".into()),
            ..Enclosure::default()
        };
        let line = summary(&hostile);
        assert!(!line.chars().any(char::is_control), "{line:?}");
    }

    #[test]
    fn sizes_and_durations() {
        assert_eq!(size(999), "999 B");
        assert_eq!(size(1_500), "1.5 kB");
        assert_eq!(size(2 * 1024 * 1024 * 1024), "2.1 GB");
        assert_eq!(duration(59), "0:59");
        assert_eq!(duration(2527), "42:07");
        assert_eq!(duration(3600), "1:00:00");
    }
}
