//! The application state and its one `update` function: an action in, the state changed, effects
//! out. Nothing here draws, touches the terminal, the store or the network, so every behaviour of
//! the interface can be tested by feeding actions and looking at the state. Each screen's own
//! state and commands live in its file (`feeds`, `items`, `article`, `thread`, `prompt`), as its
//! drawing does in `ui/`; this file holds what they share and dispatches to them.

pub mod action;
mod article;
pub mod cursor;
pub mod date_display;
pub mod discussion_state;
pub mod discussions;
pub mod doc;
mod feeds;
pub mod inflight;
mod items;
pub mod media;
pub mod model;
mod open;
mod prompt;
pub mod runner;
pub mod thread;
pub mod thread_doc;
pub mod thread_inline;

use std::collections::HashMap;

use crate::config::{Command, Context, ThreadLayout};
use crate::store::ItemOrder;

pub use action::{Action, Effect, EffectRunner, PromptInput};
pub use article::{ArticlePane, SearchState};
use cursor::{Cursor, Motion};
use inflight::Load;
pub use items::{ItemsPane, order_name};
use model::{FeedEntry, FeedRow, ItemSource, feed_rows};
use open::Use;
pub use prompt::{Prompt, PromptKind};
use thread::ThreadPane;
pub use thread_doc::LoadedThread;

/// Rows the title bar and the status bar take from the screen.
const CHROME_ROWS: u16 = 2;
/// The widest an article is set, however wide the terminal: long lines are hard to read.
pub const MAX_READING_WIDTH: u16 = 100;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Feeds,
    Items,
    Article,
    Thread,
}

impl Screen {
    /// The keymap context of the screen.
    pub fn context(self) -> Context {
        match self {
            Screen::Feeds | Screen::Items => Context::List,
            Screen::Article => Context::Article,
            Screen::Thread => Context::Thread,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Loading {
    /// Fetching or extracting; the stage says which.
    InProgress(String),
    Ready,
    Failed(String),
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Status {
    /// `(done, total)` while a refresh runs.
    pub refresh: Option<(usize, usize)>,
    /// The last error, shown until the next one or until dismissed by a successful action.
    pub error: Option<String>,
    /// A passing message ("12 new items").
    pub message: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct App {
    pub screen: Screen,
    pub feeds: Vec<FeedEntry>,
    pub feed_rows: Vec<FeedRow>,
    pub feed_cursor: Cursor,
    pub items: Option<ItemsPane>,
    pub article: Option<ArticlePane>,
    pub thread: Option<ThreadPane>,
    pub status: Status,
    pub prompt: Option<Prompt>,
    pub help: bool,
    /// How far the help is scrolled (it can be longer than a small terminal).
    pub help_scroll: usize,
    /// How item lists are sorted (searches are always best match first).
    pub item_order: ItemOrder,
    /// How threads are laid out (the config's choice, then the last one picked).
    pub thread_layout: ThreadLayout,
    /// The total comment count of the discussions found for an item, by item id: the item
    /// lists show it from then on.
    pub discussion_totals: HashMap<i64, u32>,
    /// When article pictures are fetched (`[media] images`).
    pub images_mode: crate::media::image::ImagesMode,
    /// Counts the articles left: a picture loaded for an earlier one is dropped.
    pub picture_generation: u64,
    /// Downloads queued or running, oldest first.
    pub downloads: Vec<media::DownloadEntry>,
    pub width: u16,
    pub height: u16,
    pub should_quit: bool,
}

impl App {
    pub fn new(width: u16, height: u16) -> App {
        App {
            screen: Screen::Feeds,
            feeds: Vec::new(),
            feed_rows: feed_rows(&[]),
            feed_cursor: Cursor::default(),
            items: None,
            article: None,
            thread: None,
            status: Status::default(),
            prompt: None,
            help: false,
            help_scroll: 0,
            item_order: ItemOrder::default(),
            thread_layout: ThreadLayout::default(),
            discussion_totals: HashMap::new(),
            images_mode: crate::media::image::ImagesMode::default(),
            picture_generation: 0,
            downloads: Vec::new(),
            width,
            height,
            should_quit: false,
        }
    }

    /// The same app with item lists sorted by `order` (the config file's choice).
    pub fn with_item_order(mut self, order: ItemOrder) -> App {
        self.item_order = order;
        self
    }

    /// The same app with threads laid out `layout` (the config file's choice).
    pub fn with_thread_layout(mut self, layout: ThreadLayout) -> App {
        self.thread_layout = layout;
        self
    }

    /// The same app fetching article pictures as `mode` says (the config file's choice).
    pub fn with_images(mut self, mode: crate::media::image::ImagesMode) -> App {
        self.images_mode = mode;
        self
    }

    /// The effects to run once at start: the first frame is drawn from whatever the cache holds.
    pub fn start(&self) -> Vec<Effect> {
        vec![Effect::LoadFeeds, Effect::IndexSearch]
    }

    /// Rows of the list or text area between the title and status bars.
    pub fn body_height(&self) -> usize {
        usize::from(self.height.saturating_sub(CHROME_ROWS))
    }

    /// The width articles are wrapped to.
    pub fn reading_width(&self) -> u16 {
        self.width.saturating_sub(2).clamp(20, MAX_READING_WIDTH)
    }

    /// The key context: the help and prompts take keys before the screen does.
    pub fn context(&self) -> Context {
        self.screen.context()
    }

    /// Applies one action; returns what must happen outside.
    pub fn update(&mut self, action: Action) -> Vec<Effect> {
        match action {
            Action::Command(command) => self.command(command),
            Action::OpenLink(number) => self.open_link(number),
            Action::Prompt(input) => self.prompt_input(input),
            Action::Resize { width, height } => self.resize(width, height),
            Action::Wheel(lines) => {
                let motion = if lines > 0 { Motion::Down } else { Motion::Up };
                (0..lines.unsigned_abs())
                    .flat_map(|_| self.motion(motion))
                    .collect()
            }
            Action::FeedsLoaded(feeds) => {
                self.set_feeds(feeds);
                vec![]
            }
            Action::ItemsLoaded { source, items } => self.items_loaded(source, items),
            Action::ArticleProgress { item_id, stage } => self.article_progress(item_id, stage),
            Action::ArticleLoaded {
                item_id,
                width,
                result,
            } => self.article_loaded(item_id, width, result),
            Action::ThreadLoaded { item_id, result } => self.thread_loaded(item_id, result),
            Action::ThreadRefreshed { item_id, result } => self.thread_refreshed(item_id, result),
            Action::DiscussionsFound {
                item_id,
                found,
                failure,
            } => self.discussions_found(item_id, found, failure),
            Action::DiscussionsDone { item_id } => self.discussions_done(item_id),
            Action::DiscussionLoaded { item_id, url, result } => {
                self.discussion_loaded(item_id, &url, result, false)
            }
            Action::DiscussionRefreshed { item_id, url, result } => {
                self.discussion_loaded(item_id, &url, result, true)
            }
            Action::ThreadProgress { item_id, stage } => self.thread_progress(item_id, stage),
            Action::DiscussionProgress { item_id, url, stage } => {
                self.discussion_progress(item_id, &url, stage)
            }
            Action::RefreshProgress { done, total } => {
                self.status.refresh = Some((done, total));
                vec![]
            }
            Action::RefreshFinished { summary, failed } => {
                self.status.refresh = None;
                self.status.message = Some(summary);
                self.status.error = failed.first().cloned();
                let mut effects = vec![Effect::LoadFeeds, Effect::IndexSearch];
                if let Some(pane) = &self.items {
                    effects.push(Effect::LoadItems {
                        source: pane.source.clone(),
                        order: self.item_order,
                    });
                }
                effects
            }
            Action::FeedAdded(Ok(title)) => {
                self.status.message = Some(format!("subscribed to {title}"));
                self.status.error = None;
                vec![Effect::LoadFeeds, Effect::IndexSearch]
            }
            Action::FeedRemoved(url) => {
                self.status.message = Some(format!("removed {url}"));
                self.status.error = None;
                vec![Effect::LoadFeeds]
            }
            Action::DownloadQueued { url, name } => self.download_queued(url, name),
            Action::DownloadProgress { url, done, total } => self.download_progress(&url, done, total),
            Action::DownloadFinished { url, result } => self.download_finished(&url, result),
            Action::PictureLoaded {
                item_id,
                index,
                generation,
                result,
            } => self.picture_loaded(item_id, index, generation, result),
            Action::FeedAdded(Err(message)) | Action::Failed(message) => {
                self.status.error = Some(message);
                vec![]
            }
        }
    }

    fn command(&mut self, command: Command) -> Vec<Effect> {
        if self.help {
            // Movement scrolls the help; any other key closes it (Quit still quits).
            match motion_of(command) {
                Some(Motion::Down | Motion::HalfPageDown | Motion::PageDown) => self.help_scroll += 1,
                Some(Motion::Up | Motion::HalfPageUp | Motion::PageUp) => {
                    self.help_scroll = self.help_scroll.saturating_sub(1);
                }
                Some(Motion::Top) => self.help_scroll = 0,
                _ => {
                    self.help = false;
                    self.should_quit = command == Command::Quit;
                }
            }
            return vec![];
        }
        if self.screen == Screen::Thread
            && let Some(effects) = self.chooser_command(command)
        {
            return effects;
        }
        if let Some(motion) = motion_of(command) {
            return self.motion(motion);
        }
        match (self.screen, command) {
            (_, Command::Quit) => {
                self.should_quit = true;
                vec![]
            }
            (_, Command::Suspend) => vec![Effect::Suspend],
            (_, Command::Help) => {
                self.help = true;
                self.help_scroll = 0;
                vec![]
            }
            (_, Command::RefreshAll) => self.refresh(None),
            (_, Command::Back) => self.back(),
            (Screen::Feeds, Command::Open) => self.open_feed_row(),
            (Screen::Items, Command::Open) => self.open_item(),
            (Screen::Feeds | Screen::Items, Command::ToggleOrder) => self.toggle_item_order(),
            (Screen::Feeds, Command::NextUnread) => self.jump_feed_unread(true),
            (Screen::Feeds, Command::PrevUnread) => self.jump_feed_unread(false),
            (Screen::Items, Command::NextUnread) => self.jump_item_unread(true),
            (Screen::Items, Command::PrevUnread) => self.jump_item_unread(false),
            (Screen::Feeds | Screen::Items, Command::Search) | (Screen::Article, Command::Search) => {
                self.open_prompt(PromptKind::Search)
            }
            (Screen::Feeds, Command::AddFeed) | (Screen::Items, Command::AddFeed) => {
                self.open_prompt(PromptKind::AddFeed)
            }
            (Screen::Feeds, Command::RemoveFeed) => match self.selected_feed() {
                Some(feed) => {
                    let kind = PromptKind::ConfirmRemove {
                        feed_id: feed.id,
                        title: feed.title.clone(),
                    };
                    self.open_prompt(kind)
                }
                None => vec![],
            },
            (Screen::Feeds, Command::RefreshFeed) => match self.selected_feed() {
                Some(feed) => self.refresh(Some(vec![feed.id])),
                None => self.refresh(None),
            },
            (Screen::Items, Command::RefreshFeed) => match &self.items {
                Some(ItemsPane {
                    source: ItemSource::Feed { id, .. },
                    ..
                }) => self.refresh(Some(vec![*id])),
                _ => self.refresh(None),
            },
            (Screen::Feeds, Command::MarkFeedRead) => match self.selected_feed().map(|f| f.id) {
                Some(feed_id) => self.mark_feed_read(feed_id),
                None => vec![],
            },
            (Screen::Items, Command::MarkFeedRead) => match &self.items {
                Some(ItemsPane {
                    source: ItemSource::Feed { id, .. },
                    ..
                }) => self.mark_feed_read(*id),
                _ => vec![],
            },
            (Screen::Items | Screen::Article, Command::ToggleRead) => self.toggle_read(),
            (Screen::Items | Screen::Article, Command::ToggleStar) => self.toggle_star(),
            (Screen::Items | Screen::Article, Command::OpenBrowser) => self.use_item_link(Use::Open),
            (Screen::Article, Command::CopyUrl) => self.use_item_link(Use::Copy),
            (Screen::Article, Command::NextMatch) => self.step_match(true),
            (Screen::Article, Command::PrevMatch) => self.step_match(false),
            (Screen::Article, Command::FollowLink) => self.open_prompt(PromptKind::FollowLink),
            (Screen::Article | Screen::Items, Command::Comments) => self.open_thread(),
            (Screen::Article | Screen::Items, Command::PlayEnclosure) => self.play_enclosure(),
            (Screen::Article | Screen::Items, Command::DownloadEnclosure) => self.download_enclosure(),
            (Screen::Article, Command::LoadImage | Command::Open) => self.load_picture_in_view(),
            (Screen::Thread, Command::OpenBrowser) => self.use_thread_link(Use::Open),
            (Screen::Thread, Command::CopyUrl) => self.use_thread_link(Use::Copy),
            (Screen::Thread, Command::NextDiscussion) => self.switch_discussion(true),
            (Screen::Thread, Command::PrevDiscussion) => self.switch_discussion(false),
            (Screen::Thread, Command::Comments) => self.reopen_chooser(),
            (Screen::Thread, command) => {
                let (height, width) = (self.body_height(), usize::from(self.width));
                if let Some(pane) = self.thread.as_mut() {
                    pane.command(command, height, width);
                    if command == Command::ToggleLayout {
                        self.thread_layout = pane.layout;
                        self.status.message = Some(format!("comments: {}", pane.layout.name()));
                    }
                }
                vec![]
            }
            _ => vec![],
        }
    }

    fn motion(&mut self, motion: Motion) -> Vec<Effect> {
        let (height, width) = (self.body_height(), usize::from(self.width));
        match self.screen {
            Screen::Feeds => {
                let before = self.feed_cursor.selected;
                self.feed_cursor.apply(motion, self.feed_rows.len(), height);
                // Tag headings are labels, not stops: step over them in the direction of travel.
                if matches!(
                    self.feed_rows.get(self.feed_cursor.selected),
                    Some(FeedRow::Tag(_))
                ) {
                    let down = self.feed_cursor.selected >= before;
                    let next = if down {
                        self.feed_cursor.selected + 1
                    } else {
                        self.feed_cursor.selected.saturating_sub(1)
                    };
                    self.feed_cursor.select(next, self.feed_rows.len(), height);
                }
            }
            Screen::Items => {
                if let Some(pane) = self.items.as_mut() {
                    pane.cursor.apply(motion, pane.entries.len(), height);
                }
            }
            Screen::Article => {
                if let Some(pane) = self.article.as_mut() {
                    pane.scroll.apply(motion, pane.doc.lines.len(), height);
                }
                return self.auto_pictures();
            }
            Screen::Thread => {
                if let Some(pane) = self.thread.as_mut() {
                    pane.motion(motion, height, width);
                }
            }
        }
        vec![]
    }

    fn back(&mut self) -> Vec<Effect> {
        match self.screen {
            Screen::Feeds => {
                self.should_quit = true;
                vec![]
            }
            Screen::Items => {
                self.screen = Screen::Feeds;
                self.items = None;
                vec![Effect::LoadFeeds]
            }
            Screen::Article => {
                self.screen = Screen::Items;
                // Leaving stops the page's fetch and extraction if they still run, and its pictures.
                self.forget_pictures();
                let item_id = self.article.take().map(|pane| pane.item.id);
                item_id
                    .map(|item_id| Effect::StopLoading(Load::Article(item_id)))
                    .into_iter()
                    .collect()
            }
            Screen::Thread => {
                self.screen = if self.article.is_some() {
                    Screen::Article
                } else {
                    Screen::Items
                };
                let item_id = self.thread.take().map(|pane| pane.item_id);
                item_id
                    .map(|item_id| Effect::StopLoading(Load::Thread(item_id)))
                    .into_iter()
                    .collect()
            }
        }
    }

    fn refresh(&mut self, feed_ids: Option<Vec<i64>>) -> Vec<Effect> {
        if self.status.refresh.is_some() {
            self.status.message = Some("a refresh is already running".into());
            return vec![];
        }
        let total = feed_ids.as_ref().map_or(self.feeds.len(), Vec::len);
        self.status.refresh = Some((0, total));
        vec![Effect::Refresh { feed_ids }]
    }

    fn resize(&mut self, width: u16, height: u16) -> Vec<Effect> {
        self.width = width;
        self.height = height;
        let body = self.body_height();
        self.feed_cursor.follow(self.feed_rows.len(), body);
        if let Some(pane) = self.items.as_mut() {
            pane.cursor.follow(pane.entries.len(), body);
        }
        let reading_width = self.reading_width();
        match self.article.as_mut() {
            // Text is wrapped to the width: a new width needs a new layout.
            Some(pane) if pane.width != reading_width => {
                pane.width = reading_width;
                vec![Effect::LoadArticle {
                    item_id: pane.item.id,
                    width: reading_width,
                }]
            }
            _ => vec![],
        }
    }
}

fn motion_of(command: Command) -> Option<Motion> {
    Some(match command {
        Command::Down => Motion::Down,
        Command::Up => Motion::Up,
        Command::PageDown => Motion::PageDown,
        Command::PageUp => Motion::PageUp,
        Command::HalfPageDown => Motion::HalfPageDown,
        Command::HalfPageUp => Motion::HalfPageUp,
        Command::Top => Motion::Top,
        Command::Bottom => Motion::Bottom,
        _ => return None,
    })
}

/// The next index after (or before) `from` for which `wanted` holds, wrapping around.
fn next_matching(len: usize, from: usize, forward: bool, wanted: impl Fn(usize) -> bool) -> Option<usize> {
    (1..=len)
        .map(|step| {
            if forward {
                (from + step) % len
            } else {
                (from + len * 2 - step) % len
            }
        })
        .find(|&i| wanted(i))
}

#[cfg(test)]
mod tests;
