//! The extracted content split into typed body blocks (headings, paragraphs, lists, quotes, code,
//! tables, figures, embeds), each with its cleaned HTML (for rendering) and its plain text.

use dom_query::{Document, NodeRef};
use serde::{Deserialize, Serialize};
use url::Url;

use super::LeadImage;
use super::dom::{collapse, within};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BlockKind {
    Heading,
    Paragraph,
    List,
    Quote,
    Code,
    Table,
    Figure,
    /// A video, tweet or other embedded frame, shown as a one-line placeholder with its link.
    Embed,
}

/// One body block: its kind, its HTML as extracted (for rendering) and its plain text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Block {
    pub kind: BlockKind,
    pub html: String,
    pub text: String,
}

/// Containers whose children are the blocks.
const CONTAINERS: &[&str] = &[
    "div", "section", "article", "main", "header", "span", "center", "details", "body", "html", "form",
    "font",
];

/// Splits the extracted content into blocks; the first figure before any text is also the lead image.
pub fn split(content: &Document, base: Option<&Url>) -> (Option<LeadImage>, Vec<Block>) {
    let mut blocks = Vec::new();
    let mut inline = String::new();
    // A parsed fragment still gets html/head/body around it: the blocks are inside the body.
    let body = content.select_single("body");
    let root = body.nodes().first().copied().unwrap_or_else(|| content.root());
    collect(&root, base, &mut blocks, &mut inline);
    flush_inline(&mut blocks, &mut inline);
    // A heading with nothing after it introduced a section the cleaning passes removed ("More
    // from us", "Related jobs"): alone it would end the article on a dangling title.
    while blocks.last().is_some_and(|b| b.kind == BlockKind::Heading) {
        blocks.pop();
    }
    let lead = blocks
        .iter()
        .take_while(|b| b.kind != BlockKind::Paragraph)
        .find(|b| b.kind == BlockKind::Figure)
        .and_then(|b| lead_image(&b.html));
    (lead, blocks)
}

fn collect(node: &NodeRef<'_>, base: Option<&Url>, blocks: &mut Vec<Block>, inline: &mut String) {
    for child in node.children_it(false) {
        if child.is_text() {
            inline.push_str(&crate::markup::entities::escape(&child.text()));
            continue;
        }
        let Some(name) = child.node_name() else { continue };
        let name = name.to_ascii_lowercase();
        let kind = match name.as_str() {
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => Some(BlockKind::Heading),
            "p" | "dl" | "address" => Some(BlockKind::Paragraph),
            "ul" | "ol" | "menu" => Some(BlockKind::List),
            "blockquote" => Some(BlockKind::Quote),
            "pre" => Some(BlockKind::Code),
            "table" if is_layout_table(&child) => None,
            "table" => Some(BlockKind::Table),
            // A figure without media holds a table, a pull quote or an embed: its parts are blocks.
            "figure" if !within(&child, "img, picture, video, svg, canvas").exists() => {
                flush_inline(blocks, inline);
                collect(&child, base, blocks, inline);
                flush_inline(blocks, inline);
                continue;
            }
            "figure" | "picture" | "img" => Some(BlockKind::Figure),
            "iframe" | "video" | "audio" | "embed" | "object" => {
                flush_inline(blocks, inline);
                if let Some(embed) = embed_block(&child, &name, base) {
                    blocks.push(embed);
                }
                continue;
            }
            "hr" | "br" | "script" | "style" | "noscript" | "template" | "svg" | "canvas" => {
                if name == "br" {
                    inline.push_str("<br>");
                }
                continue;
            }
            _ if CONTAINERS.contains(&name.as_str()) || is_layout_part(&name) => {
                if has_block_children(&child) {
                    flush_inline(blocks, inline);
                    collect(&child, base, blocks, inline);
                    flush_inline(blocks, inline);
                    continue;
                }
                if CONTAINERS.contains(&name.as_str()) && name != "span" && name != "font" {
                    // A div of plain text is a paragraph of its own.
                    flush_inline(blocks, inline);
                    inline.push_str(&child.inner_html());
                    flush_inline(blocks, inline);
                } else {
                    inline.push_str(&child.html());
                }
                continue;
            }
            _ => None,
        };
        match kind {
            Some(kind) => {
                flush_inline(blocks, inline);
                push_block(blocks, kind, &child);
            }
            None if name == "table" => {
                flush_inline(blocks, inline);
                collect_layout_table(&child, base, blocks, inline);
            }
            None => inline.push_str(&child.html()),
        }
    }
}

fn collect_layout_table(
    table: &NodeRef<'_>,
    base: Option<&Url>,
    blocks: &mut Vec<Block>,
    inline: &mut String,
) {
    for cell in within(table, "td, th").nodes() {
        collect(cell, base, blocks, inline);
        flush_inline(blocks, inline);
    }
}

fn is_layout_part(name: &str) -> bool {
    matches!(
        name,
        "tbody" | "thead" | "tfoot" | "tr" | "td" | "th" | "li" | "dd" | "dt" | "figcaption"
    )
}

fn has_block_children(node: &NodeRef<'_>) -> bool {
    node.children_it(false).any(|c| {
        c.node_name().is_some_and(|n| {
            matches!(
                n.to_ascii_lowercase().as_str(),
                "p" | "div"
                    | "section"
                    | "article"
                    | "h1"
                    | "h2"
                    | "h3"
                    | "h4"
                    | "h5"
                    | "h6"
                    | "ul"
                    | "ol"
                    | "blockquote"
                    | "pre"
                    | "table"
                    | "figure"
                    | "iframe"
                    | "video"
                    | "header"
                    | "dl"
                    | "main"
                    | "details"
            )
        })
    })
}

/// A table used for page layout (one column, or cells holding paragraphs) rather than data.
fn is_layout_table(table: &NodeRef<'_>) -> bool {
    let nested = within(table, "td p, td div, td table, td ul, td h1, td h2, td h3").exists();
    let single_column = within(table, "tr")
        .nodes()
        .iter()
        .all(|tr| within(tr, "td, th").length() <= 1);
    nested || single_column
}

fn push_block(blocks: &mut Vec<Block>, kind: BlockKind, node: &NodeRef<'_>) {
    let text = block_text(kind, node);
    let has_image = kind == BlockKind::Figure || within(node, "img").exists();
    if text.is_empty() && !has_image {
        return;
    }
    let kind = if kind == BlockKind::Paragraph && text.is_empty() {
        BlockKind::Figure
    } else {
        kind
    };
    blocks.push(Block {
        kind,
        html: node.html().to_string(),
        text,
    });
}

fn flush_inline(blocks: &mut Vec<Block>, inline: &mut String) {
    if inline.trim().is_empty() {
        inline.clear();
        return;
    }
    let html = format!("<p>{inline}</p>");
    inline.clear();
    let doc = Document::fragment(html.as_str());
    let text = collapse(&doc.root().text());
    if text.is_empty() && !doc.select("img").exists() {
        return;
    }
    let kind = if text.is_empty() {
        BlockKind::Figure
    } else {
        BlockKind::Paragraph
    };
    blocks.push(Block { kind, html, text });
}

/// A block's plain text: whitespace collapsed, except `pre` (kept) and lists and tables (one line
/// per item or row).
fn block_text(kind: BlockKind, node: &NodeRef<'_>) -> String {
    match kind {
        BlockKind::Code => node.text().trim_matches('\n').to_string(),
        BlockKind::List => {
            let items = within(node, "li, dt, dd")
                .nodes()
                .iter()
                .map(|li| collapse(&li.text()))
                .collect::<Vec<_>>();
            let items: Vec<String> = items
                .into_iter()
                .filter(|t| !t.is_empty())
                .map(|t| format!("- {t}"))
                .collect();
            if items.is_empty() {
                collapse(&node.text())
            } else {
                items.join("\n")
            }
        }
        BlockKind::Table => within(node, "tr")
            .nodes()
            .iter()
            .map(|tr| {
                within(tr, "td, th")
                    .nodes()
                    .iter()
                    .map(|c| collapse(&c.text()))
                    .collect::<Vec<_>>()
                    .join(" | ")
            })
            .filter(|row| !row.trim_matches([' ', '|']).is_empty())
            .collect::<Vec<_>>()
            .join("\n"),
        _ => collapse(&node.text()),
    }
}

fn embed_block(node: &NodeRef<'_>, name: &str, base: Option<&Url>) -> Option<Block> {
    let src = node
        .attr("src")
        .or_else(|| node.attr("data"))
        .or_else(|| within(node, "source[src]").attr("src"))
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())?;
    let link = base
        .and_then(|b| b.join(&src).ok())
        .map(|u| u.to_string())
        .unwrap_or(src);
    let label = match name {
        "audio" => "audio",
        "iframe" if link.contains("twitter.com") || link.contains("x.com/") => "tweet",
        "iframe" if !is_video_host(&link) => "embed",
        _ => "video",
    };
    let text = format!("[{label}: {link}]");
    let escaped = crate::markup::entities::escape(&link);
    let html = format!("<p>[{label}: <a href=\"{escaped}\">{escaped}</a>]</p>");
    Some(Block {
        kind: BlockKind::Embed,
        html,
        text,
    })
}

fn is_video_host(link: &str) -> bool {
    [
        "youtube",
        "youtu.be",
        "vimeo",
        "dailymotion",
        "twitch",
        "rumble",
        "bitchute",
        "odysee",
    ]
    .iter()
    .any(|host| link.contains(host))
}

fn lead_image(figure_html: &str) -> Option<LeadImage> {
    let doc = Document::fragment(figure_html);
    let img = doc.select("img").nodes().first().copied()?;
    let url = img.attr("src").map(|s| s.to_string()).filter(|s| !s.is_empty())?;
    let alt = img.attr("alt").map(|s| collapse(&s)).filter(|s| !s.is_empty());
    let caption = Some(collapse(&doc.select("figcaption").text())).filter(|s| !s.is_empty());
    let credit = caption.as_deref().and_then(credit_of);
    Some(LeadImage {
        url,
        alt,
        caption,
        credit,
    })
}

/// The credit part of a caption ("Source: X", "Photo: X", "Foto: X", "© X").
fn credit_of(caption: &str) -> Option<String> {
    const MARKERS: &[&str] = &[
        "source:", "photo:", "credit:", "image:", "foto:", "bild:", "quelle:", "crédit", "fuente:", "©",
    ];
    let lower = caption.to_lowercase();
    // Offsets found in the lowercased text are only used when they fall on the same character
    // boundary in the original (lowercasing can change byte lengths).
    let at = MARKERS.iter().filter_map(|m| lower.find(m)).min()?;
    caption.get(at..).map(|credit| credit.trim().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_heading_that_ends_the_body_is_dropped() {
        let doc = Document::from("<div><h2>Story</h2><p>Prose.</p><h3>More from us</h3><h4>Jobs</h4></div>");
        let (_, blocks) = split(&doc, None);
        let texts: Vec<&str> = blocks.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(texts, ["Story", "Prose."]);
    }

    #[test]
    fn splits_content_into_typed_blocks() {
        let doc = Document::from(
            "<div><figure><img src='a.jpg' alt='A'><figcaption>The port. Photo: Jane Doe</figcaption></figure>\
             <h2>Head</h2><p>One <a href='/x'>link</a>.</p>loose text<ul><li>a</li><li>b</li></ul>\
             <blockquote>q</blockquote><pre>  x = 1\n  y</pre>\
             <table><tr><th>k</th><th>v</th></tr><tr><td>1</td><td>2</td></tr></table>\
             <iframe src='https://www.youtube.com/embed/abc'></iframe></div>",
        );
        let (lead, blocks) = split(&doc, None);
        let kinds: Vec<BlockKind> = blocks.iter().map(|b| b.kind).collect();
        use BlockKind::*;
        assert_eq!(
            kinds,
            [
                Figure, Heading, Paragraph, Paragraph, List, Quote, Code, Table, Embed
            ]
        );
        assert_eq!(blocks[2].text, "One link.");
        assert_eq!(blocks[3].text, "loose text");
        assert_eq!(blocks[4].text, "- a\n- b");
        assert_eq!(blocks[6].text, "  x = 1\n  y");
        assert_eq!(blocks[7].text, "k | v\n1 | 2");
        assert_eq!(blocks[8].text, "[video: https://www.youtube.com/embed/abc]");
        let lead = lead.unwrap_or_default();
        assert_eq!(lead.url, "a.jpg");
        assert_eq!(lead.credit.as_deref(), Some("Photo: Jane Doe"));
    }
}
