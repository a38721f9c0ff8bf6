//! Russian and Kazakh typography on demand: «ёлочки» with „лапки“ inside, em dashes with a
//! no-break space before them, no-break spaces after one- and two-letter words, between
//! numbers and units and in initials, and the ellipsis character.
//!
//! The pass works on the Markdown source, not on rendered HTML: pulldown-cmark's
//! `into_offset_iter()` tells which source bytes are visible text, and only those bytes are
//! rewritten. Code spans, code blocks, link targets, autolinks, raw HTML and bare URLs are
//! never changed. The result is a new string, so the editor can apply it as one undoable
//! transaction. Applying the pass twice gives the same text as applying it once.

mod rules;

use crate::markdown::parser_options;
use pulldown_cmark::{Event, LinkType, Parser, Tag, TagEnd};
use rules::{block_edits, Cell, OPAQUE};
use std::ops::Range;

pub use rules::NBSP;

/// Applies the typographic rules to a Markdown document and returns the new source.
pub fn apply_typography(markdown: &str) -> String {
    let mut collector = BlockCollector::new(markdown);
    let mut code_block_depth = 0usize;
    let mut autolink_depth = 0usize;
    for (event, range) in Parser::new_ext(markdown, parser_options()).into_offset_iter() {
        match event {
            Event::Text(text) => {
                if code_block_depth > 0 || autolink_depth > 0 {
                    collector.opaque(text.chars().count().max(1));
                } else {
                    collector.text(&text, range);
                }
            }
            Event::Code(_) | Event::InlineMath(_) | Event::FootnoteReference(_) => {
                collector.opaque(1)
            }
            // An inline tag (`<b>`, `<span …>`) is invisible: the words around it are
            // neighbours, and its attributes are never text.
            Event::InlineHtml(_) => {}
            Event::SoftBreak | Event::HardBreak => collector.read_only('\n'),
            Event::Start(Tag::CodeBlock(_)) => {
                collector.flush();
                code_block_depth += 1;
            }
            Event::End(TagEnd::CodeBlock) => {
                collector.flush();
                code_block_depth = code_block_depth.saturating_sub(1);
            }
            Event::Start(Tag::Link { link_type, .. }) => {
                if matches!(link_type, LinkType::Autolink | LinkType::Email) {
                    autolink_depth += 1;
                }
            }
            Event::End(TagEnd::Link) => {
                // Autolinks do not nest, so leaving one always ends the read-only span.
                autolink_depth = autolink_depth.saturating_sub(1);
            }
            Event::Start(tag) if is_inline(&tag) => {}
            Event::End(tag) if is_inline_end(&tag) => {}
            // Any other start or end is a block boundary: quotes never pair across it.
            _ => collector.flush(),
        }
    }
    collector.flush();
    collector.finish()
}

/// Applies the rules to a single line of plain text (a headline, a dek), where nothing is
/// Markdown.
pub fn apply_typography_plain(text: &str) -> String {
    let cells: Vec<Cell> = text
        .char_indices()
        .map(|(i, ch)| Cell { ch, src: Some(i) })
        .collect();
    let mut collector = BlockCollector::new(text);
    collector.cells = cells;
    collector.flush();
    collector.finish()
}

fn is_inline(tag: &Tag) -> bool {
    matches!(
        tag,
        Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Link { .. }
            | Tag::Image { .. }
            | Tag::Superscript
            | Tag::Subscript
    )
}

fn is_inline_end(tag: &TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Link
            | TagEnd::Image
            | TagEnd::Superscript
            | TagEnd::Subscript
    )
}

/// Gathers the visible characters of one block, then turns the rules' edits into byte
/// replacements on the source.
struct BlockCollector<'a> {
    source: &'a str,
    cells: Vec<Cell>,
    replacements: Vec<(Range<usize>, String)>,
}

impl<'a> BlockCollector<'a> {
    fn new(source: &'a str) -> Self {
        BlockCollector {
            source,
            cells: Vec::new(),
            replacements: Vec::new(),
        }
    }

    /// A Text event is editable only when the source spells it exactly; escapes and entity
    /// references (`\"`, `&amp;`) differ, and are kept as read-only context.
    fn text(&mut self, text: &str, range: Range<usize>) {
        let editable = self.source.get(range.clone()) == Some(text);
        let start = self.cells.len();
        let bytes = self.source.as_bytes();
        for (offset, ch) in text.char_indices() {
            let at = range.start + offset;
            // A backslash-escaped character (`\"`) must stay ASCII, or the backslash
            // would start showing.
            let escaped = ch.is_ascii_punctuation() && at > 0 && bytes[at - 1] == b'\\';
            self.cells.push(Cell {
                ch,
                src: (editable && !escaped).then_some(at),
            });
        }
        protect_urls(&mut self.cells[start..]);
    }

    fn opaque(&mut self, count: usize) {
        for _ in 0..count {
            self.read_only(OPAQUE);
        }
    }

    fn read_only(&mut self, ch: char) {
        self.cells.push(Cell { ch, src: None });
    }

    fn flush(&mut self) {
        if self.cells.is_empty() {
            return;
        }
        protect_urls(&mut self.cells);
        for edit in block_edits(&self.cells) {
            if let Some(range) = source_range(&self.cells[edit.start..edit.end]) {
                self.replacements.push((range, edit.text));
            }
        }
        self.cells.clear();
    }

    fn finish(mut self) -> String {
        self.replacements.sort_by_key(|(r, _)| r.start);
        let mut out = String::with_capacity(self.source.len() + self.replacements.len() * 2);
        let mut pos = 0;
        for (range, text) in &self.replacements {
            if range.start < pos {
                continue;
            }
            out.push_str(&self.source[pos..range.start]);
            out.push_str(text);
            pos = range.end;
        }
        out.push_str(&self.source[pos..]);
        out
    }
}

/// The source bytes the cells occupy, if they are all editable and side by side.
fn source_range(cells: &[Cell]) -> Option<Range<usize>> {
    let first = cells.first()?.src?;
    let mut next = first;
    for cell in cells {
        if cell.src? != next {
            return None;
        }
        next += cell.ch.len_utf8();
    }
    Some(first..next)
}

/// Bare URLs, e-mail addresses and `www.` names are text to pulldown-cmark but must keep
/// every character: their cells become read-only.
fn protect_urls(cells: &mut [Cell]) {
    let mut start = 0;
    while start < cells.len() {
        if cells[start].ch.is_whitespace() {
            start += 1;
            continue;
        }
        let end = start
            + cells[start..]
                .iter()
                .take_while(|c| !c.ch.is_whitespace())
                .count();
        let token: String = cells[start..end].iter().map(|c| c.ch).collect();
        let lower = token.to_ascii_lowercase();
        let looks_like_url = lower.contains("://")
            || lower.starts_with("www.")
            || lower
                .trim_start_matches(['(', '«', '"', '<'])
                .starts_with("www.")
            || (lower.contains('@') && lower.contains('.'));
        if looks_like_url {
            for cell in &mut cells[start..end] {
                cell.src = None;
            }
        }
        start = end;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(s: &str) -> String {
        s.replace(NBSP, "~")
    }

    #[test]
    fn markdown_table() {
        let cases = [
            ("\"Привет\" - сказал он", "«Привет»~— сказал он"),
            ("# Заголовок в \"кавычках\"", "# Заголовок в~«кавычках»"),
            ("\"**жирный**\" текст", "«**жирный**» текст"),
            (
                "Код `\"не трогать\" - да` рядом",
                "Код `\"не трогать\" - да` рядом",
            ),
            ("```\n\"код\" - блок\n```\n", "```\n\"код\" - блок\n```\n"),
            ("    \"отступ\" - код\n", "    \"отступ\" - код\n"),
            (
                "[ссылка \"тут\"](http://a.kz/x--y?q=\"1\")",
                "[ссылка «тут»](http://a.kz/x--y?q=\"1\")",
            ),
            ("<http://a.kz/a--b...>", "<http://a.kz/a--b...>"),
            (
                "Сайт http://a.kz/a--b... и \"всё\"",
                "Сайт http://a.kz/a--b... и~«всё»",
            ),
            (
                "<span title=\"a - b\">в тексте</span>",
                "<span title=\"a - b\">в~тексте</span>",
            ),
            (
                "<div>\n\"сырой\" - HTML\n</div>\n",
                "<div>\n\"сырой\" - HTML\n</div>\n",
            ),
            (
                "- пункт в \"списке\"\n- второй",
                "- пункт в~«списке»\n- второй",
            ),
            ("> цитата - это \"цитата\"", "> цитата~— это «цитата»"),
            ("\\\"экранировано\\\"", "\\\"экранировано\\\""),
            ("пишите на a@b.kz - ответим", "пишите на~a@b.kz~— ответим"),
            (
                "| а | б |\n|---|---|\n| \"в\" | 5 км |\n",
                "| а | б |\n|---|---|\n| «в» | 5~км |\n",
            ),
        ];
        for (input, want) in cases {
            assert_eq!(
                show(&apply_typography(input)),
                want,
                "typography of {input:?}"
            );
        }
    }

    #[test]
    fn quotes_never_pair_across_paragraphs() {
        let out = apply_typography("\"Начало\n\nконец\"");
        assert_eq!(
            out, "\"Начало\n\nконец\"",
            "a quote left open in one paragraph must not pair with the next"
        );
    }

    #[test]
    fn plain_text_headline() {
        assert_eq!(
            show(&apply_typography_plain("\"Барыс\" - чемпион")),
            "«Барыс»~— чемпион"
        );
    }

    #[test]
    fn idempotent_on_a_real_article() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../tests/fixtures/article-ru-mvd.txt"
        );
        let Ok(text) = std::fs::read_to_string(path) else {
            panic!("the fixture {path} must exist in the repository");
        };
        let markdown = crate::import::plain_text_to_markdown(&text);
        let once = apply_typography(&markdown);
        assert_ne!(
            once, markdown,
            "the fixture has short words, so the pass must change something"
        );
        assert_eq!(
            apply_typography(&once),
            once,
            "a second pass must change nothing"
        );
        assert_eq!(
            crate::counts::count_words(&once.replace(NBSP, " ")),
            crate::counts::count_words(&markdown),
            "typography must not add or remove words"
        );
    }
}
