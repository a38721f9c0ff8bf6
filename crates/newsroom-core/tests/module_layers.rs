//! The core's top-level modules form layers: a module may use the modules of its own layer
//! and below and never one above, and no modules use each other round a circle. The layers
//! are listed in the crate docs (`src/lib.rs`, "Layers"); this test holds the code to them.
//!
//! It reads every `src/**/*.rs`, tokenizes it (so comments, doc comments and string
//! literals never count), and collects each `crate::X` reference, `use crate::{X, Y}` groups
//! and `super::` paths that climb to the crate root included, per top-level module. A name
//! the crate root re-exports (`crate::Store`) counts as the module it comes from. Items under
//! `#[cfg(test)]` are left out: a unit test may drive its module through the whole store
//! (outbox's tests create articles to queue), which is not a dependency of the code that
//! ships. Method calls on `Store` are not paths and are not seen.

use proc_macro2::{Delimiter, TokenStream, TokenTree};
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// `from → to → files where the reference is`.
type Graph = BTreeMap<String, BTreeMap<String, BTreeSet<String>>>;

#[test]
fn the_core_modules_have_no_import_cycle() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let graph = module_graph(&src);
    assert!(
        graph.len() > 10,
        "the scan found the core's modules: {:?}",
        graph.keys().collect::<Vec<_>>()
    );
    if let Some(cycle) = find_cycle(&graph) {
        let mut report = String::from("the core's modules import each other in a circle:\n");
        for pair in cycle.windows(2) {
            report += &format!(
                "  {} → {}   (in {})\n",
                pair[0],
                pair[1],
                files(&graph, &pair[0], &pair[1])
            );
        }
        for knot in knots(&graph) {
            report += &format!("modules that reach each other: {}\n", knot.join(", "));
        }
        report += "a lower module must not import an upper one: see the layers in src/lib.rs";
        panic!("{report}");
    }
    // The layers the graph itself implies, lowest first, for whoever reads the output
    // (`--nocapture`) before placing a new module.
    for (depth, layer) in layers(&graph).iter().enumerate() {
        println!("depth {depth}: {}", layer.join(", "));
    }
}

#[test]
fn every_module_is_in_a_documented_layer_and_uses_none_above_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let graph = module_graph(&src);
    let declared = declared_layers(&fs::read_to_string(src.join("lib.rs")).unwrap());
    assert!(
        declared.len() >= 3,
        "src/lib.rs lists the layers: {declared:?}"
    );
    let problems = violations(&graph, &declared);
    assert!(
        problems.is_empty(),
        "the modules do not keep to the layers of src/lib.rs:\n  {}",
        problems.join("\n  ")
    );
}

/// The layers listed in the crate docs, highest first: `(name, modules)`. An item is a line
/// `//! N. **Name** — `a`, `b`: what they do`, possibly continued on indented lines; its
/// modules are the backquoted names before the first colon.
fn declared_layers(lib: &str) -> Vec<(String, Vec<String>)> {
    let mut items: Vec<String> = Vec::new();
    for line in lib.lines() {
        let Some(text) = line.strip_prefix("//!") else {
            continue;
        };
        let item = text.trim_start();
        let numbered = item
            .split_once(". **")
            .is_some_and(|(n, _)| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()));
        if numbered {
            items.push(item.to_string());
        } else if text.starts_with("    ") && !items.is_empty() {
            items.last_mut().unwrap().push_str(text);
        } else if !items.is_empty() && item.is_empty() {
            // A blank line ends the list's last item; later prose is not part of it.
            items.push(String::new());
        }
    }
    items
        .into_iter()
        .filter_map(|item| {
            let (_, rest) = item.split_once(". **")?;
            let (name, rest) = rest.split_once("**")?;
            let before_colon = rest.split(':').next().unwrap_or("");
            let modules = before_colon
                .split('`')
                .skip(1)
                .step_by(2)
                .map(str::to_string)
                .collect();
            Some((name.to_string(), modules))
        })
        .collect()
}

/// What breaks the declared layers: a module in no layer or in two, a listed module that does
/// not exist, and a use of an upper layer.
fn violations(graph: &Graph, declared: &[(String, Vec<String>)]) -> Vec<String> {
    let mut problems = Vec::new();
    let mut rank: BTreeMap<&str, (usize, &str)> = BTreeMap::new();
    for (index, (name, modules)) in declared.iter().enumerate() {
        // Listed highest first; rank 0 is the lowest layer.
        let height = declared.len() - 1 - index;
        for module in modules {
            if rank.insert(module, (height, name)).is_some() {
                problems.push(format!("`{module}` is listed in two layers"));
            }
            if !graph.contains_key(module) {
                problems.push(format!(
                    "`{module}` is listed but is no module of the crate"
                ));
            }
        }
    }
    for (from, tos) in graph {
        let Some(&(from_rank, from_layer)) = rank.get(from.as_str()) else {
            problems.push(format!(
                "`{from}` is in no layer: add it to the list in src/lib.rs"
            ));
            continue;
        };
        for to in tos.keys() {
            let Some(&(to_rank, to_layer)) = rank.get(to.as_str()) else {
                problems.push(format!(
                    "`{from}` uses `crate::{to}`, which is no listed module"
                ));
                continue;
            };
            if to_rank > from_rank {
                problems.push(format!(
                    "`{from}` ({from_layer}) uses `{to}` ({to_layer}), a layer above it, in {}",
                    files(graph, from, to)
                ));
            }
        }
    }
    problems
}

fn files(graph: &Graph, from: &str, to: &str) -> String {
    graph[from][to]
        .iter()
        .cloned()
        .collect::<Vec<_>>()
        .join(", ")
}

/// The checker itself: a circle planted in a small tree of files is found and named.
#[test]
fn the_checker_finds_a_planted_cycle_and_ignores_comments_strings_and_tests() {
    let dir = tempfile::tempdir().unwrap();
    let write = |path: &str, text: &str| {
        let path = dir.path().join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    };
    write(
        "lib.rs",
        "pub mod a; pub mod b; pub mod c; pub mod d;\npub use c::{Thing, Other as Renamed};",
    );
    write(
        "a.rs",
        "// use crate::d;\n/// [`crate::d::x`]\nuse crate::{b::f, store_nothing_here as _};\nconst S: &str = \"crate::d\";",
    );
    write("b/mod.rs", "pub mod inner;");
    write("b/inner.rs", "fn g() { super::super::Renamed::new(); }");
    write(
        "c.rs",
        "pub struct Thing;\n#[cfg(test)]\nmod tests { use crate::d; }\nfn h<'a>(x: &'a str) -> char { let _ = crate::a::f; 'x' }",
    );
    write("d.rs", "use crate::Thing;");
    let graph = module_graph(dir.path());
    let edges: Vec<(String, String)> = graph
        .iter()
        .flat_map(|(from, tos)| tos.keys().map(move |to| (from.clone(), to.clone())))
        .collect();
    let edge = |a: &str, b: &str| (a.to_string(), b.to_string());
    assert_eq!(
        edges,
        [
            edge("a", "b"),
            edge("a", "store_nothing_here"),
            edge("b", "c"),
            edge("c", "a"),
            edge("d", "c")
        ],
        "comments, strings and #[cfg(test)] items do not count; re-exports and super::super do"
    );
    let cycle = find_cycle(&graph).expect("a → b → c → a is a cycle");
    assert_eq!(
        cycle.first(),
        cycle.last(),
        "the cycle is closed: {cycle:?}"
    );
    assert_eq!(cycle.len(), 4, "three modules in the circle: {cycle:?}");
    assert_eq!(knots(&graph), [["a", "b", "c"]]);
    write("c.rs", "pub struct Thing;");
    let graph = module_graph(dir.path());
    assert_eq!(find_cycle(&graph), None);
    assert_eq!(
        layers(&graph)[0],
        ["c", "store_nothing_here"],
        "the lowest layer uses nothing"
    );

    let docs = "//! Layers, highest first:\n//!\n//! 1. **Top** — `a`, `d`: operations\n//!    over `b` (not listed: after the colon).\n//! 2. **Middle** — `b`\n//!    `c`: rows.\n//!\n//! Not a layer: `store_nothing_here`.\n";
    let declared = declared_layers(docs);
    assert_eq!(
        declared,
        [
            ("Top".to_string(), vec!["a".to_string(), "d".to_string()]),
            ("Middle".to_string(), vec!["b".to_string(), "c".to_string()])
        ]
    );
    assert_eq!(
        violations(&graph, &declared),
        ["`a` uses `crate::store_nothing_here`, which is no listed module"]
    );
    write("c.rs", "pub struct Thing; fn up() { crate::a::f(); }");
    write("a.rs", "");
    let graph = module_graph(dir.path());
    assert_eq!(
        violations(&graph, &declared),
        ["`c` (Middle) uses `a` (Top), a layer above it, in c.rs"]
    );
}

/// Reads the crate under `src` (its `lib.rs` and every module file) into the module graph.
fn module_graph(src: &Path) -> Graph {
    let lib = tokens(&src.join("lib.rs"));
    let reexports = root_reexports(&lib);
    let mut graph = Graph::new();
    for file in rust_files(src) {
        let relative = file.strip_prefix(src).unwrap();
        if relative == Path::new("lib.rs") {
            continue;
        }
        let components: Vec<String> = relative
            .iter()
            .map(|c| c.to_string_lossy().into_owned())
            .collect();
        let module = components[0].trim_end_matches(".rs").to_string();
        // How deep the file's own module is: `a.rs` and `a/mod.rs` are 1, `a/b.rs` is 2.
        let depth = if components.last().map(String::as_str) == Some("mod.rs") {
            components.len() - 1
        } else {
            components.len()
        };
        let mut names = Vec::new();
        collect(tokens(&file), depth, &mut names);
        let entry = graph.entry(module.clone()).or_default();
        for name in names {
            let target = reexports.get(&name).cloned().unwrap_or(name);
            if target != module {
                entry
                    .entry(target)
                    .or_default()
                    .insert(relative.display().to_string());
            }
        }
    }
    graph
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files.sort();
    files
}

fn tokens(file: &Path) -> Vec<TokenTree> {
    let text = fs::read_to_string(file).unwrap();
    TokenStream::from_str(&text)
        .unwrap_or_else(|e| panic!("{} does not tokenize: {e}", file.display()))
        .into_iter()
        .collect()
}

fn is_ident(tree: Option<&TokenTree>, name: &str) -> bool {
    matches!(tree, Some(TokenTree::Ident(i)) if i == name)
}

fn is_punct(tree: Option<&TokenTree>, ch: char) -> bool {
    matches!(tree, Some(TokenTree::Punct(p)) if p.as_char() == ch)
}

/// `::` at `trees[i]`.
fn is_path_sep(trees: &[TokenTree], i: usize) -> bool {
    is_punct(trees.get(i), ':') && is_punct(trees.get(i + 1), ':')
}

/// The first name of each path in a `{a::b, c as d, e}` group.
fn group_heads(group: &TokenStream) -> Vec<String> {
    let trees: Vec<TokenTree> = group.clone().into_iter().collect();
    trees
        .split(|t| is_punct(Some(t), ','))
        .filter_map(|segment| match segment.first() {
            Some(TokenTree::Ident(i)) => Some(i.to_string()),
            _ => None,
        })
        .collect()
}

/// The top-level module names `trees` refers to through the crate root. `depth` is how many
/// `super::` lead from here to the root.
fn collect(trees: Vec<TokenTree>, depth: usize, names: &mut Vec<String>) {
    let mut i = 0;
    while i < trees.len() {
        // `#[cfg(test)]`: skip the item it guards, up to its body or its `;`.
        if is_punct(trees.get(i), '#') {
            if let Some(TokenTree::Group(g)) = trees.get(i + 1) {
                let attribute: String = g.stream().to_string().split_whitespace().collect();
                if g.delimiter() == Delimiter::Bracket && attribute == "cfg(test)" {
                    i += 2;
                    while i < trees.len() {
                        let end = is_punct(trees.get(i), ';')
                            || matches!(&trees[i], TokenTree::Group(g) if g.delimiter() == Delimiter::Brace);
                        i += 1;
                        if end {
                            break;
                        }
                    }
                    continue;
                }
            }
        }
        // An inline `mod name { … }` is one level deeper.
        if is_ident(trees.get(i), "mod") {
            if let Some(TokenTree::Group(g)) = trees.get(i + 2) {
                if g.delimiter() == Delimiter::Brace {
                    collect(g.stream().into_iter().collect(), depth + 1, names);
                    i += 3;
                    continue;
                }
            }
        }
        // `crate::…`, or enough `super::` to reach the root.
        let mut at_root = None;
        if is_ident(trees.get(i), "crate") && is_path_sep(&trees, i + 1) {
            at_root = Some(i + 3);
        } else if is_ident(trees.get(i), "super")
            && (i == 0 || !is_path_sep(&trees, i.saturating_sub(2)))
        {
            let mut j = i;
            let mut climbed = 0;
            while is_ident(trees.get(j), "super") && is_path_sep(&trees, j + 1) {
                climbed += 1;
                j += 3;
            }
            if climbed >= depth {
                at_root = Some(j);
            }
        }
        if let Some(next) = at_root {
            match trees.get(next) {
                Some(TokenTree::Ident(name)) => names.push(name.to_string()),
                Some(TokenTree::Group(g)) if g.delimiter() == Delimiter::Brace => {
                    names.extend(group_heads(&g.stream()))
                }
                _ => {}
            }
            i = next + 1;
            continue;
        }
        if let TokenTree::Group(g) = &trees[i] {
            collect(g.stream().into_iter().collect(), depth, names);
        }
        i += 1;
    }
}

/// What `lib.rs` re-exports at the root (`pub use article::{Article, …}`): name → module.
fn root_reexports(lib: &[TokenTree]) -> BTreeMap<String, String> {
    let mut map = BTreeMap::new();
    let mut i = 0;
    while i < lib.len() {
        if is_ident(lib.get(i), "use") {
            let module = match lib.get(i + 1) {
                Some(TokenTree::Ident(m)) => m.to_string(),
                _ => {
                    i += 1;
                    continue;
                }
            };
            // The item's last name (after `as`, if renamed), or each one of a group.
            let mut j = i + 2;
            let mut last = None;
            while j < lib.len() && !is_punct(lib.get(j), ';') {
                match &lib[j] {
                    TokenTree::Ident(name) => last = Some(name.to_string()),
                    TokenTree::Group(g) => {
                        for segment in g
                            .stream()
                            .into_iter()
                            .collect::<Vec<_>>()
                            .split(|t| is_punct(Some(t), ','))
                        {
                            if let Some(TokenTree::Ident(name)) = segment.last() {
                                map.insert(name.to_string(), module.clone());
                            }
                        }
                    }
                    _ => {}
                }
                j += 1;
            }
            if let Some(name) = last {
                map.insert(name, module);
            }
            i = j;
        }
        i += 1;
    }
    map
}

/// A cycle as `[a, b, …, a]`, or `None`: depth-first search, reporting the first back edge.
fn find_cycle(graph: &Graph) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &Graph,
        done: &mut BTreeSet<String>,
        path: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        if let Some(start) = path.iter().position(|n| n == node) {
            let mut cycle = path[start..].to_vec();
            cycle.push(node.to_string());
            return Some(cycle);
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_string());
        for next in graph.get(node).into_iter().flat_map(|tos| tos.keys()) {
            if let Some(cycle) = visit(next, graph, done, path) {
                return Some(cycle);
            }
        }
        path.pop();
        done.insert(node.to_string());
        None
    }
    let mut done = BTreeSet::new();
    graph
        .keys()
        .find_map(|node| visit(node, graph, &mut done, &mut Vec::new()))
}

/// Every group of two or more modules that reach each other (a strongly connected set):
/// what has to be untangled, not only the first circle found.
fn knots(graph: &Graph) -> Vec<Vec<String>> {
    let reach = |from: &String| {
        let mut seen = BTreeSet::new();
        let mut todo = vec![from.clone()];
        while let Some(node) = todo.pop() {
            for next in graph.get(&node).into_iter().flat_map(|t| t.keys()) {
                if seen.insert(next.clone()) {
                    todo.push(next.clone());
                }
            }
        }
        seen
    };
    let reaches: BTreeMap<&String, BTreeSet<String>> =
        graph.keys().map(|n| (n, reach(n))).collect();
    let mut placed = BTreeSet::new();
    let mut knots = Vec::new();
    for (node, from_node) in &reaches {
        if placed.contains(*node) || !from_node.contains(*node) {
            continue;
        }
        let knot: Vec<String> = reaches
            .iter()
            .filter(|(other, r)| from_node.contains(**other) && r.contains(*node))
            .map(|(other, _)| (*other).clone())
            .collect();
        placed.extend(knot.iter().cloned());
        knots.push(knot);
    }
    knots
}

/// The modules by layer: layer 0 uses nothing, each layer only the layers below it.
/// Call only on a graph without a cycle.
fn layers(graph: &Graph) -> Vec<Vec<String>> {
    let mut nodes: BTreeSet<String> = graph.keys().cloned().collect();
    nodes.extend(graph.values().flat_map(|tos| tos.keys().cloned()));
    let mut depth: BTreeMap<String, usize> = BTreeMap::new();
    while depth.len() < nodes.len() {
        let placed = depth.len();
        for node in &nodes {
            if depth.contains_key(node) {
                continue;
            }
            let uses: Vec<&String> = graph.get(node).into_iter().flat_map(|t| t.keys()).collect();
            if uses.iter().all(|u| depth.contains_key(*u)) {
                let d = uses.iter().map(|u| depth[*u] + 1).max().unwrap_or(0);
                depth.insert(node.clone(), d);
            }
        }
        assert!(
            depth.len() > placed,
            "layers() needs a graph without a cycle"
        );
    }
    let mut layers = vec![Vec::new(); depth.values().max().map_or(0, |d| d + 1)];
    for (node, d) in depth {
        layers[d].push(node);
    }
    layers
}
