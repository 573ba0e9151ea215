//! Where folio keeps things, and what the user configured: paths, settings, keys, themes.
//! Nothing here touches the database, the network or the terminal.

pub mod discussions;
pub mod keymap;
pub mod media;
pub mod paths;
pub mod settings;
pub mod theme;

pub use discussions::ThreadLayout;
pub use keymap::{Command, Context, Keymap};
pub use paths::Paths;
pub use settings::Settings;
pub use theme::{Element, Theme};
