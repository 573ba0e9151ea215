//! How item bodies are stored: the bodies of the items one refresh brings from one feed, one
//! after another in one zstd frame (a *block*), each item pointing at its byte range.
//!
//! Why blocks, not one frame per body: items of one feed share most of their words and markup, and
//! a compressor only finds what repeats within one frame; a few large values also waste far less
//! of SQLite's overflow pages than many small ones. Reading one body decompresses its block (a
//! feed's worth of bodies: quick).
//!
//! Databases of the first schema hold one body per row (`item_bodies.content`: a format byte,
//! then plain or deflated UTF-8); they are still read.

use std::cell::RefCell;
use std::io::Read;

use rusqlite::{Connection, OptionalExtension, Row};

use super::StoreError;

/// zstd level 1: higher levels buy little size for much more CPU, and compression is the largest
/// CPU cost of a cold refresh.
const ZSTD_LEVEL: i32 = 1;

/// Level 1's match finder with a 2^13-entry hash table (32 KiB, which stays in the L1 cache)
/// instead of its default 2^14 for blocks this size: slightly larger output, faster compression
/// (figures in benches/README.md).
const ZSTD_HASH_LOG: u32 = 13;

thread_local! {
    /// One compression context per thread, kept: a new one for every block would allocate and
    /// clear its tables each time.
    static COMPRESSOR: RefCell<Option<zstd::bulk::Compressor<'static>>> = const { RefCell::new(None) };
}

fn compress(bytes: &[u8]) -> std::io::Result<Vec<u8>> {
    COMPRESSOR.with_borrow_mut(|kept| {
        let compressor = match kept {
            Some(compressor) => compressor,
            None => {
                let mut compressor = zstd::bulk::Compressor::new(ZSTD_LEVEL)?;
                compressor.set_parameter(zstd::zstd_safe::CParameter::HashLog(ZSTD_HASH_LOG))?;
                kept.insert(compressor)
            }
        };
        compressor.compress(bytes)
    })
}

/// Bodies laid end to end, and where each one is.
#[derive(Debug, Default)]
pub struct BlockBuilder {
    bytes: Vec<u8>,
    /// Per item given to [`BlockBuilder::push`]: its `(start, len)` in the block, when it has a body.
    ranges: Vec<Option<(usize, usize)>>,
}

impl BlockBuilder {
    pub fn push(&mut self, content: Option<&str>) {
        self.push_bytes(content.map(str::as_bytes));
    }

    fn push_bytes(&mut self, content: Option<&[u8]>) {
        let range = content.map(|body| {
            let start = self.bytes.len();
            self.bytes.extend_from_slice(body);
            (start, body.len())
        });
        self.ranges.push(range);
    }

    /// The block compressed, with each pushed item's range; `None` when no item had a body.
    pub fn finish(self) -> std::io::Result<Option<Block>> {
        if self.ranges.iter().all(Option::is_none) {
            return Ok(None);
        }
        let data = compress(&self.bytes)?;
        Ok(Some(Block {
            data,
            ranges: self.ranges,
        }))
    }
}

/// A compressed block ready to store.
#[derive(Debug)]
pub struct Block {
    pub data: Vec<u8>,
    pub ranges: Vec<Option<(usize, usize)>>,
}

impl Block {
    /// A block of just the items at `indices` (in that order), cut out of this one: when only
    /// some of a feed's items are new, only theirs are stored.
    pub fn select(&self, indices: impl IntoIterator<Item = usize>) -> std::io::Result<Option<Block>> {
        let opened = zstd::stream::decode_all(self.data.as_slice())?;
        let mut builder = BlockBuilder::default();
        for index in indices {
            let body = self
                .ranges
                .get(index)
                .copied()
                .flatten()
                .and_then(|(start, len)| opened.get(start..start.checked_add(len)?));
            builder.push_bytes(body);
        }
        builder.finish()
    }
}

/// Compresses `bodies` (one per item, `None` for an item without one) as one block.
pub fn block_of<'a>(
    bodies: impl IntoIterator<Item = Option<&'a str>, IntoIter: Clone>,
) -> std::io::Result<Option<Block>> {
    let bodies = bodies.into_iter();
    // Sized up front: grown by doubling, the block of a feed's bodies (hundreds of KB) would be
    // copied at every step.
    let (count, bytes) = (bodies.clone()).fold((0, 0), |(count, bytes), body| {
        (count + 1, bytes + body.map_or(0, str::len))
    });
    let mut builder = BlockBuilder {
        bytes: Vec::with_capacity(bytes),
        ranges: Vec::with_capacity(count),
    };
    for body in bodies {
        builder.push(body);
    }
    builder.finish()
}

/// A block's bodies, decompressed.
pub fn open_block(data: &[u8]) -> Option<Vec<u8>> {
    zstd::stream::decode_all(data).ok()
}

/// One body out of an opened block; `None` when the range does not fit (a damaged row).
pub fn body_in(block: &[u8], start: i64, len: i64) -> Option<String> {
    let start = usize::try_from(start).ok()?;
    let end = start.checked_add(usize::try_from(len).ok()?)?;
    let bytes = block.get(start..end)?;
    Some(String::from_utf8_lossy(bytes).into_owned())
}

const PLAIN: u8 = 0;
const DEFLATED: u8 = 1;

/// A body stored by the first schema, one per row: a format byte, then plain or deflated UTF-8.
pub fn unpack_legacy(packed: &[u8]) -> Option<String> {
    let (&format, body) = packed.split_first()?;
    match format {
        DEFLATED => {
            let mut text = String::new();
            flate2::read::DeflateDecoder::new(body)
                .read_to_string(&mut text)
                .ok()?;
            Some(text)
        }
        PLAIN => Some(String::from_utf8_lossy(body).into_owned()),
        _ => None,
    }
}

/// Where an item's body is: in a block, or (first schema) in its own row.
pub(super) struct StoredBody {
    legacy: Option<Vec<u8>>,
    block: Option<(i64, i64, i64)>,
}

impl StoredBody {
    /// Reads columns `at`, `at + 1` ... as `content, block_id, block_start, block_len`.
    pub(super) fn read(row: &Row<'_>, at: usize) -> rusqlite::Result<StoredBody> {
        let block_id: Option<i64> = row.get(at + 1)?;
        let block = match block_id {
            Some(id) => Some((id, row.get(at + 2)?, row.get(at + 3)?)),
            None => None,
        };
        Ok(StoredBody {
            legacy: row.get(at)?,
            block,
        })
    }

    /// The body's text. `opened` keeps the last block decompressed: consecutive items usually
    /// share one.
    pub(super) fn text(
        &self,
        conn: &Connection,
        opened: &mut Option<(i64, Vec<u8>)>,
    ) -> Result<Option<String>, StoreError> {
        let Some((id, start, len)) = self.block else {
            return Ok(self.legacy.as_deref().and_then(unpack_legacy));
        };
        if opened.as_ref().is_none_or(|(open_id, _)| *open_id != id) {
            let data: Option<Vec<u8>> = conn
                .prepare_cached("SELECT data FROM body_blocks WHERE id = ?1")?
                .query_row([id], |row| row.get(0))
                .optional()?;
            *opened = data.and_then(|data| open_block(&data)).map(|bytes| (id, bytes));
        }
        Ok(opened.as_ref().and_then(|(_, bytes)| body_in(bytes, start, len)))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn bodies_come_back_from_their_block_and_items_without_one_have_no_range() {
        let bodies = [Some("<p>first</p>"), None, Some("<p>ünïcode second</p>")];
        let block = block_of(bodies).unwrap().unwrap();
        assert_eq!(block.ranges[1], None);
        let opened = open_block(&block.data).unwrap();
        let body = |i: usize| {
            let (start, len) = block.ranges[i].unwrap();
            body_in(&opened, start as i64, len as i64).unwrap()
        };
        assert_eq!(body(0), "<p>first</p>");
        assert_eq!(body(2), "<p>ünïcode second</p>");
        assert_eq!(body_in(&opened, 5, 1000), None, "a range past the end is refused");
        assert_eq!(body_in(&opened, -1, 2), None);
        assert!(block_of([None]).unwrap().is_none(), "no bodies, no block");
        assert_eq!(open_block(b"not zstd"), None);

        let picked = block.select([2, 1]).unwrap().unwrap();
        let opened = open_block(&picked.data).unwrap();
        let (start, len) = picked.ranges[0].unwrap();
        assert_eq!(
            body_in(&opened, start as i64, len as i64).unwrap(),
            "<p>ünïcode second</p>"
        );
        assert_eq!(picked.ranges[1], None);
        assert!(block.select([1]).unwrap().is_none(), "no bodies picked, no block");
    }

    #[test]
    fn first_schema_bodies_still_read() {
        let mut deflated = vec![DEFLATED];
        let mut encoder = flate2::write::DeflateEncoder::new(&mut deflated, flate2::Compression::fast());
        std::io::Write::write_all(&mut encoder, "<p>old body</p>".as_bytes()).unwrap();
        encoder.finish().unwrap();
        assert_eq!(unpack_legacy(&deflated).as_deref(), Some("<p>old body</p>"));
        assert_eq!(unpack_legacy(b"\0<p>plain</p>").as_deref(), Some("<p>plain</p>"));
        assert_eq!(unpack_legacy(&[9, 1, 2]), None, "an unknown format reads as none");
    }
}
