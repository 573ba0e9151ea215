//! Any page HTML: finding the thread, then serializing, rendering and folding it, never panics.
//!
//! Seeds: the regression inputs in `corpus/comments_html`, plus the project's comment fixtures (one
//! page per comment system), given as a second corpus directory rather than copied here:
//! `RUSTC_BOOTSTRAP=1 cargo fuzz run comments_html fuzz/corpus/comments_html tests/fixtures/comments/cases`
#![no_main]

use folio::comments::{self, PageThread, ThreadView, render};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let html = String::from_utf8_lossy(data);
    let url = url::Url::parse("https://blog.example/post/").ok();
    if let PageThread::Found(thread) = comments::from_page(&html, url.as_ref()) {
        exercise(&thread);
    }
});

fn exercise(thread: &comments::Thread) {
    let _ = serde_json::to_string(thread);
    let _ = render::thread_lines(thread, 40);
    let mut view = ThreadView::new(thread);
    for row in 0..view.rows().len().min(8) {
        view.toggle(row);
        let _ = (view.parent(row), view.next_sibling(row), view.prev_thread(row));
    }
    view.collapse_all();
    view.expand_all();
}
