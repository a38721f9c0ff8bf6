//! Which dictionary a word belongs to: the language follows the user's choice, or the text
//! when the choice is "auto" (Kazakh-only letters say Kazakh, other Cyrillic says Russian);
//! a word in the other script (an English name in a Russian text) goes to that script's
//! dictionary, so mixed copy is not all underlined.

/// The three languages the newsroom writes in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SpellLang {
    Ru,
    Kk,
    En,
}

impl SpellLang {
    pub const ALL: [SpellLang; 3] = [SpellLang::Ru, SpellLang::Kk, SpellLang::En];

    pub fn parse(code: &str) -> Option<SpellLang> {
        match code {
            "ru" => Some(SpellLang::Ru),
            "kk" => Some(SpellLang::Kk),
            "en" => Some(SpellLang::En),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            SpellLang::Ru => "ru",
            SpellLang::Kk => "kk",
            SpellLang::En => "en",
        }
    }

    /// The Hunspell file stem Debian's packages install (`ru_RU.aff`/`ru_RU.dic`…).
    pub fn hunspell_name(self) -> &'static str {
        match self {
            SpellLang::Ru => "ru_RU",
            SpellLang::Kk => "kk_KZ",
            SpellLang::En => "en_US",
        }
    }

    /// The Debian package that installs this dictionary (named in the "missing" message).
    pub fn debian_package(self) -> &'static str {
        match self {
            SpellLang::Ru => "hunspell-ru",
            SpellLang::Kk => "hunspell-kk",
            SpellLang::En => "hunspell-en-us",
        }
    }

    pub fn script(self) -> Script {
        match self {
            SpellLang::Ru | SpellLang::Kk => Script::Cyrillic,
            SpellLang::En => Script::Latin,
        }
    }

    /// The dictionary for a word of `script` in a text of this language.
    pub fn for_script(self, script: Script) -> SpellLang {
        match (self, script) {
            (lang, s) if lang.script() == s => lang,
            (_, Script::Latin) => SpellLang::En,
            (_, Script::Cyrillic) => SpellLang::Ru,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Script {
    Cyrillic,
    Latin,
}

/// The script of a word's first letter, or `None` for a word in neither (Greek, CJK…),
/// which no installed dictionary can judge and so is never marked.
pub fn script_of(word: &str) -> Option<Script> {
    let c = word.chars().find(|c| c.is_alphabetic())?;
    match c {
        '\u{0400}'..='\u{04FF}' | '\u{0500}'..='\u{052F}' => Some(Script::Cyrillic),
        'a'..='z' | 'A'..='Z' | '\u{00C0}'..='\u{024F}' => Some(Script::Latin),
        _ => None,
    }
}

fn is_kazakh_letter(c: char) -> bool {
    matches!(
        c.to_lowercase().next().unwrap_or(c),
        'ә' | 'ғ' | 'қ' | 'ң' | 'ө' | 'ұ' | 'ү' | 'һ' | 'і'
    )
}

/// The language of a text: Kazakh when at least 2 % of its Cyrillic letters are letters only
/// Kazakh has (a quoted Kazakh name in Russian copy does not switch it), Russian when it is
/// mostly Cyrillic, English otherwise.
pub fn detect_language(text: &str) -> SpellLang {
    let (mut cyrillic, mut latin, mut kazakh) = (0usize, 0usize, 0usize);
    for c in text.chars() {
        match script_of(c.encode_utf8(&mut [0; 4])) {
            Some(Script::Cyrillic) => {
                cyrillic += 1;
                kazakh += usize::from(is_kazakh_letter(c));
            }
            Some(Script::Latin) => latin += 1,
            None => {}
        }
    }
    if cyrillic == 0 && latin > 0 {
        SpellLang::En
    } else if kazakh * 50 >= cyrillic.max(1) && kazakh > 0 {
        SpellLang::Kk
    } else if latin > cyrillic {
        SpellLang::En
    } else {
        SpellLang::Ru
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_text_tells_its_language() {
        assert_eq!(
            detect_language("Министр внутренних дел поручил"),
            SpellLang::Ru
        );
        assert_eq!(
            detect_language("Қазақстан үкіметі жаңа заң қабылдады"),
            SpellLang::Kk
        );
        assert_eq!(detect_language("The minister said"), SpellLang::En);
        assert_eq!(detect_language(""), SpellLang::Ru);
        // One Kazakh name in a long Russian paragraph keeps it Russian.
        let ru = "Министр внутренних дел поручил усилить безопасность на дорогах страны \
                  во время зимних праздников, сообщили в ведомстве. Аким Жетісу";
        assert_eq!(detect_language(ru), SpellLang::Ru);
    }

    #[test]
    fn a_word_goes_to_its_scripts_dictionary() {
        assert_eq!(SpellLang::Ru.for_script(Script::Latin), SpellLang::En);
        assert_eq!(SpellLang::Kk.for_script(Script::Cyrillic), SpellLang::Kk);
        assert_eq!(SpellLang::En.for_script(Script::Cyrillic), SpellLang::Ru);
        assert_eq!(script_of("Müller"), Some(Script::Latin));
        assert_eq!(script_of("Ελλάδα"), None);
    }
}
