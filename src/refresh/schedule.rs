//! When a refresh fetches a feed again: after the longest pause its server (`max-age`,
//! `Retry-After`) or its publisher (its stated interval) asks for, or, for a feed that keeps
//! failing, after a wait that doubles with each failure; never more than a day.

use std::time::Duration;

use chrono::{DateTime, Utc};

use super::{FeedFetch, FeedFetchError};
use crate::fetch::FetchError;
use crate::fetch::hints::MAX_WAIT;
use crate::store::Schedule;

/// Failed refreshes in a row before a feed waits between tries: one failure is retried at the
/// next refresh (a network that was down for a moment).
const BACK_OFF_AFTER: u32 = 2;
/// The first wait of a feed that keeps failing; each failure more doubles it.
const FIRST_BACK_OFF: Duration = Duration::from_secs(10 * 60);

/// The schedule after fetching a feed scheduled `before` at `now`, with what came of it.
pub fn next_schedule(
    before: &Schedule,
    fetched: &Result<FeedFetch, FeedFetchError>,
    now: DateTime<Utc>,
) -> Schedule {
    let stated_before = before.interval_secs.map(|s| Duration::from_secs(u64::from(s)));
    let (wait, failures, stated) = match fetched {
        Ok(fetch) => {
            // A 304 keeps the interval the feed stated when it was last read.
            let stated = match &fetch.parsed {
                Some(_) => fetch.publisher_interval,
                None => stated_before,
            };
            (fetch.max_age.max(stated), 0, stated)
        }
        Err(error) => {
            let failures = before.failures.saturating_add(1);
            let asked = match error {
                FeedFetchError::Fetch(FetchError::RetryLater { retry_after, .. }) => Some(*retry_after),
                _ => None,
            };
            (asked.max(back_off(failures)), failures, stated_before)
        }
    };
    let wait = wait.map(|w| w.min(MAX_WAIT)).filter(|w| !w.is_zero());
    Schedule {
        next_fetch: wait
            .and_then(|w| chrono::Duration::from_std(w).ok())
            .map(|w| now + w),
        failures,
        interval_secs: stated.and_then(|i| u32::try_from(i.as_secs()).ok()),
    }
}

/// The wait after `failures` failed refreshes in a row.
fn back_off(failures: u32) -> Option<Duration> {
    let doublings = failures.checked_sub(BACK_OFF_AFTER)?;
    Some(
        FIRST_BACK_OFF
            .saturating_mul(1 << doublings.min(16))
            .min(MAX_WAIT),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_wait_doubles_from_the_second_failure_and_stops_at_a_day() {
        let waits: Vec<Option<u64>> = (0..=12).map(|n| back_off(n).map(|w| w.as_secs() / 60)).collect();
        assert_eq!(
            waits,
            [
                None,
                None,
                Some(10),
                Some(20),
                Some(40),
                Some(80),
                Some(160),
                Some(320),
                Some(640),
                Some(1280),
                Some(1440),
                Some(1440),
                Some(1440)
            ]
        );
        assert_eq!(back_off(u32::MAX), Some(MAX_WAIT));
    }
}
