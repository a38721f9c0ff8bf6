//! URL slugs from headlines.
//!
//! A headline is first normalized to NFC, so text pasted from macOS or Word in decomposed
//! form (`и` + U+0306 for `й`) spells the same slug as composed text; combining marks left
//! over (a stress accent, `за́мок`) are dropped. Cyrillic letters then follow the newsroom's
//! [`SlugScheme`]:
//!
//! - **Passport** (the default): the scheme of Russian international passports, after ICAO
//!   Doc 9303, which most Russian-language news sites use:
//!
//! | а | б | в | г | д | е | ё | ж  | з | и | й | к | л | м | н | о | п | р | с | т | у | ф | х  |
//! |---|---|---|---|---|---|---|----|---|---|---|---|---|---|---|---|---|---|---|---|---|---|----|
//! | a | b | v | g | d | e | e | zh | z | i | i | k | l | m | n | o | p | r | s | t | u | f | kh |
//!
//! | ц  | ч  | ш  | щ    | ъ  | ы | ь | э | ю  | я  |
//! |----|----|----|------|----|---|---|---|----|----|
//! | ts | ch | sh | shch | ie | y | – | e | iu | ia |
//!
//! - **GOST 7.79-2000, system B**, in its ASCII-only form for URLs (the form WordPress
//!   transliteration plugins use): as above except ё `yo`, й `j`, х `x`, ц `cz` (but `c`
//!   before е, ё, и, й, ы, э, ю, я, і, є, ї — the letters whose Latin spelling starts with
//!   i, e, y or j, as the standard recommends), щ `shh`, ъ dropped, ю `yu`, я `ya`. System B
//!   writes ъ as `` ` ``, ы as `y'` and э as `e'`; apostrophes and backticks have no place in
//!   a URL, so ъ is dropped and ы, э lose the mark.
//!
//! Neither standard covers Kazakh letters. Both schemes spell them as Kazakh passports and the
//! official Latin alphabet of 2021 folded to ASCII do: ә→a, ғ→g, қ→q (GOST) or k (passport),
//! ң→n, ө→o, ұ→u, ү→u, һ→h, і→i.
//!
//! Every other letter is transliterated by `deunicode` (Latin diacritics folded: `Müller` →
//! `muller`, `Straße` → `strasse`; Greek, Arabic, CJK spelled in Latin), never dropped.
//! Everything that is not a letter or digit separates words; the slug is lower case, words
//! are joined by single hyphens, and it is cut at a word boundary to at most
//! [`MAX_SLUG_LEN`] characters. A headline with nothing to spell (`«»—!!`, emoji only) gets
//! [`FALLBACK_SLUG`], so a slug is never empty. The functions are pure, so the same headline
//! gives the same slug on every save.

use serde::{Deserialize, Serialize};
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// Longest slug produced, in ASCII characters.
pub const MAX_SLUG_LEN: usize = 80;

/// The slug of a headline with no letters or digits.
pub const FALLBACK_SLUG: &str = "article";

/// How Cyrillic is spelled in Latin letters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SlugScheme {
    /// Russian international passports (ICAO Doc 9303): `dorogakh`, `pervyi`, `tsiurikh`.
    #[default]
    Passport,
    /// GOST 7.79-2000 system B, ASCII form: `dorogax`, `pervyj`, `cyurix`.
    Gost,
}

impl SlugScheme {
    pub fn as_str(self) -> &'static str {
        match self {
            SlugScheme::Passport => "passport",
            SlugScheme::Gost => "gost",
        }
    }

    pub fn parse(name: &str) -> Option<SlugScheme> {
        match name {
            "passport" => Some(SlugScheme::Passport),
            "gost" => Some(SlugScheme::Gost),
            _ => None,
        }
    }
}

/// The Latin spelling of one lower-case Cyrillic letter; `None` for any other character.
fn cyrillic(c: char, scheme: SlugScheme) -> Option<&'static str> {
    let passport = scheme == SlugScheme::Passport;
    Some(match c {
        'а' => "a",
        'б' => "b",
        'в' => "v",
        'г' => "g",
        'д' => "d",
        'е' => "e",
        'ё' if passport => "e",
        'ё' => "yo",
        'ж' => "zh",
        'з' => "z",
        'и' => "i",
        'й' if passport => "i",
        'й' => "j",
        'к' => "k",
        'л' => "l",
        'м' => "m",
        'н' => "n",
        'о' => "o",
        'п' => "p",
        'р' => "r",
        'с' => "s",
        'т' => "t",
        'у' => "u",
        'ф' => "f",
        'х' if passport => "kh",
        'х' => "x",
        'ц' if passport => "ts",
        'ц' => "cz",
        'ч' => "ch",
        'ш' => "sh",
        'щ' if passport => "shch",
        'щ' => "shh",
        'ъ' if passport => "ie",
        'ъ' | 'ь' => "",
        'ы' => "y",
        'э' => "e",
        'ю' if passport => "iu",
        'ю' => "yu",
        'я' if passport => "ia",
        'я' => "ya",
        // Kazakh.
        'ә' => "a",
        'ғ' => "g",
        'қ' if passport => "k",
        'қ' => "q",
        'ң' => "n",
        'ө' => "o",
        'ұ' | 'ү' => "u",
        'һ' => "h",
        'і' => "i",
        // Ukrainian and Belarusian letters that appear in names.
        'є' if passport => "ie",
        'є' => "ye",
        'ї' if passport => "i",
        'ї' => "yi",
        'ґ' => "g",
        'ў' => "u",
        _ => return None,
    })
}

/// GOST 7.79 B: ц is `c` before these Cyrillic letters (their Latin spelling starts with
/// i, e, y or j), `cz` before anything else.
fn gost_soft_c_before(next: Option<char>) -> bool {
    matches!(
        next,
        Some('е' | 'ё' | 'и' | 'й' | 'ы' | 'э' | 'ю' | 'я' | 'і' | 'є' | 'ї')
    )
}

/// Transliterates `text` to Latin by the default scheme (see [`transliterate_with`]).
pub fn transliterate(text: &str) -> String {
    transliterate_with(text, SlugScheme::default())
}

/// Transliterates `text` to lower-case Latin: Cyrillic by `scheme`, other letters through
/// `deunicode`; what is not a letter or digit stays as it is.
pub fn transliterate_with(text: &str, scheme: SlugScheme) -> String {
    let lower: Vec<char> = text
        .nfc()
        .filter(|&c| !is_combining_mark(c))
        .flat_map(char::to_lowercase)
        .collect();
    let mut out = String::with_capacity(lower.len() * 2);
    for (i, &c) in lower.iter().enumerate() {
        if c == 'ц' && scheme == SlugScheme::Gost {
            out.push_str(if gost_soft_c_before(lower.get(i + 1).copied()) {
                "c"
            } else {
                "cz"
            });
        } else if let Some(latin) = cyrillic(c, scheme) {
            out.push_str(latin);
        } else if c.is_ascii() || !c.is_alphanumeric() {
            out.push(c);
        } else {
            // Only letters and digits go through deunicode: it spells symbols and emoji
            // as words, which do not belong in a slug.
            out.push_str(&deunicode::deunicode_char(c).unwrap_or(" ").to_lowercase());
        }
    }
    out
}

/// A URL slug for a headline by the default scheme (see [`slugify_with`]).
pub fn slugify(headline: &str) -> String {
    slugify_with(headline, SlugScheme::default())
}

/// A URL slug for a headline: transliterated by `scheme`, lower case, words joined by
/// hyphens, at most [`MAX_SLUG_LEN`] characters, cut at a word boundary; [`FALLBACK_SLUG`]
/// when the headline has no letters or digits.
pub fn slugify_with(headline: &str, scheme: SlugScheme) -> String {
    let latin = transliterate_with(headline, scheme);
    let mut slug = String::with_capacity(latin.len());
    let mut pending_hyphen = false;
    for c in latin.chars() {
        if c.is_ascii_alphanumeric() {
            if pending_hyphen && !slug.is_empty() {
                slug.push('-');
            }
            pending_hyphen = false;
            slug.push(c.to_ascii_lowercase());
        } else if c == '\'' || c == '’' {
            // «д'Артаньян», «McDonald's»: an apostrophe does not split a word.
        } else {
            pending_hyphen = true;
        }
    }
    if slug.is_empty() {
        return FALLBACK_SLUG.to_string();
    }
    truncate_at_word(&slug, MAX_SLUG_LEN).to_string()
}

/// `slug` cut to at most `max` bytes (it is ASCII), at the last hyphen if there is one.
fn truncate_at_word(slug: &str, max: usize) -> &str {
    if slug.len() <= max {
        return slug;
    }
    let head = &slug[..max];
    // A cut exactly before a hyphen keeps the whole last word.
    if slug.as_bytes()[max] == b'-' {
        return head;
    }
    match head.rfind('-') {
        Some(cut) if cut > 0 => &head[..cut],
        _ => head,
    }
}

/// `base`, or `base-2`, `base-3`… — the first that `taken` says is free. The suffix is kept
/// within [`MAX_SLUG_LEN`] by shortening the base at a word boundary.
pub fn unique_slug(base: &str, taken: impl Fn(&str) -> bool) -> String {
    if !taken(base) {
        return base.to_string();
    }
    for n in 2u32.. {
        let suffix = format!("-{n}");
        let stem = truncate_at_word(base, MAX_SLUG_LEN - suffix.len()).trim_end_matches('-');
        let candidate = format!("{stem}{suffix}");
        if !taken(&candidate) {
            return candidate;
        }
    }
    unreachable!("u32 suffixes cannot all be taken by a finite set of articles")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gost_b_table() {
        let cases = [
            ("Щука", "shhuka"),
            ("Жёлтый", "zhyoltyj"),
            ("Цирк", "cirk"),
            ("Цветы", "czvety"),
            ("Лицей", "licej"),
            ("Отец", "otecz"),
            ("Цюрих", "cyurix"),
            ("Хабаровск", "xabarovsk"),
            ("Подъезд", "podezd"),
            ("Мышь", "mysh"),
            ("Эхо", "exo"),
            ("Юрта и яблоко", "yurta-i-yabloko"),
            ("Чай", "chaj"),
        ];
        for (input, want) in cases {
            assert_eq!(
                slugify_with(input, SlugScheme::Gost),
                want,
                "GOST 7.79 B (URL form) of {input:?}"
            );
        }
    }

    #[test]
    fn kazakh_letters_table() {
        let cases = [
            ("Қазақстан", "qazaqstan"),
            ("Әл-Фараби", "al-farabi"),
            ("Ғылым", "gylym"),
            ("Теңге", "tenge"),
            ("Өскемен", "oskemen"),
            ("Ұлытау", "ulytau"),
            ("Үкімет", "ukimet"),
            ("Һ", "h"),
            ("Іле", "ile"),
        ];
        for (input, want) in cases {
            assert_eq!(
                slugify_with(input, SlugScheme::Gost),
                want,
                "Kazakh transliteration of {input:?}"
            );
        }
    }

    #[test]
    fn shape_table() {
        let cases = [
            (
                "  МВД: «обратная связь» — с обществом!  ",
                "mvd-obratnaya-svyaz-s-obshhestvom",
            ),
            ("ХК «Барыс» 5:3 «Авангард»", "xk-barys-5-3-avangard"),
            ("COVID-19 в Алматы", "covid-19-v-almaty"),
            ("McDonald's", "mcdonalds"),
            ("«»—!!", "article"),
            ("", "article"),
            ("Ёлка", "yolka"),
        ];
        for (input, want) in cases {
            assert_eq!(
                slugify_with(input, SlugScheme::Gost),
                want,
                "slug of {input:?}"
            );
        }
    }

    #[test]
    fn long_headlines_are_cut_at_a_word() {
        let headline = "Министр внутренних дел Казахстана поручил усилить борьбу с наркопреступностью и насилием над детьми";
        let slug = slugify_with(headline, SlugScheme::Gost);
        assert!(
            slug.len() <= MAX_SLUG_LEN,
            "a slug must fit the limit: {slug}"
        );
        assert!(
            !slug.ends_with('-'),
            "a slug must not end with a hyphen: {slug}"
        );
        let full = transliterate_with(headline, SlugScheme::Gost).replace(' ', "-");
        assert!(
            full.starts_with(&slug) && full[slug.len()..].starts_with('-'),
            "{slug} must end at a word boundary"
        );
        let one_word = "а".repeat(200);
        assert_eq!(
            slugify(&one_word).len(),
            MAX_SLUG_LEN,
            "a single huge word is cut hard"
        );
    }

    #[test]
    fn passport_table() {
        let cases = [
            ("Дорога", "doroga"),
            ("дорогах", "dorogakh"),
            ("Первый", "pervyi"),
            ("Цюрих", "tsiurikh"),
            ("Щука", "shchuka"),
            ("Хабаровск", "khabarovsk"),
            ("Подъезд", "podieezd"),
            ("Жёлтый", "zheltyi"),
            ("Ёлка", "elka"),
            ("Юрта и яблоко", "iurta-i-iabloko"),
            ("Мышь", "mysh"),
            ("Эхо", "ekho"),
            ("Чай", "chai"),
            ("Қазақстан", "kazakstan"),
            ("Әл-Фараби", "al-farabi"),
            (
                "Ғылым Өскемен Ұлытау Үкімет Һ Іле Теңге",
                "gylym-oskemen-ulytau-ukimet-h-ile-tenge",
            ),
        ];
        for (input, want) in cases {
            assert_eq!(slugify(input), want, "passport-style slug of {input:?}");
        }
    }

    #[test]
    fn gost_soft_c_depends_on_the_next_cyrillic_letter() {
        let cases = [
            ("Цепь", "cep"),
            ("Цирк", "cirk"),
            ("Цыган", "cygan"),
            ("Цюрих", "cyurix"),
            ("Цянь", "cyan"),
            ("Ціна", "cina"),
            ("Цвет", "czvet"),
            ("Отец", "otecz"),
            ("Цоколь", "czokol"),
            ("Цуг", "czug"),
            ("Царь", "czar"),
            ("Шпиц", "shpicz"),
        ];
        for (input, want) in cases {
            assert_eq!(
                slugify_with(input, SlugScheme::Gost),
                want,
                "GOST ц in {input:?}"
            );
        }
    }

    #[test]
    fn other_scripts_are_transliterated_not_dropped() {
        let cases = [
            ("Müller и José в Gdańsk", "muller-i-jose-v-gdansk"),
            ("Straße Ørsted", "strasse-orsted"),
            ("Respýblıkasy", "respyblikasy"),
            ("Ελλάδα", "ellada"),
            ("Ça va, Æsir", "ca-va-aesir"),
        ];
        for (input, want) in cases {
            assert_eq!(slugify(input), want, "slug of {input:?}");
        }
    }

    #[test]
    fn decomposed_text_gives_the_same_slug() {
        // As pasted from macOS or Word: й and ё as a base letter and a combining mark.
        let cases = [
            ("Новыи\u{306}", "Новый", "novyi"),
            ("Е\u{308}лка", "Ёлка", "elka"),
            ("за\u{301}мок", "замок", "zamok"),
        ];
        for (decomposed, composed, want) in cases {
            assert_eq!(slugify(decomposed), want, "slug of decomposed {composed:?}");
            assert_eq!(slugify(composed), want, "slug of {composed:?}");
        }
        assert_eq!(
            slugify_with("Новыи\u{306}", SlugScheme::Gost),
            "novyj",
            "GOST spelling of decomposed й"
        );
    }

    #[test]
    fn never_empty() {
        for headline in ["", "«»—!!", "🎉🎉", "   ", "\u{301}"] {
            assert_eq!(slugify(headline), FALLBACK_SLUG, "slug of {headline:?}");
        }
    }

    #[test]
    fn deterministic() {
        let h = "Токаев подписал закон о «цифровом тенге»";
        assert_eq!(
            slugify(h),
            slugify(h),
            "the same headline must give the same slug on every save"
        );
    }

    #[test]
    fn unique_appends_numbers() {
        let taken = ["novosti", "novosti-2"];
        assert_eq!(unique_slug("novosti", |s| taken.contains(&s)), "novosti-3");
        assert_eq!(unique_slug("drugoe", |s| taken.contains(&s)), "drugoe");
        let long = "a".repeat(40) + "-" + &"b".repeat(39);
        assert_eq!(long.len(), MAX_SLUG_LEN);
        let unique = unique_slug(&long, |s| s == long);
        assert!(
            unique.len() <= MAX_SLUG_LEN,
            "a suffixed slug must still fit: {unique}"
        );
        assert!(unique.ends_with("-2"), "{unique}");
    }
}
