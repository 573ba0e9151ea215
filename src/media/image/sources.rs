//! The pictures of an article, in the order its `[image: ...]` lines show them: each `<img>` of
//! the body with its address (resolved, `src`, else a lazy-loading `data-src`, else the first
//! `srcset` candidate) and its declared size, and which are never fetched: tracking pixels (a
//! declared width or height of 2 or less), SVG (drawn by nothing here: never run), and addresses
//! that are not web links. Pure.

use dom_query::Document;

use super::Refusal;
use crate::links;

/// One picture of the article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageSource {
    /// The web address to fetch, or why it is not fetched.
    pub url: Result<String, Refusal>,
    pub alt: String,
}

/// The pictures of `html` (the article's body), `base` resolving relative addresses.
pub fn of_html(html: &str, base: Option<&str>) -> Vec<ImageSource> {
    let doc = Document::fragment(html);
    doc.select("img")
        .nodes()
        .iter()
        .map(|img| {
            let attr = |name: &str| {
                img.attr(name)
                    .map(|v| v.trim().to_string())
                    .filter(|v| !v.is_empty())
            };
            let address = attr("src")
                .filter(|src| !src.starts_with("data:") || attr("data-src").is_none())
                .or_else(|| attr("data-src"))
                .or_else(|| {
                    attr("srcset").and_then(|set| {
                        set.split(',')
                            .next()?
                            .split_whitespace()
                            .next()
                            .map(str::to_string)
                    })
                });
            let declared = |name: &str| attr(name).and_then(|v| v.trim_end_matches("px").parse::<u32>().ok());
            let url = match (address, declared("width"), declared("height")) {
                (_, Some(w), Some(h)) if w <= 2 || h <= 2 => Err(Refusal::TrackingPixel(w, h)),
                (_, Some(w), None) | (_, None, Some(w)) if w <= 1 => Err(Refusal::TrackingPixel(w, w)),
                (None, ..) => Err(Refusal::NoAddress("the picture names none".into())),
                (Some(address), ..) => web_address(&address, base),
            };
            ImageSource {
                url,
                alt: attr("alt").unwrap_or_default(),
            }
        })
        .collect()
}

/// The pictures of an article's body, in the order its `[image` labels show them.
pub fn of_article(article: &crate::article::Article) -> Vec<ImageSource> {
    let html: Vec<&str> = article.blocks.iter().map(|b| b.html.as_str()).collect();
    of_html(&html.join("\n"), article.url.as_deref())
}

/// `address` as a web link to fetch, unless it is an SVG or not a web link.
pub fn web_address(address: &str, base: Option<&str>) -> Result<String, Refusal> {
    let link = links::openable(address, base).map_err(|refused| Refusal::NoAddress(refused.to_string()))?;
    let path = url::Url::parse(link.as_str())
        .map(|u| u.path().to_ascii_lowercase())
        .unwrap_or_default();
    if path.ends_with(".svg") || path.ends_with(".svgz") {
        return Err(Refusal::Svg);
    }
    Ok(link.to_string())
}

/// The line of each `[image` label of `lines`, in order: the k-th is the k-th source's line (two
/// pictures side by side in a paragraph share one).
pub fn marker_lines<'a>(lines: impl IntoIterator<Item = &'a str>) -> Vec<usize> {
    lines
        .into_iter()
        .enumerate()
        .flat_map(|(at, text)| std::iter::repeat_n(at, text.matches("[image").count()))
        .collect()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    const BASE: Option<&str> = Some("https://news.example/2024/story.html");

    #[test]
    fn addresses_are_resolved_and_lazy_ones_found() {
        let html = r#"<p><img src="/a.jpg" alt="Harbour"></p>
            <img src="data:image/gif;base64,R0lGOD" data-src="lazy.png">
            <img srcset="small.webp 480w, big.webp 1080w">
            <img>"#;
        let found = of_html(html, BASE);
        assert_eq!(found.len(), 4);
        assert_eq!(found[0].url.as_deref(), Ok("https://news.example/a.jpg"));
        assert_eq!(found[0].alt, "Harbour");
        assert_eq!(found[1].url.as_deref(), Ok("https://news.example/2024/lazy.png"));
        assert_eq!(
            found[2].url.as_deref(),
            Ok("https://news.example/2024/small.webp")
        );
        assert!(matches!(found[3].url, Err(Refusal::NoAddress(_))));
    }

    #[test]
    fn tracking_pixels_svg_and_other_schemes_are_never_fetched() {
        let html = r#"<img src="https://t.example/p.gif" width="1" height="1">
            <img src="https://t.example/q.gif" width="1px">
            <img src="https://x.example/logo.SVG">
            <img src="javascript:alert(1)">
            <img src="file:///etc/passwd">
            <img src="https://x.example/fine.png" width="640" height="2">"#;
        let found = of_html(html, BASE);
        assert_eq!(found[0].url, Err(Refusal::TrackingPixel(1, 1)));
        assert_eq!(found[1].url, Err(Refusal::TrackingPixel(1, 1)));
        assert_eq!(found[2].url, Err(Refusal::Svg));
        assert!(matches!(found[3].url, Err(Refusal::NoAddress(_))));
        assert!(matches!(found[4].url, Err(Refusal::NoAddress(_))));
        assert_eq!(found[5].url, Err(Refusal::TrackingPixel(640, 2)));
    }

    #[test]
    fn marker_lines_are_the_labels_in_order() {
        let lines = [
            "Title",
            "[image: Harbour]",
            "text [image] and [image: b]",
            "[1] link",
        ];
        assert_eq!(marker_lines(lines), vec![1, 2, 2]);
    }
}
