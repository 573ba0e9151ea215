//! The one cost of HTML parsing that the tree never sees: the tokenizer checks each new attribute
//! of a tag against the tag's earlier ones, so a tag with n attributes costs n²/2 steps before the
//! tree builder hears of it. This meter follows the tokenizer from a point where its state is
//! known (just after a token it emitted) through the bytes it has read since, and counts those
//! steps for the tag it is inside, if any.

/// The tokenizer's state just after it emitted a tag, comment or doctype.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resume {
    /// Ordinary markup; `foreign` when the current node is SVG or MathML (CDATA sections count).
    Data { foreign: bool },
    /// Inside `<script>`, `<style>`, `<title>`...: only `</name` can start a tag.
    Raw { name: String },
    /// After `<plaintext>`: no tag ever again.
    Plaintext,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum State {
    Text,
    Raw(String),
    Plaintext,
    /// Inside a tag; the attribute states of the HTML tokenizer.
    Tag(TagState),
    /// `<!--`: the bytes since it began, to tell its end.
    Comment {
        start: usize,
    },
    /// A bogus comment or a doctype: ends at the next `>`.
    UntilGreaterThan,
    /// A CDATA section in SVG or MathML: ends at `]]>`.
    Cdata,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TagState {
    Name,
    BeforeAttributeName,
    AttributeName,
    AfterAttributeName,
    BeforeValue,
    DoubleQuoted,
    SingleQuoted,
    Unquoted,
    AfterQuoted,
    SelfClosing,
}

/// Follows the tokenizer through bytes it read without emitting a tag.
#[derive(Debug)]
pub struct AttributeMeter {
    state: State,
    foreign: bool,
    /// The next byte to read.
    at: usize,
    /// Attributes of the tag being read.
    attributes: u64,
}

fn is_space(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | b'\x0c' | b'\r' | b' ')
}

impl AttributeMeter {
    pub fn new() -> Self {
        AttributeMeter {
            state: State::Text,
            foreign: false,
            at: 0,
            attributes: 0,
        }
    }

    /// The tokenizer emitted a token ending just before `at`, and stands in `resume`.
    pub fn resume(&mut self, at: usize, resume: Resume) {
        self.at = at;
        self.attributes = 0;
        self.foreign = matches!(resume, Resume::Data { foreign: true });
        self.state = match resume {
            Resume::Data { .. } => State::Text,
            Resume::Raw { name } => State::Raw(name),
            Resume::Plaintext => State::Plaintext,
        };
    }

    /// Reads `html` up to `to` (looking further ahead where a decision needs it) and returns the
    /// tokenizer's attribute-check steps in that stretch.
    pub fn advance(&mut self, html: &[u8], to: usize) -> u64 {
        let mut steps = 0u64;
        while self.at < to {
            let at = self.at;
            let byte = html[at];
            self.at += 1;
            match &mut self.state {
                State::Plaintext => self.at = to,
                State::Text => {
                    if let Some(offset) = memchr::memchr(b'<', &html[at..to]) {
                        self.at = at + offset;
                        self.open_markup(html);
                    } else {
                        self.at = to;
                    }
                }
                State::Raw(name) => {
                    let name = name.as_bytes();
                    let rest = &html[at..];
                    let end_tag = rest.starts_with(b"</")
                        && rest.len() > 2 + name.len()
                        && rest[2..2 + name.len()].eq_ignore_ascii_case(name);
                    if end_tag && (is_space(rest[2 + name.len()]) || rest[2 + name.len()] == b'/') {
                        self.at = at + 2 + name.len();
                        self.enter_tag(TagState::Name);
                    } else if byte != b'<' {
                        self.at = memchr::memchr(b'<', &html[at..to]).map_or(to, |offset| at + offset);
                    }
                }
                State::Comment { start } => {
                    if byte == b'>' {
                        let inside = &html[*start..at];
                        if inside.is_empty()
                            || inside == b"-"
                            || inside.ends_with(b"--")
                            || inside.ends_with(b"--!")
                        {
                            self.state = State::Text;
                        }
                    }
                }
                State::UntilGreaterThan => {
                    if byte == b'>' {
                        self.state = State::Text;
                    }
                }
                State::Cdata => {
                    if byte == b'>' && html[..at].ends_with(b"]]") {
                        self.state = State::Text;
                    }
                }
                State::Tag(tag) => {
                    let (next, new_attribute) = step_in_tag(*tag, byte);
                    if new_attribute {
                        steps = steps.saturating_add(self.attributes);
                        self.attributes += 1;
                    }
                    match next {
                        Some(next) => *tag = next,
                        None => self.state = State::Text,
                    }
                }
            }
        }
        steps
    }

    /// At a `<` in ordinary markup: what it opens, as the tokenizer's tag-open states decide.
    fn open_markup(&mut self, html: &[u8]) {
        let rest = &html[self.at..];
        let next = rest.get(1).copied();
        match next {
            Some(b) if b.is_ascii_alphabetic() => {
                self.at += 1;
                self.enter_tag(TagState::Name);
            }
            Some(b'/') => match rest.get(2).copied() {
                Some(b) if b.is_ascii_alphabetic() => {
                    self.at += 2;
                    self.enter_tag(TagState::Name);
                }
                Some(b'>') => self.at += 3,
                Some(_) => {
                    self.at += 2;
                    self.state = State::UntilGreaterThan;
                }
                None => self.at += 2,
            },
            Some(b'?') => {
                self.at += 1;
                self.state = State::UntilGreaterThan;
            }
            Some(b'!') => {
                if rest[2..].starts_with(b"--") {
                    self.at += 4;
                    self.state = State::Comment { start: self.at };
                } else if self.foreign && rest[2..].starts_with(b"[CDATA[") {
                    self.at += 9;
                    self.state = State::Cdata;
                } else {
                    self.at += 2;
                    self.state = State::UntilGreaterThan;
                }
            }
            _ => self.at += 1,
        }
    }

    fn enter_tag(&mut self, state: TagState) {
        self.attributes = 0;
        self.state = State::Tag(state);
    }
}

/// One byte of a tag: the next state (`None` when the tag ends) and whether the byte starts a new
/// attribute.
fn step_in_tag(state: TagState, byte: u8) -> (Option<TagState>, bool) {
    use TagState::*;
    let space = is_space(byte);
    match state {
        Name => match byte {
            b'>' => (None, false),
            b'/' => (Some(SelfClosing), false),
            _ if space => (Some(BeforeAttributeName), false),
            _ => (Some(Name), false),
        },
        // After a quoted value the tokenizer reads on as before an attribute name.
        BeforeAttributeName | SelfClosing | AfterQuoted => match byte {
            b'>' => (None, false),
            b'/' => (Some(SelfClosing), false),
            _ if space => (Some(BeforeAttributeName), false),
            _ => (Some(AttributeName), true),
        },
        AttributeName => match byte {
            b'>' => (None, false),
            b'/' => (Some(SelfClosing), false),
            b'=' => (Some(BeforeValue), false),
            _ if space => (Some(AfterAttributeName), false),
            _ => (Some(AttributeName), false),
        },
        AfterAttributeName => match byte {
            b'>' => (None, false),
            b'/' => (Some(SelfClosing), false),
            b'=' => (Some(BeforeValue), false),
            _ if space => (Some(AfterAttributeName), false),
            _ => (Some(AttributeName), true),
        },
        BeforeValue => match byte {
            b'>' => (None, false),
            b'"' => (Some(DoubleQuoted), false),
            b'\'' => (Some(SingleQuoted), false),
            _ if space => (Some(BeforeValue), false),
            _ => (Some(Unquoted), false),
        },
        DoubleQuoted => (Some(if byte == b'"' { AfterQuoted } else { DoubleQuoted }), false),
        SingleQuoted => (
            Some(if byte == b'\'' { AfterQuoted } else { SingleQuoted }),
            false,
        ),
        Unquoted => match byte {
            b'>' => (None, false),
            _ if space => (Some(BeforeAttributeName), false),
            _ => (Some(Unquoted), false),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn steps(html: &str, resume: Resume) -> u64 {
        let mut meter = AttributeMeter::new();
        meter.resume(0, resume);
        meter.advance(html.as_bytes(), html.len())
    }

    #[test]
    fn counts_the_pairwise_checks_of_a_tags_attributes() {
        let data = Resume::Data { foreign: false };
        // 5 attributes (b, c, d, e, f): 0 + 1 + 2 + 3 + 4 checks.
        assert_eq!(steps("text <a b c=\"1 2 3\" d='x>y' e/f", data.clone()), 10);
        assert_eq!(steps("<!-- <a b c d e f --> <p", data.clone()), 0);
        assert_eq!(steps("<!-- a --!> <a b c d", data.clone()), 3);
        assert_eq!(steps("<!--> <a b c d", data.clone()), 3);
        assert_eq!(steps("<?php <a b c d ?> <a b c d", data.clone()), 3);
        assert_eq!(steps("<![CDATA[ <a b c d ]]> <a b", data.clone()), 0);
        assert_eq!(
            steps("<![CDATA[ <a b c d ]]> <a b c", Resume::Data { foreign: true }),
            1
        );
    }

    #[test]
    fn raw_text_opens_only_its_own_end_tag() {
        let raw = || Resume::Raw {
            name: "script".into(),
        };
        assert_eq!(steps("if (a <b c d e) {}", raw()), 0);
        assert_eq!(steps("x </SCRIPT a b c", raw()), 3);
        assert_eq!(steps("x </style a b c", raw()), 0);
        assert_eq!(steps("<a b c d", Resume::Plaintext), 0);
    }
}
