//! A deterministic generator of Russian news-like articles for the search benchmark.
//!
//! Real Russian lemmas with their case and verb endings (so the stemmer has real work and
//! queries hit realistic posting lists), function words at the top of a Zipf curve, and a
//! long tail of generated names so the vocabulary grows like a real archive's.

pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// splitmix64
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
}

const FUNCTION_WORDS: &[&str] = &[
    "в",
    "и",
    "на",
    "с",
    "по",
    "что",
    "не",
    "к",
    "за",
    "из",
    "о",
    "от",
    "для",
    "это",
    "как",
    "а",
    "также",
    "его",
    "их",
    "но",
    "после",
    "до",
    "при",
    "уже",
    "он",
    "они",
    "был",
    "была",
    "было",
    "были",
    "будет",
    "года",
    "году",
    "время",
    "более",
    "около",
    "тысяч",
    "миллионов",
];

// (stem, endings) paradigms.
const FEM_A: &[&str] = &["а", "ы", "е", "у", "ой", "ам", "ами", "ах"];
const FEM_YA: &[&str] = &["я", "и", "ю", "ей", "ям", "ями", "ях", "ий"];
const MASC: &[&str] = &["", "а", "у", "ом", "е", "ы", "ов", "ам", "ами", "ах"];
const NEUT: &[&str] = &["о", "а", "у", "ом", "е", "ам", "ами", "ах"];
const NEUT_IE: &[&str] = &["ие", "ия", "ию", "ием", "ии", "ий", "иям", "иями", "иях"];
const ADJ: &[&str] = &[
    "ый", "ая", "ое", "ые", "ого", "ой", "ому", "ым", "ых", "ую", "ыми",
];
const VERB: &[&str] = &[
    "ать",
    "ает",
    "ают",
    "ал",
    "ала",
    "али",
    "ало",
    "ается",
    "ались",
];

const FEM_A_STEMS: &[&str] = &[
    "работ",
    "стран",
    "газет",
    "улиц",
    "школ",
    "больниц",
    "границ",
    "дорог",
    "власт",
    "систем",
    "программ",
    "проблем",
    "минут",
    "недел",
    "област",
    "команд",
    "партий",
    "войн",
    "цен",
    "зарплат",
    "пенси",
    "экономик",
    "политик",
    "прокуратур",
    "столиц",
    "встреч",
    "выставк",
    "пресс-служб",
];
const FEM_YA_STEMS: &[&str] = &[
    "полици",
    "компани",
    "комисси",
    "организаци",
    "информаци",
    "ситуаци",
    "реформ",
    "операци",
    "инфляци",
    "энерги",
    "истори",
    "категори",
    "территори",
    "лаборатори",
    "акци",
    "сесси",
];
const MASC_STEMS: &[&str] = &[
    "суд",
    "город",
    "район",
    "президент",
    "министр",
    "депутат",
    "бюджет",
    "закон",
    "проект",
    "вопрос",
    "рынок",
    "банк",
    "завод",
    "аким",
    "матч",
    "клуб",
    "тренер",
    "рост",
    "налог",
    "кредит",
    "транспорт",
    "автобус",
    "аэропорт",
    "пожар",
    "митинг",
    "конкурс",
    "фестиваль",
    "концерт",
    "сотрудник",
    "водител",
    "житель",
    "прокурор",
    "адвокат",
    "свидетел",
    "журналист",
    "редактор",
    "директор",
    "губернатор",
    "парламент",
    "сенат",
    "мажилис",
    "кодекс",
    "штраф",
];
const NEUT_STEMS: &[&str] = &[
    "дел",
    "мест",
    "слов",
    "решени",
    "общест",
    "государств",
    "производств",
    "здоров",
];
const NEUT_IE_STEMS: &[&str] = &[
    "решен",
    "заявлен",
    "заседан",
    "постановлен",
    "исследован",
    "строительств",
    "образован",
    "управлен",
    "движен",
    "населен",
    "предприят",
    "соглашен",
    "совещан",
    "обращен",
];
const ADJ_STEMS: &[&str] = &[
    "нов",
    "стар",
    "главн",
    "городск",
    "областн",
    "государственн",
    "национальн",
    "международн",
    "экономическ",
    "политическ",
    "социальн",
    "местн",
    "крупн",
    "важн",
    "последн",
    "первы",
    "российск",
    "казахстанск",
    "финансов",
    "уголовн",
    "административн",
    "транспортн",
];
const VERB_STEMS: &[&str] = &[
    "сообщ",
    "заяв",
    "рассказ",
    "обсужд",
    "прин",
    "объяв",
    "провер",
    "задерж",
    "назнач",
    "открыв",
    "закрыв",
    "подпис",
    "утвержд",
    "увелич",
    "сниж",
    "отмеч",
    "предлаг",
    "начин",
];

const SYLLABLES: &[&str] = &[
    "ка", "ра", "лан", "бек", "ну", "са", "ды", "мар", "та", "ер", "жан", "гу", "ли", "об", "ин",
    "ов", "ев", "ар", "ма", "ту", "зы", "ре", "ко", "ви", "ста", "дем", "ол", "бай", "тал", "кен",
];

pub struct Corpus {
    words: Vec<String>,
    cumulative: Vec<f64>,
    /// Lemma forms that queries use (nominative / infinitive, stem + first ending).
    pub query_words: Vec<String>,
}

impl Corpus {
    pub fn new(seed: u64) -> Corpus {
        let mut rng = Rng::new(seed);
        let mut words: Vec<String> = FUNCTION_WORDS.iter().map(|s| s.to_string()).collect();
        let mut query_words = Vec::new();
        let paradigms: [(&[&str], &[&str]); 7] = [
            (FEM_A_STEMS, FEM_A),
            (FEM_YA_STEMS, FEM_YA),
            (MASC_STEMS, MASC),
            (NEUT_STEMS, NEUT),
            (NEUT_IE_STEMS, NEUT_IE),
            (ADJ_STEMS, ADJ),
            (VERB_STEMS, VERB),
        ];
        let mut forms = Vec::new();
        for (stems, endings) in paradigms {
            for stem in stems {
                query_words.push(format!("{stem}{}", endings[0]));
                for ending in endings {
                    forms.push(format!("{stem}{ending}"));
                }
            }
        }
        // Interleave real forms so each lemma has frequent and rare forms.
        for i in 0..forms.len() {
            let j = i + rng.below(forms.len() - i);
            forms.swap(i, j);
        }
        words.extend(forms);
        // The long tail: names, places and rare words.
        for _ in 0..60_000 {
            let n = 2 + rng.below(3);
            let word: String = (0..n)
                .map(|_| SYLLABLES[rng.below(SYLLABLES.len())])
                .collect();
            words.push(word);
        }
        let mut cumulative = Vec::with_capacity(words.len());
        let mut sum = 0.0;
        for rank in 0..words.len() {
            sum += 1.0 / (rank as f64 + 2.7);
            cumulative.push(sum);
        }
        Corpus {
            words,
            cumulative,
            query_words,
        }
    }

    fn word(&self, rng: &mut Rng) -> &str {
        let total = *self.cumulative.last().unwrap_or(&1.0);
        let x = rng.unit() * total;
        let i = self.cumulative.partition_point(|c| *c < x);
        &self.words[i.min(self.words.len() - 1)]
    }

    fn sentence(&self, rng: &mut Rng, words: usize, out: &mut String) {
        for i in 0..words {
            let w = self.word(rng);
            if i == 0 {
                let mut chars = w.chars();
                if let Some(first) = chars.next() {
                    out.extend(first.to_uppercase());
                    out.push_str(chars.as_str());
                }
            } else {
                out.push(' ');
                out.push_str(w);
            }
        }
        out.push_str(". ");
    }

    /// One article: (headline, dek, body) with a body of about `body_words` words.
    pub fn article(&self, rng: &mut Rng, body_words: usize) -> (String, String, String) {
        let mut headline = String::new();
        let n = 5 + rng.below(5);
        self.sentence(rng, n, &mut headline);
        let mut dek = String::new();
        let n = 12 + rng.below(10);
        self.sentence(rng, n, &mut dek);
        let mut body = String::with_capacity(body_words * 9);
        let mut written = 0;
        while written < body_words {
            let n = 8 + rng.below(14);
            self.sentence(rng, n, &mut body);
            written += n;
            if rng.below(6) == 0 {
                body.push_str("\n\n");
            }
        }
        (
            headline.trim().trim_end_matches('.').to_string(),
            dek.trim().to_string(),
            body,
        )
    }
}
