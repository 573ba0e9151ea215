//! The podcast in the reader: the real runner over the real database and the loopback server,
//! the screens drawn on a `TestBackend` with half-block pictures. The list marks the episodes,
//! `e` starts the player (a script recording its arguments), `D` downloads and resumes, the
//! article header says what the episode is, `i` draws its picture, leaving cancels.

use std::path::{Path, PathBuf};
use std::time::Duration;

use folio::app::runner::Runner;
use folio::app::{Action, App, Effect, EffectRunner, Screen};
use folio::config::media::MediaSettings;
use folio::config::{Command, Keymap, Theme};
use folio::fetch::{FetchLimits, Fetcher};
use folio::media::image::ImagesMode;
use folio::media::picture::Graphics;
use folio::serve::Route;
use folio::store::{Store, StoreHandle};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};

use super::{Podcast, audio_bytes};

/// A player that writes the arguments it was given to `args` beside it.
fn recording_player(dir: &Path) -> (String, PathBuf) {
    use std::os::unix::fs::PermissionsExt;
    let script = dir.join("player.sh");
    std::fs::write(
        &script,
        "#!/bin/sh\nprintf '%s\\n' \"$@\" > \"$0.args.tmp\"\nmv \"$0.args.tmp\" \"$0.args\"\n",
    )
    .unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    (script.display().to_string(), dir.join("player.sh.args"))
}

struct Reader {
    app: App,
    runner: Runner,
    reply: UnboundedSender<Action>,
    actions: UnboundedReceiver<Action>,
}

impl Reader {
    fn new(podcast: &Podcast, player: &str, images: ImagesMode) -> Reader {
        let store = StoreHandle::spawn(Store::open(&podcast.env.db).unwrap()).unwrap();
        let fetch = FetchLimits {
            timeout: Duration::from_secs(5),
            ..FetchLimits::default()
        };
        let media = MediaSettings {
            player: Some(format!("{player} --no-video")),
            download_dir: Some(podcast.downloads().display().to_string()),
            images,
            ..MediaSettings::default()
        };
        let runner = Runner::new(
            store,
            Fetcher::new(fetch).unwrap(),
            Default::default(),
            podcast.env.db.clone(),
        )
        .with_media(&media, fetch)
        .with_graphics(Graphics::halfblocks());
        let (reply, actions) = unbounded_channel();
        Reader {
            app: App::new(80, 24).with_images(images),
            runner,
            reply,
            actions,
        }
    }

    async fn press(&mut self, command: Command) {
        let effects = self.app.update(Action::Command(command));
        self.settle(effects).await;
    }

    /// Runs effects and feeds back actions until `done` says an action was the last wanted.
    async fn run_until(&mut self, mut effects: Vec<Effect>, done: impl Fn(&Action) -> bool) {
        loop {
            for effect in effects.drain(..) {
                self.runner.run(effect, &self.reply);
            }
            let action = tokio::time::timeout(Duration::from_secs(10), self.actions.recv())
                .await
                .expect("an answer in time")
                .unwrap();
            let last = done(&action);
            effects = self.app.update(action);
            if last {
                for effect in effects.drain(..) {
                    self.runner.run(effect, &self.reply);
                }
                return;
            }
        }
    }

    /// Runs the effects that each answer with one action (loads).
    async fn settle(&mut self, effects: Vec<Effect>) {
        let loads = effects.iter().filter(|e| answers(e)).count();
        let (mut rest, mut seen) = (effects, 0);
        if loads == 0 {
            for effect in rest.drain(..) {
                self.runner.run(effect, &self.reply);
            }
            return;
        }
        while seen < loads {
            for effect in rest.drain(..) {
                self.runner.run(effect, &self.reply);
            }
            let action = tokio::time::timeout(Duration::from_secs(10), self.actions.recv())
                .await
                .expect("an answer in time")
                .unwrap();
            if !matches!(action, Action::ArticleProgress { .. }) {
                seen += 1;
            }
            rest = self.app.update(action);
        }
        for effect in rest.drain(..) {
            self.runner.run(effect, &self.reply);
        }
    }

    fn screen(&self) -> String {
        format!("{}", self.terminal().backend())
    }

    /// The colours drawn on row `y`, left to right, where any is set.
    fn colours_on_row(&self, y: u16) -> Vec<ratatui::style::Color> {
        let terminal = self.terminal();
        let buffer = terminal.backend().buffer();
        (0..buffer.area.width)
            .filter_map(|x| buffer.cell((x, y)))
            .flat_map(|cell| [cell.fg, cell.bg])
            .filter(|c| matches!(c, ratatui::style::Color::Rgb(..)))
            .collect()
    }

    fn terminal(&self) -> Terminal<TestBackend> {
        let theme = Theme::load("default", Path::new("/nonexistent"), false).unwrap();
        let keymap = Keymap::new(&Default::default()).unwrap();
        let look = folio::ui::Look {
            theme: &theme,
            keymap: &keymap,
            now: chrono::DateTime::parse_from_rfc3339("2024-03-06T08:00:00Z")
                .unwrap()
                .to_utc(),
            zone: folio::app::date_display::Zone::Utc,
        };
        let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
        terminal
            .draw(|frame| folio::ui::draw(frame, &self.app, &look))
            .unwrap();
        terminal
    }
}

fn answers(effect: &Effect) -> bool {
    matches!(
        effect,
        Effect::LoadFeeds
            | Effect::LoadItems { .. }
            | Effect::LoadArticle { .. }
            | Effect::LoadPicture { .. }
    )
}

/// The reader on the "All unread" list of the podcast.
async fn on_the_list(reader: &mut Reader) {
    let start = reader.app.start();
    reader.settle(start).await;
    reader.press(Command::Open).await;
    assert_eq!(reader.app.screen, Screen::Items);
}

async fn wait_for(path: &Path) -> String {
    for _ in 0..500 {
        if let Ok(text) = std::fs::read_to_string(path) {
            return text;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("{} never appeared", path.display());
}

#[test]
fn the_list_marks_episodes_e_plays_and_d_downloads_with_resume() {
    let podcast = Podcast::new();
    let (player, args) = recording_player(podcast.env.dir());
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let mut reader = Reader::new(&podcast, &player, ImagesMode::OnDemand);
        on_the_list(&mut reader).await;
        insta::assert_snapshot!("podcast_item_list", reader.screen());
        let titles: Vec<_> = reader
            .app
            .items
            .as_ref()
            .unwrap()
            .entries
            .iter()
            .map(|i| (i.title.clone(), i.media))
            .collect();
        assert_eq!(titles.len(), 4);

        // e on the newest episode: the player gets its options, then the checked URL.
        reader.press(Command::PlayEnclosure).await;
        let given = wait_for(&args).await;
        assert_eq!(
            given,
            format!("--no-video\n{}\n", podcast.server.url("/audio/tides.mp3"))
        );

        // D while the server cuts the file short: an error, the part kept.
        podcast.server.set_route(
            "/audio/tides.mp3",
            Route::truncated(audio_bytes(), "audio/mpeg", 100_000),
        );
        let effects = reader.app.update(Action::Command(Command::DownloadEnclosure));
        reader
            .run_until(effects, |a| matches!(a, Action::DownloadFinished { .. }))
            .await;
        let error = reader.app.status.error.clone().unwrap_or_default();
        assert!(
            error.contains("the server sent 100000 of the 300000 bytes"),
            "{error}"
        );
        assert!(reader.app.downloads.is_empty());

        // D again once the server is well: resumed from the part, saved, said so.
        podcast
            .server
            .set_route("/audio/tides.mp3", Route::content(audio_bytes(), "audio/mpeg"));
        let effects = reader.app.update(Action::Command(Command::DownloadEnclosure));
        assert!(
            reader.app.download_status().is_none(),
            "nothing queued before the runner says so"
        );
        reader
            .run_until(effects, |a| matches!(a, Action::DownloadFinished { .. }))
            .await;
        let saved = podcast.downloads().join("tides.mp3");
        assert_eq!(
            reader.app.status.message.clone().unwrap(),
            format!("saved {}", saved.display())
        );
        assert_eq!(std::fs::read(&saved).unwrap(), audio_bytes());
        assert_eq!(
            *podcast.server.stats().ranges_asked.lock().unwrap(),
            ["bytes=100000-"]
        );

        // The show notes have nothing to play.
        reader.press(Command::Down).await;
        reader.press(Command::Down).await;
        reader.press(Command::PlayEnclosure).await;
        assert_eq!(
            reader.app.status.error.as_deref(),
            Some("this item has no enclosure")
        );
    });
}

#[test]
fn the_article_header_says_what_the_episode_is_and_i_draws_its_picture() {
    let podcast = Podcast::new();
    let (player, _) = recording_player(podcast.env.dir());
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let mut reader = Reader::new(&podcast, &player, ImagesMode::OnDemand);
        on_the_list(&mut reader).await;
        reader.press(Command::Open).await;
        assert_eq!(reader.app.screen, Screen::Article);
        let pane = reader.app.article.as_ref().unwrap();
        let texts: Vec<String> = pane.doc.lines.iter().map(|l| l.text()).collect();
        assert!(
            texts.contains(&"♪ audio: audio/mpeg · 300.0 kB · 42:07 · episode 2, season 1".to_string()),
            "{texts:#?}"
        );
        // The episode picture, the chart, and the tracking pixel that is never fetched.
        assert_eq!(pane.doc.images.len(), 3, "{:?}", pane.doc.images);
        assert_eq!(
            pane.doc.images[1].url.as_deref(),
            Ok(podcast.server.url("/art/chart.png").as_str())
        );
        assert_eq!(
            pane.doc.images[2].url,
            Err(folio::media::image::Refusal::TrackingPixel(1, 1))
        );
        insta::assert_snapshot!("podcast_article_header", reader.screen());

        // i: the first picture in view, the episode's, drawn in half blocks under its line.
        reader.press(Command::LoadImage).await;
        let pane = reader.app.article.as_ref().unwrap();
        assert_eq!(pane.pictures.shown.len(), 1, "{:?}", reader.app.status);
        let screen = reader.screen();
        // Under "[image: episode art]" (row 7): red on the left half, blue on the right.
        let colours = reader.colours_on_row(7);
        assert!(
            colours.contains(&ratatui::style::Color::Rgb(200, 30, 30)),
            "{colours:?}\n{screen}"
        );
        assert!(
            colours.contains(&ratatui::style::Color::Rgb(30, 30, 200)),
            "{colours:?}"
        );
        assert!(reader.colours_on_row(10).is_empty(), "the text below is text");
        insta::assert_snapshot!("podcast_article_with_picture", screen);
        // Enter loads the next one; the text after it moved down by the picture's rows.
        let before = reader.app.article.as_ref().unwrap().doc.lines.len();
        reader.press(Command::Open).await;
        let pane = reader.app.article.as_ref().unwrap();
        assert_eq!(pane.pictures.shown.len(), 2, "{:?}", reader.app.status);
        assert!(pane.doc.lines.len() > before);
    });
}

#[test]
fn leaving_the_article_cancels_its_pictures_and_a_late_one_is_dropped() {
    let podcast = Podcast::new();
    podcast.server.set_route(
        "/art/tides.png",
        Route::content(super::png(64, 32), "image/png").delayed(Duration::from_secs(3)),
    );
    let (player, _) = recording_player(podcast.env.dir());
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let mut reader = Reader::new(&podcast, &player, ImagesMode::Auto);
        on_the_list(&mut reader).await;
        // Auto: the pictures in view are asked for as the article opens.
        let effects = reader.app.update(Action::Command(Command::Open));
        reader
            .run_until(effects, |a| matches!(a, Action::ArticleLoaded { .. }))
            .await;
        assert!(reader.runner.media().pictures_running() >= 1);
        let effects = reader.app.update(Action::Command(Command::Back));
        assert!(matches!(effects[..], [Effect::StopLoading(_)]), "{effects:?}");
        for effect in effects {
            reader.runner.run(effect, &reader.reply);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
        assert_eq!(reader.runner.media().pictures_running(), 0);
        // What was already on its way is for an article left: dropped.
        while let Ok(action) = reader.actions.try_recv() {
            let effects = reader.app.update(action);
            assert!(effects.is_empty());
        }
        let late = Action::PictureLoaded {
            item_id: 1,
            index: 0,
            generation: 0,
            result: Err("late".into()),
        };
        assert!(reader.app.update(late).is_empty());
        assert_eq!(reader.app.status.error, None);
    });
}
