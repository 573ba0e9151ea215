//! Feed timestamps: read fast when they follow their standard, repaired when they do not.
//!
//! feed-rs's own parser runs every date through a series of regex replacements before it tries
//! each format, whatever the input, and a refresh reads tens of thousands of dates. Most feeds
//! write RFC 2822 (RSS) or RFC 3339 (Atom, JSON Feed) exactly, which chrono reads directly; only
//! what it refuses is repaired here,
//! for the breakages feeds are known for: wrong or foreign weekday names, long month names, month
//! before day, `UTC` / `Z` / `-0000` zones, single-digit or `24` hours, a zone offset without its
//! colon, a date without a time.

use chrono::{DateTime, Utc};

/// The instant `text` names, or `None` when no repair makes sense of it.
pub fn parse(text: &str) -> Option<DateTime<Utc>> {
    let text = text.trim();
    DateTime::parse_from_rfc3339(text)
        .or_else(|_| DateTime::parse_from_rfc2822(text))
        .ok()
        .map(|time| time.with_timezone(&Utc))
        .or_else(|| repaired_rfc3339(text))
        .or_else(|| repaired_rfc2822(text))
}

/// `2019-08-26`, `2019-08-26 10:00:00`, `2014-12-29T14:53:35+0200`, `2019-08-26T10:00:00`.
fn repaired_rfc3339(text: &str) -> Option<DateTime<Utc>> {
    let bytes = text.as_bytes();
    let dated = bytes.len() >= 10
        && bytes[..4].iter().all(u8::is_ascii_digit)
        && bytes[4] == b'-'
        && bytes[7] == b'-';
    if !dated {
        return None;
    }
    // Checked: the tenth byte may sit inside a multi-byte character (found by fuzzing).
    let (date, time) = text.split_at_checked(10)?;
    let time = time.trim_start_matches(['T', 't', ' ']);
    let mut repaired = format!("{date}T");
    if time.is_empty() {
        repaired.push_str("00:00:00Z");
    } else {
        let zone_at = time.rfind(['+', '-', 'Z', 'z']).unwrap_or(time.len());
        let (clock, zone) = time.split_at(zone_at);
        repaired.push_str(clock);
        match zone.as_bytes() {
            [] => repaired.push('Z'),
            // `+0200`: the colon RFC 3339 wants is missing.
            [sign, h1, h2, m1, m2] if sign.is_ascii_punctuation() => {
                repaired.extend([*sign, *h1, *h2, b':', *m1, *m2].map(char::from));
            }
            _ => repaired.push_str(zone),
        }
    }
    let time = DateTime::parse_from_rfc3339(&repaired).ok()?;
    Some(time.with_timezone(&Utc))
}

/// RFC 2822 with its usual breakages, rebuilt as `26 Aug 2019 10:00:00 +0000` from its parts.
fn repaired_rfc2822(text: &str) -> Option<DateTime<Utc>> {
    // Whatever precedes the first comma is a weekday: possibly wrong, long or not English,
    // and redundant with the date anyway.
    let rest = text.split_once(',').map_or(text, |(_, rest)| rest);
    let mut day = None;
    let mut month = None;
    let mut year = None;
    let mut clock = None;
    let mut zone = None;
    for token in rest.split([' ', ',']).filter(|t| !t.is_empty()) {
        let all_digits = token.bytes().all(|b| b.is_ascii_digit());
        if clock.is_none() && token.contains(':') {
            clock = Some(token);
        } else if clock.is_some() && zone.is_none() {
            zone = Some(token);
        } else if all_digits && token.len() <= 2 && day.is_none() {
            day = token.parse::<u32>().ok();
        } else if all_digits && token.len() == 4 && year.is_none() {
            year = Some(token);
        } else if month.is_none() {
            month = month_abbreviation(token);
        }
    }
    let (day, month, year) = (day?, month?, year?);
    let mut parts = clock.unwrap_or("00:00").split(':');
    let hour = match parts.next()?.parse::<u32>().ok()? {
        // "24:05": feeds that meant the start of the day.
        24 => 0,
        hour => hour,
    };
    let minute = parts.next()?.parse::<u32>().ok()?;
    let second = parts.next().map_or(Some(0), |s| s.parse::<u32>().ok())?;
    let zone = match zone {
        None => "+0000",
        Some(z) if z.eq_ignore_ascii_case("utc") || z.eq_ignore_ascii_case("z") || z == "-0000" => "+0000",
        Some(z) => z,
    };
    let repaired = format!("{day} {month} {year} {hour:02}:{minute:02}:{second:02} {zone}");
    let time = DateTime::parse_from_rfc2822(&repaired).ok()?;
    Some(time.with_timezone(&Utc))
}

/// `Sep`, `september`, `SEPT.` -> `Sep`.
fn month_abbreviation(token: &str) -> Option<&'static str> {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let start = token.get(..3)?;
    MONTHS.into_iter().find(|m| m.eq_ignore_ascii_case(start))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use chrono::TimeZone;

    use super::*;

    fn at(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> Option<DateTime<Utc>> {
        Utc.with_ymd_and_hms(y, mo, d, h, mi, s).single()
    }

    #[test]
    fn standard_dates_read_as_written() {
        assert_eq!(parse("Tue, 10 Jun 2003 04:00:00 GMT"), at(2003, 6, 10, 4, 0, 0));
        assert_eq!(
            parse(" Tue, 10 Jun 2003 09:30:00 +0530 "),
            at(2003, 6, 10, 4, 0, 0)
        );
        assert_eq!(parse("2014-12-29T14:53:35+02:00"), at(2014, 12, 29, 12, 53, 35));
        assert_eq!(
            parse("2014-12-29T14:53:35.250Z").map(|t| t.timestamp_millis() % 1000),
            Some(250)
        );
    }

    #[test]
    fn broken_rfc_2822_dates_are_repaired() {
        for (text, expected) in [
            ("Sat, 25 Aug 2012 03:25:42 UTC", at(2012, 8, 25, 3, 25, 42)),
            ("Mon, 20 Jan 2020 10:58:02 -0000", at(2020, 1, 20, 10, 58, 2)),
            // The weekday is wrong (that day was a Saturday), long, or not English.
            ("Wed, 25 Aug 2012 03:25:42 GMT", at(2012, 8, 25, 3, 25, 42)),
            ("Thurs, 13 Jul 2011 07:38:00 GMT", at(2011, 7, 13, 7, 38, 0)),
            ("mar, 15 nov 2022 00:38:15 +0100", at(2022, 11, 14, 23, 38, 15)),
            // Long month names, month before day, no weekday.
            ("3 September 2019 20:00:00 +0000", at(2019, 9, 3, 20, 0, 0)),
            ("Fri, Oct 7 2022 10:15:00 -0400", at(2022, 10, 7, 14, 15, 0)),
            // Single-digit and "24" hours, no seconds, zones by name.
            ("24 Sep 2013 1:27 PDT", at(2013, 9, 24, 8, 27, 0)),
            ("5 Jun 2017 24:05 PDT", at(2017, 6, 5, 7, 5, 0)),
            ("Tue, 15 Nov 2022 20:15:04 Z", at(2022, 11, 15, 20, 15, 4)),
            ("15 Nov 2022", at(2022, 11, 15, 0, 0, 0)),
        ] {
            assert_eq!(parse(text), expected, "{text}");
        }
    }

    #[test]
    fn broken_rfc_3339_dates_are_repaired() {
        assert_eq!(parse("2014-12-29T14:53:35+0200"), at(2014, 12, 29, 12, 53, 35));
        assert_eq!(parse("2019-08-26"), at(2019, 8, 26, 0, 0, 0));
        assert_eq!(parse("2019-08-26 10:00:00"), at(2019, 8, 26, 10, 0, 0));
        assert_eq!(parse("2019-08-26T10:00:00-0130"), at(2019, 8, 26, 11, 30, 0));
    }

    #[test]
    fn nonsense_is_no_date() {
        for text in [
            "",
            "yesterday",
            "32 Foo 2020 10:00",
            "2020-13-45",
            "Mon, 99 Jan 2020 10:00:00 GMT",
            "12:30",
            // A multi-byte character across the tenth byte (found by fuzzing).
            "2020-01-0\u{c2}T10:00:00Z",
        ] {
            assert_eq!(parse(text), None, "{text}");
        }
    }
}
