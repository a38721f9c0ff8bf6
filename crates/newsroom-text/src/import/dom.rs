//! A tree of the HTML that ammonia has already cleaned.
//!
//! ammonia parses arbitrary HTML with html5ever and serializes a clean tree, but does not
//! hand the tree out on a stable API. Its output, though, is regular: every element that is
//! not void is closed, every attribute value is double-quoted with `&`, `"` and no-break
//! spaces escaped, text has `&`, `<`, `>` escaped, and there are no comments, scripts or
//! styles. This reader handles exactly that form, so the HTML converter walks a real tree
//! without a second HTML parser in the build.

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

/// Parses serialized clean HTML into a root element named `#root`.
pub fn parse_clean_html(html: &str) -> Node {
    // Open elements; index 0 is the root.
    let mut stack: Vec<Open> = vec![("#root".into(), Vec::new(), Vec::new())];
    let mut flattened: Vec<String> = Vec::new();
    let mut rest = html;
    while !rest.is_empty() {
        let Some(lt) = rest.find('<') else {
            push_text(&mut stack, rest);
            break;
        };
        push_text(&mut stack, &rest[..lt]);
        rest = &rest[lt..];
        let Some(gt) = tag_end(rest) else {
            // Not a tag after all (cannot happen in ammonia output): keep it as text.
            push_text(&mut stack, rest);
            break;
        };
        let tag = &rest[1..gt];
        rest = &rest[gt + 1..];
        if let Some(name) = tag.strip_prefix('/') {
            let name = name.trim().to_ascii_lowercase();
            if flattened.last() == Some(&name) {
                flattened.pop();
            } else {
                close(&mut stack, &name);
            }
            continue;
        }
        let (name, attrs) = parse_tag(tag.trim_end_matches('/'));
        if name.is_empty() {
            continue;
        }
        if VOID.contains(&name.as_str()) {
            if let Some(parent) = stack.last_mut() {
                parent.2.push(Node::Element {
                    name,
                    attrs,
                    children: Vec::new(),
                });
            }
        } else if stack.len() > MAX_DEPTH {
            // Past MAX_DEPTH an element is dropped and its content joins the parent, so
            // hostile nesting cannot exhaust the stack of the recursive converter.
            flattened.push(name);
        } else {
            stack.push((name, attrs, Vec::new()));
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

/// The index of the `>` that ends the tag at the start of `s`, skipping quoted values.
fn tag_end(s: &str) -> Option<usize> {
    let mut in_quote = false;
    for (i, ch) in s.char_indices().skip(1) {
        match ch {
            '"' => in_quote = !in_quote,
            '>' if !in_quote => return Some(i),
            _ => {}
        }
    }
    None
}

fn parse_tag(tag: &str) -> (String, Vec<(String, String)>) {
    let name_len = tag.find(|c: char| c.is_whitespace()).unwrap_or(tag.len());
    let name = tag[..name_len].to_ascii_lowercase();
    let mut attrs = Vec::new();
    let mut rest = tag[name_len..].trim_start();
    while !rest.is_empty() {
        let key_len = rest
            .find(|c: char| c == '=' || c.is_whitespace())
            .unwrap_or(rest.len());
        let key = rest[..key_len].to_ascii_lowercase();
        rest = rest[key_len..].trim_start();
        let mut value = String::new();
        if let Some(after_eq) = rest.strip_prefix('=') {
            let after_eq = after_eq.trim_start();
            if let Some(quoted) = after_eq.strip_prefix('"') {
                let end = quoted.find('"').unwrap_or(quoted.len());
                value = decode_entities(&quoted[..end]);
                rest = quoted.get(end + 1..).unwrap_or("").trim_start();
            } else {
                let end = after_eq.find(char::is_whitespace).unwrap_or(after_eq.len());
                value = decode_entities(&after_eq[..end]);
                rest = after_eq[end..].trim_start();
            }
        }
        if !key.is_empty() {
            attrs.push((key, value));
        }
    }
    (name, attrs)
}

type Open = (String, Vec<(String, String)>, Vec<Node>);

fn push_text(stack: &mut [Open], raw: &str) {
    if raw.is_empty() {
        return;
    }
    if let Some(top) = stack.last_mut() {
        top.2.push(Node::Text(decode_entities(raw)));
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

fn decode_entities(raw: &str) -> String {
    if !raw.contains('&') {
        return raw.to_string();
    }
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let Some(semi) = rest.as_bytes()[..rest.len().min(12)]
            .iter()
            .position(|&b| b == b';')
        else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let name = &rest[1..semi];
        let decoded = match name {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "nbsp" => Some('\u{a0}'),
            _ => name
                .strip_prefix("#x")
                .or_else(|| name.strip_prefix("#X"))
                .map(|hex| u32::from_str_radix(hex, 16))
                .or_else(|| name.strip_prefix('#').map(str::parse::<u32>))
                .and_then(Result::ok)
                .and_then(char::from_u32),
        };
        match decoded {
            Some(ch) => {
                out.push(ch);
                rest = &rest[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
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
