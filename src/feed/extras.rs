//! What feed-rs drops: the per-item comment count (`slash:comments` in RSS, `thr:total` in Atom);
//! what it must not see: XML declarations in the middle of a document; and where the item bodies
//! are, so that it need not read them (see feed/lift.rs).
//!
//! The same pass checks that the XML is well formed to the end: feed-rs returns the items it read
//! before a truncation, and a half-read feed must be an error, not a silent half-import.
//!
//! Why a scan of our own rather than a second pass of an XML parser: this pass runs over every
//! feed of every refresh next to feed-rs's own, and only needs the elements' nesting and the text
//! of two elements: skipping from one `<` to the next (and over CDATA sections and comments
//! whole) without building events costs a fraction of what building them does.

use std::ops::Range;

use memchr::memmem::Finder;

/// What the scan of a feed found.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Scan {
    /// Per item or entry, in document order: its comment count, if it has one.
    pub counts: Vec<Option<u32>>,
    /// Where XML declarations (`<?xml ...?>`) stand after the start of the document: the spec
    /// allows one, first. feed-rs hands a later one's encoding to quick-xml, which panics once
    /// it is past the start (found by fuzzing), so they are cut out before feed-rs reads the feed.
    pub stray_declarations: Vec<Range<usize>>,
    /// The item bodies feed-rs can be spared (see feed/lift.rs), in document order. None when an
    /// item, or an element around items other than the root, declares a namespace: then names
    /// alone do not tell which element feed-rs takes for a body.
    pub bodies: Vec<BodySpan>,
}

/// Where one item body's character data lies: text and CDATA sections only, no child element,
/// comment or instruction, between the start and end tags of an element feed-rs reads as a body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BodySpan {
    pub content: Range<usize>,
    /// Whether feed-rs trims the text of this element (it does for all but `content:encoded`).
    pub trimmed: bool,
}

/// Which children of an item carry a body that feed-rs reads as plain character data, by the
/// feed's root element. Only the two formats almost every feed uses; any other keeps its bodies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BodyRules {
    None,
    /// RSS 2.0 (`<rss version="2.0">`): `description`, and `content:encoded` when the root binds
    /// the `content` prefix to the content module.
    Rss2 {
        content_module: bool,
    },
    /// Atom 1.0: `content` and `summary` as text or HTML, not inline XHTML or out of line.
    Atom,
}

const CONTENT_MODULE: &str = "http://purl.org/rss/1.0/modules/content/";
const ATOM: &str = "http://www.w3.org/2005/Atom";

impl BodyRules {
    /// The rules for a document whose root start tag is `<{tag}>` with a name `name_len` long.
    fn of_root(tag: &str, name_len: usize) -> BodyRules {
        let name = &tag[..name_len];
        let (Some(attributes), true) = (Attributes::of(tag, name_len), matches!(name, "rss" | "feed")) else {
            return BodyRules::None;
        };
        let value = |key| attributes.value(key);
        match (name, value("xmlns")) {
            // feed-rs reads `version="2.0"` and `version=""` as RSS 2.0.
            ("rss", None) if matches!(value("version"), Some("2.0" | "")) => BodyRules::Rss2 {
                content_module: value("xmlns:content") == Some(CONTENT_MODULE),
            },
            ("feed", None | Some(ATOM)) => BodyRules::Atom,
            _ => BodyRules::None,
        }
    }

    /// Whether the item child `<{tag}>` (its name `name_len` long) carries a body, and if so
    /// whether feed-rs trims it.
    fn body(self, tag: &str, name_len: usize) -> Option<bool> {
        match (self, &tag[..name_len]) {
            (BodyRules::Rss2 { .. }, "description") => Some(true),
            (BodyRules::Rss2 { content_module: true }, "content:encoded") => Some(false),
            (BodyRules::Atom, "content" | "summary") => {
                let attributes = Attributes::of(tag, name_len)?;
                let text_type = matches!(
                    attributes.value("type"),
                    None | Some("text" | "html" | "text/html")
                );
                (text_type && attributes.value("src").is_none()).then_some(true)
            }
            _ => None,
        }
    }
}

/// The attributes of a start tag as written (values not unescaped: a value with an entity in it
/// matches nothing, and its element keeps its body).
struct Attributes(Vec<(String, String)>);

impl Attributes {
    /// The attributes of `<{tag}>`, its name `name_len` long; `None` when they do not parse.
    fn of(tag: &str, name_len: usize) -> Option<Attributes> {
        let tag = tag.strip_suffix('/').unwrap_or(tag);
        let start = quick_xml::events::BytesStart::from_content(tag, name_len);
        start
            .attributes()
            .map(|attribute| {
                let attribute = attribute.ok()?;
                Some((attribute.key.as_ref().to_string(), attribute.value.into_owned()))
            })
            .collect::<Option<Vec<_>>>()
            .map(Attributes)
    }

    fn value(&self, key: &str) -> Option<&str> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }
}

/// Scans a feed: see [`Scan`]. An error when the elements do not nest (an end tag that closes
/// another element) or the document ends inside a tag, a CDATA section, a comment or an element.
pub fn scan(xml: &str) -> Result<Scan, String> {
    let bytes = xml.as_bytes();
    let ends = Ends::new();
    let mut stray_declarations = Vec::new();
    let mut counts: Vec<Option<u32>> = Vec::new();
    // Names of the open elements, innermost last.
    let mut open: Vec<&[u8]> = Vec::new();
    // How many elements were open inside the current item's, counting it; none outside items.
    let mut item_depth: Option<usize> = None;
    // Where the text of a comment-count element starts, while it is the last thing read.
    let mut count_text_from: Option<usize> = None;
    // Set by the root element.
    let mut body_rules: Option<BodyRules> = None;
    let mut bodies = Vec::new();
    // Where the content of a body element starts (and whether it is trimmed), while only text and
    // CDATA sections have followed it.
    let mut body_from: Option<(usize, bool)> = None;
    // The depth of the outermost open element outside items (the root aside) that declares a
    // namespace: the items inside it may read element names otherwise.
    let mut declaring_ancestor: Option<usize> = None;
    let mut namespaces_rebound = false;
    let mut at = 0;
    while let Some(found) = memchr::memchr(b'<', &bytes[at..]) {
        let lt = at + found;
        if let Some(from) = count_text_from.take()
            && let (Some(last), Some(Ok(n))) = (
                counts.last_mut(),
                xml.get(from..lt).map(|t| t.trim().parse::<u32>()),
            )
        {
            *last = Some(n);
        }
        let tag = &bytes[lt..];
        if let Some((from, trimmed)) = body_from.take() {
            if tag.starts_with(b"<![CDATA[") {
                body_from = Some((from, trimmed));
            } else if tag.starts_with(b"</") && lt > from {
                // The body element's own end tag: anything else fails the nesting check below.
                bodies.push(BodySpan {
                    content: from..lt,
                    trimmed,
                });
            }
        }
        at = if tag.starts_with(b"<![CDATA[") {
            ends.after(&ends.cdata, bytes, lt, "a CDATA section")?
        } else if tag.starts_with(b"<!--") {
            ends.after(&ends.comment, bytes, lt, "a comment")?
        } else if tag.starts_with(b"<?") {
            let end = ends.after(&ends.instruction, bytes, lt, "a processing instruction")?;
            if is_declaration(tag) && !bytes[..lt].trim_ascii().is_empty() {
                stray_declarations.push(lt..end);
            }
            end
        } else if tag.starts_with(b"<!") {
            declaration_end(bytes, lt)?
        } else if tag.starts_with(b"</") {
            let end = tag_end(bytes, lt)?;
            let name = bytes[lt + 2..end].trim_ascii_end();
            match open.pop() {
                Some(open_name) if open_name == name => {}
                open_name => {
                    let expected = open_name.map_or("no end tag".into(), |open_name| {
                        format!("</{}>", String::from_utf8_lossy(open_name))
                    });
                    return Err(format!(
                        "XML error at byte {lt}: </{}> where {expected} was expected",
                        String::from_utf8_lossy(name)
                    ));
                }
            }
            if item_depth == Some(open.len() + 1) {
                item_depth = None;
            }
            if declaring_ancestor == Some(open.len() + 1) {
                declaring_ancestor = None;
            }
            end + 1
        } else {
            let end = tag_end(bytes, lt)?;
            let inside = &bytes[lt + 1..end];
            let name_len = inside
                .iter()
                .position(|b| b.is_ascii_whitespace() || *b == b'/')
                .unwrap_or(inside.len());
            let name = &inside[..name_len];
            let (prefixed, local) = match name.iter().rposition(|b| *b == b':') {
                Some(colon) => (true, &name[colon + 1..]),
                None => (false, name),
            };
            // `<` and `>` are ASCII, so the tag's bytes are whole characters.
            let tag_text = xml.get(lt + 1..end).unwrap_or_default();
            let (rules, declares) = match body_rules {
                Some(rules) => (rules, memchr::memmem::find(inside, b"xmlns").is_some()),
                None => (*body_rules.insert(BodyRules::of_root(tag_text, name_len)), false),
            };
            let is_item = matches!(local, b"item" | b"entry") && item_depth.is_none();
            let self_closing = inside.ends_with(b"/");
            // A declaration reaches the element that makes it and everything inside: the bodies
            // of an item when the item or an element around it makes it (then names alone do not
            // tell which element feed-rs reads as a body). One inside an item, on another child
            // or deeper, reaches no body.
            if is_item && (declares || declaring_ancestor.is_some()) {
                namespaces_rebound = true;
            } else if declares && !self_closing && item_depth.is_none() && declaring_ancestor.is_none() {
                declaring_ancestor = Some(open.len() + 1);
            }
            if self_closing {
                if is_item {
                    counts.push(None);
                }
            } else {
                open.push(name);
                if is_item {
                    item_depth = Some(open.len());
                    counts.push(None);
                } else if prefixed && item_depth.is_some() && matches!(local, b"comments" | b"total") {
                    count_text_from = Some(end + 1);
                } else if item_depth == Some(open.len() - 1)
                    && !declares
                    && let Some(trimmed) = rules.body(tag_text, name_len)
                {
                    body_from = Some((end + 1, trimmed));
                }
            }
            end + 1
        };
    }
    if !open.is_empty() {
        return Err("truncated: the document ends inside an element".to_string());
    }
    if namespaces_rebound {
        bodies.clear();
    }
    Ok(Scan {
        counts,
        stray_declarations,
        bodies,
    })
}

/// `<?xml` then a space or the end of the instruction: a declaration, not `<?xml-stylesheet`.
fn is_declaration(tag: &[u8]) -> bool {
    tag.strip_prefix(b"<?xml")
        .and_then(|rest| rest.first())
        .is_some_and(|next| next.is_ascii_whitespace() || *next == b'?')
}

/// The markers that end the constructs skipped whole, searched for with a prepared finder.
struct Ends {
    cdata: Finder<'static>,
    comment: Finder<'static>,
    instruction: Finder<'static>,
}

impl Ends {
    fn new() -> Ends {
        Ends {
            cdata: Finder::new(b"]]>"),
            comment: Finder::new(b"-->"),
            instruction: Finder::new(b"?>"),
        }
    }

    /// Where the construct starting at `start` ends (just past its end marker).
    fn after(&self, end: &Finder<'_>, bytes: &[u8], start: usize, what: &str) -> Result<usize, String> {
        // The search starts past the opening `<!` or `<?`, so `<?>` is not read as closed.
        let from = start + 2;
        end.find(&bytes[from..])
            .map(|at| from + at + end.needle().len())
            .ok_or_else(|| format!("truncated: the document ends inside {what}"))
    }
}

/// The `>` that closes the tag opening at `start`; a `>` inside a quoted attribute value does not.
fn tag_end(bytes: &[u8], start: usize) -> Result<usize, String> {
    let mut at = start + 1;
    loop {
        let found = memchr::memchr3(b'>', b'"', b'\'', &bytes[at..])
            .ok_or_else(|| "truncated: the document ends inside a tag".to_string())?;
        let quote_or_end = at + found;
        let byte = bytes[quote_or_end];
        if byte == b'>' {
            return Ok(quote_or_end);
        }
        let closing = memchr::memchr(byte, &bytes[quote_or_end + 1..])
            .ok_or_else(|| "truncated: the document ends inside an attribute value".to_string())?;
        at = quote_or_end + 1 + closing + 1;
    }
}

/// Just past a `<!DOCTYPE ...>` declaration opening at `start`, over its internal subset
/// (`[ ... ]`) when it has one.
fn declaration_end(bytes: &[u8], start: usize) -> Result<usize, String> {
    let truncated = || "truncated: the document ends inside a declaration".to_string();
    let from = start + 2;
    let first = memchr::memchr2(b'>', b'[', &bytes[from..]).ok_or_else(truncated)? + from;
    let close_from = if bytes[first] == b'[' {
        memchr::memchr(b']', &bytes[first..]).ok_or_else(truncated)? + first
    } else {
        first
    };
    Ok(memchr::memchr(b'>', &bytes[close_from..]).ok_or_else(truncated)? + close_from + 1)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn counts_follow_items_in_order() {
        let xml = r#"<rss xmlns:slash="s"><channel><item><slash:comments>5</slash:comments></item><item/>
            <item><comments>http://x/</comments></item></channel></rss>"#;
        assert_eq!(scan(xml).unwrap().counts, vec![Some(5), None, None]);
    }

    #[test]
    fn atom_totals_and_any_prefix_are_read() {
        let xml = r#"<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom" xmlns:t="x">
            <entry><title>a</title><t:total> 12 </t:total></entry>
            <entry xml:lang="en"><title>b</title></entry></feed>"#;
        assert_eq!(scan(xml).unwrap().counts, vec![Some(12), None]);
    }

    #[test]
    fn markup_inside_cdata_comments_and_attributes_is_not_read_as_elements() {
        let xml = r#"<!DOCTYPE rss [<!ENTITY x "<item>">]><rss><channel>
            <!-- <item> in a comment </entry> -->
            <item><title a="1 > 0" b='</item>'>t</title>
              <description><![CDATA[<item><slash:comments>9</slash:comments></item> ]] > ]]></description>
              <slash:comments>3</slash:comments></item>
            <?pi <item> ?></channel></rss>"#;
        assert_eq!(scan(xml).unwrap().counts, vec![Some(3)]);
    }

    #[test]
    fn items_inside_items_are_not_counted_twice() {
        let xml = "<rss><channel><item><x:item>a</x:item><s:comments>2</s:comments></item></channel></rss>";
        assert_eq!(scan(xml).unwrap().counts, vec![Some(2)]);
    }

    #[test]
    fn a_count_that_is_not_a_number_is_none() {
        let xml =
            "<rss><item><s:comments>many</s:comments></item><item><s:comments></s:comments></item></rss>";
        assert_eq!(scan(xml).unwrap().counts, vec![None, None]);
    }

    #[test]
    fn declarations_after_the_start_are_found() {
        let xml = "\n<?xml version=\"1.0\"?><?xml-stylesheet href=\"s.xsl\"?><rss><channel><item>\
            <?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><title>t</title></item></channel></rss>";
        let found = scan(xml).unwrap();
        assert_eq!(found.stray_declarations.len(), 1);
        let range = found.stray_declarations[0].clone();
        assert!(xml[range].contains("ISO-8859-1"));
    }

    #[test]
    fn truncation_is_an_error() {
        assert!(scan("<rss><channel><item>").is_err());
        let whole = r#"<rss><channel><item><title a="x">t</title><description><![CDATA[<p>b</p>]]></description><!-- c --></item></channel></rss>"#;
        for cut in 1..whole.len() - "</rss>".len() {
            assert!(scan(&whole[..cut]).is_err(), "cut at {cut}: {}", &whole[..cut]);
        }
        assert!(scan(whole).is_ok());
    }

    #[test]
    fn end_tags_must_close_the_open_element() {
        let error = scan("<rss><channel><title>x</wrong></channel></rss>").unwrap_err();
        assert!(error.contains("</wrong> where </title> was expected"), "{error}");
        assert!(scan("<rss></rss></rss>").is_err());
        assert!(scan("<rss><channel ></channel ></rss >").is_ok());
    }
}
