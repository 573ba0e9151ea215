//! Item lists: a page through the index its filter and order have, or a long list read and sorted
//! here (`sorted_scan`), handed out row by row.

use std::ops::RangeInclusive;

use rusqlite::{Row, params};

use super::rows::{
    FeedNames, ItemFilter, ItemOrder, ItemQuery, ItemRow, ItemRowRef, RowFields, feed_of, media_of,
};
use super::sorted_scan::{SCAN_CACHE_KIB, SORT_HERE_FROM, SortedItems, SortedScan, scan_range};
use super::{FeedId, ItemId, Store, StoreError, from_timestamp};

/// The columns [`read_row_ref`] reads: the item's own, without its feed's.
const ITEM_COLUMNS: &str = "i.id, i.feed_id, i.title, i.link, i.author, i.published, i.read, i.starred,
     i.comments_url, i.comments_feed_url, i.comment_count, i.media";

/// [`ITEM_COLUMNS`] for [`RowFields::ListLine`]: the same positions, NULL where nothing is read.
const LIST_LINE_COLUMNS: &str = "i.id, i.feed_id, i.title, i.link, NULL, i.published, i.read, i.starred, i.comments_url, NULL, NULL, i.media";

/// The SQL conditions on `items i` that pick a query's items (`?3` is its feed).
fn conditions(query: &ItemQuery) -> Vec<&'static str> {
    let mut conditions = Vec::new();
    match query.filter {
        ItemFilter::All => {}
        ItemFilter::Unread => conditions.push("i.read = 0"),
        ItemFilter::Starred => conditions.push("i.starred = 1"),
    }
    if query.feed.is_some() {
        conditions.push("i.feed_id = ?3");
    }
    conditions
}

/// A text column borrowed from the row (no copy), or `None` for NULL.
fn borrowed_text<'a>(row: &'a Row<'_>, column: usize) -> rusqlite::Result<Option<&'a str>> {
    row.get_ref(column)?
        .as_str_or_null()
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(column, rusqlite::types::Type::Text, e.into()))
}

fn read_row_ref<'a>(row: &'a Row<'_>, feeds: &'a FeedNames) -> rusqlite::Result<ItemRowRef<'a>> {
    let text = |column: usize| borrowed_text(row, column);
    let feed_id: FeedId = row.get(1)?;
    let (feed_url, feed_title) = feed_of(feeds, feed_id);
    Ok(ItemRowRef {
        id: row.get(0)?,
        feed_id,
        feed_url,
        feed_title,
        title: text(2)?,
        link: text(3)?,
        author: text(4)?,
        published: from_timestamp(row.get(5)?),
        read: row.get(6)?,
        starred: row.get(7)?,
        comments_url: text(8)?,
        comments_feed_url: text(9)?,
        comment_count: row.get(10)?,
        media: media_of(row.get(11)?),
    })
}

impl Store {
    /// One page of items. Each filter and order has an index that gives rows already sorted, so a
    /// page costs its own size, not the table's.
    pub fn items(&self, query: &ItemQuery) -> Result<Vec<ItemRow>, StoreError> {
        let mut rows = Vec::new();
        self.for_each_item(query, |row| {
            rows.push(row.to_row());
            Ok::<(), StoreError>(())
        })?;
        Ok(rows)
    }

    /// Like [`Store::items`], handing each row to `visit` instead of gathering them: a page read
    /// through an index goes out as it is read, and a long list (see `sorted_scan`) is read and
    /// sorted once, then handed out without copying a row.
    pub fn for_each_item<E: From<StoreError>>(
        &self,
        query: &ItemQuery,
        mut visit: impl FnMut(&ItemRowRef<'_>) -> Result<(), E>,
    ) -> Result<(), E> {
        if let Some(list) = self.sorted_items(query)? {
            return list.visit(visit);
        }
        let conditions = conditions(query);
        let order = match query.order {
            ItemOrder::NewestFirst => "i.sorted_at DESC, i.id DESC",
            ItemOrder::UnreadFirst => "i.read, i.sorted_at DESC, i.id DESC",
        };
        let columns = match query.fields {
            RowFields::All => ITEM_COLUMNS,
            RowFields::ListLine => LIST_LINE_COLUMNS,
        };
        // The feeds are few: one read of them here beats a join lookup for every row.
        let feeds = self.feed_names().map_err(StoreError::from)?;
        let where_clause = if conditions.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", conditions.join(" AND "))
        };
        let sql = format!("SELECT {columns} FROM items i {where_clause} ORDER BY {order} LIMIT ?1 OFFSET ?2");
        let limit = query.limit.map_or(-1, |l| i64::try_from(l).unwrap_or(i64::MAX));
        let offset = i64::try_from(query.offset).unwrap_or(i64::MAX);
        let mut statement = self.conn.prepare_cached(&sql).map_err(StoreError::from)?;
        let mut rows = match query.feed {
            Some(feed) => statement.query(params![limit, offset, feed]),
            None => statement.query(params![limit, offset]),
        }
        .map_err(StoreError::from)?;
        while let Some(row) = rows.next().map_err(StoreError::from)? {
            let item = read_row_ref(row, &feeds).map_err(StoreError::from)?;
            visit(&item)?;
        }
        Ok(())
    }

    /// A long list (every feed's items, with no limit or a large one) read whole and sorted;
    /// `None` for the lists an index reads in order, a row at a time (see `sorted_scan`).
    fn sorted_items(&self, query: &ItemQuery) -> Result<Option<SortedItems>, StoreError> {
        if query.feed.is_some() || query.limit.is_some_and(|limit| limit < SORT_HERE_FROM) {
            return Ok(None);
        }
        let feeds = self.feed_names()?;
        let scan = self.scan_items(query.fields, query.order, &conditions(query))?;
        Ok(Some(scan.into_list(query.offset, query.limit, feeds)))
    }

    /// Every item that all `conditions` keep, in `order`, read front to back with a small page
    /// cache: a scan reads each page once, so the 2 MiB default cache would only be memory to
    /// fault in. The cache size is put back after, whatever happened.
    fn scan_items(
        &self,
        fields: RowFields,
        order: ItemOrder,
        conditions: &[&str],
    ) -> Result<SortedScan, StoreError> {
        let Some(ids) = self.item_ids()? else {
            return Ok(SortedScan::empty());
        };
        let cache_size: i64 = self.conn.query_row("PRAGMA cache_size", [], |row| row.get(0))?;
        self.conn.pragma_update(None, "cache_size", -SCAN_CACHE_KIB)?;
        let scanned = scan_range(&self.conn, fields, order, conditions, ids);
        self.conn.pragma_update(None, "cache_size", cache_size)?;
        scanned
    }

    /// The first and the last item id, read from the two ends of the table (two subqueries:
    /// `MIN` and `MAX` in one would scan it); `None` when there are no items.
    fn item_ids(&self) -> Result<Option<RangeInclusive<ItemId>>, StoreError> {
        let (first, last): (Option<ItemId>, Option<ItemId>) = self
            .conn
            .prepare_cached("SELECT (SELECT MIN(id) FROM items), (SELECT MAX(id) FROM items)")?
            .query_row([], |row| Ok((row.get(0)?, row.get(1)?)))?;
        Ok(first.zip(last).map(|(first, last)| first..=last))
    }

    fn feed_names(&self) -> rusqlite::Result<FeedNames> {
        let mut statement = self.conn.prepare_cached("SELECT id, url, title FROM feeds")?;
        let rows = statement.query_map([], |row| Ok((row.get(0)?, (row.get(1)?, row.get(2)?))))?;
        rows.collect()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use chrono::{TimeZone, Utc};

    use super::*;
    use crate::store::IncomingItem;
    use crate::store::test_support::{store_with_items, subscribe_with};

    #[test]
    fn list_lines_carry_every_field_a_listing_prints_and_only_those() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("i.db")).unwrap();
        let items = vec![IncomingItem {
            identity: "one".into(),
            title: Some("Listed".into()),
            link: Some("https://e.example/1".into()),
            author: Some("Ann".into()),
            published: Utc.timestamp_opt(1_700_000_000, 0).single(),
            comments_url: Some("https://e.example/1#c".into()),
            comments_feed_url: Some("https://e.example/1/feed".into()),
            comment_count: Some(3),
            ..IncomingItem::default()
        }];
        subscribe_with(&mut store, "https://e.example/f", items);
        let full = store.items(&ItemQuery::default()).unwrap().remove(0);
        assert_eq!(full.author.as_deref(), Some("Ann"));
        assert_eq!(full.comment_count, Some(3));
        for filter in [ItemFilter::All, ItemFilter::Unread] {
            let query = ItemQuery {
                filter,
                fields: RowFields::ListLine,
                ..ItemQuery::default()
            };
            let line = store.items(&query).unwrap().remove(0);
            assert_eq!(
                line,
                ItemRow {
                    author: None,
                    comments_feed_url: None,
                    comment_count: None,
                    ..full.clone()
                }
            );
        }
    }

    #[test]
    fn a_long_list_leaves_the_page_cache_size_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let (store, _) = store_with_items(&dir, 3);
        store.conn.pragma_update(None, "cache_size", -3000).unwrap();
        assert_eq!(store.items(&ItemQuery::default()).unwrap().len(), 3);
        let cache_size: i64 = store
            .conn
            .query_row("PRAGMA cache_size", [], |r| r.get(0))
            .unwrap();
        assert_eq!(cache_size, -3000);
    }

    #[test]
    fn long_lists_sorted_here_match_the_index_order_exactly() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("i.db")).unwrap();
        // Two feeds whose items interleave in time, with many items sharing a second (the id
        // breaks those ties) and some without a date.
        for feed in 0..2 {
            let items = (0..SORT_HERE_FROM as i64)
                .map(|n| IncomingItem {
                    identity: format!("{feed}-{n}"),
                    // Text fields of many lengths (past one text chunk in all), some absent,
                    // some not ASCII.
                    title: Some(format!("T{feed}-{n} {}", "é—".repeat((n % 7 * 90) as usize))),
                    link: (n % 2 == 0).then(|| format!("https://e{feed}.example/{n}")),
                    author: (n % 3 == 0).then(|| format!("Ann {n}")),
                    comments_url: (n % 5 == 0).then(|| format!("https://e{feed}.example/{n}#c")),
                    published: (n % 10 != 0)
                        .then(|| {
                            Utc.timestamp_opt(1_700_000_000 + (n * 7_919 % 300) * 60, 0)
                                .single()
                        })
                        .flatten(),
                    ..IncomingItem::default()
                })
                .collect();
            subscribe_with(&mut store, &format!("https://e{feed}.example/f"), items);
        }
        let every = store.items(&ItemQuery::default()).unwrap();
        for row in every.iter().step_by(3) {
            store.set_read(row.id, true).unwrap();
        }
        for (filter, order) in [
            (ItemFilter::All, ItemOrder::NewestFirst),
            (ItemFilter::Unread, ItemOrder::NewestFirst),
            (ItemFilter::All, ItemOrder::UnreadFirst),
        ] {
            let query = |limit, offset| ItemQuery {
                filter,
                order,
                limit,
                offset,
                ..ItemQuery::default()
            };
            let sorted_here = store.items(&query(None, 0)).unwrap();
            // Pages below SORT_HERE_FROM come through the indexes, in SQLite's order.
            let mut by_index = Vec::new();
            for offset in (0..sorted_here.len()).step_by(SORT_HERE_FROM / 2) {
                by_index.extend(store.items(&query(Some(SORT_HERE_FROM / 2), offset)).unwrap());
            }
            assert_eq!(sorted_here.len(), by_index.len(), "{filter:?} {order:?}");
            assert!(sorted_here == by_index, "{filter:?} {order:?}: the orders differ");
            let skipped = store.items(&query(Some(SORT_HERE_FROM), 7)).unwrap();
            assert_eq!(
                skipped[..],
                sorted_here[7..7 + SORT_HERE_FROM],
                "offset and limit"
            );
        }
    }

    #[test]
    fn lists_are_newest_first_with_paging_and_filters() {
        let dir = tempfile::tempdir().unwrap();
        let (store, feed) = store_with_items(&dir, 5);
        let all = store.items(&ItemQuery::default()).unwrap();
        let titles: Vec<_> = all.iter().map(|i| i.title.clone().unwrap()).collect();
        assert_eq!(titles[0], "Title 4 about rust");
        assert_eq!(titles[4], "Title 0 about rust");
        let page = store
            .items(&ItemQuery {
                limit: Some(2),
                offset: 1,
                feed: Some(feed),
                ..Default::default()
            })
            .unwrap();
        assert_eq!(
            page.iter().map(|i| i.id).collect::<Vec<_>>(),
            [all[1].id, all[2].id]
        );

        store.set_read(all[0].id, true).unwrap();
        store.set_starred(all[3].id, true).unwrap();
        let unread = store
            .items(&ItemQuery {
                filter: ItemFilter::Unread,
                ..Default::default()
            })
            .unwrap();
        assert_eq!(unread.len(), 4);
        assert!(unread.iter().all(|i| !i.read));
        let starred = store
            .items(&ItemQuery {
                filter: ItemFilter::Starred,
                ..Default::default()
            })
            .unwrap();
        assert_eq!(starred.iter().map(|i| i.id).collect::<Vec<_>>(), [all[3].id]);
        let unread_first = store
            .items(&ItemQuery {
                order: ItemOrder::UnreadFirst,
                ..Default::default()
            })
            .unwrap();
        assert_eq!(unread_first.last().unwrap().id, all[0].id);
        assert_eq!(store.mark_feed_read(feed).unwrap(), 4);
        assert!(
            store
                .items(&ItemQuery {
                    filter: ItemFilter::Unread,
                    ..Default::default()
                })
                .unwrap()
                .is_empty()
        );
    }

    #[test]
    fn list_queries_use_their_indexes() {
        let dir = tempfile::tempdir().unwrap();
        let (store, _) = store_with_items(&dir, 1);
        let plan = |sql: &str| -> String {
            let mut statement = store.conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
            let rows = statement.query_map([], |r| r.get::<_, String>(3)).unwrap();
            rows.map(|r| r.unwrap()).collect::<Vec<_>>().join("; ")
        };
        let unread = plan(&format!(
            "SELECT {ITEM_COLUMNS} FROM items i WHERE i.read = 0 ORDER BY i.sorted_at DESC, i.id DESC LIMIT 50"
        ));
        assert!(
            unread.contains("items_unread") && !unread.contains("TEMP B-TREE"),
            "{unread}"
        );
        let by_feed = plan(&format!(
            "SELECT {ITEM_COLUMNS} FROM items i WHERE i.feed_id = 1 ORDER BY i.sorted_at DESC, i.id DESC"
        ));
        assert!(
            by_feed.contains("items_by_feed") && !by_feed.contains("TEMP B-TREE"),
            "{by_feed}"
        );
    }
}
