//! Page chrome that only its structure or wording gives away, read with the real `folio read`
//! binary: appeals under hashed class names, chrome named in camelCase, ids and custom elements,
//! author boxes without a class, paywall pitches split over paragraphs, teaser card lists, and a
//! forum thread whose posts all sit under "comment" names. Fixtures: `tests/fixtures/article/`.
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/article")
        .join(name)
}

/// `folio read FILE --url URL`: the body as plain text, whitespace folded.
fn read(name: &str) -> String {
    let output = Command::cargo_bin("folio")
        .unwrap()
        .args(["read", "--width", "100"])
        .arg(fixture(name))
        .args(["--url", "https://news.example.org/2024/03/story/"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    fold(&String::from_utf8(output).unwrap())
}

fn fold(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Every `kept` sentence is in `text` and no `gone` string is.
fn assert_kept_and_gone(text: &str, kept: &[&str], gone: &[&str]) {
    for sentence in kept {
        assert!(
            text.contains(&fold(sentence)),
            "missing: {sentence}\n--- output:\n{text}"
        );
    }
    for chrome in gone {
        assert!(
            !text.contains(&fold(chrome)),
            "chrome left: {chrome}\n--- output:\n{text}"
        );
    }
}

#[test]
fn appeals_signups_and_consent_placeholders_under_hashed_names_go_but_the_fundraiser_story_stays() {
    let text = read("appeal-hashed.html");
    assert_kept_and_gone(
        &text,
        &[
            "Neighbours of the old market hall raised the money for its roof in a month.",
            "The market hall on Bridge Street has stood for one hundred and twelve years",
            "Their page on a crowdfunding site asked for twenty thousand pounds.",
            // The article is about a fundraiser and links to it: one link is no appeal.
            "Her brother started a fundraiser of his own to pay for the scaffolding",
            "Builders will start on the roof in May.",
            "Mary Hale said the campaign had taught the traders something about their town.",
        ],
        &[
            "We need your help",
            "Help us keep the Courier free for everyone.",
            "£1,489 of £5,000 raised",
            "Give today",
            "Get the best local stories in your inbox every morning.",
            "Externer Inhalt",
            "we need your consent",
            "Support independent local journalism",
            "Donate with PayPal",
        ],
    );
}

#[test]
fn chrome_named_in_camel_case_ids_and_custom_elements_goes() {
    let text = read("names.html");
    assert_kept_and_gone(
        &text,
        &[
            "Nach vier Monaten in der Werft ist die Fähre zwischen Altdorf und Neudorf",
            "Die Reederei hatte den Rumpf neu streichen",
            "Für Pendler war die Pause eine Geduldsprobe",
            "Ab Juni fährt die Fähre wieder im Halbstundentakt.",
        ],
        &[
            // <donate-box>
            "Guter Lokaljournalismus kostet Geld.",
            // class="newsletterSignup"
            "jeden Morgen in deinem Postfach",
            // class="RelatedTeaser"
            "Die Brücke bleibt gesperrt",
            // <pp-inline-teaser> with a linked title
            "Fragen zur Fähre",
            // id="shareBarBottom"
            "Teilen:",
            // a hidden slot a script fills with a payment widget, beside its pitch
            "Unabhängiger Journalismus braucht dich",
        ],
    );
}

#[test]
fn an_unnamed_author_box_a_split_pitch_and_a_most_read_list_go_and_the_standfirst_comes_back() {
    let text = read("author-pitch.html");
    assert_kept_and_gone(
        &text,
        &[
            // Only the description meta says this sidebar block is the standfirst.
            "Sleeper services were written off twenty years ago.",
            "Twenty years ago the last sleeper train between the two capitals ran half empty",
            "Today the same route runs every night of the week",
            "Operators have ordered new carriages with private cabins and showers",
        ],
        &[
            "By Ana Lind",
            "Ana Lind is a transport correspondent",
            "please subscribe",
            "unlimited digital access",
            "Membership brings invitations",
            "First-time readers also receive a notebook",
            "Already a subscriber?",
            "About Ana Lind",
            "Ana has written about trains, ports and roads",
            "Most read",
            "The harbour gets a new crane",
            "Plans from 1910 turn up in an attic.",
        ],
    );
    assert!(
        text.starts_with("Sleeper services were written off"),
        "the standfirst opens the body: {text}"
    );
}

#[test]
fn the_byline_stays_in_the_metadata_when_its_line_leaves_the_body() {
    let output = Command::cargo_bin("folio")
        .unwrap()
        .args(["read", "--json"])
        .arg(fixture("author-pitch.html"))
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let json: Value = serde_json::from_slice(&output).unwrap();
    assert_eq!(json["article"]["byline"].as_str(), Some("Ana Lind"));
    assert_eq!(
        json["article"]["title"].as_str(),
        Some("Why the night trains came back")
    );
}

#[test]
fn a_forum_thread_whose_posts_are_all_named_comments_is_read_not_refused() {
    let text = read("forum-thread.html");
    assert_kept_and_gone(
        &text,
        &[
            "wir haben seit drei Wochen einen jungen Hund aus dem Tierheim",
            "Bei uns hat die kurze Leine mit Geschirr viel besser funktioniert.",
        ],
        &["no article found"],
    );
}
