//! Finding the matched words in an article's text and cutting a highlighted snippet.
//!
//! Matches are found with the same analysis the index uses, so a stemmed match
//! («полиции» for «полиция») is highlighted. Offsets go to the UI in UTF-16 code units,
//! which is what JavaScript strings and CodeMirror positions count.

use crate::analysis::{folded_words, stem_folded, Word};
use crate::kazakh::{is_kazakh_text, kazakh_stem};
use crate::query::{Clause, Parsed};
use serde::Serialize;
use ts_rs::TS;

/// Characters of context a body snippet aims for.
const SNIPPET_CHARS: usize = 220;

/// A matched word in one field, as a UTF-16 range of that field's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct MatchSpan {
    pub field: MatchField,
    pub start: u32,
    pub end: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum MatchField {
    Headline,
    Dek,
    Body,
}

/// Byte ranges of the words of `text` that the query matched, in order.
pub fn match_ranges(parsed: &Parsed, text: &str) -> Vec<(usize, usize)> {
    let ws = folded_words(text);
    // As in the index, a Kazakh text's words also match by their Kazakh stem.
    let kazakh = is_kazakh_text(ws.iter().map(|w| w.folded.as_str()));
    let mut hit = vec![false; ws.len()];
    for clause in &parsed.required {
        mark(clause, &ws, kazakh, &mut hit);
    }
    ws.iter()
        .zip(hit)
        .filter(|(_, h)| *h)
        .map(|(w, _)| (w.start, w.end))
        .collect()
}

fn mark(clause: &Clause, ws: &[Word], kazakh: bool, hit: &mut [bool]) {
    match clause {
        Clause::Word(q) => {
            for (i, w) in ws.iter().enumerate() {
                // A stem is a prefix of its word, so only those words need stemming.
                if (w.folded.starts_with(q.stem.as_str()) && stem_folded(&w.folded) == q.stem)
                    || (kazakh && !q.kazakh.is_empty() && kazakh_stem(&w.folded) == q.kazakh)
                {
                    hit[i] = true;
                }
            }
        }
        Clause::Prefix(p) => {
            for (i, w) in ws.iter().enumerate() {
                if w.folded.starts_with(p.as_str()) {
                    hit[i] = true;
                }
            }
        }
        Clause::Phrase(phrase) => {
            if phrase.is_empty() || phrase.len() > ws.len() {
                return;
            }
            for start in 0..=ws.len() - phrase.len() {
                let all = phrase
                    .iter()
                    .zip(&ws[start..])
                    .all(|(q, w)| q.folded == w.folded);
                if all {
                    hit[start..start + phrase.len()].fill(true);
                }
            }
        }
    }
}

/// Converts byte ranges of `text` into UTF-16 ranges.
pub fn to_utf16(text: &str, ranges: &[(usize, usize)], field: MatchField) -> Vec<MatchSpan> {
    let mut spans = Vec::with_capacity(ranges.len());
    let mut byte = 0usize;
    let mut unit = 0u32;
    let mut chars = text.char_indices().peekable();
    let mut advance_to = |target: usize, byte: &mut usize, unit: &mut u32| {
        while let Some(&(i, c)) = chars.peek() {
            if i >= target {
                break;
            }
            *unit += c.len_utf16() as u32;
            *byte = i + c.len_utf8();
            chars.next();
        }
    };
    for &(from, to) in ranges {
        advance_to(from, &mut byte, &mut unit);
        let start = unit;
        advance_to(to, &mut byte, &mut unit);
        spans.push(MatchSpan {
            field,
            start,
            end: unit,
        });
    }
    spans
}

/// HTML of `text` with the given byte ranges wrapped in `<mark>`; everything else is
/// escaped, so the result is safe to put into the page as it is.
pub fn marked_html(text: &str, ranges: &[(usize, usize)]) -> String {
    let mut out = String::with_capacity(text.len() + ranges.len() * 13);
    let mut at = 0;
    for &(from, to) in ranges {
        if from < at || to > text.len() {
            continue;
        }
        escape_into(&mut out, &text[at..from]);
        out.push_str("<mark>");
        escape_into(&mut out, &text[from..to]);
        out.push_str("</mark>");
        at = to;
    }
    escape_into(&mut out, &text[at..]);
    out
}

fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // The snippet is one line in the results list.
            '\n' | '\r' | '\t' => out.push(' '),
            c => out.push(c),
        }
    }
}

/// A snippet of `text` around its densest cluster of matches (or its beginning when
/// nothing in it matched), with the matches marked.
pub fn snippet_html(text: &str, ranges: &[(usize, usize)]) -> String {
    let (from, to) = window(text, ranges);
    let inside: Vec<(usize, usize)> = ranges
        .iter()
        .filter(|(s, e)| *s >= from && *e <= to)
        .map(|(s, e)| (s - from, e - from))
        .collect();
    let mut html = String::new();
    if from > 0 {
        html.push('…');
    }
    html.push_str(&marked_html(&text[from..to], &inside));
    if to < text.len() {
        html.push('…');
    }
    html
}

/// The byte window of about [`SNIPPET_CHARS`] characters holding the most matches,
/// starting at a word boundary a little before the first of them.
fn window(text: &str, ranges: &[(usize, usize)]) -> (usize, usize) {
    let budget = SNIPPET_CHARS * 2; // bytes: Cyrillic letters are two bytes each
    let start = if ranges.is_empty() {
        0
    } else {
        let mut best = (0usize, ranges[0].0);
        for (i, &(s, _)) in ranges.iter().enumerate() {
            let count = ranges[i..]
                .iter()
                .take_while(|(_, e)| *e <= s + budget)
                .count();
            if count > best.0 {
                best = (count, s);
            }
        }
        // A few words of context before the first match.
        back_to_boundary(text, best.1.saturating_sub(budget / 6))
    };
    let end = forward_to_boundary(text, (start + budget).min(text.len()));
    (start, end)
}

fn back_to_boundary(text: &str, mut at: usize) -> usize {
    while at > 0 && !text.is_char_boundary(at) {
        at -= 1;
    }
    if at == 0 {
        return 0;
    }
    match text[..at].rfind(char::is_whitespace) {
        Some(space) => space + text[space..].chars().next().map_or(1, char::len_utf8),
        None => 0,
    }
}

fn forward_to_boundary(text: &str, mut at: usize) -> usize {
    while at < text.len() && !text.is_char_boundary(at) {
        at += 1;
    }
    if at >= text.len() {
        return text.len();
    }
    match text[at..].find(char::is_whitespace) {
        Some(space) => at + space,
        None => text.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::parse;

    fn marked(query: &str, text: &str) -> String {
        marked_html(text, &match_ranges(&parse(query), text))
    }

    #[test]
    fn highlights_every_form_of_the_word() {
        assert_eq!(
            marked("полиция", "В полиции сказали: полицию вызвали."),
            "В <mark>полиции</mark> сказали: <mark>полицию</mark> вызвали.",
            "a stemmed match must be highlighted where it stands"
        );
        assert_eq!(
            marked("ёлка", "Елка и ёлка"),
            "<mark>Елка</mark> и <mark>ёлка</mark>"
        );
    }

    #[test]
    fn highlights_prefixes_and_phrases_only() {
        assert_eq!(
            marked("полиц*", "Полицейский и политик"),
            "<mark>Полицейский</mark> и политик"
        );
        assert_eq!(
            marked("\"полиции Алматы\"", "полиции Астаны и полиции Алматы"),
            "полиции Астаны и <mark>полиции</mark> <mark>Алматы</mark>",
            "a phrase lights up only where its words stand together"
        );
    }

    #[test]
    fn escapes_everything_but_the_marks() {
        assert_eq!(
            marked("суд", "<script>суд</script> & \"суд\""),
            "&lt;script&gt;<mark>суд</mark>&lt;/script&gt; &amp; &quot;<mark>суд</mark>&quot;",
            "article text must never become markup in the results list"
        );
    }

    #[test]
    fn utf16_offsets_count_what_javascript_counts() {
        let text = "😀 полиция";
        let ranges = match_ranges(&parse("полиция"), text);
        let spans = to_utf16(text, &ranges, MatchField::Body);
        assert_eq!(
            (spans[0].start, spans[0].end),
            (3, 10),
            "the emoji is two UTF-16 units, the space one"
        );
    }

    #[test]
    fn snippet_centres_on_the_match() {
        let filler = "слово ".repeat(200);
        let text = format!("{filler}В полиции сообщили. {filler}");
        let html = snippet_html(&text, &match_ranges(&parse("полиция"), &text));
        assert!(
            html.contains("<mark>полиции</mark>"),
            "the snippet must show the match: {html}"
        );
        assert!(
            html.starts_with('…') && html.ends_with('…'),
            "a cut snippet says so: {html}"
        );
        assert!(
            html.chars().count() < 400,
            "a snippet is short: {}",
            html.chars().count()
        );
    }
}
