//! How dates reach the screen: a compact age in list columns ("3h"), and in text (an article's
//! byline, a comment's header) the time ago when recent, else the date in the reader's time zone.

use chrono::{DateTime, Local, NaiveDateTime, Utc};

/// The time zone dates are shown in: the reader's, or UTC (for frames that must not depend on
/// the machine, as in tests).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Zone {
    Local,
    Utc,
}

/// Dates less than this old are shown as a time ago, in the units of the lists' ages.
const RECENT_SECS: i64 = 7 * 86_400;

/// "3m", "5h", "2d", "7w", "3y": how long ago, in the width of a list column.
pub fn age(published: Option<DateTime<Utc>>, now: DateTime<Utc>) -> String {
    let Some(when) = published else {
        return String::new();
    };
    let secs = (now - when).num_seconds().max(0);
    match secs {
        s if s < 3600 => format!("{}m", s / 60),
        s if s < 86_400 => format!("{}h", s / 3600),
        s if s < 7 * 86_400 => format!("{}d", s / 86_400),
        s if s < 365 * 86_400 => format!("{}w", s / (7 * 86_400)),
        s => format!("{}y", s / (365 * 86_400)),
    }
}

/// A date in text: "just now", "5m ago", "3h ago", "2d ago" within a week, else the day in `zone`
/// (`2021-07-17`; dates in the future too).
pub fn shown_date(when: DateTime<Utc>, now: DateTime<Utc>, zone: Zone) -> String {
    match (now - when).num_seconds() {
        ago if (0..60).contains(&ago) => "just now".to_string(),
        ago if (0..RECENT_SECS).contains(&ago) => format!("{} ago", age(Some(when), now)),
        _ => match zone {
            Zone::Local => when.with_timezone(&Local).format("%Y-%m-%d").to_string(),
            Zone::Utc => when.format("%Y-%m-%d").to_string(),
        },
    }
}

/// A date as a page or a feed gives it, shown as [`shown_date`] shows it: ISO 8601 / RFC 3339
/// (what page metadata holds), with or without a zone, or RFC 2822. Anything else (a bare day,
/// "Yesterday") is shown as written.
pub fn shown_page_date(text: &str, now: DateTime<Utc>, zone: Zone) -> String {
    let trimmed = text.trim();
    let instant = DateTime::parse_from_rfc3339(trimmed)
        .or_else(|_| DateTime::parse_from_str(trimmed, "%Y-%m-%dT%H:%M:%S%z"))
        .or_else(|_| DateTime::parse_from_rfc2822(trimmed))
        .map(|time| time.to_utc())
        .or_else(|_| {
            // No zone: taken as UTC, as page metadata without one usually means.
            NaiveDateTime::parse_from_str(trimmed, "%Y-%m-%dT%H:%M:%S").map(|time| time.and_utc())
        });
    match instant {
        Ok(when) => shown_date(when, now, zone),
        Err(_) => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn ages_are_compact() {
        let now = DateTime::from_timestamp(10_000_000, 0).unwrap_or_default();
        let ago = |s: i64| age(DateTime::from_timestamp(10_000_000 - s, 0), now);
        assert_eq!(ago(59), "0m");
        assert_eq!(ago(7200), "2h");
        assert_eq!(ago(3 * 86_400), "3d");
        assert_eq!(ago(30 * 86_400), "4w");
        assert_eq!(age(None, now), "");
    }

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text).unwrap().to_utc()
    }

    #[test]
    fn text_dates_are_a_time_ago_within_a_week_else_the_day() {
        let now = at("2026-11-26T12:00:00Z");
        let shown = |when: &str| shown_date(at(when), now, Zone::Utc);
        assert_eq!(shown("2026-11-26T11:59:30Z"), "just now");
        assert_eq!(shown("2026-11-26T11:55:00Z"), "5m ago");
        assert_eq!(shown("2026-11-26T09:00:00Z"), "3h ago");
        assert_eq!(shown("2026-11-20T12:00:00Z"), "6d ago");
        assert_eq!(shown("2026-11-18T14:00:00Z"), "2026-11-18");
        assert_eq!(shown("2021-07-17T15:35:00Z"), "2021-07-17");
        assert_eq!(
            shown("2026-12-25T00:00:00Z"),
            "2026-12-25",
            "a date ahead is a date"
        );
    }

    #[test]
    fn page_dates_in_any_usual_form_are_shown_like_list_dates() {
        let now = at("2026-11-26T12:00:00Z");
        let shown = |text: &str| shown_page_date(text, now, Zone::Utc);
        assert_eq!(shown("2021-07-17T15:35:00+00:00"), "2021-07-17");
        assert_eq!(
            shown("2021-07-17T23:35:00-04:00"),
            "2021-07-18",
            "the day in the zone shown"
        );
        assert_eq!(shown("2021-07-17T15:35:00.000Z"), "2021-07-17");
        assert_eq!(shown("2021-07-17T15:35:00+0000"), "2021-07-17");
        assert_eq!(shown("2021-07-17T15:35:00"), "2021-07-17");
        assert_eq!(shown("Sat, 17 Jul 2021 15:35:00 +0000"), "2021-07-17");
        assert_eq!(shown(" 2026-11-26T10:00:00Z "), "2h ago");
        assert_eq!(shown("2021-07-17"), "2021-07-17");
        assert_eq!(shown("last Tuesday"), "last Tuesday");
    }
}
