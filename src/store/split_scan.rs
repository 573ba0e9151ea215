//! A long list read by two threads at once, each over half of the table, at one snapshot.
//!
//! Reading rows out of SQLite (stepping through the table, decoding each record, copying its
//! text) is two thirds of a 100k-item listing, and one connection does it on one core while the
//! other idles. Two more connections each scan half of the id range instead.
//!
//! Both halves must see the same database: a refresh committing between the starts of the two
//! read transactions would give a list half from before it and half from after. In WAL mode a
//! read transaction keeps the snapshot it started with, so the store's own connection holds the
//! write lock (no commit can land) just while both readers start theirs, and lets it go at once.
//! When that lock is taken (a refresh is writing), or the store sits inside a transaction of its
//! own or in memory, the list is read by one connection as before.

use std::ops::RangeInclusive;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

use super::StoreError;
use super::items::{ItemOrder, RowFields};
use super::sorted_scan::{SCAN_CACHE_KIB, SortedScan, scan_range};

/// From this many ids on, a scan is split: below it, opening two connections and a thread
/// (about a millisecond) costs more than half the scan saves.
pub(super) const SPLIT_FROM: usize = 10_000;

/// Two read-only connections to the database `conn` has open, both inside a read transaction at
/// the same snapshot; `None` when that cannot be had without waiting (see the module notes).
pub(super) fn readers_at_one_snapshot(conn: &Connection) -> Option<[Connection; 2]> {
    let path = conn.path().filter(|p| !p.is_empty())?;
    if !conn.is_autocommit() {
        return None;
    }
    let open = || {
        let reader = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX | OpenFlags::SQLITE_OPEN_URI,
        )?;
        reader.pragma_update(None, "cache_size", -SCAN_CACHE_KIB)?;
        Ok::<_, rusqlite::Error>(reader)
    };
    let readers = [open().ok()?, open().ok()?];
    // Not waiting for the lock: a refresh may hold it for a whole group of feeds, and one
    // connection reads the list sooner than that.
    conn.busy_timeout(Duration::ZERO).ok()?;
    let locked = conn.execute_batch("BEGIN IMMEDIATE").is_ok();
    let restored = conn.busy_timeout(super::BUSY_TIMEOUT).is_ok();
    if !locked {
        return None;
    }
    // A read transaction takes its snapshot at its first read, not at BEGIN.
    let started = restored
        && readers.iter().all(|reader| {
            reader.execute_batch("BEGIN").is_ok()
                && reader
                    .query_row("SELECT count(*) FROM sqlite_schema", [], |_| Ok(()))
                    .is_ok()
        });
    // Nothing was written: the commit only lets the lock go.
    let released = conn.execute_batch("COMMIT");
    if released.is_err() {
        let _ = conn.execute_batch("ROLLBACK");
    }
    started.then_some(readers)
}

/// The rows of `ids` that `conditions` keep, in `order`: the lower half of the ids read and
/// sorted by the first reader on this thread, the upper half by the second on another, then
/// merged.
pub(super) fn scan_halves(
    readers: [Connection; 2],
    fields: RowFields,
    order: ItemOrder,
    conditions: &[&str],
    ids: RangeInclusive<i64>,
) -> Result<SortedScan, StoreError> {
    let (first, last) = (*ids.start(), *ids.end());
    // Halfway without overflow, whatever the ids (SQLite allows any 64-bit rowid).
    let middle = first.saturating_add_unsigned(last.abs_diff(first) / 2);
    let [lower_reader, upper_reader] = readers;
    let (lower, upper) = std::thread::scope(|scope| {
        let upper =
            scope.spawn(move || scan_range(&upper_reader, fields, order, conditions, middle + 1..=last));
        let lower = scan_range(&lower_reader, fields, order, conditions, first..=middle);
        // A panic in the other thread is a bug of ours: pass it on rather than lose rows.
        let upper = upper
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (lower, upper)
    });
    let mut scan = lower?;
    scan.append(upper?)?;
    Ok(scan)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use rusqlite::Connection;

    use super::*;

    fn database(dir: &tempfile::TempDir) -> Connection {
        let conn = Connection::open(dir.path().join("s.db")).unwrap();
        conn.pragma_update(None, "journal_mode", "WAL").unwrap();
        conn.execute_batch(
            "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT);
             INSERT INTO t (id, v) VALUES (1, 'one'), (2, 'two');",
        )
        .unwrap();
        conn
    }

    fn count(conn: &Connection) -> i64 {
        conn.query_row("SELECT count(*) FROM t", [], |row| row.get(0))
            .unwrap()
    }

    #[test]
    fn readers_keep_the_snapshot_they_started_with() {
        let dir = tempfile::tempdir().unwrap();
        let conn = database(&dir);
        let readers = readers_at_one_snapshot(&conn).unwrap();
        conn.execute("INSERT INTO t (id, v) VALUES (3, 'three')", [])
            .unwrap();
        assert_eq!(count(&conn), 3);
        for reader in &readers {
            assert_eq!(count(reader), 2, "a reader saw a commit made after it started");
        }
    }

    #[test]
    fn no_readers_while_another_connection_writes() {
        let dir = tempfile::tempdir().unwrap();
        let conn = database(&dir);
        let writer = Connection::open(dir.path().join("s.db")).unwrap();
        writer.execute_batch("BEGIN IMMEDIATE").unwrap();
        assert!(readers_at_one_snapshot(&conn).is_none());
        writer.execute_batch("COMMIT").unwrap();
        assert!(readers_at_one_snapshot(&conn).is_some());
        // The lock was let go: the store's connection still writes.
        conn.execute("INSERT INTO t (id, v) VALUES (4, 'four')", [])
            .unwrap();
    }

    #[test]
    fn no_readers_inside_a_transaction_or_in_memory() {
        let dir = tempfile::tempdir().unwrap();
        let conn = database(&dir);
        conn.execute_batch("BEGIN").unwrap();
        assert!(readers_at_one_snapshot(&conn).is_none());
        conn.execute_batch("COMMIT").unwrap();
        let memory = Connection::open_in_memory().unwrap();
        assert!(readers_at_one_snapshot(&memory).is_none());
    }
}
