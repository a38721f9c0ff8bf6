//! The index's fields and how an article becomes a tantivy document.
//!
//! Each text field is indexed twice: stemmed (word forms match, ranked by BM25, no
//! positions — it is the big one) and folded but unstemmed with positions (prefixes,
//! quoted phrases and exact forms). Filters are untokenized terms and fast fields.

use crate::analysis::{FOLDED, STEMMED};
use newsroom_core::search_doc::SearchDoc;
use newsroom_text::fold_for_match;
use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST, INDEXED, STORED, STRING,
};
use tantivy::TantivyDocument;

/// Bumped whenever the fields or the analysis change: an index written with another
/// version is rebuilt from the database on open.
/// 2: Kazakh texts index Kazakh stems too.
pub const SCHEMA_VERSION: u32 = 2;

/// A searchable text field: its stemmed and its exact twin.
#[derive(Debug, Clone, Copy)]
pub struct TextPair {
    pub stemmed: Field,
    pub exact: Field,
    /// How much a match here counts relative to the body.
    pub boost: f32,
}

#[derive(Debug, Clone)]
pub struct Fields {
    pub schema: Schema,
    pub id: Field,
    pub headline: TextPair,
    pub dek: TextPair,
    pub body: TextPair,
    pub tags: TextPair,
    pub status: Field,
    pub tag_key: Field,
    pub author: Field,
    pub created_at: Field,
    pub updated_at: Field,
    pub trashed: Field,
}

pub const UPDATED_AT: &str = "updated_at";

fn text(tokenizer: &str, record: IndexRecordOption) -> TextOptions {
    TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(tokenizer)
            .set_index_option(record),
    )
}

impl Fields {
    pub fn new() -> Fields {
        let mut b = Schema::builder();
        let stemmed = text(STEMMED, IndexRecordOption::WithFreqs);
        let exact = text(FOLDED, IndexRecordOption::WithFreqsAndPositions);
        let mut pair = |name: &str, boost: f32| TextPair {
            stemmed: b.add_text_field(name, stemmed.clone()),
            exact: b.add_text_field(&format!("{name}_exact"), exact.clone()),
            boost,
        };
        // A headline match is what the article is about; a tag is the newsroom's own
        // label for it; the dek summarises it; the body may mention a word in passing.
        let headline = pair("headline", 4.0);
        let dek = pair("dek", 2.0);
        let body = pair("body", 1.0);
        let tags = pair("tags", 3.0);
        let id = b.add_text_field("id", STRING | STORED);
        let status = b.add_text_field("status", STRING);
        let tag_key = b.add_text_field("tag_key", STRING);
        let author = b.add_text_field("author", STRING);
        let created_at = b.add_i64_field("created_at", INDEXED | FAST);
        let updated_at = b.add_i64_field(UPDATED_AT, INDEXED | FAST);
        let trashed = b.add_bool_field("trashed", INDEXED);
        Fields {
            schema: b.build(),
            id,
            headline,
            dek,
            body,
            tags,
            status,
            tag_key,
            author,
            created_at,
            updated_at,
            trashed,
        }
    }

    /// Every text pair, for queries that look everywhere.
    pub fn text_pairs(&self) -> [TextPair; 4] {
        [self.headline, self.dek, self.body, self.tags]
    }

    pub fn document(&self, doc: &SearchDoc) -> TantivyDocument {
        let mut d = TantivyDocument::default();
        d.add_text(self.id, &doc.id);
        for (pair, value) in [
            (self.headline, doc.headline.as_str()),
            (self.dek, doc.dek.as_str()),
            (self.body, doc.body.as_str()),
        ] {
            d.add_text(pair.stemmed, value);
            d.add_text(pair.exact, value);
        }
        for tag in &doc.tags {
            d.add_text(self.tags.stemmed, tag);
            d.add_text(self.tags.exact, tag);
            d.add_text(self.tag_key, fold_for_match(tag));
        }
        d.add_text(self.status, &doc.status);
        for author in author_keys(doc) {
            d.add_text(self.author, author);
        }
        d.add_i64(self.created_at, doc.created_at.timestamp_millis());
        d.add_i64(self.updated_at, doc.updated_at.timestamp_millis());
        d.add_bool(self.trashed, doc.trashed);
        d
    }
}

impl Default for Fields {
    fn default() -> Self {
        Self::new()
    }
}

/// What an author filter may name: the owner's profile id, the owner's name, the whole
/// byline or one of the people it lists («Асель Нурланова и Иван Петров»), the names
/// folded so case and ё do not matter.
pub fn author_keys(doc: &SearchDoc) -> Vec<String> {
    let mut keys = Vec::new();
    if let Some(id) = &doc.owner_id {
        keys.push(id.clone());
    }
    let byline = fold_for_match(&doc.byline);
    let people = byline
        .split([',', ';'])
        .flat_map(|part| part.split(" и ").flat_map(|p| p.split(" and ")))
        .map(|p| p.trim().to_string());
    let names = doc
        .owner_name
        .iter()
        .map(|n| fold_for_match(n))
        .chain([byline.clone()])
        .chain(people);
    for key in names {
        if !key.is_empty() && !keys.contains(&key) {
            keys.push(key);
        }
    }
    keys
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_person_in_a_byline_is_an_author() {
        let doc = SearchDoc {
            id: "a".into(),
            headline: String::new(),
            dek: String::new(),
            body: String::new(),
            byline: "Асель Нурланова и Иван Петров, Пётр Ким".into(),
            status: "draft".into(),
            tags: vec![],
            owner_id: Some("p1".into()),
            owner_name: Some("Асель Нурланова".into()),
            created_at: chrono::Utc::now(),
            updated_at: chrono::Utc::now(),
            trashed: false,
        };
        let keys = author_keys(&doc);
        for expected in ["p1", "асель нурланова", "иван петров", "петр ким"]
        {
            assert!(
                keys.contains(&expected.to_string()),
                "{expected} must be a filter key: {keys:?}"
            );
        }
    }
}
