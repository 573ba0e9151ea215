//! Key bindings: which key runs which command on which screen.
//!
//! The defaults are `keys.toml` (embedded); the user's `[keys.<context>]` tables in config.toml
//! rebind commands. The help screen is generated from the live keymap, so what `?` shows is what
//! the keys do.

use std::collections::BTreeMap;
use std::fmt;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use thiserror::Error;

const DEFAULT_KEYS: &str = include_str!("keys.toml");

/// Where a binding applies. A screen looks in its own context first, then in `Global`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Context {
    Global,
    List,
    Article,
    Thread,
}

impl Context {
    pub const ALL: [Context; 4] = [Context::Global, Context::List, Context::Article, Context::Thread];

    pub fn name(self) -> &'static str {
        match self {
            Context::Global => "global",
            Context::List => "list",
            Context::Article => "article",
            Context::Thread => "thread",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Context::Global => "Everywhere",
            Context::List => "Feeds and items",
            Context::Article => "Article",
            Context::Thread => "Thread",
        }
    }

    fn from_name(name: &str) -> Option<Context> {
        Context::ALL.into_iter().find(|c| c.name() == name)
    }
}

macro_rules! commands {
    ($($variant:ident => $name:literal, $desc:literal;)*) => {
        /// Everything a key can do.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Command { $($variant,)* }

        impl Command {
            pub const ALL: &'static [Command] = &[$(Command::$variant,)*];

            /// The name used in config files.
            pub fn name(self) -> &'static str {
                match self { $(Command::$variant => $name,)* }
            }

            /// What the help screen says it does.
            pub fn description(self) -> &'static str {
                match self { $(Command::$variant => $desc,)* }
            }
        }
    };
}

commands! {
    Quit => "quit", "quit folio";
    Suspend => "suspend", "suspend folio (the shell's fg brings it back)";
    Help => "help", "show this help";
    Back => "back", "go back (quit from the feed list)";
    RefreshAll => "refresh_all", "refresh all feeds";
    Down => "down", "move down";
    Up => "up", "move up";
    PageDown => "page_down", "one page down";
    PageUp => "page_up", "one page up";
    HalfPageDown => "half_page_down", "half a page down";
    HalfPageUp => "half_page_up", "half a page up";
    Top => "top", "go to the top";
    Bottom => "bottom", "go to the bottom";
    Open => "open", "open the selected feed or item";
    NextUnread => "next_unread", "next unread";
    PrevUnread => "prev_unread", "previous unread";
    Search => "search", "search";
    NextMatch => "next_match", "next search match";
    PrevMatch => "prev_match", "previous search match";
    RefreshFeed => "refresh_feed", "refresh this feed";
    ToggleRead => "toggle_read", "mark read / unread";
    MarkFeedRead => "mark_feed_read", "mark the whole feed read";
    ToggleStar => "toggle_star", "star / unstar";
    OpenBrowser => "open_browser", "open in $BROWSER";
    AddFeed => "add_feed", "add a feed (a site URL works)";
    RemoveFeed => "remove_feed", "remove the selected feed";
    ToggleOrder => "toggle_order", "items: newest first / unread first";
    FollowLink => "follow_link", "open link number… (1-9 open directly)";
    CopyUrl => "copy_url", "copy the URL (OSC 52)";
    Comments => "comments", "open the comment thread";
    ToggleFold => "toggle_fold", "fold / unfold the comment";
    Parent => "parent", "go to the parent (fold when there)";
    Unfold => "unfold", "unfold the comment";
    NextSibling => "next_sibling", "next sibling";
    PrevSibling => "prev_sibling", "previous sibling";
    NextThread => "next_thread", "next top-level thread";
    PrevThread => "prev_thread", "previous top-level thread";
    FoldAll => "fold_all", "fold everything to the top level";
    UnfoldAll => "unfold_all", "unfold everything";
    NextNew => "next_new", "next comment new since the last visit";
    ToggleLayout => "toggle_layout", "comments inline / one line each with the text below";
    NextDiscussion => "next_discussion", "next discussion of the article (HN, Lobsters, Reddit...)";
    PrevDiscussion => "prev_discussion", "previous discussion of the article";
    PlayEnclosure => "play_enclosure", "play the podcast episode or video ([media] player)";
    DownloadEnclosure => "download_enclosure", "download the enclosure";
    LoadImage => "load_image", "show the picture in view ([media] images)";
}

impl Command {
    fn from_name(name: &str) -> Option<Command> {
        Command::ALL.iter().copied().find(|c| c.name() == name)
    }
}

/// One key with its modifiers, normalised so that `J` matches whether or not the terminal also
/// reports SHIFT.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Key {
    code: KeyCodeOrd,
    ctrl: bool,
    alt: bool,
}

/// `KeyCode` is not `Ord`; this is the part of it we bind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum KeyCodeOrd {
    Char(char),
    F(u8),
    Named(&'static str),
}

const NAMED_KEYS: &[(&str, KeyCode)] = &[
    ("enter", KeyCode::Enter),
    ("esc", KeyCode::Esc),
    ("tab", KeyCode::Tab),
    ("backtab", KeyCode::BackTab),
    ("backspace", KeyCode::Backspace),
    ("delete", KeyCode::Delete),
    ("up", KeyCode::Up),
    ("down", KeyCode::Down),
    ("left", KeyCode::Left),
    ("right", KeyCode::Right),
    ("home", KeyCode::Home),
    ("end", KeyCode::End),
    ("pageup", KeyCode::PageUp),
    ("pagedown", KeyCode::PageDown),
];

impl Key {
    /// The binding a key event matches, if it is a key we bind at all.
    pub fn from_event(event: &KeyEvent) -> Option<Key> {
        let code = match event.code {
            KeyCode::Char(' ') => KeyCodeOrd::Named("space"),
            KeyCode::Char(c) => KeyCodeOrd::Char(c),
            KeyCode::F(n) => KeyCodeOrd::F(n),
            other => KeyCodeOrd::Named(NAMED_KEYS.iter().find(|(_, code)| *code == other)?.0),
        };
        Some(Key {
            code,
            ctrl: event.modifiers.contains(KeyModifiers::CONTROL),
            alt: event.modifiers.contains(KeyModifiers::ALT),
        })
    }

    /// Parses `j`, `J`, `ctrl-d`, `alt-enter`, `pagedown`, `space`, `f5`.
    pub fn parse(text: &str) -> Result<Key, String> {
        let mut rest = text;
        let (mut ctrl, mut alt) = (false, false);
        loop {
            if let Some(r) = rest.strip_prefix("ctrl-").filter(|r| !r.is_empty()) {
                ctrl = true;
                rest = r;
            } else if let Some(r) = rest.strip_prefix("alt-").filter(|r| !r.is_empty()) {
                alt = true;
                rest = r;
            } else {
                break;
            }
        }
        let mut chars = rest.chars();
        let code = match (chars.next(), chars.next()) {
            (Some(c), None) => KeyCodeOrd::Char(c),
            _ if rest == "space" => KeyCodeOrd::Named("space"),
            _ => {
                if let Some(n) = rest.strip_prefix('f').and_then(|n| n.parse::<u8>().ok()) {
                    KeyCodeOrd::F(n)
                } else {
                    let named = NAMED_KEYS.iter().find(|(name, _)| *name == rest).ok_or_else(|| {
                        format!("{text:?} is not a key: use a character, or enter, esc, space, tab, up, down, left, right, home, end, pageup, pagedown, f1-f12, with ctrl-/alt- prefixes")
                    })?;
                    KeyCodeOrd::Named(named.0)
                }
            }
        };
        Ok(Key { code, ctrl, alt })
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.ctrl {
            f.write_str("ctrl-")?;
        }
        if self.alt {
            f.write_str("alt-")?;
        }
        match self.code {
            KeyCodeOrd::Char(c) => write!(f, "{c}"),
            KeyCodeOrd::F(n) => write!(f, "f{n}"),
            KeyCodeOrd::Named(name) => f.write_str(name),
        }
    }
}

#[derive(Debug, Error, PartialEq)]
pub enum KeymapError {
    #[error("[keys]: unknown context {0:?}; use global, list, article or thread")]
    UnknownContext(String),
    #[error("[keys.{context}]: unknown command {command:?}; see the help screen (?) for command names")]
    UnknownCommand { context: String, command: String },
    #[error("[keys.{context}] {command}: {message}")]
    BadKey {
        context: String,
        command: String,
        message: String,
    },
}

/// Key bindings per context: the defaults with the user's changes applied.
#[derive(Debug, Clone)]
pub struct Keymap {
    bindings: BTreeMap<(Context, Key), Command>,
}

/// User overrides as they appear in config.toml: context -> command -> keys.
pub type KeyOverrides = BTreeMap<String, BTreeMap<String, Vec<String>>>;

impl Keymap {
    /// The default bindings with `overrides` applied: a command named in an override loses its
    /// default keys in that context, and a key the user binds is taken from whatever had it.
    pub fn new(overrides: &KeyOverrides) -> Result<Keymap, KeymapError> {
        let defaults: KeyOverrides = toml::from_str(DEFAULT_KEYS).map_err(|e| KeymapError::BadKey {
            context: "built-in".into(),
            command: "keys.toml".into(),
            message: e.to_string(),
        })?;
        let mut keymap = Keymap {
            bindings: BTreeMap::new(),
        };
        keymap.apply(&defaults)?;
        keymap.apply(overrides)?;
        Ok(keymap)
    }

    fn apply(&mut self, table: &KeyOverrides) -> Result<(), KeymapError> {
        for (context_name, commands) in table {
            let context = Context::from_name(context_name)
                .ok_or_else(|| KeymapError::UnknownContext(context_name.clone()))?;
            for (command_name, keys) in commands {
                let command =
                    Command::from_name(command_name).ok_or_else(|| KeymapError::UnknownCommand {
                        context: context_name.clone(),
                        command: command_name.clone(),
                    })?;
                self.bindings
                    .retain(|(ctx, _), cmd| !(*ctx == context && *cmd == command));
                for key in keys {
                    let key = Key::parse(key).map_err(|message| KeymapError::BadKey {
                        context: context_name.clone(),
                        command: command_name.clone(),
                        message,
                    })?;
                    self.bindings.insert((context, key), command);
                }
            }
        }
        Ok(())
    }

    /// The command `event` runs in `context` (falling back to the global bindings).
    pub fn lookup(&self, context: Context, event: &KeyEvent) -> Option<Command> {
        let key = Key::from_event(event)?;
        self.bindings
            .get(&(context, key))
            .or_else(|| self.bindings.get(&(Context::Global, key)))
            .copied()
    }

    /// The keys that run `command` in `context`: its own bindings, else the global ones.
    pub fn keys_for(&self, context: Context, command: Command) -> Vec<Key> {
        let bound_in = |wanted: Context| -> Vec<Key> {
            (self.bindings.iter())
                .filter(|((ctx, _), cmd)| *ctx == wanted && **cmd == command)
                .map(|((_, key), _)| *key)
                .collect()
        };
        let own = bound_in(context);
        if own.is_empty() {
            bound_in(Context::Global)
        } else {
            own
        }
    }

    /// Every binding of `context`, grouped by command in the order of [`Command::ALL`]: what the
    /// help screen shows.
    pub fn describe(&self, context: Context) -> Vec<(Command, Vec<Key>)> {
        let mut by_command: BTreeMap<Command, Vec<Key>> = BTreeMap::new();
        for ((ctx, key), command) in &self.bindings {
            if *ctx == context {
                by_command.entry(*command).or_default().push(*key);
            }
        }
        by_command.into_iter().collect()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn press(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, modifiers)
    }

    #[test]
    fn defaults_bind_the_documented_keys() {
        let keymap = Keymap::new(&KeyOverrides::new()).unwrap();
        let j = press(KeyCode::Char('j'), KeyModifiers::NONE);
        assert_eq!(keymap.lookup(Context::List, &j), Some(Command::Down));
        let shift_j = press(KeyCode::Char('J'), KeyModifiers::SHIFT);
        assert_eq!(
            keymap.lookup(Context::Thread, &shift_j),
            Some(Command::NextSibling)
        );
        let ctrl_d = press(KeyCode::Char('d'), KeyModifiers::CONTROL);
        assert_eq!(
            keymap.lookup(Context::Article, &ctrl_d),
            Some(Command::HalfPageDown)
        );
        let esc = press(KeyCode::Esc, KeyModifiers::NONE);
        assert_eq!(
            keymap.lookup(Context::Thread, &esc),
            Some(Command::Back),
            "falls back to global"
        );
        let space = press(KeyCode::Char(' '), KeyModifiers::NONE);
        assert_eq!(keymap.lookup(Context::Thread, &space), Some(Command::ToggleFold));
    }

    #[test]
    fn user_rebinding_replaces_the_defaults_of_that_command() {
        let overrides: KeyOverrides = toml::from_str("[list]\ndown = [\"ctrl-n\"]\n").unwrap();
        let keymap = Keymap::new(&overrides).unwrap();
        let j = press(KeyCode::Char('j'), KeyModifiers::NONE);
        assert_eq!(keymap.lookup(Context::List, &j), None);
        let ctrl_n = press(KeyCode::Char('n'), KeyModifiers::CONTROL);
        assert_eq!(keymap.lookup(Context::List, &ctrl_n), Some(Command::Down));
        let n = press(KeyCode::Char('n'), KeyModifiers::NONE);
        assert_eq!(keymap.lookup(Context::List, &n), Some(Command::NextUnread));
    }

    #[test]
    fn bad_overrides_name_the_key_and_the_fix() {
        let bad: KeyOverrides = toml::from_str("[thread]\nfly = [\"x\"]\n").unwrap();
        assert_eq!(
            Keymap::new(&bad).unwrap_err().to_string(),
            "[keys.thread]: unknown command \"fly\"; see the help screen (?) for command names"
        );
        let bad: KeyOverrides = toml::from_str("[thread]\nparent = [\"hyper-x\"]\n").unwrap();
        assert!(
            Keymap::new(&bad)
                .unwrap_err()
                .to_string()
                .starts_with("[keys.thread] parent: \"hyper-x\" is not a key")
        );
        let bad: KeyOverrides = toml::from_str("[items]\ndown = [\"x\"]\n").unwrap();
        assert!(matches!(Keymap::new(&bad), Err(KeymapError::UnknownContext(_))));
    }

    #[test]
    fn keys_round_trip_through_their_names() {
        for name in [
            "j",
            "J",
            "ctrl-d",
            "alt-enter",
            "pagedown",
            "space",
            "f5",
            "?",
            "]",
        ] {
            assert_eq!(Key::parse(name).unwrap().to_string(), name);
        }
    }

    #[test]
    fn help_lists_every_bound_command() {
        let keymap = Keymap::new(&KeyOverrides::new()).unwrap();
        let thread = keymap.describe(Context::Thread);
        assert!(
            thread
                .iter()
                .any(|(c, keys)| *c == Command::FoldAll && keys == &[Key::parse("z").unwrap()])
        );
    }
}
