//! The typographic rules, applied to one block of visible text.
//!
//! A block is a sequence of [`Cell`]s: the characters a reader sees, each tagged with where
//! it sits in the Markdown source, or with `None` when it must not be edited (code spans,
//! soft line breaks, entity references, bare URLs). Every rule looks at the whole block for
//! context but proposes [`Edit`]s only; the caller applies an edit only when every cell it
//! covers is editable and contiguous in the source. That single check is what keeps code,
//! links and URLs untouched.
//!
//! Every rule reads its neighbours through classes the pass never changes a character out
//! of (any quotation mark, any dash, a space or a no-break space, `...` or `…`), and
//! overlaps are settled before no-op edits are dropped, so a second pass changes nothing.

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
    centuries(&chars, &mut edits);
    square_units(&chars, &mut edits);
    number_ranges(&chars, &mut edits);
    dialogue(&chars, &mut edits);
    edits.sort_by_key(|e| (e.start, e.end));
    let mut kept: Vec<Edit> = Vec::with_capacity(edits.len());
    for edit in edits {
        if kept.last().is_none_or(|last| last.end <= edit.start) {
            kept.push(edit);
        }
    }
    // Edits that change nothing are dropped only now: on a second pass they still win the
    // overlaps they won on the first, so a losing rule cannot apply late.
    kept.retain(|e| chars[e.start..e.end].iter().copied().ne(e.text.chars()));
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

/// Every quotation mark the pass reads or writes. Rules that look at a neighbour treat them
/// as one class, so turning `"` into `«` never changes what a second pass decides.
fn is_quote(c: char) -> bool {
    matches!(c, '"' | '“' | '”' | '«' | '»' | '„')
}

/// The first character before `i` that is not a quotation mark.
fn prev_beyond_quotes(chars: &[char], i: usize) -> Option<char> {
    chars[..i].iter().rev().copied().find(|&c| !is_quote(c))
}

/// The first character after `i` that is not a quotation mark; an ellipsis directly followed
/// by a word (`"...и это всё"`) counts as that word, so the quote before it opens.
fn next_beyond_quotes(chars: &[char], i: usize) -> Option<char> {
    let mut j = i + 1;
    while chars.get(j).is_some_and(|&c| is_quote(c)) {
        j += 1;
    }
    let first = chars.get(j).copied();
    if matches!(first, Some('.' | '…')) {
        let after_dots = chars[j..].iter().copied().find(|&c| c != '.' && c != '…');
        if after_dots.is_some_and(is_wordish) {
            return after_dots;
        }
    }
    first
}

fn quote_role(chars: &[char], i: usize) -> Option<QuoteRole> {
    let c = chars[i];
    match c {
        '«' | '„' => return Some(QuoteRole::Open),
        '»' => return Some(QuoteRole::Close),
        '"' | '“' | '”' => {}
        _ => return None,
    }
    ambiguous_role(chars, i)
}

/// The role a straight or English quote would have at `i`, judged by its neighbours.
fn ambiguous_role(chars: &[char], i: usize) -> Option<QuoteRole> {
    let prev = prev_beyond_quotes(chars, i);
    let next = next_beyond_quotes(chars, i);
    let opens_after = |p: Option<char>| {
        is_space(p) || matches!(p, Some('(' | '[' | '{' | '—' | '–' | '-' | '/' | NBSP))
    };
    let closes_before = |n: Option<char>| {
        is_space(n)
            || matches!(
                n,
                Some('.' | ',' | ';' | ':' | '!' | '?' | ')' | ']' | '}' | '…' | '—' | '–' | '-')
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
            // `“` is read by its neighbours, `»` always closes: where `“` would not read as
            // a closer (`(“'`), the `»` stays, or a second pass would pair differently.
            (false, true)
                if chars[at] == '»'
                    && matches!(ambiguous_role(chars, at), Some(QuoteRole::Open) | None) =>
            {
                '»'
            }
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
            // An ellipsis (`…и`, `...и`) also starts a word.
            Some(p) => {
                p.is_whitespace()
                    || is_quote(p)
                    || matches!(p, '(' | '[' | '…')
                    || (p == '.' && i >= 2 && chars[i - 2] == '.')
            }
        };
        let next = chars.get(i + len + 1).copied();
        let next_ok =
            next.is_some_and(|n| is_wordish(n) || is_quote(n) || matches!(n, '(' | '№' | '§'));
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
    "км²",
    "км2",
    "км",
    "м²",
    "м³",
    "м2",
    "м3",
    "м",
    "см²",
    "см³",
    "см2",
    "см3",
    "мм²",
    "мм2",
    "дм³",
    "дм3",
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
    // `№5`, `§3`: the sign gets its no-break space.
    for i in 0..chars.len().saturating_sub(1) {
        if matches!(chars[i], '№' | '§') && chars[i + 1].is_ascii_digit() {
            edits.push(Edit {
                start: i,
                end: i + 1,
                text: format!("{}{NBSP}", chars[i]),
            });
        }
    }
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
                .is_none_or(|c| !c.is_alphanumeric() && !matches!(c, '.' | ',' | '…'));
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

/// Initials: `А. С. Пушкин` and `Пушкин А. С.` keep together; `А.С.Пушкин` gets its
/// no-break spaces.
fn initials(chars: &[char], edits: &mut Vec<Edit>) {
    let is_initial = |i: usize| {
        chars.get(i).is_some_and(|c| c.is_uppercase())
            && chars.get(i + 1) == Some(&'.')
            && at(chars, i as isize - 1).is_none_or(|c| !c.is_alphanumeric())
    };
    let is_cyrillic_initial = |i: usize| is_initial(i) && is_cyrillic_letter(chars[i]);
    // A capitalised Cyrillic word of two letters or more starts at `i`.
    let is_surname = |i: usize| {
        let word: Vec<char> = chars[i..]
            .iter()
            .take_while(|c| c.is_alphabetic())
            .copied()
            .collect();
        word.len() >= 2
            && word[0].is_uppercase()
            && word[1..].iter().all(|c| c.is_lowercase())
            && word.iter().all(|&c| is_cyrillic_letter(c))
    };
    for i in 0..chars.len() {
        if !is_initial(i) {
            continue;
        }
        // «А.С.», «С.Пушкин»: initials written without a space get a no-break one.
        if is_cyrillic_initial(i) && (is_cyrillic_initial(i + 2) || is_surname(i + 2)) {
            edits.push(Edit {
                start: i + 1,
                end: i + 2,
                text: format!(".{NBSP}"),
            });
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

// ---------------------------------------------------------------- Russian news rules

fn is_dash(c: char) -> bool {
    matches!(c, '-' | '–' | '—')
}

/// Length of the word of letters and digits that starts at `i`.
fn word_len(chars: &[char], i: usize) -> usize {
    chars[i.min(chars.len())..]
        .iter()
        .take_while(|c| c.is_alphanumeric())
        .count()
}

/// Whether a Roman numeral (Latin capitals only) is the whole word at `i..i + len`.
fn is_roman(chars: &[char], i: usize, len: usize) -> bool {
    len > 0
        && at(chars, i as isize - 1).is_none_or(|c| !c.is_alphanumeric())
        && chars[i..i + len]
            .iter()
            .all(|c| matches!(c, 'I' | 'V' | 'X' | 'L' | 'C' | 'D' | 'M'))
}

/// The words that make a Roman numeral a century.
const CENTURY_WORDS: &[&str] = &[
    "в.",
    "вв.",
    "век",
    "века",
    "веке",
    "веку",
    "веком",
    "веков",
    "векам",
    "веках",
];

fn century_word_at(chars: &[char], i: usize) -> bool {
    let word: String = chars[i.min(chars.len())..]
        .iter()
        .take_while(|c| c.is_alphabetic() || **c == '.')
        .collect();
    CENTURY_WORDS
        .iter()
        .any(|w| word == *w || (w.ends_with('.') && word.starts_with(w)))
}

/// `XXI в.`, `XIX-XX вв.` → `XXI~в.`, `XIX–XX~вв.`: the numeral keeps to its word, and a
/// range of centuries takes an en dash.
fn centuries(chars: &[char], edits: &mut Vec<Edit>) {
    let mut i = 0;
    while i < chars.len() {
        let len = word_len(chars, i);
        if !is_roman(chars, i, len) {
            i += len.max(1);
            continue;
        }
        let mut end = i + len;
        let mut dash = None;
        if chars.get(end).copied().is_some_and(is_dash) {
            let second = word_len(chars, end + 1);
            if is_roman(chars, end + 1, second) {
                dash = Some(end);
                end += 1 + second;
            }
        }
        if matches!(chars.get(end), Some(' ' | &NBSP)) && century_word_at(chars, end + 1) {
            bind(chars, end, edits);
            if let Some(d) = dash {
                edits.push(Edit::one(d, '–'));
            }
        }
        i = end.max(i + 1);
    }
}

/// `м2`, `км2`, `см3` → `м²`, `км²`, `см³`.
fn square_units(chars: &[char], edits: &mut Vec<Edit>) {
    const BASES: &[&str] = &["м", "км", "см", "мм", "дм"];
    for i in 1..chars.len() {
        let power = match chars[i] {
            '2' => '²',
            '3' => '³',
            _ => continue,
        };
        if chars.get(i + 1).is_some_and(|c| c.is_alphanumeric()) {
            continue;
        }
        let letters = chars[..i]
            .iter()
            .rev()
            .take_while(|c| c.is_alphabetic())
            .count();
        let base: String = chars[i - letters..i].iter().collect();
        if BASES.contains(&base.as_str()) {
            edits.push(Edit::one(i, power));
        }
    }
}

/// The extent of a number (`1941`, `1,5`) that ends just before `end`.
fn number_before(chars: &[char], end: usize) -> Option<usize> {
    let mut start = end;
    while start > 0 {
        let c = chars[start - 1];
        let decimal_point = matches!(c, ',' | '.')
            && start >= 2
            && chars[start - 2].is_ascii_digit()
            && start < end;
        if c.is_ascii_digit() || decimal_point {
            start -= 1;
        } else {
            break;
        }
    }
    (start < end && chars[start].is_ascii_digit()).then_some(start)
}

/// The end of a number (`1945`, `2,5`) that starts at `start`.
fn number_after(chars: &[char], start: usize) -> Option<usize> {
    let mut end = start;
    while end < chars.len() {
        let c = chars[end];
        let decimal_point = matches!(c, ',' | '.')
            && end > start
            && chars.get(end + 1).is_some_and(|c| c.is_ascii_digit());
        if c.is_ascii_digit() || decimal_point {
            end += 1;
        } else {
            break;
        }
    }
    (end > start).then_some(end)
}

/// `1941-1945`, `10-15 км` → an en dash between the numbers. Phone numbers (`8-701-555-12-34`),
/// ISO dates and words with digits (`COVID-19`) are left alone: a range has exactly two
/// numbers with nothing glued on either side.
fn number_ranges(chars: &[char], edits: &mut Vec<Edit>) {
    for i in 1..chars.len() {
        if !matches!(chars[i], '-' | '—') {
            continue;
        }
        let Some(left) = number_before(chars, i) else {
            continue;
        };
        if !chars.get(i + 1).is_some_and(|c| c.is_ascii_digit()) {
            continue;
        }
        let Some(right) = number_after(chars, i + 1) else {
            continue;
        };
        let glued =
            |c: char| c.is_alphanumeric() || is_dash(c) || matches!(c, '/' | ':' | '+' | '.' | ',');
        let free_before = at(chars, left as isize - 1).is_none_or(|c| !glued(c));
        // A sentence may end after the range (`1941–1945.`), a version may not (`1-2.3`).
        let glued_after = |c: char| {
            let continues =
                matches!(c, '.' | ',') && chars.get(right + 1).is_some_and(|c| c.is_alphanumeric());
            c.is_alphanumeric() || is_dash(c) || matches!(c, '/' | ':' | '+') || continues
        };
        let free_after = chars.get(right).is_none_or(|&c| !glued_after(c));
        if free_before && free_after {
            edits.push(Edit::one(i, '–'));
        }
    }
}

/// Direct speech: a line that starts with a hyphen or a dash and a space starts with an em
/// dash and a no-break space (`— Привет, — сказал он.`).
fn dialogue(chars: &[char], edits: &mut Vec<Edit>) {
    for i in 0..chars.len() {
        if i > 0 && chars[i - 1] != '\n' {
            continue;
        }
        let len = match (chars[i], chars.get(i + 1)) {
            ('-', Some('-')) => 2,
            (c, _) if is_dash(c) => 1,
            _ => continue,
        };
        let space = i + len;
        if matches!(chars.get(space), Some(' ' | &NBSP))
            && chars.get(space + 1).is_some_and(|c| !c.is_whitespace())
        {
            edits.push(Edit {
                start: i,
                end: space + 1,
                text: format!("—{NBSP}"),
            });
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
    fn russian_news_rules_table() {
        let cases = [
            // Roman-numeral centuries.
            ("в XXI в. и XXI век", "в~XXI~в. и~XXI~век"),
            ("XIX-XX вв.", "XIX–XX~вв."),
            ("XIX—XX веков", "XIX–XX~веков"),
            ("CD-ROM", "CD-ROM"),
            // Square and cubic units.
            ("площадь 50 м2 и 3 м3", "площадь 50~м² и~3~м³"),
            ("100 км2, 5 см3", "100~км², 5~см³"),
            ("м2м", "м2м"),
            // Number ranges.
            ("1941-1945", "1941–1945"),
            ("10-15 км", "10–15~км"),
            ("5-10 лет", "5–10~лет"),
            ("1,5-2 млн", "1,5–2~млн"),
            ("8-701-555-12-34", "8-701-555-12-34"),
            ("2025-01-15", "2025-01-15"),
            ("COVID-19", "COVID-19"),
            ("1-й", "1-й"),
            // Numero and section signs.
            ("№ 5 и № 12", "№~5 и~№~12"),
            ("№5", "№~5"),
            ("§ 3", "§~3"),
            ("§3", "§~3"),
            // Millions and thousands.
            ("5 млн тенге", "5~млн тенге"),
            ("1,5 млрд", "1,5~млрд"),
            ("300 тыс. человек", "300~тыс. человек"),
            // Initials.
            ("А. С. Пушкин", "А.~С.~Пушкин"),
            ("А.С. Пушкин", "А.~С.~Пушкин"),
            ("поэт А.С.Пушкин", "поэт А.~С.~Пушкин"),
            ("Пушкин А.С.", "Пушкин~А.~С."),
            // Dialogue.
            ("- Привет", "—~Привет"),
            ("— Привет", "—~Привет"),
        ];
        for (input, want) in cases {
            assert_eq!(apply(input), want, "rules in {input:?}");
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
