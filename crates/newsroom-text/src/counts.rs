//! Word and character counts and reading time that are right for Cyrillic text.
//!
//! Words are Unicode word segments (UAX #29) that contain at least one letter or digit, so
//! «ёлочки», em dashes and punctuation never count as words while «Касым-Жомарта» is one
//! hyphenated word, as Russian editors count it. Markdown syntax is stripped first so
//! `**жирный**` or a link target does not inflate the count.

use serde::Serialize;
use unicode_segmentation::UnicodeSegmentation;

/// Reading speed used for the reading-time estimate. Russian prose is read more slowly
/// than English (longer words); 180 words a minute is the usual figure for news text.
pub const WORDS_PER_MINUTE: usize = 180;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
pub struct TextStats {
    pub words: usize,
    /// Characters (Unicode scalar values) of the visible text, spaces included.
    pub chars: usize,
    /// Characters of the visible text with all white space removed.
    pub chars_no_spaces: usize,
    /// Whole minutes, rounded up; zero only for an empty text.
    pub reading_minutes: usize,
}

/// Counts for a Markdown body as a reader will see it: the text of the rendered page, so
/// what a page never shows (a `<script>` inside an `<svg>`, styles) is not counted.
///
/// Counts run on every autosave, so they must stay linear on hostile bodies: the HTML is
/// pulldown-cmark's unsanitized output read by html5ever's tokenizer, which skips hidden
/// elements itself. The sanitizer's tree-building parse is what the preview needs, and it
/// takes seconds on a 2 MB paragraph of raw HTML; counting through it froze saving.
pub fn text_stats(markdown: &str) -> TextStats {
    let parser = pulldown_cmark::Parser::new_ext(markdown, crate::markdown::parser_options());
    let mut html = String::with_capacity(markdown.len() + markdown.len() / 4);
    pulldown_cmark::html::push_html(&mut html, parser);
    stats_of_plain_text(&crate::rendered_text::rendered_text(&html))
}

/// Counts for text that has no markup.
pub fn stats_of_plain_text(text: &str) -> TextStats {
    let words = count_words(text);
    let chars = text.chars().filter(|c| *c != '\n' && *c != '\r').count();
    let chars_no_spaces = text.chars().filter(|c| !c.is_whitespace()).count();
    let reading_minutes = words.div_ceil(WORDS_PER_MINUTE);
    TextStats {
        words,
        chars,
        chars_no_spaces,
        reading_minutes,
    }
}

/// Words joined by a hyphen («оперативно-служебной») count once; the scale letter of a
/// temperature (`°C`, `°F`, `°С`) is part of the number, not a word.
pub fn count_words(text: &str) -> usize {
    let mut count = 0;
    let mut joined_by_hyphen = false;
    let mut previous_was_word = false;
    let mut after_degree = false;
    for segment in text.split_word_bounds() {
        let scale = after_degree && matches!(segment, "C" | "F" | "K" | "С" | "Ф" | "К");
        after_degree = segment == "°";
        let is_word = !scale && segment.chars().any(char::is_alphanumeric);
        if is_word {
            if !(joined_by_hyphen && previous_was_word) {
                count += 1;
            }
            previous_was_word = true;
            joined_by_hyphen = false;
        } else if segment == "-" && previous_was_word {
            joined_by_hyphen = true;
        } else {
            previous_was_word = false;
            joined_by_hyphen = false;
        }
    }
    count
}

#[cfg(test)]
mod tests {
    #[test]
    fn counting_a_huge_paragraph_of_raw_html_counts_only_its_words() {
        // 2.3 MB of one paragraph with raw HTML. How fast this is (the sanitizer's tree
        // builder needs seconds for it; the tokenizer counts use, milliseconds) is measured
        // by the render bench's `text_stats_raw_html_paragraph`, not here.
        let body = format!("начало <b>жирный</b> {}", "&amp;".repeat(460_000));
        let stats = text_stats(&body);
        assert_eq!(stats.words, 2, "the entities and tags are not words");
        assert_eq!(
            stats.chars_no_spaces,
            "началожирный".chars().count() + 460_000,
            "every entity is one visible character"
        );
    }

    use super::*;

    #[test]
    fn counts_cyrillic_words_and_ignores_punctuation() {
        let cases: &[(&str, usize)] = &[
            ("", 0),
            ("Привет, мир!", 2),
            ("«Обратная связь» — с обществом.", 4),
            ("Касым-Жомарта Токаева", 2),
            ("за 9 месяцев", 3),
            ("ёлка ЁЛКА", 2),
            ("Қазақстан әлемдегі ең үлкен", 4),
            ("— — —", 0),
            ("word1 word2", 2),
            ("Днём +25 °C, ночью 12°C и 50 °F", 6),
            ("°C", 0),
            ("Сорт C и витамин C", 5),
        ];
        for (text, expected) in cases {
            assert_eq!(count_words(text), *expected, "word count of {text:?}");
        }
    }

    #[test]
    fn characters_count_scalars_not_bytes() {
        let stats = stats_of_plain_text("Ёж ест");
        assert_eq!(
            stats.chars, 6,
            "Cyrillic letters are two bytes but one character"
        );
        assert_eq!(stats.chars_no_spaces, 5);
        assert_eq!(stats.words, 2);
        assert_eq!(stats.reading_minutes, 1);
    }

    #[test]
    fn markdown_syntax_is_not_counted() {
        let stats = text_stats(
            "# Заголовок\n\n**Жирный** текст и [ссылка](https://example.com/очень/длинная)",
        );
        assert_eq!(
            stats.words, 5,
            "the link target and the # are not words: {stats:?}"
        );
    }

    #[test]
    fn text_the_sanitizer_removes_is_not_counted() {
        let stats = text_stats(
            "Два слова <svg><script>alert(\"много лишних слов тут\")</script></svg>\n\n\
             <script>ещё скрипт</script>",
        );
        assert_eq!(stats.words, 2, "only the shown words count: {stats:?}");
    }

    #[test]
    fn reading_time_rounds_up() {
        let text = "слово ".repeat(WORDS_PER_MINUTE + 1);
        assert_eq!(stats_of_plain_text(&text).reading_minutes, 2);
        assert_eq!(stats_of_plain_text("").reading_minutes, 0);
    }
}
