//! Themes: named colours and modifiers for every element folio draws.
//!
//! Built-in themes are the files in `themes/`, embedded at build time. A user theme is a file in
//! `<config dir>/themes/<name>.toml`; it overrides the built-in of the same name key by key, and any
//! element a theme leaves out falls back to the default theme, so a user file can be three lines.

use std::collections::BTreeMap;
use std::path::Path;
use std::str::FromStr;

use ratatui::style::{Color, Modifier, Style};
use serde::Deserialize;
use thiserror::Error;

/// The themes shipped with folio, by name.
pub const BUILT_IN: &[(&str, &str)] = &[
    ("default", include_str!("../../themes/default.toml")),
    ("light", include_str!("../../themes/light.toml")),
    ("gruvbox", include_str!("../../themes/gruvbox.toml")),
];

/// Everything on screen that a theme styles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Element {
    Text,
    Dim,
    TitleBar,
    StatusBar,
    StatusError,
    Selection,
    Unread,
    Read,
    Starred,
    Count,
    Age,
    Tag,
    FeedError,
    Heading,
    ArticleTitle,
    Byline,
    Bold,
    Italic,
    Code,
    Quote,
    Link,
    LinkNumber,
    Image,
    Author,
    Score,
    Collapsed,
    NewComment,
    SearchMatch,
    HelpKey,
    HelpDesc,
    Prompt,
}

impl Element {
    pub const ALL: [Element; 31] = [
        Element::Text,
        Element::Dim,
        Element::TitleBar,
        Element::StatusBar,
        Element::StatusError,
        Element::Selection,
        Element::Unread,
        Element::Read,
        Element::Starred,
        Element::Count,
        Element::Age,
        Element::Tag,
        Element::FeedError,
        Element::Heading,
        Element::ArticleTitle,
        Element::Byline,
        Element::Bold,
        Element::Italic,
        Element::Code,
        Element::Quote,
        Element::Link,
        Element::LinkNumber,
        Element::Image,
        Element::Author,
        Element::Score,
        Element::Collapsed,
        Element::NewComment,
        Element::SearchMatch,
        Element::HelpKey,
        Element::HelpDesc,
        Element::Prompt,
    ];

    /// The key that names this element in a theme file.
    pub fn key(self) -> &'static str {
        match self {
            Element::Text => "text",
            Element::Dim => "dim",
            Element::TitleBar => "title_bar",
            Element::StatusBar => "status_bar",
            Element::StatusError => "status_error",
            Element::Selection => "selection",
            Element::Unread => "unread",
            Element::Read => "read",
            Element::Starred => "starred",
            Element::Count => "count",
            Element::Age => "age",
            Element::Tag => "tag",
            Element::FeedError => "feed_error",
            Element::Heading => "heading",
            Element::ArticleTitle => "article_title",
            Element::Byline => "byline",
            Element::Bold => "bold",
            Element::Italic => "italic",
            Element::Code => "code",
            Element::Quote => "quote",
            Element::Link => "link",
            Element::LinkNumber => "link_number",
            Element::Image => "image",
            Element::Author => "author",
            Element::Score => "score",
            Element::Collapsed => "collapsed",
            Element::NewComment => "new_comment",
            Element::SearchMatch => "search_match",
            Element::HelpKey => "help_key",
            Element::HelpDesc => "help_desc",
            Element::Prompt => "prompt",
        }
    }

    fn from_key(key: &str) -> Option<Element> {
        Element::ALL.into_iter().find(|e| e.key() == key)
    }
}

#[derive(Debug, Error)]
pub enum ThemeError {
    #[error("theme {name:?} not found: not built in ({known}) and no file {path}")]
    NotFound {
        name: String,
        known: String,
        path: String,
    },
    #[error("theme file {path}: {message}")]
    Invalid { path: String, message: String },
}

/// A resolved theme: a style for every element, and the colours of the depth guides.
#[derive(Debug, Clone, PartialEq)]
pub struct Theme {
    pub name: String,
    styles: BTreeMap<Element, Style>,
    depth_guides: Vec<Color>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ThemeFile {
    name: Option<String>,
    #[serde(default)]
    styles: BTreeMap<String, StyleSpec>,
    depth_guides: Option<Vec<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct StyleSpec {
    fg: Option<String>,
    bg: Option<String>,
    #[serde(default)]
    modifiers: Vec<String>,
}

impl Theme {
    /// Loads theme `name`: the default theme, overlaid by the built-in `name`, overlaid by the user's
    /// `<themes_dir>/<name>.toml`. With `no_color` (the `NO_COLOR` convention) colours are dropped and
    /// only modifiers (bold, reversed...) remain, so the interface stays readable.
    pub fn load(name: &str, themes_dir: &Path, no_color: bool) -> Result<Theme, ThemeError> {
        let mut theme = Theme::empty(name);
        let (_, default_src) = BUILT_IN[0];
        theme.overlay(default_src, "built-in theme default")?;
        let built_in = BUILT_IN.iter().find(|(n, _)| *n == name).map(|(_, src)| *src);
        if let Some(src) = built_in.filter(|_| name != "default") {
            theme.overlay(src, &format!("built-in theme {name}"))?;
        }
        let user_path = themes_dir.join(format!("{name}.toml"));
        match std::fs::read_to_string(&user_path) {
            Ok(src) => theme.overlay(&src, &user_path.display().to_string())?,
            Err(_) if built_in.is_some() => {}
            Err(_) => {
                return Err(ThemeError::NotFound {
                    name: name.to_string(),
                    known: BUILT_IN.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", "),
                    path: user_path.display().to_string(),
                });
            }
        }
        if no_color {
            theme.drop_colours();
        }
        Ok(theme)
    }

    /// The style of `element`.
    pub fn style(&self, element: Element) -> Style {
        self.styles.get(&element).copied().unwrap_or_default()
    }

    /// The colour of the indentation guide at `depth` (cycling).
    pub fn depth_guide(&self, depth: usize) -> Style {
        match self.depth_guides.len() {
            0 => self.style(Element::Dim),
            n => Style::default().fg(self.depth_guides[depth % n]),
        }
    }

    fn empty(name: &str) -> Theme {
        Theme {
            name: name.to_string(),
            styles: BTreeMap::new(),
            depth_guides: Vec::new(),
        }
    }

    fn overlay(&mut self, source: &str, origin: &str) -> Result<(), ThemeError> {
        let invalid = |message: String| ThemeError::Invalid {
            path: origin.to_string(),
            message,
        };
        let file: ThemeFile = toml::from_str(source).map_err(|e| invalid(one_line(e.message())))?;
        if let Some(name) = file.name {
            self.name = name;
        }
        for (key, spec) in file.styles {
            let element = Element::from_key(&key).ok_or_else(|| {
                let known: Vec<_> = Element::ALL.iter().map(|e| e.key()).collect();
                invalid(format!(
                    "unknown element {key:?}; known elements: {}",
                    known.join(", ")
                ))
            })?;
            let style = spec
                .to_style()
                .map_err(|m| invalid(format!("styles.{key}: {m}")))?;
            self.styles.insert(element, style);
        }
        if let Some(guides) = file.depth_guides {
            self.depth_guides = guides
                .iter()
                .map(|c| parse_colour(c).map_err(|m| invalid(format!("depth_guides: {m}"))))
                .collect::<Result<_, _>>()?;
        }
        Ok(())
    }

    fn drop_colours(&mut self) {
        for style in self.styles.values_mut() {
            style.fg = None;
            style.bg = None;
        }
        // Selection and bars must stay visible without colour.
        for element in [
            Element::Selection,
            Element::TitleBar,
            Element::StatusBar,
            Element::SearchMatch,
        ] {
            let style = self.styles.entry(element).or_default();
            *style = style.add_modifier(Modifier::REVERSED);
        }
        self.depth_guides.clear();
    }
}

impl StyleSpec {
    fn to_style(&self) -> Result<Style, String> {
        let mut style = Style::default();
        if let Some(fg) = &self.fg {
            style = style.fg(parse_colour(fg)?);
        }
        if let Some(bg) = &self.bg {
            style = style.bg(parse_colour(bg)?);
        }
        for name in &self.modifiers {
            style = style.add_modifier(parse_modifier(name)?);
        }
        Ok(style)
    }
}

fn parse_colour(text: &str) -> Result<Color, String> {
    Color::from_str(text).map_err(|_| {
        format!("{text:?} is not a colour: use a name (red, dark_gray, reset...), #rrggbb or an index 0-255")
    })
}

fn parse_modifier(name: &str) -> Result<Modifier, String> {
    Ok(match name {
        "bold" => Modifier::BOLD,
        "dim" => Modifier::DIM,
        "italic" => Modifier::ITALIC,
        "underlined" => Modifier::UNDERLINED,
        "reversed" => Modifier::REVERSED,
        "crossed_out" => Modifier::CROSSED_OUT,
        "slow_blink" => Modifier::SLOW_BLINK,
        other => {
            return Err(format!(
                "unknown modifier {other:?}: use bold, dim, italic, underlined, reversed or crossed_out"
            ));
        }
    })
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn every_built_in_theme_styles_every_element() {
        for (name, source) in BUILT_IN {
            let file: ThemeFile = toml::from_str(source).unwrap();
            for element in Element::ALL {
                assert!(
                    file.styles.contains_key(element.key()),
                    "theme {name} lacks {}",
                    element.key()
                );
            }
            let theme = Theme::load(name, Path::new("/nonexistent"), false).unwrap();
            assert_eq!(theme.name, *name);
        }
    }

    #[test]
    fn user_file_overrides_per_key_and_falls_back_to_default() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("mine.toml"),
            "[styles]\nheading = { fg = \"#ff0000\" }\n",
        )
        .unwrap();
        let theme = Theme::load("mine", dir.path(), false).unwrap();
        assert_eq!(theme.style(Element::Heading).fg, Some(Color::Rgb(255, 0, 0)));
        let default = Theme::load("default", dir.path(), false).unwrap();
        assert_eq!(theme.style(Element::Link), default.style(Element::Link));
    }

    #[test]
    fn errors_name_the_file_and_the_fix() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("bad.toml"),
            "[styles]\nheadline = { fg = \"red\" }\n",
        )
        .unwrap();
        let err = Theme::load("bad", dir.path(), false).unwrap_err().to_string();
        assert!(
            err.contains("bad.toml") && err.contains("unknown element \"headline\""),
            "{err}"
        );
        std::fs::write(
            dir.path().join("bad.toml"),
            "[styles]\nheading = { fg = \"redish\" }\n",
        )
        .unwrap();
        let err = Theme::load("bad", dir.path(), false).unwrap_err().to_string();
        assert!(
            err.contains("styles.heading") && err.contains("not a colour"),
            "{err}"
        );
        let err = Theme::load("nope", dir.path(), false).unwrap_err().to_string();
        assert!(err.contains("not found") && err.contains("gruvbox"), "{err}");
    }

    #[test]
    fn no_color_keeps_modifiers_only() {
        let theme = Theme::load("gruvbox", Path::new("/nonexistent"), true).unwrap();
        let heading = theme.style(Element::Heading);
        assert_eq!((heading.fg, heading.bg), (None, None));
        assert!(heading.add_modifier.contains(Modifier::BOLD));
        assert!(
            theme
                .style(Element::Selection)
                .add_modifier
                .contains(Modifier::REVERSED)
        );
    }
}
