//! How often a feed's publisher asks to be fetched: RSS `<ttl>` (minutes, which feed-rs reads) and
//! the syndication module's `sy:updatePeriod` and `sy:updateFrequency` (which it does not). The
//! channel's elements come before its items, so only the document's head is looked at.

use std::time::Duration;

use memchr::memmem;

/// The longer of the two intervals a feed may state; `None` when it states neither.
pub fn publisher_interval(xml: &str, ttl_minutes: Option<u32>) -> Option<Duration> {
    let ttl = ttl_minutes
        .filter(|&m| m > 0)
        .map(|m| Duration::from_secs(u64::from(m) * 60));
    ttl.max(syndication_interval(head(xml)))
}

/// The document up to its first item or entry.
fn head(xml: &str) -> &str {
    let bytes = xml.as_bytes();
    let first = [&b"<item"[..], b"<entry"]
        .iter()
        .filter_map(|tag| memmem::find(bytes, tag))
        .min()
        .unwrap_or(bytes.len());
    &xml[..first]
}

/// `sy:updatePeriod` divided by `sy:updateFrequency` (1 when absent).
fn syndication_interval(head: &str) -> Option<Duration> {
    let period = match element_text(head, "updatePeriod")?.to_ascii_lowercase().as_str() {
        "hourly" => 60 * 60,
        "daily" => 24 * 60 * 60,
        "weekly" => 7 * 24 * 60 * 60,
        "monthly" => 30 * 24 * 60 * 60,
        "yearly" => 365 * 24 * 60 * 60,
        _ => return None,
    };
    let frequency = element_text(head, "updateFrequency")
        .and_then(|f| f.parse::<u64>().ok())
        .filter(|&f| f > 0)
        .unwrap_or(1);
    Some(Duration::from_secs(period / frequency))
}

/// The text of the first `<prefix:name>` element (any prefix), trimmed.
fn element_text<'a>(xml: &'a str, name: &str) -> Option<&'a str> {
    let tag_end = format!(":{name}>");
    let at = memmem::find(xml.as_bytes(), tag_end.as_bytes())? + tag_end.len();
    let rest = &xml[at..];
    let end = rest.find('<').unwrap_or(rest.len());
    Some(rest[..end].trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    const SY: &str = r#"<rss version="2.0" xmlns:sy="http://purl.org/rss/1.0/modules/syndication/">
        <channel><title>t</title><sy:updatePeriod> hourly </sy:updatePeriod>
        <sy:updateFrequency>2</sy:updateFrequency><item><title>daily</title></item></channel></rss>"#;

    #[test]
    fn the_syndication_module_and_ttl_give_the_interval_and_the_longer_wins() {
        assert_eq!(publisher_interval(SY, None), Some(Duration::from_secs(30 * 60)));
        assert_eq!(
            publisher_interval(SY, Some(60)),
            Some(Duration::from_secs(60 * 60))
        );
        assert_eq!(
            publisher_interval(SY, Some(10)),
            Some(Duration::from_secs(30 * 60))
        );
        let daily = "<rss><channel><s:updatePeriod>daily</s:updatePeriod></channel></rss>";
        assert_eq!(publisher_interval(daily, None), Some(Duration::from_secs(86_400)));
    }

    #[test]
    fn nothing_stated_or_stated_in_an_item_is_no_interval() {
        assert_eq!(publisher_interval("<rss><channel></channel></rss>", None), None);
        assert_eq!(publisher_interval("<rss/>", Some(0)), None);
        let in_item = "<rss><channel><item><sy:updatePeriod>daily</sy:updatePeriod></item></channel></rss>";
        assert_eq!(publisher_interval(in_item, None), None);
        let odd = "<rss><channel><sy:updatePeriod>sometimes</sy:updatePeriod></channel></rss>";
        assert_eq!(publisher_interval(odd, None), None);
    }
}
