//! The HTML that ammonia has already cleaned, as html5ever's own tree.
//!
//! ammonia parses with html5ever but hands its tree out only behind an unstable build flag,
//! so its serialized output is parsed once more with the same parser, in the same context
//! (a `<div>`), into html5ever's reference DOM. The converter walks that tree directly.

use html5ever::tendril::TendrilSink;
use html5ever::{local_name, ns, parse_fragment, ParseOpts, QualName};
use markup5ever_rcdom::{Handle, NodeData, RcDom};
use std::rc::Rc;

/// Deeper nesting than this is flattened; real pages stay far below it.
const MAX_DEPTH: usize = 200;

/// Parses serialized clean HTML; the returned node holds the fragment's nodes as children.
/// Elements nested deeper than [`MAX_DEPTH`] are dropped and their content joins the
/// element at that depth, so hostile nesting cannot exhaust the stack of the recursive
/// converter.
pub fn parse_clean_html(html: &str) -> Handle {
    let dom = parse_fragment(
        RcDom::default(),
        ParseOpts::default(),
        QualName::new(None, ns!(html), local_name!("div")),
        Vec::new(),
        false,
    )
    .one(html);
    // A fragment parse puts its nodes under one <html> element. It is taken out of the
    // document, because dropping a node empties every node below it, even one still held
    // (the reference DOM drops deep trees without recursion that way). For the same reason
    // the caller keeps the returned root alive while it reads any node under it.
    let root = dom.document.children.borrow_mut().drain(..).next();
    let Some(root) = root else {
        return dom.document;
    };
    flatten_below(&root, MAX_DEPTH);
    root
}

/// The element's name, or `None` for text.
pub fn tag_name(node: &Handle) -> Option<&str> {
    match &node.data {
        NodeData::Element { name, .. } => Some(&name.local),
        _ => None,
    }
}

pub fn attr(node: &Handle, key: &str) -> Option<String> {
    match &node.data {
        NodeData::Element { attrs, .. } => attrs
            .borrow()
            .iter()
            .find(|a| &*a.name.local == key)
            .map(|a| a.value.to_string()),
        _ => None,
    }
}

/// The text of a text node.
pub fn text_of(node: &Handle) -> Option<String> {
    match &node.data {
        NodeData::Text { contents } => Some(contents.borrow().to_string()),
        _ => None,
    }
}

/// Every node at `depth` below `root` loses its element descendants: their text and void
/// elements (a `<br>`, an `<img>`) become its direct children, in document order.
fn flatten_below(root: &Handle, depth: usize) {
    let mut level = vec![Rc::clone(root)];
    for _ in 0..depth {
        level = level
            .iter()
            .flat_map(|n| n.children.borrow().clone())
            .collect();
        if level.is_empty() {
            return;
        }
    }
    for node in level {
        let leaves = leaves_of(&node);
        *node.children.borrow_mut() = leaves;
    }
}

/// The childless descendants of `node` in document order, found without recursion.
fn leaves_of(node: &Handle) -> Vec<Handle> {
    let mut out = Vec::new();
    let mut stack: Vec<Handle> = node.children.borrow().iter().rev().cloned().collect();
    while let Some(next) = stack.pop() {
        let children = next.children.borrow();
        if children.is_empty() {
            out.push(Rc::clone(&next));
        } else {
            stack.extend(children.iter().rev().cloned());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_ammonia_output() {
        let clean = ammonia::Builder::default().clean("<p class=x>А &amp; Б<br>«в»&nbsp;г <a href='https://a.kz/?a=1&b=\"2\"'>ссылка</a></p>").to_string();
        let root = parse_clean_html(&clean);
        let p = root.children.borrow()[0].clone();
        assert_eq!(tag_name(&p), Some("p"), "{clean}");
        let children = p.children.borrow();
        assert_eq!(text_of(&children[0]).as_deref(), Some("А & Б"));
        assert_eq!(tag_name(&children[1]), Some("br"));
        assert_eq!(text_of(&children[2]).as_deref(), Some("«в»\u{a0}г "));
        assert_eq!(
            attr(&children[3], "href").as_deref(),
            Some("https://a.kz/?a=1&b=\"2\""),
            "{clean}"
        );
    }

    #[test]
    fn deep_nesting_is_cut_at_the_limit() {
        let depth = MAX_DEPTH * 5;
        let html = format!(
            "{}текст<br>ещё{}",
            "<div>".repeat(depth),
            "</div>".repeat(depth)
        );
        let root = parse_clean_html(&html);
        // `root` stays alive: dropping it would empty the nodes below it.
        let mut node = Rc::clone(&root);
        let mut levels = 0;
        loop {
            let first = node.children.borrow().first().cloned();
            match first {
                Some(child) if !child.children.borrow().is_empty() => {
                    node = child;
                    levels += 1;
                }
                _ => break,
            }
        }
        assert!(levels <= MAX_DEPTH, "{levels} levels survived");
        let texts: Vec<String> = node.children.borrow().iter().filter_map(text_of).collect();
        assert_eq!(texts, ["текст", "ещё"], "the deep content is kept");
    }
}
