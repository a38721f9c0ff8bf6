//! The text a reader sees in rendered HTML.
//!
//! Counts are taken from what the page shows, not from the Markdown source: the content of
//! elements a page never shows (a `<script>` inside an `<svg>`, styles) is not counted. The
//! input is pulldown-cmark's output, raw HTML included and not sanitized (counts run on every
//! autosave, and the sanitizer's tree-building parse is super-linear on hostile HTML), so the
//! tokenizer itself skips what the sanitizer would drop with its content. html5ever's
//! tokenizer is linear and decodes entity references.

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{
    BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use std::cell::RefCell;

/// Elements that start a new line in the page, so the words on either side stay apart.
const LINE_BREAKING: &[&str] = &[
    "p",
    "br",
    "div",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "pre",
    "table",
    "tr",
    "td",
    "th",
    "hr",
    "figure",
    "figcaption",
    "dt",
    "dd",
    "section",
];

/// Elements whose content is never shown: the sanitizer drops `script` and `style` with
/// their content, and a `template` is never rendered. The input is not sanitized, so this
/// list is what keeps their text out of the counts.
const HIDDEN: &[&str] = &["script", "style", "template"];

#[derive(Default)]
struct TextSink {
    text: RefCell<String>,
    hidden_depth: RefCell<usize>,
}

impl TokenSink for TextSink {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        match token {
            Token::TagToken(tag) => {
                let name: &str = &tag.name;
                if HIDDEN.contains(&name) {
                    let mut depth = self.hidden_depth.borrow_mut();
                    match tag.kind {
                        TagKind::StartTag if !tag.self_closing => *depth += 1,
                        TagKind::EndTag => *depth = depth.saturating_sub(1),
                        TagKind::StartTag => {}
                    }
                } else if LINE_BREAKING.contains(&name) {
                    self.text.borrow_mut().push('\n');
                }
            }
            Token::CharacterTokens(chars) if *self.hidden_depth.borrow() == 0 => {
                self.text.borrow_mut().push_str(&chars);
            }
            _ => {}
        }
        TokenSinkResult::Continue
    }
}

/// The visible text of `html`, with a new line wherever the page breaks one.
pub fn rendered_text(html: &str) -> String {
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(html));
    let tokenizer = Tokenizer::new(TextSink::default(), TokenizerOpts::default());
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    tokenizer.sink.text.take()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_of_html() {
        assert_eq!(
            rendered_text("<p>a &amp; b</p><p>c<br>d</p>"),
            "\na & b\n\nc\nd\n"
        );
        assert_eq!(rendered_text("<script>x</script>y"), "y");
    }
}
