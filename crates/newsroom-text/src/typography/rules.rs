//! The typographic rules, applied to one block of visible text.
//!
//! A block is a sequence of [`Cell`]s: the characters a reader sees, each tagged with where
//! it sits in the Markdown source, or with `None` when it must not be edited (code spans,
//! soft line breaks, entity references, bare URLs). Every rule looks at the whole block for
//! context but proposes [`Edit`]s only; the caller applies an edit only when every cell it
//! covers is editable and contiguous in the source. That single check is what keeps code,
//! links and URLs untouched.
//!
//! Every rule produces output that no rule matches again, so the pass is idempotent.

/// A no-break space (U+00A0).
pub const NBSP: char = '\u{a0}';

/// Stands for an inline thing that is not text (a code span, an inline HTML tag): to the
/// rules it looks like a letter, so a quote before it opens and a quote after it closes.
pub const OPAQUE: char = '\u{fffc}';

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cell {
    pub ch: char,
    /// Byte offset of the character in the source; `None` = read-only context.
    pub src: Option<usize>,
}

/// Replace cells `start..end` with `text`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub start: usize,
    pub end: usize,
    pub text: String,
}

impl Edit {
    fn one(at: usize, ch: char) -> Edit {
        Edit {
            start: at,
            end: at + 1,
            text: ch.to_string(),
        }
    }
}

/// Runs every rule over a block and returns the edits, sorted and without overlaps.
pub fn block_edits(cells: &[Cell]) -> Vec<Edit> {
    let chars: Vec<char> = cells.iter().map(|c| c.ch).collect();
    let editable: Vec<bool> = cells.iter().map(|c| c.src.is_some()).collect();
    let mut edits = Vec::new();
    quotes(&chars, &editable, &mut edits);
    dashes(&chars, &mut edits);
    ellipsis(&chars, &mut edits);
    short_words(&chars, &mut edits);
    numbers_and_units(&chars, &mut edits);
    initials(&chars, &mut edits);
    edits.retain(|e| chars[e.start..e.end].iter().copied().ne(e.text.chars()));
    edits.sort_by_key(|e| (e.start, e.end));
    let mut kept: Vec<Edit> = Vec::with_capacity(edits.len());
    for edit in edits {
        if kept.last().is_none_or(|last| last.end <= edit.start) {
            kept.push(edit);
        }
    }
    kept
}

fn at(chars: &[char], i: isize) -> Option<char> {
    if i < 0 {
        None
    } else {
        chars.get(i as usize).copied()
    }
}

fn is_space(c: Option<char>) -> bool {
    c.is_none_or(char::is_whitespace)
}

fn is_wordish(c: char) -> bool {
    c.is_alphanumeric() || c == OPAQUE
}

fn is_cyrillic_letter(c: char) -> bool {
    // U+0400–U+04FF holds Russian and every Kazakh letter (ә ғ қ ң ө ұ ү һ і).
    ('\u{400}'..='\u{4ff}').contains(&c) && c.is_alphabetic()
}

// ---------------------------------------------------------------- quotes

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum QuoteRole {
    Open,
    Close,
    /// Glued to words on both sides (ООО"Ромашка"): closes if something is open.
    Either,
}

fn quote_role(chars: &[char], i: usize) -> Option<QuoteRole> {
    let c = chars[i];
    match c {
        '«' | '„' => return Some(QuoteRole::Open),
        '»' => return Some(QuoteRole::Close),
        '"' | '“' | '”' => {}
        _ => return None,
    }
    let prev = at(chars, i as isize - 1);
    let next = chars.get(i + 1).copied();
    let opens_after = |p: Option<char>| {
        is_space(p)
            || matches!(
                p,
                Some('(' | '[' | '{' | '«' | '„' | '—' | '–' | '-' | '/' | NBSP)
            )
    };
    let closes_before = |n: Option<char>| {
        is_space(n)
            || matches!(
                n,
                Some(
                    '.' | ','
                        | ';'
                        | ':'
                        | '!'
                        | '?'
                        | ')'
                        | ']'
                        | '}'
                        | '»'
                        | '“'
                        | '"'
                        | '”'
                        | '…'
                        | '—'
                        | '–'
                        | '-'
                )
            )
    };
    match (opens_after(prev), closes_before(next)) {
        (true, false) => Some(QuoteRole::Open),
        (false, true) => Some(QuoteRole::Close),
        (false, false) => Some(QuoteRole::Either),
        // A quote alone between spaces is not a quotation mark of a pair.
        (true, true) => None,
    }
}

/// «ёлочки» outside, „лапки“ inside, alternating with depth. Unbalanced quotes are left as
/// they are: a guess would be wrong as often as right.
fn quotes(chars: &[char], editable: &[bool], edits: &mut Vec<Edit>) {
    // First match openers with closers; only matched pairs count for nesting, so a stray
    // quote never changes how the pairs around it look (that keeps the pass idempotent).
    let mut stack: Vec<usize> = Vec::new();
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    for (i, &can_change) in editable.iter().enumerate().take(chars.len()) {
        // A quote that cannot change (in a URL, escaped) never pairs: half a pair would
        // change and the next pass would pair differently.
        if !can_change {
            continue;
        }
        let Some(role) = quote_role(chars, i) else {
            continue;
        };
        let closes = match role {
            QuoteRole::Open => false,
            QuoteRole::Close => true,
            QuoteRole::Either => !stack.is_empty(),
        };
        if !closes {
            stack.push(i);
        } else if let Some(open) = stack.pop() {
            pairs.push((open, i));
        }
    }
    let mut marks: Vec<(usize, bool)> = pairs
        .iter()
        .flat_map(|&(o, c)| [(o, true), (c, false)])
        .collect();
    marks.sort_unstable();
    let mut depth = 0usize;
    for (at, opens) in marks {
        if !opens {
            depth = depth.saturating_sub(1);
        }
        let nested = depth % 2 == 1;
        let ch = match (opens, nested) {
            (true, false) => '«',
            (false, false) => '»',
            (true, true) => '„',
            (false, true) => '“',
        };
        edits.push(Edit::one(at, ch));
        if opens {
            depth += 1;
        }
    }
}

// ---------------------------------------------------------------- dashes

/// ` - `, ` -- `, ` – ` and ` — ` between words become a no-break space, an em dash and a
/// space, so the dash never starts a line.
fn dashes(chars: &[char], edits: &mut Vec<Edit>) {
    let mut i = 0;
    while i < chars.len() {
        let len = match (chars[i], chars.get(i + 1)) {
            ('-', Some('-')) => 2,
            ('-' | '–' | '—', _) => 1,
            _ => {
                i += 1;
                continue;
            }
        };
        let before = at(chars, i as isize - 1);
        let word_before = at(chars, i as isize - 2);
        let after = chars.get(i + len).copied();
        let between_spaces = matches!(before, Some(' ' | NBSP))
            && word_before.is_some_and(|c| !c.is_whitespace())
            && (after.is_none() || after.is_some_and(char::is_whitespace));
        if between_spaces {
            edits.push(Edit {
                start: i - 1,
                end: i + len,
                text: format!("{NBSP}—"),
            });
        }
        i += len;
    }
}

/// Three dots (not four, not two) become one ellipsis character.
fn ellipsis(chars: &[char], edits: &mut Vec<Edit>) {
    let mut i = 0;
    while i < chars.len() {
        if chars[i] != '.' {
            i += 1;
            continue;
        }
        let run = chars[i..].iter().take_while(|&&c| c == '.').count();
        if run == 3 {
            edits.push(Edit {
                start: i,
                end: i + 3,
                text: "…".to_string(),
            });
        }
        i += run;
    }
}

// ---------------------------------------------------------------- no-break spaces

/// Replaces the ordinary space at `i` with a no-break space.
fn bind(chars: &[char], i: usize, edits: &mut Vec<Edit>) {
    if chars.get(i) == Some(&' ') {
        edits.push(Edit::one(i, NBSP));
    }
}

/// A one- or two-letter word (в, к, с, и, а, на, по, от, до, за, не, ол, мен…) is bound to
/// the next word so it never hangs at the end of a line.
fn short_words(chars: &[char], edits: &mut Vec<Edit>) {
    let mut i = 0;
    while i < chars.len() {
        if !is_cyrillic_letter(chars[i]) || at(chars, i as isize - 1).is_some_and(is_wordish) {
            i += 1;
            continue;
        }
        let len = chars[i..].iter().take_while(|&&c| is_wordish(c)).count();
        let all_cyrillic = chars[i..i + len].iter().all(|&c| is_cyrillic_letter(c));
        let preceded_ok = match at(chars, i as isize - 1) {
            None => true,
            Some(p) => p.is_whitespace() || matches!(p, '(' | '«' | '„' | '"' | '“' | '['),
        };
        let next = chars.get(i + len + 1).copied();
        let next_ok =
            next.is_some_and(|n| is_wordish(n) || matches!(n, '«' | '„' | '"' | '“' | '('));
        if len <= 2 && all_cyrillic && preceded_ok && next_ok {
            bind(chars, i + len, edits);
        }
        i += len.max(1);
    }
}

/// Units and abbreviations written after a number; matched as whole tokens.
const UNITS: &[&str] = &[
    "%",
    "‰",
    "°",
    "°C",
    "₸",
    "$",
    "€",
    "₽",
    "км",
    "м",
    "см",
    "мм",
    "кг",
    "г",
    "т",
    "л",
    "мл",
    "га",
    "ч",
    "мин",
    "сек",
    "с",
    "г.",
    "гг.",
    "в.",
    "вв.",
    "тыс.",
    "тыс",
    "млн",
    "млрд",
    "трлн",
    "руб.",
    "руб",
    "тг",
    "тенге",
    "долл.",
    "чел.",
    "шт.",
    "км/ч",
    "кв.",
    "куб.",
    "лет",
    "год",
    "года",
    "раз",
    "млн.",
    "млрд.",
];

fn token_at(chars: &[char], i: usize) -> String {
    chars[i..]
        .iter()
        .take_while(|c| !c.is_whitespace())
        .collect()
}

/// Whether `token` starts with a unit that ends at a word boundary.
fn starts_with_unit(token: &str) -> bool {
    UNITS.iter().any(|unit| {
        token
            .strip_prefix(unit)
            .is_some_and(|rest| rest.chars().next().is_none_or(|c| !c.is_alphanumeric()))
    })
}

/// `5 км`, `10 %`, `2025 г.`, `№ 5`, and thousands groups `1 000 000`.
fn numbers_and_units(chars: &[char], edits: &mut Vec<Edit>) {
    for i in 1..chars.len().saturating_sub(1) {
        if chars[i] != ' ' {
            continue;
        }
        let prev = chars[i - 1];
        let next = chars[i + 1];
        if matches!(prev, '№' | '§') && next.is_ascii_digit() {
            bind(chars, i, edits);
            continue;
        }
        if !prev.is_ascii_digit() {
            continue;
        }
        if starts_with_unit(&token_at(chars, i + 1)) {
            bind(chars, i, edits);
            continue;
        }
        // Thousands: a group of 1–3 digits, then groups of exactly three.
        let left = chars[..i]
            .iter()
            .rev()
            .take_while(|c| c.is_ascii_digit())
            .count();
        let left_start = i - left;
        let left_is_number = left <= 3
            && at(chars, left_start as isize - 1)
                .is_none_or(|c| !c.is_alphanumeric() && c != '.' && c != ',');
        let right = chars[i + 1..]
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .count();
        let right_end = chars.get(i + 1 + right).copied();
        if left_is_number && right == 3 && right_end.is_none_or(|c| !c.is_alphanumeric()) {
            bind(chars, i, edits);
        }
    }
}

/// Initials: `А. С. Пушкин` and `Пушкин А. С.` keep together.
fn initials(chars: &[char], edits: &mut Vec<Edit>) {
    let is_initial = |i: usize| {
        chars.get(i).is_some_and(|c| c.is_uppercase())
            && chars.get(i + 1) == Some(&'.')
            && at(chars, i as isize - 1).is_none_or(|c| !c.is_alphanumeric())
    };
    for i in 0..chars.len() {
        if !is_initial(i) {
            continue;
        }
        // «А. С.» / «С. Пушкин»: the space after an initial, before a capital.
        if chars.get(i + 2) == Some(&' ') && chars.get(i + 3).is_some_and(|c| c.is_uppercase()) {
            bind(chars, i + 2, edits);
        }
        // «Пушкин А.»: a capitalised word, a space, then the initial.
        if i >= 2 && chars[i - 1] == ' ' {
            let word: Vec<char> = chars[..i - 1]
                .iter()
                .rev()
                .take_while(|c| c.is_alphabetic())
                .copied()
                .collect();
            let followed_by_initial_or_end = chars.get(i + 2).is_none_or(|&c| c != ' ')
                || (chars.get(i + 3).is_some_and(|c| c.is_uppercase())
                    && chars.get(i + 4) == Some(&'.'));
            if word.len() >= 2
                && word.last().is_some_and(|c| c.is_uppercase())
                && followed_by_initial_or_end
            {
                bind(chars, i - 1, edits);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn apply(text: &str) -> String {
        let cells: Vec<Cell> = text
            .char_indices()
            .map(|(i, ch)| Cell { ch, src: Some(i) })
            .collect();
        let mut out: Vec<char> = cells.iter().map(|c| c.ch).collect();
        for edit in block_edits(&cells).into_iter().rev() {
            out.splice(edit.start..edit.end, edit.text.chars());
        }
        out.into_iter().collect::<String>().replace(NBSP, "~")
    }

    #[test]
    fn quotes_table() {
        let cases = [
            ("\"Привет\"", "«Привет»"),
            (
                "Он сказал: \"Компания \"Ромашка\" закрылась\".",
                "Он~сказал: «Компания „Ромашка“ закрылась».",
            ),
            ("“English” quotes", "«English» quotes"),
            ("«уже» верно", "«уже» верно"),
            (
                "«Внешние «внутренние» внешние»",
                "«Внешние „внутренние“ внешние»",
            ),
            ("(\"в скобках\")", "(«в~скобках»)"),
            ("ООО\"Ромашка\"", "ООО«Ромашка»"),
            ("один \" одинокий", "один \" одинокий"),
            ("\"незакрытая", "\"незакрытая"),
            ("\"\u{fffc}\"", "«\u{fffc}»"),
        ];
        for (input, want) in cases {
            assert_eq!(apply(input), want, "quotes in {input:?}");
        }
    }

    #[test]
    fn dashes_and_ellipsis_table() {
        let cases = [
            ("Москва - столица", "Москва~— столица"),
            ("Москва -- столица", "Москва~— столица"),
            ("Москва – столица", "Москва~— столица"),
            ("Москва — столица", "Москва~— столица"),
            ("северо-запад", "северо-запад"),
            ("5-10 лет", "5-10~лет"),
            ("Ну...", "Ну…"),
            ("Ну....", "Ну...."),
            ("Итак - ", "Итак~— "),
        ];
        for (input, want) in cases {
            assert_eq!(apply(input), want, "dashes in {input:?}");
        }
    }

    #[test]
    fn no_break_spaces_table() {
        let cases = [
            ("в Москве", "в~Москве"),
            (
                "Он пошёл на работу и в магазин",
                "Он~пошёл на~работу и~в~магазин",
            ),
            ("Ол мен сен", "Ол~мен сен"),
            ("ұлы дала", "ұлы дала"),
            ("5 км пути", "5~км~пути"),
            ("рост на 10 %", "рост на~10~%"),
            ("в 2025 г. было", "в~2025~г. было"),
            ("1 000 000 тенге", "1~000~000~тенге"),
            ("№ 5", "№~5"),
            ("А. С. Пушкин", "А.~С.~Пушкин"),
            ("Пушкин А. С.", "Пушкин~А.~С."),
            ("вход 5 минут", "вход 5 минут"),
            ("a b", "a b"),
            ("в\u{fffc}", "в\u{fffc}"),
        ];
        for (input, want) in cases {
            assert_eq!(apply(input), want, "no-break spaces in {input:?}");
        }
    }

    #[test]
    fn every_rule_is_idempotent() {
        let inputs = [
            "\"Компания \"Ромашка\" - лидер\", - сказал А. С. Пушкин в 2025 г. о 5 км...",
            "«уже „вложенные“ кавычки» и — тире",
            "Ол мен сен - 10 % на 1 000 тг",
        ];
        for input in inputs {
            let once = apply(input).replace('~', "\u{a0}");
            let twice = apply(&once).replace('~', "\u{a0}");
            assert_eq!(
                once, twice,
                "a second pass must change nothing for {input:?}"
            );
        }
    }
}
