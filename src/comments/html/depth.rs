//! How deep each comment of a thread sits, from whichever signal the page gives:
//!
//! - numbers the markup states on every comment (`depth-N` / `level-N` classes, `data-depth`,
//!   `aria-level`, Hacker News's `indent` attribute);
//! - indentation the markup draws (an inline `margin-left` / `padding-left`, the width of a spacer
//!   image), in steps of the smallest indent;
//! - nesting: comments inside comments, or inside a container of replies (`ul.children`,
//!   `div.indented`, `div.comment-replies`) which may follow its parent rather than sit in it;
//! - else a flat list where replies carry a modifier class (`comment--indented`).
//!
//! Every depth is relative: the shallowest comment is at 0. One walk over the page, no recursion.

use dom_query::{NodeId, NodeRef};

use super::element_kind::{has_any, names};
use super::queries;

/// Name parts of an element that holds replies.
const REPLY_CONTAINER_WORDS: &[&str] = &[
    "children",
    "replies",
    "child",
    "indented",
    "nested",
    "subcomment",
    "sub-comment",
    "comment-list-reply",
];
/// Name parts of a comment that is a reply, in lists that do not nest.
const REPLY_MODIFIERS: &[&str] = &[
    "indented", "is-reply", "--reply", "-reply-", "child", "nested", "answer",
];
const LEVEL_PREFIXES: &[&str] = &[
    "depth-",
    "level-",
    "comment-level-",
    "depth_",
    "level_",
    "lvl-",
    "indent-",
];
/// Pixels per `em` when an indent is given in ems.
const EM_PX: f64 = 16.0;

/// The depth of each unit (in document order), 0 for the shallowest.
pub(super) fn depths(root: &NodeRef, units: &[NodeRef], is_unit: &dyn Fn(&NodeRef) -> bool) -> Vec<usize> {
    if units.is_empty() {
        return Vec::new();
    }
    if let Some(stated) = all_or_nothing(units.iter().map(stated_level).collect()) {
        return relative(stated);
    }
    if let Some(indents) = all_or_nothing(units.iter().map(|u| indent_px(u, is_unit)).collect()) {
        return in_steps(&indents);
    }
    let nested = relative(nesting(root, units, is_unit));
    if nested.iter().any(|&d| d > 0) {
        return nested;
    }
    units
        .iter()
        .map(|u| usize::from(REPLY_MODIFIERS.iter().any(|m| modifier_names(u).contains(m))))
        .collect()
}

/// The unit's class and id without the comment word itself: `comment--indented` → `--indented`.
fn modifier_names(unit: &NodeRef) -> String {
    names(unit)
        .split_whitespace()
        .filter(|token| *token != "comment")
        .collect::<Vec<_>>()
        .join(" ")
}

/// `Some` when every unit has a value (a signal the page gives for some comments only is not a
/// depth: a `level-2` on one wrapper, a margin on one quote).
fn all_or_nothing<T>(values: Vec<Option<T>>) -> Option<Vec<T>> {
    values.into_iter().collect()
}

fn relative(levels: Vec<usize>) -> Vec<usize> {
    let min = levels.iter().copied().min().unwrap_or(0);
    levels.into_iter().map(|l| l - min).collect()
}

/// A level number the unit states about itself.
fn stated_level(unit: &NodeRef) -> Option<usize> {
    for attribute in ["data-depth", "data-level", "aria-level"] {
        if let Some(value) = unit.attr(attribute).and_then(|v| v.trim().parse::<usize>().ok()) {
            return Some(value);
        }
    }
    queries::class_number(unit, LEVEL_PREFIXES)
}

/// The indent drawn for the unit, in pixels: HN's `indent` attribute (in levels: × 40), a spacer
/// image's width, or an inline left margin or padding on the unit, its wrapper or its first block.
fn indent_px(unit: &NodeRef, is_unit: &dyn Fn(&NodeRef) -> bool) -> Option<f64> {
    if let Some(px) = unit
        .parent()
        .as_ref()
        .and_then(style_indent)
        .filter(|px| *px > 0.0)
    {
        return Some(px);
    }
    if let Some(px) = style_indent(unit) {
        return Some(px);
    }
    // The first few elements of the unit: HN's `td.ind`, a spacer image, an indented first block.
    let mut stack: Vec<NodeRef> = unit.children_it(true).filter(NodeRef::is_element).collect();
    let mut looked = 0;
    while let Some(node) = stack.pop() {
        looked += 1;
        if looked > 12 || is_unit(&node) {
            break;
        }
        if let Some(levels) = node.attr("indent").and_then(|v| v.trim().parse::<f64>().ok()) {
            return Some(levels * 40.0);
        }
        if node.has_name("img") && is_spacer(&node) {
            return node
                .attr("width")
                .and_then(|w| w.trim().trim_end_matches("px").parse().ok());
        }
        stack.extend(node.children_it(true).filter(NodeRef::is_element));
    }
    None
}

/// An image that only makes room: one pixel high, or a spacer file.
fn is_spacer(img: &NodeRef) -> bool {
    let src = img.attr("src").unwrap_or_default().to_lowercase();
    img.attr("width").is_some()
        && (img
            .attr("height")
            .is_some_and(|h| h.trim().parse::<u32>().is_ok_and(|h| h <= 2))
            || ["s.gif", "spacer", "blank.gif", "pixel", "clear.gif"]
                .iter()
                .any(|s| src.contains(s)))
}

/// `margin-left` or `padding-left` in an inline style, in pixels.
fn style_indent(node: &NodeRef) -> Option<f64> {
    let style = node.attr("style")?.to_lowercase();
    for property in ["margin-left", "padding-left"] {
        let Some(at) = style.find(property) else {
            continue;
        };
        let value = style[at + property.len()..]
            .trim_start()
            .strip_prefix(':')?
            .trim_start();
        let end = value.find([';', ' ', '!']).unwrap_or(value.len());
        let value = &value[..end];
        let (number, scale) = if let Some(n) = value.strip_suffix("px") {
            (n, 1.0)
        } else if let Some(n) = value.strip_suffix("rem").or_else(|| value.strip_suffix("em")) {
            (n, EM_PX)
        } else {
            (value, 1.0)
        };
        if let Ok(n) = number.trim().parse::<f64>() {
            return Some(n * scale);
        }
    }
    None
}

/// Indents as levels: the smallest indent is level 0, and each step is the smallest difference
/// between two indents.
fn in_steps(indents: &[f64]) -> Vec<usize> {
    let min = indents.iter().copied().fold(f64::INFINITY, f64::min);
    let mut distinct: Vec<f64> = indents.iter().map(|i| i - min).filter(|d| *d > 0.5).collect();
    distinct.sort_by(f64::total_cmp);
    let Some(step) = distinct.first().copied() else {
        return vec![0; indents.len()];
    };
    indents
        .iter()
        .map(|i| ((i - min) / step).round() as usize)
        .collect()
}

/// Depth by nesting, one walk down from `root`: each container of replies is a level, and so is a
/// comment holding comments directly, and a list inside a list of its own kind (Lobsters' `ol.comments`
/// in an `li` of `ol.comments`); a container right inside a comment is that comment's one level, not a
/// second.
fn nesting(root: &NodeRef, units: &[NodeRef], is_unit: &dyn Fn(&NodeRef) -> bool) -> Vec<usize> {
    enum Step<'a> {
        Enter(NodeRef<'a>, usize, bool),
        Leave(Option<String>),
    }
    let wanted: std::collections::HashMap<NodeId, usize> =
        units.iter().enumerate().map(|(i, u)| (u.id, i)).collect();
    let mut depth = vec![0; units.len()];
    // Lists open above the node, by kind, to tell a list nested in its own kind.
    let mut open_lists: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    // (node, levels counted above it, a comment above it whose level is not counted yet)
    let mut steps: Vec<Step> = vec![Step::Enter(*root, 0, false)];
    while let Some(step) = steps.pop() {
        let (node, count, pending) = match step {
            Step::Enter(node, count, pending) => (node, count, pending),
            Step::Leave(kind) => {
                if let Some(open) = kind.and_then(|k| open_lists.get_mut(&k)) {
                    *open -= 1;
                }
                continue;
            }
        };
        let kind = list_kind(&node);
        let nested_list = kind
            .as_ref()
            .is_some_and(|k| open_lists.get(k).copied().unwrap_or(0) > 0);
        let (below, below_pending) = if let Some(&i) = wanted.get(&node.id) {
            depth[i] = count + usize::from(pending);
            (count + usize::from(pending), true)
        } else if is_unit(&node) {
            (count + usize::from(pending), true)
        } else if node.id != root.id && (nested_list || is_reply_container(&node)) {
            (count + 1, false)
        } else {
            (count, pending)
        };
        if let Some(kind) = &kind {
            *open_lists.entry(kind.clone()).or_default() += 1;
        }
        steps.push(Step::Leave(kind));
        steps.extend(
            node.children_it(true)
                .filter(NodeRef::is_element)
                .map(|child| Step::Enter(child, below, below_pending)),
        );
    }
    depth
}

/// `ol.comments`: the tag and class of a list with a class (classless lists are everywhere).
fn list_kind(node: &NodeRef) -> Option<String> {
    if !(node.has_name("ol") || node.has_name("ul")) {
        return None;
    }
    let class = node.class()?;
    let first = class.split_ascii_whitespace().next()?;
    Some(format!("{}.{first}", node.node_name().unwrap_or_default()))
}

fn is_reply_container(node: &NodeRef) -> bool {
    if !super::element_kind::has_names(node) {
        return false;
    }
    let names = names(node);
    has_any(&names, REPLY_CONTAINER_WORDS)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use dom_query::Document;

    use super::*;

    fn depths_of(html: &str, unit: &str) -> Vec<usize> {
        let doc = Document::from(html);
        let units: Vec<NodeRef> = doc.select(unit).nodes().to_vec();
        depths(&doc.root(), &units, &|n: &NodeRef| n.is(unit))
    }

    #[test]
    fn replies_in_a_container_after_their_parent_are_one_level_down() {
        let html = "<div id=comments><div class=comment>a</div><div class=indented><div class=comment>b</div>\
                    <div class=indented><div class=comment>c</div></div></div><div class=comment>d</div></div>";
        assert_eq!(depths_of(html, "div.comment"), [0, 1, 2, 0]);
    }

    #[test]
    fn a_container_inside_a_comment_is_that_comment_s_level() {
        let html = "<ol><li class=c>a<div class=comment-replies><div class=inline-thread><ol><li class=c>b</li>\
                    </ol></div></div></li><li class=c>c</li></ol>";
        assert_eq!(depths_of(html, "li.c"), [0, 1, 0]);
        let html = "<div class=c>a<div class=c>b<div class=c>c</div></div></div><div class=c>d</div>";
        assert_eq!(depths_of(html, "div.c"), [0, 1, 2, 0]);
    }

    #[test]
    fn a_list_inside_a_list_of_its_own_kind_is_a_level() {
        let html = "<ol class='comments comments1'><li><div class=comment>a</div><ol class=comments><li>\
                    <div class=comment>b</div><ol class=comments></ol></li></ol></li><li><div class=comment>c</div>\
                    <ol class=comments></ol></li></ol>";
        assert_eq!(depths_of(html, "div.comment"), [0, 1, 0]);
    }

    #[test]
    fn spacer_widths_and_margins_are_levels_in_steps_of_the_smallest() {
        let html = "<table><tr class=athing><td><img src=s.gif height=1 width=0></td></tr>\
                    <tr class=athing><td><img src=s.gif height=1 width=40></td></tr>\
                    <tr class=athing><td><img src=s.gif height=1 width=80></td></tr>\
                    <tr class=athing><td><img src=s.gif height=1 width=0></td></tr></table>";
        assert_eq!(depths_of(html, "tr.athing"), [0, 1, 2, 0]);
        let html = "<div class=c style='margin-left: 0'>a</div><div class=c style='margin-left:2em'>b</div>\
                    <div class=c style='margin-left: 64px;'>c</div>";
        assert_eq!(depths_of(html, "div.c"), [0, 1, 2]);
    }

    #[test]
    fn flat_lists_use_reply_modifiers_and_stated_levels_win() {
        let html = "<article class=comment>a</article><article class='comment comment--indented'>b</article>";
        assert_eq!(depths_of(html, "article"), [0, 1]);
        let html =
            "<div class='c level-1'>a<div class='c level-2'>b</div></div><div class='c level-3'>x</div>";
        assert_eq!(depths_of(html, "div.c"), [0, 1, 2]);
    }
}
