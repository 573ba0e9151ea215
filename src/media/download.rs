//! Saving an enclosure to disk: streamed to a `.part` file beside its final place, resumed with
//! `Range` from what an interrupted download left (started over when the server ignores the
//! range), checked against the length the server announced, then renamed to a free, safe name.
//! Never more than the limit's bytes; a failed download leaves its part file for the next try.

use std::io::Write;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::file_name;
use crate::fetch::FetchError;
use crate::fetch::download::Downloader;
use crate::links;

/// Bytes gathered before each write to the part file.
const WRITE_BUFFER: usize = 1 << 20;

/// How far a download has come.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub done: u64,
    pub total: Option<u64>,
}

/// A finished download.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Saved {
    pub path: PathBuf,
    pub bytes: u64,
    /// Bytes an earlier, interrupted download had already brought (0 when it started afresh).
    pub resumed_from: u64,
}

#[derive(Debug, thiserror::Error)]
pub enum DownloadError {
    #[error("{0}")]
    Refused(#[from] links::Refused),
    #[error("{0}")]
    Fetch(#[from] FetchError),
    #[error("the server sent {got} of the {expected} bytes it announced (run it again to resume)")]
    Truncated { got: u64, expected: u64 },
    #[error("the server sent more than the {0} bytes it announced")]
    Overlong(u64),
    #[error("{path}: {source}")]
    File { path: String, source: std::io::Error },
}

fn file_error(path: &Path) -> impl FnOnce(std::io::Error) -> DownloadError + '_ {
    move |source| DownloadError::File {
        path: path.display().to_string(),
        source,
    }
}

/// The part file of `url` in `dir`: named after the URL's file name and a hash of the URL, so the
/// same URL finds its part again and two URLs of one file name do not share one.
pub fn part_path(dir: &Path, url: &str) -> PathBuf {
    let digest = Sha256::digest(url.as_bytes());
    let tag: String = digest.iter().take(4).map(|b| format!("{b:02x}")).collect();
    dir.join(format!("{}.{tag}.part", file_name::from_url(url, None)))
}

/// Downloads `url` into `dir`, reporting progress as bytes arrive; returns where it was saved.
pub async fn download(
    downloader: &Downloader,
    url: &str,
    dir: &Path,
    mut progress: impl FnMut(Progress),
) -> Result<Saved, DownloadError> {
    let url = links::openable(url, None)?.to_string();
    std::fs::create_dir_all(dir).map_err(file_error(dir))?;
    let part = part_path(dir, &url);
    let have = std::fs::metadata(&part).map(|m| m.len()).unwrap_or(0);
    let mut transfer = downloader.start(&url, have).await?;
    let max = downloader.limits().max_bytes;
    // The part is appended to when the server sent the rest of it, written afresh otherwise.
    let resumed_from = transfer.offset;
    let file = std::fs::OpenOptions::new()
        .create(true)
        .write(true)
        .append(resumed_from > 0)
        .truncate(resumed_from == 0)
        .open(&part)
        .map_err(file_error(&part))?;
    let mut out = std::io::BufWriter::with_capacity(WRITE_BUFFER, file);
    let mut done = resumed_from;
    progress(Progress {
        done,
        total: transfer.total,
    });
    let received = loop {
        let chunk = match transfer.chunk().await {
            Ok(Some(chunk)) => chunk,
            Ok(None) => break Ok(()),
            // A connection closed early is a short file, whatever the client calls it.
            Err(_) if transfer.total.is_some_and(|total| done < total) => break Ok(()),
            Err(error) => break Err(DownloadError::from(error)),
        };
        let bytes = chunk.as_ref();
        done += bytes.len() as u64;
        if done > max {
            break Err(FetchError::TooLarge(max).into());
        }
        if let Some(total) = transfer.total.filter(|&total| done > total) {
            break Err(DownloadError::Overlong(total));
        }
        if let Err(error) = out.write_all(bytes) {
            break Err(file_error(&part)(error));
        }
        progress(Progress {
            done,
            total: transfer.total,
        });
    };
    // What arrived is kept, even on failure: the next try resumes from it.
    out.flush().map_err(file_error(&part))?;
    drop(out);
    received?;
    if let Some(expected) = transfer.total.filter(|&total| done < total) {
        return Err(DownloadError::Truncated { got: done, expected });
    }
    // Named after the address asked for, which the user knows (redirects often end at a
    // tracker's or a CDN's hashed name).
    let name = file_name::from_url(&url, transfer.content_type.as_deref());
    let path = file_name::reserve(dir, &name).map_err(file_error(dir))?;
    std::fs::rename(&part, &path).map_err(file_error(&path))?;
    Ok(Saved {
        path,
        bytes: done,
        resumed_from,
    })
}
