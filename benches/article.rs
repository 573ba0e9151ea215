//! Extraction and rendering speed per page, on the seed page (a real WordPress article with its
//! comment thread, share bars and donation widget). `cargo bench --bench article`.
#![allow(clippy::unwrap_used)]

use folio::article::{self, ExtractOptions};

const SEED: &str = include_str!("../tests/fixtures/seed-southfront/page.html");

fn main() {
    divan::main();
}

fn seed_url() -> url::Url {
    url::Url::parse("https://southfront.org/new-round-of-inter-afghan-talks/").unwrap()
}

#[divan::bench]
fn extract_seed() -> article::Article {
    article::extract(
        divan::black_box(SEED),
        Some(&seed_url()),
        &ExtractOptions::default(),
    )
}

#[divan::bench]
fn extract_and_render_seed() -> article::Rendered {
    let article = article::extract(
        divan::black_box(SEED),
        Some(&seed_url()),
        &ExtractOptions::default(),
    );
    article::render(&article, 80)
}

#[divan::bench(args = [40, 80, 100])]
fn render_seed(bencher: divan::Bencher, width: usize) {
    let article = article::extract(SEED, Some(&seed_url()), &ExtractOptions::default());
    bencher.bench(|| article::render(divan::black_box(&article), width));
}
