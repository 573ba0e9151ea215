//! Bytes from the network or a file to text, in the encoding the document really uses.
//!
//! The order follows the HTML and XML specs where they agree: a byte-order mark wins, then the
//! HTTP `Content-Type` charset, then the document's own declaration (`<?xml encoding=...?>` or
//! `<meta charset>` / `http-equiv` in the first 1024 bytes), then UTF-8. Declarations are often
//! wrong in practice, so two corrections apply on top: bytes that are valid UTF-8 (and not pure
//! ASCII) are read as UTF-8 whatever a single-byte label claims, and bytes declared UTF-8 that are
//! not valid UTF-8 are read as windows-1252 (the usual real encoding of such pages). Bytes that
//! declare nothing and are not UTF-8 are guessed from their content by chardetng, the detector
//! Firefox uses for such pages (Shift_JIS, GBK, EUC-KR, KOI8 and the rest, not only Latin).

use std::borrow::Cow;

use chardetng::EncodingDetector;
use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};

/// What kind of document the bytes are: decides which in-document declaration to look for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentKind {
    Html,
    Xml,
}

/// How far into a document we look for an in-document charset declaration.
const PRESCAN_BYTES: usize = 1024;

/// How much of an undeclared document the detector reads: plenty to tell encodings apart, and a
/// bound on its time over a hostile one.
const GUESS_BYTES: usize = 1 << 20;

/// Decodes `bytes` to a `String`, never failing: undecodable bytes become U+FFFD.
pub fn decode(bytes: &[u8], content_type: Option<&str>, kind: DocumentKind) -> String {
    decode_borrowing(bytes, content_type, kind).into_owned()
}

/// Like [`decode`], borrowing the bytes when they are the text already (UTF-8, the usual case),
/// without a byte-order mark. Whether they are valid UTF-8 is checked once: a refresh passes
/// every feed's bytes here, and each pass over them costs time.
pub fn decode_borrowing<'a>(bytes: &'a [u8], content_type: Option<&str>, kind: DocumentKind) -> Cow<'a, str> {
    let valid = std::str::from_utf8(bytes).ok();
    let encoding = detect_knowing(bytes, content_type, kind, valid.is_some());
    if encoding == UTF_8
        && let Some(text) = valid
    {
        return Cow::Borrowed(text.strip_prefix('\u{feff}').unwrap_or(text));
    }
    let (text, _, _) = encoding.decode(bytes); // strips a BOM that matches
    text
}

/// The encoding [`decode`] would use.
pub fn detect(bytes: &[u8], content_type: Option<&str>, kind: DocumentKind) -> &'static Encoding {
    detect_knowing(bytes, content_type, kind, std::str::from_utf8(bytes).is_ok())
}

/// [`detect`], told whether `bytes` are valid UTF-8.
fn detect_knowing(
    bytes: &[u8],
    content_type: Option<&str>,
    kind: DocumentKind,
    valid_utf8: bool,
) -> &'static Encoding {
    if let Some((bom_encoding, _)) = Encoding::for_bom(bytes) {
        return bom_encoding;
    }
    let declared = content_type
        .and_then(charset_from_content_type)
        .or_else(|| match kind {
            DocumentKind::Xml => charset_from_xml_declaration(bytes),
            DocumentKind::Html => charset_from_meta(bytes),
        })
        // An HTML page served without a header may still be XHTML with an XML declaration.
        .or_else(|| charset_from_xml_declaration(bytes));
    correct_declared(Utf8Shape::of(bytes, valid_utf8), declared).unwrap_or_else(|| guess(bytes))
}

/// The declared encoding corrected by what the bytes are; `None` when nothing is declared and the
/// bytes are not UTF-8, for [`guess`] to find.
fn correct_declared(utf8: Utf8Shape, declared: Option<&'static Encoding>) -> Option<&'static Encoding> {
    let encoding = match declared {
        // UTF-16 labels on bytes without a BOM are nearly always wrong (the bytes are ASCII-compatible).
        Some(enc) if enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE => UTF_8,
        // Valid UTF-8 with non-ASCII text is vanishingly unlikely to be meant as another encoding
        // (a page of Latin-1 or GBK text does not form valid UTF-8 sequences by chance): trust the
        // bytes over the label. Pages that are UTF-8 but for a few broken bytes (a string cut in
        // the middle of a character) are still UTF-8: reading them as windows-1252 would garble
        // every other non-ASCII character.
        _ if utf8.mostly_utf8() => UTF_8,
        // Pure ASCII reads the same either way; calling it UTF-8 lets the bytes be the text.
        Some(enc) if enc == UTF_8 && utf8.invalid == 0 => UTF_8,
        Some(enc) if enc == UTF_8 => WINDOWS_1252,
        Some(enc) => enc,
        None if utf8.invalid == 0 => UTF_8,
        None => return None,
    };
    Some(encoding)
}

/// The encoding undeclared, non-UTF-8 bytes most likely use, by the frequencies of their
/// characters (chardetng); windows-1252 when nothing else fits.
fn guess(bytes: &[u8]) -> &'static Encoding {
    let head = &bytes[..bytes.len().min(GUESS_BYTES)];
    let mut detector = EncodingDetector::new();
    detector.feed(head, head.len() == bytes.len());
    detector.guess(None, false)
}

/// How well bytes read as UTF-8: valid multi-byte characters and invalid sequences.
struct Utf8Shape {
    multibyte: usize,
    invalid: usize,
}

impl Utf8Shape {
    /// The shape of `bytes`, told whether they are valid UTF-8.
    fn of(bytes: &[u8], valid_utf8: bool) -> Self {
        // The common case, valid UTF-8 (every feed of a refresh passes here): whether any character
        // is multi-byte is all [`Utf8Shape::mostly_utf8`] needs, and `is_ascii` tells it without
        // counting lead bytes.
        if valid_utf8 {
            return Utf8Shape {
                multibyte: usize::from(!bytes.is_ascii()),
                invalid: 0,
            };
        }
        let mut shape = Utf8Shape {
            multibyte: 0,
            invalid: 0,
        };
        let mut rest = bytes;
        loop {
            let (valid, error) = match std::str::from_utf8(rest) {
                Ok(_) => (rest, None),
                Err(e) => (&rest[..e.valid_up_to()], Some(e)),
            };
            // Lead bytes of multi-byte characters (continuation bytes are 0b10xxxxxx).
            shape.multibyte += valid.iter().filter(|b| **b >= 0xC0).count();
            let Some(error) = error else { break shape };
            shape.invalid += 1;
            let skip = error.valid_up_to() + error.error_len().unwrap_or(rest.len() - error.valid_up_to());
            rest = &rest[skip.min(rest.len())..];
        }
    }

    /// Valid multi-byte characters far outnumber broken sequences.
    fn mostly_utf8(&self) -> bool {
        self.multibyte > 0 && self.multibyte >= 20 * self.invalid
    }
}

/// `text/html; charset="ISO-8859-1"` -> windows-1252 (per the Encoding Standard's label table).
pub fn charset_from_content_type(content_type: &str) -> Option<&'static Encoding> {
    content_type.split(';').skip(1).find_map(|param| {
        let (name, value) = param.split_once('=')?;
        if !name.trim().eq_ignore_ascii_case("charset") {
            return None;
        }
        Encoding::for_label(value.trim().trim_matches(['"', '\'']).as_bytes())
    })
}

fn prescan(bytes: &[u8]) -> String {
    let head = &bytes[..bytes.len().min(PRESCAN_BYTES)];
    String::from_utf8_lossy(head).to_ascii_lowercase()
}

fn charset_from_xml_declaration(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = prescan(bytes);
    let start = head.find("<?xml")?;
    // The end is looked for after the start: a "?>" before it (found by fuzzing) is not its end.
    let decl = &head[start..start + head[start..].find("?>")?];
    let at = decl.find("encoding")?;
    quoted_value_after(&decl[at + "encoding".len()..]).and_then(|label| Encoding::for_label(label.as_bytes()))
}

fn charset_from_meta(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = prescan(bytes);
    let mut rest = head.as_str();
    while let Some(at) = rest.find("<meta") {
        let tag_end = rest[at..].find('>').map_or(rest.len(), |e| at + e);
        let tag = &rest[at..tag_end];
        if let Some(c) = tag.find("charset") {
            let value = tag[c + "charset".len()..].trim_start();
            if let Some(value) = value.strip_prefix('=') {
                let label: String = value
                    .trim_start()
                    .trim_start_matches(['"', '\''])
                    .chars()
                    .take_while(|ch| !matches!(ch, '"' | '\'' | ';' | ' ' | '/' | '>'))
                    .collect();
                if let Some(enc) = Encoding::for_label(label.as_bytes()) {
                    return Some(enc);
                }
            }
        }
        rest = &rest[tag_end..];
    }
    None
}

fn quoted_value_after(s: &str) -> Option<String> {
    let s = s.trim_start().strip_prefix('=')?.trim_start();
    let quote = s.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let inner = &s[1..];
    Some(inner[..inner.find(quote)?].to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_charset_wins_over_meta() {
        let bytes = b"<meta charset=\"utf-8\"><p>caf\xe9</p>";
        assert_eq!(
            decode(bytes, Some("text/html; charset=ISO-8859-1"), DocumentKind::Html),
            "<meta charset=\"utf-8\"><p>café</p>"
        );
    }

    #[test]
    fn utf8_and_ascii_bytes_are_borrowed_as_the_text() {
        let ascii = b"<?xml version=\"1.0\" encoding=\"UTF-8\"?><t>plain</t>";
        assert_eq!(detect(ascii, None, DocumentKind::Xml), UTF_8);
        assert!(matches!(
            decode_borrowing(
                ascii,
                Some("application/rss+xml; charset=utf-8"),
                DocumentKind::Xml
            ),
            Cow::Borrowed(_)
        ));
        let with_bom = "\u{feff}<t>Señor</t>".as_bytes();
        assert!(matches!(
            decode_borrowing(with_bom, None, DocumentKind::Xml),
            Cow::Borrowed("<t>Señor</t>")
        ));
        let latin1 = decode_borrowing(
            b"<t>Se\xf1or</t>",
            Some("text/xml; charset=utf-8"),
            DocumentKind::Xml,
        );
        assert!(
            matches!(latin1, Cow::Owned(ref text) if text == "<t>Señor</t>"),
            "{latin1:?}"
        );
    }

    #[test]
    fn a_declaration_end_before_the_declaration_is_not_its_end() {
        let bytes = b"?><?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><t>Se\xf1or</t>";
        assert_eq!(detect(bytes, None, DocumentKind::Xml), WINDOWS_1252);
        assert_eq!(detect(b"?><?xml version=\"1.0\"", None, DocumentKind::Xml), UTF_8);
    }

    #[test]
    fn latin1_bytes_declared_utf8_read_as_windows_1252() {
        let bytes = b"<?xml version=\"1.0\" encoding=\"UTF-8\"?><t>Se\xf1or</t>";
        assert!(decode(bytes, None, DocumentKind::Xml).ends_with("<t>Señor</t>"));
    }

    #[test]
    fn utf8_bytes_declared_latin1_read_as_utf8() {
        let bytes = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><t>Señor</t>".as_bytes();
        assert!(decode(bytes, None, DocumentKind::Xml).ends_with("<t>Señor</t>"));
    }

    #[test]
    fn meta_http_equiv_and_bom() {
        let bytes = b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1251\"><p>\xcf\xf0\xe8</p>";
        assert!(decode(bytes, None, DocumentKind::Html).contains("При"));
        let with_bom = b"\xef\xbb\xbf<p>ok</p>";
        assert_eq!(
            decode(with_bom, Some("text/html; charset=latin1"), DocumentKind::Html),
            "<p>ok</p>"
        );
    }

    #[test]
    fn utf8_bytes_declared_as_a_multibyte_encoding_read_as_utf8() {
        let bytes = "<meta charset=gb2312><p>中文新闻，今天的消息</p>".as_bytes();
        assert!(decode(bytes, None, DocumentKind::Html).contains("中文新闻"));
    }

    #[test]
    fn utf8_pages_with_a_few_broken_bytes_stay_utf8() {
        let mut bytes = "<meta charset=utf-8><p>Zażółć gęślą jaźń, Überraschung für Käufer.</p>"
            .repeat(3)
            .into_bytes();
        bytes.extend_from_slice(b"<p>cut \xc3</p>");
        let text = decode(&bytes, None, DocumentKind::Html);
        assert!(text.contains("Zażółć gęślą jaźń"), "{text}");
        // Mostly broken: windows-1252, as before.
        assert!(
            decode(
                b"<meta charset=utf-8><p>f\xfcr \xe9t\xe9 \xc3\xa9</p>",
                None,
                DocumentKind::Html
            )
            .contains("für")
        );
    }

    /// `text` in `encoding`, in an HTML page that declares no charset.
    fn undeclared_page(text: &str, encoding: &'static Encoding) -> Vec<u8> {
        let page = format!("<html><head><title>t</title></head><body><p>{text}</p></body></html>");
        let (bytes, _, unmappable) = encoding.encode(&page);
        assert!(!unmappable, "{} cannot hold the sample", encoding.name());
        bytes.into_owned()
    }

    #[test]
    fn undeclared_east_asian_and_cyrillic_pages_are_guessed_not_read_as_windows_1252() {
        let samples = [
            (
                encoding_rs::SHIFT_JIS,
                "日本語のテキストです。これは文字コードの自動判定を確かめるための文章で、宣言のないページが正しく読めるかを調べます。東京の天気は晴れ、明日は雨の予報です。",
            ),
            (
                encoding_rs::GBK,
                "这是一个没有声明字符集的中文网页。我们需要确认自动检测能够正确识别编码，并且正文可以正常显示。北京今天天气晴朗，明天有小雨。",
            ),
            (
                encoding_rs::EUC_KR,
                "이것은 문자 집합을 선언하지 않은 한국어 웹 페이지입니다. 자동 감지가 인코딩을 올바르게 인식하는지 확인합니다. 서울은 오늘 맑고 내일은 비가 옵니다.",
            ),
            (
                encoding_rs::KOI8_R,
                "Это русская страница без объявления кодировки. Мы проверяем, что автоматическое определение правильно распознаёт кодировку и текст читается. В Москве сегодня солнечно, завтра дождь.",
            ),
        ];
        for (encoding, text) in samples {
            let bytes = undeclared_page(text, encoding);
            let decoded = decode(&bytes, None, DocumentKind::Html);
            assert!(decoded.contains(text), "{}: {decoded}", encoding.name());
            // A server that names no charset either: the same guess.
            let served = decode(&bytes, Some("text/html"), DocumentKind::Html);
            assert!(served.contains(text), "{} served: {served}", encoding.name());
        }
        let (feed, _, _) = encoding_rs::KOI8_R
            .encode("<rss><channel><title>Новости дня: погода, курсы валют и спорт</title></channel></rss>");
        assert!(decode(&feed, None, DocumentKind::Xml).contains("Новости дня"));
    }

    #[test]
    fn undeclared_latin_pages_still_read_as_windows_1252() {
        let bytes = undeclared_page(
            "Le café où l'été déjà commençait, à Noël, près de la fenêtre.",
            WINDOWS_1252,
        );
        assert_eq!(detect(&bytes, None, DocumentKind::Html), WINDOWS_1252);
        assert!(decode(&bytes, None, DocumentKind::Html).contains("café où l'été"));
    }

    #[test]
    fn shift_jis_declared_in_meta() {
        let (bytes, _, _) = encoding_rs::SHIFT_JIS.encode("<meta charset=shift_jis><p>日本語</p>");
        assert!(decode(&bytes, None, DocumentKind::Html).contains("日本語"));
    }
}
