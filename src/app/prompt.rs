//! The one-line prompt (search, add a feed, confirm a removal, a link number): typing into it, and
//! what submitting each kind does.

use super::model::ItemSource;
use super::{App, Effect, PromptInput, Screen};

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

impl App {
    pub(super) fn open_prompt(&mut self, kind: PromptKind) -> Vec<Effect> {
        self.prompt = Some(Prompt {
            kind,
            input: String::new(),
        });
        vec![]
    }

    pub(super) fn prompt_input(&mut self, input: PromptInput) -> Vec<Effect> {
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

    pub(super) fn submit(&mut self, prompt: Prompt) -> Vec<Effect> {
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
}
