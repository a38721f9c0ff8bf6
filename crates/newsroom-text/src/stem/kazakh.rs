//! A suffix-stripping stemmer for Kazakh, and the test that says a text is Kazakh.
//!
//! Kazakh is agglutinative: a noun takes a plural, a possessive and a case ending in that
//! order (`ойыншы-лар-ы-ның`). No maintained Snowball stemmer exists for it, so this one
//! strips those endings from the end of the word, longest first, a few times over, and
//! keeps at least three letters. A stem ending in a consonant voiced before a vowel
//! ending is put back to its dictionary spelling (`мектебі` → `мектеб` → `мектеп`,
//! `әкімдігі` → `әкімдік`). The same function stems the index and the query, so even an
//! over-cut stem (`ойыншы` → `ойынш`) finds every form of its word.

/// Endings, folded (lower case, ё as е). Plural; possessive; case (genitive, dative,
/// accusative, locative, ablative, instrumental, equative) and the attributive `-дағы`.
const SUFFIXES: &[&str] = &[
    // plural
    "лар",
    "лер",
    "дар",
    "дер",
    "тар",
    "тер", // possessive
    "ымыз",
    "іміз",
    "мыз",
    "міз",
    "ыңыз",
    "іңіз",
    "ңыз",
    "ңіз",
    "ым",
    "ім",
    "ың",
    "ің",
    "сы",
    "сі",
    "ы",
    "і",
    "м",
    "ң", // genitive
    "ның",
    "нің",
    "дың",
    "дің",
    "тың",
    "тің", // dative
    "ға",
    "ге",
    "қа",
    "ке",
    "на",
    "не", // accusative
    "ны",
    "ні",
    "ды",
    "ді",
    "ты",
    "ті",
    "н", // locative
    "нда",
    "нде",
    "да",
    "де",
    "та",
    "те", // ablative
    "нан",
    "нен",
    "дан",
    "ден",
    "тан",
    "тен", // instrumental
    "мен",
    "бен",
    "пен", // equative
    "ша",
    "ше", // attributive
    "ндағы",
    "ндегі",
    "дағы",
    "дегі",
    "тағы",
    "тегі",
];

/// Rounds of stripping: plural, possessive, case and one attributive fit.
const MAX_ROUNDS: usize = 5;
/// Letters a stem keeps.
const MIN_STEM_CHARS: usize = 3;

/// Kazakh letters absent from the Russian alphabet (lower case).
pub fn is_kazakh_letter(c: char) -> bool {
    matches!(c, 'ә' | 'ғ' | 'қ' | 'ң' | 'ө' | 'ұ' | 'ү' | 'һ' | 'і')
}

/// The stem of a folded Cyrillic word; other words come back whole.
pub fn kazakh_stem(folded: &str) -> String {
    let mut chars: Vec<char> = folded.chars().collect();
    if !chars.iter().all(|&c| is_cyrillic(c)) {
        return folded.to_string();
    }
    for _ in 0..MAX_ROUNDS {
        let cut = SUFFIXES
            .iter()
            .map(|s| s.chars().collect::<Vec<char>>())
            .filter(|s| chars.ends_with(s) && chars.len() >= s.len() + MIN_STEM_CHARS)
            // A one-letter ending is cut only from a long word: «сабақ» keeps its «қ».
            .filter(|s| s.len() > 1 || chars.len() > MIN_STEM_CHARS + 1)
            .map(|s| s.len())
            .max();
        match cut {
            Some(len) => chars.truncate(chars.len() - len),
            None => break,
        }
    }
    if let Some(last) = chars.last_mut() {
        *last = match *last {
            'б' => 'п',
            'г' => 'к',
            'ғ' => 'қ',
            other => other,
        };
    }
    chars.into_iter().collect()
}

fn is_cyrillic(c: char) -> bool {
    ('\u{400}'..='\u{4ff}').contains(&c)
}

/// A text is Kazakh when at least one Cyrillic word in ten has a Kazakh letter: Kazakh
/// prose has them in a third of its words or more, Russian prose only in the odd name
/// (`Қазақстан`, `Өскемен`).
pub fn is_kazakh_text<'a>(folded_words: impl IntoIterator<Item = &'a str>) -> bool {
    let mut cyrillic = 0usize;
    let mut kazakh = 0usize;
    for word in folded_words {
        if word.chars().any(is_cyrillic) {
            cyrillic += 1;
            if word.chars().any(is_kazakh_letter) {
                kazakh += 1;
            }
        }
    }
    kazakh > 0 && kazakh * 10 >= cyrillic
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_of_a_word_share_a_stem() {
        let groups: &[&[&str]] = &[
            &["ойыншы", "ойыншылары", "ойыншылар", "ойыншыларының"],
            &[
                "мектеп",
                "мектептер",
                "мектебі",
                "мектепке",
                "мектептегі",
                "мектептен",
            ],
            &["ұстаз", "ұстаздар", "ұстазы", "ұстаздарымыз", "ұстазға"],
            &["қазақ", "қазақша", "қазақтың", "қазақтар"],
            &["әкімдік", "әкімдігі", "әкімдіктің", "әкімдікке"],
        ];
        for group in groups {
            let stem = kazakh_stem(group[0]);
            for form in group.iter() {
                assert_eq!(kazakh_stem(form), stem, "«{form}» and «{}»", group[0]);
            }
        }
    }

    #[test]
    fn different_words_stay_apart() {
        assert_ne!(kazakh_stem("мектеп"), kazakh_stem("мекен"));
        assert_ne!(kazakh_stem("қала"), kazakh_stem("қазақ"));
        assert_eq!(kazakh_stem("wordpress"), "wordpress", "Latin is left whole");
    }

    #[test]
    fn kazakh_text_is_told_from_russian() {
        let kz = ["ойыншылары", "жеңіске", "жетті", "мектептің", "ұстаздары"];
        assert!(is_kazakh_text(kz));
        let ru: Vec<&str> = "президент посетил город в области и встретился с жителями \
                             которые рассказали о проблемах дорог в регионе қазақстан"
            .split_whitespace()
            .collect();
        assert!(
            !is_kazakh_text(ru.iter().copied()),
            "one Kazakh name does not make Russian text Kazakh"
        );
    }
}
