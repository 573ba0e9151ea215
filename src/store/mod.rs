//! The offline cache: one SQLite file holding feeds, items, and the reader's article and thread
//! caches. Every SQL statement of folio lives in this module. It knows nothing of feed formats or
//! markup: it stores plain rows, and bodies as the text it is given.
//!
//! A [`Store`] is one connection; it is `Send` but not shared: the refresh and the TUI give it to
//! one thread and talk to that thread.

mod bodies;
mod caches;
mod detail;
mod discussions;
mod feed_writes;
mod feeds;
mod flags;
mod handle;
mod lists;
mod media;
mod retention;
mod rows;
mod schema;
mod search;
mod sorted_scan;
#[cfg(test)]
mod test_support;

use std::path::Path;
use std::time::Duration;

use chrono::{DateTime, TimeZone, Utc};
use rusqlite::Connection;

pub use discussions::FeedDiscussion;
pub use feed_writes::{FeedUpdate, IncomingFeed, IncomingItem, PreparedFeed};
pub use feeds::{FeedRow, RefreshTarget, Schedule};
pub use handle::StoreHandle;
pub use media::EnclosureRow;
pub use retention::{Removed, Retention};
pub use rows::{ItemDetail, ItemFilter, ItemOrder, ItemQuery, ItemRow, ItemRowRef, MediaKind, RowFields};
pub use schema::current_version as schema_version;
pub use search::PlainText;

pub type FeedId = i64;
pub type ItemId = i64;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("cannot create the database folder {path}: {source}")]
    Folder { path: String, source: std::io::Error },
    #[error("the database has schema version {found}; this folio knows up to {known}: upgrade folio")]
    TooNew { found: i64, known: i64 },
    #[error("not subscribed to {0}")]
    UnknownFeed(String),
    /// A group of writes could not be committed (the message is the database's).
    #[error("cannot commit: {0}")]
    Commit(String),
    #[error("cannot compress item bodies: {0}")]
    Compress(std::io::Error),
    /// The thread that owned the connection is gone (it panicked or was shut down).
    #[error("the database thread has stopped")]
    Closed,
}

/// How long a connection waits for another's lock before giving up with "database is locked".
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// One open database.
pub struct Store {
    conn: Connection,
}

impl Store {
    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    ///
    /// WAL lets the TUI read while a refresh writes; `synchronous = NORMAL` is durable across
    /// process crashes in WAL mode (only a power loss may drop the last commits, never corrupt).
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        if let Some(folder) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(folder).map_err(|source| StoreError::Folder {
                path: folder.display().to_string(),
                source,
            })?;
        }
        let mut conn = Connection::open(path)?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        // Pages freed by retention go back to the file system (`Store::give_back_space`). It
        // takes effect only on a database without tables yet: older ones are converted once, the
        // first time retention frees space in them.
        conn.pragma_update(None, "auto_vacuum", "INCREMENTAL")?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", true)?;
        // Savepoints (one per feed in a refresh's group commit) journal the pages they change;
        // past 64 KiB SQLite moved that journal to a temporary file, written and thrown away.
        conn.pragma_update(None, "temp_store", "MEMORY")?;
        schema::migrate(&mut conn)?;
        Ok(Store { conn })
    }

    /// Runs `work` in one transaction, committed when it returns (the writes inside that fail
    /// undo themselves through their own savepoints). Storing many feeds one transaction each
    /// would write the index pages they share again at every commit. A crash before the commit
    /// loses only this group's writes; every earlier commit stays whole.
    pub fn in_one_transaction<T>(&mut self, work: impl FnOnce(&mut Store) -> T) -> Result<T, StoreError> {
        // IMMEDIATE takes the write lock up front: a reader that also wants to write (the TUI)
        // then waits at its own BEGIN instead of failing halfway.
        self.conn.execute_batch("BEGIN IMMEDIATE")?;
        let done = work(self);
        match self.conn.execute_batch("COMMIT") {
            Ok(()) => Ok(done),
            Err(failed) => {
                // A failed COMMIT can leave the transaction open; ending it is all that is left.
                let _ = self.conn.execute_batch("ROLLBACK");
                Err(failed.into())
            }
        }
    }

    /// A page cache for a thread about to write many feeds (a refresh). A group of feeds stored
    /// in one transaction dirties a few MiB: their body blocks and the index pages their items
    /// land on. Through the default 2 MiB cache SQLite spills those pages to its log before the
    /// commit and reads evicted index pages back, writing and reading the same pages many times.
    pub fn cache_for_bulk_writes(&self) -> Result<(), StoreError> {
        self.conn.pragma_update(None, "cache_size", -8 * 1024)?;
        Ok(())
    }

    /// The schema version of the open database (`PRAGMA user_version`).
    pub fn user_version(&self) -> Result<i64, StoreError> {
        Ok(self.conn.query_row("PRAGMA user_version", [], |row| row.get(0))?)
    }
}

fn to_timestamp(time: DateTime<Utc>) -> i64 {
    time.timestamp()
}

fn from_timestamp(seconds: Option<i64>) -> Option<DateTime<Utc>> {
    seconds.and_then(|s| Utc.timestamp_opt(s, 0).single())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn open_creates_folders_migrates_once_and_reopens() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a/b/folio.db");
        let store = Store::open(&path).unwrap();
        assert_eq!(store.user_version().unwrap(), schema_version());
        let mode: String = store
            .conn
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
        let fk: i64 = store
            .conn
            .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
            .unwrap();
        assert_eq!(fk, 1);
        drop(store);
        assert_eq!(
            Store::open(&path).unwrap().user_version().unwrap(),
            schema_version()
        );
    }

    #[test]
    fn a_newer_schema_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("folio.db");
        let store = Store::open(&path).unwrap();
        store.conn.pragma_update(None, "user_version", 99).unwrap();
        drop(store);
        assert!(matches!(
            Store::open(&path),
            Err(StoreError::TooNew { found: 99, .. })
        ));
    }
}
