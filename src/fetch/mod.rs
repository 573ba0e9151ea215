//! The one HTTP client: timeouts, redirect and size limits, compression, conditional GET, a limit
//! of concurrent requests per host (each hop of a redirect counts against its own host's), and
//! folio's User-Agent. It brings bytes and what the server said about asking again (`hints`); it
//! never parses bodies.

pub mod download;
pub mod hints;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use reqwest::StatusCode;
use reqwest::header::{self, HeaderMap, HeaderValue};
use tokio::sync::Semaphore;
use url::Url;

use crate::markup::charset::{self, DocumentKind};

pub const USER_AGENT: &str = concat!("folio/", env!("CARGO_PKG_VERSION"));

/// How far a fetch may go before it is stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FetchLimits {
    pub connect_timeout: Duration,
    /// The whole request, body included: a server that drips bytes is cut off here.
    pub timeout: Duration,
    /// Counted on the decompressed body, so a small gzip bomb stops here too.
    pub max_body_bytes: u64,
    pub max_redirects: usize,
    /// Requests in flight to one host at once (politeness, and fairness between feeds).
    pub per_host: usize,
}

impl Default for FetchLimits {
    fn default() -> Self {
        Self {
            connect_timeout: Duration::from_secs(10),
            timeout: Duration::from_secs(30),
            max_body_bytes: 16 * 1024 * 1024,
            max_redirects: 10,
            per_host: 2,
        }
    }
}

/// The validators of a stored copy, sent back as `If-None-Match` / `If-Modified-Since`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Validators {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

/// What a GET brought back, with how long the server says it stays fresh.
#[derive(Debug)]
pub struct Fetched {
    pub outcome: FetchOutcome,
    /// `Cache-Control: max-age` (capped at [`hints::MAX_WAIT`]).
    pub max_age: Option<Duration>,
}

/// What a GET brought back.
#[derive(Debug)]
pub enum FetchOutcome {
    /// 304: the stored copy is current.
    NotModified,
    Fetched(FetchedBody),
}

/// A successful (2xx) response, body read in full.
#[derive(Debug)]
pub struct FetchedBody {
    /// Where the body came from, after redirects (resolve relative links against this).
    pub final_url: Url,
    pub status: u16,
    pub content_type: Option<String>,
    pub validators: Validators,
    pub body: Vec<u8>,
}

impl FetchedBody {
    /// The body as text, in the charset the headers and the document declare.
    pub fn text(&self, kind: DocumentKind) -> String {
        charset::decode(&self.body, self.content_type.as_deref(), kind)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    #[error("not a valid http(s) URL: {0}")]
    InvalidUrl(String),
    #[error("timed out after {0} s")]
    Timeout(u64),
    #[error("too many redirects (more than {0})")]
    TooManyRedirects(usize),
    #[error("cannot connect: {0}")]
    Connect(String),
    #[error("HTTP {0}")]
    Status(u16),
    /// 429 or 503 with a `Retry-After`: the server asks to be left alone this long.
    #[error("HTTP {status}, asked to wait {} s", retry_after.as_secs())]
    RetryLater { status: u16, retry_after: Duration },
    #[error("response larger than {0} bytes")]
    TooLarge(u64),
    #[error("{0}")]
    Network(String),
    #[error("cannot set up the HTTP client: {0}")]
    Client(String),
}

/// The HTTP client. Cheap to clone: clones share connections and per-host limits.
#[derive(Clone)]
pub struct Fetcher {
    client: reqwest::Client,
    limits: FetchLimits,
    hosts: Arc<Mutex<HashMap<String, Arc<Semaphore>>>>,
}

impl Fetcher {
    pub fn new(limits: FetchLimits) -> Result<Fetcher, FetchError> {
        // Another part of the program may have installed it already: either way one is in place.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let client = reqwest::Client::builder()
            .user_agent(USER_AGENT)
            .connect_timeout(limits.connect_timeout)
            .timeout(limits.timeout)
            // Redirects are followed by `fetch`, so that each hop waits for its own host's turn.
            .redirect(reqwest::redirect::Policy::none())
            .gzip(true)
            .brotli(true)
            .deflate(true)
            .build()
            .map_err(|e| FetchError::Client(error_chain(&e)))?;
        Ok(Fetcher {
            client,
            limits,
            hosts: Arc::default(),
        })
    }

    pub fn limits(&self) -> FetchLimits {
        self.limits
    }

    /// GETs `url`, conditionally when `validators` has any.
    pub async fn get(&self, url: &str, validators: &Validators) -> Result<FetchOutcome, FetchError> {
        self.fetch(url, validators).await.map(|fetched| fetched.outcome)
    }

    /// [`Fetcher::get`], with what the server said about freshness. Redirects are followed here,
    /// each hop taking a turn of its own host's limit (a feed moved to a busy host waits for it
    /// like the feeds already there); the timeout covers the time spent in requests, not the
    /// time spent waiting for a turn.
    pub async fn fetch(&self, url: &str, validators: &Validators) -> Result<Fetched, FetchError> {
        let mut url = web_url(url).ok_or_else(|| FetchError::InvalidUrl(url.to_string()))?;
        let mut time_left = self.limits.timeout;
        for _ in 0..=self.limits.max_redirects {
            let host_limit = self.host_semaphore(&url);
            let _turn = host_limit
                .acquire()
                .await
                .map_err(|e| FetchError::Network(e.to_string()))?;
            let started = Instant::now();
            // reqwest's own timeout covers the body too; this one also bounds our reading loop.
            let seconds = self.limits.timeout.as_secs();
            let hop = tokio::time::timeout(time_left, self.get_once(&url, validators))
                .await
                .map_err(|_| FetchError::Timeout(seconds))??;
            time_left = time_left.saturating_sub(started.elapsed());
            match hop {
                Hop::Done(fetched) => return Ok(fetched),
                Hop::Redirect(next) => url = next,
            }
        }
        Err(FetchError::TooManyRedirects(self.limits.max_redirects))
    }

    /// One request: an answer, or where a redirect points.
    async fn get_once(&self, url: &Url, validators: &Validators) -> Result<Hop, FetchError> {
        let mut request = self.client.get(url.clone());
        if let Some(etag) = validators
            .etag
            .as_deref()
            .and_then(|v| HeaderValue::from_str(v).ok())
        {
            request = request.header(header::IF_NONE_MATCH, etag);
        }
        if let Some(date) = validators
            .last_modified
            .as_deref()
            .and_then(|v| HeaderValue::from_str(v).ok())
        {
            request = request.header(header::IF_MODIFIED_SINCE, date);
        }
        let mut response = request.send().await.map_err(|e| self.classify(&e))?;
        let status = response.status();
        let max_age = hints::max_age(response.headers());
        if status == StatusCode::NOT_MODIFIED {
            return Ok(Hop::Done(Fetched {
                outcome: FetchOutcome::NotModified,
                max_age,
            }));
        }
        if status.is_redirection() {
            let location = header_text(response.headers(), header::LOCATION)
                .ok_or(FetchError::Status(status.as_u16()))?;
            let next = url
                .join(&location)
                .ok()
                .filter(|next| web_url(next.as_str()).is_some())
                .ok_or(FetchError::InvalidUrl(location))?;
            return Ok(Hop::Redirect(next));
        }
        if !status.is_success() {
            let busy = matches!(status.as_u16(), 429 | 503);
            return Err(match hints::retry_after(response.headers(), chrono::Utc::now()) {
                Some(retry_after) if busy => FetchError::RetryLater {
                    status: status.as_u16(),
                    retry_after,
                },
                _ => FetchError::Status(status.as_u16()),
            });
        }
        let headers = response.headers().clone();
        let cap = self.limits.max_body_bytes;
        let encoded = headers.contains_key(header::CONTENT_ENCODING);
        if !encoded && response.content_length().is_some_and(|len| len > cap) {
            return Err(FetchError::TooLarge(cap));
        }
        // Sized once when the length is known: growing by doubling copied a big feed several
        // times and could leave half of its last buffer unused (the refresh holds 16 at once).
        // A length that lies only reserves address space: pages are not touched until written.
        let known_length = (!encoded).then(|| response.content_length()).flatten();
        let mut body = Vec::with_capacity(known_length.map_or(0, |len| len.min(cap) as usize));
        while let Some(chunk) = response.chunk().await.map_err(|e| self.classify(&e))? {
            if body.len() as u64 + chunk.len() as u64 > cap {
                return Err(FetchError::TooLarge(cap));
            }
            body.extend_from_slice(&chunk);
        }
        Ok(Hop::Done(Fetched {
            outcome: FetchOutcome::Fetched(FetchedBody {
                final_url: url.clone(),
                status: status.as_u16(),
                content_type: header_text(&headers, header::CONTENT_TYPE),
                validators: Validators {
                    etag: header_text(&headers, header::ETAG),
                    last_modified: header_text(&headers, header::LAST_MODIFIED),
                },
                body,
            }),
            max_age,
        }))
    }

    fn host_semaphore(&self, url: &Url) -> Arc<Semaphore> {
        let key = format!(
            "{}:{}",
            url.host_str().unwrap_or_default(),
            url.port_or_known_default().unwrap_or(0)
        );
        let mut hosts = self
            .hosts
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        hosts
            .entry(key)
            .or_insert_with(|| Arc::new(Semaphore::new(self.limits.per_host.max(1))))
            .clone()
    }

    fn classify(&self, error: &reqwest::Error) -> FetchError {
        if error.is_timeout() {
            FetchError::Timeout(self.limits.timeout.as_secs())
        } else if error.is_connect() {
            FetchError::Connect(root_cause(error))
        } else {
            FetchError::Network(error_chain(error))
        }
    }
}

/// One request's result: an answer, or the next hop of a redirect.
enum Hop {
    Done(Fetched),
    Redirect(Url),
}

/// `url` when it is an http(s) URL with a host: the only kind fetched.
fn web_url(url: &str) -> Option<Url> {
    Url::parse(url)
        .ok()
        .filter(|u| matches!(u.scheme(), "http" | "https") && u.host_str().is_some())
}

fn header_text(headers: &HeaderMap, name: header::HeaderName) -> Option<String> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
}

/// An error and its causes on one line, outermost first.
fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !text.contains(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    text
}

/// The innermost cause: for connection errors, the one that says what happened ("Connection refused").
fn root_cause(error: &dyn std::error::Error) -> String {
    let mut inner: &dyn std::error::Error = error;
    while let Some(cause) = inner.source() {
        inner = cause;
    }
    inner.to_string()
}
