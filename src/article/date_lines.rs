//! Lines that are only a date, a time or both ("23.10.2018", "7. oktober 2020", "Posted on March 5,
//! 2021", "Updated: Nov 8, 2023 / 04:43 PM CST"): page furniture beside the byline, never prose.

/// Words that label a date line.
const DATE_LABELS: &[&str] = &[
    "stand",
    "veröffentlicht",
    "veröffentlichung",
    "aktualisiert",
    "zuletzt aktualisiert",
    "datum",
    "published",
    "updated",
    "last updated",
    "posted",
    "date",
    "publié",
    "mis à jour",
    "publicado",
    "actualizado",
    "fecha",
    "pubblicato",
    "aggiornato",
    "data",
];

/// Time zones written after a time ("04:43 PM CST").
const TIME_ZONES: &[&str] = &[
    "utc", "gmt", "cet", "cest", "mez", "mesz", "bst", "est", "edt", "cst", "cdt", "mst", "mdt", "pst", "pdt",
];

/// The date after a label and its preposition ("posted on ...", "veröffentlicht am ...",
/// "publié le ...").
fn without_label(line: &str) -> Option<&str> {
    const PREPOSITIONS: &[&str] = &["on", "am", "le", "el", "il", "at"];
    DATE_LABELS.iter().find_map(|label| {
        let rest = line.strip_prefix(label)?.trim_start();
        let (word, date) = rest.split_once(' ')?;
        PREPOSITIONS.contains(&word).then_some(date)
    })
}

/// A line that is only a date and/or time ("23.10.2018", "7. oktober 2020", "March 5, 2021,
/// 19:49"): page furniture beside the byline, never prose. Needs two groups of digits, or one and a
/// month name; any other word makes it prose.
pub fn is_date_line(text: &str) -> bool {
    const MONTHS: &[&str] = &[
        "jan",
        "january",
        "feb",
        "february",
        "mar",
        "march",
        "apr",
        "april",
        "may",
        "jun",
        "june",
        "jul",
        "july",
        "aug",
        "august",
        "sep",
        "sept",
        "september",
        "oct",
        "october",
        "nov",
        "november",
        "dec",
        "december",
        "januar",
        "februar",
        "märz",
        "mai",
        "juni",
        "juli",
        "oktober",
        "dezember",
        "janvier",
        "février",
        "mars",
        "avril",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "octubre",
        "noviembre",
        "diciembre",
        "gennaio",
        "febbraio",
        "aprile",
        "maggio",
        "giugno",
        "luglio",
        "settembre",
        "ottobre",
        "dicembre",
        "januari",
        "februari",
        "maart",
        "mei",
        "augustus",
        "stycznia",
        "lutego",
        "marca",
        "kwietnia",
        "maja",
        "czerwca",
        "lipca",
        "sierpnia",
        "września",
        "października",
        "listopada",
        "grudnia",
        "oktober",
        "desember",
        "am",
        "pm",
        "um",
        "uhr",
        "de",
        "del",
        "à",
        "h",
    ];
    if text.chars().count() > 50 {
        return false;
    }
    let lower = text.to_lowercase();
    // A label before the date ("Stand: 5. Februar 2020", "Updated: March 5, 2021", "Posted on
    // April 29, 2022", "Veröffentlicht am 5. Mai") is furniture too.
    let lower = match lower.split_once(':') {
        Some((label, date)) if DATE_LABELS.contains(&label.trim()) => date.to_string(),
        _ => without_label(&lower).unwrap_or(&lower).to_string(),
    };
    let mut digit_groups = 0;
    let mut months = 0;
    for word in lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if word.chars().all(|c| c.is_ascii_digit()) {
            digit_groups += 1;
        } else if MONTHS.contains(&word) || TIME_ZONES.contains(&word) {
            months += 1;
        } else if word.chars().any(|c| c.is_ascii_digit()) && word.len() <= 4 {
            // "5th", "1er", "19h30"
            digit_groups += 1;
        } else {
            return false;
        }
    }
    digit_groups >= 2 || digit_groups == 1 && months >= 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_lines_are_only_dates() {
        for line in [
            "23.10.2018",
            "7. oktober 2020",
            "05. Februar 2020",
            "March 5, 2021",
            "19:49",
            "12 marca 2021",
            "Stand: 05. Februar 2020",
            "Veröffentlichung: 2. Februar 2022",
            "Posted on April 29, 2022",
            "Updated: Nov 8, 2023 / 04:43 PM CST",
            "veröffentlicht am 5. Mai 2021",
        ] {
            assert!(is_date_line(line), "{line}");
        }
        for line in [
            "2020",
            "In March 2020 we left.",
            "Top 10 of 2021",
            "Chapter 3",
            "Score: 3 to 2",
            "Posted on the wall in 2022",
        ] {
            assert!(!is_date_line(line), "{line}");
        }
    }
}
