//! Importing a file as a new article.

use crate::article::{Article, ArticleDraft};
use crate::error::{Error, Result};
use crate::revision::RevisionKind;
use crate::store::Store;
use newsroom_text::import::{import_bytes, SourceFormat};
use std::path::Path;

/// Files larger than this are refused before reading: nothing a journalist imports as
/// one article is this big, and reading it whole would stall the app.
pub const MAX_IMPORT_BYTES: u64 = 32 * 1024 * 1024;

impl Store {
    /// Reads `path` and creates an article from it; the original file is not changed.
    pub fn import_file(&self, path: &Path) -> Result<Article> {
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .ok_or_else(|| Error::Invalid(format!("{} has no usable file name", path.display())))?;
        let format = SourceFormat::from_file_name(name).ok_or_else(|| {
            Error::Invalid(format!(
                "{name}: only .txt, .md, .html and .docx files can be imported"
            ))
        })?;
        let size = std::fs::metadata(path)?.len();
        if size > MAX_IMPORT_BYTES {
            return Err(Error::Invalid(format!(
                "{name} is {} MB; files over {} MB are not imported",
                size / 1_048_576,
                MAX_IMPORT_BYTES / 1_048_576
            )));
        }
        let bytes = std::fs::read(path)?;
        self.import_bytes(&bytes, name, format)
    }

    /// Creates an article from a document's bytes (a file, or a paste).
    pub fn import_bytes(&self, bytes: &[u8], name: &str, format: SourceFormat) -> Result<Article> {
        let fallback = name.rsplit_once('.').map(|(stem, _)| stem).unwrap_or(name);
        let doc = import_bytes(bytes, format, fallback)
            .map_err(|e| Error::Invalid(format!("{name}: {e}")))?;
        let meta = doc.metadata;
        // A slug from front matter is kept only if no other article has it: an import
        // must never take over another article's URL.
        let slug = match meta
            .slug
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            Some(wanted) => self.unique_slug(wanted, None)?,
            None => String::new(),
        };
        let draft = ArticleDraft {
            headline: doc.headline,
            dek: meta.dek.unwrap_or_default(),
            byline: meta.byline.unwrap_or_default(),
            slug,
            body: doc.body_markdown,
        };
        let article = self.create_article_with(&draft, RevisionKind::Import)?;
        if meta.tags.is_empty() {
            return Ok(article);
        }
        self.set_article_tags(article.id, &meta.tags)?;
        self.article(article.id)
    }
}
