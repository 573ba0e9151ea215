//! A small real HTTP/1.1 server on 127.0.0.1 serving in-memory routes: fixture feeds for tests, the
//! corpus for the refresh benchmark, and the bundled sample feeds of `folio demo`.
//!
//! Content routes answer conditional requests (ETag / Last-Modified, 304) and `Range: bytes=N-`
//! (206), and may be gzipped on the fly. Other routes misbehave on purpose (a status, a redirect, a slow drip) so tests can show how
//! folio copes with bad servers. The server runs on its own thread and stops when dropped.

use std::collections::HashMap;
use std::io::Write as _;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::Duration;

use sha2::{Digest, Sha256};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::oneshot;

/// The largest request head accepted (request line and headers).
const MAX_HEAD_BYTES: usize = 16 * 1024;

/// What one path answers.
#[derive(Debug, Clone)]
pub struct Route {
    kind: RouteKind,
    /// Extra header lines sent with the answer (`Retry-After: 120`).
    headers: String,
    /// How long the server thinks before it answers (a slow site; a very long one never answers).
    delay: Duration,
    /// Whether a `Range` request gets just those bytes (206); without, the whole body (200).
    ranges: bool,
}

#[derive(Debug, Clone)]
enum RouteKind {
    Content {
        body: Arc<[u8]>,
        content_type: String,
        etag: String,
        last_modified: String,
        gzipped: bool,
    },
    Status(u16),
    Redirect(String),
    Drip {
        body: Arc<[u8]>,
        every: Duration,
    },
    /// Announces the whole body, sends its first `sent` bytes and hangs up.
    Truncated {
        body: Arc<[u8]>,
        content_type: String,
        sent: usize,
    },
}

impl Route {
    /// A body with its content type; its ETag is a hash of the body.
    pub fn content(body: impl Into<Vec<u8>>, content_type: &str) -> Route {
        Self::with_body(body.into(), content_type, false)
    }

    /// A body already gzipped, sent as is with `Content-Encoding: gzip` (a gzip bomb, for instance).
    pub fn gzipped(body: impl Into<Vec<u8>>, content_type: &str) -> Route {
        Self::with_body(body.into(), content_type, true)
    }

    /// An empty answer with this status (404, 500...).
    pub fn status(code: u16) -> Route {
        Route::of(RouteKind::Status(code))
    }

    /// A 302 to `location` (a path or a full URL).
    pub fn redirect(location: &str) -> Route {
        Route::of(RouteKind::Redirect(location.to_string()))
    }

    /// A 200 whose body comes one byte every `every`: a stuck or hostile server.
    pub fn drip(body: impl Into<Vec<u8>>, every: Duration) -> Route {
        Route::of(RouteKind::Drip {
            body: body.into().into(),
            every,
        })
    }

    /// A 200 announcing all of `body` (its `Content-Length`) that sends only its first `sent`
    /// bytes, then closes the connection: an interrupted download, or a server that lies.
    pub fn truncated(body: impl Into<Vec<u8>>, content_type: &str, sent: usize) -> Route {
        Route::of(RouteKind::Truncated {
            body: body.into().into(),
            content_type: content_type.to_string(),
            sent,
        })
    }

    fn with_body(body: Vec<u8>, content_type: &str, gzipped: bool) -> Route {
        let digest = Sha256::digest(&body);
        let etag: String = digest.iter().take(12).map(|b| format!("{b:02x}")).collect();
        Route::of(RouteKind::Content {
            body: body.into(),
            content_type: content_type.to_string(),
            etag: format!("\"{etag}\""),
            last_modified: httpdate_now(),
            gzipped,
        })
    }

    fn of(kind: RouteKind) -> Route {
        Route {
            kind,
            headers: String::new(),
            delay: Duration::ZERO,
            ranges: true,
        }
    }

    /// The same content, sent whole whatever `Range` the client asks for (as many servers do).
    pub fn ignoring_range(mut self) -> Route {
        self.ranges = false;
        self
    }

    /// The same answer, given after `delay`.
    pub fn delayed(mut self, delay: Duration) -> Route {
        self.delay = delay;
        self
    }

    /// The same answer with a header more (`Cache-Control`, `Retry-After`...).
    pub fn with_header(mut self, name: &str, value: &str) -> Route {
        self.headers.push_str(&format!("{name}: {value}\r\n"));
        self
    }
}

/// How many answers of each kind the server gave (tests check that a second refresh is all 304),
/// and how many it was giving at once.
#[derive(Debug, Default)]
pub struct ServeStats {
    pub full: AtomicU64,
    pub not_modified: AtomicU64,
    pub other: AtomicU64,
    /// Requests being answered now, and the most there ever were at once.
    pub in_flight: AtomicU64,
    pub peak_in_flight: AtomicU64,
    /// Answers that were part of a body (206), and the `Range` headers asked, last first.
    pub partial: AtomicU64,
    pub ranges_asked: std::sync::Mutex<Vec<String>>,
}

impl ServeStats {
    /// Every request answered so far.
    pub fn requests(&self) -> u64 {
        self.full.load(Ordering::Relaxed)
            + self.not_modified.load(Ordering::Relaxed)
            + self.other.load(Ordering::Relaxed)
    }
}

/// One request being answered, counted in [`ServeStats::in_flight`] while it lives.
struct Answering<'a>(&'a ServeStats);

impl<'a> Answering<'a> {
    fn start(stats: &'a ServeStats) -> Answering<'a> {
        let now = stats.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
        stats.peak_in_flight.fetch_max(now, Ordering::SeqCst);
        Answering(stats)
    }
}

impl Drop for Answering<'_> {
    fn drop(&mut self) {
        self.0.in_flight.fetch_sub(1, Ordering::SeqCst);
    }
}

struct Shared {
    routes: RwLock<HashMap<String, Route>>,
    gzip: bool,
    stats: ServeStats,
}

/// A running server. Dropping it stops the server.
pub struct StaticServer {
    addr: SocketAddr,
    shared: Arc<Shared>,
    stop: Option<oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl StaticServer {
    /// Starts serving `routes` on an ephemeral port of 127.0.0.1. With `gzip`, content routes are
    /// compressed for clients that accept it.
    pub fn start(
        routes: impl IntoIterator<Item = (String, Route)>,
        gzip: bool,
    ) -> std::io::Result<StaticServer> {
        let shared = Arc::new(Shared {
            routes: RwLock::new(routes.into_iter().collect()),
            gzip,
            stats: ServeStats::default(),
        });
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        let listener = runtime.block_on(TcpListener::bind("127.0.0.1:0"))?;
        let addr = listener.local_addr()?;
        let (stop, stopped) = oneshot::channel();
        let serving = Arc::clone(&shared);
        let thread = std::thread::Builder::new()
            .name("folio-serve".into())
            .spawn(move || {
                runtime.block_on(async move {
                    tokio::select! {
                        () = accept_loop(listener, serving) => {}
                        _ = stopped => {}
                    }
                });
            })?;
        Ok(StaticServer {
            addr,
            shared,
            stop: Some(stop),
            thread: Some(thread),
        })
    }

    /// The full URL of `path` on this server (`path` starts with `/`).
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Adds or replaces a route while the server runs.
    pub fn set_route(&self, path: &str, route: Route) {
        self.routes_mut().insert(path.to_string(), route);
    }

    /// Removes a route: the path answers 404 from now on.
    pub fn remove_route(&self, path: &str) {
        self.routes_mut().remove(path);
    }

    pub fn stats(&self) -> &ServeStats {
        &self.shared.stats
    }

    fn routes_mut(&self) -> std::sync::RwLockWriteGuard<'_, HashMap<String, Route>> {
        self.shared
            .routes
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl Drop for StaticServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

async fn accept_loop(listener: TcpListener, shared: Arc<Shared>) {
    while let Ok((stream, _)) = listener.accept().await {
        // Answers go out as soon as they are written: with Nagle's algorithm, a small head then a
        // body meets the client's delayed ACK and every keep-alive request waits ~40 ms.
        let _ = stream.set_nodelay(true);
        let shared = Arc::clone(&shared);
        tokio::spawn(async move {
            // A client that goes away mid-answer is not the server's problem.
            let _ = serve_connection(stream, &shared).await;
        });
    }
}

/// One request as far as the server cares.
struct Request {
    path: String,
    if_none_match: Option<String>,
    if_modified_since: Option<String>,
    accepts_gzip: bool,
    keep_alive: bool,
    /// The `Range` header, and its `N` when it is `bytes=N-`.
    range: Option<String>,
    range_from: Option<u64>,
}

async fn serve_connection(mut stream: TcpStream, shared: &Shared) -> std::io::Result<()> {
    let mut buffer = Vec::with_capacity(1024);
    loop {
        let Some(request) = read_request(&mut stream, &mut buffer).await? else {
            return Ok(());
        };
        if let Some(range) = &request.range {
            let mut asked =
                (shared.stats.ranges_asked.lock()).unwrap_or_else(std::sync::PoisonError::into_inner);
            asked.push(range.clone());
        }
        // A route names a whole target (with its query) or a path that answers any query.
        let route = {
            let routes = shared
                .routes
                .read()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            let path = request.path.split('?').next().unwrap_or_default();
            routes.get(&request.path).or_else(|| routes.get(path)).cloned()
        };
        let keep_alive = request.keep_alive;
        let answering = Answering::start(&shared.stats);
        // Only a slow route waits: tokio's timer counts whole milliseconds, so even a zero sleep
        // would cost every request up to one.
        if let Some(route) = route.as_ref().filter(|r| !r.delay.is_zero()) {
            tokio::time::sleep(route.delay).await;
        }
        let Some(Route {
            kind,
            headers,
            ranges,
            ..
        }) = route
        else {
            respond_status(&mut stream, 404, "", keep_alive, &shared.stats).await?;
            if !keep_alive {
                return Ok(());
            }
            continue;
        };
        match kind {
            RouteKind::Status(code) => {
                respond_status(&mut stream, code, &headers, keep_alive, &shared.stats).await?
            }
            RouteKind::Redirect(location) => {
                shared.stats.other.fetch_add(1, Ordering::Relaxed);
                let head = format!(
                    "HTTP/1.1 302 Found\r\nLocation: {location}\r\n{headers}Content-Length: 0\r\n{}\r\n",
                    connection(keep_alive)
                );
                stream.write_all(head.as_bytes()).await?;
            }
            RouteKind::Drip { body, every } => {
                shared.stats.other.fetch_add(1, Ordering::Relaxed);
                let head = format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\n{headers}Content-Length: {}\r\nConnection: close\r\n\r\n",
                    body.len()
                );
                stream.write_all(head.as_bytes()).await?;
                let (last, before) = body.split_last().map_or((None, &[][..]), |(l, b)| (Some(*l), b));
                for byte in before {
                    stream.write_all(&[*byte]).await?;
                    stream.flush().await?;
                    tokio::time::sleep(every).await;
                }
                // Counted as done before its last byte goes: a client that has seen the answer
                // end never finds it still counted.
                drop(answering);
                if let Some(last) = last {
                    stream.write_all(&[last]).await?;
                }
                return Ok(());
            }
            RouteKind::Truncated {
                body,
                content_type,
                sent,
            } => {
                shared.stats.other.fetch_add(1, Ordering::Relaxed);
                let head = format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\n{headers}Content-Length: {}\r\nConnection: close\r\n\r\n",
                    body.len()
                );
                stream.write_all(head.as_bytes()).await?;
                stream.write_all(&body[..sent.min(body.len())]).await?;
                stream.flush().await?;
                return Ok(());
            }
            RouteKind::Content {
                body,
                content_type,
                etag,
                last_modified,
                gzipped,
            } if ranges && !gzipped && request.range_from.is_some() => {
                let from = request.range_from.unwrap_or(0);
                shared.stats.partial.fetch_add(1, Ordering::Relaxed);
                let len = body.len() as u64;
                if from >= len {
                    let head = format!(
                        "HTTP/1.1 416 Range Not Satisfiable\r\nContent-Range: bytes */{len}\r\nContent-Length: 0\r\n{}\r\n",
                        connection(keep_alive)
                    );
                    stream.write_all(head.as_bytes()).await?;
                } else {
                    let head = format!(
                        "HTTP/1.1 206 Partial Content\r\nContent-Type: {content_type}\r\nETag: {etag}\r\nLast-Modified: {last_modified}\r\n{headers}Content-Range: bytes {from}-{}/{len}\r\nContent-Length: {}\r\n{}\r\n",
                        len - 1,
                        len - from,
                        connection(keep_alive)
                    );
                    stream.write_all(head.as_bytes()).await?;
                    let start = usize::try_from(from).unwrap_or(body.len());
                    stream.write_all(&body[start..]).await?;
                }
            }
            RouteKind::Content {
                body,
                content_type,
                etag,
                last_modified,
                gzipped,
            } => {
                let fresh = match (&request.if_none_match, &request.if_modified_since) {
                    (Some(tag), _) => tag.split(',').any(|t| t.trim() == etag || t.trim() == "*"),
                    (None, Some(since)) => *since == last_modified,
                    (None, None) => false,
                };
                let validators = format!("ETag: {etag}\r\nLast-Modified: {last_modified}\r\n{headers}");
                if fresh {
                    shared.stats.not_modified.fetch_add(1, Ordering::Relaxed);
                    let head = format!(
                        "HTTP/1.1 304 Not Modified\r\n{validators}{}\r\n",
                        connection(keep_alive)
                    );
                    stream.write_all(head.as_bytes()).await?;
                } else {
                    shared.stats.full.fetch_add(1, Ordering::Relaxed);
                    let compress = !gzipped && shared.gzip && request.accepts_gzip;
                    let payload: std::borrow::Cow<'_, [u8]> = if compress {
                        gzip(&body)?.into()
                    } else {
                        (&body[..]).into()
                    };
                    let encoding = if gzipped || compress {
                        "Content-Encoding: gzip\r\n"
                    } else {
                        ""
                    };
                    let head = format!(
                        "HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\n{validators}{encoding}Content-Length: {}\r\n{}\r\n",
                        payload.len(),
                        connection(keep_alive)
                    );
                    stream.write_all(head.as_bytes()).await?;
                    stream.write_all(&payload).await?;
                }
            }
        }
        if !keep_alive {
            return Ok(());
        }
    }
}

fn connection(keep_alive: bool) -> &'static str {
    if keep_alive { "" } else { "Connection: close\r\n" }
}

async fn respond_status(
    stream: &mut TcpStream,
    code: u16,
    headers: &str,
    keep_alive: bool,
    stats: &ServeStats,
) -> std::io::Result<()> {
    stats.other.fetch_add(1, Ordering::Relaxed);
    let head = format!(
        "HTTP/1.1 {code} Status {code}\r\n{headers}Content-Length: 0\r\n{}\r\n",
        connection(keep_alive)
    );
    stream.write_all(head.as_bytes()).await
}

/// Reads one request head (bodies are not expected: GET only). `None` when the client closed.
async fn read_request(stream: &mut TcpStream, buffer: &mut Vec<u8>) -> std::io::Result<Option<Request>> {
    let end = loop {
        if let Some(at) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break at;
        }
        if buffer.len() > MAX_HEAD_BYTES {
            return Ok(None);
        }
        let mut chunk = [0u8; 4096];
        let read = stream.read(&mut chunk).await?;
        if read == 0 {
            return Ok(None);
        }
        buffer.extend_from_slice(&chunk[..read]);
    };
    let head = String::from_utf8_lossy(&buffer[..end]).into_owned();
    buffer.drain(..end + 4);
    let mut lines = head.split("\r\n");
    let request_line = lines.next().unwrap_or_default();
    let target = request_line.split(' ').nth(1).unwrap_or("/");
    let mut request = Request {
        path: target.to_string(),
        if_none_match: None,
        if_modified_since: None,
        accepts_gzip: false,
        keep_alive: !request_line.ends_with("HTTP/1.0"),
        range: None,
        range_from: None,
    };
    for line in lines {
        let Some((name, value)) = line.split_once(':') else {
            continue;
        };
        let value = value.trim();
        match name.trim().to_ascii_lowercase().as_str() {
            "if-none-match" => request.if_none_match = Some(value.to_string()),
            "if-modified-since" => request.if_modified_since = Some(value.to_string()),
            "accept-encoding" => request.accepts_gzip = value.contains("gzip"),
            "connection" => request.keep_alive = !value.eq_ignore_ascii_case("close"),
            "range" => {
                request.range = Some(value.to_string());
                request.range_from = value
                    .strip_prefix("bytes=")
                    .and_then(|spec| spec.strip_suffix('-'))
                    .and_then(|from| from.trim().parse().ok());
            }
            _ => {}
        }
    }
    Ok(Some(request))
}

fn gzip(body: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut encoder =
        flate2::write::GzEncoder::new(Vec::with_capacity(body.len() / 3), flate2::Compression::fast());
    encoder.write_all(body)?;
    encoder.finish()
}

/// Now as an HTTP date (`Sun, 06 Nov 1994 08:49:37 GMT`).
fn httpdate_now() -> String {
    chrono::Utc::now().format("%a, %d %b %Y %H:%M:%S GMT").to_string()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::fetch::{FetchError, FetchLimits, FetchOutcome, Fetcher, Validators};

    fn runtime() -> tokio::runtime::Runtime {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap()
    }

    #[test]
    fn conditional_get_answers_304_and_gzip_is_transparent() {
        let body = "<rss version=\"2.0\"><channel><title>x</title></channel></rss>".repeat(50);
        for gzip in [false, true] {
            let server = StaticServer::start(
                [(
                    "/f".to_string(),
                    Route::content(body.clone(), "application/rss+xml"),
                )],
                gzip,
            )
            .unwrap();
            let fetcher = Fetcher::new(FetchLimits::default()).unwrap();
            let rt = runtime();
            let FetchOutcome::Fetched(first) = rt
                .block_on(fetcher.get(&server.url("/f"), &Validators::default()))
                .unwrap()
            else {
                panic!("expected a body")
            };
            assert_eq!(first.body, body.as_bytes());
            assert_eq!(first.content_type.as_deref(), Some("application/rss+xml"));
            let again = rt
                .block_on(fetcher.get(&server.url("/f"), &first.validators))
                .unwrap();
            assert!(matches!(again, FetchOutcome::NotModified));
            let by_date = Validators {
                etag: None,
                last_modified: first.validators.last_modified.clone(),
            };
            assert!(matches!(
                rt.block_on(fetcher.get(&server.url("/f"), &by_date)).unwrap(),
                FetchOutcome::NotModified
            ));
            assert_eq!(server.stats().full.load(Ordering::Relaxed), 1);
            assert_eq!(server.stats().not_modified.load(Ordering::Relaxed), 2);
        }
    }

    #[test]
    fn statuses_redirects_and_limits() {
        let server = StaticServer::start(
            [
                ("/gone".to_string(), Route::status(500)),
                ("/loop".to_string(), Route::redirect("/loop")),
                ("/hop".to_string(), Route::redirect("/big")),
                ("/big".to_string(), Route::content(vec![b'a'; 4096], "text/plain")),
                (
                    "/drip".to_string(),
                    Route::drip(vec![b'a'; 100], Duration::from_millis(200)),
                ),
            ],
            false,
        )
        .unwrap();
        let limits = FetchLimits {
            timeout: Duration::from_secs(1),
            max_body_bytes: 1000,
            ..FetchLimits::default()
        };
        let fetcher = Fetcher::new(limits).unwrap();
        let rt = runtime();
        let get = |path: &str| rt.block_on(fetcher.get(&server.url(path), &Validators::default()));
        assert!(matches!(get("/gone"), Err(FetchError::Status(500))));
        assert!(matches!(get("/nothing"), Err(FetchError::Status(404))));
        assert!(matches!(get("/loop"), Err(FetchError::TooManyRedirects(10))));
        assert!(matches!(get("/hop"), Err(FetchError::TooLarge(1000))));
        assert!(matches!(get("/drip"), Err(FetchError::Timeout(1))));
        assert!(matches!(get("ftp://x/"), Err(FetchError::InvalidUrl(_))));
    }
}
