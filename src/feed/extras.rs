//! What feed-rs drops: the per-item comment count (`slash:comments` in RSS, `thr:total` in Atom).
//!
//! The same pass checks that the XML is well formed to the end: feed-rs returns the items it read
//! before a truncation, and a half-read feed must be an error, not a silent half-import.

use quick_xml::Reader;
use quick_xml::events::Event;

/// Per item or entry, in document order: its comment count, if it has one.
pub fn comment_counts(xml: &str) -> Result<Vec<Option<u32>>, String> {
    let mut reader = Reader::from_str(xml);
    let mut counts: Vec<Option<u32>> = Vec::new();
    let mut depth = 0usize;
    let mut item_depth: Option<usize> = None;
    let mut reading_count = false;
    loop {
        let event = reader
            .read_event()
            .map_err(|e| format!("XML error at byte {}: {e}", reader.error_position()))?;
        match event {
            Event::Start(start) => {
                depth += 1;
                let local = start.local_name();
                let prefixed = start.name().prefix().is_some();
                match local.as_ref() {
                    "item" | "entry" if item_depth.is_none() => {
                        item_depth = Some(depth);
                        counts.push(None);
                    }
                    "comments" | "total" if prefixed && item_depth.is_some() => reading_count = true,
                    _ => {}
                }
            }
            Event::Empty(empty)
                if item_depth.is_none() && matches!(empty.local_name().as_ref(), "item" | "entry") =>
            {
                counts.push(None);
            }
            Event::End(_) => {
                if item_depth == Some(depth) {
                    item_depth = None;
                }
                depth = depth.saturating_sub(1);
                reading_count = false;
            }
            Event::Text(text) if reading_count => {
                if let (Some(last), Ok(n)) = (counts.last_mut(), text.xml10_content().trim().parse::<u32>()) {
                    *last = Some(n);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if depth != 0 {
        return Err("truncated: the document ends inside an element".to_string());
    }
    Ok(counts)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn counts_follow_items_in_order() {
        let xml = r#"<rss xmlns:slash="s"><channel><item><slash:comments>5</slash:comments></item><item/>
            <item><comments>http://x/</comments></item></channel></rss>"#;
        assert_eq!(comment_counts(xml).unwrap(), vec![Some(5), None, None]);
    }

    #[test]
    fn truncation_is_an_error() {
        assert!(comment_counts("<rss><channel><item>").is_err());
    }
}
