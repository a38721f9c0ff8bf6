//! What a person types into the search box, and the tantivy query it becomes.
//!
//! The syntax is forgiving because results show as the person types: every word must
//! match (in any of its forms); `полиц*` is a prefix; `"…"` is a phrase of exactly these
//! words in this order (case and ё aside; an unclosed quote still counts); `-слово`
//! excludes. Nothing a person types is a syntax error.

use crate::analysis::{words, Word};
use crate::schema::{Fields, TextPair};
use chrono::{DateTime, Utc};
use serde::Deserialize;
use std::ops::Bound;
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, Occur, PhraseQuery, Query, RangeQuery,
    RegexQuery, TermQuery,
};
use tantivy::schema::IndexRecordOption;
use tantivy::Term;
use ts_rs::TS;

/// A prefix shorter than this would expand to most of the vocabulary; it is searched as a
/// whole word instead.
pub const MIN_PREFIX_CHARS: usize = 2;

/// Typed text past this many characters is ignored. A query is a few words; a pasted
/// page as a query would make every search and every highlight scan the text once per
/// query word (a 15 KB query over a 10 MB article took 52 s).
pub const MAX_QUERY_CHARS: usize = 256;

/// Words past this many (counted over words, prefixes and phrases) are ignored, so
/// highlighting costs at most this many passes over an article's words.
pub const MAX_QUERY_WORDS: usize = 16;

/// A search as the UI asks for it.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, TS)]
#[ts(export)]
pub struct SearchQuery {
    #[serde(default)]
    pub text: String,
    #[serde(default)]
    #[ts(optional)]
    pub status: Option<String>,
    /// A tag name; case and ё do not matter.
    #[serde(default)]
    #[ts(optional)]
    pub tag: Option<String>,
    /// A profile id, the owner's name or the byline; case and ё do not matter.
    #[serde(default)]
    #[ts(optional)]
    pub author: Option<String>,
    /// Last change at or after this instant.
    #[serde(default)]
    #[ts(optional)]
    pub from: Option<DateTime<Utc>>,
    /// Last change before this instant.
    #[serde(default)]
    #[ts(optional)]
    pub to: Option<DateTime<Utc>>,
    /// Search the trash instead of live articles.
    #[serde(default)]
    pub trashed: bool,
    #[serde(default)]
    pub sort: SearchSort,
    #[serde(default)]
    #[ts(optional)]
    pub limit: Option<u32>,
    #[serde(default)]
    #[ts(optional)]
    pub offset: Option<u32>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum SearchSort {
    /// Best match first (newest first when there is no text).
    #[default]
    Relevance,
    Newest,
}

/// One part of the typed text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Clause {
    /// Any form of the word.
    Word(Word),
    /// Any word starting with this (folded) prefix.
    Prefix(String),
    /// These exact (folded) words in this order.
    Phrase(Vec<Word>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parsed {
    pub required: Vec<Clause>,
    pub excluded: Vec<Clause>,
}

impl Parsed {
    pub fn is_empty(&self) -> bool {
        self.required.is_empty() && self.excluded.is_empty()
    }
}

/// The words a clause costs against [`MAX_QUERY_WORDS`].
fn clause_words(clause: &Clause) -> usize {
    match clause {
        Clause::Word(_) | Clause::Prefix(_) => 1,
        Clause::Phrase(ws) => ws.len(),
    }
}

/// Splits typed text into clauses: the first [`MAX_QUERY_CHARS`] characters, and in them
/// the first [`MAX_QUERY_WORDS`] words; the rest is ignored.
pub fn parse(text: &str) -> Parsed {
    let mut parsed = Parsed {
        required: Vec::new(),
        excluded: Vec::new(),
    };
    let cut = text
        .char_indices()
        .nth(MAX_QUERY_CHARS)
        .map_or(text.len(), |(i, _)| i);
    let mut rest = &text[..cut];
    let mut budget = MAX_QUERY_WORDS;
    while let Some(start) = rest.find(|c: char| !c.is_whitespace()) {
        if budget == 0 {
            break;
        }
        rest = &rest[start..];
        let negated = rest.starts_with('-')
            && rest[1..].starts_with(|c: char| c != '-' && !c.is_whitespace());
        if negated {
            rest = &rest[1..];
        }
        let clauses = if let Some(inner) = rest.strip_prefix('"') {
            let end = inner.find('"').unwrap_or(inner.len());
            let phrase = words(&inner[..end]);
            rest = inner.get(end + 1..).unwrap_or("");
            match phrase.len() {
                0 => vec![],
                _ => vec![Clause::Phrase(phrase)],
            }
        } else {
            let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
            let chunk = &rest[..end];
            rest = &rest[end..];
            chunk_clauses(chunk)
        };
        let mut clauses = clauses;
        for clause in &mut clauses {
            if let Clause::Phrase(ws) = clause {
                ws.truncate(budget.max(1));
            }
        }
        clauses.retain(|c| {
            let cost = clause_words(c);
            let fits = cost <= budget;
            if fits {
                budget -= cost;
            }
            fits
        });
        if negated {
            parsed.excluded.extend(clauses);
        } else {
            parsed.required.extend(clauses);
        }
    }
    parsed
}

/// One whitespace-separated chunk: «полиц*» is a prefix, «северо-запад» a phrase of its
/// parts, «полиция» a word.
fn chunk_clauses(chunk: &str) -> Vec<Clause> {
    let is_prefix = chunk.ends_with('*');
    let mut parts = words(chunk.trim_end_matches('*'));
    if parts.is_empty() {
        return vec![];
    }
    if is_prefix && parts.len() == 1 && parts[0].folded.chars().count() >= MIN_PREFIX_CHARS {
        return vec![Clause::Prefix(parts.remove(0).folded)];
    }
    if parts.len() == 1 {
        return vec![Clause::Word(parts.remove(0))];
    }
    vec![Clause::Phrase(parts)]
}

fn term_query(
    field: tantivy::schema::Field,
    text: &str,
    record: IndexRecordOption,
) -> Box<dyn Query> {
    Box::new(TermQuery::new(Term::from_field_text(field, text), record))
}

fn boosted(query: Box<dyn Query>, boost: f32) -> Box<dyn Query> {
    if (boost - 1.0).abs() < f32::EPSILON {
        query
    } else {
        Box::new(BoostQuery::new(query, boost))
    }
}

/// The clause matched in one field pair.
fn clause_in(pair: TextPair, clause: &Clause) -> Option<Box<dyn Query>> {
    let query: Box<dyn Query> = match clause {
        Clause::Word(w) if !w.kazakh.is_empty() && w.kazakh != w.stem => {
            // Either stem: a Kazakh text indexes both (see `analysis`).
            Box::new(BooleanQuery::new(vec![
                (
                    Occur::Should,
                    term_query(pair.stemmed, &w.stem, IndexRecordOption::WithFreqs),
                ),
                (
                    Occur::Should,
                    term_query(pair.stemmed, &w.kazakh, IndexRecordOption::WithFreqs),
                ),
            ]))
        }
        Clause::Word(w) => term_query(pair.stemmed, &w.stem, IndexRecordOption::WithFreqs),
        Clause::Prefix(prefix) => {
            let pattern = format!("{}.*", regex_escape(prefix));
            // The pattern is built from word characters only, so it always compiles; a
            // failure would be a bug, and matching nothing is the safe answer to it.
            Box::new(RegexQuery::from_pattern(&pattern, pair.exact).ok()?)
        }
        Clause::Phrase(ws) if ws.len() == 1 => {
            term_query(pair.exact, &ws[0].folded, IndexRecordOption::WithFreqs)
        }
        Clause::Phrase(ws) => Box::new(PhraseQuery::new(
            ws.iter()
                .map(|w| Term::from_field_text(pair.exact, &w.folded))
                .collect(),
        )),
    };
    Some(boosted(query, pair.boost))
}

fn regex_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if !c.is_alphanumeric() {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A clause anywhere in the article: the best-weighted fields add up.
fn clause_anywhere(fields: &Fields, clause: &Clause) -> Box<dyn Query> {
    let per_field: Vec<(Occur, Box<dyn Query>)> = fields
        .text_pairs()
        .into_iter()
        .filter_map(|pair| clause_in(pair, clause))
        .map(|q| (Occur::Should, q))
        .collect();
    Box::new(BooleanQuery::new(per_field))
}

fn filter(query: Box<dyn Query>) -> (Occur, Box<dyn Query>) {
    // Filters decide what is shown, never how it ranks.
    (Occur::Must, Box::new(ConstScoreQuery::new(query, 0.0)))
}

/// The full tantivy query: the text clauses plus the filters.
pub fn build(fields: &Fields, parsed: &Parsed, q: &SearchQuery) -> Box<dyn Query> {
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    for c in &parsed.required {
        clauses.push((Occur::Must, clause_anywhere(fields, c)));
    }
    for c in &parsed.excluded {
        clauses.push((Occur::MustNot, clause_anywhere(fields, c)));
    }
    if parsed.required.is_empty() {
        clauses.push((Occur::Must, Box::new(AllQuery)));
    }
    let in_trash = Box::new(TermQuery::new(
        Term::from_field_bool(fields.trashed, true),
        IndexRecordOption::Basic,
    ));
    // The trash is small: excluding it is cheaper than requiring "not trashed", which
    // would intersect every query with a posting list of the whole archive.
    if q.trashed {
        clauses.push(filter(in_trash));
    } else {
        clauses.push((Occur::MustNot, in_trash));
    }
    if let Some(status) = q.status.as_deref().filter(|s| !s.is_empty()) {
        clauses.push(filter(term_query(
            fields.status,
            status,
            IndexRecordOption::Basic,
        )));
    }
    if let Some(tag) = q
        .tag
        .as_deref()
        .map(newsroom_text::fold_for_match)
        .filter(|s| !s.is_empty())
    {
        clauses.push(filter(term_query(
            fields.tag_key,
            &tag,
            IndexRecordOption::Basic,
        )));
    }
    if let Some(author) = q.author.as_deref().filter(|s| !s.trim().is_empty()) {
        let folded = newsroom_text::fold_for_match(author);
        let either = BooleanQuery::new(vec![
            (
                Occur::Should,
                term_query(fields.author, author.trim(), IndexRecordOption::Basic),
            ),
            (
                Occur::Should,
                term_query(fields.author, &folded, IndexRecordOption::Basic),
            ),
        ]);
        clauses.push(filter(Box::new(either)));
    }
    if q.from.is_some() || q.to.is_some() {
        let lower = match q.from {
            Some(t) => Bound::Included(Term::from_field_i64(
                fields.updated_at,
                t.timestamp_millis(),
            )),
            None => Bound::Unbounded,
        };
        let upper = match q.to {
            Some(t) => Bound::Excluded(Term::from_field_i64(
                fields.updated_at,
                t.timestamp_millis(),
            )),
            None => Bound::Unbounded,
        };
        clauses.push(filter(Box::new(RangeQuery::new(lower, upper))));
    }
    Box::new(BooleanQuery::new(clauses))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<String> {
        parse(text)
            .required
            .iter()
            .map(|c| match c {
                Clause::Word(w) => format!("word:{}", w.folded),
                Clause::Prefix(p) => format!("prefix:{p}"),
                Clause::Phrase(ws) => format!(
                    "phrase:{}",
                    ws.iter()
                        .map(|w| w.folded.as_str())
                        .collect::<Vec<_>>()
                        .join(" ")
                ),
            })
            .collect()
    }

    #[test]
    fn a_huge_query_is_cut_to_its_first_words() {
        // Before: a 15 KB query kept every word, and highlighting scanned a 10 MB article
        // once per word (52 s).
        let huge = "полиция суд* \"северо запад\" -акимат ".repeat(400);
        let parsed = parse(&huge);
        let words: usize = parsed
            .required
            .iter()
            .chain(&parsed.excluded)
            .map(clause_words)
            .sum();
        assert!(words <= MAX_QUERY_WORDS, "{words} words kept");
        assert_eq!(
            kinds("полиция суд* \"северо запад\""),
            ["word:полиция", "prefix:суд", "phrase:северо запад"],
            "a short query is whole"
        );
        let long_phrase = format!("\"{}\"", "слово ".repeat(100));
        match &parse(&long_phrase).required[..] {
            [Clause::Phrase(ws)] => assert_eq!(ws.len(), MAX_QUERY_WORDS),
            other => panic!("one phrase, cut: {other:?}"),
        }
        let one_long_word = "ж".repeat(10_000);
        assert!(parse(&one_long_word).required.len() <= 1);
    }

    #[test]
    fn parses_words_prefixes_and_phrases() {
        assert_eq!(kinds("Полиция Алматы"), ["word:полиция", "word:алматы"]);
        assert_eq!(kinds("полиц*"), ["prefix:полиц"]);
        assert_eq!(
            kinds("\"в полиции Алматы\" суд"),
            ["phrase:в полиции алматы", "word:суд"]
        );
        assert_eq!(
            kinds("северо-запад"),
            ["phrase:северо запад"],
            "a hyphenated word is a phrase of its parts"
        );
    }

    #[test]
    fn forgives_what_is_half_typed() {
        assert_eq!(
            kinds("\"полиция Алм"),
            ["phrase:полиция алм"],
            "an unclosed quote still searches"
        );
        assert_eq!(
            kinds("п*"),
            ["word:п"],
            "a one-letter prefix is searched as a word"
        );
        assert!(
            parse("  \"\" * -  ").is_empty(),
            "punctuation alone searches nothing"
        );
        assert_eq!(kinds("Ёлка"), ["word:елка"], "ё folds in queries too");
    }

    #[test]
    fn minus_excludes() {
        let p = parse("полиция -суд");
        assert_eq!(p.required.len(), 1);
        assert_eq!(
            p.excluded.len(),
            1,
            "«-суд» excludes, it is not a word to find"
        );
    }
}
