//! The one policy for every link folio opens in a browser or copies: a link from a feed, a page or
//! a discussion is parsed with `url`, resolved against the page it came from, and opened only when
//! it is a web address (`http`, `https`). Anything else is refused with a reason for the status
//! bar: `file:`, `javascript:`, `data:`, `smb:` and other schemes can read local files, run code
//! or reach other programs, and a mail address is shown rather than handed to a mail program.
//!
//! A link that passes is the normalised URL `url` writes, which begins with its scheme: it can
//! never begin with `-` and be taken by a browser for an option (`--remote-debugging-port`).

use url::Url;

/// A web address, safe to hand to a browser: only [`openable`] makes one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebLink(Url);

impl WebLink {
    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }
}

impl std::fmt::Display for WebLink {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why a link is not opened, in words for the status bar.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refused {
    #[error("not a link: {0}")]
    NotALink(String),
    #[error("relative link {0} and no page to resolve it against")]
    Relative(String),
    #[error("mail address {0} (folio opens web links only)")]
    Mail(String),
    #[error("{0}: links are not opened (web links only)")]
    Scheme(String),
}

/// The web address `link` points to, resolved against `base` (the page or feed it came from).
pub fn openable(link: &str, base: Option<&str>) -> Result<WebLink, Refused> {
    let url = resolve(link, base)?;
    match url.scheme() {
        "http" | "https" if url.host_str().is_some_and(|host| !host.is_empty()) => Ok(WebLink(url)),
        "mailto" => Err(Refused::Mail(url.path().to_string())),
        "http" | "https" => Err(Refused::NotALink(shown(link))),
        other => Err(Refused::Scheme(other.to_string())),
    }
}

/// What copying `link` puts on the clipboard: a web address, or a mail address as `mailto:`
/// (copying one opens nothing); other schemes are refused as for opening.
pub fn copyable(link: &str, base: Option<&str>) -> Result<String, Refused> {
    match openable(link, base) {
        Ok(web) => Ok(web.0.into()),
        Err(Refused::Mail(_)) => resolve(link, base).map(String::from),
        Err(other) => Err(other),
    }
}

/// `link` parsed, or joined to `base` when it is relative.
fn resolve(link: &str, base: Option<&str>) -> Result<Url, Refused> {
    let link = link.trim();
    match Url::parse(link) {
        Ok(url) => Ok(url),
        Err(url::ParseError::RelativeUrlWithoutBase) => {
            let base = base
                .and_then(|b| Url::parse(b).ok())
                .filter(|b| matches!(b.scheme(), "http" | "https"))
                .ok_or_else(|| Refused::Relative(shown(link)))?;
            base.join(link).map_err(|_| Refused::NotALink(shown(link)))
        }
        Err(_) => Err(Refused::NotALink(shown(link))),
    }
}

/// A refused link as the status bar names it: on one line and short.
fn shown(link: &str) -> String {
    let line = crate::sanitize::single_line(link);
    crate::sanitize::truncate_to_width(&line, 60).into_owned()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    const PAGE: Option<&str> = Some("https://news.example/2024/story.html");

    #[test]
    fn web_links_open_as_url_writes_them() {
        assert_eq!(
            openable("https://example.org/a b?q=1#c", None).unwrap().as_str(),
            "https://example.org/a%20b?q=1#c"
        );
        assert_eq!(
            openable("  HTTP://Example.ORG  ", None).unwrap().as_str(),
            "http://example.org/"
        );
    }

    #[test]
    fn relative_links_resolve_against_their_page_and_need_one() {
        assert_eq!(
            openable("../about", PAGE).unwrap().as_str(),
            "https://news.example/about"
        );
        assert_eq!(
            openable("//cdn.example/x", PAGE).unwrap().as_str(),
            "https://cdn.example/x"
        );
        assert!(matches!(openable("/about", None), Err(Refused::Relative(_))));
        assert!(matches!(
            openable("/about", Some("file:///home/me/")),
            Err(Refused::Relative(_))
        ));
    }

    #[test]
    fn other_schemes_are_refused_by_name() {
        for (link, scheme) in [
            ("file:///etc/passwd", "file"),
            ("javascript:alert(1)", "javascript"),
            ("JavaScript:alert(1)", "javascript"),
            ("data:text/html;base64,PHNjcmlwdD4=", "data"),
            ("smb://server/share", "smb"),
            ("ssh://host", "ssh"),
            ("x-folio-custom:do?this", "x-folio-custom"),
            ("vbscript:msgbox", "vbscript"),
        ] {
            let refused = openable(link, PAGE).unwrap_err();
            assert_eq!(refused, Refused::Scheme(scheme.into()), "{link}");
            assert!(
                refused.to_string().starts_with(&format!("{scheme}: ")),
                "{refused}"
            );
            assert!(copyable(link, PAGE).is_err(), "{link} is not copied either");
        }
    }

    #[test]
    fn a_mail_address_is_shown_and_copied_not_opened() {
        let refused = openable("mailto:editor@news.example", PAGE).unwrap_err();
        assert_eq!(refused, Refused::Mail("editor@news.example".into()));
        assert!(refused.to_string().contains("editor@news.example"));
        assert_eq!(
            copyable("mailto:editor@news.example", PAGE).unwrap(),
            "mailto:editor@news.example"
        );
    }

    #[test]
    fn a_link_that_looks_like_an_option_never_becomes_one() {
        // Relative: resolved under the page, it is a path on the site.
        let resolved = openable("--remote-debugging-port=9222", PAGE).unwrap();
        assert_eq!(
            resolved.as_str(),
            "https://news.example/2024/--remote-debugging-port=9222"
        );
        for hostile in ["--new-instance", "-P evil", "-", " --incognito"] {
            assert!(openable(hostile, None).is_err(), "{hostile}");
            if let Ok(link) = openable(hostile, PAGE) {
                assert!(!link.as_str().starts_with('-'), "{link}");
            }
        }
    }

    #[test]
    fn broken_links_are_refused_in_a_short_line() {
        assert!(matches!(openable("http://", None), Err(Refused::NotALink(_))));
        assert!(matches!(
            openable("https://[::1", None),
            Err(Refused::NotALink(_))
        ));
        let long = format!("http://{}\n", "x".repeat(300));
        let refused = openable(&format!("{long}[bad"), None).unwrap_err().to_string();
        assert!(
            !refused.contains('\n') && refused.chars().count() < 90,
            "{refused}"
        );
    }
}
