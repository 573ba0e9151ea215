//! No import loops between source files, nor between the rooms (top-level modules) of `src/`.
//!
//! Every path a file names (its `use` declarations, and `crate::`, `super::`, `self::` or
//! child-module paths in its code) is followed to the file that defines the item, through
//! re-exports, so a `use super::ItemRow` that a `mod.rs` re-exports counts as a use of the file
//! that defines `ItemRow`. A module's `mod.rs` re-exporting its parts is its front door, not a use
//! of them, and a file may build on the front files of the modules it sits in (`ui/items.rs` draws
//! with `ui/mod.rs`'s helpers while `ui/mod.rs` calls it): any other pair of files using each other,
//! directly or round a longer loop, is a loop. Test code (`#[cfg(test)]` items and files) is left
//! out: tests may reach anywhere.
#![allow(clippy::unwrap_used)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Loops known and accepted for now, each as the set of files it runs through. A loop that is
/// not wholly inside one of these fails the test.
const KNOWN_FILE_LOOPS: &[&[&str]] = &[];

/// The same for rooms (`app`, `store`, `tui`, ...).
const KNOWN_ROOM_LOOPS: &[&[&str]] = &[];

#[test]
fn no_new_import_loops_between_files_or_rooms() {
    let crate_map = CrateMap::read(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"));
    let edges = crate_map.edges();
    let names: Vec<String> = crate_map.files.iter().map(|f| f.name.clone()).collect();

    let file_loops = loops(names.len(), &edges);
    let mut problems = Vec::new();
    for members in &file_loops {
        let set: BTreeSet<&str> = members.iter().map(|&m| names[m].as_str()).collect();
        if !KNOWN_FILE_LOOPS
            .iter()
            .any(|known| set.iter().all(|file| known.contains(file)))
        {
            problems.push(format!(
                "files {}",
                describe_loop(members, &edges, |m| names[m].clone())
            ));
        }
    }

    let rooms: Vec<String> = crate_map.files.iter().map(|f| f.room()).collect();
    let room_names: Vec<String> = rooms
        .iter()
        .cloned()
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let room_of = |file: usize| room_names.iter().position(|r| *r == rooms[file]).unwrap_or(0);
    let room_edges: BTreeSet<(usize, usize)> = edges
        .iter()
        .map(|&(from, to)| (room_of(from), room_of(to)))
        .filter(|(from, to)| from != to)
        .collect();
    for members in loops(room_names.len(), &room_edges) {
        let set: BTreeSet<&str> = members.iter().map(|&m| room_names[m].as_str()).collect();
        if !KNOWN_ROOM_LOOPS
            .iter()
            .any(|known| set.iter().all(|room| known.contains(room)))
        {
            problems.push(format!(
                "rooms {}",
                describe_loop(&members, &room_edges, |m| room_names[m].clone())
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "import loops (break them: move what both sides need to a module of its own):\n{}",
        problems.join("\n")
    );

    // The store keeps plain rows: it knows nothing of feed formats, markup or the screens.
    let store = room_names.iter().position(|r| r == "store");
    let store_uses: Vec<&str> = (room_edges.iter())
        .filter(|(from, _)| Some(*from) == store)
        .map(|&(_, to)| room_names[to].as_str())
        .collect();
    assert!(store_uses.is_empty(), "the store uses {store_uses:?}");
}

/// What `ARCHITECTURE.md`'s table of rooms lets each room import: its last column lists rooms in
/// backticks, `-` for none, or `everything`. `None` for a room that may import anything.
fn allowed_imports(architecture: &str) -> BTreeMap<String, Option<BTreeSet<String>>> {
    let backticked = |cell: &str| -> Vec<String> {
        cell.split('`')
            .skip(1)
            .step_by(2)
            .map(|name| name.trim_end_matches('/').trim_end_matches(".rs").to_string())
            .collect()
    };
    let mut allowed = BTreeMap::new();
    for line in architecture.lines().filter(|l| l.starts_with("| `")) {
        let cells: Vec<&str> = line.trim_matches('|').split(" | ").collect();
        let (Some(rooms), Some(imports)) = (cells.first(), cells.last()) else {
            continue;
        };
        let imports = imports.trim();
        let may = (imports != "everything").then(|| backticked(imports).into_iter().collect());
        for room in backticked(rooms) {
            allowed.insert(room, may.clone());
        }
    }
    allowed
}

#[test]
fn each_room_imports_only_what_architecture_md_allows() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let architecture = std::fs::read_to_string(root.join("ARCHITECTURE.md")).unwrap();
    let allowed = allowed_imports(&architecture);
    let crate_map = CrateMap::read(&root.join("src"));
    let mut problems = BTreeSet::new();
    for (from, to) in crate_map.edges() {
        let (from, to) = (crate_map.files[from].room(), crate_map.files[to].room());
        if from == to || from == "lib" || from == "main" {
            continue;
        }
        match allowed.get(&from) {
            None => {
                problems.insert(format!("`{from}` is not in the table of rooms"));
            }
            Some(Some(may)) if !may.contains(&to) => {
                problems.insert(format!("`{from}` imports `{to}`, which its row does not list"));
            }
            Some(_) => {}
        }
    }
    assert!(
        problems.is_empty(),
        "ARCHITECTURE.md and the code disagree (change the code, or the map if the change is meant):\n{}",
        problems.into_iter().collect::<Vec<_>>().join("\n")
    );
}

#[test]
fn the_table_of_rooms_is_read_as_written() {
    let table = "| room | owns | may import |\n|---|---|---|\n\
                 | `a/` | x | `b`, `c` |\n| `b.rs`, `d/` | y | - |\n| `e/` | z, with `f` named | everything |\n";
    let allowed = allowed_imports(table);
    let set = |names: &[&str]| Some(names.iter().map(|n| n.to_string()).collect::<BTreeSet<_>>());
    assert_eq!(allowed.get("a"), Some(&set(&["b", "c"])));
    assert_eq!(allowed.get("b"), Some(&set(&[])));
    assert_eq!(allowed.get("d"), Some(&set(&[])));
    assert_eq!(allowed.get("e"), Some(&None));
    assert_eq!(allowed.len(), 4);
}

#[test]
fn the_loop_check_sees_a_loop_through_a_re_export() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path();
    let write = |path: &str, text: &str| {
        let path = src.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write("lib.rs", "pub mod store;\npub mod feed;\n");
    write(
        "store/mod.rs",
        "mod rows;\nmod list;\npub use rows::Row;\n/* use crate::feed::Fake; */\npub struct Store;\nfn open() { rows::check(); }\n",
    );
    write(
        "store/rows.rs",
        "use super::Store;\npub struct Row;\npub fn check() {}\nfn f() -> super::list::Listing { todo!() }\n",
    );
    write(
        "store/list.rs",
        "use super::Row;\npub struct Listing(Row);\n#[cfg(test)]\nmod tests { use crate::feed::Parsed; }\n",
    );
    write(
        "feed/mod.rs",
        "pub struct Parsed;\nconst S: &str = \"crate::store::Row\";\n",
    );
    let crate_map = CrateMap::read(src);
    let name = |file: usize| crate_map.files[file].name.clone();
    let edges: BTreeSet<(String, String)> = (crate_map.edges().into_iter())
        .map(|(from, to)| (name(from), name(to)))
        .collect();
    let edge = |from: &str, to: &str| (from.to_string(), to.to_string());
    // The list's `super::Row` goes through the re-export to rows.rs; comments, strings and tests
    // name nothing; the front file's re-export is no use, its call is, and rows.rs building on
    // the front file's `Store` is not counted.
    let expected: BTreeSet<_> = [
        edge("store/list.rs", "store/rows.rs"),
        edge("store/mod.rs", "store/rows.rs"),
        edge("store/rows.rs", "store/list.rs"),
    ]
    .into_iter()
    .collect();
    assert_eq!(edges, expected);
    let index = |n: &str| crate_map.files.iter().position(|f| f.name == n).unwrap();
    let numbered: BTreeSet<(usize, usize)> = edges.iter().map(|(a, b)| (index(a), index(b))).collect();
    assert_eq!(loops(crate_map.files.len(), &numbered).len(), 1);
}

/// Every `.rs` file of a crate's `src/` (the binary's `main.rs` aside) with what it declares.
struct CrateMap {
    files: Vec<SourceFile>,
    by_module: BTreeMap<Vec<String>, usize>,
}

struct SourceFile {
    /// The path under `src/`, with `/`.
    name: String,
    /// The module path (`["store", "items"]`; empty for `lib.rs`).
    module: Vec<String>,
    /// Only compiled for tests (declared under `#[cfg(test)]`).
    test_only: bool,
    /// Tokens of the code outside `#[cfg(test)]` items and `use` declarations.
    body: Vec<String>,
    uses: Vec<UseBinding>,
    child_modules: BTreeSet<String>,
    defined: BTreeSet<String>,
}

/// One name a `use` declaration brings in: `path` made absolute from the crate root (`*` last
/// for a glob).
struct UseBinding {
    path: Vec<String>,
    name: String,
    public: bool,
}

impl SourceFile {
    fn room(&self) -> String {
        self.module.first().cloned().unwrap_or_else(|| "lib".into())
    }
}

impl CrateMap {
    fn read(src: &Path) -> CrateMap {
        let mut paths = Vec::new();
        collect_rust_files(src, &mut paths);
        let mut files: Vec<SourceFile> = paths
            .iter()
            .filter_map(|path| {
                let name = path.strip_prefix(src).ok()?.to_string_lossy().replace('\\', "/");
                if name == "main.rs" {
                    return None;
                }
                let text = std::fs::read_to_string(path).ok()?;
                Some(SourceFile::parse(name, &text))
            })
            .collect();
        let by_module: BTreeMap<Vec<String>, usize> = (files.iter().enumerate())
            .map(|(at, file)| (file.module.clone(), at))
            .collect();
        // A file declared `#[cfg(test)] mod name;` (and everything under it) is test code.
        let test_modules: Vec<Vec<String>> = files
            .iter()
            .flat_map(|file| {
                test_children(file)
                    .into_iter()
                    .map(|child| [file.module.clone(), vec![child]].concat())
            })
            .collect();
        for file in &mut files {
            file.test_only = test_modules.iter().any(|m| file.module.starts_with(m));
        }
        CrateMap { files, by_module }
    }

    /// `(from, to)`: file `from` uses something file `to` defines.
    fn edges(&self) -> BTreeSet<(usize, usize)> {
        let mut edges = BTreeSet::new();
        for (at, file) in self.files.iter().enumerate() {
            if file.test_only {
                continue;
            }
            let mut named = Vec::new();
            for binding in &file.uses {
                // A re-export is a use only when the file's own code names it too.
                if !binding.public || file.body.contains(&binding.name) {
                    named.push(binding.path.clone());
                }
            }
            for path in code_paths(&file.body) {
                if let Some(absolute) = self.absolute(file, &path) {
                    named.push(absolute);
                }
            }
            for path in named {
                if let Some(to) = self.resolve(&path, 0)
                    && to != at
                    && !self.files[to].test_only
                    && !file.module.starts_with(&self.files[to].module)
                {
                    edges.insert((at, to));
                }
            }
        }
        edges
    }

    /// A path as written in `file`, from the crate root; `None` when it leaves the crate.
    fn absolute(&self, file: &SourceFile, path: &[String]) -> Option<Vec<String>> {
        let first = path.first()?;
        if let Some(binding) = file.uses.iter().find(|b| b.name == *first && first != "self") {
            return Some([binding.path.clone(), path[1..].to_vec()].concat());
        }
        absolute_path(&file.module, &file.child_modules, &file.defined, path)
    }

    /// The file that defines what `path` names (following re-exports).
    fn resolve(&self, path: &[String], depth: usize) -> Option<usize> {
        let mut module: Vec<String> = Vec::new();
        for (at, segment) in path.iter().enumerate() {
            let child = [module.clone(), vec![segment.clone()]].concat();
            if self.by_module.contains_key(&child) {
                module = child;
                continue;
            }
            let here = *self.by_module.get(&module)?;
            let file = &self.files[here];
            if depth > 16 || file.defined.contains(segment) {
                return Some(here);
            }
            let rest = &path[at + 1..];
            if let Some(binding) = file.uses.iter().find(|b| b.name == *segment) {
                return self.resolve(&[binding.path.clone(), rest.to_vec()].concat(), depth + 1);
            }
            for glob in file.uses.iter().filter(|b| b.name == "*") {
                let prefix = &glob.path[..glob.path.len() - 1];
                let through = [prefix.to_vec(), path[at..].to_vec()].concat();
                if let Some(found) = self.resolve(&through, depth + 1)
                    && found != here
                {
                    return Some(found);
                }
            }
            return Some(here);
        }
        self.by_module.get(&module).copied()
    }
}

fn collect_rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            collect_rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// `a.rs` and `a/mod.rs` are module `a`; `lib.rs` is the root.
fn module_of(name: &str) -> Vec<String> {
    let trimmed = name.trim_end_matches(".rs");
    let mut parts: Vec<String> = trimmed.split('/').map(str::to_string).collect();
    if matches!(parts.last().map(String::as_str), Some("mod" | "lib")) {
        parts.pop();
    }
    parts
}

/// A path written in module `module` made absolute; `None` for paths into other crates.
fn absolute_path(
    module: &[String],
    child_modules: &BTreeSet<String>,
    defined: &BTreeSet<String>,
    path: &[String],
) -> Option<Vec<String>> {
    let first = path.first()?;
    let mut base: Vec<String> = match first.as_str() {
        "crate" => Vec::new(),
        "self" => module.to_vec(),
        "super" => {
            let mut base = module.to_vec();
            let mut rest = path;
            while rest.first().is_some_and(|s| s == "super") {
                base.pop()?;
                rest = &rest[1..];
            }
            return Some([base, rest.to_vec()].concat());
        }
        name if child_modules.contains(name) || defined.contains(name) => {
            return Some([module.to_vec(), path.to_vec()].concat());
        }
        _ => return None,
    };
    base.extend(path[1..].iter().cloned());
    Some(base)
}

impl SourceFile {
    fn parse(name: String, text: &str) -> SourceFile {
        let module = module_of(&name);
        let tokens = without_test_items(&tokenize(text));
        let mut body = Vec::new();
        let mut raw_uses = Vec::new();
        let mut at = 0;
        while at < tokens.len() {
            if tokens[at] == "use" {
                let end = (at..tokens.len())
                    .find(|&i| tokens[i] == ";")
                    .unwrap_or(tokens.len());
                let public = is_public_before(&tokens, at);
                let mut trees = Vec::new();
                parse_use_tree(&tokens[at + 1..end], &mut 0, &[], &mut trees);
                raw_uses.extend(trees.into_iter().map(|(path, name)| (path, name, public)));
                at = end + 1;
            } else {
                body.push(tokens[at].clone());
                at += 1;
            }
        }
        let child_modules: BTreeSet<String> = (body.windows(3))
            .filter(|w| w[0] == "mod" && w[2] == ";")
            .map(|w| w[1].clone())
            .collect();
        let defined: BTreeSet<String> = (body.windows(2))
            .filter(|w| {
                matches!(
                    w[0].as_str(),
                    "fn" | "struct" | "enum" | "trait" | "type" | "const" | "static" | "union" | "mod"
                ) && is_identifier(&w[1])
            })
            .map(|w| w[1].clone())
            .collect();
        let uses = raw_uses
            .into_iter()
            .filter_map(|(path, name, public)| {
                let path = absolute_path(&module, &child_modules, &defined, &path)?;
                Some(UseBinding { path, name, public })
            })
            .collect();
        SourceFile {
            name,
            module,
            test_only: false,
            body,
            uses,
            child_modules,
            defined,
        }
    }
}

/// The modules `file` declares under `#[cfg(test)]` (`#[cfg(test)] mod tests;`).
fn test_children(file: &SourceFile) -> Vec<String> {
    // Recorded while the test items are cut: see `without_test_items`.
    file.body
        .windows(3)
        .filter(|w| w[0] == "#test-module" && w[2] == ";")
        .map(|w| w[1].clone())
        .collect()
}

fn is_identifier(token: &str) -> bool {
    token
        .chars()
        .next()
        .is_some_and(|c| c.is_alphabetic() || c == '_')
}

/// Whether the `use` at `at` is `pub` or `pub(...)`.
fn is_public_before(tokens: &[String], at: usize) -> bool {
    let before = |back: usize| at.checked_sub(back).map(|i| tokens[i].as_str());
    before(1) == Some("pub") || (before(1) == Some(")") && (2..6).any(|back| before(back) == Some("pub")))
}

/// Expands a use tree (`a::{b, c::d as e, f::*}`) into `(path, bound name)` pairs.
fn parse_use_tree(
    tokens: &[String],
    at: &mut usize,
    prefix: &[String],
    out: &mut Vec<(Vec<String>, String)>,
) {
    let mut path = prefix.to_vec();
    while let Some(token) = tokens.get(*at) {
        match token.as_str() {
            "::" => *at += 1,
            "{" => {
                *at += 1;
                while tokens.get(*at).is_some_and(|t| t != "}") {
                    parse_use_tree(tokens, at, &path, out);
                    if tokens.get(*at).is_some_and(|t| t == ",") {
                        *at += 1;
                    }
                }
                *at += 1;
                return;
            }
            "*" => {
                *at += 1;
                path.push("*".into());
                out.push((path, "*".into()));
                return;
            }
            "," | "}" => break,
            "as" => {
                let name = tokens.get(*at + 1).cloned().unwrap_or_default();
                *at += 2;
                if path.last().is_some_and(|s| s == "self") {
                    path.pop();
                }
                out.push((path, name));
                return;
            }
            segment => {
                path.push(segment.to_string());
                *at += 1;
            }
        }
    }
    if path.last().is_some_and(|s| s == "self") {
        path.pop();
    }
    if let Some(name) = path.last().cloned()
        && path.len() > prefix.len()
    {
        out.push((path, name));
    }
}

/// Paths of two segments or more in code (`a::b::c`), without generic arguments.
fn code_paths(tokens: &[String]) -> Vec<Vec<String>> {
    let mut paths = Vec::new();
    let mut at = 0;
    while at < tokens.len() {
        let starts = is_identifier(&tokens[at])
            && tokens.get(at + 1).is_some_and(|t| t == "::")
            && (at == 0 || tokens[at - 1] != "::");
        if !starts {
            at += 1;
            continue;
        }
        let mut path = vec![tokens[at].clone()];
        at += 1;
        while tokens.get(at).is_some_and(|t| t == "::")
            && tokens.get(at + 1).is_some_and(|t| is_identifier(t))
        {
            path.push(tokens[at + 1].clone());
            at += 2;
        }
        paths.push(path);
    }
    paths
}

/// Rust source as identifier and punctuation tokens (`::` as one), without comments, string and
/// character literals, lifetimes or numbers.
fn tokenize(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut tokens = Vec::new();
    let mut at = 0;
    let next_is = |at: usize, s: &str| s.chars().enumerate().all(|(k, c)| chars.get(at + k) == Some(&c));
    while at < chars.len() {
        let c = chars[at];
        if next_is(at, "//") {
            while at < chars.len() && chars[at] != '\n' {
                at += 1;
            }
        } else if next_is(at, "/*") {
            let mut depth = 0;
            while at < chars.len() {
                if next_is(at, "/*") {
                    depth += 1;
                    at += 2;
                } else if next_is(at, "*/") {
                    depth -= 1;
                    at += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    at += 1;
                }
            }
        } else if c == '"' {
            at = skip_string(&chars, at + 1);
        } else if c == '\'' {
            // A character literal ('x', '\n', '\u{..}') or a lifetime ('a).
            if chars.get(at + 1) == Some(&'\\') {
                at += 2;
                while at < chars.len() && chars[at] != '\'' {
                    at += 1;
                }
                at += 1;
            } else if chars.get(at + 2) == Some(&'\'') {
                at += 3;
            } else {
                at += 1;
                while at < chars.len() && (chars[at].is_alphanumeric() || chars[at] == '_') {
                    at += 1;
                }
            }
        } else if c.is_alphabetic() || c == '_' {
            let start = at;
            while at < chars.len() && (chars[at].is_alphanumeric() || chars[at] == '_') {
                at += 1;
            }
            let word: String = chars[start..at].iter().collect();
            // Raw and byte strings: r"..", r#".."#, b"..", br#".."#.
            let hashes = chars[at..].iter().take_while(|&&h| h == '#').count();
            if matches!(word.as_str(), "r" | "br") && chars.get(at + hashes) == Some(&'"') {
                let closing: String = std::iter::once('"')
                    .chain(std::iter::repeat_n('#', hashes))
                    .collect();
                at += hashes + 1;
                while at < chars.len() && !next_is(at, &closing) {
                    at += 1;
                }
                at += closing.len();
            } else if word == "b" && chars.get(at) == Some(&'"') {
                at = skip_string(&chars, at + 1);
            } else if word == "b" && chars.get(at) == Some(&'\'') {
                at += 1;
                while at < chars.len() && chars[at] != '\'' {
                    at += if chars[at] == '\\' { 2 } else { 1 };
                }
                at += 1;
            } else {
                tokens.push(word);
            }
        } else if c.is_ascii_digit() {
            while at < chars.len() && (chars[at].is_alphanumeric() || chars[at] == '_') {
                at += 1;
            }
        } else if next_is(at, "::") {
            tokens.push("::".into());
            at += 2;
        } else if c.is_whitespace() {
            at += 1;
        } else {
            tokens.push(c.to_string());
            at += 1;
        }
    }
    tokens
}

/// The index after the closing quote of a string whose text starts at `at`.
fn skip_string(chars: &[char], mut at: usize) -> usize {
    while at < chars.len() && chars[at] != '"' {
        at += if chars[at] == '\\' { 2 } else { 1 };
    }
    at + 1
}

/// The tokens without the items under `#[cfg(test)]`; a test module declared as a file
/// (`#[cfg(test)] mod tests;`) stays as the marker `#test-module tests ;`.
fn without_test_items(tokens: &[String]) -> Vec<String> {
    let cfg_test = ["#", "[", "cfg", "(", "test", ")", "]"];
    let mut kept = Vec::new();
    let mut at = 0;
    while at < tokens.len() {
        if !tokens[at..].starts_with(&cfg_test.map(String::from)) {
            kept.push(tokens[at].clone());
            at += 1;
            continue;
        }
        at += cfg_test.len();
        // Further attributes of the same item.
        while tokens.get(at).is_some_and(|t| t == "#") {
            at = matching(tokens, at + 1).map_or(tokens.len(), |end| end + 1);
        }
        let item_start = at;
        // The item ends at a `;` outside brackets, or with its first braced block.
        let mut depth = 0i32;
        while at < tokens.len() {
            match tokens[at].as_str() {
                "(" | "[" => depth += 1,
                ")" | "]" => depth -= 1,
                ";" if depth == 0 => {
                    let words = &tokens[item_start..at];
                    if let [.., module, name] = words
                        && module == "mod"
                    {
                        kept.extend(["#test-module".to_string(), name.clone(), ";".to_string()]);
                    }
                    at += 1;
                    break;
                }
                "{" if depth == 0 => {
                    at = matching(tokens, at).map_or(tokens.len(), |end| end + 1);
                    break;
                }
                _ => {}
            }
            at += 1;
        }
    }
    kept
}

/// The index of the bracket closing the one at `open`.
fn matching(tokens: &[String], open: usize) -> Option<usize> {
    let (opening, closing) = match tokens.get(open)?.as_str() {
        "{" => ("{", "}"),
        "[" => ("[", "]"),
        "(" => ("(", ")"),
        _ => return None,
    };
    let mut depth = 0;
    for (at, token) in tokens.iter().enumerate().skip(open) {
        if token == opening {
            depth += 1;
        } else if token == closing {
            depth -= 1;
            if depth == 0 {
                return Some(at);
            }
        }
    }
    None
}

/// The strongly connected parts of more than one node (Tarjan's algorithm, iterated by hand).
fn loops(nodes: usize, edges: &BTreeSet<(usize, usize)>) -> Vec<Vec<usize>> {
    let mut next: Vec<Vec<usize>> = vec![Vec::new(); nodes];
    for &(from, to) in edges {
        next[from].push(to);
    }
    let mut index = vec![usize::MAX; nodes];
    let mut low = vec![0; nodes];
    let mut on_stack = vec![false; nodes];
    let mut stack = Vec::new();
    let mut counter = 0;
    let mut found = Vec::new();
    for root in 0..nodes {
        if index[root] != usize::MAX {
            continue;
        }
        let mut work = vec![(root, 0usize)];
        while let Some(&mut (node, ref mut child)) = work.last_mut() {
            if *child == 0 && index[node] == usize::MAX {
                index[node] = counter;
                low[node] = counter;
                counter += 1;
                stack.push(node);
                on_stack[node] = true;
            }
            if let Some(&to) = next[node].get(*child) {
                *child += 1;
                if index[to] == usize::MAX {
                    work.push((to, 0));
                } else if on_stack[to] {
                    low[node] = low[node].min(index[to]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[node]);
            }
            if low[node] == index[node] {
                let mut members = Vec::new();
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    members.push(member);
                    if member == node {
                        break;
                    }
                }
                if members.len() > 1 {
                    members.sort_unstable();
                    found.push(members);
                }
            }
        }
    }
    found
}

/// One loop through the first member of `members`, as `a -> b -> a`, and the other members.
fn describe_loop(
    members: &[usize],
    edges: &BTreeSet<(usize, usize)>,
    name: impl Fn(usize) -> String,
) -> String {
    let start = members[0];
    // Shortest way back to `start` inside the group.
    let mut came_from: BTreeMap<usize, usize> = BTreeMap::new();
    let mut frontier = vec![start];
    'search: while !frontier.is_empty() {
        let mut further = Vec::new();
        for &node in &frontier {
            for &(_, to) in edges.range((node, 0)..=(node, usize::MAX)) {
                if !members.contains(&to) || came_from.contains_key(&to) {
                    continue;
                }
                came_from.insert(to, node);
                if to == start {
                    break 'search;
                }
                further.push(to);
            }
        }
        frontier = further;
    }
    let mut way = vec![start];
    let mut node = start;
    while let Some(&before) = came_from.get(&node) {
        way.push(before);
        node = before;
        if node == start || way.len() > members.len() + 1 {
            break;
        }
    }
    way.reverse();
    let all: Vec<String> = members.iter().map(|&m| name(m)).collect();
    format!(
        "{} (all of: {})",
        way.iter().map(|&m| name(m)).collect::<Vec<_>>().join(" -> "),
        all.join(", ")
    )
}
