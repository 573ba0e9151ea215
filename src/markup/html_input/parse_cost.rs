//! What parsing a page will cost, measured by html5ever's own tokenizer and tree builder run over a
//! shape-only tree ([`CountingSink`]), so the guard agrees with the parser by construction: an
//! element the parser nests is counted as nested, a comment ends where the parser ends it, and
//! the stack walks of misnested tables and formatting elements are counted step by step. The page
//! is fed one `>` at a time, so the first point where a limit is passed is known to the tag.

use std::cell::RefCell;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, Tag, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use html5ever::tree_builder::{TreeBuilder, TreeBuilderOpts};
use html5ever::{LocalName, TokenizerResult};

use super::attributes::{AttributeMeter, Resume};
use super::counting_sink::{CountingSink, Handle, Tally};

/// The most a page may cost; past any of these it is cut.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub max_depth: u32,
    pub max_nodes: u64,
    pub max_depth_sum: u64,
    pub max_work: u64,
    pub max_tokens: u64,
}

impl Limits {
    /// No limit: measures the whole page.
    pub const NONE: Limits = Limits {
        max_depth: u32::MAX,
        max_nodes: u64::MAX,
        max_depth_sum: u64::MAX,
        max_work: u64::MAX,
        max_tokens: u64::MAX,
    };
}

/// Which limit a page passed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exceeded {
    Depth,
    Nodes,
    Work,
}

/// Where a page is cut, and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cut {
    pub at: usize,
    pub exceeded: Exceeded,
}

/// A page's cost as far as it was read, and where it was cut, if it was.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Measure {
    pub tally: Tally,
    pub cut: Option<Cut>,
}

/// The longest piece fed at once when no `>` comes sooner.
const MAX_PIECE: usize = 4096;

/// Runs the parser over `html` until it passes one of `limits`. The options are the ones
/// `dom_query` parses with (scripting off: `<noscript>` holds markup).
pub fn measure(html: &str, limits: &Limits) -> Measure {
    let builder = TreeBuilder::new(
        CountingSink::default(),
        TreeBuilderOpts {
            scripting_enabled: false,
            ..TreeBuilderOpts::default()
        },
    );
    let tokenizer = Tokenizer::new(Watch::new(builder), TokenizerOpts::default());
    let input = BufferQueue::default();
    let whole = StrTendril::from_slice(html);
    let mut meter = AttributeMeter::new();
    meter.resume(0, Resume::Data { foreign: false });
    let mut start = 0;
    while start < html.len() {
        let end = piece_end(html, start);
        let tally_before = tokenizer.sink.builder.sink.tally();
        input.push_back(whole.subtendril(start as u32, (end - start) as u32));
        while let TokenizerResult::Script(_) = tokenizer.feed(&input) {}
        let watch = &tokenizer.sink;
        // The piece's attributes count whether or not a tag ended in it; a token ends a piece only
        // at its last byte, so the meter starts the next piece from the state the token left.
        watch.builder.sink.add_work(meter.advance(html.as_bytes(), end));
        if let Some(resume) = watch.emitted.take() {
            meter.resume(end, resume);
        }
        let tally = watch.builder.sink.tally();
        if let Some(exceeded) = first_exceeded(&tally, limits) {
            return Measure {
                tally: tally_before,
                cut: Some(Cut { at: start, exceeded }),
            };
        }
        start = end;
    }
    // The end of the input closes what is open and may add the `<html>`, `<head>` and `<body>` a
    // page left out.
    tokenizer.end();
    Measure {
        tally: tokenizer.sink.builder.sink.tally(),
        cut: None,
    }
}

/// The end of the piece starting at `start`: just after the next `>`, or `MAX_PIECE` on.
fn piece_end(html: &str, start: usize) -> usize {
    let window = &html.as_bytes()[start..html.len().min(start + MAX_PIECE)];
    match memchr::memchr(b'>', window) {
        Some(offset) => start + offset + 1,
        None => {
            let mut end = start + window.len();
            while !html.is_char_boundary(end) {
                end -= 1;
            }
            if end == start { html.len() } else { end }
        }
    }
}

fn first_exceeded(tally: &Tally, limits: &Limits) -> Option<Exceeded> {
    if tally.max_depth > limits.max_depth {
        Some(Exceeded::Depth)
    } else if tally.nodes > limits.max_nodes || tally.depth_sum > limits.max_depth_sum {
        Some(Exceeded::Nodes)
    } else if tally.work > limits.max_work || tally.tokens > limits.max_tokens {
        Some(Exceeded::Work)
    } else {
        None
    }
}

/// Passes tokens on to the tree builder and notes where the tokenizer stands after each tag,
/// comment or doctype (what [`AttributeMeter`] starts from).
struct Watch {
    builder: TreeBuilder<Handle, CountingSink>,
    emitted: RefCell<Option<Resume>>,
    /// The name of the last start tag, for the raw-text end tag.
    last_start: RefCell<LocalName>,
}

impl Watch {
    fn new(builder: TreeBuilder<Handle, CountingSink>) -> Self {
        Watch {
            builder,
            emitted: RefCell::new(None),
            last_start: RefCell::new(LocalName::from("")),
        }
    }
}

impl TokenSink for Watch {
    type Handle = Handle;

    fn process_token(&self, token: Token, line_number: u64) -> TokenSinkResult<Handle> {
        self.builder.sink.count_token();
        let marks = match &token {
            Token::TagToken(Tag { kind, name, .. }) => {
                if *kind == TagKind::StartTag {
                    *self.last_start.borrow_mut() = name.clone();
                }
                true
            }
            Token::CommentToken(_) | Token::DoctypeToken(_) => true,
            _ => false,
        };
        let result = self.builder.process_token(token, line_number);
        if marks {
            let resume = match &result {
                TokenSinkResult::RawData(RawKind::Rcdata | RawKind::Rawtext | RawKind::ScriptData)
                | TokenSinkResult::RawData(RawKind::ScriptDataEscaped(_)) => Resume::Raw {
                    name: self.last_start.borrow().to_string(),
                },
                TokenSinkResult::Plaintext => Resume::Plaintext,
                _ => Resume::Data {
                    foreign: self
                        .builder
                        .adjusted_current_node_present_but_not_in_html_namespace(),
                },
            };
            *self.emitted.borrow_mut() = Some(resume);
        }
        result
    }

    fn end(&self) {
        self.builder.end();
    }

    fn adjusted_current_node_present_but_not_in_html_namespace(&self) -> bool {
        self.builder
            .adjusted_current_node_present_but_not_in_html_namespace()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markup::html_input::tree_depth;
    use dom_query::Document;
    use proptest::prelude::*;

    /// Pieces that change how the parser nests: self-closing syntax, every way a comment ends,
    /// raw text, foreign content, CDATA, tables, formatting elements, templates, bogus comments.
    const PIECES: &[&str] = &[
        "<div>",
        "</div>",
        "<div/>",
        "<p>",
        "</p>",
        "<b>",
        "</b>",
        "<a>",
        "</a>",
        "<font>",
        "<nobr>",
        "<i x=1>",
        "<table>",
        "<tr>",
        "<td>",
        "</td>",
        "</table>",
        "<caption>",
        "<svg>",
        "<g/>",
        "<g>",
        "</svg>",
        "<math>",
        "<mi>",
        "<annotation-xml encoding=text/html>",
        "<foreignObject>",
        "<!--",
        "-->",
        "--!>",
        "<!-->",
        "<!--->",
        "-",
        "<title>",
        "</title>",
        "<textarea>",
        "</textarea>",
        "<style>",
        "</style>",
        "<script>",
        "</script>",
        "<!--<script>",
        "<xmp>",
        "</xmp>",
        "<iframe>",
        "<noscript>",
        "<template>",
        "</template>",
        "<select>",
        "<option>",
        "<ul>",
        "<li>",
        "<dl>",
        "<dd>",
        "<![CDATA[",
        "]]>",
        "<?x",
        ">",
        "</ x>",
        "</>",
        "<frameset>",
        "<plaintext>",
        "<image/>",
        "<button>",
        "<form>",
        "<h1>",
        "<h2>",
        "text",
        " ",
        "\"",
        "'",
        "=",
        "<br/>",
        "<html>",
        "<body>",
        "<head>",
        "<object>",
        "<marquee>",
        "<applet>",
        "<span>",
    ];

    fn page() -> impl Strategy<Value = String> {
        prop::collection::vec(prop::sample::select(PIECES), 0..400).prop_map(|pieces| pieces.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// The guard's depth is never below the depth of the tree the parser builds.
        #[test]
        fn the_guard_never_counts_shallower_than_the_parser_nests(html in page()) {
            let guessed = measure(&html, &Limits::NONE).tally.max_depth as usize;
            let parsed = tree_depth(&Document::from(html.as_str()));
            prop_assert!(guessed >= parsed, "guard {guessed} < parsed {parsed}");
        }

        /// After a cut, the parser's tree stays within the limits the cut promised.
        #[test]
        fn a_cut_page_parses_within_its_limits(html in page(), max_depth in 3u32..40) {
            let limits = Limits { max_depth, max_nodes: 200, ..Limits::NONE };
            let measured = measure(&html, &limits);
            let kept = measured.cut.map_or(html.as_str(), |cut| &html[..cut.at]);
            let doc = Document::from(kept);
            prop_assert!(tree_depth(&doc) <= max_depth as usize);
            prop_assert!(doc.root().descendants_it().count() <= 200 + 1);
        }
    }

    #[test]
    fn counts_the_depth_the_parser_builds() {
        for (html, depth) in [
            ("<div><div/><div/>", 5),
            ("<p><b><i>x</p>y", 5),
            ("<svg><g/><g/></svg>", 4),
            ("<!-- <div><div> --!><div>", 3),
            ("<table><div><div>", 4),
            ("<math><annotation-xml encoding=text/html><div>", 5),
        ] {
            let parsed = tree_depth(&Document::from(html));
            assert_eq!(parsed, depth, "{html}");
            assert_eq!(
                measure(html, &Limits::NONE).tally.max_depth as usize,
                depth,
                "{html}"
            );
        }
    }
}
