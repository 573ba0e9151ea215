//! OPML 1.0/2.0 subscription lists. Folders (outlines without `xmlUrl`) become tags of the feeds
//! inside them; the `category` attribute (comma-separated, as OPML 2.0 defines it) adds more.
//! [`export`] writes each feed once, in the folder of its first tag, with every tag in `category`,
//! so that export then import gives back the same titles and tags.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use quick_xml::Reader;
use quick_xml::escape::escape;
use quick_xml::events::{BytesStart, Event};

use super::Subscription;
use crate::sanitize;

#[derive(Debug, thiserror::Error)]
pub enum OpmlError {
    #[error("malformed OPML: {0}")]
    Malformed(String),
    #[error("not an OPML file (no <opml> root)")]
    NotOpml,
}

/// The feeds of an OPML document, in document order (a feed listed twice is merged).
pub fn import(text: &str) -> Result<Vec<Subscription>, OpmlError> {
    let mut reader = Reader::from_str(text);
    let mut saw_root = false;
    // One entry per open <outline>: the folder name it opened, if it is a folder.
    let mut open_outlines: Vec<Option<String>> = Vec::new();
    let mut subscriptions: Vec<Subscription> = Vec::new();
    loop {
        let event = reader
            .read_event()
            .map_err(|e| OpmlError::Malformed(format!("at byte {}: {e}", reader.error_position())))?;
        match event {
            Event::Start(ref element) | Event::Empty(ref element) => {
                let is_empty = matches!(event, Event::Empty(_));
                match element.local_name().as_ref() {
                    "opml" => saw_root = true,
                    "outline" => {
                        let outline = Outline::read(element)?;
                        let folder = match outline.xml_url {
                            Some(url) => {
                                let mut tags: Vec<String> = open_outlines.iter().flatten().cloned().collect();
                                tags.extend(outline.categories);
                                add_subscription(
                                    &mut subscriptions,
                                    Subscription {
                                        url,
                                        title: outline.title,
                                        tags,
                                    },
                                );
                                None
                            }
                            None => outline.title,
                        };
                        if !is_empty {
                            open_outlines.push(folder);
                        }
                    }
                    _ => {}
                }
            }
            Event::End(element) if element.local_name().as_ref() == "outline" => {
                open_outlines.pop();
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !saw_root {
        return Err(OpmlError::NotOpml);
    }
    Ok(subscriptions)
}

fn add_subscription(all: &mut Vec<Subscription>, new: Subscription) {
    match all.iter_mut().find(|s| s.url == new.url) {
        Some(existing) => {
            for tag in new.tags {
                if !existing.tags.contains(&tag) {
                    existing.tags.push(tag);
                }
            }
            existing.title = existing.title.take().or(new.title);
        }
        None => {
            let mut new = new;
            let mut seen = Vec::new();
            new.tags.retain(|t| {
                let fresh = !seen.contains(t);
                seen.push(t.clone());
                fresh
            });
            all.push(new);
        }
    }
}

struct Outline {
    xml_url: Option<String>,
    title: Option<String>,
    categories: Vec<String>,
}

impl Outline {
    fn read(element: &BytesStart<'_>) -> Result<Self, OpmlError> {
        let mut outline = Outline {
            xml_url: None,
            title: None,
            categories: Vec::new(),
        };
        let mut text = None;
        for attribute in element.attributes().with_checks(false) {
            let attribute = attribute.map_err(|e| OpmlError::Malformed(e.to_string()))?;
            let value = attribute
                .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map_err(|e| OpmlError::Malformed(e.to_string()))?;
            let value = value.trim().to_string();
            if value.is_empty() {
                continue;
            }
            match attribute.key.local_name().as_ref() {
                "xmlUrl" | "xmlurl" => outline.xml_url = Some(value),
                "title" => outline.title = Some(value),
                "text" => text = Some(value),
                "category" => {
                    outline.categories = value
                        .split(',')
                        .map(|c| c.trim().trim_start_matches('/').to_string())
                        .filter(|c| !c.is_empty())
                        .collect();
                }
                _ => {}
            }
        }
        outline.title = outline.title.or(text);
        Ok(outline)
    }
}

/// OPML 2.0 for `subscriptions`. Every outside string is made terminal-safe first: an exported file
/// is often `cat`ed, and a title must not carry an escape sequence into it.
pub fn export(subscriptions: &[Subscription]) -> String {
    let mut folders: BTreeMap<&str, Vec<&Subscription>> = BTreeMap::new();
    let mut loose = Vec::new();
    for sub in subscriptions {
        match sub.tags.first() {
            Some(tag) => folders.entry(tag.as_str()).or_default().push(sub),
            None => loose.push(sub),
        }
    }
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<opml version=\"2.0\">\n  <head>\n    <title>folio subscriptions</title>\n  </head>\n  <body>\n",
    );
    for (folder, subs) in folders {
        let name = attribute(folder);
        let _ = writeln!(out, "    <outline text=\"{name}\" title=\"{name}\">");
        for sub in subs {
            write_feed(&mut out, sub, "      ");
        }
        out.push_str("    </outline>\n");
    }
    for sub in loose {
        write_feed(&mut out, sub, "    ");
    }
    out.push_str("  </body>\n</opml>\n");
    out
}

fn write_feed(out: &mut String, sub: &Subscription, indent: &str) {
    let title = attribute(sub.title.as_deref().unwrap_or(&sub.url));
    let _ = write!(
        out,
        "{indent}<outline type=\"rss\" text=\"{title}\" title=\"{title}\" xmlUrl=\"{}\"",
        attribute(&sub.url)
    );
    if sub.tags.len() > 1 {
        let tags: Vec<String> = sub
            .tags
            .iter()
            .map(|t| sanitize::single_line(t).replace(',', " "))
            .collect();
        let _ = write!(out, " category=\"{}\"", escape(tags.join(",")));
    }
    out.push_str("/>\n");
}

fn attribute(text: &str) -> String {
    escape(sanitize::single_line(text)).into_owned()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn nested_outlines_become_tags() {
        let opml = r#"<?xml version="1.0"?><opml version="1.0"><head/><body>
            <outline text="Tech"><outline text="Rust"><outline text="This Week" xmlUrl="https://twir.example/rss"/></outline>
            <outline title="HN" text="ignored" xmlUrl="https://hn.example/rss" category="/news,/daily"/></outline>
            <outline text="Loose &amp; free" xmlUrl="https://loose.example/feed"/></body></opml>"#;
        let subs = import(opml).unwrap();
        assert_eq!(subs.len(), 3);
        assert_eq!(subs[0].tags, ["Tech", "Rust"]);
        assert_eq!(subs[1].title.as_deref(), Some("HN"));
        assert_eq!(subs[1].tags, ["Tech", "news", "daily"]);
        assert_eq!(subs[2].title.as_deref(), Some("Loose & free"));
        assert!(subs[2].tags.is_empty());
    }

    #[test]
    fn export_round_trips_titles_and_tags() {
        let subs = vec![
            Subscription {
                url: "https://a.example/f?x=1&y=2".into(),
                title: Some("A <&> \"q\"".into()),
                tags: vec!["t1".into(), "t2".into()],
            },
            Subscription {
                url: "https://b.example/f".into(),
                title: None,
                tags: vec![],
            },
            Subscription {
                url: "https://c.example/f".into(),
                title: Some("C".into()),
                tags: vec!["t2".into()],
            },
        ];
        let back = import(&export(&subs)).unwrap();
        let mut expected = subs.clone();
        expected[1].title = Some("https://b.example/f".into());
        let find = |url: &str| back.iter().find(|s| s.url == url).cloned().unwrap();
        for sub in &expected {
            assert_eq!(&find(&sub.url), sub);
        }
    }

    #[test]
    fn export_strips_escape_sequences() {
        let subs = vec![Subscription {
            url: "https://e.example/".into(),
            title: Some("x\u{1b}]52;c;ZXZpbA==\u{7}y&#x1b;[2J".into()),
            tags: vec![],
        }];
        let text = export(&subs);
        assert!(
            !text.contains('\u{1b}') && !text.contains("52;c") && !text.contains("#x1b"),
            "{text}"
        );
    }

    #[test]
    fn malformed_and_foreign_files_are_errors() {
        assert!(import("<opml><body><outline></body></opml>").is_err());
        assert!(matches!(import("<html><body/></html>"), Err(OpmlError::NotOpml)));
    }
}
