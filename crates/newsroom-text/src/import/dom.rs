//! A tree of the HTML that ammonia has already cleaned.
//!
//! ammonia parses arbitrary HTML with html5ever and serializes a clean tree, but does not
//! hand the tree out on a stable API. Its output is regular (every element that is not void
//! is closed, no comments, scripts or styles), so html5ever's tokenizer — the same one,
//! already linked — reads it back: tags, attributes and entities are decoded there, and this
//! module only stacks the tokens into a tree (with a depth limit).

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{
    BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use std::cell::RefCell;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Node {
    Element {
        name: String,
        attrs: Vec<(String, String)>,
        children: Vec<Node>,
    },
    Text(String),
}

impl Node {
    pub fn tag(&self) -> Option<&str> {
        match self {
            Node::Element { name, .. } => Some(name),
            Node::Text(_) => None,
        }
    }

    pub fn attr(&self, key: &str) -> Option<&str> {
        match self {
            Node::Element { attrs, .. } => attrs
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.as_str()),
            Node::Text(_) => None,
        }
    }

    pub fn children(&self) -> &[Node] {
        match self {
            Node::Element { children, .. } => children,
            Node::Text(_) => &[],
        }
    }
}

const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

/// Deeper nesting than this is flattened; real pages stay far below it.
const MAX_DEPTH: usize = 200;

/// One token of the serialized clean HTML, as the tree builder below needs it.
enum Piece {
    Start(String, Vec<(String, String)>),
    End(String),
    Text(String),
}

#[derive(Default)]
struct Pieces(RefCell<Vec<Piece>>);

impl TokenSink for Pieces {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let piece = match token {
            Token::TagToken(tag) => {
                let name = tag.name.to_string();
                match tag.kind {
                    TagKind::StartTag => Piece::Start(
                        name,
                        tag.attrs
                            .iter()
                            .map(|a| (a.name.local.to_string(), a.value.to_string()))
                            .collect(),
                    ),
                    TagKind::EndTag => Piece::End(name),
                }
            }
            Token::CharacterTokens(text) => Piece::Text(text.to_string()),
            Token::NullCharacterToken => Piece::Text("\u{fffd}".into()),
            _ => return TokenSinkResult::Continue,
        };
        let mut pieces = self.0.borrow_mut();
        // Character tokens come in runs; one text node per run.
        if let (Piece::Text(more), Some(Piece::Text(last))) = (&piece, pieces.last_mut()) {
            last.push_str(more);
        } else {
            pieces.push(piece);
        }
        TokenSinkResult::Continue
    }
}

fn tokens(html: &str) -> Vec<Piece> {
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(html));
    let tokenizer = Tokenizer::new(Pieces::default(), TokenizerOpts::default());
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    tokenizer.sink.0.take()
}

/// Parses serialized clean HTML into a root element named `#root`.
pub fn parse_clean_html(html: &str) -> Node {
    // Open elements; index 0 is the root.
    let mut stack: Vec<Open> = vec![("#root".into(), Vec::new(), Vec::new())];
    let mut flattened: Vec<String> = Vec::new();
    for piece in tokens(html) {
        match piece {
            Piece::Text(text) => push_text(&mut stack, text),
            Piece::End(name) => {
                if flattened.last() == Some(&name) {
                    flattened.pop();
                } else {
                    close(&mut stack, &name);
                }
            }
            Piece::Start(name, attrs) => {
                if VOID.contains(&name.as_str()) {
                    if let Some(parent) = stack.last_mut() {
                        parent.2.push(Node::Element {
                            name,
                            attrs,
                            children: Vec::new(),
                        });
                    }
                } else if stack.len() > MAX_DEPTH {
                    // Past MAX_DEPTH an element is dropped and its content joins the parent,
                    // so hostile nesting cannot exhaust the stack of the recursive converter.
                    flattened.push(name);
                } else {
                    stack.push((name, attrs, Vec::new()));
                }
            }
        }
    }
    while stack.len() > 1 {
        pop(&mut stack);
    }
    let (name, attrs, children) = stack.pop().unwrap_or_default();
    Node::Element {
        name,
        attrs,
        children,
    }
}

type Open = (String, Vec<(String, String)>, Vec<Node>);

fn push_text(stack: &mut [Open], text: String) {
    if text.is_empty() {
        return;
    }
    if let Some(top) = stack.last_mut() {
        top.2.push(Node::Text(text));
    }
}

fn pop(stack: &mut Vec<Open>) {
    if let Some((name, attrs, children)) = stack.pop() {
        if let Some(parent) = stack.last_mut() {
            parent.2.push(Node::Element {
                name,
                attrs,
                children,
            });
        }
    }
}

fn close(stack: &mut Vec<Open>, name: &str) {
    // Close up to the matching open element; a stray end tag closes nothing.
    if let Some(pos) = stack.iter().rposition(|(n, _, _)| n == name) {
        if pos == 0 {
            return;
        }
        while stack.len() > pos {
            pop(stack);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_ammonia_output() {
        let clean = ammonia::Builder::default().clean("<p class=x>А &amp; Б<br>«в»&nbsp;г <a href='https://a.kz/?a=1&b=\"2\"'>ссылка</a></p>").to_string();
        let root = parse_clean_html(&clean);
        let p = &root.children()[0];
        assert_eq!(p.tag(), Some("p"), "{clean}");
        assert_eq!(p.children()[0], Node::Text("А & Б".into()));
        assert_eq!(
            p.children()[1].tag(),
            Some("br"),
            "void elements have no end tag"
        );
        assert_eq!(p.children()[2], Node::Text("«в»\u{a0}г ".into()));
        assert_eq!(
            p.children()[3].attr("href"),
            Some("https://a.kz/?a=1&b=\"2\""),
            "{clean}"
        );
    }

    #[test]
    fn stray_tags_do_not_break_the_tree() {
        let root = parse_clean_html("<p>раз</b></p><p>два<p>");
        assert_eq!(root.children().len(), 2, "{root:?}");
    }
}
