//! The view model of a thread: which comments are collapsed, the visible rows that follow from
//! that, and moving around the tree. Pure and fast: the tree is flattened once into preorder
//! arrays, and a toggle splices only the rows of the toggled subtree.
//!
//! Rows refer to comments by their preorder index; [`Thread::preorder`] yields the comments in the
//! same order, so a screen can hold `Vec<&Comment>` beside the view.

use std::collections::HashSet;

use super::model::{Preorder, Thread};

/// One line of the thread list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Row {
    /// Preorder index of the comment.
    pub node: usize,
    /// 0 = top level.
    pub depth: usize,
    /// `Some(n)` when the comment is collapsed and hides `n` replies: shown as "[+n replies]".
    pub hidden_replies: Option<usize>,
}

#[derive(Debug, Clone)]
struct Node {
    depth: usize,
    parent: Option<usize>,
    /// One past the last node of this subtree.
    end: usize,
    prev_sibling: Option<usize>,
    next_sibling: Option<usize>,
    id: String,
}

/// Collapse state and visible rows of one thread.
#[derive(Debug, Clone)]
pub struct ThreadView {
    nodes: Vec<Node>,
    collapsed: Vec<bool>,
    roots: Vec<usize>,
    rows: Vec<Row>,
}

impl ThreadView {
    /// Everything expanded.
    pub fn new(thread: &Thread) -> Self {
        let mut nodes: Vec<Node> = Vec::new();
        // path[d] = the open node at depth d; last_child[d] = the last child seen under path[d - 1].
        let mut path: Vec<usize> = Vec::new();
        let mut last_at_depth: Vec<Option<usize>> = Vec::new();
        let mut roots = Vec::new();
        for (comment, depth) in Preorder::of(&thread.comments) {
            let index = nodes.len();
            for closed in path.drain(depth.min(path.len())..) {
                nodes[closed].end = index;
            }
            last_at_depth.truncate(depth + 1);
            last_at_depth.resize(depth + 1, None);
            let prev_sibling = last_at_depth[depth];
            if let Some(prev) = prev_sibling {
                nodes[prev].next_sibling = Some(index);
            }
            last_at_depth[depth] = Some(index);
            if depth == 0 {
                roots.push(index);
            }
            nodes.push(Node {
                depth,
                parent: path.last().copied(),
                end: index + 1,
                prev_sibling,
                next_sibling: None,
                id: comment.id.clone(),
            });
            path.push(index);
        }
        let total = nodes.len();
        for open in path {
            nodes[open].end = total;
        }
        let mut view = ThreadView {
            collapsed: vec![false; nodes.len()],
            nodes,
            roots,
            rows: Vec::new(),
        };
        view.rows = view.rows_of_range(0, view.nodes.len());
        view
    }

    /// The visible rows, top to bottom.
    pub fn rows(&self) -> &[Row] {
        &self.rows
    }

    pub fn is_collapsed(&self, node: usize) -> bool {
        self.collapsed.get(node).copied().unwrap_or(false)
    }

    /// How many replies (all levels) a comment has.
    pub fn reply_count(&self, node: usize) -> usize {
        self.nodes.get(node).map_or(0, |n| n.end - node - 1)
    }

    /// The row showing `node`, if it is visible.
    pub fn row_of(&self, node: usize) -> Option<usize> {
        self.rows.binary_search_by_key(&node, |r| r.node).ok()
    }

    /// Collapses or expands the comment on `row`. Returns false when there is nothing to fold.
    pub fn toggle(&mut self, row: usize) -> bool {
        let Some(node) = self.rows.get(row).map(|r| r.node) else {
            return false;
        };
        if self.reply_count(node) == 0 {
            return false;
        }
        let collapse = !self.collapsed[node];
        self.collapsed[node] = collapse;
        self.refresh_subtree(row);
        true
    }

    /// Collapses the comment on `row` and every reply under it.
    pub fn collapse_subtree(&mut self, row: usize) {
        self.set_subtree(row, true);
    }

    /// Expands the comment on `row` and every reply under it.
    pub fn expand_subtree(&mut self, row: usize) {
        self.set_subtree(row, false);
    }

    /// Only top-level comments visible, each folded over its replies.
    pub fn collapse_all(&mut self) {
        self.collapsed.fill(false);
        for &root in &self.roots {
            self.collapsed[root] = self.nodes[root].end > root + 1;
        }
        self.rows = self.rows_of_range(0, self.nodes.len());
    }

    pub fn expand_all(&mut self) {
        self.collapsed.fill(false);
        self.rows = self.rows_of_range(0, self.nodes.len());
    }

    /// The row of the parent of the comment on `row`.
    pub fn parent(&self, row: usize) -> Option<usize> {
        let node = self.rows.get(row)?.node;
        self.nodes[node].parent.and_then(|p| self.row_of(p))
    }

    pub fn next_sibling(&self, row: usize) -> Option<usize> {
        let node = self.rows.get(row)?.node;
        self.nodes[node].next_sibling.and_then(|s| self.row_of(s))
    }

    pub fn prev_sibling(&self, row: usize) -> Option<usize> {
        let node = self.rows.get(row)?.node;
        self.nodes[node].prev_sibling.and_then(|s| self.row_of(s))
    }

    /// The row of the next top-level comment after the thread `row` is in.
    pub fn next_thread(&self, row: usize) -> Option<usize> {
        let node = self.rows.get(row)?.node;
        let at = self.roots.partition_point(|&r| r <= node);
        self.roots.get(at).and_then(|&r| self.row_of(r))
    }

    /// The row of the top-level comment of the thread `row` is in, or the previous one when `row`
    /// is already on a top-level comment.
    pub fn prev_thread(&self, row: usize) -> Option<usize> {
        let node = self.rows.get(row)?.node;
        let at = self.roots.partition_point(|&r| r < node);
        at.checked_sub(1).and_then(|i| self.row_of(self.roots[i]))
    }

    /// The next comment after `row` (in display order, wrapping around) whose id is not in `seen`;
    /// collapsed ancestors are expanded so it becomes visible. Returns its row.
    pub fn next_unread(&mut self, row: usize, seen: &HashSet<String>) -> Option<usize> {
        let start = self.rows.get(row).map_or(0, |r| r.node + 1);
        let count = self.nodes.len();
        let target = (0..count)
            .map(|i| (start + i) % count)
            .find(|&n| !seen.contains(&self.nodes[n].id))?;
        let mut ancestor = self.nodes[target].parent;
        let mut reveal = false;
        while let Some(a) = ancestor {
            reveal |= self.collapsed[a];
            self.collapsed[a] = false;
            ancestor = self.nodes[a].parent;
        }
        if reveal {
            self.rows = self.rows_of_range(0, count);
        }
        self.row_of(target)
    }

    fn set_subtree(&mut self, row: usize, collapse: bool) {
        let Some(node) = self.rows.get(row).map(|r| r.node) else {
            return;
        };
        for n in node..self.nodes[node].end {
            self.collapsed[n] = collapse && self.nodes[n].end > n + 1;
        }
        self.refresh_subtree(row);
    }

    /// Recomputes only the rows of the subtree shown at `row` (its own row and those below it).
    fn refresh_subtree(&mut self, row: usize) {
        let node = self.rows[row].node;
        let end = self.nodes[node].end;
        let last = row + self.rows[row..].partition_point(|r| r.node < end);
        let fresh = self.rows_of_range(node, end);
        self.rows.splice(row..last, fresh);
    }

    /// Visible rows for the nodes in `from..to` (a subtree, or everything), skipping folded replies.
    fn rows_of_range(&self, from: usize, to: usize) -> Vec<Row> {
        let mut rows = Vec::new();
        let mut n = from;
        while n < to {
            let node = &self.nodes[n];
            if self.collapsed[n] {
                rows.push(Row {
                    node: n,
                    depth: node.depth,
                    hidden_replies: Some(node.end - n - 1),
                });
                n = node.end;
            } else {
                rows.push(Row {
                    node: n,
                    depth: node.depth,
                    hidden_replies: None,
                });
                n += 1;
            }
        }
        rows
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::comments::model::{Comment, Source};

    /// a(b(c), d), e(f)
    fn thread() -> Thread {
        let leaf = |id: &str| Comment::new(id, Some(id), id);
        let mut a = leaf("a");
        let mut b = leaf("b");
        b.children.push(leaf("c"));
        a.children.extend([b, leaf("d")]);
        let mut e = leaf("e");
        e.children.push(leaf("f"));
        let mut t = Thread::new(Source::Generic, None);
        t.comments.extend([a, e]);
        t
    }

    fn shown(view: &ThreadView) -> Vec<(usize, usize, Option<usize>)> {
        view.rows()
            .iter()
            .map(|r| (r.node, r.depth, r.hidden_replies))
            .collect()
    }

    #[test]
    fn toggling_folds_and_unfolds_only_that_subtree() {
        let mut view = ThreadView::new(&thread());
        assert_eq!(view.rows().len(), 6);
        assert!(view.toggle(0));
        assert_eq!(shown(&view), vec![(0, 0, Some(3)), (4, 0, None), (5, 1, None)]);
        assert!(view.toggle(0));
        assert_eq!(view.rows().len(), 6);
        assert!(!view.toggle(2), "a leaf has nothing to fold");
    }

    #[test]
    fn nested_folds_survive_unfolding_the_parent() {
        let mut view = ThreadView::new(&thread());
        view.toggle(1); // b
        view.toggle(0); // a
        view.toggle(0);
        assert_eq!(shown(&view)[..3], [(0, 0, None), (1, 1, Some(1)), (3, 1, None)]);
    }

    #[test]
    fn collapse_and_expand_all_and_subtrees() {
        let mut view = ThreadView::new(&thread());
        view.collapse_all();
        assert_eq!(shown(&view), vec![(0, 0, Some(3)), (4, 0, Some(1))]);
        view.expand_all();
        assert_eq!(view.rows().len(), 6);
        view.collapse_subtree(0);
        view.toggle(0);
        assert_eq!(shown(&view)[..3], [(0, 0, None), (1, 1, Some(1)), (3, 1, None)]);
        view.expand_subtree(0);
        assert_eq!(view.rows().len(), 6);
    }

    #[test]
    fn moving_between_parents_siblings_and_threads() {
        let view = ThreadView::new(&thread());
        assert_eq!(view.parent(2), Some(1));
        assert_eq!(view.parent(0), None);
        assert_eq!(view.next_sibling(1), Some(3));
        assert_eq!(view.prev_sibling(3), Some(1));
        assert_eq!(view.next_sibling(3), None);
        assert_eq!(view.next_thread(2), Some(4));
        assert_eq!(view.next_thread(4), None);
        assert_eq!(view.prev_thread(5), Some(4));
        assert_eq!(view.prev_thread(4), Some(0));
    }

    #[test]
    fn next_unread_reveals_folded_comments_and_wraps() {
        let mut view = ThreadView::new(&thread());
        view.collapse_all();
        let seen: HashSet<String> = ["a", "b", "d", "e"].map(String::from).into();
        assert_eq!(view.next_unread(0, &seen), Some(2)); // c, under the folded a
        let row_c = view.row_of(2).unwrap_or(usize::MAX);
        assert_eq!(
            view.next_unread(row_c, &seen).map(|r| view.rows()[r].node),
            Some(5)
        );
        let all: HashSet<String> = ["a", "b", "c", "d", "e", "f"].map(String::from).into();
        assert_eq!(view.next_unread(0, &all), None);
    }
}
