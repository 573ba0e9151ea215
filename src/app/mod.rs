//! The application state and its one `update` function: an action in, the state changed, effects
//! out. Nothing here draws, touches the terminal, the store or the network, so every behaviour of
//! the interface can be tested by feeding actions and looking at the state.

pub mod action;
pub mod cursor;
pub mod doc;
pub mod model;
pub mod runner;
pub mod thread;

use crate::config::{Command, Context};
use crate::store::ItemOrder;

pub use action::{Action, Effect, EffectRunner, LoadedThread, PromptInput};
use cursor::{Cursor, Motion, Scroll};
use doc::Doc;
use model::{FeedEntry, FeedRow, ItemEntry, ItemSource, feed_rows};
use thread::ThreadPane;

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
pub struct ItemsPane {
    pub source: ItemSource,
    pub entries: Vec<ItemEntry>,
    pub cursor: Cursor,
    pub loading: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Loading {
    /// Fetching or extracting; the stage says which.
    InProgress(String),
    Ready,
    Failed(String),
}

#[derive(Debug, Clone, PartialEq)]
pub struct ArticlePane {
    pub item: ItemEntry,
    pub state: Loading,
    pub doc: Doc,
    pub width: u16,
    pub scroll: Scroll,
    pub search: Option<SearchState>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchState {
    pub query: String,
    /// Line indices that match.
    pub matches: Vec<usize>,
    /// Which match is current.
    pub current: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PromptKind {
    Search,
    AddFeed,
    ConfirmRemove { feed_id: i64, title: String },
    FollowLink,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prompt {
    pub kind: PromptKind,
    pub input: String,
}

impl Prompt {
    pub fn label(&self) -> String {
        match &self.kind {
            PromptKind::Search => "Search: ".into(),
            PromptKind::AddFeed => "Add feed (URL of a feed or a site): ".into(),
            PromptKind::ConfirmRemove { title, .. } => format!("Remove {title}? (y/n) "),
            PromptKind::FollowLink => "Open link number: ".into(),
        }
    }
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

    pub fn selected_feed(&self) -> Option<&FeedEntry> {
        match self.feed_rows.get(self.feed_cursor.selected)? {
            FeedRow::Feed(index) => self.feeds.get(*index),
            _ => None,
        }
    }

    pub fn selected_item(&self) -> Option<&ItemEntry> {
        let pane = self.items.as_ref()?;
        pane.entries.get(pane.cursor.selected)
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
            Action::ItemsLoaded { source, items } => {
                let height = self.body_height();
                if let Some(pane) = self.items.as_mut().filter(|p| p.source == source) {
                    let keep = pane.entries.get(pane.cursor.selected).map(|i| i.id);
                    pane.entries = items;
                    pane.loading = false;
                    let row = keep
                        .and_then(|id| pane.entries.iter().position(|i| i.id == id))
                        .unwrap_or(0);
                    pane.cursor.select(row, pane.entries.len(), height);
                }
                vec![]
            }
            Action::ArticleProgress { item_id, stage } => {
                if let Some(pane) = self.article.as_mut().filter(|p| p.item.id == item_id) {
                    pane.state = Loading::InProgress(stage);
                }
                vec![]
            }
            Action::ArticleLoaded {
                item_id,
                width,
                result,
            } => {
                if let Some(pane) = self
                    .article
                    .as_mut()
                    .filter(|p| p.item.id == item_id && p.width == width)
                {
                    match result {
                        Ok(doc) => {
                            pane.doc = doc;
                            pane.state = Loading::Ready;
                            let len = pane.doc.lines.len();
                            pane.scroll.top = pane.scroll.top.min(len.saturating_sub(1));
                        }
                        Err(message) => pane.state = Loading::Failed(message),
                    }
                }
                vec![]
            }
            Action::ThreadLoaded { item_id, result } => {
                let height = self.body_height();
                if let Some(pane) = self.thread.as_mut().filter(|p| p.item_id == item_id) {
                    match result {
                        Ok(loaded) => {
                            pane.seen = loaded.seen;
                            pane.doc = Some(*loaded.doc);
                            pane.state = Loading::Ready;
                            pane.cursor.select(
                                0,
                                pane.doc.as_ref().map_or(0, |d| d.view.rows().len()),
                                thread::list_height(height),
                            );
                        }
                        Err(message) => pane.state = Loading::Failed(message),
                    }
                }
                vec![]
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
        if let Some(motion) = motion_of(command) {
            return self.motion(motion);
        }
        match (self.screen, command) {
            (_, Command::Quit) => {
                self.should_quit = true;
                vec![]
            }
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
            (Screen::Items | Screen::Article, Command::OpenBrowser) => {
                let link = match self.screen {
                    Screen::Article => self.article.as_ref().and_then(|a| a.item.link.clone()),
                    _ => self.selected_item().and_then(|i| i.link.clone()),
                };
                link.map(|url| vec![Effect::OpenBrowser { url }])
                    .unwrap_or_default()
            }
            (Screen::Article, Command::CopyUrl) => {
                let link = self.article.as_ref().and_then(|a| a.item.link.clone());
                match link {
                    Some(text) => {
                        self.status.message = Some("URL copied".into());
                        vec![Effect::CopyToClipboard { text }]
                    }
                    None => vec![],
                }
            }
            (Screen::Article, Command::NextMatch) => self.step_match(true),
            (Screen::Article, Command::PrevMatch) => self.step_match(false),
            (Screen::Article, Command::FollowLink) => self.open_prompt(PromptKind::FollowLink),
            (Screen::Article | Screen::Items, Command::Comments) => self.open_thread(),
            (Screen::Thread, Command::OpenBrowser | Command::CopyUrl) => {
                let url = self
                    .thread
                    .as_ref()
                    .and_then(|t| t.doc.as_ref())
                    .and_then(|d| d.url.clone());
                match (url, command) {
                    (Some(url), Command::OpenBrowser) => vec![Effect::OpenBrowser { url }],
                    (Some(text), _) => {
                        self.status.message = Some("URL copied".into());
                        vec![Effect::CopyToClipboard { text }]
                    }
                    (None, _) => vec![],
                }
            }
            (Screen::Thread, command) => {
                let height = self.body_height();
                if let Some(pane) = self.thread.as_mut() {
                    pane.command(command, height);
                }
                vec![]
            }
            _ => vec![],
        }
    }

    fn motion(&mut self, motion: Motion) -> Vec<Effect> {
        let height = self.body_height();
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
            }
            Screen::Thread => {
                if let Some(pane) = self.thread.as_mut() {
                    pane.motion(motion, height);
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
                self.article = None;
                vec![]
            }
            Screen::Thread => {
                self.screen = if self.article.is_some() {
                    Screen::Article
                } else {
                    Screen::Items
                };
                self.thread = None;
                vec![]
            }
        }
    }

    fn open_feed_row(&mut self) -> Vec<Effect> {
        let source = match self.feed_rows.get(self.feed_cursor.selected) {
            Some(FeedRow::AllUnread { .. }) => ItemSource::AllUnread,
            Some(FeedRow::Starred) => ItemSource::Starred,
            Some(FeedRow::Feed(index)) => match self.feeds.get(*index) {
                Some(feed) => ItemSource::Feed {
                    id: feed.id,
                    title: feed.title.clone(),
                },
                None => return vec![],
            },
            Some(FeedRow::Tag(_)) | None => return vec![],
        };
        self.show_items(source)
    }

    fn show_items(&mut self, source: ItemSource) -> Vec<Effect> {
        self.screen = Screen::Items;
        self.items = Some(ItemsPane {
            source: source.clone(),
            entries: Vec::new(),
            cursor: Cursor::default(),
            loading: true,
        });
        vec![Effect::LoadItems {
            source,
            order: self.item_order,
        }]
    }

    /// Switches the item lists between newest first and unread first, and reloads the open one.
    fn toggle_item_order(&mut self) -> Vec<Effect> {
        self.item_order = match self.item_order {
            ItemOrder::NewestFirst => ItemOrder::UnreadFirst,
            ItemOrder::UnreadFirst => ItemOrder::NewestFirst,
        };
        self.status.message = Some(format!("items: {}", order_name(self.item_order)));
        match &self.items {
            Some(pane) if !matches!(pane.source, ItemSource::Search { .. }) => vec![Effect::LoadItems {
                source: pane.source.clone(),
                order: self.item_order,
            }],
            _ => vec![],
        }
    }

    fn open_item(&mut self) -> Vec<Effect> {
        let width = self.reading_width();
        let Some(pane) = self.items.as_mut() else {
            return vec![];
        };
        let Some(item) = pane.entries.get_mut(pane.cursor.selected) else {
            return vec![];
        };
        let was_unread = !item.read;
        item.read = true;
        let item = item.clone();
        let mut effects = vec![Effect::LoadArticle {
            item_id: item.id,
            width,
        }];
        if was_unread {
            effects.push(Effect::SetRead {
                item_id: item.id,
                read: true,
            });
            self.adjust_unread(item.feed_id, -1);
        }
        self.article = Some(ArticlePane {
            item,
            state: Loading::InProgress("loading".into()),
            doc: Doc::default(),
            width,
            scroll: Scroll::default(),
            search: None,
        });
        self.screen = Screen::Article;
        effects
    }

    fn open_thread(&mut self) -> Vec<Effect> {
        let item = match self.screen {
            Screen::Article => self.article.as_ref().map(|a| a.item.clone()),
            _ => self.selected_item().cloned(),
        };
        let Some(item) = item else { return vec![] };
        self.thread = Some(ThreadPane::loading(item.id, item.title.clone()));
        self.screen = Screen::Thread;
        vec![Effect::LoadThread { item_id: item.id }]
    }

    fn jump_feed_unread(&mut self, forward: bool) -> Vec<Effect> {
        let rows = &self.feed_rows;
        let feeds = &self.feeds;
        let is_unread =
            |row: &FeedRow| matches!(row, FeedRow::Feed(i) if feeds.get(*i).is_some_and(|f| f.unread > 0));
        let target = next_matching(rows.len(), self.feed_cursor.selected, forward, |i| {
            is_unread(&rows[i])
        });
        if let Some(row) = target {
            let len = self.feed_rows.len();
            self.feed_cursor.select(row, len, self.body_height());
        }
        vec![]
    }

    fn jump_item_unread(&mut self, forward: bool) -> Vec<Effect> {
        let height = self.body_height();
        if let Some(pane) = self.items.as_mut() {
            let entries = &pane.entries;
            if let Some(row) =
                next_matching(entries.len(), pane.cursor.selected, forward, |i| !entries[i].read)
            {
                pane.cursor.select(row, entries.len(), height);
            }
        }
        vec![]
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

    fn mark_feed_read(&mut self, feed_id: i64) -> Vec<Effect> {
        if let Some(feed) = self.feeds.iter_mut().find(|f| f.id == feed_id) {
            feed.unread = 0;
        }
        if let Some(pane) = self.items.as_mut() {
            pane.entries
                .iter_mut()
                .filter(|i| i.feed_id == feed_id)
                .for_each(|i| i.read = true);
        }
        self.feed_rows = feed_rows(&self.feeds);
        vec![Effect::MarkFeedRead { feed_id }]
    }

    /// The item the command applies to: the open article's, else the selected one.
    fn current_item_mut(&mut self) -> Option<&mut ItemEntry> {
        let id = match self.screen {
            Screen::Article => self.article.as_ref().map(|a| a.item.id),
            _ => self.selected_item().map(|i| i.id),
        }?;
        if let Some(article) = self.article.as_mut().filter(|a| a.item.id == id) {
            // Keep the list row and the article's copy in step.
            let (read, starred) = (article.item.read, article.item.starred);
            if let Some(row) = self
                .items
                .as_mut()
                .and_then(|p| p.entries.iter_mut().find(|i| i.id == id))
            {
                row.read = read;
                row.starred = starred;
            }
            return Some(&mut article.item);
        }
        self.items.as_mut()?.entries.iter_mut().find(|i| i.id == id)
    }

    fn toggle_read(&mut self) -> Vec<Effect> {
        let Some(item) = self.current_item_mut() else {
            return vec![];
        };
        item.read = !item.read;
        let (item_id, read, feed_id) = (item.id, item.read, item.feed_id);
        self.sync_list_row(item_id, |row| row.read = read);
        self.adjust_unread(feed_id, if read { -1 } else { 1 });
        vec![Effect::SetRead { item_id, read }]
    }

    fn toggle_star(&mut self) -> Vec<Effect> {
        let Some(item) = self.current_item_mut() else {
            return vec![];
        };
        item.starred = !item.starred;
        let (item_id, starred) = (item.id, item.starred);
        self.sync_list_row(item_id, |row| row.starred = starred);
        vec![Effect::SetStarred { item_id, starred }]
    }

    fn sync_list_row(&mut self, item_id: i64, change: impl FnOnce(&mut ItemEntry)) {
        if let Some(row) = self
            .items
            .as_mut()
            .and_then(|p| p.entries.iter_mut().find(|i| i.id == item_id))
        {
            change(row);
        }
    }

    fn adjust_unread(&mut self, feed_id: i64, delta: i64) {
        if let Some(feed) = self.feeds.iter_mut().find(|f| f.id == feed_id) {
            feed.unread = u32::try_from((i64::from(feed.unread) + delta).max(0)).unwrap_or(0);
        }
        self.feed_rows = feed_rows(&self.feeds);
    }

    fn open_link(&mut self, number: usize) -> Vec<Effect> {
        let Some(pane) = self.article.as_ref() else {
            return vec![];
        };
        match number.checked_sub(1).and_then(|i| pane.doc.links.get(i)) {
            Some(url) => vec![Effect::OpenBrowser { url: url.clone() }],
            None => {
                self.status.error = Some(format!("no link [{number}] in this article"));
                vec![]
            }
        }
    }

    fn open_prompt(&mut self, kind: PromptKind) -> Vec<Effect> {
        self.prompt = Some(Prompt {
            kind,
            input: String::new(),
        });
        vec![]
    }

    fn prompt_input(&mut self, input: PromptInput) -> Vec<Effect> {
        let Some(prompt) = self.prompt.as_mut() else {
            return vec![];
        };
        match input {
            PromptInput::Char(c) => {
                if let PromptKind::ConfirmRemove { feed_id, .. } = prompt.kind {
                    self.prompt = None;
                    return if c == 'y' || c == 'Y' {
                        self.remove_feed(feed_id)
                    } else {
                        vec![]
                    };
                }
                if !c.is_control() {
                    prompt.input.push(c);
                }
                vec![]
            }
            PromptInput::Backspace => {
                prompt.input.pop();
                vec![]
            }
            PromptInput::Cancel => {
                self.prompt = None;
                vec![]
            }
            PromptInput::Submit => match self.prompt.take() {
                Some(prompt) => self.submit(prompt),
                None => vec![],
            },
        }
    }

    fn submit(&mut self, prompt: Prompt) -> Vec<Effect> {
        let input = prompt.input.trim().to_string();
        match prompt.kind {
            PromptKind::Search if input.is_empty() => vec![],
            PromptKind::Search if self.screen == Screen::Article => self.search_article(input),
            PromptKind::Search => self.show_items(ItemSource::Search { query: input }),
            PromptKind::AddFeed if input.is_empty() => vec![],
            PromptKind::AddFeed => {
                self.status.message = Some(format!("adding {input}…"));
                vec![Effect::AddFeed { url: input }]
            }
            PromptKind::ConfirmRemove { .. } => vec![],
            PromptKind::FollowLink => match input.parse::<usize>() {
                Ok(number) => self.open_link(number),
                Err(_) => {
                    self.status.error = Some(format!("{input:?} is not a link number"));
                    vec![]
                }
            },
        }
    }

    fn remove_feed(&mut self, feed_id: i64) -> Vec<Effect> {
        let remaining = self.feeds.iter().filter(|f| f.id != feed_id).cloned().collect();
        self.set_feeds(remaining);
        vec![Effect::RemoveFeed { feed_id }]
    }

    fn search_article(&mut self, query: String) -> Vec<Effect> {
        let height = self.body_height();
        let Some(pane) = self.article.as_mut() else {
            return vec![];
        };
        let matches = pane.doc.find(&query);
        match matches.iter().position(|&line| line >= pane.scroll.top) {
            Some(current) => {
                pane.scroll.reveal(matches[current], pane.doc.lines.len(), height);
                pane.search = Some(SearchState {
                    query,
                    matches,
                    current,
                });
            }
            None if !matches.is_empty() => {
                pane.scroll.reveal(matches[0], pane.doc.lines.len(), height);
                pane.search = Some(SearchState {
                    query,
                    matches,
                    current: 0,
                });
            }
            None => {
                self.status.error = Some(format!("not found: {query}"));
                pane.search = None;
            }
        }
        vec![]
    }

    fn step_match(&mut self, forward: bool) -> Vec<Effect> {
        let height = self.body_height();
        let Some(pane) = self.article.as_mut() else {
            return vec![];
        };
        let Some(search) = pane.search.as_mut() else {
            return vec![];
        };
        let n = search.matches.len();
        if n == 0 {
            return vec![];
        }
        search.current = if forward {
            (search.current + 1) % n
        } else {
            (search.current + n - 1) % n
        };
        pane.scroll
            .reveal(search.matches[search.current], pane.doc.lines.len(), height);
        vec![]
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

    fn set_feeds(&mut self, feeds: Vec<FeedEntry>) {
        let keep = self.selected_feed().map(|f| f.id);
        self.feeds = feeds;
        self.feed_rows = feed_rows(&self.feeds);
        let row = keep
            .and_then(|id| {
                self.feed_rows
                    .iter()
                    .position(|r| matches!(r, FeedRow::Feed(i) if self.feeds[*i].id == id))
            })
            .unwrap_or(self.feed_cursor.selected);
        let len = self.feed_rows.len();
        self.feed_cursor.select(row, len, self.body_height());
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

/// How the title bar and status line name an order.
pub fn order_name(order: ItemOrder) -> &'static str {
    match order {
        ItemOrder::NewestFirst => "newest first",
        ItemOrder::UnreadFirst => "unread first",
    }
}
