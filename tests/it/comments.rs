//! Comment threads: the seed page's exact tree, every fixture case against its truth, the CLI,
//! the discussion APIs served over loopback, and bad input (deep, huge, cyclic, broken).
#![allow(clippy::unwrap_used)]

use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use folio::comments::{
    self, ApiKind, Comment, FirebaseItem, PageThread, Source, Thread, api_request, model::MAX_DEPTH,
    parse_discussion,
};
use serde_json::Value;
use url::Url;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/comments")
}

fn norm(text: &str) -> String {
    let text = text
        .replace(['\u{a0}', '\u{200b}'], " ")
        .replace(['\u{2018}', '\u{2019}'], "'");
    text.replace(['\u{201c}', '\u{201d}'], "\"")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn same_author(a: &str, b: &str) -> bool {
    const ANON: [&str; 5] = ["", "anonymous", "guest", "[deleted]", "anon"];
    let (a, b) = (norm(a).to_lowercase(), norm(b).to_lowercase());
    a == b || (ANON.contains(&a.as_str()) && ANON.contains(&b.as_str()))
}

fn thread_of_page(path: &Path, url: &str) -> Thread {
    let html = std::fs::read_to_string(path).unwrap();
    match comments::from_page(&html, Url::parse(url).ok().as_ref()) {
        PageThread::Found(thread) => thread,
        other => panic!("{}: no thread found: {other:?}", path.display()),
    }
}

/// Compares a forest with expected.json's nested `{author, text_starts_with, children}`.
fn assert_same_tree(want: &[Value], got: &[Comment], path: &str) {
    assert_eq!(got.len(), want.len(), "{path}: number of comments");
    for (i, (w, g)) in want.iter().zip(got).enumerate() {
        let here = format!("{path}/{}", i + 1);
        assert!(
            same_author(w["author"].as_str().unwrap(), &g.author),
            "{here}: author {:?}",
            g.author
        );
        let prefix = norm(w["text_starts_with"].as_str().unwrap());
        assert!(norm(&g.text).starts_with(&prefix), "{here}: text {:?}", g.text);
        assert_same_tree(w["children"].as_array().unwrap(), &g.children, &here);
    }
}

#[test]
fn the_seed_page_gives_the_exact_wpdiscuz_tree_without_chrome() {
    let dir = fixtures().join("../seed-southfront");
    let expected: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("expected.json")).unwrap()).unwrap();
    let thread = thread_of_page(&dir.join("page.html"), expected["url"].as_str().unwrap());
    assert_eq!(thread.source, Source::WpDiscuz);
    assert_same_tree(expected["comments"].as_array().unwrap(), &thread.comments, "");
    assert_eq!(thread.len(), 14);
    assert_eq!(thread.declared_count, Some(14));

    let everything = norm(&serde_json::to_string(&thread).unwrap());
    for chrome in expected["must_not_contain"].as_array().unwrap() {
        let chrome = norm(chrome.as_str().unwrap());
        assert!(!everything.contains(&chrome), "chrome leaked: {chrome:?}");
    }
    // farbat's edit note became data, and dates are absolute.
    let farbat = &thread.comments[1];
    let edited = farbat.edited.as_ref().unwrap();
    assert_eq!(
        (edited.by.as_deref(), edited.when.as_deref()),
        (Some("farbat"), Some("8 days ago"))
    );
    assert_eq!(farbat.date.unwrap().to_rfc3339(), "2021-07-17T17:40:00+00:00");
    assert_eq!(thread.comments[0].score, Some(3));
}

/// One case folder: input + truth.json (the comments_eval.py format).
fn check_case(dir: &Path) {
    let truth: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("truth.json")).unwrap()).unwrap();
    let input = dir.join(truth["input"].as_str().unwrap());
    let url = truth["url"].as_str().unwrap();
    let thread = if input.extension().is_some_and(|e| e == "json") {
        parse_discussion(&std::fs::read(&input).unwrap(), Url::parse(url).ok().as_ref())
            .unwrap()
            .thread
    } else {
        let html = std::fs::read_to_string(&input).unwrap();
        match comments::from_page(&html, Url::parse(url).ok().as_ref()) {
            PageThread::Found(thread) => thread,
            PageThread::ScriptLoaded(system) => {
                assert!(
                    system.link.is_some(),
                    "{}: a script-loaded system links to the thread",
                    dir.display()
                );
                Thread::new(Source::Generic, None)
            }
            PageThread::None => Thread::new(Source::Generic, None),
        }
    };
    // Optional items (pingbacks, deleted stubs) may be shown or left out: match by author or text.
    let optional: Vec<(String, String)> = truth["optional"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| (norm(o[1].as_str().unwrap()), norm(o[2].as_str().unwrap())))
        .collect();
    let is_optional = |c: &Comment| {
        optional.iter().any(|(author, text)| {
            (!author.is_empty() && *author == norm(&c.author))
                || (!text.is_empty() && norm(&c.text).starts_with(text))
        })
    };
    let got: Vec<(usize, &Comment)> = thread
        .preorder()
        .map(|(c, d)| (d, c))
        .filter(|(_, c)| !is_optional(c))
        .collect();
    let want = truth["comments"].as_array().unwrap();
    assert_eq!(got.len(), want.len(), "{}: comment count", dir.display());
    for (i, ((depth, comment), w)) in got.iter().zip(want).enumerate() {
        let here = format!("{} #{i}", dir.display());
        assert_eq!(*depth as u64, w[0].as_u64().unwrap(), "{here}: depth");
        assert!(
            same_author(&comment.author, w[1].as_str().unwrap()),
            "{here}: author {:?}",
            comment.author
        );
        let prefix = norm(w[2].as_str().unwrap());
        let text = norm(&comment.text);
        // Quotes render as "> quoted": compare without the quote marks.
        let text = text.replace("> ", "");
        let text = text.replace("[Kleppmann et al.][1]", "Kleppmann et al.");
        assert!(
            text.starts_with(&prefix),
            "{here}: text {text:?} does not start with {prefix:?}"
        );
    }
    let everything = serde_json::to_string(&thread).unwrap();
    for chrome in truth["must_not_contain"].as_array().unwrap() {
        let chrome = chrome.as_str().unwrap();
        let leaked = thread
            .preorder()
            .any(|(c, _)| c.text.contains(chrome) || c.author == chrome);
        assert!(
            !leaked,
            "{}: chrome leaked: {chrome:?} in {everything}",
            dir.display()
        );
    }
}

#[test]
fn every_fixture_case_matches_its_truth() {
    let mut cases: Vec<PathBuf> = std::fs::read_dir(fixtures().join("cases"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("truth.json").exists())
        .collect();
    cases.sort();
    assert!(cases.len() >= 13, "fixture cases missing: {cases:?}");
    for case in cases {
        check_case(&case);
    }
}

#[test]
fn pingbacks_are_kept_apart_and_disqus_is_named_with_a_link() {
    let case = fixtures().join("cases/wp-core-html5");
    let thread = thread_of_page(
        &case.join("input.html"),
        "https://blog.example/incremental-rollouts/",
    );
    assert_eq!(thread.pingbacks.len(), 1);
    assert_eq!(thread.pingbacks[0].title, "Other Blog – Rollouts revisited");
    assert!(thread.preorder().all(|(c, _)| !c.text.contains("Pingback")));

    let html = std::fs::read_to_string(fixtures().join("cases/disqus-script-loaded/input.html")).unwrap();
    let url = Url::parse("https://blog.example/disqus-post/").unwrap();
    match comments::from_page(&html, Some(&url)) {
        PageThread::ScriptLoaded(system) => {
            assert_eq!(system.system, "Disqus");
            assert_eq!(
                system.link.as_deref(),
                Some("https://blog.example/disqus-post/#comments")
            );
        }
        other => panic!("expected a script-loaded system, got {other:?}"),
    }
}

#[test]
fn wpdiscuz_load_more_is_reported_for_the_caller_to_fetch() {
    let case = fixtures().join("cases/wpdiscuz-givewp");
    let thread = thread_of_page(
        &case.join("input.html"),
        "https://news.example/2024/03/support-our-work/",
    );
    let more = thread.load_more.clone().expect("the page has a Load More button");
    assert_eq!(
        more.endpoint.as_deref(),
        Some("https://news.example/wp-admin/admin-ajax.php")
    );
    assert_eq!(more.post_id.as_deref(), Some("412"));
    assert_eq!(thread.declared_count, Some(thread.len() + 6));
}

#[test]
fn read_prints_the_comments_array_and_the_indented_thread() {
    let page = fixtures().join("../seed-southfront/page.html");
    let url = "https://southfront.org/new-round-of-inter-afghan-talks-began-in-doha-as-taliban-captures-more-strategic-areas-video-18/";
    let out = Command::cargo_bin("folio")
        .unwrap()
        .args(["read", "--comments", "--json"])
        .arg(&page)
        .args(["--url", url])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let comments = json["comments"].as_array().unwrap();
    assert_eq!(comments.len(), 8);
    assert_eq!(comments[1]["author"], "farbat");
    assert_eq!(
        comments[1]["children"][0]["children"][0]["children"][0]["text"],
        "Fuck talibans fuck Muslim religion"
    );
    assert_eq!(comments[0]["date"], "2021-07-17T16:02:00Z");

    let text = Command::cargo_bin("folio")
        .unwrap()
        .args(["read", "--comments", "--width", "60"])
        .arg(&page)
        .args(["--url", url])
        .output()
        .unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(text.contains("── 14 comments (wpDiscuz) ──"), "{text}");
    assert!(
        text.lines().any(|l| l.starts_with("      Anonymous")),
        "depth 3 is indented 6 columns:\n{text}"
    );
    assert!(
        text.lines().all(|l| folio::sanitize::display_width(l) <= 60),
        "{text}"
    );
}

#[test]
fn read_recognises_a_discussion_json_file_by_url_or_by_shape() {
    let input = fixtures().join("cases/lobsters-old/input.json");
    for url in [Some("https://lobste.rs/s/xyz789"), None] {
        let mut cmd = Command::cargo_bin("folio").unwrap();
        cmd.args(["read", "--comments", "--json"]).arg(&input);
        if let Some(url) = url {
            cmd.args(["--url", url]);
        }
        let out = cmd.output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let json: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(json["article"]["title"], "What are you working on this week?");
        assert_eq!(json["article"]["text"], "Share what you are building.");
        assert_eq!(json["source"], "lobsters");
        assert_eq!(json["comments"].as_array().unwrap().len(), 2);
    }
    // JSON of no discussion site: with --json an empty article and a note for each part (as for
    // any input that is not a page); as text, a one-line error.
    let bad = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(bad.path(), b"{\"neither\": \"hn nor reddit\"}").unwrap();
    let out = Command::cargo_bin("folio")
        .unwrap()
        .args(["read", "--comments", "--json"])
        .arg(bad.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["comments"], Value::Array(Vec::new()));
    assert!(
        json["comments_note"]
            .as_str()
            .unwrap()
            .contains("not a discussion"),
        "{json}"
    );
    assert!(
        json["article"]["note"]
            .as_str()
            .unwrap()
            .contains("JSON document"),
        "{json}"
    );
    let out = Command::cargo_bin("folio")
        .unwrap()
        .args(["read", "--comments"])
        .arg(bad.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.starts_with("error: ") && err.contains("not a web page") && err.lines().count() == 1,
        "{err}"
    );
}

/// A loopback HTTP server answering each path with a fixture's bytes; returns its base URL.
fn serve(routes: HashMap<String, Vec<u8>>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut request = [0u8; 4096];
            let n = stream.read(&mut request).unwrap_or(0);
            let line = String::from_utf8_lossy(&request[..n]);
            let path = line.split_whitespace().nth(1).unwrap_or("/").to_string();
            let (status, body) = match routes.get(&path) {
                Some(body) => ("200 OK", body.clone()),
                None => ("404 Not Found", b"null".to_vec()),
            };
            let head = format!(
                "HTTP/1.1 {status}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
                body.len()
            );
            let _ = stream
                .write_all(head.as_bytes())
                .and_then(|_| stream.write_all(&body));
        }
    });
    base
}

fn get(url: &str) -> Vec<u8> {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async { reqwest::get(url).await.unwrap().bytes().await.unwrap().to_vec() })
}

#[test]
fn discussion_apis_fetched_over_loopback_become_threads() {
    let case = |name: &str| std::fs::read(fixtures().join("cases").join(name).join("input.json")).unwrap();
    // Counts include deleted comments kept to hold their replies.
    // Each site's page URL maps to its API path; the loopback server stands in for the site.
    let sites = [
        (
            "https://news.ycombinator.com/item?id=8863",
            "hn-algolia",
            ApiKind::HnAlgolia,
            9,
        ),
        (
            "https://lobste.rs/s/abc123/incremental_rollouts",
            "lobsters-new",
            ApiKind::Lobsters,
            7,
        ),
        (
            "https://old.reddit.com/r/programming/comments/1b2c3d/we_did/",
            "reddit",
            ApiKind::Reddit,
            7,
        ),
    ];
    let mut routes = HashMap::new();
    for (page, name, _, _) in sites {
        let api = Url::parse(
            &api_request(&Url::parse(page).unwrap(), &Default::default())
                .unwrap()
                .url,
        )
        .unwrap();
        routes.insert(api.path().to_string(), case(name));
    }
    let base = serve(routes);
    for (page, _, kind, count) in sites {
        let request = api_request(&Url::parse(page).unwrap(), &Default::default()).unwrap();
        assert_eq!(request.kind, kind);
        let api = Url::parse(&request.url).unwrap();
        let bytes = get(&format!("{base}{}", api.path()));
        let discussion = parse_discussion(&bytes, Some(&api)).unwrap();
        assert_eq!(discussion.thread.len(), count, "{page}");
    }
}

#[test]
fn hn_firebase_items_fetched_one_by_one_are_assembled_into_the_tree() {
    let dump: Value = serde_json::from_slice(
        &std::fs::read(fixtures().join("cases/hn-firebase-items/input.json")).unwrap(),
    )
    .unwrap();
    let routes = dump
        .as_array()
        .unwrap()
        .iter()
        .map(|item| {
            (
                format!("/v0/item/{}.json", item["id"]),
                serde_json::to_vec(item).unwrap(),
            )
        })
        .collect();
    let base = serve(routes);
    // The caller's N+1 fetches: the story, then every kid, breadth first.
    let root = FirebaseItem::parse(&get(&format!("{base}/v0/item/121003.json"))).unwrap();
    let mut items = HashMap::new();
    let mut queue: Vec<u64> = root.kids.clone();
    while let Some(id) = queue.pop() {
        match FirebaseItem::parse(&get(&format!("{base}/v0/item/{id}.json"))) {
            Ok(item) => {
                queue.extend(&item.kids);
                items.insert(id, item);
            }
            Err(_) => continue, // `null`: an unknown id (the missing kid 999999)
        }
    }
    let discussion = comments::assemble_firebase(&root, &items);
    assert_eq!(discussion.story.title, "Ask HN: The Arc Effect");
    assert_eq!(discussion.thread.len(), 7, "deleted and dead leaves are left out");
    assert_eq!(discussion.thread.comments.len(), 3);
}

// ---- bad input ------------------------------------------------------------------------------

/// Runs `f` on a thread with a small stack (512 KiB) so any depth recursion shows up as a crash.
fn on_small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(512 * 1024)
        .spawn(f)
        .unwrap()
        .join()
        .unwrap()
}

fn chain_algolia(depth: usize) -> String {
    let mut json = String::from(r#"{"id":1,"type":"story","title":"deep","children":["#);
    for i in 0..depth {
        json.push_str(&format!(
            r#"{{"id":{},"type":"comment","author":"a{i}","text":"level {i}","children":["#,
            i + 2
        ));
    }
    json.push_str(&"]}".repeat(depth));
    json.push_str("]}");
    json
}

#[test]
fn a_thread_200_levels_deep_is_kept_and_deeper_ones_are_bounded() {
    let (len200, max200, len5000, max5000) = on_small_stack(|| {
        let deep = parse_discussion(chain_algolia(200).as_bytes(), None).unwrap();
        let deeper = parse_discussion(chain_algolia(5000).as_bytes(), None).unwrap();
        let json = serde_json::to_string(&deeper.thread).unwrap();
        assert!(json.len() > 5000);
        let max = |t: &Thread| t.preorder().map(|(_, d)| d).max().unwrap();
        (
            deep.thread.len(),
            max(&deep.thread),
            deeper.thread.len(),
            max(&deeper.thread),
        )
    });
    assert_eq!((len200, max200), (200, 199));
    assert_eq!((len5000, max5000), (5000, MAX_DEPTH));
}

#[test]
fn twenty_thousand_comments_and_a_one_megabyte_comment() {
    let mut children = Vec::new();
    for i in 0..20_000 {
        children.push(format!(
            r#"{{"id":{},"author":"u{i}","text":"comment {i}","children":[]}}"#,
            i + 2
        ));
    }
    let huge_text = "word ".repeat(200_000);
    children.push(format!(
        r#"{{"id":1,"author":"verbose","text":"<p>{huge_text}</p>","children":[]}}"#
    ));
    let json = format!(
        r#"{{"id":0,"type":"story","title":"big","children":[{}]}}"#,
        children.join(",")
    );
    let discussion = parse_discussion(json.as_bytes(), None).unwrap();
    assert_eq!(discussion.thread.len(), 20_001);
    let last = discussion.thread.comments.last().unwrap();
    assert_eq!(last.text.len(), huge_text.trim_end().len());
    let view = comments::ThreadView::new(&discussion.thread);
    assert_eq!(view.rows().len(), 20_001);
}

#[test]
fn cycles_dangling_parents_and_wrong_types_give_a_best_effort_tree() {
    // Firebase: 10 -> 11 -> 10 (a cycle), 11 -> 404 (never fetched), a kid id that is a string.
    let item = |json: &str| FirebaseItem::parse(json.as_bytes()).unwrap();
    let root = item(r#"{"id":1,"type":"story","title":"t","kids":[10,"x",null]}"#);
    let items: HashMap<u64, FirebaseItem> = [
        item(r#"{"id":10,"by":"a","text":"first","kids":[11],"parent":1}"#),
        item(r#"{"id":11,"by":"b","text":"second","kids":[10,404],"parent":10}"#),
    ]
    .into_iter()
    .map(|i| (i.id, i))
    .collect();
    let thread = comments::assemble_firebase(&root, &items).thread;
    let shape: Vec<(usize, String)> = thread.preorder().map(|(c, d)| (d, c.author.clone())).collect();
    assert_eq!(shape, vec![(0, "a".to_string()), (1, "b".to_string())]);

    // Lobsters: a parent that does not exist, one that comes later, wrong types everywhere.
    let lobsters = br#"{"short_id":"s","title":7,"comments":[
        {"short_id":"a","comment":"<p>orphan</p>","parent_comment":"zzz","depth":0,"commenting_user":"x"},
        {"short_id":"b","comment":"<p>forward</p>","parent_comment":"c","depth":"one","commenting_user":{"username":5}},
        {"short_id":"c","comment":null,"comment_plain":"plain","parent_comment":"a","depth":1,"commenting_user":null,"score":"12"},
        "not an object", 42, null]}"#;
    let discussion = parse_discussion(lobsters, Some(&Url::parse("https://lobste.rs/s/s").unwrap())).unwrap();
    let shape: Vec<(usize, String, String)> = discussion
        .thread
        .preorder()
        .map(|(c, d)| (d, c.author.clone(), c.text.clone()))
        .collect();
    assert_eq!(
        shape,
        vec![
            (0, "x".to_string(), "orphan".to_string()),
            (1, "Anonymous".to_string(), "plain".to_string()),
            (0, "Anonymous".to_string(), "forward".to_string()),
        ]
    );
    assert_eq!(discussion.thread.comments[0].children[0].score, Some(12));
    assert_eq!(discussion.story.title, "");

    // Reddit with the wrong shapes in every slot.
    let reddit = br#"[{"kind":"Listing","data":{"children":"nope"}},{"kind":"Listing","data":{"children":[
        {"kind":"t1","data":{"id":"a","author":null,"body":"hi","replies":{"kind":"Listing","data":{"children":[7]}}}},
        {"kind":"t1","data":{"body":"no id"}},{"kind":"more","data":{"count":"many"}}]}}]"#;
    let discussion = parse_discussion(reddit, None).unwrap();
    assert_eq!(discussion.thread.len(), 1);
    assert_eq!(discussion.thread.comments[0].author, "Anonymous");
}

#[test]
fn input_that_is_not_a_discussion_is_a_clear_error() {
    for (bytes, want) in [
        (&b"{not json"[..], "not valid JSON"),
        (&b"[1, 2, 3]"[..], "not a JSON document of a discussion site"),
        (
            &b"\"just a string\""[..],
            "not a JSON document of a discussion site",
        ),
    ] {
        let err = parse_discussion(bytes, None).unwrap_err().to_string();
        assert!(err.contains(want), "{err}");
    }
    let err = parse_discussion(
        b"[]",
        Some(&Url::parse("https://news.ycombinator.com/item?id=1").unwrap()),
    );
    assert!(
        err.unwrap_err()
            .to_string()
            .contains("HN Algolia item is a JSON object")
    );
}

#[test]
fn deep_or_half_broken_comment_html_never_crashes() {
    let results = on_small_stack(|| {
        // WordPress replies 200 levels deep, nested in the DOM and by depth-N classes.
        let mut deep = String::from("<ol class=\"comment-list\">");
        for d in 0..200 {
            deep.push_str(&format!(
                "<li id=\"comment-{d}\" class=\"comment depth-{}\"><article class=\"comment-body\"><b class=\"fn\">u{d}</b><div class=\"comment-content\"><p>level {d}</p></div></article><ol class=\"children\">",
                d + 1
            ));
        }
        deep.push_str(&"</ol></li>".repeat(200));
        let deep_thread = match comments::from_page(&deep, None) {
            PageThread::Found(t) => t.preorder().map(|(_, d)| d).max(),
            _ => None,
        };
        // 5,000 nested <div>s inside one wpDiscuz comment's text, unclosed tags, a stray </div>.
        let nested = format!(
            "<div id=\"wpdcom\"><div id=\"wpd-comm-5_0\" class=\"wpd-comment wpd_comment_level-1\"><div class=\"wpd-comment-wrap\"><div class=\"wpd-comment-author\">x</div><div class=\"wpd-comment-text\">{}deep{}</div></div></div></div>",
            "<div>".repeat(5000),
            "</div>".repeat(10)
        );
        let nested_len = match comments::from_page(&nested, None) {
            PageThread::Found(t) => t.len(),
            _ => 0,
        };
        let broken = "<div id=\"wpdcom\"><div id=\"wpd-comm-1_0\" class=\"wpd-comment\"><div class=\"wpd-comment-text\"><p>half";
        let broken_len = match comments::from_page(broken, None) {
            PageThread::Found(t) => t.len(),
            _ => 0,
        };
        (deep_thread, nested_len, broken_len)
    });
    assert_eq!(results, (Some(199), 1, 1));
}

#[test]
fn a_link_open_across_a_line_break_before_a_wide_character_does_not_panic() {
    // Found while checking the faster renderer: the link's offset on the first line was applied
    // to the second, inside the "é".
    let page = "<ol class=\"comment-list\"><li id=\"comment-1\" class=\"comment depth-1\"><article class=\"comment-body\"><b class=\"fn\">A</b><div class=\"comment-content\"><p>X<a href=\"https://e.org/x\">one<br>é two</a></p></div></article></li></ol>";
    let PageThread::Found(thread) = comments::from_page(page, None) else {
        panic!("the page has a thread");
    };
    assert_eq!(
        thread.comments[0].text,
        "Xone\n[é two][1]\n\n[1]: https://e.org/x"
    );
    let json = r#"{"id":1,"type":"story","title":"t","children":[{"id":2,"author":"a","text":"X<a href=\"https://e.org/x\"><br>\u00e9<a href=\"https://e.org/y\">","children":[]}]}"#;
    let discussion = parse_discussion(json.as_bytes(), None).unwrap();
    assert_eq!(
        discussion.thread.comments[0].text,
        "X\n[éhttps://e.org/y][1]\n\n[1]: https://e.org/x"
    );
}

#[test]
fn an_hn_item_page_reads_as_its_story_and_thread_without_the_site_navigation() {
    let page = fixtures().join("cases/generic-hn-html/input.html");
    let out = Command::cargo_bin("folio")
        .unwrap()
        .args(["read", "--comments", "--json"])
        .arg(&page)
        .args(["--url", "https://news.ycombinator.com/item?id=1"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["article"]["title"], "Ask HN: Incremental rollouts");
    assert_eq!(json["article"]["byline"], "op");
    let whole = out.stdout.escape_ascii().to_string();
    for chrome in ["Guidelines", "Apply to YC", "new | past", "login"] {
        assert!(!whole.contains(chrome), "{chrome} in {whole}");
    }
    assert_eq!(json["comments"][0]["author"], "Ashok Varma");
}
