//! Interrupted downloads: resumed when the server honours `Range`, started over when it ignores
//! it, refused when the server keeps sending less than it announced.

use folio::serve::Route;

use super::{Podcast, audio_bytes};

const CUT: usize = 120_000;

/// The episode served cut off after [`CUT`] bytes, downloaded once: the error and the part left.
fn interrupted(podcast: &Podcast) -> String {
    podcast.server.set_route(
        "/audio/tides.mp3",
        Route::truncated(audio_bytes(), "audio/mpeg", CUT),
    );
    let url = podcast.server.url("/audio/tides.mp3");
    let (code, stdout, stderr) = podcast.download(&url);
    assert_eq!(code, 1, "{stdout}");
    assert_eq!(
        stderr.trim(),
        format!(
            "error: {url}: the server sent {CUT} of the 300000 bytes it announced (run it again to resume)"
        )
    );
    let names = podcast.saved_names();
    assert_eq!(names.len(), 1, "{names:?}");
    assert!(
        names[0].starts_with("tides.mp3.") && names[0].ends_with(".part"),
        "{names:?}"
    );
    assert_eq!(
        std::fs::metadata(podcast.downloads().join(&names[0]))
            .unwrap()
            .len(),
        CUT as u64
    );
    url
}

#[test]
fn a_truncated_download_resumes_from_where_it_stopped() {
    let podcast = Podcast::new();
    let url = interrupted(&podcast);
    podcast
        .server
        .set_route("/audio/tides.mp3", Route::content(audio_bytes(), "audio/mpeg"));
    let (code, stdout, stderr) = podcast.download(&url);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.trim().ends_with("tides.mp3"));
    assert_eq!(
        podcast.saved_names(),
        ["tides.mp3"],
        "the part file became the episode"
    );
    assert_eq!(
        std::fs::read(podcast.downloads().join("tides.mp3")).unwrap(),
        audio_bytes()
    );
    let stats = podcast.server.stats();
    assert_eq!(stats.partial.load(std::sync::atomic::Ordering::Relaxed), 1);
    assert_eq!(*stats.ranges_asked.lock().unwrap(), [format!("bytes={CUT}-")]);
}

#[test]
fn a_server_that_ignores_range_gets_the_download_started_over() {
    let podcast = Podcast::new();
    let url = interrupted(&podcast);
    podcast.server.set_route(
        "/audio/tides.mp3",
        Route::content(audio_bytes(), "audio/mpeg").ignoring_range(),
    );
    let (code, _, stderr) = podcast.download(&url);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(podcast.saved_names(), ["tides.mp3"]);
    assert_eq!(
        std::fs::read(podcast.downloads().join("tides.mp3")).unwrap(),
        audio_bytes(),
        "the whole file, not the part twice"
    );
    let stats = podcast.server.stats();
    assert_eq!(stats.partial.load(std::sync::atomic::Ordering::Relaxed), 0);
    assert_eq!(
        stats.ranges_asked.lock().unwrap().len(),
        1,
        "it was asked for the rest"
    );
}

#[test]
fn a_server_that_lies_about_its_length_never_yields_a_file() {
    let podcast = Podcast::new();
    let url = interrupted(&podcast);
    // Still lying on the second try, now from the range asked: the part grows, no file appears.
    let (code, _, stderr) = podcast.download(&url);
    assert_eq!(code, 1);
    assert!(stderr.contains("bytes it announced"), "{stderr}");
    assert!(podcast.saved_names().iter().all(|n| n.ends_with(".part")));
}
