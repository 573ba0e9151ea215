//! The article screen: its pane (the laid-out text, the scroll, a search in it) and its commands
//! (find, next and previous match; its links are opened in `open`).

use super::cursor::Scroll;
use super::doc::Doc;
use super::model::ItemEntry;
use super::{App, Effect, Loading};

#[derive(Debug, Clone, PartialEq)]
pub struct ArticlePane {
    pub item: ItemEntry,
    pub state: Loading,
    pub doc: Doc,
    pub width: u16,
    pub scroll: Scroll,
    pub search: Option<SearchState>,
    pub pictures: super::media::Pictures,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchState {
    pub query: String,
    /// Line indices that match.
    pub matches: Vec<usize>,
    /// Which match is current.
    pub current: usize,
}

impl App {
    pub(super) fn article_progress(&mut self, item_id: i64, stage: String) -> Vec<Effect> {
        if let Some(pane) = self.article.as_mut().filter(|p| p.item.id == item_id) {
            pane.state = Loading::InProgress(stage);
        }
        vec![]
    }

    /// An article laid out for the open pane at its width (one for another width is stale).
    pub(super) fn article_loaded(
        &mut self,
        item_id: i64,
        width: u16,
        result: Result<Doc, String>,
    ) -> Vec<Effect> {
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
                    // A new layout has no room made for pictures yet: they are asked for again.
                    pane.pictures = super::media::Pictures {
                        states: vec![super::media::PictureState::Idle; pane.doc.images.len()],
                        shown: Vec::new(),
                    };
                }
                Err(message) => pane.state = Loading::Failed(message),
            }
            return self.auto_pictures();
        }
        vec![]
    }

    pub(super) fn search_article(&mut self, query: String) -> Vec<Effect> {
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

    pub(super) fn step_match(&mut self, forward: bool) -> Vec<Effect> {
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
}
