//! The schema, as ordered migrations. `PRAGMA user_version` holds how many have run; each new one
//! runs in the same transaction as the version bump, so a crash leaves the old schema or the new.

use rusqlite::Connection;

use super::StoreError;

/// Migration N (1-based) takes the schema from version N-1 to N. Never edit a released one: append.
const MIGRATIONS: &[&str] = &[
    // 1: feeds, items, their bodies, search, and the reader caches.
    r"
    CREATE TABLE feeds (
        id            INTEGER PRIMARY KEY,
        url           TEXT NOT NULL UNIQUE,
        title         TEXT,
        site_url      TEXT,
        etag          TEXT,
        last_modified TEXT,
        last_fetch    INTEGER,
        last_error    TEXT,
        added         INTEGER NOT NULL
    );
    CREATE TABLE feed_tags (
        feed_id INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
        tag     TEXT NOT NULL,
        PRIMARY KEY (feed_id, tag)
    ) WITHOUT ROWID;

    -- What lists show, and nothing else: listing 100k rows reads only these small rows.
    CREATE TABLE items (
        id                INTEGER PRIMARY KEY,
        feed_id           INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
        identity          TEXT NOT NULL,
        sorted_at         INTEGER NOT NULL,  -- published, else first seen: the list order
        published         INTEGER,
        first_seen        INTEGER NOT NULL,
        read              INTEGER NOT NULL DEFAULT 0,
        starred           INTEGER NOT NULL DEFAULT 0,
        title             TEXT,
        link              TEXT,
        author            TEXT,
        comments_url      TEXT,
        comments_feed_url TEXT,
        comment_count     INTEGER,
        UNIQUE (feed_id, identity)
    );
    -- One feed, newest first (and its counts); all unread / all starred newest first.
    -- `id` breaks ties between items of the same second, so the order is stable and index-only.
    CREATE INDEX items_by_feed ON items (feed_id, sorted_at DESC, id DESC);
    CREATE INDEX items_unread ON items (sorted_at DESC, id DESC) WHERE read = 0;
    CREATE INDEX items_starred ON items (sorted_at DESC, id DESC) WHERE starred = 1;
    CREATE INDEX items_by_time ON items (sorted_at DESC, id DESC);

    -- The large text, read one item at a time.
    CREATE TABLE item_bodies (
        item_id    INTEGER PRIMARY KEY REFERENCES items(id) ON DELETE CASCADE,
        excerpt    TEXT,
        content    BLOB,
        enclosures TEXT
    );

    -- Full-text search over titles and excerpts. Contentless: the text lives in items/item_bodies.
    -- It is derived data, brought up to date in bulk (Store::update_search_index) after a refresh
    -- and before a search: indexing feed by feed would write and merge one small FTS5 segment per
    -- feed, the largest single cost of a cold refresh. `indexed_up_to` is the last item id indexed;
    -- a crash between the two only leaves the catching-up for next time.
    CREATE VIRTUAL TABLE items_search USING fts5 (title, excerpt, content = '', contentless_delete = 1);
    CREATE TABLE search_progress (
        id            INTEGER PRIMARY KEY CHECK (id = 1),
        indexed_up_to INTEGER NOT NULL
    );
    INSERT INTO search_progress (id, indexed_up_to) VALUES (1, 0);
    CREATE TRIGGER items_search_delete AFTER DELETE ON items BEGIN
        DELETE FROM items_search WHERE rowid = OLD.id;
    END;

    -- Reader caches (JSON written by the article and comments rooms; opaque here).
    CREATE TABLE article_cache (
        url     TEXT PRIMARY KEY,
        json    TEXT NOT NULL,
        fetched INTEGER NOT NULL
    ) WITHOUT ROWID;
    CREATE TABLE thread_cache (
        url     TEXT PRIMARY KEY,
        json    TEXT NOT NULL,
        fetched INTEGER NOT NULL
    ) WITHOUT ROWID;
    CREATE TABLE seen_comments (
        thread_url TEXT NOT NULL,
        comment_id TEXT NOT NULL,
        PRIMARY KEY (thread_url, comment_id)
    ) WITHOUT ROWID;
    ",
    // 2: bodies stored by blocks (see store/bodies.rs); the first schema's `content` stays
    // readable. A block goes when its last item does. `item_bodies.excerpt` is no longer written:
    // the body (or the summary, for items without one) is what is read and searched.
    // Search covers each item's whole text, not a 400-character excerpt. `detail = none` keeps
    // only which items hold a word (no positions): a fraction of the size, and word searches are
    // all the item list asks of it. The index fills again from the first item. Deleting the newest
    // items lets SQLite hand their ids out again, so the catching-up point follows them down.
    r"
    CREATE TABLE body_blocks (
        id   INTEGER PRIMARY KEY,
        data BLOB NOT NULL  -- one zstd frame: the bodies of the items stored with it, end to end
    );
    ALTER TABLE item_bodies ADD COLUMN block_id INTEGER REFERENCES body_blocks(id);
    ALTER TABLE item_bodies ADD COLUMN block_start INTEGER;
    ALTER TABLE item_bodies ADD COLUMN block_len INTEGER;
    CREATE INDEX item_bodies_by_block ON item_bodies (block_id) WHERE block_id IS NOT NULL;
    CREATE TRIGGER body_blocks_release AFTER DELETE ON item_bodies WHEN OLD.block_id IS NOT NULL BEGIN
        DELETE FROM body_blocks WHERE id = OLD.block_id
           AND NOT EXISTS (SELECT 1 FROM item_bodies WHERE block_id = OLD.block_id);
    END;

    DROP TABLE items_search;
    CREATE VIRTUAL TABLE items_search USING fts5 (
        title, text, content = '', contentless_delete = 1, detail = none
    );
    UPDATE search_progress SET indexed_up_to = 0;
    DROP TRIGGER items_search_delete;
    CREATE TRIGGER items_search_delete AFTER DELETE ON items BEGIN
        DELETE FROM items_search WHERE rowid = OLD.id;
        UPDATE search_progress
           SET indexed_up_to = MIN(indexed_up_to, (SELECT COALESCE(MAX(id), 0) FROM items));
    END;
    ",
    // 3: retention (see store/retention.rs). Items removed for their age or their feed's length
    // leave their identity behind, so that a feed still carrying them does not bring them back
    // as new; an identity goes once its feed no longer carries it.
    r"
    CREATE TABLE removed_items (
        feed_id  INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
        identity TEXT NOT NULL,
        PRIMARY KEY (feed_id, identity)
    ) WITHOUT ROWID;
    ",
    // 4: when a refresh may fetch a feed again (a server's Retry-After or max-age, the feed's own
    // interval, backing off after failures): NULL is now. `failures` counts failed refreshes in a
    // row; `interval_secs` is how often the feed asks to be fetched (RSS ttl, sy:updatePeriod),
    // kept for the refreshes its server answers 304.
    r"
    ALTER TABLE feeds ADD COLUMN next_fetch INTEGER;
    ALTER TABLE feeds ADD COLUMN failures INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE feeds ADD COLUMN interval_secs INTEGER;
    ",
    // 5: what each discussion site said about an article (its discussions, or that it asked to
    // be left alone until a time), by the article's normalised address: a site is asked about a
    // link at most once within the cache age. JSON written by the discussions room.
    r"
    CREATE TABLE discussion_cache (
        article TEXT NOT NULL,
        site    TEXT NOT NULL,
        json    TEXT NOT NULL,
        fetched INTEGER NOT NULL,
        PRIMARY KEY (article, site)
    ) WITHOUT ROWID;
    ",
    // 6: enclosures where lists show them. `items.media` is the kind of the item's first playable
    // enclosure (1 audio, 2 video, 3 another file; NULL: none), filled for stored items from the
    // enclosures JSON by its media type. `downloads` is where each enclosure URL was saved.
    r"
    ALTER TABLE items ADD COLUMN media INTEGER;
    UPDATE items SET media = (
        SELECT CASE
            WHEN json_extract(b.enclosures, '$[0].media_type') LIKE 'audio/%' THEN 1
            WHEN json_extract(b.enclosures, '$[0].media_type') LIKE 'video/%' THEN 2
            WHEN json_extract(b.enclosures, '$[0].media_type') LIKE 'image/%' THEN NULL
            ELSE 3 END
        FROM item_bodies b WHERE b.item_id = items.id AND json_valid(b.enclosures))
    WHERE id IN (SELECT item_id FROM item_bodies WHERE enclosures IS NOT NULL);
    CREATE TABLE downloads (
        url      TEXT PRIMARY KEY,
        path     TEXT NOT NULL,
        bytes    INTEGER NOT NULL,
        finished INTEGER NOT NULL
    ) WITHOUT ROWID;
    ",
];

/// Runs the migrations this database has not seen yet.
pub fn migrate(conn: &mut Connection) -> Result<(), StoreError> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let version: i64 = tx.query_row("PRAGMA user_version", [], |row| row.get(0))?;
    if version > current_version() {
        return Err(StoreError::TooNew {
            found: version,
            known: current_version(),
        });
    }
    for (at, sql) in (1..).zip(MIGRATIONS).skip_while(|(at, _)| *at <= version) {
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", at)?;
    }
    tx.commit()?;
    Ok(())
}

/// The version a fully migrated database has.
pub fn current_version() -> i64 {
    i64::try_from(MIGRATIONS.len()).unwrap_or(i64::MAX)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn a_version_1_database_keeps_its_items_and_searches_their_whole_text_after_migrating() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v1.db");
        {
            let conn = Connection::open(&path).unwrap();
            conn.execute_batch(MIGRATIONS[0]).unwrap();
            conn.pragma_update(None, "user_version", 1).unwrap();
            conn.execute_batch(
                "INSERT INTO feeds (id, url, added) VALUES (1, 'https://v1.example/f', 0);
                 INSERT INTO items (id, feed_id, identity, sorted_at, first_seen, read, title)
                     VALUES (1, 1, 'a', 0, 0, 1, 'Old title');
                 INSERT INTO item_bodies (item_id, excerpt, content)
                     VALUES (1, 'short', CAST(x'00' || CAST('<p>words kept from the first schema</p>' AS BLOB) AS BLOB));
                 INSERT INTO items_search (rowid, title, excerpt) VALUES (1, 'Old title', 'short');
                 UPDATE search_progress SET indexed_up_to = 1;",
            )
            .unwrap();
        }
        let mut store = crate::store::Store::open(&path).unwrap();
        assert_eq!(store.user_version().unwrap(), current_version());
        let hits = store
            .search("first schema", 10, crate::store::test_support::plain)
            .unwrap();
        assert_eq!(hits.len(), 1);
        assert!(hits[0].read, "read flags survive the migration");
    }

    #[test]
    fn a_version_2_database_migrates_keeps_its_items_and_gives_space_back_once_retention_frees_it() {
        use crate::store::test_support::{bulky_items, subscribe_with};
        use crate::store::{ItemQuery, Retention, Store};
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v2.db");
        {
            // As folio made databases before retention: no incremental vacuum.
            let conn = Connection::open(&path).unwrap();
            conn.pragma_update(None, "journal_mode", "WAL").unwrap();
            conn.execute_batch(MIGRATIONS[0]).unwrap();
            conn.execute_batch(MIGRATIONS[1]).unwrap();
            conn.pragma_update(None, "user_version", 2).unwrap();
            conn.execute_batch(
                "INSERT INTO feeds (id, url, added) VALUES (1, 'https://v2.example/f', 0);
                 INSERT INTO items (id, feed_id, identity, sorted_at, first_seen, read, starred, title)
                     VALUES (1, 1, 'a', 0, 0, 1, 1, 'Starred long ago'),
                            (2, 1, 'b', 0, 0, 0, 0, 'Unread long ago');",
            )
            .unwrap();
        }
        let mut store = Store::open(&path).unwrap();
        assert_eq!(store.user_version().unwrap(), current_version());
        let pragma = |store: &Store, name: &str| -> i64 {
            store
                .conn
                .query_row(&format!("PRAGMA {name}"), [], |r| r.get(0))
                .unwrap()
        };
        assert_eq!(
            pragma(&store, "auto_vacuum"),
            0,
            "an old database keeps its mode at first"
        );
        assert_eq!(store.items(&ItemQuery::default()).unwrap().len(), 2);

        subscribe_with(&mut store, "https://v2.example/bulky", bulky_items(1000));
        store
            .conn
            .execute_batch("UPDATE items SET read = 1, first_seen = 0, sorted_at = 0")
            .unwrap();
        let before = pragma(&store, "page_count");
        let keep = Retention {
            keep_days: Some(90),
            max_items_per_feed: None,
        };
        let removed = store.apply_retention(&keep, chrono::Utc::now()).unwrap();
        assert_eq!(removed.items, 1001, "all but the starred item");
        store.give_back_space().unwrap();
        assert_eq!(
            pragma(&store, "auto_vacuum"),
            2,
            "converted once there was space to give"
        );
        let after = pragma(&store, "page_count");
        assert!(after * 4 < before, "{before} pages, then {after}");
        let left = store.items(&ItemQuery::default()).unwrap();
        assert_eq!(left.len(), 1);
        assert_eq!(left[0].title.as_deref(), Some("Starred long ago"));
    }
}
