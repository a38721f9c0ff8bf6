//! Russian and Kazakh typography on demand, for a Markdown body or a plain-text headline.
//!
//! Rules (each in `rules.rs`, ~ is a no-break space):
//! - quotes: «ёлочки» outside, „лапки“ inside; unbalanced quotes are left alone;
//! - dashes: ` - `, ` -- `, ` – ` between words → `~— `; a line of dialogue that starts with a
//!   hyphen or dash → `—~`; number ranges `1941-1945`, `10-15` → en dash `1941–1945`;
//! - `...` → `…`;
//! - no-break spaces after one- and two-letter Cyrillic words (`в~Москве`), between a number
//!   and its unit or `млн`/`млрд`/`тыс.` (`5~км`, `1,5~млрд`), in thousands (`1~000`), after
//!   `№` and `§`, in initials (`А.~С.~Пушкин`, also from `А.С.Пушкин`) and in Roman-numeral
//!   centuries (`XXI~в.`, `XIX–XX~вв.`);
//! - `м2`, `км2`, `см3` → `м²`, `км²`, `см³`.
//!
//! The pass works on the Markdown source, not on rendered HTML: pulldown-cmark's
//! `into_offset_iter()` tells which source bytes are visible text, and only those bytes are
//! rewritten. What is guaranteed, for any input (a property test in
//! `tests/typography_properties.rs` checks the first three on generated documents):
//! - link and image destinations and titles, code spans and blocks, and raw HTML (tags and
//!   attributes) are byte for byte the same, and so is the document's structure: no link,
//!   image, list or definition appears or disappears (the `guard` re-parses the result and
//!   drops any edit that would change it);
//! - a second pass changes nothing;
//! - never edited: text inside `<code>`, `<kbd>`, `<samp>`, `<pre>`, `<var>`, `<tt>` written
//!   as raw HTML; the text of shortcut and collapsed reference links (`[text]`, `[text][]`),
//!   which is also their label; autolinks, bare URLs, e-mail addresses and paths
//!   (`a.kz/news/…`, `/var/…`); backslash escapes and entity references.
//!
//! [`typography_edits`] gives the same result as edits in UTF-16 offsets (what the editor
//! counts in), so the editor applies them as one undoable transaction and keeps the cursor;
//! [`apply_typography`] returns the new string.

mod guard;
mod rules;

use crate::markdown::parser_options;
use pulldown_cmark::{Event, LinkType, Parser, Tag, TagEnd};
use rules::{block_edits, Cell, OPAQUE};
use std::ops::Range;

pub use rules::NBSP;

/// Applies the typographic rules to a Markdown document and returns the new source.
pub fn apply_typography(markdown: &str) -> String {
    guard::apply(markdown, &kept_replacements(markdown))
}

/// One change the typography pass makes to a document, in UTF-16 code units of the original
/// text (the offsets a browser's editor uses): replace `from..to` with `insert`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextEdit {
    pub from: usize,
    pub to: usize,
    pub insert: String,
}

/// The typographic rules on a Markdown document as edits (sorted, not overlapping, offsets
/// in the original text); applying them all gives [`apply_typography`]'s result.
pub fn typography_edits(markdown: &str) -> Vec<TextEdit> {
    utf16_edits(markdown, &kept_replacements(markdown))
}

/// Byte-range replacements → UTF-16 edits, dropping those that change nothing.
fn utf16_edits(source: &str, replacements: &[(Range<usize>, String)]) -> Vec<TextEdit> {
    let units = |s: &str| s.encode_utf16().count();
    let mut edits = Vec::with_capacity(replacements.len());
    let (mut byte, mut unit) = (0, 0);
    for (range, insert) in replacements {
        unit += units(&source[byte..range.start]);
        let from = unit;
        let replaced = &source[range.clone()];
        unit += units(replaced);
        byte = range.end;
        if replaced != insert {
            edits.push(TextEdit {
                from,
                to: unit,
                insert: insert.clone(),
            });
        }
    }
    edits
}

/// The rules' replacements that keep the document's structure (see `guard`).
fn kept_replacements(markdown: &str) -> Vec<(Range<usize>, String)> {
    let mut collector = BlockCollector::new(markdown);
    let mut code_block_depth = 0usize;
    // Elements whose text is code (`<code>`, `<kbd>`…) opened by raw HTML and not closed.
    let mut html_code_depth = 0usize;
    let mut links: Vec<LinkText> = Vec::new();
    for (event, range) in Parser::new_ext(markdown, parser_options()).into_offset_iter() {
        match event {
            Event::Text(text) => {
                if code_block_depth > 0
                    || html_code_depth > 0
                    || links.contains(&LinkText::Autolink)
                {
                    collector.opaque(text.chars().count().max(1));
                } else if links.contains(&LinkText::Label) {
                    collector.read_only_text(&text);
                } else {
                    collector.text(&text, range);
                }
            }
            Event::Code(_) | Event::InlineMath(_) | Event::FootnoteReference(_) => {
                collector.opaque(1)
            }
            // An inline tag (`<b>`, `<span …>`) is invisible: the words around it are
            // neighbours, and its attributes are never text. `<code>` and its kin start
            // text that is code.
            Event::InlineHtml(html) => {
                html_code_depth = html_code_depth.saturating_add_signed(code_tag_delta(&html));
            }
            Event::Html(html) => {
                html_code_depth = html_code_depth.saturating_add_signed(code_tag_delta(&html));
                collector.flush();
            }
            Event::SoftBreak | Event::HardBreak => collector.read_only('\n'),
            Event::Start(Tag::CodeBlock(_)) => {
                collector.flush();
                code_block_depth += 1;
            }
            Event::End(TagEnd::CodeBlock) => {
                collector.flush();
                code_block_depth = code_block_depth.saturating_sub(1);
            }
            Event::Start(Tag::Link { link_type, .. } | Tag::Image { link_type, .. }) => {
                links.push(LinkText::of(link_type));
            }
            Event::End(TagEnd::Link | TagEnd::Image) => {
                links.pop();
            }
            Event::Start(tag) if is_inline(&tag) => {}
            Event::End(tag) if is_inline_end(&tag) => {}
            // Any other start or end is a block boundary: quotes never pair across it.
            _ => collector.flush(),
        }
    }
    collector.flush();
    guard::keeping_shape(markdown, collector.replacements())
}

/// What the text of a link or image is to the pass.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LinkText {
    /// Ordinary text: `[text](url)`, `[text][label]`.
    Prose,
    /// The text is also the label that matches the definition (`[text]`, `[text][]`):
    /// editing it would unlink it, so it is read-only context.
    Label,
    /// `<https://…>`: the text is the address.
    Autolink,
}

impl LinkText {
    fn of(link_type: LinkType) -> LinkText {
        match link_type {
            LinkType::Autolink | LinkType::Email => LinkText::Autolink,
            LinkType::Shortcut
            | LinkType::ShortcutUnknown
            | LinkType::Collapsed
            | LinkType::CollapsedUnknown => LinkText::Label,
            _ => LinkText::Prose,
        }
    }
}

/// Elements whose text a browser shows as code or runs as a program.
const CODE_TAGS: &[&str] = &[
    "code", "kbd", "samp", "pre", "var", "tt", "script", "style", "textarea",
];

/// How many code elements (see [`CODE_TAGS`]) a piece of raw HTML opens, minus how many it
/// closes.
fn code_tag_delta(html: &str) -> isize {
    let mut delta = 0;
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        rest = &rest[lt + 1..];
        let closing = rest.starts_with('/');
        let name: String = rest
            .trim_start_matches('/')
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect::<String>()
            .to_ascii_lowercase();
        if !CODE_TAGS.contains(&name.as_str()) {
            continue;
        }
        let self_closing = rest.find('>').is_some_and(|end| rest[..end].ends_with('/'));
        if closing {
            delta -= 1;
        } else if !self_closing {
            delta += 1;
        }
    }
    delta
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
    guard::apply(text, &collector.replacements())
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

    /// Visible text that must keep every character (the label of a shortcut link).
    fn read_only_text(&mut self, text: &str) {
        for ch in text.chars() {
            self.read_only(ch);
        }
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

    /// The replacements in source order, without overlaps.
    fn replacements(mut self) -> Vec<(Range<usize>, String)> {
        self.replacements.sort_by_key(|(r, _)| r.start);
        let mut kept: Vec<(Range<usize>, String)> = Vec::with_capacity(self.replacements.len());
        for (range, text) in self.replacements {
            if kept.last().is_none_or(|(last, _)| last.end <= range.start) {
                kept.push((range, text));
            }
        }
        kept
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

/// Bare URLs, e-mail addresses, `www.` names and paths (`a.kz/news/…`, `/var/…`) are text
/// to pulldown-cmark but must keep every character: their cells become read-only.
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
        if looks_like_address(&token) {
            for cell in &mut cells[start..end] {
                cell.src = None;
            }
        }
        start = end;
    }
}

fn looks_like_address(token: &str) -> bool {
    let lower = token
        .trim_start_matches(['(', '«', '"', '<', '[', '„', '“', '\''])
        .to_ascii_lowercase();
    lower.contains("://")
        || lower.starts_with("www.")
        || (lower.contains('@') && lower.contains('.'))
        || looks_like_path(&lower)
}

/// `a.kz/news/x`, `/var/lib/x`, `./docs`, `~/x`: a host name or a path root, then a slash.
fn looks_like_path(token: &str) -> bool {
    if ["./", "../", "~/"]
        .iter()
        .any(|root| token.starts_with(root))
    {
        return true;
    }
    if let Some(rest) = token.strip_prefix('/') {
        // A lone slash or `/ ` is punctuation; a path names something after it.
        return rest.chars().next().is_some_and(|c| c.is_alphanumeric());
    }
    let Some((host, _)) = token.split_once('/') else {
        return false;
    };
    let Some((_, tld)) = host.rsplit_once('.') else {
        return false;
    };
    tld.len() >= 2
        && tld.chars().all(|c| c.is_ascii_alphabetic())
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
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
    fn shortcut_and_collapsed_references_stay_links() {
        // The link text of `[text]` and `[text][]` is also its label: editing it would
        // break the match with the definition and the page would show literal brackets.
        let defs = "\n\n[в Москве]: https://a.kz/msk\n[\"Барыс\"]: https://a.kz/b\n\
                    [Москва - столица]: https://a.kz/c\n[Итоги...]: https://a.kz/i\n\
                    [5 км]: https://a.kz/k\n";
        let bodies = [
            "Читайте [в Москве] сегодня",
            "Читайте [в Москве][] сегодня",
            "Клуб [\"Барыс\"] победил",
            "Город [Москва - столица][] да",
            "Смотрите [Итоги...][] тут",
            "Путь [5 км][] вот",
            "Фото ![в Москве][] тут",
        ];
        for body in bodies {
            let input = format!("{body}{defs}");
            let out = apply_typography(&input);
            assert_eq!(
                link_count(&out),
                link_count(&input),
                "a reference link must survive: {input:?} became {out:?}"
            );
            assert_eq!(
                link_count(&input),
                1,
                "the test input has one link: {input:?}"
            );
        }
        // The text around the link is still typeset, and full references are edited.
        assert_eq!(
            show(&apply_typography(
                "Читайте [в Москве] и \"всё\"\n\n[в Москве]: /m\n"
            )),
            "Читайте [в Москве] и~«всё»\n\n[в Москве]: /m\n"
        );
        assert_eq!(
            show(&apply_typography("[в Москве][m]\n\n[m]: /m\n")),
            "[в~Москве][m]\n\n[m]: /m\n"
        );
    }

    fn link_count(markdown: &str) -> usize {
        Parser::new_ext(markdown, parser_options())
            .filter(|e| matches!(e, Event::Start(Tag::Link { .. } | Tag::Image { .. })))
            .count()
    }

    #[test]
    fn code_inside_inline_html_is_untouched() {
        for tag in ["code", "kbd", "samp", "pre", "var", "tt"] {
            let input = format!("Команда <{tag}>echo \"a\" - b ...</{tag}> и \"всё\"");
            assert_eq!(
                show(&apply_typography(&input)),
                format!("Команда <{tag}>echo \"a\" - b ...</{tag}> и~«всё»"),
                "text inside <{tag}> is code"
            );
        }
        assert_eq!(
            show(&apply_typography("<code class=\"x\">a - b</code> в Москве")),
            "<code class=\"x\">a - b</code> в~Москве",
            "an opening tag with attributes still starts code"
        );
    }

    #[test]
    fn second_pass_changes_nothing() {
        let cases = [
            ("ООО \"\"Ромашка\"\"", "ООО «„Ромашка“»"),
            ("в ”Москве” сегодня", "в~«Москве» сегодня"),
            ("”в Москве”", "«в~Москве»"),
        ];
        for (input, want) in cases {
            let once = apply_typography(input);
            assert_eq!(show(&once), want, "typography of {input:?}");
            assert_eq!(apply_typography(&once), once, "second pass over {input:?}");
        }
        // Found by the property test: rules that overlap, and a `»` whose neighbours would
        // read a nested `“` as an opener.
        for input in ["– - ", "\"\"(\"»'\"", "...1 000/var/a--b"] {
            let once = apply_typography(input);
            assert_eq!(apply_typography(&once), once, "second pass over {input:?}");
        }
    }

    #[test]
    fn opening_quote_before_an_ellipsis_pairs() {
        assert_eq!(
            show(&apply_typography("Он сказал: \"...и это всё\".")),
            "Он~сказал: «…и~это всё»."
        );
        assert_eq!(
            show(&apply_typography("Он сказал: \"…и это всё\".")),
            "Он~сказал: «…и~это всё»."
        );
    }

    #[test]
    fn paths_without_a_scheme_are_untouched() {
        let cases = [
            "См. a.kz/news/a--b...c сегодня",
            "Файл /var/lib/a--b...c тут",
            "Путь ./docs/a - b...",
        ];
        for input in cases {
            let out = apply_typography(input);
            let token = input.split(' ').nth(1).expect("a path token");
            assert!(
                out.contains(token),
                "{token:?} must survive in {input:?}: {out:?}"
            );
        }
    }

    #[test]
    fn dialogue_lines_start_with_a_dash() {
        let cases = [
            ("— Привет, — сказал он.", "—~Привет,~— сказал он."),
            ("– Привет", "—~Привет"),
            ("-- Привет", "—~Привет"),
            ("> — Да\n> — Нет", "> —~Да\n> —~Нет"),
            // A hyphen and a space at the start of a Markdown line is a list item.
            ("- пункт", "- пункт"),
        ];
        for (input, want) in cases {
            assert_eq!(
                show(&apply_typography(input)),
                want,
                "dialogue in {input:?}"
            );
        }
        assert_eq!(show(&apply_typography_plain("- Привет")), "—~Привет");
    }

    #[test]
    fn a_no_break_space_never_makes_prose_into_a_link() {
        // A space is what keeps these from being links; a no-break space is not one to
        // the parser, so binding it would create a link or a definition.
        let cases = [
            "[]([в Москве])",
            "[в Москве](1 000)",
            "[в Москве]: а б\n\n[в Москве]",
        ];
        for input in cases {
            let out = apply_typography(input);
            assert_eq!(
                link_count(&out),
                link_count(input),
                "{input:?} became {out:?}"
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

    /// Applies UTF-16 edits the way the editor does (offsets in the original text).
    fn apply_utf16(text: &str, edits: &[TextEdit]) -> String {
        let units: Vec<u16> = text.encode_utf16().collect();
        let mut out: Vec<u16> = Vec::with_capacity(units.len());
        let mut pos = 0;
        for edit in edits {
            assert!(
                pos <= edit.from && edit.from <= edit.to,
                "sorted, not overlapping: {edits:?}"
            );
            out.extend_from_slice(&units[pos..edit.from]);
            out.extend(edit.insert.encode_utf16());
            pos = edit.to;
        }
        out.extend_from_slice(&units[pos..]);
        String::from_utf16(&out).unwrap_or_default()
    }

    #[test]
    fn edits_in_utf16_give_the_same_text_as_the_whole_pass() {
        let inputs = [
            "Он сказал: \"...и это всё\" - в 1941-1945 годах 😀 в Москве.",
            "# Заголовок - \"тест\"\n\n`код - \"нет\"` и [ссылка - тут](http://a.kz/x-y) 🇰🇿 в 5 км",
            "",
            "ничего не меняется",
            "Алматы, 2 декабря",
        ];
        for input in inputs {
            let edits = typography_edits(input);
            assert_eq!(
                apply_utf16(input, &edits),
                apply_typography(input),
                "{input:?}"
            );
            assert!(edits.iter().all(|e| e.insert.is_empty() || e.from <= e.to));
        }
        assert!(
            typography_edits("Алматы, 2 декабря").is_empty(),
            "no edit when nothing changes"
        );
        let emoji_first = typography_edits("😀 в Москве");
        assert_eq!(
            emoji_first,
            vec![TextEdit {
                from: 4,
                to: 5,
                insert: NBSP.to_string()
            }],
            "the emoji counts two UTF-16 units, the space after «в» is at 4"
        );
    }
}
