//! What can happen to the app (actions, from keys, timers and background work) and what the app
//! asks the outside world to do (effects, run by the effect runner, which reports back by action).

use tokio::sync::mpsc::UnboundedSender;

use crate::config::Command;
use crate::links::WebLink;
use crate::media::picture::Picture;
use crate::store::ItemOrder;

use super::doc::Doc;
use super::inflight::Load;
use super::model::{FeedEntry, ItemEntry, ItemSource};
use super::thread_doc::LoadedThread;
use crate::discussions::DiscussionLink;

/// Keystrokes while a prompt (search, add feed, confirm) is open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PromptInput {
    Char(char),
    Backspace,
    Submit,
    Cancel,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// A bound key.
    Command(Command),
    /// A digit key on the article: open link N (1-based).
    OpenLink(usize),
    /// Typing into the open prompt.
    Prompt(PromptInput),
    /// The terminal changed size.
    Resize {
        width: u16,
        height: u16,
    },
    /// Mouse wheel: positive scrolls down.
    Wheel(i32),
    /// Background results.
    FeedsLoaded(Vec<FeedEntry>),
    ItemsLoaded {
        source: ItemSource,
        items: Vec<ItemEntry>,
    },
    ArticleProgress {
        item_id: i64,
        stage: String,
    },
    ArticleLoaded {
        item_id: i64,
        width: u16,
        result: Result<Doc, String>,
    },
    ThreadLoaded {
        item_id: i64,
        result: Result<LoadedThread, String>,
    },
    /// The thread as it is now, fetched again because the cached one shown was old.
    ThreadRefreshed {
        item_id: i64,
        result: Result<LoadedThread, String>,
    },
    /// Some discussions of an item's article, as one source answered, or why it could not.
    DiscussionsFound {
        item_id: i64,
        found: Vec<DiscussionLink>,
        failure: Option<String>,
    },
    /// Every source of an item's discussions has answered.
    DiscussionsDone {
        item_id: i64,
    },
    /// The thread of one discussion (`url`, its address) of an item's article.
    DiscussionLoaded {
        item_id: i64,
        url: String,
        result: Result<LoadedThread, String>,
    },
    /// That thread as it is now, fetched again because the cached one shown was old.
    DiscussionRefreshed {
        item_id: i64,
        url: String,
        result: Result<LoadedThread, String>,
    },
    /// How a slow thread load goes ("comments 120/450").
    ThreadProgress {
        item_id: i64,
        stage: String,
    },
    /// How a slow discussion load goes (Hacker News read item by item).
    DiscussionProgress {
        item_id: i64,
        url: String,
        stage: String,
    },
    RefreshProgress {
        done: usize,
        total: usize,
    },
    RefreshFinished {
        summary: String,
        failed: Vec<String>,
    },
    FeedAdded(Result<String, String>),
    /// The feed at this URL was unsubscribed.
    FeedRemoved(String),
    /// A download waits for a free slot (`name`: the file it becomes).
    DownloadQueued {
        url: String,
        name: String,
    },
    DownloadProgress {
        url: String,
        done: u64,
        total: Option<u64>,
    },
    /// Where the download was saved, or why it was not.
    DownloadFinished {
        url: String,
        result: Result<String, String>,
    },
    /// A picture of the open article, ready to draw, or why not.
    PictureLoaded {
        item_id: i64,
        index: usize,
        generation: u64,
        result: Result<Picture, String>,
    },
    /// Something in the background failed; shown in the status bar.
    Failed(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    LoadFeeds,
    /// Add the items stored since last time to full-text search, in small batches in the
    /// background, so a search finds them without waiting.
    IndexSearch,
    LoadItems {
        source: ItemSource,
        order: ItemOrder,
    },
    LoadArticle {
        item_id: i64,
        width: u16,
    },
    /// Load (fetching when not cached) the comment thread of an item, and record its comments as seen.
    LoadThread {
        item_id: i64,
    },
    /// Fetch the item's thread again (the cached one shown is old) and record its comments seen.
    RefreshThread {
        item_id: i64,
    },
    /// Ask every site about the item's article, and look at its page and its comments link;
    /// each answer comes back as it arrives.
    FindDiscussions {
        item_id: i64,
    },
    /// Load (fetching when not cached) one discussion's thread; its comments are recorded seen.
    LoadDiscussion {
        item_id: i64,
        url: String,
    },
    /// Fetch one discussion's thread again (the cached one shown is old).
    RefreshDiscussion {
        item_id: i64,
        url: String,
    },
    SetRead {
        item_id: i64,
        read: bool,
    },
    SetStarred {
        item_id: i64,
        starred: bool,
    },
    MarkFeedRead {
        feed_id: i64,
    },
    Refresh {
        feed_ids: Option<Vec<i64>>,
    },
    AddFeed {
        url: String,
    },
    RemoveFeed {
        feed_id: i64,
    },
    /// Start the browser on a web address the link policy let through.
    OpenBrowser {
        url: WebLink,
    },
    CopyToClipboard {
        text: String,
    },
    /// The user left what this loads: stop fetching and extracting it (an article's pictures
    /// too), and send nothing back.
    StopLoading(Load),
    /// Start the player on the item's main enclosure (the link policy checks it first).
    PlayEnclosure {
        item_id: i64,
    },
    /// Queue the item's main enclosure for download.
    DownloadEnclosure {
        item_id: i64,
    },
    /// Fetch, check, decode and scale picture `index` of the open article to fit `max` cells.
    LoadPicture {
        item_id: i64,
        index: usize,
        url: String,
        generation: u64,
        max: ratatui::layout::Size,
    },
    /// Give the terminal back and stop as the shell's job until `fg` (the terminal's own effect).
    Suspend,
}

/// Carries out effects, reporting results back as actions on `reply`. It must not block: slow work
/// goes to a task.
pub trait EffectRunner {
    fn run(&mut self, effect: Effect, reply: &UnboundedSender<Action>);

    /// The terminal is in raw mode on the alternate screen, and no events are read yet: the
    /// moment to ask it how it draws pictures.
    fn terminal_ready(&mut self) {}
}
