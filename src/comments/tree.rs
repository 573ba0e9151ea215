//! Building a comment tree from a flat list in display order, without recursion.
//!
//! Every source ends up here: HTML extractors list comments in document order with a parent id
//! (wpDiscuz ids, DOM ancestors) and/or a depth (`depth-N` classes, `indent` attributes), Lobsters
//! gives a preorder list with `depth` and `parent_comment`, and the nested APIs are flattened first.
//! A parent must come *before* its reply: that single rule makes cycles impossible, and a reply whose
//! parent is unknown (dangling, or listed later) falls back to its depth, or to the top level.

use std::collections::HashMap;

use super::model::{Comment, MAX_DEPTH};

/// One comment as a source lists it, before nesting.
#[derive(Debug)]
pub(crate) struct FlatComment {
    /// The key replies use to name this comment as their parent.
    pub key: Option<String>,
    /// The parent's key, when the source says.
    pub parent: Option<String>,
    /// The 0-based depth, when the source says.
    pub depth: Option<usize>,
    /// The comment itself, without children.
    pub comment: Comment,
}

/// Which signal wins when a source gives both a parent and a depth.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Prefer {
    /// Explicit parent ids are reliable (APIs, wpDiscuz ids).
    Parent,
    /// Depth classes are reliable and the parent came from DOM nesting, which themes break.
    Depth,
}

/// Nests `flat` (in display order) into a forest; never deeper than [`MAX_DEPTH`].
pub(crate) fn build(flat: Vec<FlatComment>, prefer: Prefer) -> Vec<Comment> {
    let count = flat.len();
    let mut index: HashMap<String, usize> = HashMap::with_capacity(count);
    let mut parent_of: Vec<Option<usize>> = Vec::with_capacity(count);
    let mut depth_of: Vec<usize> = Vec::with_capacity(count);
    // The chain of ancestors of the last placed comment: path[d] is the comment at depth d.
    let mut path: Vec<usize> = Vec::new();
    let mut comments: Vec<Option<Comment>> = Vec::with_capacity(count);

    for (i, item) in flat.into_iter().enumerate() {
        let by_parent = item.parent.as_deref().and_then(|key| index.get(key).copied());
        // Some(None) = depth 0 = explicitly top level.
        let by_depth = item.depth.map(|d| match d.min(path.len()) {
            0 => None,
            d => Some(path[d - 1]),
        });
        let mut parent = match (prefer, by_parent, by_depth) {
            (Prefer::Depth, _, Some(placed)) => placed,
            (_, Some(parent), _) => Some(parent),
            (_, None, Some(placed)) => placed,
            (_, None, None) => None,
        };
        let mut depth = parent.map_or(0, |p| depth_of[p] + 1);
        while depth > MAX_DEPTH {
            parent = parent.and_then(|p| parent_of[p]);
            depth -= 1;
        }
        if path.len() < depth || (depth > 0 && path[depth - 1] != parent.unwrap_or(usize::MAX)) {
            path = ancestors(parent, &parent_of);
        }
        path.truncate(depth);
        path.push(i);
        parent_of.push(parent);
        depth_of.push(depth);
        if let Some(key) = item.key {
            index.entry(key).or_insert(i);
        }
        comments.push(Some(item.comment));
    }
    assemble(comments, &parent_of)
}

/// The chain root..=`node` (empty for none).
fn ancestors(node: Option<usize>, parent_of: &[Option<usize>]) -> Vec<usize> {
    let mut chain: Vec<usize> = std::iter::successors(node, |&n| parent_of[n]).collect();
    chain.reverse();
    chain
}

/// Moves each comment into its parent's `children`, last first: replies always come after their
/// parent, so by the time a comment is reached all its replies are complete. The replies of every
/// comment are listed in one shared array (`first[p]..first[p + 1]` are `p`'s), not a `Vec` each.
fn assemble(mut comments: Vec<Option<Comment>>, parent_of: &[Option<usize>]) -> Vec<Comment> {
    let count = comments.len();
    let mut first = vec![0usize; count + 1];
    for p in parent_of.iter().flatten() {
        first[p + 1] += 1;
    }
    for p in 0..count {
        first[p + 1] += first[p];
    }
    let mut replies = vec![0usize; first[count]];
    let mut filled = first.clone();
    let mut roots = Vec::new();
    for (i, parent) in parent_of.iter().enumerate() {
        match parent {
            Some(p) => {
                replies[filled[*p]] = i;
                filled[*p] += 1;
            }
            None => roots.push(i),
        }
    }
    for i in (0..count).rev() {
        let own = &replies[first[i]..first[i + 1]];
        if own.is_empty() {
            continue;
        }
        let children: Vec<Comment> = own.iter().filter_map(|&c| comments[c].take()).collect();
        if let Some(comment) = comments[i].as_mut() {
            comment.children = children;
        }
    }
    roots.iter().filter_map(|&r| comments[r].take()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flat(key: &str, parent: Option<&str>, depth: Option<usize>) -> FlatComment {
        FlatComment {
            key: Some(key.to_string()),
            parent: parent.map(str::to_string),
            depth,
            comment: Comment::new(key, Some("a"), key),
        }
    }

    fn shape(forest: &[Comment]) -> Vec<(usize, String)> {
        super::super::model::Preorder::of(forest)
            .map(|(c, d)| (d, c.id.clone()))
            .collect()
    }

    #[test]
    fn parents_nest_and_dangling_parents_fall_back_to_depth_or_top() {
        let forest = build(
            vec![
                flat("1", None, None),
                flat("2", Some("1"), None),
                flat("3", Some("missing"), Some(1)),
                flat("4", Some("nowhere"), None),
            ],
            Prefer::Parent,
        );
        let want = [(0, "1"), (1, "2"), (1, "3"), (0, "4")];
        assert_eq!(shape(&forest), want.map(|(d, k)| (d, k.to_string())));
    }

    #[test]
    fn cycles_cannot_form_because_parents_must_come_first() {
        let forest = build(
            vec![flat("a", Some("b"), None), flat("b", Some("a"), None)],
            Prefer::Parent,
        );
        assert_eq!(shape(&forest), vec![(0, "a".to_string()), (1, "b".to_string())]);
    }

    #[test]
    fn depth_wins_over_broken_dom_parents_when_preferred() {
        // The theme closed the parent's <li> before its replies: DOM says top level, depth says 1.
        let forest = build(
            vec![
                flat("1", None, Some(0)),
                flat("2", None, Some(1)),
                flat("3", None, Some(5)),
            ],
            Prefer::Depth,
        );
        let want = [(0, "1"), (1, "2"), (2, "3")];
        assert_eq!(shape(&forest), want.map(|(d, k)| (d, k.to_string())));
    }

    #[test]
    fn a_chain_deeper_than_the_bound_is_flattened_at_the_bound() {
        let n = MAX_DEPTH + 50;
        let items = (0..n)
            .map(|i| {
                let parent = i.checked_sub(1).map(|p| p.to_string());
                flat(&i.to_string(), parent.as_deref(), None)
            })
            .collect();
        let forest = build(items, Prefer::Parent);
        let depths: Vec<usize> = shape(&forest).iter().map(|(d, _)| *d).collect();
        assert_eq!(depths.len(), n);
        assert_eq!(depths.iter().max(), Some(&MAX_DEPTH));
        assert_eq!(depths[n - 1], MAX_DEPTH);
    }
}
