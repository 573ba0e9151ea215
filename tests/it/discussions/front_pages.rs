//! `folio add hn:top` and friends.
