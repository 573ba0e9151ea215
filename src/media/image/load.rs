//! A picture's bytes: from the disk cache, else fetched (capped at the picture size limit),
//! refused when the server sends something else (an HTML page, an SVG) and cached when the header
//! reads as a picture folio draws.

use super::cache::ImageCache;
use super::decode::probe;
use super::{ImageLimits, Refusal};
use crate::fetch::{FetchError, FetchLimits, FetchOutcome, Fetcher, Validators};

#[derive(Debug, thiserror::Error)]
pub enum ImageError {
    #[error("{0}")]
    Refused(#[from] Refusal),
    #[error("{0}")]
    Fetch(#[from] FetchError),
}

/// Fetches pictures through the cache.
#[derive(Clone)]
pub struct ImageLoader {
    fetcher: Fetcher,
    cache: ImageCache,
    limits: ImageLimits,
}

impl ImageLoader {
    /// A loader with the feeds' timeouts and the pictures' own size limit.
    pub fn new(
        fetch: FetchLimits,
        limits: ImageLimits,
        cache: ImageCache,
    ) -> Result<ImageLoader, FetchError> {
        let fetcher = Fetcher::new(FetchLimits {
            max_body_bytes: limits.max_bytes,
            ..fetch
        })?;
        Ok(ImageLoader {
            fetcher,
            cache,
            limits,
        })
    }

    pub fn limits(&self) -> ImageLimits {
        self.limits
    }

    /// The bytes of the picture at `url`.
    pub async fn bytes(&self, url: &str) -> Result<Vec<u8>, ImageError> {
        let cache = self.cache.clone();
        let key = url.to_string();
        if let Ok(Some(bytes)) = tokio::task::spawn_blocking(move || cache.get(&key)).await {
            return Ok(bytes);
        }
        let body = match self.fetcher.get(url, &Validators::default()).await {
            Ok(FetchOutcome::Fetched(body)) => body,
            Ok(FetchOutcome::NotModified) => return Err(FetchError::Status(304).into()),
            Err(FetchError::TooLarge(max)) => return Err(Refusal::TooLarge(max).into()),
            Err(error) => return Err(error.into()),
        };
        let declared = body
            .content_type
            .as_deref()
            .unwrap_or_default()
            .to_ascii_lowercase();
        if declared.contains("svg") {
            return Err(Refusal::Svg.into());
        }
        if declared.contains("html") {
            return Err(Refusal::NotAPicture(crate::sanitize::single_line(&declared)).into());
        }
        probe(&body.body, &self.limits)?;
        let (cache, key) = (self.cache.clone(), url.to_string());
        tokio::task::spawn_blocking(move || {
            if let Err(error) = cache.put(&key, &body.body) {
                tracing::warn!("picture not cached: {error}");
            }
            body.body
        })
        .await
        .map_err(|e| FetchError::Network(e.to_string()).into())
    }
}
