//! The structural rules of issue 21, checked by reading `src/` (pure file reading: no network,
//! no daemon): no file over [`MAX_FILE_LINES`] lines of code and no function over
//! [`MAX_FN_LINES`]; no cycle between top-level modules, nor between the files of one folder;
//! `sled` named only under `src/store/`, and nothing of `crate::store` used under `src/xmpp/`.
//!
//! A line of code is a line holding a token that is not a comment. Test code counts for nothing
//! and makes no edge: `#[cfg(test)]` items, and the files of `#[cfg(test)] mod name;`. A small
//! tokenizer (strings, raw strings, chars, lifetimes, nested comments) keeps the braces and
//! paths inside literals and comments out of the picture. References are the paths that start
//! with `crate::`, `super::` or `self::` (groups `{a, b::c}` expanded), resolved to absolute
//! module paths; a folder's `mod.rs` is the folder itself, not one of its files.

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::path::Path;
use std::sync::OnceLock;

/// Most lines of code one file of `src/` may have.
const MAX_FILE_LINES: usize = 700;
/// Most lines of code one function may have, from its `fn` line to its closing brace.
const MAX_FN_LINES: usize = 150;
/// The one folder allowed to name the embedded database.
const STORE_DIR: &str = "src/store/";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Ident,
    Punct,
    Literal,
    Lifetime,
    Comment,
}

#[derive(Clone, Debug)]
struct Token {
    kind: Kind,
    text: String,
    /// First and last line (1-based) the token covers.
    line: usize,
    end_line: usize,
}

fn is_ident_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Splits Rust source into tokens; never fails (an unterminated literal runs to the end).
fn tokenize(src: &str) -> Vec<Token> {
    let c: Vec<char> = src.chars().collect();
    let mut out = Vec::new();
    let (mut i, mut line) = (0, 1);
    while i < c.len() {
        let next = c.get(i + 1).copied();
        let (end, kind) = match c[i] {
            ch if ch.is_whitespace() => {
                line += usize::from(ch == '\n');
                i += 1;
                continue;
            }
            '/' if next == Some('/') => (scan(&c, i, |ch| ch != '\n'), Kind::Comment),
            '/' if next == Some('*') => (block_comment_end(&c, i), Kind::Comment),
            '"' => (quoted_end(&c, i + 1, '"'), Kind::Literal),
            '\'' if next == Some('\\') => (quoted_end(&c, i + 1, '\''), Kind::Literal),
            '\'' if c.get(i + 2) == Some(&'\'') => (i + 3, Kind::Literal),
            '\'' => (scan(&c, i + 1, is_ident_char), Kind::Lifetime),
            ch if ch.is_ascii_digit() => (scan(&c, i, is_ident_char), Kind::Literal),
            ch if is_ident_char(ch) => match prefixed_literal_end(&c, i) {
                Some(end) => (end, Kind::Literal),
                None if ch == 'r' && next == Some('#') => {
                    (scan(&c, i + 2, is_ident_char), Kind::Ident)
                }
                None => (scan(&c, i, is_ident_char), Kind::Ident),
            },
            ':' if next == Some(':') => (i + 2, Kind::Punct),
            _ => (i + 1, Kind::Punct),
        };
        let text: String = c[i..end].iter().collect();
        let end_line = line + text.matches('\n').count();
        let text = match kind {
            Kind::Ident => text.trim_start_matches("r#").to_string(),
            _ => text,
        };
        out.push(Token {
            kind,
            text,
            line,
            end_line,
        });
        (i, line) = (end, end_line);
    }
    out
}

/// The end of the run of characters from `i` that `keep` accepts.
fn scan(c: &[char], i: usize, keep: impl Fn(char) -> bool) -> usize {
    i + c[i..].iter().take_while(|&&ch| keep(ch)).count()
}

/// The end of a (nested) block comment starting at `i`.
fn block_comment_end(c: &[char], mut i: usize) -> usize {
    let mut depth = 0;
    while i < c.len() {
        match (c[i], c.get(i + 1).copied()) {
            ('/', Some('*')) => (depth, i) = (depth + 1, i + 2),
            ('*', Some('/')) if depth == 1 => return i + 2,
            ('*', Some('/')) => (depth, i) = (depth - 1, i + 2),
            _ => i += 1,
        }
    }
    c.len()
}

/// The end of a quoted literal whose body starts at `i` (backslash escapes).
fn quoted_end(c: &[char], mut i: usize, quote: char) -> usize {
    while i < c.len() {
        match c[i] {
            '\\' => i += 2,
            ch if ch == quote => return i + 1,
            _ => i += 1,
        }
    }
    c.len()
}

/// The end of a raw string whose `#`s (or opening quote) start at `i`; `None` if it is not one.
fn raw_end(c: &[char], mut i: usize) -> Option<usize> {
    let hashes = c[i..].iter().take_while(|&&ch| ch == '#').count();
    i += hashes;
    if c.get(i) != Some(&'"') {
        return None;
    }
    i += 1;
    while i < c.len() {
        let closes = c
            .get(i + 1..i + 1 + hashes)
            .is_some_and(|h| h.iter().all(|&x| x == '#'));
        if c[i] == '"' && closes {
            return Some(i + 1 + hashes);
        }
        i += 1;
    }
    Some(c.len())
}

/// The end of `r"…"`, `r#"…"#`, `b"…"`, `br"…"`, `c"…"`, `cr"…"` or `b'…'` starting at `i`.
fn prefixed_literal_end(c: &[char], i: usize) -> Option<usize> {
    match (c[i], c.get(i + 1).copied(), c.get(i + 2).copied()) {
        ('r', Some('"' | '#'), _) => raw_end(c, i + 1),
        ('b' | 'c', Some('r'), Some('"' | '#')) => raw_end(c, i + 2),
        ('b' | 'c', Some('"'), _) => Some(quoted_end(c, i + 2, '"')),
        ('b', Some('\''), _) => Some(quoted_end(c, i + 2, '\'')),
        _ => None,
    }
}

/// The index of the `}` closing the `{` at `open` (the last token if it never closes).
fn matching(t: &[Token], open: usize) -> usize {
    let mut depth = 0;
    for (j, tok) in t.iter().enumerate().skip(open) {
        depth += nesting(tok, &["{"], &["}"]);
        if depth == 0 {
            return j;
        }
    }
    t.len().saturating_sub(1)
}

/// +1 if `tok` is one of `open`, -1 if one of `close`.
fn nesting(tok: &Token, open: &[&str], close: &[&str]) -> i32 {
    i32::from(open.contains(&tok.text.as_str())) - i32::from(close.contains(&tok.text.as_str()))
}

/// One function with a body: its name and the lines of its `fn` and of its closing brace.
type Function = (String, usize, usize);

/// One source file, with its test code taken out.
struct Source {
    /// Path from the crate root, with `/`: `src/store/items.rs`.
    rel: String,
    /// Its module path: `["store", "items"]`; `[]` for `lib.rs` and `main.rs`.
    module: Vec<String>,
    /// Its tokens outside test items, comments apart.
    code: Vec<Token>,
    comments: Vec<Token>,
    /// Test modules it declares in their own files (`#[cfg(test)] mod name;`).
    test_mods: Vec<String>,
}

fn module_path(rel: &str) -> Vec<String> {
    let inner = rel.trim_start_matches("src/").trim_end_matches(".rs");
    let mut parts: Vec<String> = inner.split('/').map(String::from).collect();
    let root = parts.len() == 1 && matches!(parts[0].as_str(), "lib" | "main");
    if root || parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    parts
}

impl Source {
    fn parse(rel: &str, text: &str) -> Source {
        let (comments, code): (Vec<Token>, Vec<Token>) = tokenize(text)
            .into_iter()
            .partition(|t| t.kind == Kind::Comment);
        let (spans, test_mods) = test_items(&code);
        let outside = |t: &Token| !spans.iter().any(|&(a, b)| t.line >= a && t.end_line <= b);
        Source {
            rel: rel.to_string(),
            module: module_path(rel),
            code: code.iter().filter(|t| outside(t)).cloned().collect(),
            comments: comments.into_iter().filter(|t| outside(t)).collect(),
            test_mods,
        }
    }

    fn code_lines(&self) -> BTreeSet<usize> {
        self.code.iter().flat_map(|t| t.line..=t.end_line).collect()
    }

    fn functions(&self) -> Vec<Function> {
        let t = &self.code;
        let mut out = Vec::new();
        for i in 0..t.len() {
            let named = t.get(i + 1).is_some_and(|n| n.kind == Kind::Ident);
            if t[i].kind != Kind::Ident || t[i].text != "fn" || !named {
                continue;
            }
            let mut depth = 0;
            for j in i + 2..t.len() {
                depth += nesting(&t[j], &["(", "["], &[")", "]"]);
                if depth == 0 && t[j].text == "{" {
                    out.push((t[i + 1].text.clone(), t[i].line, t[matching(t, j)].end_line));
                }
                if depth == 0 && (t[j].text == "{" || t[j].text == ";") {
                    break;
                }
            }
        }
        out
    }

    /// Every path starting with `crate::`, `super::` or `self::`, resolved, with its line.
    fn references(&self) -> Vec<(Vec<String>, usize)> {
        let t = &self.code;
        let mut out = Vec::new();
        // Inline modules open at this token: their name and the index of their `}`.
        let mut inline: Vec<(String, usize)> = Vec::new();
        for i in 0..t.len() {
            inline.retain(|&(_, close)| close > i);
            if t[i].text == "mod" && t.get(i + 2).is_some_and(|x| x.text == "{") {
                inline.push((t[i + 1].text.clone(), matching(t, i + 2)));
            }
            let base = matches!(t[i].text.as_str(), "crate" | "super" | "self");
            let starts = base
                && t[i].kind == Kind::Ident
                && t.get(i + 1).is_some_and(|x| x.text == "::")
                && (i == 0 || t[i - 1].text != "::");
            if !starts {
                continue;
            }
            let mut paths = Vec::new();
            if t[i].text == "crate" {
                read_path(t, i + 2, Vec::new(), &mut paths);
            } else {
                let mut here = self.module.clone();
                here.extend(inline.iter().map(|(name, _)| name.clone()));
                read_path(t, i, here, &mut paths);
            }
            out.extend(paths.into_iter().map(|p| (p, t[i].line)));
        }
        out
    }
}

/// Line spans of the `#[cfg(test)]` items, and the names of the test modules in own files.
fn test_items(t: &[Token]) -> (Vec<(usize, usize)>, Vec<String>) {
    const CFG_TEST: [&str; 7] = ["#", "[", "cfg", "(", "test", ")", "]"];
    let (mut spans, mut mods) = (Vec::new(), Vec::new());
    for i in 0..t.len() {
        let is_cfg_test = t.len() >= i + CFG_TEST.len()
            && CFG_TEST.iter().zip(&t[i..]).all(|(w, tok)| tok.text == *w);
        if !is_cfg_test {
            continue;
        }
        let (mut depth, mut name, mut j) = (0, None, i + CFG_TEST.len());
        while j < t.len() && !(depth == 0 && (t[j].text == "{" || t[j].text == ";")) {
            depth += nesting(&t[j], &["(", "["], &[")", "]"]);
            if depth == 0 && t[j].text == "mod" {
                name = t.get(j + 1).map(|n| n.text.clone());
            }
            j += 1;
        }
        match t.get(j) {
            Some(x) if x.text == "{" => j = matching(t, j),
            _ => mods.extend(name),
        }
        let end = t[j.min(t.len() - 1)].end_line;
        spans.push((t[i].line, end));
    }
    (spans, mods)
}

/// Reads `a::b::{c, d::e as f, g::*}` from `t[j]`, adding every full path to `out` (`super`
/// drops a segment, `self` none); returns the index where the path ends.
fn read_path(
    t: &[Token],
    mut j: usize,
    mut path: Vec<String>,
    out: &mut Vec<Vec<String>>,
) -> usize {
    loop {
        match t.get(j) {
            Some(tok) if tok.text == "{" => {
                j += 1;
                while j < t.len() && t[j].text != "}" {
                    j = read_path(t, j, path.clone(), out);
                    while j < t.len() && t[j].text != "," && t[j].text != "}" {
                        j += 1;
                    }
                    j += usize::from(t.get(j).is_some_and(|x| x.text == ","));
                }
                return j + 1;
            }
            Some(tok) if tok.kind == Kind::Ident => {
                match tok.text.as_str() {
                    "super" => {
                        path.pop();
                    }
                    "self" => {}
                    name => path.push(name.to_string()),
                }
                j += 1;
            }
            _ => {
                out.push(path);
                return j;
            }
        }
        if t.get(j).is_some_and(|x| x.text == "::") {
            j += 1;
        } else {
            out.push(path);
            return j;
        }
    }
}

fn walk(dir: &Path, found: &mut Vec<std::path::PathBuf>) {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("read {}: {e}", dir.display()));
    for entry in entries {
        let path = entry.expect("directory entry").path();
        if path.is_dir() {
            walk(&path, found);
        } else if path.extension().is_some_and(|e| e == "rs") {
            found.push(path);
        }
    }
}

/// Every non-test file of `src/`, read once for all the tests.
fn tree() -> &'static [Source] {
    static TREE: OnceLock<Vec<Source>> = OnceLock::new();
    TREE.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut paths = Vec::new();
        walk(&root.join("src"), &mut paths);
        paths.sort();
        let sources: Vec<Source> = paths
            .iter()
            .map(|p| {
                let rel = p.strip_prefix(root).expect("under the crate root");
                let text = std::fs::read_to_string(p).unwrap_or_else(|e| panic!("read {p:?}: {e}"));
                Source::parse(&rel.to_string_lossy(), &text)
            })
            .collect();
        assert!(
            sources.iter().any(|s| s.rel == "src/lib.rs") && sources.len() > 10,
            "src/ not found under {}",
            root.display()
        );
        drop_test_files(sources)
    })
}

/// Leaves out the files of `#[cfg(test)] mod name;` (and everything under their folder).
fn drop_test_files(sources: Vec<Source>) -> Vec<Source> {
    let mut test_paths = Vec::new();
    for s in &sources {
        let dir = match s.rel.rsplit_once('/') {
            Some((dir, "mod.rs" | "lib.rs" | "main.rs")) => dir.to_string(),
            _ => s.rel.trim_end_matches(".rs").to_string(),
        };
        test_paths.extend(s.test_mods.iter().map(|m| format!("{dir}/{m}")));
    }
    let is_test = |rel: &str| {
        test_paths
            .iter()
            .any(|t| rel == format!("{t}.rs") || rel.starts_with(&format!("{t}/")))
    };
    sources.into_iter().filter(|s| !is_test(&s.rel)).collect()
}

/// Edges between the children (files and subfolders) of the module `folder`:
/// (from, to) → where the first reference is (`file:line`).
fn edges(sources: &[Source], folder: &[String]) -> BTreeMap<(String, String), String> {
    let inside: Vec<&Source> = sources
        .iter()
        .filter(|s| s.module.len() > folder.len() && s.module.starts_with(folder))
        .collect();
    let children: BTreeSet<&String> = inside.iter().map(|s| &s.module[folder.len()]).collect();
    let mut edges = BTreeMap::new();
    for s in &inside {
        let from = &s.module[folder.len()];
        for (path, line) in s.references() {
            if path.len() <= folder.len() || !path.starts_with(folder) {
                continue;
            }
            let to = &path[folder.len()];
            if to != from && children.contains(to) {
                let (key, at) = ((from.clone(), to.clone()), format!("{}:{line}", s.rel));
                edges.entry(key).or_insert(at);
            }
        }
    }
    edges
}

/// The shortest cycle through each node that has one, each rotated to start at its least node.
fn cycles(edges: &BTreeMap<(String, String), String>) -> BTreeSet<Vec<String>> {
    let mut next: BTreeMap<&String, Vec<&String>> = BTreeMap::new();
    for (from, to) in edges.keys() {
        next.entry(from).or_default().push(to);
    }
    let mut found = BTreeSet::new();
    for &start in next.keys() {
        let mut prev: BTreeMap<&String, &String> = BTreeMap::new();
        let mut queue = VecDeque::from([start]);
        'search: while let Some(at) = queue.pop_front() {
            for &to in next.get(at).into_iter().flatten() {
                if to == start {
                    let mut cycle = vec![at.clone()];
                    let mut x = at;
                    while x != start {
                        x = prev[x];
                        cycle.push(x.clone());
                    }
                    cycle.reverse();
                    let least = (0..cycle.len()).min_by_key(|&k| &cycle[k]).unwrap_or(0);
                    cycle.rotate_left(least);
                    found.insert(cycle);
                    break 'search;
                }
                if to != start && !prev.contains_key(to) {
                    prev.insert(to, at);
                    queue.push_back(to);
                }
            }
        }
    }
    found
}

/// The cycles among the children of `folder`, each as `a → b (where), b → a (where)`.
fn cycle_report(sources: &[Source], folder: &[String]) -> Vec<String> {
    let edges = edges(sources, folder);
    let name = |n: &String| [folder, std::slice::from_ref(n)].concat().join("::");
    cycles(&edges)
        .into_iter()
        .map(|cycle| {
            let steps: Vec<String> = (0..cycle.len())
                .map(|k| {
                    let (a, b) = (&cycle[k], &cycle[(k + 1) % cycle.len()]);
                    let at = &edges[&(a.clone(), b.clone())];
                    format!("{} → {} ({at})", name(a), name(b))
                })
                .collect();
            steps.join(", ")
        })
        .collect()
}

/// Whether `word` occurs in `text` (ASCII case ignored) not inside a longer identifier; the
/// line offsets of each occurrence.
fn word_lines(text: &str, word: &str) -> Vec<usize> {
    let lower = text.to_ascii_lowercase();
    let whole = |at: usize| {
        let before = lower[..at].chars().next_back();
        let after = lower[at + word.len()..].chars().next();
        !before.is_some_and(is_ident_char) && !after.is_some_and(is_ident_char)
    };
    lower
        .match_indices(word)
        .filter(|&(at, _)| whole(at))
        .map(|(at, _)| lower[..at].matches('\n').count())
        .collect()
}

fn fail_with(what: &str, offenders: &[String]) {
    let n = offenders.len();
    assert!(n == 0, "{what} ({n}):\n  {}", offenders.join("\n  "));
}

#[test]
fn no_file_has_over_700_lines_of_code() {
    let mut over: Vec<(usize, &str)> = tree()
        .iter()
        .map(|s| (s.code_lines().len(), s.rel.as_str()))
        .filter(|&(n, _)| n > MAX_FILE_LINES)
        .collect();
    over.sort_by(|a, b| b.cmp(a));
    let offenders: Vec<String> = over.iter().map(|(n, rel)| format!("{rel}: {n}")).collect();
    let what = format!("files over {MAX_FILE_LINES} lines of code");
    fail_with(&what, &offenders);
}

#[test]
fn no_function_has_over_150_lines_of_code() {
    let mut over = Vec::new();
    for s in tree() {
        let lines = s.code_lines();
        for (name, first, last) in s.functions() {
            let n = lines.range(first..=last).count();
            if n > MAX_FN_LINES {
                over.push((n, format!("{}:{first} {name}", s.rel)));
            }
        }
    }
    over.sort_by(|a, b| b.cmp(a));
    let offenders: Vec<String> = over.iter().map(|(n, at)| format!("{at}: {n}")).collect();
    let what = format!("functions over {MAX_FN_LINES} lines of code");
    fail_with(&what, &offenders);
}

#[test]
fn top_level_modules_import_no_cycle() {
    let found = edges(tree(), &[]);
    assert!(
        found.len() > 10,
        "too few imports between modules: {found:?}"
    );
    fail_with("top-level module cycles", &cycle_report(tree(), &[]));
}

#[test]
fn files_of_a_folder_import_no_cycle() {
    let folders: BTreeSet<&[String]> = tree()
        .iter()
        .flat_map(|s| (1..s.module.len()).map(move |k| &s.module[..k]))
        .collect();
    assert!(folders.len() > 5, "too few folders: {folders:?}");
    let found: usize = folders.iter().map(|f| edges(tree(), f).len()).sum();
    assert!(
        found > 10,
        "too few imports between files of a folder: {found}"
    );
    let offenders: Vec<String> = folders
        .into_iter()
        .flat_map(|f| cycle_report(tree(), f))
        .collect();
    fail_with("file cycles inside a folder", &offenders);
}

#[test]
fn sled_is_named_only_under_store() {
    let mut offenders = Vec::new();
    for s in tree().iter().filter(|s| !s.rel.starts_with(STORE_DIR)) {
        for t in s.code.iter().chain(&s.comments) {
            // `sled:DIR` is how `feedpush store copy` names an embedded store on its command
            // line (the user's word for it, not the crate).
            let text = t.text.replace("sled:DIR", "embedded store");
            for k in word_lines(&text, "sled") {
                offenders.push(format!("{}:{}", s.rel, t.line + k));
            }
        }
    }
    offenders.sort();
    offenders.dedup();
    fail_with(&format!("`sled` named outside {STORE_DIR}"), &offenders);
}

#[test]
fn xmpp_imports_nothing_of_store() {
    let xmpp: Vec<&Source> = tree()
        .iter()
        .filter(|s| s.module.first().is_some_and(|m| m == "xmpp"))
        .collect();
    assert!(xmpp.len() > 5, "src/xmpp/ not found");
    let offenders: Vec<String> = xmpp
        .iter()
        .flat_map(|s| s.references().into_iter().map(move |r| (s, r)))
        .filter(|(_, (path, _))| path.first().is_some_and(|m| m == "store"))
        .map(|(s, (path, line))| format!("{}:{line} crate::{}", s.rel, path.join("::")))
        .collect();
    fail_with("`crate::store` used under src/xmpp/", &offenders);
}

#[test]
fn tokenizer_keeps_braces_in_literals_and_comments_out() {
    let src = r####"fn f<'a>(x: &'a str) -> char { // }
        let s = "{ \" }"; let r = r#"}" {"#; let b = br##"x"# }"##; let c = '{';
        let q = '\''; let e = '\\'; let y = b'}'; let z = b"}\\"; /* } /* { */ } */
        'outer: loop { break 'outer; } let n = 1.0e3_f64; let id = r#match; '}'
    }"####;
    let t = tokenize(src);
    let count = |k: Kind, p: &str| t.iter().filter(|x| x.kind == k && x.text == p).count();
    let braces = [count(Kind::Punct, "{"), count(Kind::Punct, "}")];
    assert_eq!(braces, [2, 2], "{t:#?}");
    let lifetimes = [count(Kind::Lifetime, "'a"), count(Kind::Lifetime, "'outer")];
    assert_eq!(lifetimes, [2, 2], "{t:#?}");
    assert_eq!(count(Kind::Ident, "match"), 1, "a raw identifier");
    let kinds = |k: Kind| t.iter().filter(|x| x.kind == k).count();
    assert_eq!([kinds(Kind::Comment), kinds(Kind::Lifetime)], [2, 4]);
    assert_eq!(t.last().map(|x| (x.text.as_str(), x.line)), Some(("}", 5)));
}

#[test]
fn tokenizer_counts_lines_of_code_not_blank_or_comment_lines() {
    let src = "//! doc\n\nfn f() {\n  // note\n  let s = \"one\ntwo\";\n  /* a\n b */ g();\n}\n\n";
    let s = Source::parse("src/x.rs", src);
    assert_eq!(s.code_lines(), BTreeSet::from([3, 5, 6, 8, 9]));
}

#[test]
fn functions_run_from_fn_to_their_closing_brace() {
    let src = "trait T {\n    fn decl(&self);\n}\nfn outer(f: fn(u8) -> u8) {\n    fn inner() { let _ = \"}\"; }\n\n}\nimpl X { pub(crate) async fn m<G: Fn() -> u8>(&self) -> [u8; 2]\n    where G: Copy\n    {\n    }\n}";
    let found = Source::parse("src/x.rs", src).functions();
    let want = [("outer", 4, 7), ("inner", 5, 5), ("m", 8, 11)];
    assert_eq!(found, want.map(|(f, a, b)| (f.to_string(), a, b)));
}

#[test]
fn test_modules_are_left_out() {
    let src = "fn kept() {}\n#[cfg(test)]\nmod tests {\n    fn big() {\n    }\n}\n#[cfg(test)]\n#[path = \"x\"]\nmod other;\n#[cfg(test)]\nfn helper() { crate::store::x(); }\nuse crate::net;\n";
    let s = Source::parse("src/a/mod.rs", src);
    assert_eq!(s.code_lines(), BTreeSet::from([1, 12]));
    assert_eq!(s.functions(), [("kept".to_string(), 1, 1)]);
    assert_eq!(s.test_mods, ["other"]);
    assert_eq!(s.references(), [(vec!["net".to_string()], 12)]);
    let files = vec![
        s,
        Source::parse("src/a/other.rs", "fn t() {}"),
        Source::parse("src/a/b.rs", ""),
    ];
    let left: Vec<String> = drop_test_files(files).into_iter().map(|s| s.rel).collect();
    assert_eq!(left, ["src/a/mod.rs", "src/a/b.rs"]);
}

#[test]
fn paths_resolve_through_crate_super_self_and_groups() {
    let src = "use super::chunks::Chunk;\nuse crate::{model::{Feed, Item}, net as n, text::*};\nfn f() { super::super::xmpp::go(); self::g(); }\nmod inner { use super::codec; }\nconst S: &str = \"crate::fake\"; // crate::fake2\nuse x::crate_::y;";
    let refs = Source::parse("src/store/items.rs", src).references();
    let got: Vec<(String, usize)> = refs.into_iter().map(|(p, l)| (p.join("::"), l)).collect();
    let want = [
        ("store::chunks::Chunk", 1),
        ("model::Feed", 2),
        ("model::Item", 2),
        ("net", 2),
        ("text", 2),
        ("xmpp::go", 3),
        ("store::items::g", 3),
        ("store::items::codec", 4),
    ];
    assert_eq!(got, want.map(|(p, l)| (p.to_string(), l)));
}

#[test]
fn cycles_are_reported_with_their_path() {
    let files = [
        ("src/lib.rs", "pub mod a; use crate::b::X;"),
        ("src/a.rs", "use crate::b::X;"),
        ("src/b/mod.rs", "mod c; mod d; use crate::a::Y;"),
        ("src/b/c.rs", "use super::d::Z;\nuse super::mod_level;"),
        ("src/b/d.rs", "fn f() {}\nfn g() { crate::b::c::z(); }"),
        ("src/e.rs", "use crate::a::Y;"),
    ];
    let sources: Vec<Source> = files
        .iter()
        .map(|(rel, text)| Source::parse(rel, text))
        .collect();
    assert_eq!(
        cycle_report(&sources, &[]),
        ["a → b (src/a.rs:1), b → a (src/b/mod.rs:1)"]
    );
    let folder = ["b".to_string()];
    assert_eq!(
        cycle_report(&sources, &folder),
        ["b::c → b::d (src/b/c.rs:1), b::d → b::c (src/b/d.rs:2)"]
    );
    let acyclic: Vec<Source> = sources
        .into_iter()
        .filter(|s| s.rel != "src/b/d.rs")
        .collect();
    assert!(cycle_report(&acyclic, &folder).is_empty());
}

#[test]
fn sled_is_matched_as_a_word() {
    assert_eq!(word_lines("use sled::Db;", "sled"), [0]);
    assert_eq!(word_lines("a\n// Sled pages\nsled", "sled"), [1, 2]);
    assert!(word_lines("sledge unsled my_sled sled2", "sled").is_empty());
}
