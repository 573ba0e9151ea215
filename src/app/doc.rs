//! Styled, already-wrapped text as the reader screens show it: lines of spans, each span tagged
//! with the theme element that colours it. Articles and comments are turned into this once per
//! width; drawing is then a copy into the frame.

use crate::config::Element;
use crate::sanitize::without_hidden_characters;

/// A run of text drawn in one theme element's style.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocSpan {
    pub text: String,
    pub element: Element,
}

/// One screen line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocLine {
    pub spans: Vec<DocSpan>,
}

impl DocLine {
    pub fn plain(text: impl Into<String>, element: Element) -> DocLine {
        DocLine {
            spans: vec![DocSpan {
                text: text.into(),
                element,
            }],
        }
    }

    pub fn push(&mut self, text: impl Into<String>, element: Element) {
        self.spans.push(DocSpan {
            text: text.into(),
            element,
        });
    }

    /// The line's text without styles (what search looks at).
    pub fn text(&self) -> String {
        self.spans.iter().map(|s| s.text.as_str()).collect()
    }
}

/// A document: wrapped lines plus the numbered links they refer to (`[3]` is `links[2]`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Doc {
    pub lines: Vec<DocLine>,
    pub links: Vec<String>,
    /// The item's enclosures (an article's; none in threads).
    pub enclosures: Vec<crate::feed::Enclosure>,
    /// The pictures its `[image` lines stand for, in order (see app/media.rs).
    pub images: Vec<crate::media::image::sources::ImageSource>,
}

impl Doc {
    /// Indices of the lines containing `query` (case-insensitive).
    pub fn find(&self, query: &str) -> Vec<usize> {
        let needle = query.to_lowercase();
        if needle.is_empty() {
            return Vec::new();
        }
        self.lines
            .iter()
            .enumerate()
            .filter(|(_, line)| line.text().to_lowercase().contains(&needle))
            .map(|(i, _)| i)
            .collect()
    }
}

impl Doc {
    /// An article laid out by `article::render`, its style tags turned into theme elements.
    pub fn from_rendered(rendered: &crate::article::Rendered) -> Doc {
        use crate::article::Style;
        let element = |style: Style| match style {
            Style::Plain => Element::Text,
            Style::Title => Element::ArticleTitle,
            Style::Meta => Element::Byline,
            Style::Note => Element::Dim,
            Style::Heading => Element::Heading,
            Style::Bold => Element::Bold,
            Style::Italic | Style::Strike => Element::Italic,
            Style::Code | Style::Preformatted => Element::Code,
            Style::Quote => Element::Quote,
            Style::Link => Element::Link,
            Style::LinkNumber => Element::LinkNumber,
            Style::Image => Element::Image,
        };
        let lines = rendered
            .lines
            .iter()
            .map(|line| DocLine {
                spans: line
                    .spans
                    .iter()
                    .map(|span| DocSpan {
                        // The title and byline are one-line fields, wrapped: they lose what
                        // could reorder or hide their text, as titles in the lists do.
                        text: match span.style {
                            Style::Title | Style::Meta => without_hidden_characters(&span.text).into_owned(),
                            _ => span.text.clone(),
                        },
                        element: element(span.style),
                    })
                    .collect(),
            })
            .collect();
        Doc {
            lines,
            links: rendered.links.clone(),
            ..Doc::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn find_is_case_insensitive_and_spans_joined() {
        let mut line = DocLine::plain("Taliban ", Element::Text);
        line.push("Captures", Element::Bold);
        let doc = Doc {
            lines: vec![DocLine::plain("intro", Element::Text), line],
            links: vec![],
            ..Doc::default()
        };
        assert_eq!(doc.find("n capt"), vec![1]);
        assert_eq!(doc.find(""), Vec::<usize>::new());
    }
}
