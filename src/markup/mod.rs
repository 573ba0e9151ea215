//! Markup helpers every reader shares: bytes to text in the right charset, the guard in front of
//! the HTML parser, character references, and tags stripped from fragments read without a parse.

pub mod charset;
pub mod entities;
pub mod html_input;
pub mod tags;

pub use tags::html_to_plain;
