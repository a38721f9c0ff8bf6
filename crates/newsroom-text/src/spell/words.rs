//! The words a spell checker should look at: the prose of Markdown (paragraphs, headings,
//! lists, quotes, link and image text), never code, raw HTML, addresses, e-mails, entity
//! names, numbers or abbreviations in capitals (МВД, NATO). Hyphenated words (`что-то`,
//! `Алма-Ата`) stay one word.

use crate::markdown::parser_options;
use pulldown_cmark::{Event, LinkType, Parser, Tag, TagEnd};
use unicode_segmentation::UnicodeSegmentation;

/// A word at `start..end` (byte offsets) of the text it was found in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Word {
    pub start: usize,
    pub end: usize,
}

/// The words to check in `text`, in order; Markdown prose only when `markdown`.
pub fn prose_words(text: &str, markdown: bool) -> Vec<Word> {
    let mut out = Vec::new();
    if markdown {
        markdown_words(text, &mut out);
    } else {
        words_in(text, 0, &mut out);
    }
    // A lone letter (a list marker, an initial) is not worth a mark.
    out.retain(|w| text[w.start..w.end].chars().nth(1).is_some());
    out
}

fn markdown_words(text: &str, out: &mut Vec<Word>) {
    // Depth of constructs whose text is not prose: code blocks and autolinks.
    let mut skip = 0usize;
    for (event, range) in Parser::new_ext(text, parser_options()).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(_))
            | Event::Start(Tag::Link {
                link_type: LinkType::Autolink | LinkType::Email,
                ..
            }) => skip += 1,
            Event::End(TagEnd::CodeBlock) => skip = skip.saturating_sub(1),
            Event::End(TagEnd::Link) if is_autolink(&text[range.clone()]) => {
                skip = skip.saturating_sub(1)
            }
            Event::Text(_) if skip == 0 => words_in(&text[range.clone()], range.start, out),
            _ => {}
        }
    }
}

/// An autolink's whole source is `<…>`; a link's end event carries the whole link's range.
fn is_autolink(source: &str) -> bool {
    source.starts_with('<') && source.ends_with('>')
}

/// Words of a run of prose starting at byte `base` of the whole text.
fn words_in(chunk: &str, base: usize, out: &mut Vec<Word>) {
    for (offset, piece) in chunk.split_word_bound_indices() {
        if !is_word(piece) || is_abbreviation(piece) {
            continue;
        }
        let start = offset;
        let end = offset + piece.len();
        if is_inside_address_or_entity(chunk, start, end) {
            continue;
        }
        // `что` `-` `то`: the segmenter splits at hyphens; join them back.
        if let Some(last) = out.last_mut() {
            if start >= 1 && last.end + 1 == base + start && chunk.as_bytes()[start - 1] == b'-' {
                last.end = base + end;
                continue;
            }
        }
        out.push(Word {
            start: base + start,
            end: base + end,
        });
    }
}

/// Letters (and inner apostrophes: don't, O’Brien) only; anything with a digit is a code or
/// a model number, not a word to correct.
fn is_word(piece: &str) -> bool {
    piece.chars().any(char::is_alphabetic)
        && piece
            .chars()
            .all(|c| c.is_alphabetic() || c == '\'' || c == '’' || is_combining(c))
}

fn is_combining(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}')
}

/// Two or more letters, all capitals: an abbreviation (МВД, ЕАЭС, NATO).
fn is_abbreviation(piece: &str) -> bool {
    let mut letters = piece.chars().filter(|c| c.is_alphabetic());
    letters.clone().nth(1).is_some() && letters.all(char::is_uppercase)
}

/// Inside the whitespace-delimited run around it: an address (`://`, `www.`, `@`, a path
/// `a.kz/x`) or an HTML entity name (`&amp;`, whose text event is `&`).
fn is_inside_address_or_entity(chunk: &str, start: usize, end: usize) -> bool {
    let run_start = chunk[..start]
        .rfind(char::is_whitespace)
        .map_or(0, |i| i + 1);
    let run_end = chunk[end..]
        .find(char::is_whitespace)
        .map_or(chunk.len(), |i| end + i);
    let run = &chunk[run_start..run_end];
    if run.contains("://") || run.contains("www.") || run.contains('@') {
        return true;
    }
    if run.contains('/') && run.contains('.') && !run.contains("./") {
        return true;
    }
    chunk[..start].ends_with('&') && chunk[end..].starts_with(';')
        || chunk[..start].ends_with("&#") && chunk[end..].starts_with(';')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str, markdown: bool) -> Vec<&str> {
        prose_words(text, markdown)
            .iter()
            .map(|w| &text[w.start..w.end])
            .collect()
    }

    #[test]
    fn prose_of_markdown_only() {
        let md = "# Заголовок\n\nТекст с `кодом` и [ссылкой](https://a.kz/путь) <b>жирно</b>.\n\n\
                  ```\nкод блока\n```\n\n<https://a.kz/адрес> и www.site.kz, почта a@b.kz, a.kz/news/x.\n";
        assert_eq!(
            words(md, true),
            [
                "Заголовок",
                "Текст",
                "с",
                "и",
                "ссылкой",
                "жирно",
                "и",
                "почта"
            ]
            .iter()
            .filter(|w| w.chars().count() > 1)
            .copied()
            .collect::<Vec<_>>()
        );
    }

    #[test]
    fn hyphens_apostrophes_numbers_and_capitals() {
        assert_eq!(
            words(
                "что-то don't МВД NATO 5км COVID-19 Алма-Ата &amp; Ёлка",
                false
            ),
            ["что-то", "don't", "Алма-Ата", "amp", "Ёлка"]
                .into_iter()
                .filter(|w| *w != "amp")
                .collect::<Vec<_>>()
        );
        assert_eq!(words("Вот &amp; так", true), ["Вот", "так"]);
    }

    proptest::proptest! {
        /// Any text, Markdown or not: no panic, and words are non-empty, in order, inside
        /// the text and on character boundaries.
        #[test]
        fn words_are_ordered_ranges_of_the_text(text in "[a-zа-яё &;#<>`*\\[\\]()/:.@-]{0,80}", markdown: bool) {
            let words = prose_words(&text, markdown);
            let mut end = 0;
            for w in words {
                proptest::prop_assert!(w.start >= end && w.start < w.end && w.end <= text.len());
                proptest::prop_assert!(text.is_char_boundary(w.start) && text.is_char_boundary(w.end));
                end = w.end;
            }
        }
    }
}
