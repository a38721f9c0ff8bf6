//! The newsroom's own dictionary: names and places no Hunspell dictionary has (Токаев,
//! Жетысу, Барыс).
//!
//! Russian and Kazakh decline names (Токаеву, Жетысуда, Барыса), so a Cyrillic entry also
//! covers its inflected forms: a word whose Russian stem (Snowball) or Kazakh stem (the
//! suffix stripper search uses) is the entry itself or the entry's own stem. (The entry
//! alone is needed: Snowball cuts `токаев` to `тока` but `токаеву` only to `токаев`.) Case is kept as written, since a name is a
//! name: an entry with a capital accepts a word with a capital (or all in capitals), so
//! `Токаеву` and `ТОКАЕВУ` pass and `токаеву` stays marked.

use crate::fold_for_match;
use crate::spell::{script_of, Script};
use crate::stem::{kazakh::kazakh_stem, russian_stem};
use std::collections::HashSet;

/// The newsroom's words, ready for checking.
#[derive(Debug, Clone, Default)]
pub struct NewsroomWords {
    exact: HashSet<String>,
    upper: HashSet<String>,
    /// `(capitalized, key)` of each Cyrillic entry: its folded form and its Russian and
    /// Kazakh stems.
    stems: HashSet<(bool, String)>,
}

impl NewsroomWords {
    pub fn new<'a>(entries: impl IntoIterator<Item = &'a str>) -> NewsroomWords {
        let mut words = NewsroomWords::default();
        for entry in entries {
            words.exact.insert(entry.to_string());
            words.upper.insert(entry.to_uppercase());
            if script_of(entry) == Some(Script::Cyrillic) {
                let capital = starts_upper(entry);
                let folded = fold_for_match(entry);
                for stem in stems(entry) {
                    words.stems.insert((capital, stem));
                }
                words.stems.insert((capital, folded));
            }
        }
        words
    }

    /// Whether `word` is an entry or one of its forms (see the module's note on case).
    pub fn knows(&self, word: &str) -> bool {
        if self.exact.contains(word) {
            return true;
        }
        let all_caps = word.chars().any(char::is_alphabetic) && word == word.to_uppercase();
        if all_caps && self.upper.contains(word) {
            return true;
        }
        if script_of(word) != Some(Script::Cyrillic) {
            return false;
        }
        let capital = starts_upper(word);
        stems(word).into_iter().any(|stem| {
            self.stems.contains(&(capital, stem.clone()))
                || (all_caps && self.stems.contains(&(!capital, stem)))
        })
    }
}

fn starts_upper(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

fn stems(word: &str) -> [String; 2] {
    let folded = fold_for_match(word);
    [russian_stem(&folded), kazakh_stem(&folded)]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn newsroom() -> NewsroomWords {
        NewsroomWords::new(["Токаев", "Жетысу", "Барыс", "Тоқаев", "Microsoft"])
    }

    #[test]
    fn an_added_name_accepts_its_declined_forms() {
        let words = newsroom();
        for form in [
            "Токаев",
            "Токаеву",
            "Токаева",
            "Токаевым",
            "ТОКАЕВУ",
            "Барыса",
            "Барысу",
            "Барысом",
            "Жетысу",
            "Жетысуда",
            "Жетысудың",
            "Жетысуға",
            "Тоқаевқа",
            "Тоқаевтың",
        ] {
            assert!(words.knows(form), "{form} is a form of an added name");
        }
    }

    #[test]
    fn other_words_and_lower_case_names_stay_unknown() {
        let words = newsroom();
        for word in [
            "токаеву",
            "барыса",
            "Бары",
            "Токарев",
            "Жетысай",
            "Microsofts",
        ] {
            assert!(!words.knows(word), "{word} must stay marked");
        }
        assert!(words.knows("MICROSOFT"), "an entry in capitals");
    }
}
