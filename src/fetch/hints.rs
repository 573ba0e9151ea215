//! What a response says about when to ask again: `Cache-Control: max-age` on an answer, and
//! `Retry-After` (seconds or an HTTP date) on a 429 or 503. A refresh defers a feed until then;
//! the wait is capped at [`MAX_WAIT`], so that a misconfigured or hostile server cannot stop a
//! feed for a year.

use std::time::Duration;

use chrono::{DateTime, Utc};
use reqwest::header::{self, HeaderMap};

/// The longest any server's hint defers a feed.
pub const MAX_WAIT: Duration = Duration::from_secs(24 * 60 * 60);

/// `Cache-Control: max-age=N`, unless the same header forbids reuse (`no-cache`, `no-store`).
pub fn max_age(headers: &HeaderMap) -> Option<Duration> {
    let mut age = None;
    for value in headers.get_all(header::CACHE_CONTROL) {
        let Ok(value) = value.to_str() else { continue };
        for directive in value.split(',').map(str::trim) {
            let lower = directive.to_ascii_lowercase();
            if lower == "no-cache" || lower == "no-store" {
                return None;
            }
            if let Some(seconds) = lower.strip_prefix("max-age=") {
                age = seconds.trim_matches('"').parse::<u64>().ok().or(age);
            }
        }
    }
    age.filter(|&s| s > 0)
        .map(|s| Duration::from_secs(s).min(MAX_WAIT))
}

/// `Retry-After` as a wait from `now`: a number of seconds, or an HTTP date.
pub fn retry_after(headers: &HeaderMap, now: DateTime<Utc>) -> Option<Duration> {
    let value = headers.get(header::RETRY_AFTER)?.to_str().ok()?.trim();
    let wait = match value.parse::<u64>() {
        Ok(seconds) => Duration::from_secs(seconds),
        Err(_) => {
            let until = DateTime::parse_from_rfc2822(value).ok()?.with_timezone(&Utc);
            (until - now).to_std().unwrap_or(Duration::ZERO)
        }
    };
    Some(wait.min(MAX_WAIT))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use reqwest::header::HeaderValue;

    fn headers(pairs: &[(header::HeaderName, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(name.clone(), HeaderValue::from_str(value).unwrap());
        }
        map
    }

    #[test]
    fn max_age_is_read_and_capped_and_no_cache_wins() {
        let age = |value: &str| max_age(&headers(&[(header::CACHE_CONTROL, value)]));
        assert_eq!(age("public, max-age=600"), Some(Duration::from_secs(600)));
        assert_eq!(age("Max-Age=\"60\""), Some(Duration::from_secs(60)));
        assert_eq!(age("max-age=31536000"), Some(MAX_WAIT));
        assert_eq!(age("max-age=0"), None);
        assert_eq!(age("max-age=600, no-cache"), None);
        assert_eq!(age("max-age=ten"), None);
        assert_eq!(age("private"), None);
        assert_eq!(max_age(&HeaderMap::new()), None);
    }

    #[test]
    fn retry_after_takes_seconds_or_a_date() {
        let now = DateTime::parse_from_rfc3339("2024-01-01T10:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let wait = |value: &str| retry_after(&headers(&[(header::RETRY_AFTER, value)]), now);
        assert_eq!(wait("120"), Some(Duration::from_secs(120)));
        assert_eq!(
            wait("Mon, 01 Jan 2024 10:30:00 GMT"),
            Some(Duration::from_secs(1800))
        );
        assert_eq!(wait("Mon, 01 Jan 2024 09:00:00 GMT"), Some(Duration::ZERO));
        assert_eq!(wait("99999999"), Some(MAX_WAIT));
        assert_eq!(wait("soon"), None);
    }
}
