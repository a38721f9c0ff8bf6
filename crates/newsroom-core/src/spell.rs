//! Spell checking for the editor: Debian's Hunspell dictionaries read from this computer
//! (nothing is sent anywhere), the language chosen by the user or told from the text, and
//! the newsroom's own dictionary of names and places (Токаев, Жетысу, Барыс), kept in the
//! local settings table, which sync never reads; an added name also covers its declined
//! forms (Токаеву, Жетысуда, Барыса: see [`NewsroomWords`]).
//!
//! A dictionary that is not installed is reported in the answer (which package brings it),
//! never an error: the rest of the text is still checked where another dictionary applies.

use crate::error::{Error, Result};
use crate::store::Store;
use newsroom_text::spell::{self, script_of, NewsroomWords, Script, SpellLang, Speller};
use serde::Serialize;
use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock};
use ts_rs::TS;

const NEWSROOM_WORDS_KEY: &str = "spell.newsroom_words";
const LANGUAGE_KEY: &str = "spell.language";
/// Where Debian's hunspell-* packages put their files.
const SYSTEM_DIR: &str = "/usr/share/hunspell";
/// A newsroom word is a name, not a sentence.
const MAX_WORD_CHARS: usize = 64;
const MAX_NEWSROOM_WORDS: usize = 20_000;

/// What the user chose in the editor: a language, "auto" (told from the text), or "off".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpellChoice {
    Auto,
    Off,
    Lang(SpellLang),
}

impl SpellChoice {
    pub fn parse(name: &str) -> Option<SpellChoice> {
        match name {
            "auto" => Some(SpellChoice::Auto),
            "off" => Some(SpellChoice::Off),
            other => SpellLang::parse(other).map(SpellChoice::Lang),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            SpellChoice::Auto => "auto",
            SpellChoice::Off => "off",
            SpellChoice::Lang(lang) => lang.as_str(),
        }
    }
}

/// One misspelled word at `from..to`, in UTF-16 code units (the editor's offsets).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct SpellMark {
    pub from: u32,
    pub to: u32,
    pub word: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct SpellReport {
    /// The language the text was checked in ("ru", "kk", "en"), or "off".
    pub language: String,
    pub marks: Vec<SpellMark>,
    /// One sentence per dictionary that was needed but is not installed.
    pub missing: Vec<String>,
}

/// The dictionaries of one directory, each loaded on first use and kept (loading the
/// Russian one takes a noticeable fraction of a second).
pub struct Dictionaries {
    dir: PathBuf,
    loaded: Mutex<HashMap<SpellLang, Result<Arc<Speller>, String>>>,
}

impl Dictionaries {
    pub fn at(dir: impl Into<PathBuf>) -> Dictionaries {
        Dictionaries {
            dir: dir.into(),
            loaded: Mutex::new(HashMap::new()),
        }
    }

    /// The system's dictionaries (`NEWSROOM_HUNSPELL_DIR` overrides the directory), shared
    /// by the whole process.
    pub fn system() -> &'static Dictionaries {
        static SYSTEM: OnceLock<Dictionaries> = OnceLock::new();
        SYSTEM.get_or_init(|| {
            let dir = std::env::var_os("NEWSROOM_HUNSPELL_DIR")
                .map(PathBuf::from)
                .unwrap_or_else(|| PathBuf::from(SYSTEM_DIR));
            Dictionaries::at(dir)
        })
    }

    /// The dictionary of `lang`, or a sentence saying why it cannot be used.
    pub fn get(&self, lang: SpellLang) -> Result<Arc<Speller>, String> {
        let mut loaded = self.loaded.lock().unwrap_or_else(|e| e.into_inner());
        loaded
            .entry(lang)
            .or_insert_with(|| self.load(lang))
            .clone()
    }

    fn load(&self, lang: SpellLang) -> Result<Arc<Speller>, String> {
        let name = lang.hunspell_name();
        let read = |ext: &str| std::fs::read_to_string(self.dir.join(format!("{name}.{ext}")));
        let (aff, dic) = match (read("aff"), read("dic")) {
            (Ok(aff), Ok(dic)) => (aff, dic),
            (Err(e), _) | (_, Err(e)) => {
                return Err(format!(
                    "the {} spelling dictionary is not installed ({name}.aff/.dic in {}: {e}); \
                     install the {} package",
                    language_name(lang),
                    self.dir.display(),
                    lang.debian_package()
                ))
            }
        };
        Speller::from_hunspell(&aff, &dic)
            .map(Arc::new)
            .map_err(|e| {
                format!(
                    "the {} spelling dictionary is damaged: {e}",
                    language_name(lang)
                )
            })
    }
}

fn language_name(lang: SpellLang) -> &'static str {
    match lang {
        SpellLang::Ru => "Russian",
        SpellLang::Kk => "Kazakh",
        SpellLang::En => "English",
    }
}

/// The newsroom's words, as stored (one per line, sorted).
fn parse_words(stored: Option<String>) -> BTreeSet<String> {
    stored
        .unwrap_or_default()
        .lines()
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// Checks `text` with the given dictionaries and newsroom words (the pure part of
/// [`Store::check_spelling`], also used by the benchmark).
pub fn check_text(
    dictionaries: &Dictionaries,
    newsroom: &NewsroomWords,
    text: &str,
    markdown: bool,
    choice: SpellChoice,
) -> SpellReport {
    let lang = match choice {
        SpellChoice::Off => {
            return SpellReport {
                language: "off".into(),
                marks: Vec::new(),
                missing: Vec::new(),
            }
        }
        SpellChoice::Auto => spell::detect_language(text),
        SpellChoice::Lang(lang) => lang,
    };
    let auto = choice == SpellChoice::Auto;
    let mut spellers: HashMap<SpellLang, Option<Arc<Speller>>> = HashMap::new();
    let mut missing = Vec::new();
    let mut knows = |l: SpellLang, word: &str| -> Option<bool> {
        let speller = spellers
            .entry(l)
            .or_insert_with(|| match dictionaries.get(l) {
                Ok(s) => Some(s),
                Err(message) => {
                    missing.push(message);
                    None
                }
            });
        speller.as_ref().map(|s| known_word(s, word))
    };
    let found = spell::misspellings(text, markdown, |word| {
        // A word of a script no dictionary here covers (Greek, Chinese) is not judged.
        let Some(script) = script_of(word) else {
            return true;
        };
        let dict_lang = lang.for_script(script);
        match knows(dict_lang, word) {
            // No dictionary: nothing can be judged (the footer says which is missing).
            None | Some(true) => true,
            // In "auto", Russian and Kazakh copy quote each other (names, a Russian quote in
            // a Kazakh story): a Cyrillic word the other dictionary knows is not a mistake.
            // A chosen language is strict.
            Some(false) if auto && script == Script::Cyrillic => {
                let other = if dict_lang == SpellLang::Kk {
                    SpellLang::Ru
                } else {
                    SpellLang::Kk
                };
                knows(other, word).unwrap_or(false) || newsroom.knows(word)
            }
            // The newsroom's words are asked last: matching a declined form stems the word,
            // which only the words the dictionaries reject need.
            Some(false) => newsroom.knows(word),
        }
    });
    SpellReport {
        language: lang.as_str().into(),
        marks: found
            .into_iter()
            .map(|m| SpellMark {
                from: m.from as u32,
                to: m.to as u32,
                word: m.word,
            })
            .collect(),
        missing,
    }
}

/// A hyphenated word is right when the dictionary knows it whole (`что-то`) or knows each
/// part (`Алма-Ата`, `северо-запад`).
fn known_word(speller: &Speller, word: &str) -> bool {
    speller.check(word)
        || (word.contains('-') && word.split('-').all(|p| p.is_empty() || speller.check(p)))
}

impl Store {
    /// The misspelled words of `text` (the body when `markdown`, else the headline).
    pub fn check_spelling(&self, text: &str, markdown: bool, choice: &str) -> Result<SpellReport> {
        self.check_spelling_with(Dictionaries::system(), text, markdown, choice)
    }

    pub fn check_spelling_with(
        &self,
        dictionaries: &Dictionaries,
        text: &str,
        markdown: bool,
        choice: &str,
    ) -> Result<SpellReport> {
        let choice = SpellChoice::parse(choice).ok_or_else(|| {
            Error::Invalid(format!(
                "unknown spelling language {choice:?}: expected auto, ru, kk, en or off"
            ))
        })?;
        let entries = self
            .db()
            .read(|conn| Ok(parse_words(crate::settings::get(conn, NEWSROOM_WORDS_KEY)?)))?;
        let newsroom = NewsroomWords::new(entries.iter().map(String::as_str));
        Ok(check_text(dictionaries, &newsroom, text, markdown, choice))
    }

    /// Corrections for a misspelled `word` in the language the check used.
    pub fn spelling_suggestions(&self, word: &str, language: &str) -> Result<Vec<String>> {
        self.spelling_suggestions_with(Dictionaries::system(), word, language)
    }

    pub fn spelling_suggestions_with(
        &self,
        dictionaries: &Dictionaries,
        word: &str,
        language: &str,
    ) -> Result<Vec<String>> {
        let lang = SpellLang::parse(language)
            .ok_or_else(|| Error::Invalid(format!("unknown spelling language {language:?}")))?;
        let Some(script) = script_of(word) else {
            return Ok(Vec::new());
        };
        let speller = dictionaries
            .get(lang.for_script(script))
            .map_err(Error::Invalid)?;
        Ok(speller.suggest(word))
    }

    /// The newsroom's own words, sorted.
    pub fn newsroom_words(&self) -> Result<Vec<String>> {
        self.db().read(|conn| {
            Ok(parse_words(crate::settings::get(conn, NEWSROOM_WORDS_KEY)?)
                .into_iter()
                .collect())
        })
    }

    /// Adds a name or place to the newsroom's dictionary (anyone who writes may). It stays in
    /// this computer's database: sync never sends settings.
    pub fn add_newsroom_word(&self, word: &str) -> Result<Vec<String>> {
        let word = word.trim();
        if word.is_empty()
            || word.chars().count() > MAX_WORD_CHARS
            || word.chars().any(|c| c.is_whitespace() || c.is_control())
        {
            return Err(Error::Invalid(format!(
                "{word:?} cannot be a dictionary word: one word of 1 to {MAX_WORD_CHARS} letters, no spaces"
            )));
        }
        self.db().write(|tx| {
            let mut words = parse_words(crate::settings::get(tx, NEWSROOM_WORDS_KEY)?);
            if words.len() >= MAX_NEWSROOM_WORDS && !words.contains(word) {
                return Err(Error::Invalid(format!(
                    "the newsroom dictionary is full ({MAX_NEWSROOM_WORDS} words)"
                )));
            }
            words.insert(word.to_string());
            crate::settings::put(tx, NEWSROOM_WORDS_KEY, &join(&words))?;
            Ok(words.into_iter().collect())
        })
    }

    pub fn remove_newsroom_word(&self, word: &str) -> Result<Vec<String>> {
        self.db().write(|tx| {
            let mut words = parse_words(crate::settings::get(tx, NEWSROOM_WORDS_KEY)?);
            words.remove(word.trim());
            crate::settings::put(tx, NEWSROOM_WORDS_KEY, &join(&words))?;
            Ok(words.into_iter().collect())
        })
    }

    /// The spelling language chosen in the editor ("auto" until one is chosen).
    pub fn spell_language(&self) -> Result<String> {
        self.db().read(|conn| {
            Ok(crate::settings::get(conn, LANGUAGE_KEY)?
                .and_then(|s| SpellChoice::parse(&s))
                .unwrap_or(SpellChoice::Auto)
                .as_str()
                .to_string())
        })
    }

    pub fn set_spell_language(&self, choice: &str) -> Result<String> {
        let parsed = SpellChoice::parse(choice).ok_or_else(|| {
            Error::Invalid(format!(
                "unknown spelling language {choice:?}: expected auto, ru, kk, en or off"
            ))
        })?;
        self.db()
            .write(|tx| crate::settings::put(tx, LANGUAGE_KEY, parsed.as_str()))?;
        Ok(parsed.as_str().to_string())
    }
}

fn join(words: &BTreeSet<String>) -> String {
    words
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join("\n")
}
