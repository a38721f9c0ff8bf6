//! One Hunspell dictionary, loaded from its `.aff` and `.dic` text.

use spellbook::Dictionary;
use std::fmt;

/// A dictionary that could not be used; the message says which and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpellError(pub String);

impl fmt::Display for SpellError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for SpellError {}

pub struct Speller {
    dict: Dictionary,
}

impl fmt::Debug for Speller {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Speller")
    }
}

/// At most this many suggestions are offered (a context menu, not a list to scroll).
pub const MAX_SUGGESTIONS: usize = 7;

impl Speller {
    /// Parses a dictionary. Debian's Kazakh files start with a byte-order mark and end lines
    /// with CR LF; both are removed first, since the parser reads neither.
    pub fn from_hunspell(aff: &str, dic: &str) -> Result<Speller, SpellError> {
        let aff = normalize(aff);
        let dic = normalize(dic);
        Dictionary::new(&aff, &dic)
            .map(|dict| Speller { dict })
            .map_err(|e| SpellError(format!("the dictionary could not be read: {e}")))
    }

    /// Whether the dictionary knows `word` (in any case form Hunspell allows: `москва` is
    /// wrong, `Москва` and `МОСКВА` right). `ё` written as `е` is accepted where the
    /// dictionary has only one of them.
    pub fn check(&self, word: &str) -> bool {
        let word = word.replace('’', "'");
        if self.dict.check(&word) {
            return true;
        }
        if word.contains(['ё', 'Ё']) {
            return self.dict.check(&word.replace('ё', "е").replace('Ё', "Е"));
        }
        false
    }

    /// Corrections for `word`, best first, at most [`MAX_SUGGESTIONS`].
    pub fn suggest(&self, word: &str) -> Vec<String> {
        let mut out = Vec::new();
        self.dict.suggest(word, &mut out);
        out.truncate(MAX_SUGGESTIONS);
        out
    }
}

fn normalize(text: &str) -> String {
    text.strip_prefix('\u{feff}')
        .unwrap_or(text)
        .replace("\r\n", "\n")
}
