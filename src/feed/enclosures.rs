//! An entry's enclosures (podcast episodes, videos, files) as feed-rs gives them, gathered into one
//! list: RSS `<enclosure>`, Media RSS `media:content` and `media:thumbnail`, iTunes
//! `itunes:duration` / `itunes:episode` / `itunes:image`, Atom `rel="enclosure"` links and JSON Feed
//! attachments.
//!
//! feed-rs drops an item's iTunes data unless it has a title or summary: feed/itunes.rs reads it
//! for us, and it fills what feed-rs left empty. feed-rs keeps iTunes data that carries an episode number in a media object of its own, apart
//! from the `<enclosure>` it describes: what one object lacks is taken from the entry's others.

use feed_rs::model::{Entry, MediaObject};
use serde::{Deserialize, Serialize};

use super::absolute;
use super::itunes::Episode;

/// A media file attached to an item (podcast episodes, videos, images, documents).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Enclosure {
    pub url: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub media_type: Option<String>,
    /// Bytes, as the feed states them (often wrong, sometimes 0).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub length: Option<u64>,
    /// Playing time in seconds (`itunes:duration`, Media RSS `duration`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duration_secs: Option<u64>,
    /// The episode number as the feed gives it (`itunes:episode`, `podcast:episode`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub episode: Option<String>,
    /// The season number (`itunes:season`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub season: Option<u32>,
    /// A picture of the episode (`itunes:image`, `media:thumbnail`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
}

/// Every enclosure of `entry`, absolute against `base`, each URL once, in the feed's order.
pub(super) fn of_entry(entry: &Entry, itunes: Option<&Episode>, base: Option<&url::Url>) -> Vec<Enclosure> {
    let mut shared = Shared::of(&entry.media);
    if let Some(itunes) = itunes {
        shared.add(itunes);
    }
    let mut found: Vec<Enclosure> = Vec::new();
    for object in &entry.media {
        for content in &object.content {
            let Some(url) = content.url.as_ref() else { continue };
            found.push(Enclosure {
                url: absolute(url.to_string(), base),
                media_type: content.content_type.as_ref().map(ToString::to_string),
                length: content.size.filter(|&n| n > 0),
                duration_secs: content
                    .duration
                    .or(shared.itunes_duration)
                    .or(object.duration)
                    .or(shared.duration)
                    .map(|d| d.as_secs())
                    .filter(|&s| s > 0),
                episode: episode(object).or_else(|| shared.episode.clone()),
                season: object.season.as_ref().map(|s| s.number).or(shared.season),
                image: thumbnail(object, base).or_else(|| shared.image(base)),
            });
        }
    }
    for link in &entry.links {
        let rel = link.rel.as_deref();
        let media_type = link.media_type.as_deref();
        // Atom names its enclosures; a JSON Feed attachment is a typed link with no relation.
        let attachment = rel.is_none()
            && link.target.is_none()
            && media_type.is_some_and(|t| !t.contains("html") && !t.contains("xml"));
        if rel != Some("enclosure") && !attachment {
            continue;
        }
        found.push(Enclosure {
            url: absolute(link.href.clone(), base),
            media_type: media_type.map(str::to_string),
            length: link.length.filter(|&n| n > 0),
            duration_secs: (shared.itunes_duration.or(shared.duration))
                .map(|d| d.as_secs())
                .filter(|&s| s > 0),
            episode: shared.episode.clone(),
            season: shared.season,
            image: shared.image(base),
        });
    }
    let mut seen = std::collections::HashSet::new();
    found.retain(|e| !e.url.is_empty() && seen.insert(e.url.clone()));
    found
}

/// What any media object of the entry says about the episode as a whole.
struct Shared<'a> {
    duration: Option<std::time::Duration>,
    /// `itunes:duration` as our own pass reads it (feed-rs misreads `MM:SS`).
    itunes_duration: Option<std::time::Duration>,
    episode: Option<String>,
    season: Option<u32>,
    thumbnail: Option<&'a str>,
}

impl<'a> Shared<'a> {
    fn of(media: &'a [MediaObject]) -> Shared<'a> {
        Shared {
            duration: media.iter().find_map(|m| m.duration),
            itunes_duration: None,
            episode: media.iter().find_map(episode),
            season: media.iter().find_map(|m| m.season.as_ref().map(|s| s.number)),
            thumbnail: media
                .iter()
                .flat_map(|m| &m.thumbnails)
                .map(|t| t.image.uri.as_str())
                .find(|uri| !uri.trim().is_empty()),
        }
    }

    /// What the item's iTunes elements say, where feed-rs kept nothing.
    fn add(&mut self, itunes: &'a Episode) {
        self.itunes_duration = itunes.duration_secs.map(std::time::Duration::from_secs);
        self.episode = self.episode.take().or_else(|| itunes.episode.clone());
        self.season = self.season.or(itunes.season);
        self.thumbnail = self.thumbnail.or(itunes.image.as_deref());
    }

    fn image(&self, base: Option<&url::Url>) -> Option<String> {
        self.thumbnail.map(|uri| absolute(uri.trim().to_string(), base))
    }
}

fn episode(object: &MediaObject) -> Option<String> {
    let episode = object.episode.as_ref()?;
    match &episode.display {
        Some(display) if !display.trim().is_empty() => Some(display.trim().to_string()),
        // Episode numbers are whole numbers in practice; a fraction is kept as written.
        _ if episode.number.fract() == 0.0 && episode.number >= 0.0 => {
            Some(format!("{}", episode.number as u64))
        }
        _ => Some(episode.number.to_string()),
    }
}

fn thumbnail(object: &MediaObject, base: Option<&url::Url>) -> Option<String> {
    object
        .thumbnails
        .iter()
        .map(|t| t.image.uri.trim())
        .find(|uri| !uri.is_empty())
        .map(|uri| absolute(uri.to_string(), base))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    const PODCAST: &str = r#"<?xml version="1.0"?>
<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd" xmlns:media="http://search.yahoo.com/mrss/">
<channel><title>Cast</title><link>https://cast.example/</link>
<item><title>Episode 12</title><guid>e12</guid>
  <enclosure url="/audio/e12.mp3" type="audio/mpeg" length="43100000"/>
  <itunes:duration>1:02:03</itunes:duration>
  <itunes:episode>12</itunes:episode>
  <itunes:season>2</itunes:season>
  <itunes:image href="https://cast.example/art/e12.jpg"/>
</item>
<item><title>A video</title><guid>v1</guid>
  <media:content url="https://cast.example/v1.mp4" type="video/mp4" fileSize="900" duration="95"/>
  <media:thumbnail url="https://cast.example/v1.jpg"/>
</item>
<item><title>Plain</title><guid>p</guid><description>none</description></item>
</channel></rss>"#;

    #[test]
    fn itunes_details_join_the_enclosure_they_describe() {
        let feed = crate::feed::parse(PODCAST.as_bytes(), None, "https://cast.example/feed.xml").unwrap();
        let episode = &feed.items[0].enclosures;
        assert_eq!(episode.len(), 1, "{episode:?}");
        let e = &episode[0];
        assert_eq!(e.url, "https://cast.example/audio/e12.mp3");
        assert_eq!(e.media_type.as_deref(), Some("audio/mpeg"));
        assert_eq!(e.length, Some(43_100_000));
        assert_eq!(e.duration_secs, Some(3723));
        assert_eq!(e.episode.as_deref(), Some("12"));
        assert_eq!(e.season, Some(2));
        assert_eq!(e.image.as_deref(), Some("https://cast.example/art/e12.jpg"));

        let video = &feed.items[1].enclosures[0];
        assert_eq!(video.media_type.as_deref(), Some("video/mp4"));
        assert_eq!(video.duration_secs, Some(95));
        assert_eq!(video.length, Some(900));
        assert_eq!(video.image.as_deref(), Some("https://cast.example/v1.jpg"));
        assert!(feed.items[2].enclosures.is_empty());
    }

    #[test]
    fn atom_enclosure_links_and_json_feed_attachments_count() {
        let atom = r#"<feed xmlns="http://www.w3.org/2005/Atom"><title>A</title>
<entry><id>1</id><title>t</title><link href="https://a.example/1"/>
<link rel="enclosure" href="https://a.example/1.ogg" type="audio/ogg" length="77"/></entry></feed>"#;
        let feed = crate::feed::parse(atom.as_bytes(), None, "https://a.example/feed").unwrap();
        let e = &feed.items[0].enclosures;
        assert_eq!(e.len(), 1, "{e:?}");
        assert_eq!(e[0].url, "https://a.example/1.ogg");
        assert_eq!(e[0].length, Some(77));

        let json = r#"{"version":"https://jsonfeed.org/version/1.1","title":"J","items":[{"id":"1",
"url":"https://j.example/1","content_text":"x","attachments":[{"url":"https://j.example/1.m4a",
"mime_type":"audio/x-m4a","size_in_bytes":5}]}]}"#;
        let feed = crate::feed::parse(json.as_bytes(), None, "https://j.example/feed.json").unwrap();
        let e = &feed.items[0].enclosures;
        assert_eq!(e.len(), 1, "{e:?}");
        assert_eq!(e[0].media_type.as_deref(), Some("audio/x-m4a"));
        assert_eq!(feed.items[0].link.as_deref(), Some("https://j.example/1"));
    }

    #[test]
    fn stored_json_of_older_versions_still_reads() {
        let old = r#"[{"url":"https://x.example/a.mp3","media_type":"audio/mpeg","length":1234}]"#;
        let read: Vec<super::Enclosure> = serde_json::from_str(old).unwrap();
        assert_eq!(read[0].length, Some(1234));
        assert_eq!(read[0].duration_secs, None);
    }
}
