//! The one HTTP client: timeouts, redirect and size limits, compression, conditional GET, a limit
//! of concurrent requests per host, and folio's User-Agent. It brings bytes; it never parses them.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use reqwest::StatusCode;
use reqwest::header::{self, HeaderMap, HeaderValue};
use tokio::sync::Semaphore;
use url::Url;

use crate::charset::{self, DocumentKind};

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
            .redirect(reqwest::redirect::Policy::limited(limits.max_redirects))
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
        let parsed = Url::parse(url).map_err(|_| FetchError::InvalidUrl(url.to_string()))?;
        if !matches!(parsed.scheme(), "http" | "https") || parsed.host_str().is_none() {
            return Err(FetchError::InvalidUrl(url.to_string()));
        }
        let host_limit = self.host_semaphore(&parsed);
        let _permit = host_limit
            .acquire()
            .await
            .map_err(|e| FetchError::Network(e.to_string()))?;
        // reqwest's own timeout covers the body too; this one also bounds our reading loop.
        let seconds = self.limits.timeout.as_secs();
        tokio::time::timeout(self.limits.timeout, self.get_now(parsed, validators))
            .await
            .map_err(|_| FetchError::Timeout(seconds))?
    }

    async fn get_now(&self, url: Url, validators: &Validators) -> Result<FetchOutcome, FetchError> {
        let mut request = self.client.get(url);
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
        if status == StatusCode::NOT_MODIFIED {
            return Ok(FetchOutcome::NotModified);
        }
        if !status.is_success() {
            return Err(FetchError::Status(status.as_u16()));
        }
        let headers = response.headers().clone();
        let cap = self.limits.max_body_bytes;
        let encoded = headers.contains_key(header::CONTENT_ENCODING);
        if !encoded && response.content_length().is_some_and(|len| len > cap) {
            return Err(FetchError::TooLarge(cap));
        }
        let final_url = response.url().clone();
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
        Ok(FetchOutcome::Fetched(FetchedBody {
            final_url,
            status: status.as_u16(),
            content_type: header_text(&headers, header::CONTENT_TYPE),
            validators: Validators {
                etag: header_text(&headers, header::ETAG),
                last_modified: header_text(&headers, header::LAST_MODIFIED),
            },
            body,
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
        } else if error.is_redirect() {
            FetchError::TooManyRedirects(self.limits.max_redirects)
        } else if error.is_connect() {
            FetchError::Connect(root_cause(error))
        } else {
            FetchError::Network(error_chain(error))
        }
    }
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
