//! Differential: the input guard's count of the parser's nesting against the tree html5ever
//! builds. The guard must never count shallower than the parse, and a page it cuts must parse
//! within the limits it promised.
#![no_main]

use dom_query::Document;
use folio::markup::html_input;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let html = String::from_utf8_lossy(data);
    let guessed = html_input::parse_cost(&html).max_depth as usize;
    let parsed = html_input::tree_depth(&Document::from(html.as_ref()));
    assert!(guessed >= parsed, "guard {guessed} < parsed {parsed}");
    if let Ok(page) = html_input::check(&html) {
        let doc = Document::from(page.html);
        assert!(html_input::tree_depth(&doc) <= html_input::MAX_RAW_DEPTH as usize);
    }
});
