//! Exporting an article, or a selection of its body, as a Markdown or HTML file.
//!
//! The file content comes from `newsroom_text::export`; this module reads the article and
//! its tags in one snapshot, formats the dates and names the file after the slug.

use crate::article::{self, Article, ArticleId};
use crate::error::{Error, Result};
use crate::store::Store;
use chrono::{DateTime, SecondsFormat, Utc};
use newsroom_text::export::{html_file, markdown_file, ExportFields};
use newsroom_text::slugify;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ExportFormat {
    Markdown,
    Html,
}

impl ExportFormat {
    fn extension(self) -> &'static str {
        match self {
            ExportFormat::Markdown => "md",
            ExportFormat::Html => "html",
        }
    }

    fn mime(self) -> &'static str {
        match self {
            ExportFormat::Markdown => "text/markdown; charset=utf-8",
            ExportFormat::Html => "text/html; charset=utf-8",
        }
    }
}

/// A file ready to save: the shell writes it where the user chooses (its save dialog).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ExportedFile {
    pub file_name: String,
    pub mime: String,
    pub content: String,
}

fn rfc3339(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

impl Store {
    /// The whole article with its metadata.
    pub fn export_article(&self, id: ArticleId, format: ExportFormat) -> Result<ExportedFile> {
        let (article, tags) = self.export_snapshot(id)?;
        Ok(render(&article, &tags, &article.draft.body, format, None))
    }

    /// Part of the body (the editor's selection, as Markdown source) with the article's
    /// metadata; the file name says it is an excerpt.
    pub fn export_selection(
        &self,
        id: ArticleId,
        selection: &str,
        format: ExportFormat,
    ) -> Result<ExportedFile> {
        if selection.trim().is_empty() {
            return Err(Error::Invalid("nothing is selected to export".into()));
        }
        let (article, tags) = self.export_snapshot(id)?;
        Ok(render(&article, &tags, selection, format, Some("excerpt")))
    }

    /// The article and its tag names, read in one transaction so they agree.
    fn export_snapshot(&self, id: ArticleId) -> Result<(Article, Vec<String>)> {
        self.db().read(|conn| {
            let article = article::load(conn, id)?;
            // Extension point: anything else that belongs in front matter (schedule,
            // publication time) is read here, in the same snapshot.
            let tags = crate::tags::article_tags::of_article(conn, id)?
                .into_iter()
                .map(|t| t.name)
                .collect();
            Ok((article, tags))
        })
    }
}

fn render(
    article: &Article,
    tags: &[String],
    body: &str,
    format: ExportFormat,
    suffix: Option<&str>,
) -> ExportedFile {
    let draft = &article.draft;
    let created = rfc3339(article.created_at);
    let updated = rfc3339(article.updated_at);
    let fields = ExportFields {
        headline: &draft.headline,
        dek: &draft.dek,
        byline: &draft.byline,
        slug: &draft.slug,
        status: &article.status,
        created_at: &created,
        updated_at: &updated,
        extra: Vec::new(),
        tags: tags.to_vec(),
    };
    let content = match format {
        ExportFormat::Markdown => markdown_file(&fields, body),
        ExportFormat::Html => html_file(&fields, body),
    };
    ExportedFile {
        file_name: file_name(article, format, suffix),
        mime: format.mime().to_string(),
        content,
    }
}

/// `<slug>.md`, or the transliterated headline when there is no slug yet; always ASCII,
/// so every file system and mail client keeps it.
fn file_name(article: &Article, format: ExportFormat, suffix: Option<&str>) -> String {
    // `slugify` never returns an empty slug (it falls back to "article"), so the headline
    // is used only when there is no slug at all.
    let base = if article.draft.slug.is_empty() {
        slugify(&article.draft.headline)
    } else {
        slugify(&article.draft.slug)
    };
    match suffix {
        Some(suffix) => format!("{base}-{suffix}.{}", format.extension()),
        None => format!("{base}.{}", format.extension()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::ArticleDraft;
    use newsroom_text::import::{import_bytes, SourceFormat};

    fn store_with_article() -> (Store, Article) {
        let store = Store::in_memory().expect("in-memory store");
        let article = store
            .create_article(&ArticleDraft {
                headline: "«Барыс» победил <Авангард>".into(),
                dek: "Подзаголовок".into(),
                byline: "Айгерим".into(),
                slug: String::new(),
                body: "Первый абзац.\n\n**Второй** абзац <script>alert(1)</script>.".into(),
            })
            .expect("create article");
        (store, article)
    }

    #[test]
    fn markdown_export_round_trips_through_import() {
        let (store, article) = store_with_article();
        let file = store
            .export_article(article.id, ExportFormat::Markdown)
            .expect("export");
        assert_eq!(
            file.file_name, "barys-pobedil-avangard.md",
            "an article without a slug is named after its headline"
        );
        assert!(file.mime.starts_with("text/markdown"));
        let doc = import_bytes(file.content.as_bytes(), SourceFormat::Markdown, "x")
            .expect("import the export");
        assert_eq!(
            doc.headline, article.draft.headline,
            "the headline must come back"
        );
        assert_eq!(
            doc.body_markdown.trim_end(),
            article.draft.body,
            "the body must come back unchanged"
        );
        assert_eq!(doc.metadata.dek.as_deref(), Some("Подзаголовок"));
    }

    #[test]
    fn html_export_is_safe_and_named_by_slug() {
        let (store, article) = store_with_article();
        let mut draft = article.draft.clone();
        draft.slug = "barys".into();
        store
            .save_revision(article.id, &draft, article.version)
            .expect("save slug");
        let file = store
            .export_article(article.id, ExportFormat::Html)
            .expect("export");
        assert_eq!(file.file_name, "barys.html");
        assert!(
            file.content
                .contains("<title>«Барыс» победил &lt;Авангард&gt;</title>"),
            "{}",
            file.content
        );
        assert!(
            !file.content.contains("<script"),
            "the body must be sanitized: {}",
            file.content
        );
    }

    #[test]
    fn selection_export() {
        let (store, article) = store_with_article();
        let file = store
            .export_selection(article.id, "**Второй** абзац", ExportFormat::Markdown)
            .expect("export");
        assert!(
            file.file_name.ends_with("-excerpt.md"),
            "{}",
            file.file_name
        );
        assert!(
            file.content.ends_with("\n**Второй** абзац\n"),
            "{}",
            file.content
        );
        assert!(
            !file.content.contains("Первый"),
            "only the selection is exported"
        );
        let err = store
            .export_selection(article.id, "  ", ExportFormat::Html)
            .expect_err("empty selection");
        assert_eq!(err.code(), crate::ErrorCode::Invalid);
    }
}
