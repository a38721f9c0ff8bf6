//! How text becomes search terms: words, folded, and (for the stemmed fields) reduced to
//! their Russian stem.
//!
//! The same functions analyse documents (through the tantivy tokenizers registered below),
//! the user's query and the text a snippet is cut from, so a word highlighted in a
//! snippet is exactly a word that matched.
//!
//! - A word is a run of letters and digits; combining marks stay inside it, so «ё» typed
//!   as «е» + U+0308 (as some Mac and PDF copies deliver it) is one word, not two.
//! - Folding lower-cases and treats ё as е (and «и» + U+0306 as «й»).
//! - Stemming uses the Snowball Russian stemmer, except for words with a letter of the
//!   Kazakh alphabet that Russian lacks (ә ғ қ ң ө ұ ү һ і): a Russian stemmer would cut
//!   Kazakh suffixes at random, so those words keep their whole folded form as that stem.
//! - A Kazakh text (see [`crate::kazakh::is_kazakh_text`]) also indexes each word's Kazakh
//!   stem ([`crate::kazakh::kazakh_stem`]) in the stemmed fields, beside the Russian one, and a query
//!   word asks for either stem: the query is too short to tell its language, and many
//!   Kazakh words (`ойыншы`, `мектептер`) have no letter Russian lacks.

use crate::kazakh::{is_kazakh_letter, is_kazakh_text, kazakh_stem};
use newsroom_text::stem::russian_stem;
use std::cell::RefCell;
use std::collections::HashMap;
use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

/// Words longer than this are not indexed (base64 blobs, URLs glued together).
const MAX_WORD_BYTES: usize = 120;

/// One word of a text: where it is and its folded and stemmed forms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// Byte range in the analysed text.
    pub start: usize,
    pub end: usize,
    pub folded: String,
    pub stem: String,
    /// The Kazakh stem (see [`crate::kazakh`]); empty where it is not computed.
    pub kazakh: String,
}

fn is_combining(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}')
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// Kazakh letters absent from the Russian alphabet (lower case; folding runs first).
pub fn has_kazakh_letter(word: &str) -> bool {
    word.chars().any(is_kazakh_letter)
}

/// Lower-cases, folds ё into е and composes the two combining marks Russian text
/// arrives with; other combining marks are dropped (they carry no meaning for search).
pub fn fold_word(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for c in raw.chars() {
        match c {
            // «е» + diaeresis is ё, which folds to е: nothing to add.
            '\u{0308}' if out.ends_with('е') => {}
            // «и» + breve is й.
            '\u{0306}' if out.ends_with('и') => {
                out.pop();
                out.push('й');
            }
            c if is_combining(c) => {}
            c => {
                for lower in c.to_lowercase() {
                    out.push(if lower == 'ё' { 'е' } else { lower });
                }
            }
        }
    }
    out
}

/// Distinct words remembered per thread; news vocabulary is Zipfian, so a small cache
/// answers most words of an article without running the stemmer.
const STEM_CACHE_WORDS: usize = 50_000;

thread_local! {
    static STEMS: RefCell<HashMap<String, String>> = RefCell::new(HashMap::new());
}

/// The stem of an already folded word. Always a prefix of it: the Russian stemmer only
/// removes endings, which lets highlighting skip words that cannot match.
pub fn stem_folded(folded: &str) -> String {
    if has_kazakh_letter(folded) || !folded.chars().any(|c| matches!(c, 'а'..='я')) {
        return folded.to_string();
    }
    STEMS.with(|cache| {
        let mut cache = cache.borrow_mut();
        if let Some(stem) = cache.get(folded) {
            return stem.clone();
        }
        let stem = russian_stem(folded);
        if cache.len() >= STEM_CACHE_WORDS {
            cache.clear();
        }
        cache.insert(folded.to_string(), stem.clone());
        stem
    })
}

/// Like [`words`], with `stem` left empty: for callers that stem only the words they need.
pub fn folded_words(text: &str) -> Vec<Word> {
    let mut out = Vec::new();
    scan(text, |start, end, folded| {
        out.push(Word {
            start,
            end,
            folded,
            stem: String::new(),
            kazakh: String::new(),
        });
    });
    out
}

/// Splits `text` into words with their folded and stemmed forms.
pub fn words(text: &str) -> Vec<Word> {
    let mut out = Vec::new();
    scan(text, |start, end, folded| {
        let stem = stem_folded(&folded);
        let kazakh = kazakh_stem(&folded);
        out.push(Word {
            start,
            end,
            folded,
            stem,
            kazakh,
        });
    });
    out
}

/// Calls `found(start, end, folded)` for each word of `text`, in order.
fn scan(text: &str, mut found: impl FnMut(usize, usize, String)) {
    let mut emit = |from: usize, to: usize| {
        if to - from > MAX_WORD_BYTES {
            return;
        }
        let folded = fold_word(&text[from..to]);
        if !folded.is_empty() {
            found(from, to, folded);
        }
    };
    let mut start: Option<usize> = None;
    for (i, c) in text.char_indices() {
        let inside = is_word_char(c) || (start.is_some() && is_combining(c));
        match (inside, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                emit(s, i);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        emit(s, text.len());
    }
}

/// Name of the tokenizer for the stemmed fields.
pub const STEMMED: &str = "newsroom_ru_stem";
/// Name of the tokenizer for the folded, unstemmed fields (prefixes, exact forms).
pub const FOLDED: &str = "newsroom_folded";

/// [`words`] as a tantivy tokenizer; `stem` picks which form becomes the term.
#[derive(Clone)]
pub struct WordTokenizer {
    pub stem: bool,
}

pub struct WordStream {
    tokens: Vec<Token>,
    next: usize,
}

impl Tokenizer for WordTokenizer {
    type TokenStream<'a> = WordStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> WordStream {
        let mut found: Vec<(usize, usize, String)> = Vec::new();
        scan(text, |start, end, folded| found.push((start, end, folded)));
        let kazakh = self.stem && is_kazakh_text(found.iter().map(|(_, _, f)| f.as_str()));
        let mut tokens = Vec::with_capacity(found.len());
        for (position, (start, end, folded)) in found.into_iter().enumerate() {
            let token = |text: String| Token {
                offset_from: start,
                offset_to: end,
                position,
                text,
                position_length: 1,
            };
            if !self.stem {
                tokens.push(token(folded));
                continue;
            }
            let stem = stem_folded(&folded);
            if kazakh {
                let kk = kazakh_stem(&folded);
                if kk != stem {
                    tokens.push(token(kk));
                }
            }
            tokens.push(token(stem));
        }
        WordStream { tokens, next: 0 }
    }
}

impl TokenStream for WordStream {
    fn advance(&mut self) -> bool {
        if self.next < self.tokens.len() {
            self.next += 1;
            true
        } else {
            false
        }
    }

    fn token(&self) -> &Token {
        &self.tokens[self.next - 1]
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.next - 1]
    }
}

/// Registers both tokenizers on an index.
pub fn register(index: &tantivy::Index) {
    let manager = index.tokenizers();
    manager.register(STEMMED, WordTokenizer { stem: true });
    manager.register(FOLDED, WordTokenizer { stem: false });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stems(text: &str) -> Vec<String> {
        words(text).into_iter().map(|w| w.stem).collect()
    }

    #[test]
    fn russian_word_forms_share_a_stem() {
        let forms = ["полиция", "полиции", "полицию", "полицией", "Полиция"];
        let expected = stem_folded("полиция");
        for form in forms {
            assert_eq!(
                stems(form),
                std::slice::from_ref(&expected),
                "«{form}» must find «полиция»"
            );
        }
        assert_ne!(
            stem_folded("полиция"),
            stem_folded("политика"),
            "different words stay apart"
        );
    }

    #[test]
    fn yo_and_ye_are_the_same_letter() {
        assert_eq!(stems("Ёлка"), stems("елка"), "ё and е fold together");
        assert_eq!(stems("всё"), stems("все"));
        // ё typed as е + combining diaeresis, й as и + combining breve.
        assert_eq!(
            words("е\u{0308}лка")[0].folded,
            "елка",
            "decomposed ё is one word"
        );
        assert_eq!(
            words("мои\u{0306}")[0].folded,
            "мой",
            "decomposed й composes"
        );
        assert_ne!(fold_word("й"), fold_word("и"), "й is its own letter");
    }

    #[test]
    fn kazakh_words_pass_through_whole() {
        for word in [
            "Қазақстан",
            "үкімет",
            "әкімдігі",
            "ақпарат",
            "Өскемен",
            "Астанадағы",
        ] {
            for w in words(word) {
                assert_eq!(
                    w.stem, w.folded,
                    "the Russian stemmer must not cut the Kazakh word «{}»",
                    w.folded
                );
            }
        }
        assert_eq!(
            words("ҚАЗАҚСТАН")[0].folded,
            "қазақстан",
            "Kazakh letters lower-case"
        );
        assert_ne!(
            stem_folded("қала"),
            stem_folded("кала"),
            "қ is not к: Kazakh words must not collide with Russian ones"
        );
    }

    #[test]
    fn words_keep_their_byte_offsets() {
        let text = "В полиции, «Алматы»—2024!";
        let found: Vec<&str> = words(text).iter().map(|w| &text[w.start..w.end]).collect();
        assert_eq!(
            found,
            ["В", "полиции", "Алматы", "2024"],
            "punctuation separates words"
        );
    }

    #[test]
    fn a_stem_is_a_prefix_of_its_word() {
        for word in [
            "полиции",
            "длинный",
            "организациями",
            "сообщали",
            "безопасность",
            "пенсионной",
        ] {
            let folded = fold_word(word);
            let stem = stem_folded(&folded);
            assert!(
                folded.starts_with(&stem),
                "highlighting relies on «{stem}» being a prefix of «{folded}»"
            );
            assert_eq!(
                stem_folded(&folded),
                stem,
                "the cached stem equals the computed one"
            );
        }
    }

    #[test]
    fn latin_words_are_folded_not_stemmed() {
        assert_eq!(
            stems("WordPress"),
            ["wordpress"],
            "Latin is lower-cased only"
        );
    }
}
