//! The iTunes podcast details of each RSS item (`itunes:duration`, `itunes:episode`,
//! `itunes:season`, `itunes:image`), read by a pass of our own: feed-rs drops an item's iTunes data
//! unless it also has an `itunes:title` or `itunes:summary`, and reads `42:07` as 42 seconds.
//!
//! Runs only on feeds that name the iTunes namespace; items are counted in document order, as
//! feed-rs gives its entries.

use quick_xml::NsReader;
use quick_xml::events::Event;
use quick_xml::name::ResolveResult;

const ITUNES: &str = "http://www.itunes.com/dtds/podcast-1.0.dtd";

/// What one item says of its episode.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Episode {
    pub duration_secs: Option<u64>,
    pub episode: Option<String>,
    pub season: Option<u32>,
    pub image: Option<String>,
}

/// The episode details of each `<item>` of `xml`, in document order; empty when the feed does not
/// use the namespace or does not parse (feed-rs then reports the error).
pub fn episodes(xml: &str) -> Vec<Episode> {
    if memchr::memmem::find(xml.as_bytes(), ITUNES.as_bytes()).is_none() {
        return Vec::new();
    }
    let mut reader = NsReader::from_str(xml);
    let mut found = Vec::new();
    let mut current: Option<Episode> = None;
    // The iTunes element whose text is being read.
    let mut reading: Option<String> = None;
    loop {
        let event = match reader.read_resolved_event() {
            Ok(event) => event,
            Err(_) => return Vec::new(),
        };
        match event {
            (_, Event::Eof) => break,
            (ResolveResult::Bound(ns), Event::Start(e) | Event::Empty(e))
                if ns.as_ref() == ITUNES && current.is_some() =>
            {
                let name = e.local_name().as_ref().to_string();
                if name == "image" {
                    let href = e.try_get_attribute("href").ok().flatten();
                    let href = href
                        .and_then(|a| a.normalized_value(quick_xml::XmlVersion::Implicit1_0).ok())
                        .map(|v| v.trim().to_string());
                    if let (Some(episode), Some(href)) = (current.as_mut(), href.filter(|h| !h.is_empty())) {
                        episode.image.get_or_insert(href);
                    }
                }
                reading = Some(name);
            }
            (ResolveResult::Unbound, Event::Start(e)) if e.local_name().as_ref() == "item" => {
                current = Some(Episode::default());
            }
            (ResolveResult::Unbound, Event::Empty(e)) if e.local_name().as_ref() == "item" => {
                found.push(Episode::default());
            }
            (ResolveResult::Unbound, Event::End(e)) if e.local_name().as_ref() == "item" => {
                found.extend(current.take());
            }
            (_, Event::Text(text)) => {
                let (Some(name), Some(episode)) = (reading.as_deref(), current.as_mut()) else {
                    continue;
                };
                record(episode, name, text.trim());
            }
            (_, Event::CData(text)) => {
                let (Some(name), Some(episode)) = (reading.as_deref(), current.as_mut()) else {
                    continue;
                };
                record(episode, name, text.trim());
            }
            (_, Event::End(_)) => reading = None,
            _ => {}
        }
    }
    found
}

fn record(episode: &mut Episode, name: &str, text: &str) {
    match name {
        "duration" => episode.duration_secs = episode.duration_secs.or(clock_seconds(text)),
        "episode" if !text.is_empty() => {
            episode.episode.get_or_insert_with(|| text.to_string());
        }
        "season" => episode.season = episode.season.or(text.parse().ok()),
        _ => {}
    }
}

/// `1:02:03`, `42:07` or `3723` (seconds; a fraction is dropped) as seconds; `None` for 0 or
/// anything else.
pub fn clock_seconds(text: &str) -> Option<u64> {
    let whole = text.split('.').next()?;
    let parts: Vec<u64> = whole
        .split(':')
        .map(|p| p.trim().parse().ok())
        .collect::<Option<_>>()?;
    if parts.is_empty() || parts.len() > 3 {
        return None;
    }
    let seconds = parts
        .iter()
        .try_fold(0u64, |total, &part| total.checked_mul(60)?.checked_add(part))?;
    (seconds > 0).then_some(seconds)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clocks_of_every_length() {
        assert_eq!(clock_seconds("1:02:03"), Some(3723));
        assert_eq!(clock_seconds("42:07"), Some(2527));
        assert_eq!(clock_seconds("95"), Some(95));
        assert_eq!(clock_seconds("95.5"), Some(95));
        for bad in ["", "0", "a:b", "1:2:3:4", "99999999999999999999"] {
            assert_eq!(clock_seconds(bad), None, "{bad}");
        }
    }

    #[test]
    fn each_item_gets_its_own_details_whatever_the_prefix() {
        let xml = r#"<rss version="2.0" xmlns:it="http://www.itunes.com/dtds/podcast-1.0.dtd"><channel>
<it:image href="https://c.example/show.jpg"/>
<item><title>a</title><it:duration>42:07</it:duration><it:episode><![CDATA[7]]></it:episode>
<it:image href=" https://c.example/a.jpg "/></item>
<item><title>b</title></item>
<item><title>c</title><it:season>3</it:season></item>
</channel></rss>"#;
        let found = episodes(xml);
        assert_eq!(found.len(), 3);
        assert_eq!(found[0].duration_secs, Some(2527));
        assert_eq!(found[0].episode.as_deref(), Some("7"));
        assert_eq!(found[0].image.as_deref(), Some("https://c.example/a.jpg"));
        assert_eq!(found[1], Episode::default());
        assert_eq!(found[2].season, Some(3));
        assert!(episodes("<rss><channel><item/></channel></rss>").is_empty());
    }
}
