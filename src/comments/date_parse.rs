//! Comment dates as sources write them, to absolute UTC times.
//!
//! APIs give Unix times or RFC 3339; pages give `time[datetime]`, a `title` attribute, or localized
//! text ("July 17, 2021 4:02 pm", "10. Februar 2019 um 18:05 Uhr", "17/07/2021 à 16h02"). A date
//! without a zone is taken as UTC (pages show the site's local time and rarely say which). Relative
//! text ("9 days ago") is not an absolute time and gives `None`.

use std::borrow::Cow;
use std::sync::LazyLock;

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use regex_lite::Regex;

/// A Unix time in seconds.
pub(crate) fn from_unix(seconds: i64) -> Option<DateTime<Utc>> {
    Utc.timestamp_opt(seconds, 0).single()
}

/// Any date text a comment system shows; `None` when it holds no absolute date.
pub(crate) fn parse(text: &str) -> Option<DateTime<Utc>> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    if let Ok(date) = DateTime::parse_from_rfc3339(text) {
        return Some(date.with_timezone(&Utc));
    }
    if let Ok(date) = DateTime::parse_from_rfc2822(text) {
        return Some(date.with_timezone(&Utc));
    }
    for format in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M",
    ] {
        if let Ok(naive) = NaiveDateTime::parse_from_str(text, format) {
            return Some(naive.and_utc());
        }
    }
    if let Some(with_zone) = iso_with_space_zone(text) {
        return Some(with_zone);
    }
    // The patterns below know ASCII whitespace only: any other space (a no-break space before
    // "pm") stands as a plain one.
    let text: Cow<'_, str> = if text.is_ascii() {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(
            text.chars()
                .map(|c| if c.is_whitespace() { ' ' } else { c })
                .collect(),
        )
    };
    let date = numeric_date(&text).or_else(|| worded_date(&text))?;
    Some(
        date.and_time(time_of_day(&text).unwrap_or(NaiveTime::MIN))
            .and_utc(),
    )
}

/// "2021-07-17 16:02:00 +0200" and "2021-07-17 16:02:00 UTC".
fn iso_with_space_zone(text: &str) -> Option<DateTime<Utc>> {
    if let Ok(date) = DateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S %z") {
        return Some(date.with_timezone(&Utc));
    }
    let naive = text.strip_suffix(" UTC").or_else(|| text.strip_suffix(" GMT"))?;
    NaiveDateTime::parse_from_str(naive, "%Y-%m-%d %H:%M:%S")
        .ok()
        .map(|n| n.and_utc())
}

static ISO_DATE: LazyLock<Regex> = LazyLock::new(|| constant_regex(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b"));
/// Day first, as most of the world writes it: 17.07.2021, 17/07/2021, 17-07-2021.
static DMY_DATE: LazyLock<Regex> =
    LazyLock::new(|| constant_regex(r"\b(\d{1,2})[./-](\d{1,2})[./-](\d{4})\b"));
static YEAR: LazyLock<Regex> = LazyLock::new(|| constant_regex(r"\b(1[89]\d{2}|2\d{3})\b"));
static DAY: LazyLock<Regex> =
    LazyLock::new(|| constant_regex(r"(?:^|[^\d:.])(\d{1,2})(?:st|nd|rd|th|\.)?(?:[^\d:]|$)"));
static TIME: LazyLock<Regex> =
    LazyLock::new(|| constant_regex(r"(?i)\b(\d{1,2})\s?[:h]\s?(\d{2})(?::(\d{2}))?\s*(a\.?m\.?|p\.?m\.?)?"));

fn constant_regex(pattern: &str) -> Regex {
    Regex::new(pattern).expect("a constant pattern compiles")
}

fn numeric_date(text: &str) -> Option<NaiveDate> {
    if let Some(c) = ISO_DATE.captures(text) {
        return NaiveDate::from_ymd_opt(c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?);
    }
    let c = DMY_DATE.captures(text)?;
    let (first, second): (u32, u32) = (c[1].parse().ok()?, c[2].parse().ok()?);
    let year = c[3].parse().ok()?;
    // Day first unless that is impossible (US "07/17/2021").
    NaiveDate::from_ymd_opt(year, second, first).or_else(|| NaiveDate::from_ymd_opt(year, first, second))
}

/// "July 17, 2021", "17 juillet 2021", "10. Februar 2019", "marzo 3, 2020".
fn worded_date(text: &str) -> Option<NaiveDate> {
    let month = text
        .split(|c: char| !c.is_alphabetic())
        .filter(|word| !word.is_empty())
        .find_map(month_number)?;
    let year_match = YEAR.find(text)?;
    let year = year_match.as_str().parse().ok()?;
    let without_year = text.replace(year_match.as_str(), " ");
    let without_time = TIME.replace_all(&without_year, " ");
    let day = DAY.captures(&without_time)?[1].parse().ok()?;
    NaiveDate::from_ymd_opt(year, month, day)
}

fn time_of_day(text: &str) -> Option<NaiveTime> {
    let c = TIME.captures(text)?;
    let mut hour: u32 = c[1].parse().ok()?;
    let minute = c[2].parse().ok()?;
    let second = c.get(3).and_then(|s| s.as_str().parse().ok()).unwrap_or(0);
    if let Some(meridiem) = c.get(4) {
        let pm = meridiem.as_str().to_ascii_lowercase().starts_with('p');
        hour = match (hour, pm) {
            (12, false) => 0,
            (12, true) => 12,
            (h, true) => h + 12,
            (h, false) => h,
        };
    }
    NaiveTime::from_hms_opt(hour, minute, second)
}

/// Month names and common abbreviations in English, German, French, Spanish, Italian, Portuguese,
/// Dutch and Polish (genitive forms included); matched on the lowercased word.
pub(crate) fn month_number(word: &str) -> Option<u32> {
    const MONTHS: [&[&str]; 12] = [
        &[
            "january", "jan", "januar", "janvier", "janv", "enero", "ene", "gennaio", "gen", "janeiro",
            "januari", "stycznia", "styczeń",
        ],
        &[
            "february",
            "feb",
            "februar",
            "février",
            "fevrier",
            "févr",
            "febrero",
            "febbraio",
            "fevereiro",
            "februari",
            "lutego",
            "luty",
        ],
        &[
            "march", "mar", "märz", "maerz", "mars", "marzo", "março", "maart", "marca", "marzec",
        ],
        &[
            "april",
            "apr",
            "avril",
            "avr",
            "abril",
            "aprile",
            "kwietnia",
            "kwiecień",
        ],
        &["may", "mai", "mayo", "maggio", "maio", "mei", "maja", "maj"],
        &[
            "june", "jun", "juni", "juin", "junio", "giugno", "junho", "czerwca", "czerwiec",
        ],
        &[
            "july", "jul", "juli", "juillet", "juil", "julio", "luglio", "julho", "lipca", "lipiec",
        ],
        &[
            "august",
            "aug",
            "août",
            "aout",
            "agosto",
            "ago",
            "augustus",
            "sierpnia",
            "sierpień",
        ],
        &[
            "september",
            "sep",
            "sept",
            "septembre",
            "septiembre",
            "settembre",
            "set",
            "setembro",
            "września",
            "wrzesień",
        ],
        &[
            "october",
            "oct",
            "oktober",
            "okt",
            "octobre",
            "octubre",
            "ottobre",
            "ott",
            "outubro",
            "out",
            "października",
            "październik",
        ],
        &[
            "november",
            "nov",
            "novembre",
            "noviembre",
            "novembro",
            "listopada",
            "listopad",
        ],
        &[
            "december",
            "dec",
            "dezember",
            "dez",
            "décembre",
            "decembre",
            "déc",
            "diciembre",
            "dic",
            "dicembre",
            "dezembro",
            "grudnia",
            "grudzień",
        ],
    ];
    let word = word.to_lowercase();
    MONTHS
        .iter()
        .position(|names| names.contains(&word.as_str()))
        .map(|i| i as u32 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iso(text: &str) -> Option<String> {
        parse(text).map(|d| d.to_rfc3339())
    }

    #[test]
    fn dates_in_the_forms_pages_and_apis_use() {
        let cases = [
            ("July 17, 2021 4:02 pm", "2021-07-17T16:02:00+00:00"),
            ("March 11, 2024 at 9:00 am", "2024-03-11T09:00:00+00:00"),
            ("10. Februar 2019 um 18:05 Uhr", "2019-02-10T18:05:00+00:00"),
            ("17 juillet 2021 à 16h02", "2021-07-17T16:02:00+00:00"),
            ("2024-03-11T09:00:00+01:00", "2024-03-11T08:00:00+00:00"),
            ("2024-04-10T10:00:00", "2024-04-10T10:00:00+00:00"),
            ("17.07.2021 12:30", "2021-07-17T12:30:00+00:00"),
            ("Sun, 18 Jul 2021 09:14:00 +0000", "2021-07-18T09:14:00+00:00"),
        ];
        for (text, want) in cases {
            assert_eq!(iso(text).as_deref(), Some(want), "{text}");
        }
    }

    #[test]
    fn any_space_separates_and_digits_end_at_letters_of_any_script() {
        // A no-break space before "pm" (WordPress writes `4:02&nbsp;pm`) and a thin one.
        assert_eq!(
            iso("July 17, 2021 4:02\u{a0}pm").as_deref(),
            Some("2021-07-17T16:02:00+00:00")
        );
        assert_eq!(
            iso("17\u{2009}juillet 2021 à 16h02").as_deref(),
            Some("2021-07-17T16:02:00+00:00")
        );
        // "г." (Russian for "year") written against the digits.
        assert_eq!(
            iso("17.07.2021г. 16:02").as_deref(),
            Some("2021-07-17T16:02:00+00:00")
        );
    }

    #[test]
    fn relative_or_empty_dates_are_not_absolute() {
        assert_eq!(iso("9 days ago"), None);
        assert_eq!(iso(""), None);
        assert_eq!(iso("February 30, 2021"), None);
    }
}
