//! `folio enclosures` and `folio download` on the podcast.

use super::{EVIL_PATH, Podcast, audio_bytes};

#[test]
fn enclosures_are_listed_with_type_size_duration_and_episode() {
    let podcast = Podcast::new();
    let (code, stdout, stderr) = podcast.env.run(&["enclosures", "--json"]);
    assert_eq!(code, 0, "{stderr}");
    let rows: Vec<serde_json::Value> = serde_json::from_str(&stdout).unwrap();
    assert_eq!(rows.len(), 3, "{stdout}");
    let episode = &rows[0];
    assert_eq!(episode["item_title"], "Episode 2: Tides");
    assert_eq!(episode["item_link"], podcast.server.url("/episodes/2"));
    assert_eq!(episode["url"], podcast.server.url("/audio/tides.mp3"));
    assert_eq!(episode["type"], "audio/mpeg");
    assert_eq!(episode["length"], 300_000);
    assert_eq!(episode["duration"], 2527);
    assert_eq!(episode["episode"], "2");
    assert_eq!(episode["image"], podcast.server.url("/art/tides.png"));
    assert!(episode["downloaded"].is_null());
    assert_eq!(rows[1]["type"], "video/mp4");
    assert_eq!(rows[1]["duration"], 95);

    let (code, text, _) = podcast.env.run(&["enclosures"]);
    assert_eq!(code, 0);
    let first = text.lines().next().unwrap();
    assert!(
        first.starts_with("audio/mpeg · 300.0 kB · 42:07  Episode 2: Tides  http://"),
        "{first}"
    );

    let feed = podcast.server.url("/feed.xml");
    let (code, _, stderr) = podcast
        .env
        .run(&["enclosures", "--feed", "http://elsewhere.example/"]);
    assert_eq!(
        (code, stderr.trim()),
        (1, "error: not subscribed to http://elsewhere.example/")
    );
    assert_eq!(podcast.env.run(&["enclosures", "--feed", &feed]).0, 0);
}

#[test]
fn a_download_prints_its_path_and_the_listing_then_names_it() {
    let podcast = Podcast::new();
    let url = podcast.server.url("/audio/tides.mp3");
    let (code, stdout, stderr) = podcast.download(&url);
    assert_eq!(code, 0, "{stderr}");
    let saved = podcast.downloads().join("tides.mp3");
    assert_eq!(stdout.trim(), saved.display().to_string());
    assert_eq!(std::fs::read(&saved).unwrap(), audio_bytes());

    let (_, json, _) = podcast.env.run(&["enclosures", "--json"]);
    let rows: Vec<serde_json::Value> = serde_json::from_str(&json).unwrap();
    assert_eq!(rows[0]["downloaded"], saved.display().to_string());

    // Again: another name, the first file untouched.
    let (code, stdout, _) = podcast.download(&url);
    assert_eq!(code, 0);
    assert!(stdout.trim().ends_with("tides (1).mp3"), "{stdout}");
    assert_eq!(podcast.saved_names(), ["tides (1).mp3", "tides.mp3"]);
}

#[test]
fn an_item_link_downloads_its_episode() {
    let podcast = Podcast::new();
    let (code, stdout, stderr) = podcast.download(&podcast.server.url("/episodes/1"));
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.trim().ends_with("/cranes.mp4"), "{stdout}");
    let (code, _, stderr) = podcast.download(&podcast.server.url("/notes"));
    assert_eq!(code, 1);
    assert!(stderr.contains("the item has no enclosure"), "{stderr}");
}

#[test]
fn a_name_with_traversal_and_control_characters_stays_in_the_folder_and_clean() {
    let podcast = Podcast::new();
    let (code, stdout, stderr) = podcast.download(&podcast.server.url(EVIL_PATH));
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(podcast.saved_names(), ["evil [2J.pdf"]);
    assert_eq!(
        stdout.trim(),
        podcast.downloads().join("evil [2J.pdf").display().to_string()
    );
    assert!(!stdout.contains('\x1b'));
    // Nothing was written beside or above the folder.
    let above: Vec<_> = std::fs::read_dir(podcast.env.dir())
        .unwrap()
        .filter_map(Result::ok)
        .collect();
    assert!(
        above
            .iter()
            .all(|e| !e.file_name().to_string_lossy().contains("evil"))
    );
}

#[test]
fn a_404_and_a_refused_scheme_are_one_line_errors_naming_the_url() {
    let podcast = Podcast::new();
    let missing = podcast.server.url("/audio/gone.mp3");
    let (code, stdout, stderr) = podcast.download(&missing);
    assert_eq!(code, 1);
    assert!(stdout.is_empty());
    assert_eq!(stderr.trim(), format!("error: {missing}: HTTP 404"));
    assert!(
        podcast.saved_names().iter().all(|n| n.ends_with(".part")),
        "{:?}",
        podcast.saved_names()
    );

    let (code, _, stderr) = podcast.download("file:///etc/passwd");
    assert_eq!(code, 1);
    assert_eq!(
        stderr.trim(),
        "error: file:///etc/passwd: file: links are not opened (web links only)"
    );
}

#[test]
fn a_file_over_the_configured_maximum_is_refused() {
    let podcast = Podcast::with_config("[media]\nmax_download_mib = 1\n");
    let big: Vec<u8> = vec![7; 2 * 1024 * 1024];
    podcast
        .server
        .set_route("/big.mp3", folio::serve::Route::content(big, "audio/mpeg"));
    let (code, _, stderr) = podcast.download(&podcast.server.url("/big.mp3"));
    assert_eq!(code, 1);
    assert!(stderr.contains("larger than 1048576 bytes"), "{stderr}");
    assert!(!podcast.downloads().join("big.mp3").exists());
}
