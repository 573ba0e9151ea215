//! Selectors compiled once per page, with a cheap test of what an element must have (its tag,
//! classes, id and attributes) before the selector engine is asked, and the search for a
//! comment's own parts that skips its replies.

use dom_query::{Matcher, NodeRef};

/// Compiles selectors once per page (parsing a selector costs more than matching it).
pub(super) fn compile(selectors: &[&str]) -> Vec<Selector> {
    selectors
        .iter()
        .filter_map(|s| {
            Some(Selector {
                matcher: Matcher::new(s).ok()?,
                needs: Needs::of(s),
            })
        })
        .collect()
}

/// A compiled selector, and what an element must have for it to match at all. The extractors try
/// a dozen selectors on every element of every comment, and most elements lack the tag, class or
/// attribute the selector ends with: checking that first costs a fraction of the selector engine.
pub(super) struct Selector {
    matcher: Matcher,
    /// `None` when the selector is beyond the simple syntax [`Needs::of`] reads.
    needs: Option<Needs>,
}

impl Selector {
    pub(super) fn matches(&self, node: &NodeRef) -> bool {
        match node.element_ref() {
            Some(element) => self.matches_element(node, &Facts::of(&element)),
            None => false,
        }
    }

    /// [`Selector::matches`] for an element whose facts are read already (once for all the
    /// selectors tried on it).
    fn matches_element(&self, node: &NodeRef, facts: &Facts) -> bool {
        self.needs.as_ref().is_none_or(|needs| needs.met_by(facts)) && node.is_match(&self.matcher)
    }

    /// Whether any of `selectors` matches the element (its facts read once for all of them).
    pub(super) fn any_matches(selectors: &[Selector], node: &NodeRef) -> bool {
        node.element_ref().is_some_and(|element| {
            let facts = Facts::of(&element);
            selectors
                .iter()
                .any(|selector| selector.matches_element(node, &facts))
        })
    }

    pub(super) fn matcher(&self) -> &Matcher {
        &self.matcher
    }
}

/// The tag, classes, id and attributes named by a selector's last compound (`a[class*='author']`,
/// `.comment-author .fn`): an element that matches the selector has all of them. Compared without
/// regard to ASCII case, so the test never refuses an element the selector engine would accept.
#[derive(Debug, Default, PartialEq)]
struct Needs {
    tag: Option<String>,
    classes: Vec<String>,
    id: Option<String>,
    attributes: Vec<String>,
    /// Attribute value tests (`[class*='author']`): the attribute's name, the operator's first
    /// character (`=` for equality) and the value. Checked without regard to ASCII case too: the
    /// selector engine is called only for elements that pass, most of a page's elements do not.
    values: Vec<(String, char, String)>,
}

impl Needs {
    /// Reads the last compound of a single selector made of type, class, id and attribute parts;
    /// `None` for anything else (lists, pseudo-classes, escapes), which then always goes to the
    /// selector engine.
    fn of(selector: &str) -> Option<Needs> {
        let mut needs = Needs::default();
        let mut rest = last_compound(selector)?;
        let tag_len = rest.find(|c: char| !is_ident_char(c)).unwrap_or(rest.len());
        if tag_len > 0 {
            needs.tag = Some(rest[..tag_len].to_string());
        } else if let Some(after) = rest.strip_prefix('*') {
            rest = after;
        }
        rest = &rest[tag_len..];
        while let Some(first) = rest.chars().next() {
            match first {
                '.' | '#' => {
                    let name_len = rest[1..]
                        .find(|c: char| !is_ident_char(c))
                        .unwrap_or(rest.len() - 1);
                    if name_len == 0 {
                        return None;
                    }
                    let name = rest[1..=name_len].to_string();
                    if first == '.' {
                        needs.classes.push(name);
                    } else {
                        needs.id = Some(name);
                    }
                    rest = &rest[1 + name_len..];
                }
                '[' => {
                    let end = closing_bracket(rest)?;
                    let name_len = rest[1..].find(|c: char| !is_ident_char(c)).unwrap_or(end - 1);
                    if name_len == 0 {
                        return None;
                    }
                    let name = rest[1..=name_len].to_string();
                    if let Some((op, value)) = value_test(&rest[1 + name_len..end]) {
                        needs.values.push((name.clone(), op, value.to_string()));
                    }
                    needs.attributes.push(name);
                    rest = &rest[end + 1..];
                }
                _ => return None,
            }
        }
        Some(needs)
    }

    fn met_by(&self, facts: &Facts) -> bool {
        let element = facts.element;
        if self
            .tag
            .as_ref()
            .is_some_and(|tag| !facts.name.eq_ignore_ascii_case(tag))
        {
            return false;
        }
        if !self.classes.is_empty() {
            let Some(class) = facts.class else {
                return false;
            };
            let has = |wanted: &String| {
                class
                    .split_ascii_whitespace()
                    .any(|token| token.eq_ignore_ascii_case(wanted))
            };
            if !self.classes.iter().all(has) {
                return false;
            }
        }
        let value = |name: &str| {
            element
                .attrs
                .iter()
                .find(|a| (*a.name.local).eq_ignore_ascii_case(name))
                .map(|a| &*a.value)
        };
        if let Some(id) = &self.id {
            if !value("id").is_some_and(|value| value.eq_ignore_ascii_case(id)) {
                return false;
            }
        }
        self.attributes.iter().all(|name| value(name).is_some())
            && self
                .values
                .iter()
                .all(|(name, op, wanted)| value(name).is_some_and(|v| value_may_meet(v, *op, wanted)))
    }
}

/// The operator and value of an attribute selector's test (`*='author'`, `=text`); `None` for a
/// presence test or what this reader does not know (a case flag), which only the engine checks.
fn value_test(test: &str) -> Option<(char, &str)> {
    let test = test.trim();
    let (op, value) = match test.strip_prefix('=') {
        Some(value) => ('=', value),
        None => {
            let op = test.chars().next().filter(|c| "*^$~|".contains(*c))?;
            (op, test[1..].strip_prefix('=')?)
        }
    };
    let value = value.trim();
    let unquoted = match value.chars().next() {
        Some(quote @ ('\'' | '"')) => value[1..].strip_suffix(quote)?,
        _ => value,
    };
    (!unquoted.contains(['\'', '"', ' '])).then_some((op, unquoted))
}

/// Whether `value` may meet the test `op` `wanted`, compared without regard to ASCII case (never
/// false where the selector engine would match).
fn value_may_meet(value: &str, op: char, wanted: &str) -> bool {
    let (value, wanted) = (value.as_bytes(), wanted.as_bytes());
    let starts = |v: &[u8]| {
        v.get(..wanted.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(wanted))
    };
    match op {
        '=' => value.eq_ignore_ascii_case(wanted),
        '*' => {
            wanted.is_empty()
                || value
                    .windows(wanted.len())
                    .any(|w| w.eq_ignore_ascii_case(wanted))
        }
        '^' => starts(value),
        '$' => {
            value.len() >= wanted.len() && value[value.len() - wanted.len()..].eq_ignore_ascii_case(wanted)
        }
        '~' => value
            .split(u8::is_ascii_whitespace)
            .any(|token| token.eq_ignore_ascii_case(wanted)),
        '|' => {
            value.eq_ignore_ascii_case(wanted) || (starts(value) && value.get(wanted.len()) == Some(&b'-'))
        }
        _ => true,
    }
}

/// What [`Needs`] look at in an element, read once.
struct Facts<'e> {
    element: &'e dom_query::Element,
    name: &'e str,
    class: Option<&'e str>,
}

impl<'e> Facts<'e> {
    fn of(element: &'e dom_query::Element) -> Self {
        let class = element
            .attrs
            .iter()
            .find(|a| (*a.name.local).eq_ignore_ascii_case("class"))
            .map(|a| &*a.value);
        Facts {
            element,
            name: &element.name.local,
            class,
        }
    }
}

fn is_ident_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '-' || c == '_'
}

/// The part of `selector` after its last combinator; `None` for a selector list or an escape.
fn last_compound(selector: &str) -> Option<&str> {
    let selector = selector.trim();
    let (mut start, mut depth, mut quote) = (0, 0usize, None);
    for (at, c) in selector.char_indices() {
        match (quote, c) {
            (_, '\\') => return None,
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '\'' | '"') => quote = Some(c),
            (None, '[') => depth += 1,
            (None, ']') => depth = depth.saturating_sub(1),
            (None, ',') if depth == 0 => return None,
            (None, ' ' | '>' | '+' | '~') if depth == 0 => start = at + 1,
            _ => {}
        }
    }
    Some(&selector[start..]).filter(|compound| !compound.is_empty())
}

/// Where the `]` closing the attribute selector that `rest` starts with is (quotes respected).
fn closing_bracket(rest: &str) -> Option<usize> {
    let mut quote = None;
    for (at, c) in rest.char_indices().skip(1) {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '\'' | '"') => quote = Some(c),
            (None, ']') => return Some(at),
            _ => {}
        }
    }
    None
}

/// The first descendant of `scope` matching `selectors` that belongs to `scope` itself and not to a
/// nested comment (`is_item`), preferring earlier selectors. One walk over the comment's own
/// nodes (replies are skipped, not searched), so a page of N comments costs O(page), not O(N²).
pub(super) fn find_own<'a>(
    scope: &NodeRef<'a>,
    selectors: &[Selector],
    is_item: &dyn Fn(&NodeRef) -> bool,
) -> Option<NodeRef<'a>> {
    find_own_where(scope, selectors, is_item, &|_| true)
}

/// [`find_own`] for an author: the element must hold a name (an avatar link matches `a.author`
/// selectors too, and has no text).
pub(super) fn find_own_name<'a>(
    scope: &NodeRef<'a>,
    selectors: &[Selector],
    is_item: &dyn Fn(&NodeRef) -> bool,
) -> Option<NodeRef<'a>> {
    find_own_where(scope, selectors, is_item, &|node| !node.text().trim().is_empty())
}

pub(super) fn find_own_where<'a>(
    scope: &NodeRef<'a>,
    selectors: &[Selector],
    is_item: &dyn Fn(&NodeRef) -> bool,
    accept: &dyn Fn(&NodeRef) -> bool,
) -> Option<NodeRef<'a>> {
    let mut best: Option<(usize, NodeRef<'a>)> = None;
    let mut stack: Vec<NodeRef<'a>> = scope.children_it(true).collect();
    while let Some(node) = stack.pop() {
        if !node.is_element() || is_item(&node) {
            continue;
        }
        let limit = best.as_ref().map_or(selectors.len(), |(i, _)| *i);
        let matched = node.element_ref().and_then(|element| {
            let facts = Facts::of(&element);
            selectors[..limit]
                .iter()
                .position(|selector| selector.matches_element(&node, &facts))
        });
        if let Some(i) = matched.filter(|_| accept(&node)) {
            best = Some((i, node));
            if i == 0 {
                break;
            }
        }
        stack.extend(node.children_it(true));
    }
    best.map(|(_, node)| node)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use dom_query::Document;

    use super::*;
    use crate::comments::html::{wordpress, wpdiscuz};

    #[test]
    fn a_selector_s_needs_are_read_from_its_last_compound() {
        let needs = Needs::of("[class*='author'] a.fn.url[href][data-x=\"a]b\"]").unwrap();
        assert_eq!(needs.tag.as_deref(), Some("a"));
        assert_eq!(needs.classes, ["fn", "url"]);
        assert_eq!(needs.attributes, ["href", "data-x"]);
        assert_eq!(needs.values, [("data-x".to_string(), '=', "a]b".to_string())]);
        let needs = Needs::of("[class*='author-link'] [itemprop=author][x^=\"a\" i]").unwrap();
        assert_eq!(
            needs.values,
            [("itemprop".to_string(), '=', "author".to_string())]
        );
        assert!(value_may_meet("comment-Author-name", '*', "author"));
        assert!(!value_may_meet("comment-meta", '*', "author"));
        assert!(value_may_meet("a B c", '~', "b") && value_may_meet("en-GB", '|', "en"));
        assert_eq!(
            Needs::of("#div-comment-3").unwrap().id.as_deref(),
            Some("div-comment-3")
        );
        for beyond in ["a:first-child", ".a, .b", "a\\:b", "", "[x"] {
            assert_eq!(Needs::of(beyond), None, "{beyond}");
        }
    }

    #[test]
    fn needs_never_refuse_an_element_a_selector_matches() {
        let page = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/comments/cases/wp-core-html5/input.html"
        ))
        .unwrap();
        let doc = Document::from(format!(
            "{page}<div class='Comment-Author'><span class='fn' ID='X'><cite>c</cite></span>\
             <svg><clipPath class=fn /></svg><time datetime=x>t</time><td class=ind><img width=1></td></div>"
        ));
        let others: [&[&str]; 1] = [&[
            "td.ind img[width]",
            "[indent]",
            ".score",
            "cite",
            "[class*='author'] b",
        ]];
        let lists = wordpress::SELECTOR_LISTS
            .iter()
            .chain(&wpdiscuz::SELECTOR_LISTS)
            .chain(&others);
        let mut checked = 0;
        for list in lists {
            for selector in compile(list) {
                for node in doc.root().descendants_it().filter(NodeRef::is_element) {
                    let matched = node.is_match(&selector.matcher);
                    assert_eq!(selector.matches(&node), matched, "{:?}", selector.needs);
                    checked += usize::from(matched);
                }
            }
        }
        assert!(
            checked > 20,
            "only {checked} matches: the page no longer exercises the selectors"
        );
    }
}
