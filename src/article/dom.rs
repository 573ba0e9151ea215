//! Small DOM helpers shared by the extraction passes.

use dom_query::{NodeRef, Selection};

/// The descendants of `node` matching `css`.
pub fn within<'a>(node: &NodeRef<'a>, css: &str) -> Selection<'a> {
    Selection::from(*node).select(css)
}

/// Text with every run of whitespace folded into one space, trimmed.
pub fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The share of an element's text that sits inside links, 0.0 to 1.0.
pub fn link_density(node: &NodeRef<'_>) -> f32 {
    let total = node.normalized_char_count();
    if total == 0 {
        return 0.0;
    }
    let linked: usize = node
        .descendants_it()
        .filter(|n| n.has_name("a"))
        .map(|a| a.normalized_char_count())
        .sum();
    (linked as f32 / total as f32).min(1.0)
}

/// The element's tag is one of `names` (lowercase); cheaper than matching a CSS selector.
pub fn is_named(node: &NodeRef<'_>, names: &[&str]) -> bool {
    node.qual_name_ref()
        .is_some_and(|name| names.contains(&name.local.as_ref()))
}
