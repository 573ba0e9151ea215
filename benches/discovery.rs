//! Feed discovery on a page announcing 60,000 feeds: the candidates for a new subscription.
//! Target: <= 50 ms. `cargo bench --profile fast --bench discovery`.
#![allow(clippy::unwrap_used)]

fn main() {
    divan::main();
}

#[divan::bench(sample_count = 20)]
fn candidates_of_60k_announced_feeds(bencher: divan::Bencher) {
    let page: String = (0..60_000)
        .map(|i| {
            format!(r#"<link rel="alternate" type="application/rss+xml" href="https://h{i}.example/feed">"#)
        })
        .collect();
    let base = url::Url::parse("https://www.site.example/").unwrap();
    bencher.bench(|| folio::feed::candidates(divan::black_box(&page), &base));
}
