//! One item with its body, for the reader.

use rusqlite::OptionalExtension;

use super::bodies::StoredBody;
use super::rows::{ItemDetail, ROW_COLUMNS, read_row};
use super::{ItemId, Store, StoreError};

impl Store {
    /// One item with its body.
    pub fn item(&self, id: ItemId) -> Result<Option<ItemDetail>, StoreError> {
        let sql = format!(
            "SELECT {ROW_COLUMNS}, b.enclosures, b.content, b.block_id, b.block_start, b.block_len
             FROM items i JOIN feeds f ON f.id = i.feed_id LEFT JOIN item_bodies b ON b.item_id = i.id
             WHERE i.id = ?1"
        );
        let found = self
            .conn
            .prepare_cached(&sql)?
            .query_row([id], |row| {
                let detail = ItemDetail {
                    row: read_row(row)?,
                    content: None,
                    enclosures_json: row.get(14)?,
                };
                Ok((detail, StoredBody::read(row, 15)?))
            })
            .optional()?;
        let Some((mut detail, body)) = found else {
            return Ok(None);
        };
        detail.content = body.text(&self.conn, &mut None)?;
        Ok(Some(detail))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use crate::store::ItemQuery;
    use crate::store::test_support::{body, store_with_items};

    #[test]
    fn bodies_round_trip_plain_and_compressed() {
        let dir = tempfile::tempdir().unwrap();
        let (store, _) = store_with_items(&dir, 3);
        for row in store.items(&ItemQuery::default()).unwrap() {
            let detail = store.item(row.id).unwrap().unwrap();
            let n: usize = row.title.unwrap().split(' ').nth(1).unwrap().parse().unwrap();
            assert_eq!(detail.content.unwrap(), body(n as i64));
        }
        let blocks: i64 = store
            .conn
            .query_row("SELECT COUNT(*) FROM body_blocks", [], |r| r.get(0))
            .unwrap();
        assert_eq!(blocks, 1, "one refresh of one feed stores one block");
        assert!(store.item(9999).unwrap().is_none());
    }
}
