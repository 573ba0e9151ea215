//! Where appeals point: the link targets of donation, membership and subscription pages and
//! services, and the sources of payment and donation widgets (forms, frames, scripts).

/// Parts of link targets at donation, membership and subscription pages and services. Matched on
/// the lowercased URL; path parts stand between slashes or before `?` / `#` / `.`.
const TARGET_PATHS: &[&str] = &[
    "donate",
    "donation",
    "donations",
    "donar",
    "donaciones",
    "dona",
    "don",
    "faire-un-don",
    "spenden",
    "spende",
    "unterstuetzen",
    "unterstützen",
    "support-us",
    "supportus",
    "support",
    "membership",
    "memberships",
    "become-a-member",
    "mitglied-werden",
    "mitgliedschaft",
    "join",
    "subscribe",
    "subscription",
    "subscriptions",
    "abo",
    "abonnement",
    "abonnieren",
    "abonnement-souscrire",
    "soutenir",
    "soutien",
    "apoya",
    "apoyo",
    "apoyanos",
    "suscripcion",
    "suscripciones",
    "membresia",
    "sostienici",
    "sostieni",
    "abbonamento",
    "abbonati",
    "contribute",
    "contribution",
    "newsletter",
    "newsletters",
    "checkout",
    "paywall",
];

/// Hosts (or host prefixes) of donation, patronage and crowdfunding services, and subdomains sites
/// give their donation and membership pages.
const TARGET_HOSTS: &[&str] = &[
    "patreon.com",
    "ko-fi.com",
    "liberapay.com",
    "buymeacoffee.com",
    "paypal.me",
    "gofundme.com",
    "donorbox.org",
    "steadyhq.com",
    "betterplace.org",
    "opencollective.com",
    "tipeee.com",
    "givebutter.com",
    "flattr.com",
    "donate.",
    "donations.",
    "join.",
    "membership.",
    "members.",
    "abo.",
    "spenden.",
    "apoyo.",
    "soutenir.",
];

/// A link target at a donation, membership or subscription page or service.
pub fn is_appeal_target(href: &str) -> bool {
    let href = href.trim().to_ascii_lowercase();
    if href.contains("paypal.com/donate") || href.contains("paypal.com/cgi-bin/webscr") {
        return true;
    }
    let Some(rest) = href
        .strip_prefix("https://")
        .or_else(|| href.strip_prefix("http://"))
        .or_else(|| href.strip_prefix("//"))
        .or_else(|| href.starts_with('/').then_some(href.as_str()))
    else {
        return false;
    };
    let (host, path) = match rest.find('/') {
        Some(at) if !href.starts_with('/') => (&rest[..at], &rest[at..]),
        None if !href.starts_with('/') => (rest, ""),
        _ => ("", rest),
    };
    let host = host.trim_start_matches("www.");
    if TARGET_HOSTS.iter().any(|h| {
        if h.ends_with('.') {
            host.starts_with(h)
        } else {
            host == *h || host.ends_with(&format!(".{h}"))
        }
    }) {
        return true;
    }
    let path = path.split(['?', '#']).next().unwrap_or_default();
    path.split('/')
        .map(|part| part.split('.').next().unwrap_or_default())
        .any(|part| TARGET_PATHS.contains(&part))
}

/// A frame, script, form or image of a payment or donation widget (`src` / `action`).
pub fn is_widget_source(source: &str) -> bool {
    const WIDGETS: &[&str] = &[
        "paypal.com/donate",
        "paypal.com/cgi-bin/webscr",
        "paypalobjects.com",
        "gofundme.com",
        "donorbox.org",
        "steadyhq.com",
        "givebutter.com",
        "betterplace.org",
        "ko-fi.com",
        "liberapay.com",
        "patreon.com",
        "buymeacoffee.com",
        "opencollective.com",
        "tipeee.com",
        "flattr.com",
    ];
    let source = source.to_ascii_lowercase();
    WIDGETS.iter().any(|w| source.contains(w))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn appeal_targets_are_donation_membership_and_subscription_pages() {
        for href in [
            "https://example.org/donate/",
            "/spenden",
            "https://www.patreon.com/someone",
            "https://apoyo.example.net?u=x",
            "https://example.com/product/subscription.html",
            "https://example.com/support-us#form",
            "https://www.paypal.com/donate?hosted_button_id=X",
        ] {
            assert!(is_appeal_target(href), "{href}");
        }
        for href in [
            "https://example.org/news/donations-rise-in-2023/",
            "mailto:support@example.org",
            "https://example.com/about",
            "https://donate-example.org/",
        ] {
            assert!(!is_appeal_target(href), "{href}");
        }
    }
}
