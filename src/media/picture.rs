//! A picture ready to draw, and the terminal's way of drawing pictures (`Graphics`): the kitty,
//! sixel or iTerm2 protocol when the terminal answers that it has one, Unicode half blocks
//! elsewhere. A picture is encoded once for its cell size, off the UI thread, and drawn row by row
//! so that it scrolls with the text around it (ratatui-image's sliced pictures).

use std::sync::Arc;

use image::DynamicImage;
use ratatui::buffer::Buffer;
use ratatui::layout::{Rect, Size};
use ratatui::widgets::Widget;
use ratatui_image::picker::{Picker, ProtocolType};
use ratatui_image::sliced::{SignedPosition, SlicedImage, SlicedProtocol};

/// How this terminal draws pictures, and its cell size in pixels.
#[derive(Clone)]
pub struct Graphics {
    picker: Picker,
}

impl std::fmt::Debug for Graphics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Graphics({})", self.protocol_name())
    }
}

impl Graphics {
    /// Unicode half blocks: every terminal with colours draws them.
    pub fn halfblocks() -> Graphics {
        Graphics {
            picker: Picker::halfblocks(),
        }
    }

    /// Asks the terminal which protocol it has and its cell size (call it on the alternate screen,
    /// before reading its events); half blocks when it does not say.
    pub fn detect() -> Graphics {
        // Under tmux or screen the answers come back through the multiplexer, late or mangled,
        // and would be read as keys: half blocks there.
        let term = std::env::var("TERM").unwrap_or_default();
        if std::env::var_os("TMUX").is_some() || term.starts_with("screen") || term.starts_with("tmux") {
            return Graphics::halfblocks();
        }
        match Picker::from_query_stdio() {
            Ok(picker) => Graphics { picker },
            Err(error) => {
                tracing::info!("the terminal did not say how it draws pictures: {error}");
                Graphics::halfblocks()
            }
        }
    }

    /// The same cell size with another protocol (`kitty`, `sixel`, `iterm2`, `halfblocks`).
    pub fn with_protocol(mut self, name: &str) -> Option<Graphics> {
        let protocol = match name {
            "kitty" => ProtocolType::Kitty,
            "sixel" => ProtocolType::Sixel,
            "iterm2" => ProtocolType::Iterm2,
            "halfblocks" => ProtocolType::Halfblocks,
            _ => return None,
        };
        self.picker.set_protocol_type(protocol);
        Some(self)
    }

    pub fn protocol_name(&self) -> &'static str {
        match self.picker.protocol_type() {
            ProtocolType::Halfblocks => "halfblocks",
            ProtocolType::Sixel => "sixel",
            ProtocolType::Kitty => "kitty",
            ProtocolType::Iterm2 => "iterm2",
        }
    }

    /// A cell's size in pixels (width, height).
    pub fn font_size(&self) -> (u16, u16) {
        let size = self.picker.font_size();
        (size.width.max(1), size.height.max(1))
    }

    /// `image` (already scaled to fit) encoded to take `cells`.
    pub fn encode(&self, image: DynamicImage, cells: Size) -> Result<Picture, String> {
        let sliced = SlicedProtocol::new(&self.picker, image, Some(cells)).map_err(|e| e.to_string())?;
        Ok(Picture {
            size: sliced.size(),
            sliced: Arc::new(sliced),
        })
    }
}

/// A picture encoded for the terminal. Cheap to clone; two are equal when they are the same one.
#[derive(Clone)]
pub struct Picture {
    sliced: Arc<SlicedProtocol>,
    size: Size,
}

impl Picture {
    /// Its size in cells.
    pub fn size(&self) -> Size {
        self.size
    }

    /// Draws the picture with its top-left cell at `top` rows below `area`'s top (negative:
    /// scrolled above it); only the rows inside `area` are drawn.
    pub fn draw(&self, area: Rect, top: i32, buf: &mut Buffer) {
        let y = i16::try_from(top).unwrap_or(if top < 0 { i16::MIN } else { i16::MAX });
        SlicedImage::new(&self.sliced, SignedPosition::from((0, y))).render(area, buf);
    }
}

impl std::fmt::Debug for Picture {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Picture({}x{})", self.size.width, self.size.height)
    }
}

impl PartialEq for Picture {
    fn eq(&self, other: &Picture) -> bool {
        Arc::ptr_eq(&self.sliced, &other.sliced)
    }
}
