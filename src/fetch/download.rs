//! The HTTP side of downloads: large files, streamed, resumed. Its own limits, not a feed's: no
//! whole-request timeout (a 2 GiB episode takes minutes) but one on each read, and a maximum size
//! of its own. Bodies come as they are sent (no compression asked for), so a byte count and a
//! `Range` mean the same bytes on both sides.

use std::time::Duration;

use reqwest::StatusCode;
use reqwest::header::{self, HeaderValue};
use url::Url;

use super::{FetchError, USER_AGENT, error_chain, header_text, root_cause, web_url};

/// How far a download may go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DownloadLimits {
    pub connect_timeout: Duration,
    /// The longest wait for the next bytes: a server that stops sending is cut off here.
    pub idle_timeout: Duration,
    /// The largest file accepted.
    pub max_bytes: u64,
    pub max_redirects: usize,
}

impl Default for DownloadLimits {
    fn default() -> Self {
        DownloadLimits {
            connect_timeout: Duration::from_secs(10),
            idle_timeout: Duration::from_secs(60),
            max_bytes: 2 * 1024 * 1024 * 1024,
            max_redirects: 10,
        }
    }
}

/// The client for downloads. Cheap to clone.
#[derive(Clone)]
pub struct Downloader {
    client: reqwest::Client,
    limits: DownloadLimits,
}

/// An answer being received: where its bytes go in the file and how long the file is.
pub struct Transfer {
    response: Option<reqwest::Response>,
    /// Where the body's first byte goes in the file: what we had when the server honoured our
    /// `Range`, 0 when it sent the whole file again.
    pub offset: u64,
    /// The whole file's length, when the server says it.
    pub total: Option<u64>,
    pub content_type: Option<String>,
    /// Where the file came from, after redirects.
    pub final_url: Url,
    idle_timeout: Duration,
}

impl Transfer {
    /// The next bytes of the body; `None` at its end.
    pub async fn chunk(&mut self) -> Result<Option<impl AsRef<[u8]> + use<>>, FetchError> {
        let Some(response) = self.response.as_mut() else {
            return Ok(None);
        };
        let seconds = self.idle_timeout.as_secs();
        match tokio::time::timeout(self.idle_timeout, response.chunk()).await {
            Err(_) => Err(FetchError::Timeout(seconds)),
            Ok(Err(e)) if e.is_timeout() => Err(FetchError::Timeout(seconds)),
            Ok(Err(e)) => Err(FetchError::Network(error_chain(&e))),
            Ok(Ok(chunk)) => Ok(chunk),
        }
    }
}

impl Downloader {
    pub fn new(limits: DownloadLimits) -> Result<Downloader, FetchError> {
        let _ = rustls::crypto::ring::default_provider().install_default();
        let client = reqwest::Client::builder()
            .user_agent(USER_AGENT)
            .connect_timeout(limits.connect_timeout)
            .read_timeout(limits.idle_timeout)
            .redirect(reqwest::redirect::Policy::limited(limits.max_redirects))
            .no_gzip()
            .no_brotli()
            .no_deflate()
            .build()
            .map_err(|e| FetchError::Client(error_chain(&e)))?;
        Ok(Downloader { client, limits })
    }

    pub fn limits(&self) -> DownloadLimits {
        self.limits
    }

    /// Asks for `url` from byte `have` on (the whole file when `have` is 0). A server that
    /// ignores the `Range` sends the whole file: [`Transfer::offset`] is then 0 and the caller
    /// starts over. A server that says it has no more than `have` bytes gives an empty transfer.
    pub async fn start(&self, url: &str, have: u64) -> Result<Transfer, FetchError> {
        let url = web_url(url).ok_or_else(|| FetchError::InvalidUrl(url.to_string()))?;
        let mut request = self.client.get(url.clone());
        if have > 0 {
            let range = HeaderValue::from_str(&format!("bytes={have}-"))
                .map_err(|e| FetchError::Client(e.to_string()))?;
            request = request.header(header::RANGE, range);
        }
        let response = request.send().await.map_err(|e| self.classify(&e))?;
        let status = response.status();
        let final_url = response.url().clone();
        let content_type = header_text(response.headers(), header::CONTENT_TYPE);
        let content_range = header_text(response.headers(), header::CONTENT_RANGE);
        let transfer = |response, offset, total| Transfer {
            response,
            offset,
            total,
            content_type: content_type.clone(),
            final_url: final_url.clone(),
            idle_timeout: self.limits.idle_timeout,
        };
        let done = match status {
            StatusCode::PARTIAL_CONTENT if have > 0 => {
                match content_range.as_deref().and_then(parse_content_range) {
                    // The rest of what we have: append.
                    Some(Range::Bytes { start, total }) if start == have => {
                        transfer(Some(response), have, total)
                    }
                    // Another part than asked for: start again from nothing.
                    _ => return Box::pin(self.start(url.as_str(), 0)).await,
                }
            }
            StatusCode::RANGE_NOT_SATISFIABLE if have > 0 => {
                match content_range.as_deref().and_then(parse_content_range) {
                    Some(Range::Unsatisfied { total }) if total == have => transfer(None, have, Some(have)),
                    _ => return Box::pin(self.start(url.as_str(), 0)).await,
                }
            }
            status if status.is_success() => {
                let total = response.content_length();
                transfer(Some(response), 0, total)
            }
            status => return Err(FetchError::Status(status.as_u16())),
        };
        if done.total.is_some_and(|total| total > self.limits.max_bytes) {
            return Err(FetchError::TooLarge(self.limits.max_bytes));
        }
        Ok(done)
    }

    fn classify(&self, error: &reqwest::Error) -> FetchError {
        if error.is_timeout() {
            FetchError::Timeout(self.limits.connect_timeout.as_secs())
        } else if error.is_connect() {
            FetchError::Connect(root_cause(error))
        } else if error.is_redirect() {
            FetchError::TooManyRedirects(self.limits.max_redirects)
        } else {
            FetchError::Network(error_chain(error))
        }
    }
}

/// A `Content-Range` header's meaning.
#[derive(Debug, PartialEq, Eq)]
enum Range {
    /// `bytes START-END/TOTAL` (TOTAL may be `*`).
    Bytes { start: u64, total: Option<u64> },
    /// `bytes */TOTAL`: what a 416 says the file's length is.
    Unsatisfied { total: u64 },
}

fn parse_content_range(value: &str) -> Option<Range> {
    let spec = value.trim().strip_prefix("bytes")?.trim_start();
    let (range, total) = spec.split_once('/')?;
    let total = total.trim();
    if range.trim() == "*" {
        return Some(Range::Unsatisfied {
            total: total.parse().ok()?,
        });
    }
    let (start, _end) = range.split_once('-')?;
    Some(Range::Bytes {
        start: start.trim().parse().ok()?,
        total: if total == "*" {
            None
        } else {
            Some(total.parse().ok()?)
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_ranges_are_read_and_nonsense_is_not() {
        assert_eq!(
            parse_content_range("bytes 100-199/200"),
            Some(Range::Bytes {
                start: 100,
                total: Some(200)
            })
        );
        assert_eq!(
            parse_content_range("bytes 5-9/*"),
            Some(Range::Bytes {
                start: 5,
                total: None
            })
        );
        assert_eq!(
            parse_content_range("bytes */42"),
            Some(Range::Unsatisfied { total: 42 })
        );
        for bad in [
            "",
            "bytes",
            "items 1-2/3",
            "bytes x-2/3",
            "bytes 1-2/y",
            "bytes */*",
        ] {
            assert_eq!(parse_content_range(bad), None, "{bad}");
        }
    }
}
