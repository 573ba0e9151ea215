//! Titles typed HTML reach the list as plain text: every character reference decoded once,
//! whatever else the title holds.
#![allow(clippy::unwrap_used)]

use folio::feed;

fn atom_titles(titles: &[&str]) -> Vec<String> {
    let entries: String = titles
        .iter()
        .enumerate()
        .map(|(i, t)| format!("<entry><id>e{i}</id><title type=\"html\">{t}</title></entry>"))
        .collect();
    let xml = format!(
        "<?xml version=\"1.0\"?><feed xmlns=\"http://www.w3.org/2005/Atom\"><id>f</id>\
         <title>T</title>{entries}</feed>"
    );
    let parsed = feed::parse(xml.as_bytes(), Some("application/atom+xml"), "https://e.org/feed").unwrap();
    parsed
        .items
        .into_iter()
        .map(|i| i.title.unwrap_or_default())
        .collect()
}

#[test]
fn html_titles_decode_every_known_reference_once() {
    // As XML: the HTML `Caf&eacute; &amp; bar`, then `Caf&amp;eacute; &amp; bar` (an escaped `&`).
    let titles = atom_titles(&[
        "Caf&amp;eacute; &amp;amp; bar",
        "Caf&amp;amp;eacute; &amp;amp; bar",
        "&amp;bogus; then &amp;eacute; &amp;#8217;",
        "AT&amp;amp;T &amp; co &amp;lt;b&amp;gt;",
        "&lt;b&gt;Bold&lt;/b&gt;&amp;nbsp;&amp;#0;",
    ]);
    assert_eq!(
        titles,
        [
            "Café & bar",
            "Caf&eacute; & bar",
            "&bogus; then é ’",
            "AT&T & co <b>",
            "Bold \u{fffd}",
        ]
    );
}
