//! Extraction and rendering on arbitrary bytes: no panic, no hang, no stack overflow.
#![no_main]

use folio::article::{self, ExtractOptions};
use folio::markup::charset::{self, DocumentKind};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let html = charset::decode(data, None, DocumentKind::Html);
    let base = url::Url::parse("https://example.com/news/story.html").ok();
    let article = article::extract(&html, base.as_ref(), &ExtractOptions::default());
    // Narrow and wide layouts take different wrapping paths.
    let _ = article::render(&article, 24);
    let _ = article::render(&article, 100);
    let _ = article.text_wrapped(40);
    let _ = article.links();
});
