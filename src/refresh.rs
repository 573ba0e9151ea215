//! Running many feed updates at once.
