//! Any discussion JSON (as each site, and by shape) or comment feed: parsing, then serializing,
//! rendering and folding the thread, never panics.
#![no_main]

use std::collections::HashMap;

use folio::comments::{self, FirebaseItem, ThreadView, render};
use libfuzzer_sys::fuzz_target;

const SITES: [Option<&str>; 5] = [
    None,
    Some("https://news.ycombinator.com/item?id=1"),
    Some("https://hacker-news.firebaseio.com/v0/item/1.json"),
    Some("https://lobste.rs/s/abc"),
    Some("https://www.reddit.com/r/x/comments/abc/t/"),
];

fuzz_target!(|data: &[u8]| {
    // The first byte picks the site the bytes claim to come from.
    let Some((&pick, json)) = data.split_first() else { return };
    let site = SITES[usize::from(pick) % SITES.len()].and_then(|u| url::Url::parse(u).ok());
    if let Ok(discussion) = comments::parse_discussion(json, site.as_ref()) {
        exercise(&discussion.thread);
    }
    if let Ok(item) = FirebaseItem::parse(json) {
        let items: HashMap<u64, FirebaseItem> = [(item.id, item.clone())].into();
        exercise(&comments::assemble_firebase(&item, &items).thread);
    }
    if let Ok(thread) = comments::from_comment_feed(json, None) {
        exercise(&thread);
    }
});

fn exercise(thread: &comments::Thread) {
    let _ = serde_json::to_string(thread);
    let _ = render::thread_lines(thread, 40);
    let mut view = ThreadView::new(thread);
    for row in 0..view.rows().len().min(8) {
        view.toggle(row);
    }
    let _ = view.next_unread(0, &Default::default());
}
