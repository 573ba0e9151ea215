//! The reader's runner and screens.
