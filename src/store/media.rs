//! Enclosures as the media commands read them (which items have some, each item's JSON) and
//! where each enclosure URL was downloaded to.

use rusqlite::{OptionalExtension, params};

use super::{FeedId, ItemId, Store, StoreError, to_timestamp};

/// An item with enclosures: what `folio enclosures` prints beside each of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnclosureRow {
    pub item_id: ItemId,
    pub feed_id: FeedId,
    pub feed_url: String,
    pub item_title: Option<String>,
    pub item_link: Option<String>,
    /// The enclosures as the JSON the refresh stored.
    pub enclosures_json: String,
}

impl Store {
    /// Every item with enclosures (of one feed, or all), newest first.
    pub fn items_with_enclosures(&self, feed: Option<FeedId>) -> Result<Vec<EnclosureRow>, StoreError> {
        let mut statement = self.conn.prepare_cached(
            "SELECT i.id, i.feed_id, f.url, i.title, i.link, b.enclosures
             FROM item_bodies b JOIN items i ON i.id = b.item_id JOIN feeds f ON f.id = i.feed_id
             WHERE b.enclosures IS NOT NULL AND (?1 IS NULL OR i.feed_id = ?1)
             ORDER BY i.sorted_at DESC, i.id DESC",
        )?;
        let rows = statement.query_map([feed], |row| {
            Ok(EnclosureRow {
                item_id: row.get(0)?,
                feed_id: row.get(1)?,
                feed_url: row.get(2)?,
                item_title: row.get(3)?,
                item_link: row.get(4)?,
                enclosures_json: row.get(5)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The enclosures JSON of one item (`None`: no such item, or no enclosures).
    pub fn item_enclosures(&self, item: ItemId) -> Result<Option<String>, StoreError> {
        Ok(self
            .conn
            .prepare_cached("SELECT enclosures FROM item_bodies WHERE item_id = ?1")?
            .query_row([item], |row| row.get(0))
            .optional()?
            .flatten())
    }

    /// The item whose link is `link`, the newest when several are.
    pub fn item_with_link(&self, link: &str) -> Result<Option<ItemId>, StoreError> {
        Ok(self
            .conn
            .prepare_cached("SELECT id FROM items WHERE link = ?1 ORDER BY sorted_at DESC, id DESC LIMIT 1")?
            .query_row([link], |row| row.get(0))
            .optional()?)
    }

    /// Notes that `url` was saved at `path` (`bytes` long); a later download of it replaces this.
    pub fn record_download(&mut self, url: &str, path: &str, bytes: u64) -> Result<(), StoreError> {
        self.conn
            .prepare_cached(
                "INSERT INTO downloads (url, path, bytes, finished) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (url) DO UPDATE SET path = ?2, bytes = ?3, finished = ?4",
            )?
            .execute(params![
                url,
                path,
                i64::try_from(bytes).unwrap_or(i64::MAX),
                to_timestamp(chrono::Utc::now())
            ])?;
        Ok(())
    }

    /// Where `url` was last saved, if it was.
    pub fn download_path(&self, url: &str) -> Result<Option<String>, StoreError> {
        Ok(self
            .conn
            .prepare_cached("SELECT path FROM downloads WHERE url = ?1")?
            .query_row([url], |row| row.get(0))
            .optional()?)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::store::test_support::subscribe_with;
    use crate::store::{IncomingItem, ItemQuery, MediaKind};

    #[test]
    fn items_with_enclosures_their_marks_and_downloads() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("m.db")).unwrap();
        let json = r#"[{"url":"https://cast.example/e1.mp3","media_type":"audio/mpeg"}]"#;
        let items = vec![
            IncomingItem {
                identity: "e1".into(),
                title: Some("Episode 1".into()),
                link: Some("https://cast.example/e1".into()),
                enclosures_json: Some(json.into()),
                media: Some(MediaKind::Audio),
                ..IncomingItem::default()
            },
            IncomingItem {
                identity: "post".into(),
                title: Some("A post".into()),
                ..IncomingItem::default()
            },
        ];
        let feed = subscribe_with(&mut store, "https://cast.example/feed", items);
        let rows = store.items_with_enclosures(None).unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].enclosures_json, json);
        assert_eq!(store.items_with_enclosures(Some(feed)).unwrap().len(), 1);
        assert!(store.items_with_enclosures(Some(feed + 1)).unwrap().is_empty());
        assert_eq!(
            store.item_with_link("https://cast.example/e1").unwrap(),
            Some(rows[0].item_id)
        );
        assert_eq!(
            store.item_enclosures(rows[0].item_id).unwrap().as_deref(),
            Some(json)
        );

        let marks: Vec<Option<MediaKind>> = store
            .items(&ItemQuery::default())
            .unwrap()
            .iter()
            .map(|r| r.media)
            .collect();
        assert!(
            marks.contains(&Some(MediaKind::Audio)) && marks.contains(&None),
            "{marks:?}"
        );

        assert_eq!(store.download_path("https://cast.example/e1.mp3").unwrap(), None);
        store
            .record_download("https://cast.example/e1.mp3", "/tmp/e1.mp3", 10)
            .unwrap();
        store
            .record_download("https://cast.example/e1.mp3", "/tmp/e1 (1).mp3", 10)
            .unwrap();
        assert_eq!(
            store
                .download_path("https://cast.example/e1.mp3")
                .unwrap()
                .as_deref(),
            Some("/tmp/e1 (1).mp3")
        );
    }
}
