//! The words of an element's names (class, id, custom element tag): `newsletterSignup`,
//! `c-donate__box--large`, `<donate-box>` and `SomethingTeaser` all read as their words. Names a
//! build tool generated (`css-1x2y3z`, `sc-AxjAm`, `Teaser_box__3kdf9`) say nothing about the
//! element's role: their hashed parts are left out, so they count neither for chrome nor against it.

use dom_query::NodeRef;

/// The words of an element's class, id and custom tag name (`attribute_words`). Long ids
/// are slugs of headings ("sharing-with-a-single-developer"), not widget names
/// ("mvp-author-box-text"): left out.
pub fn class_and_id_words(node: &NodeRef<'_>) -> Vec<String> {
    element_name_words(node, attribute_words)
}

/// `class_and_id_words` split at separators only (`whole_words`).
pub fn whole_class_and_id_words(node: &NodeRef<'_>) -> Vec<String> {
    element_name_words(node, whole_words)
}

fn element_name_words(node: &NodeRef<'_>, split: fn(&str) -> Vec<String>) -> Vec<String> {
    const MAX_ID_PARTS: usize = 4;
    let mut words = split(&node.attr("class").unwrap_or_default());
    let id = node.attr("id").unwrap_or_default();
    if whole_words(&id).len() <= MAX_ID_PARTS {
        words.extend(split(&id));
    }
    if let Some(name) = node.qual_name_ref().filter(|name| name.local.contains('-')) {
        words.extend(split(&name.local));
    }
    words
}

/// An element whose names may mark chrome: a class, an id or a custom tag name.
pub fn is_named_element(node: &NodeRef<'_>) -> bool {
    node.has_attr("class")
        || node.has_attr("id")
        || node.qual_name_ref().is_some_and(|name| name.local.contains('-'))
}

/// Lowercased words of a class or id attribute: tokens split at `-`, `_` (so BEM's `__` and `--`
/// too), and each camelCase part both whole (`imagedescription`, for compound vocabulary) and at
/// its humps (`image`, `description`). Class tokens that name the post's taxonomy
/// (`tag-social-media`, `category-comments`: WordPress and Drupal put them on the article itself),
/// state classes and hashed names are skipped.
pub fn attribute_words(value: &str) -> Vec<String> {
    let mut words = Vec::new();
    for part in parts(value) {
        let humps = camel_words(part);
        if humps.len() > 1 {
            words.push(part.to_ascii_lowercase());
        }
        words.extend(humps);
    }
    words
}

/// Lowercased words split at separators only (`ctxtMenu` stays `ctxtmenu`): for the weaker
/// vocabulary, which camelCase humps would find inside too many unrelated names.
pub fn whole_words(value: &str) -> Vec<String> {
    parts(value).map(str::to_ascii_lowercase).collect()
}

/// The meaningful parts of a class or id attribute, split at separators.
fn parts(value: &str) -> impl Iterator<Item = &str> {
    value
        .split_whitespace()
        .filter(|token| !is_taxonomy_token(token) && !is_state_token(token) && !is_generated_token(token))
        .flat_map(|token| token.split(|c: char| !c.is_ascii_alphanumeric()))
        .filter(|part| !part.is_empty() && !is_hash_part(part))
}

/// A part split at camelCase humps and lowercased: `newsletterSignup` → newsletter, signup;
/// `SEOBox` → seo, box. Digits stay with the letters before them (`h2`, `top10`).
fn camel_words(part: &str) -> Vec<String> {
    let chars: Vec<char> = part.chars().collect();
    let mut words = Vec::new();
    let mut start = 0;
    for at in 1..chars.len() {
        let (before, here) = (chars[at - 1], chars[at]);
        let next_lower = chars.get(at + 1).is_some_and(char::is_ascii_lowercase);
        // "aB" starts a word, and so does the last capital of a run followed by a lowercase
        // letter ("SEOBox": the B).
        let hump = here.is_ascii_uppercase()
            && (before.is_ascii_lowercase()
                || before.is_ascii_digit()
                || before.is_ascii_uppercase() && next_lower);
        if hump {
            words.push(chars[start..at].iter().collect::<String>().to_ascii_lowercase());
            start = at;
        }
    }
    words.push(chars[start..].iter().collect::<String>().to_ascii_lowercase());
    words
}

fn is_taxonomy_token(token: &str) -> bool {
    const PREFIXES: &[&str] = &[
        "tag-",
        "tag_",
        "category-",
        "category_",
        "cat-",
        "tags-",
        "topic-",
        "format-",
    ];
    let lower = token
        .get(..token.len().min(10))
        .unwrap_or(token)
        .to_ascii_lowercase();
    PREFIXES.iter().any(|p| lower.starts_with(p))
}

/// A class that states what the page shows (`is-active`, `has-sidebar`, `isShowingReadNextSidebar`)
/// rather than what the element is: it often names chrome elsewhere on the page.
fn is_state_token(token: &str) -> bool {
    const STATES: &[&str] = &["is", "has", "with", "showing", "no", "not"];
    token
        .split(|c: char| !c.is_ascii_alphanumeric())
        .next()
        .and_then(|first| camel_words(first).into_iter().next())
        .is_some_and(|word| STATES.contains(&word.as_str()) && token.len() > word.len())
}

/// A whole class a CSS-in-JS tool generated: styled-components' `sc-` ids and their random
/// letter classes (`kBqsPT`), emotion's `css-…`, styled-jsx's `jsx-…`, Svelte's and Astro's
/// scoping classes.
fn is_generated_token(token: &str) -> bool {
    const PREFIXES: &[&str] = &["sc-", "css-", "jsx-", "svelte-", "astro-", "emotion-"];
    let lower = token.to_ascii_lowercase();
    if PREFIXES.iter().any(|p| lower.starts_with(p)) {
        return true;
    }
    // Random letters: short, no separator, and humps every letter or two ("kBqsPT", "bdVaJa").
    if token.len() <= 8 && token.chars().all(|c| c.is_ascii_alphabetic()) {
        let words = camel_words(token);
        let single_letters = words.iter().filter(|w| w.len() == 1).count();
        return words.len() >= 3 && (single_letters > 0 || words.iter().all(|w| w.len() <= 2));
    }
    false
}

/// A part of a name that is a hash (`3kdf9`, `x3Fq2`, `1n5a9k`): five or more characters mixing
/// letters and digits, with a digit first or between letters (`top10`, `grid12` are words).
fn is_hash_part(part: &str) -> bool {
    if part.len() < 5 || !part.chars().any(|c| c.is_ascii_alphabetic()) {
        return false;
    }
    let digits_inside = part.trim_end_matches(|c: char| c.is_ascii_digit());
    digits_inside.starts_with(|c: char| c.is_ascii_digit())
        || digits_inside.chars().any(|c| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_split_at_separators_bem_and_camel_case() {
        assert_eq!(
            attribute_words("entry-content share_bar"),
            ["entry", "content", "share", "bar"]
        );
        assert_eq!(
            attribute_words("newsletterSignup"),
            ["newslettersignup", "newsletter", "signup"]
        );
        assert_eq!(
            attribute_words("SomethingTeaser"),
            ["somethingteaser", "something", "teaser"]
        );
        assert_eq!(whole_words("MathJax_CtxtMenu"), ["mathjax", "ctxtmenu"]);
        assert_eq!(
            attribute_words("c-donate__box--large"),
            ["c", "donate", "box", "large"]
        );
        assert_eq!(
            attribute_words("SEOBox h2 top10"),
            ["seobox", "seo", "box", "h2", "top10"]
        );
    }

    #[test]
    fn taxonomy_tokens_and_hashed_names_are_no_evidence() {
        assert_eq!(
            attribute_words("post hentry tag-social-media category-comments entry"),
            ["post", "hentry", "entry"]
        );
        assert!(attribute_words("is-active has-sidebar isShowingReadNextSidebar no-comments").is_empty());
        assert!(attribute_words("css-1x2y3z sc-AxjAm kBqsPT bdVaJa jsx-2837461").is_empty());
        assert_eq!(attribute_words("Teaser_box__3kdf9"), ["teaser", "box"]);
        assert_eq!(attribute_words("_3kdf9 x3Fq2 grid12"), ["grid12"]);
        // A short camelCase name made of words is kept.
        assert_eq!(
            attribute_words("adBox AdSlot"),
            ["adbox", "ad", "box", "adslot", "ad", "slot"]
        );
    }
}
