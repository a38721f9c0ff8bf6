//! Tag names and keys: cleaning what was typed, the folded key that decides identity, the
//! words autocomplete indexes, and the resemblance rules behind near-duplicate warnings.
//!
//! Pure functions, tested with tables of Russian and Kazakh pairs.

use crate::error::{Error, Result};
use crate::text_input::clean_line;
use newsroom_text::fold_for_match;

/// Longest tag name; tags are labels, not sentences.
pub const MAX_TAG_CHARS: usize = 100;

/// Cleans a typed tag name: one line, single spaces, trimmed; refuses empty or long ones.
pub fn clean_name(name: &str) -> Result<String> {
    let cleaned = clean_line(name)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if cleaned.is_empty() {
        return Err(Error::Invalid("a tag needs a name".into()));
    }
    let chars = cleaned.chars().count();
    if chars > MAX_TAG_CHARS {
        return Err(Error::Invalid(format!(
            "the tag is {chars} characters long; at most {MAX_TAG_CHARS} are allowed"
        )));
    }
    Ok(cleaned)
}

/// The identity of a tag: «Барыс», «барыс» and «БАРЫС» are one tag; «Ёлка» is «елка»;
/// Kazakh «қ» stays distinct from «к».
pub fn tag_key(name: &str) -> String {
    fold_for_match(name)
}

/// The words of a key, for word-prefix autocomplete («бар» finds «ХК Барыс»). Hyphens and
/// punctuation separate words, so «2025» finds «зимняя Азиада-2025».
pub fn key_words(key: &str) -> Vec<&str> {
    let mut words: Vec<&str> = key
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    words.sort_unstable();
    words.dedup();
    words
}

/// The key with everything but letters and digits removed: «азиада-2025» and
/// «азиада 2025» are the same tag spelt two ways.
fn compact(key: &str) -> String {
    key.chars().filter(|c| c.is_alphanumeric()).collect()
}

/// Edit distance (insert, delete, substitute one character), giving up past `max`.
pub fn edit_distance_within(a: &str, b: &str, max: usize) -> Option<usize> {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > max {
        return None;
    }
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        let mut row_min = cur[0];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
            row_min = row_min.min(cur[j + 1]);
        }
        if row_min > max {
            return None;
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    let d = prev[b.len()];
    (d <= max).then_some(d)
}

/// How many typos two keys may differ by and still look like one tag. Short keys are
/// often distinct abbreviations («НДС», «МВД»), so they must match exactly.
fn typo_budget(key: &str) -> usize {
    match key.chars().count() {
        0..=3 => 0,
        4..=6 => 1,
        _ => 2,
    }
}

/// Why a new tag resembles an existing one, if it does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resemblance {
    /// The same letters and digits, spaced or punctuated differently.
    Spelling,
    /// A typo or two apart («Барыс» / «Барис»).
    Typo,
    /// All the words of one are in the other («барыс» / «ХК Барыс»).
    Contained,
}

/// Whether two (different) keys look like one tag.
pub fn resemblance(new_key: &str, existing_key: &str) -> Option<Resemblance> {
    if new_key == existing_key {
        return None;
    }
    let (a, b) = (compact(new_key), compact(existing_key));
    if !a.is_empty() && a == b {
        return Some(Resemblance::Spelling);
    }
    let budget = typo_budget(&a).min(typo_budget(&b));
    if budget > 0 && edit_distance_within(&a, &b, budget).is_some() {
        return Some(Resemblance::Typo);
    }
    let (wa, wb) = (key_words(new_key), key_words(existing_key));
    let (small, large) = if wa.len() <= wb.len() {
        (&wa, &wb)
    } else {
        (&wb, &wa)
    };
    // A one- or two-letter word («в», «рк») is in too many tags to mean anything.
    let meaningful = small.iter().map(|w| w.chars().count()).sum::<usize>() >= 3;
    if meaningful && !small.is_empty() && small.iter().all(|w| large.contains(w)) {
        return Some(Resemblance::Contained);
    }
    None
}

/// The exclusive upper bound of the keys starting with `prefix` under SQLite's binary
/// collation: no character sorts above U+10FFFF.
pub fn prefix_upper_bound(prefix: &str) -> String {
    let mut upper = String::with_capacity(prefix.len() + 4);
    upper.push_str(prefix);
    upper.push(char::MAX);
    upper
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_fold_russian_and_kazakh_pairs() {
        let same = [
            ("Барыс", "барыс"),
            ("БАРЫС", "Барыс"),
            ("ХК  Барыс", "хк барыс"),
            ("Ёлка", "елка"),
            ("Қазақстан", "қазақстан"),
            ("ӘКІМДІК", "әкімдік"),
            ("Үкімет", "үкімет"),
            ("Ұлттық банк", "ұлттық БАНК"),
        ];
        for (a, b) in same {
            assert_eq!(tag_key(a), tag_key(b), "«{a}» and «{b}» must be one tag");
        }
        let distinct = [
            ("қала", "кала"),
            ("әлем", "алем"),
            ("ұл", "ул"),
            ("үй", "уй"),
            ("і", "и"),
            ("йод", "иод"),
            ("ғалым", "галым"),
            ("өнер", "онер"),
            ("ң", "н"),
            ("һ", "х"),
        ];
        for (a, b) in distinct {
            assert_ne!(
                tag_key(a),
                tag_key(b),
                "«{a}» and «{b}» are different words"
            );
        }
    }

    #[test]
    fn words_split_on_spaces_and_punctuation() {
        assert_eq!(
            key_words("зимняя азиада-2025"),
            vec!["2025", "азиада", "зимняя"]
        );
        assert_eq!(key_words("хк барыс"), vec!["барыс", "хк"]);
    }

    #[test]
    fn edit_distance_counts_characters_not_bytes() {
        assert_eq!(edit_distance_within("барыс", "барис", 2), Some(1));
        assert_eq!(edit_distance_within("қала", "кала", 2), Some(1));
        assert_eq!(edit_distance_within("барыс", "хоккей", 2), None);
        assert_eq!(edit_distance_within("", "аб", 2), Some(2));
    }

    #[test]
    fn resemblance_rules() {
        let cases = [
            ("барыс", "хк барыс", Some(Resemblance::Contained)),
            ("хк барыс", "барыс", Some(Resemblance::Contained)),
            ("барис", "барыс", Some(Resemblance::Typo)),
            ("азиада 2025", "азиада-2025", Some(Resemblance::Spelling)),
            (
                "президент казахстана",
                "президент казахстан",
                Some(Resemblance::Typo),
            ),
            ("ндс", "мвд", None),
            ("дтп", "дтк", None),
            ("в", "авиакатастрофа в актау", None),
            ("погода", "хоккей", None),
            ("барыс", "барыс", None),
        ];
        for (new, existing, expected) in cases {
            assert_eq!(
                resemblance(new, existing),
                expected,
                "«{new}» vs «{existing}»"
            );
        }
    }

    #[test]
    fn clean_name_collapses_spaces_and_refuses_empty() {
        assert_eq!(clean_name("  ХК \t Барыс ").unwrap(), "ХК Барыс");
        assert!(clean_name(" \n ").is_err());
        assert!(clean_name(&"я".repeat(MAX_TAG_CHARS + 1)).is_err());
    }
}
