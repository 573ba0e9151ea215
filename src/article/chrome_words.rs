//! Words in class and id names that mark page chrome (share bars, sidebars, author boxes,
//! captions): the general vocabulary of web chrome, never one site's names.

/// How strongly a class/id word marks chrome.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChromeWord {
    /// Never article text (share bars, comment sections, cookie banners, donation widgets).
    Strong,
    /// Usually chrome (sidebars, widgets, menus), but themes also use these words on wrappers
    /// around the article, so it only counts on elements holding a small part of the page's text.
    Weak,
}

/// Classifies one word of a class or id (lowercase, split at `-`, `_`, spaces).
pub fn chrome_word(word: &str) -> Option<ChromeWord> {
    let strong = matches!(
        word,
        "share"
            | "shares"
            | "sharing"
            | "sharer"
            | "sharebar"
            | "addtoany"
            | "a2a"
            | "sharethis"
            | "sharedaddy"
            | "heateor"
            | "shariff"
            | "social"
            | "socials"
            | "donate"
            | "donation"
            | "donations"
            | "patreon"
            | "kofi"
            | "liberapay"
            | "newsletter"
            | "newsletters"
            | "subscribe"
            | "subscription"
            | "signup"
            | "optin"
            | "mailchimp"
            | "mc4wp"
            | "cookie"
            | "cookies"
            | "consent"
            | "gdpr"
            | "paywall"
            | "breadcrumb"
            | "breadcrumbs"
            | "comments"
            | "comment"
            | "commentlist"
            | "respond"
            | "disqus"
            | "wpdiscuz"
            | "wpd"
            | "related"
            | "relatedposts"
            | "yarpp"
            | "recommended"
            | "recommendations"
            | "outbrain"
            | "taboola"
            | "advert"
            | "advertisement"
            | "adsbygoogle"
            | "ads"
            | "ad"
            | "sponsored"
            | "promo"
            | "progressbar"
            | "tagcloud"
            | "taglist"
            | "tags"
            | "popup"
            | "modal"
            | "jetpack"
            | "likes"
            | "disclaimer"
            | "affiliate"
            | "ratings"
            | "kommentare"
            | "kommentar"
            | "commentaires"
            | "comentarios"
    );
    if strong {
        return Some(ChromeWord::Strong);
    }
    let weak = matches!(
        word,
        "sidebar"
            | "widget"
            | "widgets"
            | "navbar"
            | "nav"
            | "navigation"
            | "menu"
            | "footer"
            | "masthead"
            | "topbar"
            | "toolbar"
            | "pagination"
            | "pager"
            | "popular"
            | "trending"
            | "support"
            | "sponsor"
            | "banner"
            | "login"
            | "signin"
            | "print"
            | "rating"
            | "follow"
            | "authors"
    );
    weak.then_some(ChromeWord::Weak)
}

/// A class word naming an image caption or a photo credit.
pub fn is_caption_word(word: &str) -> bool {
    matches!(
        word,
        "caption"
            | "captions"
            | "figcaption"
            | "credit"
            | "credits"
            | "copyright"
            | "photocredit"
            | "photocredits"
            | "imagecredit"
            | "imagecredits"
            | "fotocredit"
            | "fotocredits"
            | "bildcredit"
            | "bildnachweis"
            | "fotonachweis"
            | "bildquelle"
            | "photographer"
            | "legend"
            | "legende"
            | "bildunterschrift"
            | "imagedescription"
    )
}

/// Whole class names that hide an element from sighted readers (screen-reader-only text such as
/// "Opens in a new window", and utility classes for hidden elements).
pub const HIDING_CLASSES: &[&str] = &[
    "hidden",
    "hide",
    "d-none",
    "invisible",
    "sr-only",
    "screen-reader-text",
    "screen-reader-only",
    "visually-hidden",
    "visuallyhidden",
    "element-invisible",
    "u-hidden",
    "is-hidden",
];

/// Pairs of words that together mark chrome ("author-bio", "read-more", "more-stories").
pub fn chrome_pair(words: &[&str]) -> bool {
    let has = |w: &str| words.contains(&w);
    (has("author") && (has("bio") || has("box") || has("profile") || has("about")))
        // Not "read-more": themes use it for the collapsed rest of the article.
        || (has("read") && (has("next") || has("also")))
        || (has("more") && (has("stories") || has("articles") || has("news") || has("posts") || has("from")))
        || (has("see") && has("also"))
        || (has("post") && has("navigation"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chrome_words_come_from_class_and_id_vocabulary() {
        assert_eq!(chrome_word("share"), Some(ChromeWord::Strong));
        assert_eq!(chrome_word("sidebar"), Some(ChromeWord::Weak));
        assert_eq!(chrome_word("content"), None);
        assert!(chrome_pair(&["author", "bio"]));
        assert!(!chrome_pair(&["author", "name"]));
    }
}
