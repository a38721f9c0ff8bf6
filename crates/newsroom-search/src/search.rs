//! Running a search: catch up, query the index, then dress the hits from the database
//! (headline, highlighted snippet, match positions).

use crate::error::Result;
use crate::highlight::{marked_html, match_ranges, snippet_html, to_utf16, MatchField, MatchSpan};
use crate::index::SearchIndex;
use crate::query::{build, parse, Parsed, SearchQuery, SearchSort};
use crate::schema::UPDATED_AT;
use chrono::{DateTime, Utc};
use newsroom_core::search_doc::{self, SearchDoc};
use newsroom_core::{ArticleId, Store};
use serde::Serialize;
use tantivy::collector::{Count, TopDocs};
use tantivy::schema::Value;
use tantivy::{DocAddress, Order, TantivyDocument};
use ts_rs::TS;

pub const DEFAULT_LIMIT: u32 = 20;
pub const MAX_LIMIT: u32 = 200;
/// Deep pages are for scrolling, not for walking the whole archive.
pub const MAX_OFFSET: u32 = 10_000;
/// Match positions returned per article: enough to step through them in the editor.
const MAX_SPANS: usize = 200;

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct SearchHit {
    pub article_id: ArticleId,
    pub headline: String,
    /// The headline, escaped, with matches in `<mark>`.
    pub headline_html: String,
    /// A piece of the body (or the dek) around the best matches, escaped, with `<mark>`.
    pub snippet_html: String,
    pub status: String,
    pub byline: String,
    pub tags: Vec<String>,
    pub updated_at: DateTime<Utc>,
    pub trashed: bool,
    pub score: f32,
    /// Every match, as UTF-16 ranges of its field: the editor jumps to the first body one.
    pub matches: Vec<MatchSpan>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct SearchResults {
    /// How many articles match in all.
    pub total: u32,
    pub hits: Vec<SearchHit>,
}

impl SearchIndex {
    /// Searches the articles as the database holds them right now.
    pub fn search(&self, store: &Store, q: &SearchQuery) -> Result<SearchResults> {
        let parsed = parse(&q.text);
        let (total, ids) = self.search_ids(store, &parsed, q)?;
        let docs = store.db().read(|c| {
            ids.iter()
                .map(|(id, score)| Ok(search_doc::load(c, id)?.map(|d| (d, *score))))
                .collect::<newsroom_core::Result<Vec<_>>>()
        })?;
        let hits = docs
            .into_iter()
            .flatten()
            .filter_map(|(doc, score)| hit(&parsed, doc, score))
            .collect();
        Ok(SearchResults {
            total: total as u32,
            hits,
        })
    }

    /// The ranked article ids and the total, without reading the articles back (the part
    /// the index answers; the benchmark times it separately).
    pub fn search_ids(
        &self,
        store: &Store,
        parsed: &Parsed,
        q: &SearchQuery,
    ) -> Result<(usize, Vec<(String, f32)>)> {
        self.catch_up(store)?;
        let query = build(&self.fields, parsed, q);
        let limit = q.limit.unwrap_or(DEFAULT_LIMIT).clamp(1, MAX_LIMIT) as usize;
        let offset = q.offset.unwrap_or(0).min(MAX_OFFSET) as usize;
        let searcher = self.reader.searcher();
        let top = TopDocs::with_limit(limit).and_offset(offset);
        let (ranked, total): (Vec<(f32, DocAddress)>, usize) =
            if q.sort == SearchSort::Newest || parsed.required.is_empty() {
                let (docs, total) = searcher.search(
                    &query,
                    &(
                        top.order_by_fast_field::<i64>(UPDATED_AT, Order::Desc),
                        Count,
                    ),
                )?;
                (docs.into_iter().map(|(_, a)| (0.0, a)).collect(), total)
            } else {
                searcher.search(&query, &(top.order_by_score(), Count))?
            };
        let mut ids = Vec::with_capacity(ranked.len());
        for (score, address) in ranked {
            let stored: TantivyDocument = searcher.doc(address)?;
            if let Some(id) = stored
                .get_first(self.fields.id)
                .and_then(|v| v.as_str().map(str::to_owned))
            {
                ids.push((id, score));
            }
        }
        Ok((total, ids))
    }
}

fn hit(parsed: &Parsed, doc: SearchDoc, score: f32) -> Option<SearchHit> {
    let article_id: ArticleId = doc.id.parse().ok()?;
    let in_headline = match_ranges(parsed, &doc.headline);
    let in_dek = match_ranges(parsed, &doc.dek);
    let in_body = match_ranges(parsed, &doc.body);
    // The body shows where the words are; if only the dek matched (or nothing did, for a
    // tag match), the dek or the opening of the body stands in.
    let snippet_html = if !in_body.is_empty() || doc.dek.is_empty() {
        snippet_html(&doc.body, &in_body)
    } else {
        snippet_html(&doc.dek, &in_dek)
    };
    let mut matches = to_utf16(&doc.headline, &in_headline, MatchField::Headline);
    matches.extend(to_utf16(&doc.dek, &in_dek, MatchField::Dek));
    matches.extend(to_utf16(&doc.body, &in_body, MatchField::Body));
    matches.truncate(MAX_SPANS);
    Some(SearchHit {
        article_id,
        headline_html: marked_html(&doc.headline, &in_headline),
        headline: doc.headline,
        snippet_html,
        status: doc.status,
        byline: doc.byline,
        tags: doc.tags,
        updated_at: doc.updated_at,
        trashed: doc.trashed,
        score,
        matches,
    })
}
