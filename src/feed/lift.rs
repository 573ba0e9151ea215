//! Item bodies lifted out of a feed before feed-rs reads it, and put back into its entries after.
//!
//! Why: the bodies are nearly all of a feed's bytes, and feed-rs reads each one through a chain of
//! copies (a `BufReader`, quick-xml's decoding reader, its event buffer, the text being gathered,
//! the trimmed copy), checking it as UTF-8 on the way: a large share of a refresh's CPU. The scan that checks the feed's nesting (feed/extras.rs) already walks over every body; it
//! notes where each lies, and feed-rs reads the feed with each body replaced by a short marker.
//! The body is decoded here once (CDATA kept as is, entities resolved by quick-xml, as feed-rs
//! does) and takes its marker's place in the entry.
//!
//! Why the result cannot differ from feed-rs reading the whole feed: only character data is
//! lifted (an element holding a child element, a comment or an instruction keeps its body), the
//! marker stands where the text stood, so feed-rs takes the same element for the same field, and
//! a marker feed-rs does not surface leaves its body unused, as feed-rs would have. A body whose
//! entities quick-xml cannot resolve stays in place for feed-rs to judge. Tests compare both
//! ways on every feed we have, and the fuzz target compares them on any bytes.

use std::borrow::Cow;
use std::ops::Range;

use feed_rs::model::Entry;
use memchr::memmem;

use super::extras::{BodySpan, Scan};

/// Stands in for body N as `{MARKER}N`: plain text, so any XML reader keeps it as it is.
const MARKER: &str = "folio-lifted-body-";

/// Whether [`lift`] takes the bodies out, or only cuts what feed-rs must not see.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bodies {
    Lift,
    Keep,
}

/// The bodies taken out of a feed, by marker number.
#[derive(Debug, Default)]
pub struct LiftedBodies {
    bodies: Vec<Option<String>>,
}

/// The text feed-rs reads: `xml` without its stray declarations, and with its bodies replaced by
/// markers when `bodies` is [`Bodies::Lift`]; borrowed when nothing changes.
pub fn lift<'a>(xml: &'a str, scan: &Scan, bodies: Bodies) -> (Cow<'a, str>, LiftedBodies) {
    let mut lifted = LiftedBodies::default();
    let mut edits: Vec<(Range<usize>, Option<usize>)> = Vec::new();
    if bodies == Bodies::Lift {
        for span in &scan.bodies {
            if let Some(body) = xml.get(span.content.clone()).and_then(|raw| decode(raw, span)) {
                edits.push((span.content.clone(), Some(lifted.bodies.len())));
                lifted.bodies.push(Some(body));
            }
        }
    }
    edits.extend(scan.stray_declarations.iter().map(|cut| (cut.clone(), None)));
    if edits.is_empty() {
        return (Cow::Borrowed(xml), lifted);
    }
    // Both lists are in document order and never overlap (a body holds no instruction).
    edits.sort_unstable_by_key(|(range, _)| range.start);
    let kept_bytes = xml.len() - edits.iter().map(|(range, _)| range.len()).sum::<usize>();
    let mut text = String::with_capacity(kept_bytes + edits.len() * (MARKER.len() + 8));
    let mut from = 0;
    for (range, marker) in edits {
        text.push_str(xml.get(from..range.start).unwrap_or_default());
        if let Some(number) = marker {
            text.push_str(MARKER);
            text.push_str(&number.to_string());
        }
        from = range.end;
    }
    text.push_str(xml.get(from..).unwrap_or_default());
    (Cow::Owned(text), lifted)
}

impl LiftedBodies {
    pub fn is_empty(&self) -> bool {
        self.bodies.is_empty()
    }

    /// Puts each body back where feed-rs surfaced its marker: an entry's content or summary.
    pub fn restore(&mut self, entries: &mut [Entry]) {
        if self.bodies.is_empty() {
            return;
        }
        for entry in entries {
            if let Some(body) = entry.content.as_mut().and_then(|c| c.body.as_mut()) {
                self.put_back(body);
            }
            if let Some(summary) = entry.summary.as_mut() {
                self.put_back(&mut summary.content);
            }
        }
    }

    fn put_back(&mut self, text: &mut String) {
        let number = text.strip_prefix(MARKER).and_then(|n| n.parse::<usize>().ok());
        // Each body goes back once: a feed that writes a marker of its own gets nothing twice.
        if let Some(body) = number.and_then(|n| self.bodies.get_mut(n)).and_then(Option::take) {
            *text = body;
        }
    }
}

/// The text of a body as feed-rs would give it: CDATA sections as they are, entities in the text
/// between them resolved, trimmed where feed-rs trims. `None` when an entity is not one of XML's
/// own (feed-rs keeps those as written; it is left to do so) or the body is empty (feed-rs reads
/// no text there at all).
fn decode(raw: &str, span: &BodySpan) -> Option<String> {
    let mut text = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(start) = memmem::find(rest.as_bytes(), b"<![CDATA[") {
        push_unescaped(&mut text, &rest[..start])?;
        let inner = &rest[start + "<![CDATA[".len()..];
        let end = memmem::find(inner.as_bytes(), b"]]>")?;
        text.push_str(&inner[..end]);
        rest = &inner[end + "]]>".len()..];
    }
    push_unescaped(&mut text, rest)?;
    if span.trimmed {
        trim_in_place(&mut text);
    }
    (!text.is_empty()).then_some(text)
}

fn push_unescaped(text: &mut String, raw: &str) -> Option<()> {
    if memchr::memchr(b'&', raw.as_bytes()).is_none() {
        text.push_str(raw);
    } else {
        let unescaped =
            quick_xml::escape::unescape_with(raw, quick_xml::escape::resolve_predefined_entity).ok()?;
        text.push_str(&unescaped);
    }
    Some(())
}

/// `str::trim` without a second copy of the text.
fn trim_in_place(text: &mut String) {
    let end = text.trim_end().len();
    text.truncate(end);
    let start = text.len() - text.trim_start().len();
    text.drain(..start);
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::feed::extras::scan;

    fn lifted(xml: &str) -> (String, Vec<Option<String>>) {
        let found = scan(xml).unwrap();
        let (text, bodies) = lift(xml, &found, Bodies::Lift);
        (text.into_owned(), bodies.bodies)
    }

    const RSS_HEAD: &str = r#"<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>t</title>"#;

    #[test]
    fn cdata_and_escaped_bodies_are_decoded_and_replaced_by_markers() {
        let xml = format!(
            "{RSS_HEAD}<item><description> a &lt;b&gt; &amp;amp; &#233; </description>\
             <content:encoded>\n<![CDATA[<p>x ]] y</p>]]>&amp;<![CDATA[z]]>\n</content:encoded></item></channel></rss>"
        );
        let (text, bodies) = lifted(&xml);
        assert_eq!(
            bodies,
            vec![
                Some("a <b> &amp; é".to_string()),
                Some("\n<p>x ]] y</p>&z\n".to_string())
            ]
        );
        assert!(
            text.contains("<description>folio-lifted-body-0</description>"),
            "{text}"
        );
        assert!(
            text.contains("<content:encoded>folio-lifted-body-1</content:encoded>"),
            "{text}"
        );
    }

    #[test]
    fn only_plain_character_data_is_lifted() {
        let xml = format!(
            "{RSS_HEAD}<item><description>a <!-- c --> b</description>\
             <content:encoded>x<b>bold</b></content:encoded></item>\
             <item><description>&nbsp;unknown</description><content:encoded></content:encoded>\
             <content:encoded><![CDATA[]]></content:encoded></item></channel></rss>"
        );
        let (text, bodies) = lifted(&xml);
        assert!(bodies.is_empty(), "{bodies:?}");
        assert_eq!(text, xml);
    }

    #[test]
    fn only_the_elements_feed_rs_reads_as_bodies_are_lifted() {
        // content:encoded needs the content module bound on the root; the channel's own
        // description is not an item's; an item's grandchild is not a body.
        let xml = r#"<rss version="2.0" xmlns:content="urn:other"><channel><description>feed</description>
            <item><content:encoded>x</content:encoded><media><description>m</description></media>
            <description>d</description></item></channel></rss>"#;
        let (_, bodies) = lifted(xml);
        assert_eq!(bodies, vec![Some("d".to_string())]);
        // RSS 0.91 and RDF are read by other parts of feed-rs: their bodies stay.
        let (_, bodies) = lifted(
            "<rss version=\"0.91\"><channel><item><description>d</description></item></channel></rss>",
        );
        assert!(bodies.is_empty());
        // Atom: text and HTML content and summaries, not XHTML nor content out of line.
        let atom = r#"<feed xmlns="http://www.w3.org/2005/Atom"><entry><summary type="html">s</summary>
            <content type="xhtml">x</content></entry><entry><content src="https://e.org/a" type="text/html">y</content>
            </entry><entry><content>z</content></entry></feed>"#;
        let (_, bodies) = lifted(atom);
        assert_eq!(bodies, vec![Some("s".to_string()), Some("z".to_string())]);
    }

    #[test]
    fn a_namespace_declared_on_or_around_an_item_keeps_every_body() {
        let on_an_item = format!(
            "{RSS_HEAD}<item><description>a</description></item>\
             <item xmlns:x=\"urn:x\"><description>b</description></item></channel></rss>"
        );
        assert!(lifted(&on_an_item).1.is_empty());
        let around_items = r#"<rss version="2.0"><channel xmlns:c="urn:c"><item><description>a</description></item></channel></rss>"#;
        assert!(lifted(around_items).1.is_empty());
        let on_the_body = format!(
            "{RSS_HEAD}<item><description xmlns=\"urn:x\">a</description><content:encoded>b</content:encoded></item></channel></rss>"
        );
        assert_eq!(lifted(&on_the_body).1, vec![Some("b".to_string())]);
    }

    #[test]
    fn a_namespace_declared_away_from_the_bodies_keeps_none() {
        // An atom:link declaring its own prefix in the channel, and XHTML content beside a summary.
        let rss = format!(
            "{RSS_HEAD}<atom:link xmlns:atom=\"http://www.w3.org/2005/Atom\" rel=\"self\" href=\"x\"/>\
             <image xmlns:i=\"urn:i\"><url>u</url></image><item><description>a</description></item></channel></rss>"
        );
        assert_eq!(lifted(&rss).1, vec![Some("a".to_string())]);
        let atom = r#"<feed xmlns="http://www.w3.org/2005/Atom"><entry><summary>s</summary>
            <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>x</p></div></content></entry></feed>"#;
        assert_eq!(lifted(atom).1, vec![Some("s".to_string())]);
    }

    #[test]
    fn stray_declarations_are_cut_and_an_unchanged_feed_is_borrowed() {
        let xml = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><item>\
            <?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><title>t</title></item></channel></rss>";
        let found = scan(xml).unwrap();
        let (text, _) = lift(xml, &found, Bodies::Keep);
        assert_eq!(
            text,
            "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><item><title>t</title></item></channel></rss>"
        );
        let plain = "<rss version=\"2.0\"><channel><title>t</title></channel></rss>";
        let (text, _) = lift(plain, &scan(plain).unwrap(), Bodies::Lift);
        assert!(matches!(text, Cow::Borrowed(_)));
    }

    #[test]
    fn each_body_goes_back_once() {
        let mut bodies = LiftedBodies {
            bodies: vec![Some("body".to_string())],
        };
        let mut first = format!("{MARKER}0");
        let mut second = format!("{MARKER}0");
        let mut other = format!("{MARKER}7");
        bodies.put_back(&mut first);
        bodies.put_back(&mut second);
        bodies.put_back(&mut other);
        assert_eq!((first.as_str(), second.as_str()), ("body", "folio-lifted-body-0"));
        assert_eq!(other, "folio-lifted-body-7");
    }
}
