//! Comment threads: every discussion as one tree.
//!
//! Pure functions only (callers fetch): the article page's HTML ([`from_page`]), the discussion
//! APIs of Hacker News, Lobsters and Reddit, and `wfw:commentRss` feeds all become a [`Thread`] of
//! nested [`Comment`]s. The view model ([`view::ThreadView`]) folds and walks it.
//!
//! No code here recurses on the depth of a thread: trees are built from flat lists
//! ([`tree`]), walked with explicit stacks, and bounded to [`model::MAX_DEPTH`].

pub mod api;
mod body_text;
pub mod cache;
mod date_parse;
mod html;
pub mod model;
pub mod render;
mod spacing;
mod tree;
pub mod view;

pub use api::{
    ApiError, ApiKind, ApiRequest, Discussion, Endpoints, FirebaseItem, Story, api_request,
    assemble_firebase, from_comment_feed, parse_discussion,
};
pub use html::{PageThread, ScriptLoaded, from_page, page_story};
pub use model::{Comment, Edited, LoadMore, Pingback, Source, Thread};
pub use view::{Row, ThreadView};
