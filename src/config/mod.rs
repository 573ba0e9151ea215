//! Where folio keeps things, and what the user configured.

pub mod paths;
pub mod settings;

pub use paths::Paths;
pub use settings::Config;
