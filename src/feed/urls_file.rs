//! newsboat's `urls` file: one feed per line, `URL tag "tag with spaces" "~Title"`, `#` comments.
//! Query feeds, `exec:` and `filter:` lines have no URL to fetch: they are skipped with a warning.

use super::Subscription;

/// The feeds of a `urls` file, and one warning per line that was skipped.
pub fn import(text: &str) -> (Vec<Subscription>, Vec<String>) {
    let mut subscriptions = Vec::new();
    let mut warnings = Vec::new();
    for (number, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut words = split_words(line).into_iter();
        let Some(url) = words.next() else { continue };
        if !(url.starts_with("http://") || url.starts_with("https://")) {
            let kind = url.split(':').next().unwrap_or_default();
            warnings.push(format!(
                "line {}: skipped a `{kind}:` entry (folio only follows http(s) feeds)",
                number + 1
            ));
            continue;
        }
        let mut sub = Subscription {
            url,
            title: None,
            tags: Vec::new(),
        };
        for word in words {
            match word.strip_prefix('~') {
                Some(title) => sub.title = Some(title.to_string()),
                None => {
                    let tag = word.trim_start_matches('!').to_string();
                    if !tag.is_empty() && !sub.tags.contains(&tag) {
                        sub.tags.push(tag);
                    }
                }
            }
        }
        subscriptions.push(sub);
    }
    (subscriptions, warnings)
}

/// Whitespace-separated words; a double-quoted word may hold spaces (`\"` is a literal quote).
fn split_words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' if quoted => current.extend(chars.next()),
            '"' => quoted = !quoted,
            c if c.is_whitespace() && !quoted => {
                if !current.is_empty() {
                    words.push(std::mem::take(&mut current));
                }
            }
            '#' if !quoted && current.is_empty() => break,
            c => current.push(c),
        }
    }
    if !current.is_empty() {
        words.push(current);
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_tags_titles_and_skips_queries() {
        let text = "# my feeds\nhttps://a.example/rss tech \"long tag\" \"~A Title\"\n\n\"query:Unread:unread = \\\"yes\\\"\"\nexec:~/bin/feed\nhttps://b.example/atom # trailing comment\n";
        let (subs, warnings) = import(text);
        assert_eq!(subs.len(), 2);
        assert_eq!(subs[0].tags, ["tech", "long tag"]);
        assert_eq!(subs[0].title.as_deref(), Some("A Title"));
        assert_eq!(subs[1].url, "https://b.example/atom");
        assert!(subs[1].tags.is_empty());
        assert_eq!(warnings.len(), 2);
        assert!(warnings[0].contains("line 4") && warnings[0].contains("query"));
    }
}
