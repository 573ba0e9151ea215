//! Enclosures and pictures on the screens: the article header's enclosure lines, `e` (play) and
//! `D` (download) on the item or article, the download queue the status bar shows, and the
//! article's pictures: which `[image: ...]` line `i` loads, what `auto` loads as lines come into
//! view, and a loaded picture set into the text on blank lines of its own, the text above the
//! view staying where it is. Leaving the article cancels its pictures (a new generation).

use ratatui::layout::Size;

use super::doc::{Doc, DocLine};
use super::{App, Effect, Screen};
use crate::config::Element;
use crate::feed::Enclosure;
use crate::media::describe::{kind_word, summary};
use crate::media::image::ImagesMode;
use crate::media::image::sources::{ImageSource, marker_lines, web_address};
use crate::media::picture::Picture;
use crate::media::{FileKind, kind_of, main_enclosure};

/// The tallest a picture is drawn, in rows.
const MAX_PICTURE_ROWS: u16 = 24;

/// Where each of the article's pictures stands.
#[derive(Debug, Clone, PartialEq)]
pub enum PictureState {
    Idle,
    Loading,
    Shown,
    Refused(String),
}

/// The article's pictures: one state per source of `doc.images`, and those drawn.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Pictures {
    pub states: Vec<PictureState>,
    /// Each drawn picture with the first of the blank lines inserted for it.
    pub shown: Vec<(usize, Picture)>,
}

/// A download the status bar follows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DownloadEntry {
    pub url: String,
    pub name: String,
    pub done: u64,
    pub total: Option<u64>,
    /// False while it waits for a free slot.
    pub started: bool,
}

/// The article header's lines for `enclosures`: one per enclosure (kind, type, size, duration,
/// episode), the keys that use them, and the episode picture as an `[image: ...]` line.
pub fn header_lines(enclosures: &[Enclosure]) -> Vec<DocLine> {
    let mut lines = Vec::new();
    for enclosure in enclosures {
        let mark = match kind_of(enclosure) {
            FileKind::Audio => "♪",
            FileKind::Video => "▶",
            FileKind::Image => "▣",
            FileKind::Other => "◆",
        };
        let mut line = DocLine::plain(
            format!("{mark} {}", kind_word(kind_of(enclosure))),
            Element::Count,
        );
        line.push(format!(": {}", summary(enclosure)), Element::Byline);
        lines.push(line);
    }
    if !enclosures.is_empty() {
        lines.push(DocLine::plain("e plays it, D downloads it", Element::Dim));
    }
    if episode_image(enclosures).is_some() {
        lines.push(DocLine::plain("[image: episode art]", Element::Image));
    }
    lines
}

/// The picture of the main enclosure's episode, when the feed names one.
fn episode_image(enclosures: &[Enclosure]) -> Option<&str> {
    main_enclosure(enclosures)?.image.as_deref()
}

impl Doc {
    /// The article with its enclosures under the title and byline, and its pictures (the episode
    /// picture first, then the body's) matched to its `[image` lines.
    pub fn with_media(mut self, enclosures: Vec<Enclosure>, body_images: Vec<ImageSource>) -> Doc {
        let header = header_lines(&enclosures);
        if !header.is_empty() {
            // After the title block, which ends at the first blank line.
            let at = (self.lines.iter())
                .position(|line| line.text().trim().is_empty())
                .unwrap_or(0);
            let mut block = vec![DocLine::default()];
            block.extend(header);
            let at_end = at == 0;
            if at_end {
                block.remove(0);
                block.push(DocLine::default());
            }
            self.lines.splice(at..at, block);
        }
        let mut images: Vec<ImageSource> = episode_image(&enclosures)
            .map(|url| ImageSource {
                url: web_address(url, None),
                alt: "episode art".into(),
            })
            .into_iter()
            .collect();
        images.extend(body_images);
        self.images = images;
        self.enclosures = enclosures;
        self
    }
}

impl App {
    /// The item `e` and `D` act on: the open article's, or the list's selection.
    fn media_item(&self) -> Option<(i64, bool)> {
        match self.screen {
            Screen::Article => self.article.as_ref().map(|a| {
                let has = !a.doc.enclosures.is_empty() || a.item.media.is_some();
                (a.item.id, has)
            }),
            Screen::Items => self.selected_item().map(|i| (i.id, i.media.is_some())),
            _ => None,
        }
    }

    pub(super) fn play_enclosure(&mut self) -> Vec<Effect> {
        match self.media_item() {
            Some((item_id, true)) => {
                self.status.message = Some("starting the player…".into());
                vec![Effect::PlayEnclosure { item_id }]
            }
            Some((_, false)) => {
                self.status.error = Some("this item has no enclosure".into());
                vec![]
            }
            None => vec![],
        }
    }

    pub(super) fn download_enclosure(&mut self) -> Vec<Effect> {
        match self.media_item() {
            Some((item_id, true)) => vec![Effect::DownloadEnclosure { item_id }],
            Some((_, false)) => {
                self.status.error = Some("this item has no enclosure".into());
                vec![]
            }
            None => vec![],
        }
    }

    pub(super) fn download_queued(&mut self, url: String, name: String) -> Vec<Effect> {
        self.downloads.retain(|d| d.url != url);
        self.downloads.push(DownloadEntry {
            url,
            name,
            done: 0,
            total: None,
            started: false,
        });
        vec![]
    }

    pub(super) fn download_progress(&mut self, url: &str, done: u64, total: Option<u64>) -> Vec<Effect> {
        if let Some(entry) = self.downloads.iter_mut().find(|d| d.url == url) {
            entry.started = true;
            entry.done = done;
            entry.total = total;
        }
        vec![]
    }

    pub(super) fn download_finished(&mut self, url: &str, result: Result<String, String>) -> Vec<Effect> {
        self.downloads.retain(|d| d.url != url);
        match result {
            Ok(path) => self.status.message = Some(format!("saved {path}")),
            Err(message) => self.status.error = Some(message),
        }
        vec![]
    }

    /// The status bar's words for the downloads: the first running one and how many wait.
    pub fn download_status(&self) -> Option<String> {
        let first = self
            .downloads
            .iter()
            .find(|d| d.started)
            .or(self.downloads.first())?;
        let progress = match first.total.filter(|&t| t > 0) {
            Some(total) => format!("{}%", first.done.saturating_mul(100) / total),
            None => crate::media::describe::size(first.done),
        };
        let others = self.downloads.len() - 1;
        let more = if others > 0 {
            format!(" +{others}")
        } else {
            String::new()
        };
        Some(format!("↓ {} {progress}{more}", first.name))
    }

    /// `i` or Enter on the article: the first picture in view not loaded yet.
    pub(super) fn load_picture_in_view(&mut self) -> Vec<Effect> {
        if self.images_mode == ImagesMode::Never {
            self.status.message = Some("pictures are off ([media] images = \"never\")".into());
            return vec![];
        }
        let wanted = self.pictures_in_view().into_iter().find(|&index| {
            let state = self.article.as_ref().and_then(|a| a.pictures.states.get(index));
            matches!(state, Some(PictureState::Idle | PictureState::Refused(_)))
        });
        match wanted {
            Some(index) => self.request_picture(index, true),
            None => {
                self.status.message = Some("no picture to load in view".into());
                vec![]
            }
        }
    }

    /// With `images = "auto"`: every picture in view not asked for yet.
    pub(super) fn auto_pictures(&mut self) -> Vec<Effect> {
        if self.images_mode != ImagesMode::Auto || self.screen != Screen::Article {
            return vec![];
        }
        let idle: Vec<usize> = (self.pictures_in_view().into_iter())
            .filter(|&index| {
                let state = self.article.as_ref().and_then(|a| a.pictures.states.get(index));
                state == Some(&PictureState::Idle)
            })
            .collect();
        idle.into_iter()
            .flat_map(|index| self.request_picture(index, false))
            .collect()
    }

    /// The indices of the pictures whose `[image` line is in view.
    fn pictures_in_view(&self) -> Vec<usize> {
        let Some(pane) = self.article.as_ref() else {
            return vec![];
        };
        let view = pane.scroll.top..pane.scroll.top + self.body_height();
        let texts: Vec<String> = pane.doc.lines.iter().map(DocLine::text).collect();
        let lines = marker_lines(texts.iter().map(String::as_str));
        (lines.iter().enumerate())
            .filter(|&(index, line)| view.contains(line) && index < pane.doc.images.len())
            .map(|(index, _)| index)
            .collect()
    }

    /// Asks for picture `index`; one never fetched says why when it was asked for (`explicit`).
    fn request_picture(&mut self, index: usize, explicit: bool) -> Vec<Effect> {
        let max = Size::new(
            self.reading_width(),
            (self.body_height() as u16).clamp(1, MAX_PICTURE_ROWS),
        );
        let generation = self.picture_generation;
        let Some(pane) = self.article.as_mut() else {
            return vec![];
        };
        let Some(source) = pane.doc.images.get(index) else {
            return vec![];
        };
        pane.pictures
            .states
            .resize(pane.doc.images.len(), PictureState::Idle);
        match &source.url {
            Err(refusal) => {
                let why = refusal.to_string();
                if explicit {
                    self.status.error = Some(format!("picture not shown: {why}"));
                }
                pane.pictures.states[index] = PictureState::Refused(why);
                vec![]
            }
            Ok(url) => {
                pane.pictures.states[index] = PictureState::Loading;
                self.status.message = Some("loading the picture…".into());
                vec![Effect::LoadPicture {
                    item_id: pane.item.id,
                    index,
                    url: url.clone(),
                    generation,
                    max,
                }]
            }
        }
    }

    /// A picture came back: set into the text under its `[image` line, or why it is not.
    pub(super) fn picture_loaded(
        &mut self,
        item_id: i64,
        index: usize,
        generation: u64,
        result: Result<Picture, String>,
    ) -> Vec<Effect> {
        if generation != self.picture_generation {
            return vec![];
        }
        let Some(pane) = self.article.as_mut().filter(|a| a.item.id == item_id) else {
            return vec![];
        };
        if pane.pictures.states.get(index) != Some(&PictureState::Loading) {
            return vec![];
        }
        let picture = match result {
            Ok(picture) => picture,
            Err(why) => {
                self.status.error = Some(format!("picture not shown: {why}"));
                pane.pictures.states[index] = PictureState::Refused(why);
                return vec![];
            }
        };
        let texts: Vec<String> = pane.doc.lines.iter().map(DocLine::text).collect();
        let Some(&marker) = marker_lines(texts.iter().map(String::as_str)).get(index) else {
            return vec![];
        };
        let rows = usize::from(picture.size().height);
        let at = marker + 1;
        pane.doc
            .lines
            .splice(at..at, std::iter::repeat_n(DocLine::default(), rows));
        // The text in view stays where it is: lines added above the view push its top down.
        if at <= pane.scroll.top && pane.scroll.top > 0 {
            pane.scroll.top += rows;
        }
        for (line, _) in &mut pane.pictures.shown {
            if *line >= at {
                *line += rows;
            }
        }
        if let Some(search) = pane.search.as_mut() {
            for line in &mut search.matches {
                if *line >= at {
                    *line += rows;
                }
            }
        }
        pane.pictures.shown.push((at, picture));
        pane.pictures.states[index] = PictureState::Shown;
        self.status.message = None;
        vec![]
    }

    /// Leaving an article: pictures of it still loading are dropped when they arrive.
    pub(super) fn forget_pictures(&mut self) {
        self.picture_generation += 1;
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::app::model::ItemEntry;
    use crate::app::{Action, ArticlePane, Loading};
    use crate::config::Command;
    use crate::media::picture::Graphics;

    fn article_with_pictures(app: &mut App) {
        let mut lines: Vec<DocLine> = (0..60)
            .map(|i| DocLine::plain(format!("line {i}"), Element::Text))
            .collect();
        lines[2] = DocLine::plain("[image: first]", Element::Text);
        lines[40] = DocLine::plain("[image: second]", Element::Text);
        let source = |n: &str| ImageSource {
            url: Ok(format!("https://x.example/{n}.png")),
            alt: n.into(),
        };
        let doc = Doc {
            lines,
            images: vec![source("first"), source("second")],
            ..Doc::default()
        };
        app.article = Some(ArticlePane {
            item: ItemEntry {
                id: 7,
                feed_id: 1,
                feed_title: "F".into(),
                title: "T".into(),
                link: None,
                published: None,
                read: true,
                starred: false,
                comments: None,
                media: None,
            },
            state: Loading::InProgress("loading".into()),
            doc: Doc::default(),
            width: 78,
            scroll: Default::default(),
            search: None,
            pictures: Pictures::default(),
        });
        app.screen = Screen::Article;
        app.update(Action::ArticleLoaded {
            item_id: 7,
            width: 78,
            result: Ok(doc),
        });
    }

    fn a_picture(rows: u16) -> Picture {
        let image = image::DynamicImage::new_rgb8(40, u32::from(rows) * 2);
        Graphics::halfblocks().encode(image, Size::new(20, rows)).unwrap()
    }

    #[test]
    fn a_picture_above_the_view_keeps_the_text_in_view_where_it_was() {
        let mut app = App::new(80, 24);
        article_with_pictures(&mut app);
        // Scrolled to "line 30"; the first picture's line is above the view.
        app.article.as_mut().unwrap().scroll.top = 30;
        let effects = app.update(Action::Command(Command::LoadImage));
        let [
            Effect::LoadPicture {
                index, generation, ..
            },
        ] = effects.as_slice()
        else {
            panic!("{effects:?}");
        };
        assert_eq!((*index, *generation), (1, 0), "the picture in view is the second");
        app.article.as_mut().unwrap().pictures.states[0] = PictureState::Loading;
        let (first, second) = (a_picture(5), a_picture(3));
        let (rows, more) = (
            usize::from(first.size().height),
            usize::from(second.size().height),
        );
        assert!(rows > 0 && more > 0);
        app.update(Action::PictureLoaded {
            item_id: 7,
            index: 0,
            generation: 0,
            result: Ok(first),
        });
        let pane = app.article.as_ref().unwrap();
        assert_eq!(
            pane.doc.lines[pane.scroll.top].text(),
            "line 30",
            "the view did not move"
        );
        assert_eq!(pane.pictures.shown[0].0, 3);
        assert!(pane.doc.lines[3..3 + rows].iter().all(|l| l.text().is_empty()));
        assert_eq!(pane.doc.lines[3 + rows].text(), "line 3");
        // The second picture goes under its own line, now further down by the first's rows.
        app.update(Action::PictureLoaded {
            item_id: 7,
            index: 1,
            generation: 0,
            result: Ok(second),
        });
        let pane = app.article.as_ref().unwrap();
        assert_eq!(pane.doc.lines[40 + rows].text(), "[image: second]");
        assert_eq!(pane.pictures.shown[1].0, 41 + rows);
        assert_eq!(pane.doc.lines[41 + rows + more].text(), "line 41");
    }

    #[test]
    fn never_fetches_nothing_and_a_picture_for_a_left_article_is_dropped() {
        let mut app = App::new(80, 24).with_images(ImagesMode::Never);
        article_with_pictures(&mut app);
        assert!(app.update(Action::Command(Command::LoadImage)).is_empty());
        let mut app = App::new(80, 24).with_images(ImagesMode::Auto);
        article_with_pictures(&mut app);
        assert_eq!(
            app.article.as_ref().unwrap().pictures.states[0],
            PictureState::Loading,
            "auto"
        );
        assert_eq!(
            app.update(Action::Command(Command::Back)),
            [Effect::StopLoading(crate::app::Load::Article(7))]
        );
        article_with_pictures(&mut app);
        let stale = Action::PictureLoaded {
            item_id: 7,
            index: 0,
            generation: 0,
            result: Ok(a_picture(2)),
        };
        assert!(app.update(stale).is_empty());
        assert!(app.article.as_ref().unwrap().pictures.shown.is_empty());
    }

    #[test]
    fn header_lines_name_each_enclosure_and_the_episode_picture() {
        let episode = Enclosure {
            url: "https://cast.example/e2.mp3".into(),
            media_type: Some("audio/mpeg".into()),
            length: Some(300_000),
            duration_secs: Some(2527),
            episode: Some("2".into()),
            image: Some("https://cast.example/e2.png".into()),
            ..Enclosure::default()
        };
        let texts: Vec<String> = header_lines(&[episode]).iter().map(DocLine::text).collect();
        assert_eq!(
            texts,
            [
                "♪ audio: audio/mpeg · 300.0 kB · 42:07 · episode 2",
                "e plays it, D downloads it",
                "[image: episode art]"
            ]
        );
        assert!(header_lines(&[]).is_empty());
    }
}
