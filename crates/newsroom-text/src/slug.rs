//! URL slugs from headlines.
//!
//! Russian letters are transliterated by **GOST 7.79-2000, system B**, in its ASCII-only
//! form for URLs (the form WordPress transliteration plugins use):
//!
//! | а | б | в | г | д | е | ё  | ж  | з | и | й | к | л | м | н | о | п | р | с | т | у | ф | х |
//! |---|---|---|---|---|---|----|----|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|
//! | a | b | v | g | d | e | yo | zh | z | i | j | k | l | m | n | o | p | r | s | t | u | f | x |
//!
//! | ц                  | ч  | ш  | щ   | ъ | ы | ь | э | ю  | я  |
//! |--------------------|----|----|-----|---|---|---|---|----|----|
//! | c before i e y j, otherwise cz | ch | sh | shh | – | y | – | e | yu | ya |
//!
//! System B writes ъ as `` ` ``, ы as `y'`, ь as `'` and э as `e'`; apostrophes and
//! backticks have no place in a URL, so ъ and ь are dropped and ы, э lose the mark.
//!
//! GOST 7.79 does not cover Kazakh letters. They follow the official Kazakh Latin
//! alphabet of 2021 folded to ASCII: ә→a, ғ→g, қ→q, ң→n, ө→o, ұ→u, ү→u, һ→h, і→i
//! (so «Қазақстан» → `qazaqstan`).
//!
//! Everything else that is not an ASCII letter or digit separates words; the slug is lower
//! case, words are joined by single hyphens, and it is cut at a word boundary to at most
//! [`MAX_SLUG_LEN`] characters. The function is pure, so the same headline gives the same
//! slug on every save.

/// Longest slug produced, in ASCII characters.
pub const MAX_SLUG_LEN: usize = 80;

/// The Latin spelling of one lower-case letter; `None` for a character that is not a
/// Cyrillic letter we know.
fn cyrillic(c: char) -> Option<&'static str> {
    Some(match c {
        'а' => "a",
        'б' => "b",
        'в' => "v",
        'г' => "g",
        'д' => "d",
        'е' => "e",
        'ё' => "yo",
        'ж' => "zh",
        'з' => "z",
        'и' => "i",
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
        'х' => "x",
        'ц' => "cz",
        'ч' => "ch",
        'ш' => "sh",
        'щ' => "shh",
        'ъ' | 'ь' => "",
        'ы' => "y",
        'э' => "e",
        'ю' => "yu",
        'я' => "ya",
        // Kazakh (2021 Latin alphabet, ASCII-folded).
        'ә' => "a",
        'ғ' => "g",
        'қ' => "q",
        'ң' => "n",
        'ө' => "o",
        'ұ' | 'ү' => "u",
        'һ' => "h",
        'і' => "i",
        // Ukrainian and Belarusian letters that appear in names.
        'є' => "ye",
        'ї' => "yi",
        'ґ' => "g",
        'ў' => "u",
        _ => return None,
    })
}

/// Transliterates `text` to Latin, keeping everything that is not Cyrillic as it is.
pub fn transliterate(text: &str) -> String {
    let lower: Vec<char> = text.chars().flat_map(char::to_lowercase).collect();
    let mut out = String::with_capacity(lower.len() * 2);
    for (i, &c) in lower.iter().enumerate() {
        match cyrillic(c) {
            Some("cz") => {
                // GOST 7.79 B: ц is «c» before i, e, y, j (of the Latin spelling that follows).
                let next = lower
                    .get(i + 1)
                    .and_then(|&n| cyrillic(n))
                    .and_then(|s| s.chars().next());
                out.push_str(if matches!(next, Some('i' | 'e' | 'y' | 'j')) {
                    "c"
                } else {
                    "cz"
                });
            }
            Some(latin) => out.push_str(latin),
            None => out.push(c),
        }
    }
    out
}

/// A URL slug for a headline: transliterated, lower case, words joined by hyphens, at most
/// [`MAX_SLUG_LEN`] characters, cut at a word boundary. Empty when the headline has no
/// letters or digits.
pub fn slugify(headline: &str) -> String {
    let latin = transliterate(headline);
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
            assert_eq!(slugify(input), want, "GOST 7.79 B (URL form) of {input:?}");
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
            assert_eq!(slugify(input), want, "Kazakh transliteration of {input:?}");
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
            ("«»—!!", ""),
            ("", ""),
            ("Ёлка", "yolka"),
        ];
        for (input, want) in cases {
            assert_eq!(slugify(input), want, "slug of {input:?}");
        }
    }

    #[test]
    fn long_headlines_are_cut_at_a_word() {
        let headline = "Министр внутренних дел Казахстана поручил усилить борьбу с наркопреступностью и насилием над детьми";
        let slug = slugify(headline);
        assert!(
            slug.len() <= MAX_SLUG_LEN,
            "a slug must fit the limit: {slug}"
        );
        assert!(
            !slug.ends_with('-'),
            "a slug must not end with a hyphen: {slug}"
        );
        let full = transliterate(headline).replace(' ', "-");
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
