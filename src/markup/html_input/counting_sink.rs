//! A tree for html5ever's tree builder that keeps only shape: who is whose parent and how deep each
//! element sits. It counts what the real parse will cost: the elements and text the builder makes,
//! and every name lookup and node comparison its stack walks do (those walks are where a hostile
//! page makes the parser quadratic).

use std::borrow::Cow;
use std::cell::{Cell, Ref, RefCell};

use html5ever::tendril::StrTendril;
use html5ever::tree_builder::{ElementFlags, NodeOrText, QuirksMode, TreeSink};
use html5ever::{Attribute, QualName};

/// A node of the shape tree: an index into [`CountingSink`]'s table.
pub type Handle = u32;

const NONE: u32 = u32::MAX;
const DOCUMENT: Handle = 0;

#[derive(Debug)]
struct Node {
    /// `None` for the document, comments and template contents.
    name: Option<QualName>,
    parent: u32,
    first_child: u32,
    last_child: u32,
    previous: u32,
    next: u32,
    /// Elements from the document down to this node (the document is 0, `<html>` is 1).
    depth: u32,
    /// A template's contents (a fragment outside the tree), or the template a fragment belongs to.
    twin: u32,
    /// The last child is text, so text appended next joins it instead of making a node.
    ends_with_text: bool,
    /// That text's length, and its characters a serializer escapes.
    text: TextRun,
    /// A MathML `annotation-xml` that holds HTML.
    integration_point: bool,
}

/// The end of a run of text as html5ever's serializer sees it: for each `&` or NBSP it escapes, it
/// searches on for the next `<` or `>` (in attribute values also `"`), so a long stretch of such
/// characters without one costs their number times its length, in every pass that re-serializes
/// the tree. `len` and `escaped` are the stretch since the last `<` or `>`.
#[derive(Debug, Default, Clone, Copy)]
struct TextRun {
    len: u64,
    escaped: u64,
}

impl TextRun {
    /// The run with `text` added, and the serializer's added steps (memchr reads about 32 bytes
    /// a step).
    fn append(self, text: &str, attribute: bool) -> (TextRun, u64) {
        let cost = |run: TextRun| run.len.saturating_mul(run.escaped) / 32;
        let (mut tail, mut steps, mut rest) = (self, 0u64, text.as_bytes());
        loop {
            let stop = if attribute {
                memchr::memchr3(b'<', b'>', b'"', rest)
            } else {
                memchr::memchr2(b'<', b'>', rest)
            };
            let stretch = &rest[..stop.unwrap_or(rest.len())];
            let longer = TextRun {
                len: tail.len + stretch.len() as u64,
                escaped: tail.escaped + memchr::memchr2_iter(b'&', 0xC2, stretch).count() as u64,
            };
            steps = steps.saturating_add(cost(longer) - cost(tail));
            match stop {
                Some(at) => {
                    tail = TextRun::default();
                    rest = &rest[at + 1..];
                }
                None => return (longer, steps),
            }
        }
    }
}

impl Node {
    fn new(name: Option<QualName>) -> Self {
        Node {
            name,
            parent: NONE,
            first_child: NONE,
            last_child: NONE,
            previous: NONE,
            next: NONE,
            depth: 0,
            twin: NONE,
            ends_with_text: false,
            text: TextRun::default(),
            integration_point: false,
        }
    }
}

/// What the parse has made and done so far.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Tally {
    /// Elements, text runs and comments created (text runs counted before merging).
    pub nodes: u64,
    /// The deepest element so far, counting elements from the document down (`<html>` is 1).
    pub max_depth: u32,
    /// The depths of the elements placed, added up (a node moved counts again): later passes
    /// that look up a node's ancestors cost this much.
    pub depth_sum: u64,
    /// Name lookups, node comparisons, attributes copied and nodes moved: the builder's steps.
    pub work: u64,
    /// Tokens the tokenizer emitted (each character reference in text is one).
    pub tokens: u64,
}

/// The shape-only tree and its tallies.
pub struct CountingSink {
    nodes: RefCell<Vec<Node>>,
    tally: Cell<Tally>,
}

impl Default for CountingSink {
    fn default() -> Self {
        CountingSink {
            nodes: RefCell::new(vec![Node::new(None)]),
            tally: Cell::new(Tally::default()),
        }
    }
}

impl CountingSink {
    pub fn tally(&self) -> Tally {
        self.tally.get()
    }

    /// Adds steps of parser work done outside the tree (the tokenizer's attribute checks).
    pub fn add_work(&self, steps: u64) {
        self.update(|t| t.work = t.work.saturating_add(steps));
    }

    pub fn count_token(&self) {
        self.update(|t| t.tokens += 1);
    }

    fn update(&self, change: impl FnOnce(&mut Tally)) {
        let mut tally = self.tally.get();
        change(&mut tally);
        self.tally.set(tally);
    }

    fn push(&self, node: Node) -> Handle {
        let mut nodes = self.nodes.borrow_mut();
        let id = u32::try_from(nodes.len()).unwrap_or(NONE - 1);
        nodes.push(node);
        id
    }

    /// Makes `left` and `right` neighbours among `parent`'s children; `NONE` on either side
    /// stands for the start or the end of the children.
    fn join(nodes: &mut [Node], parent: Handle, left: u32, right: u32) {
        if left == NONE {
            nodes[parent as usize].first_child = right;
        } else {
            nodes[left as usize].next = right;
        }
        if right == NONE {
            nodes[parent as usize].last_child = left;
            nodes[parent as usize].ends_with_text = false;
        } else {
            nodes[right as usize].previous = left;
        }
    }

    /// Unlinks `child` from its parent, if it has one.
    fn detach(nodes: &mut [Node], child: Handle) {
        let node = &mut nodes[child as usize];
        let (parent, previous, next) = (node.parent, node.previous, node.next);
        if parent == NONE {
            return;
        }
        (node.parent, node.previous, node.next) = (NONE, NONE, NONE);
        Self::join(nodes, parent, previous, next);
    }

    /// Links the detached `child` under `parent`, before `before` (or last), and sets the depth of
    /// everything below it; returns the nodes whose depth was set, the deepest of them and their
    /// depths added up.
    fn attach(nodes: &mut [Node], parent: Handle, child: Handle, before: u32) -> (u64, u32, u64) {
        let previous = if before == NONE {
            nodes[parent as usize].last_child
        } else {
            nodes[before as usize].previous
        };
        nodes[child as usize].parent = parent;
        Self::join(nodes, parent, previous, child);
        Self::join(nodes, parent, child, before);
        Self::set_depths(nodes, child)
    }

    /// The depth a child of `parent` has: one more than an element parent, the same as a fragment's
    /// template for template contents.
    fn depth_below(nodes: &[Node], parent: Handle) -> u32 {
        let node = &nodes[parent as usize];
        match (&node.name, node.twin) {
            (None, template) if template != NONE => nodes[template as usize].depth + 1,
            (None, _) => node.depth + 1,
            (Some(_), _) => node.depth + 1,
        }
    }

    /// Recomputes the depth of `top` and everything below it (a node moved with its subtree);
    /// iterative, and template contents follow their template. Returns the nodes visited and the
    /// deepest element among them.
    fn set_depths(nodes: &mut [Node], top: Handle) -> (u64, u32, u64) {
        let node = &nodes[top as usize];
        if node.first_child == NONE && node.twin == NONE && node.parent != NONE {
            // A new node: nothing below it (the common case, without the walk's stack).
            let depth = Self::depth_below(nodes, node.parent);
            nodes[top as usize].depth = depth;
            let depth = if nodes[top as usize].name.is_some() {
                depth
            } else {
                0
            };
            return (1, depth, u64::from(depth));
        }
        let mut visited = 0u64;
        let mut deepest = 0u32;
        let mut depths = 0u64;
        let mut stack = vec![top];
        while let Some(id) = stack.pop() {
            visited += 1;
            let parent = nodes[id as usize].parent;
            let depth = if parent == NONE {
                nodes[id as usize].depth
            } else {
                Self::depth_below(nodes, parent)
            };
            let node = &mut nodes[id as usize];
            node.depth = depth;
            if node.name.is_some() {
                deepest = deepest.max(depth);
                depths += u64::from(depth);
            }
            if node.name.is_some() && node.twin != NONE {
                stack.push(node.twin);
            }
            let mut child = node.first_child;
            while child != NONE {
                stack.push(child);
                child = nodes[child as usize].next;
            }
        }
        (visited, deepest, depths)
    }

    fn note_moved(&self, (visited, deepest, depths): (u64, u32, u64)) {
        self.update(|t| {
            t.work = t.work.saturating_add(visited);
            t.max_depth = t.max_depth.max(deepest);
            t.depth_sum = t.depth_sum.saturating_add(depths);
        });
    }

    fn place(&self, parent: Handle, child: NodeOrText<Handle>, before: u32) {
        match child {
            NodeOrText::AppendText(text) => {
                // Text joins text it follows; before a sibling it is counted as new (rare: tables).
                let (joins, steps) = {
                    let mut nodes = self.nodes.borrow_mut();
                    let node = &mut nodes[parent as usize];
                    let raw = node.name.as_ref().is_some_and(|name| serialized_raw(&name.local));
                    let joins = before == NONE && std::mem::replace(&mut node.ends_with_text, true);
                    let old = if joins { node.text } else { TextRun::default() };
                    let (new, steps) = old.append(&text, false);
                    if before == NONE {
                        node.text = new;
                    }
                    (joins, if raw { 0 } else { steps })
                };
                self.update(|t| {
                    t.nodes += u64::from(!joins);
                    t.work = t.work.saturating_add(steps);
                });
            }
            NodeOrText::AppendNode(child) => {
                let moved = {
                    let mut nodes = self.nodes.borrow_mut();
                    Self::detach(&mut nodes, child);
                    Self::attach(&mut nodes, parent, child, before)
                };
                self.note_moved(moved);
            }
        }
    }
}

/// Elements whose text html5ever's serializer writes as it is, without escaping.
fn serialized_raw(name: &html5ever::LocalName) -> bool {
    matches!(
        &**name,
        "style" | "script" | "xmp" | "iframe" | "noembed" | "noframes" | "plaintext" | "noscript"
    )
}

impl TreeSink for CountingSink {
    type Handle = Handle;
    type Output = Tally;
    type ElemName<'a> = Ref<'a, QualName>;

    fn finish(self) -> Tally {
        self.tally.get()
    }

    fn parse_error(&self, _msg: Cow<'static, str>) {}

    fn get_document(&self) -> Handle {
        DOCUMENT
    }

    fn elem_name<'a>(&'a self, target: &'a Handle) -> Ref<'a, QualName> {
        self.update(|t| t.work += 1);
        Ref::map(self.nodes.borrow(), |nodes| {
            // The builder asks names of elements only; the document's stand-in name never shows.
            static NO_NAME: std::sync::LazyLock<QualName> = std::sync::LazyLock::new(|| {
                QualName::new(None, html5ever::ns!(html), html5ever::local_name!(""))
            });
            nodes
                .get(*target as usize)
                .and_then(|n| n.name.as_ref())
                .unwrap_or(&NO_NAME)
        })
    }

    fn create_element(&self, name: QualName, attrs: Vec<Attribute>, flags: ElementFlags) -> Handle {
        let escaping: u64 = attrs
            .iter()
            .map(|a| TextRun::default().append(&a.value, true).1)
            .sum();
        let copied = attrs.len() as u64 + escaping;
        self.update(|t| {
            t.nodes += 1;
            t.work = t.work.saturating_add(copied + 1);
        });
        let mut node = Node::new(Some(name));
        node.integration_point = flags.mathml_annotation_xml_integration_point;
        let element = self.push(node);
        if flags.template {
            let mut contents = Node::new(None);
            contents.twin = element;
            let contents = self.push(contents);
            self.nodes.borrow_mut()[element as usize].twin = contents;
        }
        element
    }

    fn create_comment(&self, _text: StrTendril) -> Handle {
        self.update(|t| t.nodes += 1);
        self.push(Node::new(None))
    }

    fn create_pi(&self, _target: StrTendril, _data: StrTendril) -> Handle {
        self.update(|t| t.nodes += 1);
        self.push(Node::new(None))
    }

    fn append(&self, parent: &Handle, child: NodeOrText<Handle>) {
        self.place(*parent, child, NONE);
    }

    fn append_based_on_parent_node(
        &self,
        element: &Handle,
        prev_element: &Handle,
        child: NodeOrText<Handle>,
    ) {
        let has_parent = self.nodes.borrow()[*element as usize].parent != NONE;
        if has_parent {
            self.append_before_sibling(element, child);
        } else {
            self.append(prev_element, child);
        }
    }

    fn append_doctype_to_document(&self, _name: StrTendril, _public_id: StrTendril, _system_id: StrTendril) {}

    fn get_template_contents(&self, target: &Handle) -> Handle {
        self.nodes.borrow()[*target as usize].twin
    }

    fn same_node(&self, x: &Handle, y: &Handle) -> bool {
        self.update(|t| t.work += 1);
        x == y
    }

    fn set_quirks_mode(&self, _mode: QuirksMode) {}

    fn append_before_sibling(&self, sibling: &Handle, new_node: NodeOrText<Handle>) {
        let parent = self.nodes.borrow()[*sibling as usize].parent;
        if parent == NONE {
            return;
        }
        self.place(parent, new_node, *sibling);
    }

    fn add_attrs_if_missing(&self, _target: &Handle, attrs: Vec<Attribute>) {
        // Each new attribute is compared with the element's own.
        let steps = (attrs.len() as u64).saturating_mul(attrs.len() as u64 + 1);
        self.add_work(steps);
    }

    fn is_mathml_annotation_xml_integration_point(&self, handle: &Handle) -> bool {
        self.nodes.borrow()[*handle as usize].integration_point
    }

    fn remove_from_parent(&self, target: &Handle) {
        Self::detach(&mut self.nodes.borrow_mut(), *target);
    }

    fn reparent_children(&self, node: &Handle, new_parent: &Handle) {
        let mut moved = (0u64, 0u32, 0u64);
        {
            let mut nodes = self.nodes.borrow_mut();
            let mut child = nodes[*node as usize].first_child;
            while child != NONE {
                let next = nodes[child as usize].next;
                Self::detach(&mut nodes, child);
                let (visited, deepest, depths) = Self::attach(&mut nodes, *new_parent, child, NONE);
                moved = (moved.0 + visited, moved.1.max(deepest), moved.2 + depths);
                child = next;
            }
        }
        self.note_moved(moved);
    }
}
