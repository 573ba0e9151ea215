//! Finding an article's discussions: Hacker News, Lobsters and Reddit asked at once on three
//! loopback servers that answer after 30, 60 and 100 ms, and the article page fetched for its
//! own thread, as `folio discussions` and the reader's `c` do (each site's answer kept in a real
//! database). The answers are recorded-format JSON. `cargo bench --bench discussions`.
//! Target: at most 50 ms beyond the slowest site's 100 ms, so <= 150 ms.

#![allow(clippy::unwrap_used)]

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use folio::comments::Endpoints;
use folio::discussions::{ArticleUrl, Finder, merge};
use folio::fetch::{FetchLimits, Fetcher};
use folio::reader::Reader;
use folio::serve::{Route, StaticServer};
use folio::store::{Store, StoreHandle};

fn main() {
    divan::main();
}

fn fixture(path: &str) -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(path),
    )
    .unwrap()
}

/// The slowest site's answer time: what the figure is counted beyond.
const SLOWEST: Duration = Duration::from_millis(100);

#[divan::bench(sample_count = 30, sample_size = 1)]
fn find_on_three_sites_slowest_answering_in_100_ms(bencher: divan::Bencher) {
    let article_site = StaticServer::start(Vec::new(), false).unwrap();
    let page = fixture("comments/cases/wp-core-html5/input.html");
    article_site.set_route("/rollouts", Route::content(page, "text/html; charset=utf-8"));
    let article = article_site.url("/rollouts");
    let answer = |name: &str, delay: u64| {
        let body = fixture(&format!("discussions/{name}")).replace("{{ARTICLE}}", &article);
        Route::content(body, "application/json").delayed(Duration::from_millis(delay))
    };
    let hn = StaticServer::start(
        [("/api/v1/search".to_string(), answer("hn-search.json", 30))],
        false,
    )
    .unwrap();
    let lobsters = StaticServer::start(
        [(
            "/stories/url/all.json".to_string(),
            answer("lobsters-url.json", 60),
        )],
        false,
    )
    .unwrap();
    let reddit = StaticServer::start(
        [(
            "/api/info.json".to_string(),
            answer("reddit-info.json", SLOWEST.as_millis() as u64),
        )],
        false,
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let store = runtime
        .block_on(async { StoreHandle::spawn(Store::open(&dir.path().join("d.db")).unwrap()).unwrap() });
    let fetcher = Fetcher::new(FetchLimits::default()).unwrap();
    let endpoints = Arc::new(Endpoints::new(
        &hn.url("/api/v1"),
        &lobsters.url(""),
        &reddit.url(""),
        &hn.url("/v0"),
    ));
    // Every answer is asked for again: nothing is reused from the database.
    let finder = Finder {
        fetcher: fetcher.clone(),
        endpoints: Arc::clone(&endpoints),
        store: store.clone(),
        max_age: Duration::ZERO,
    };
    let reader = Reader {
        store,
        fetcher,
        options: Arc::default(),
        thread_max_age: Duration::ZERO,
        endpoints,
    };
    let url = ArticleUrl::parse(&article).unwrap();
    bencher.bench_local(|| {
        runtime.block_on(async {
            let (answers, page) =
                futures::join!(finder.ask_all(&url, |_| {}), reader.page_discussion(&article));
            let mut found: Vec<_> = answers.into_iter().flat_map(|(_, a)| a.unwrap()).collect();
            found.extend(page.unwrap().map(|(link, _)| link));
            let merged = merge::merge(found);
            assert_eq!(merged.len(), 5);
            merged
        })
    });
}
