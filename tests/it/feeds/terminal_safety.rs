//! Escape sequences in feed titles never reach stdout, stderr or an export: raw ESC, OSC 52
//! clipboard writes, and ESC hidden behind entities (`&#x1b;`, `&amp;#27;` in HTML-typed titles).

use folio::serve::{Route, StaticServer};

use super::Env;

fn hostile_feed() -> Vec<u8> {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><feed xmlns=\"http://www.w3.org/2005/Atom\">",
    );
    xml.push_str("<title>Evil\u{1b}]52;c;ZXZpbA==\u{7}Feed</title><id>urn:evil</id><updated>2024-01-01T00:00:00Z</updated>");
    let titles = [
        ("text", "Raw \u{1b}[2Jclear"),
        ("text", "Clip \u{1b}]52;c;ZXZpbA==\u{7}board"),
        ("html", "Entity &amp;#x1b;[31mred"),
        ("html", "Double &amp;amp;#27;]2;title\u{7}escaped"),
        ("text", "Numeric &#x1b;[5mblink"),
        ("text", "C1 \u{9b}31mcsi"),
    ];
    for (n, (kind, title)) in titles.iter().enumerate() {
        xml.push_str(&format!(
            "<entry><id>urn:evil:{n}</id><title type=\"{kind}\">{title}</title><updated>2024-01-0{}T00:00:00Z</updated>\
             <link href=\"http://example.org/{n}\u{1b}[1m\"/><author><name>Mallory\u{1b}[8m</name></author></entry>",
            n + 1
        ));
    }
    xml.push_str("</feed>");
    xml.into_bytes()
}

fn assert_clean(what: &str, text: &str) {
    assert!(!text.contains('\u{1b}'), "{what} contains ESC: {text:?}");
    assert!(!text.contains('\u{9b}'), "{what} contains a C1 CSI: {text:?}");
    assert!(!text.contains('\u{7}'), "{what} contains BEL: {text:?}");
    assert!(
        !text.contains("52;c"),
        "{what} carries an OSC 52 payload: {text:?}"
    );
    assert!(
        !text.contains("#x1b") && !text.contains("#27;"),
        "{what} carries an encoded ESC: {text:?}"
    );
}

#[test]
fn hostile_titles_never_reach_the_terminal_or_an_export() {
    let server = StaticServer::start(
        [(
            "/evil.xml".to_string(),
            Route::content(hostile_feed(), "application/atom+xml"),
        )],
        false,
    )
    .unwrap();
    let env = Env::new();
    let (code, stdout, stderr) = env.run(&["add", &server.url("/evil.xml")]);
    assert_eq!(code, 0, "{stderr}");
    assert_clean("add", &(stdout + &stderr));
    assert_eq!(env.list_json(&[]).len(), 6, "every item was stored");
    for args in [
        vec!["list"],
        vec!["list", "--json"],
        vec!["feeds"],
        vec!["feeds", "--json"],
        vec!["export"],
        vec!["refresh"],
    ] {
        let (code, stdout, stderr) = env.run(&args);
        assert_eq!(code, 0, "{args:?}: {stderr}");
        assert_clean(&format!("{args:?} stdout"), &stdout);
        assert_clean(&format!("{args:?} stderr"), &stderr);
    }
    let (_, listing, _) = env.run(&["list"]);
    assert!(
        listing.contains("Raw clear") || listing.contains("Rawclear"),
        "{listing}"
    );
}

#[test]
fn hostile_error_causes_are_cleaned_too() {
    let server = StaticServer::start([("/evil".to_string(), Route::redirect("/evil"))], false).unwrap();
    let env = Env::new();
    let url = format!("{}?\u{1b}]52;c;ZXZpbA==\u{7}", server.url("/evil"));
    let (code, stdout, stderr) = env.run(&["add", &url]);
    assert_eq!(code, 1);
    assert_clean("add error", &(stdout + &stderr));
}

/// The characters that reorder or hide a line's text, as numeric references in a feed.
const HIDDEN: [&str; 14] = [
    "&#x61C;", "&#x200E;", "&#x200F;", "&#x202A;", "&#x202B;", "&#x202C;", "&#x202D;", "&#x202E;",
    "&#x2066;", "&#x2067;", "&#x2068;", "&#x2069;", "&#x200B;", "&#xFEFF;",
];

fn is_hidden(c: char) -> bool {
    matches!(
        c,
        '\u{61c}' | '\u{200b}' | '\u{200e}' | '\u{200f}' | '\u{feff}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
    )
}

#[test]
fn direction_marks_and_invisible_spaces_leave_one_line_fields_but_joiners_stay() {
    let mut xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel>\
         <title>Bank{}News</title><link>http://example.org/</link>",
        HIDDEN.join("")
    );
    for (n, hidden) in HIDDEN.iter().enumerate() {
        xml.push_str(&format!(
            "<item><guid>g{n}</guid><title>pay{hidden}pal {n}</title>\
             <link>http://example.org/{n}{hidden}x</link><author>a@example.org (Ann{hidden}Lee)</author>\
             <pubDate>Mon, 01 Jan 2024 10:{n:02}:00 +0000</pubDate></item>"
        ));
    }
    // ZWJ holds an emoji sequence together and ZWNJ is part of a Persian word: both stay.
    xml.push_str(
        "<item><guid>joiners</guid><title>&#x1F468;&#x200D;&#x1F469;&#x200D;&#x1F467; \
         &#x645;&#x6CC;&#x200C;&#x62E;&#x648;&#x627;&#x647;&#x645;</title>\
         <link>http://example.org/j</link><pubDate>Tue, 02 Jan 2024 10:00:00 +0000</pubDate></item>",
    );
    xml.push_str("</channel></rss>");
    let server = StaticServer::start(
        [(
            "/hidden.xml".to_string(),
            Route::content(xml, "application/rss+xml"),
        )],
        false,
    )
    .unwrap();
    let env = Env::new();
    let (code, _, stderr) = env.run(&["add", &server.url("/hidden.xml")]);
    assert_eq!(code, 0, "{stderr}");
    for args in [
        vec!["list"],
        vec!["list", "--json"],
        vec!["feeds"],
        vec!["feeds", "--json"],
        vec!["export"],
    ] {
        let (code, stdout, stderr) = env.run(&args);
        assert_eq!(code, 0, "{args:?}: {stderr}");
        // JSON writes these characters as themselves: read it back to look at the strings.
        let text = if args.contains(&"--json") {
            let value: serde_json::Value = serde_json::from_str(&stdout).unwrap();
            value.to_string()
        } else {
            stdout
        };
        let found: Vec<char> = text.chars().filter(|&c| is_hidden(c)).collect();
        assert!(found.is_empty(), "{args:?} shows {found:?}: {text}");
        if args[0] == "list" {
            assert!(text.contains("paypal 13"), "{args:?}: {text}");
            assert!(
                text.contains("\u{1f468}\u{200d}\u{1f469}\u{200d}\u{1f467}")
                    && text.contains("\u{645}\u{6cc}\u{200c}\u{62e}"),
                "{args:?} keeps ZWJ and ZWNJ: {text}"
            );
        } else {
            assert!(text.contains("BankNews"), "{args:?}: {text}");
        }
    }
}

#[test]
fn read_json_cleans_every_string_of_a_discussion_even_ids_and_edit_times() {
    // A Lobsters story whose comment id and edit time carry a C1 CSI and a DEL: fields that are
    // shown raw by no screen, but that a terminal printing the JSON would still interpret.
    let story = r#"{"short_id":"abc","title":"T\u009b2J","url":"https://example.org/","description":"d",
        "comments":[{"short_id":"c\u009b31m1\u007f","comment":"<p>hello</p>","commenting_user":"ann",
        "created_at":"2024-01-01T00:00:00Z","last_edited_at":"2024\u009b5m-01-02\u007f","depth":0}]}"#;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("story.json");
    std::fs::write(&path, story).unwrap();
    let env = Env::new();
    let (code, stdout, stderr) = env.run(&[
        "read",
        "--comments",
        "--json",
        path.to_str().unwrap(),
        "--url",
        "https://lobste.rs/s/abc",
    ]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        !stdout.contains('\u{9b}') && !stdout.contains('\u{7f}'),
        "{stdout:?}"
    );
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let comment = &json["comments"][0];
    assert_eq!(comment["id"], "c1", "{json}");
    assert_eq!(comment["edited"]["when"], "2024-01-02", "{json}");
    assert_eq!(comment["author"], "ann");
}
