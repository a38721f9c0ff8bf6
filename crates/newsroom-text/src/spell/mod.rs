//! Spell checking in Russian, Kazakh and English over Hunspell dictionaries (the `spellbook`
//! crate reads Debian's `.aff`/`.dic` files). Everything here is pure: the caller hands in
//! the dictionary text (the core reads it from disk), so no word ever leaves the process.
//!
//! - [`words`] finds the prose words of Markdown (never code, HTML, addresses) or plain text;
//! - [`Speller`] is one loaded dictionary;
//! - [`NewsroomWords`] is the newsroom's own list of names, which covers their declined forms;
//! - [`misspellings`] checks a text with a word → dictionary routing the caller supplies,
//!   reporting ranges in UTF-16 code units, which is what the editor counts in.

mod lang;
mod newsroom;
mod speller;
mod words;

pub use lang::{detect_language, script_of, Script, SpellLang};
pub use newsroom::NewsroomWords;
pub use speller::{SpellError, Speller};
pub use words::{prose_words, Word};

use serde::Serialize;

/// One word no dictionary knows, at `from..to` in UTF-16 code units of the checked text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Misspelling {
    pub from: usize,
    pub to: usize,
    pub word: String,
}

/// The misspelled words of `text` (Markdown when `markdown`, else one plain line or
/// paragraph). `known` answers whether a word is spelled right; the caller routes it to the
/// right dictionary (by script) and to the newsroom's own word list.
pub fn misspellings(
    text: &str,
    markdown: bool,
    mut known: impl FnMut(&str) -> bool,
) -> Vec<Misspelling> {
    let words = prose_words(text, markdown);
    let mut utf16 = Utf16Cursor::new(text);
    let mut out = Vec::new();
    for word in words {
        if known(&text[word.start..word.end]) {
            continue;
        }
        let from = utf16.at(word.start);
        let to = utf16.at(word.end);
        out.push(Misspelling {
            from,
            to,
            word: text[word.start..word.end].to_string(),
        });
    }
    out
}

/// Converts increasing byte offsets into UTF-16 offsets in one pass over the text.
struct Utf16Cursor<'a> {
    text: &'a str,
    byte: usize,
    unit: usize,
}

impl<'a> Utf16Cursor<'a> {
    fn new(text: &'a str) -> Self {
        Utf16Cursor {
            text,
            byte: 0,
            unit: 0,
        }
    }

    /// `byte` must not be less than the previous call's (words come in text order).
    fn at(&mut self, byte: usize) -> usize {
        debug_assert!(byte >= self.byte);
        self.unit += self.text[self.byte..byte]
            .chars()
            .map(char::len_utf16)
            .sum::<usize>();
        self.byte = byte;
        self.unit
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_are_in_utf16_units() {
        // 😀 is two UTF-16 units, Cyrillic letters one each (two bytes each in UTF-8).
        let text = "😀 мир ошибкаа";
        let found = misspellings(text, false, |w| w == "мир");
        assert_eq!(
            found,
            vec![Misspelling {
                from: 7,
                to: 14,
                word: "ошибкаа".into()
            }]
        );
    }
}
