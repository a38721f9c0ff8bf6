//! Turning files a journalist brings (plain text, Markdown, HTML, .docx) into clean Markdown.
//!
//! Each format has its own module; this one picks the module, decodes text, and finds the
//! headline. Every failure is an [`ImportError`] whose message a journalist can act on.

mod decode;
mod docx;
mod html;
mod inline;
mod limits;
mod tree;

use crate::front_matter::{split_front_matter, FrontValue};
use serde::Serialize;

pub use decode::{decode_text, TextEncoding};
pub use docx::{convert_docx, DocxDocument, MAX_PART_BYTES};
pub use html::{convert_document, html_to_markdown, HtmlDocument};
pub use inline::{escape_inline, escape_line_start};
pub use limits::{
    max_output_len, MAX_BLOCK_NESTING, MAX_LIST_LEVEL, MAX_LIST_NUMBER, MAX_OUTPUT_RATIO,
    MAX_TABLE_COLUMNS, MAX_TABLE_NESTING, OUTPUT_SLACK_BYTES,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SourceFormat {
    PlainText,
    Markdown,
    Html,
    Docx,
}

impl SourceFormat {
    /// The format a file name's extension says, if it is one we import.
    pub fn from_file_name(name: &str) -> Option<SourceFormat> {
        let ext = name.rsplit_once('.')?.1.to_ascii_lowercase();
        match ext.as_str() {
            "txt" | "text" => Some(SourceFormat::PlainText),
            "md" | "markdown" => Some(SourceFormat::Markdown),
            "html" | "htm" | "xhtml" => Some(SourceFormat::Html),
            "docx" => Some(SourceFormat::Docx),
            _ => None,
        }
    }
}

/// Fields a document may carry besides its body: Markdown front matter (our own export, or
/// a static-site file) fills them; other formats leave them empty.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportedMetadata {
    pub dek: Option<String>,
    pub byline: Option<String>,
    pub slug: Option<String>,
    pub tags: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedDocument {
    pub headline: String,
    pub body_markdown: String,
    pub metadata: ImportedMetadata,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ImportError {
    #[error("{0}")]
    Unsupported(String),
    #[error("{0}")]
    Encoding(String),
    #[error("{0}")]
    Malformed(String),
    /// The Markdown would be far larger than the file (see [`max_output_len`]): the file
    /// is built to blow up, and nothing was imported.
    #[error("{0}")]
    TooLarge(String),
}

impl ImportError {
    /// A stable code for the kind of failure, for logs and the UI.
    pub fn code(&self) -> &'static str {
        match self {
            ImportError::Unsupported(_) => "import_unsupported",
            ImportError::Encoding(_) => "import_encoding",
            ImportError::Malformed(_) => "import_malformed",
            ImportError::TooLarge(_) => "import_too_large",
        }
    }
}

/// Refuses Markdown past [`max_output_len`] of the input it came from.
fn check_output(doc: ImportedDocument, input_len: usize) -> Result<ImportedDocument, ImportError> {
    let limit = max_output_len(input_len);
    if doc.body_markdown.len() > limit {
        return Err(ImportError::TooLarge(format!(
            "this file would become {} KB of text from {} KB, more than {MAX_OUTPUT_RATIO} times its size; \
             it is built to overload the app, so nothing was imported",
            doc.body_markdown.len() / 1024,
            input_len / 1024
        )));
    }
    Ok(doc)
}

/// Converts a file's bytes. `fallback_headline` (usually the file name) is used when the
/// document itself has no title.
pub fn import_bytes(
    bytes: &[u8],
    format: SourceFormat,
    fallback_headline: &str,
) -> Result<ImportedDocument, ImportError> {
    let document = |headline: Option<String>, body_markdown: String| ImportedDocument {
        headline: headline
            .filter(|h| !h.trim().is_empty())
            .unwrap_or_else(|| fallback_headline.to_string()),
        body_markdown,
        metadata: ImportedMetadata::default(),
    };
    let doc = match format {
        SourceFormat::PlainText => {
            let (text, _) = decode_text(bytes)?;
            Ok(document(None, plain_text_to_markdown(&text)))
        }
        SourceFormat::Markdown => {
            let (text, _) = decode_text(bytes)?;
            Ok(markdown_document(&text, fallback_headline))
        }
        SourceFormat::Html => {
            let (text, _) = decode_text(bytes)?;
            let page = convert_document(&text);
            Ok(document(page.title, page.markdown))
        }
        SourceFormat::Docx => {
            let doc = convert_docx(bytes)?;
            Ok(document(doc.title, doc.markdown))
        }
    }?;
    // A .docx is compressed, so its size says little about its text; its parts are capped
    // in docx.rs (size, inflation ratio) and its structure by the limits it shares.
    match format {
        SourceFormat::Docx => Ok(doc),
        _ => check_output(doc, bytes.len()),
    }
}

/// Every non-empty line of a plain-text file is a paragraph (news sites export one
/// paragraph a line). Characters that Markdown would read as markup are escaped, so the
/// text shows exactly as it was written.
///
/// Lines end with `\n`, `\r\n` or a lone `\r` (old Mac and some Windows exporters). Control
/// characters and byte-order marks are removed *before* the line is trimmed and escaped, so
/// whatever the line starts with once they are gone (`"\x03 >"` → `>`) is what gets escaped.
pub fn plain_text_to_markdown(text: &str) -> String {
    text.split(['\n', '\r'])
        .map(strip_controls)
        .map(|l| l.trim().to_string())
        .filter(|l| !l.is_empty())
        .map(|l| escape_line_start(&escape_inline(&l)))
        .collect::<Vec<_>>()
        .join("\n\n")
}

fn strip_controls(line: &str) -> String {
    line.chars()
        .map(|c| if c == '\t' { ' ' } else { c })
        .filter(|&c| !c.is_control() && c != '\u{feff}')
        .collect()
}

/// A Markdown file: front matter (if any) fills the metadata, and a leading `# Heading`
/// is the headline when the front matter has none.
fn markdown_document(text: &str, fallback_headline: &str) -> ImportedDocument {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let (fields, body) = split_front_matter(&text);
    let mut headline = None;
    let mut metadata = ImportedMetadata::default();
    for (key, value) in fields {
        match (key.as_str(), value) {
            ("headline" | "title", FrontValue::Text(v)) => headline = Some(v),
            ("dek" | "subtitle" | "description", FrontValue::Text(v)) => metadata.dek = Some(v),
            ("byline" | "author", FrontValue::Text(v)) => metadata.byline = Some(v),
            ("slug", FrontValue::Text(v)) => metadata.slug = Some(v),
            ("tags", FrontValue::List(v)) => metadata.tags = v,
            ("tags", FrontValue::Text(v)) => {
                metadata.tags = v
                    .split(',')
                    .map(|t| t.trim().to_string())
                    .filter(|t| !t.is_empty())
                    .collect()
            }
            _ => {}
        }
    }
    let mut body = body.to_string();
    if headline.is_none() {
        let trimmed = body.trim_start_matches('\n');
        if let Some(first_line) = trimmed.lines().next() {
            if let Some(h1) = first_line.strip_prefix("# ") {
                headline = Some(h1.trim().trim_end_matches('#').trim().to_string());
                body = trimmed[first_line.len()..]
                    .trim_start_matches('\n')
                    .to_string();
            }
        }
    }
    ImportedDocument {
        headline: headline
            .filter(|h| !h.trim().is_empty())
            .unwrap_or_else(|| fallback_headline.to_string()),
        body_markdown: body,
        metadata,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn carriage_returns_alone_end_lines() {
        let md = plain_text_to_markdown("строка\rВторая\r\rтретья\r\nчетвёртая");
        assert_eq!(md, "строка\n\nВторая\n\nтретья\n\nчетвёртая");
    }

    #[test]
    fn controls_and_marks_before_a_space_do_not_hide_markup() {
        for line in [
            "\x03 > цитата",
            "\u{feff} > цитата",
            "\u{feff}# заголовок",
            "\x07 - пункт",
            "\x00 1. номер",
            "\x1b    код",
        ] {
            let md = plain_text_to_markdown(line);
            let html = crate::render_markdown(&md);
            assert!(
                html.starts_with("<p>") && html.matches('<').count() == 2,
                "{line:?} must stay one plain paragraph: {md:?} → {html}"
            );
        }
    }

    #[test]
    fn plain_text_stays_plain() {
        let text = "# не заголовок\r\n\r\n- не список\n1. не номер\n*не курсив* и <b>не тег</b>\n\tотступ\n";
        let md = plain_text_to_markdown(text);
        let html = crate::render_markdown(&md);
        for bad in ["<h1>", "<li>", "<em>", "<b>", "<pre>", "<ol>"] {
            assert!(
                !html.contains(bad),
                "plain text must not become {bad}: {md:?} → {html}"
            );
        }
        let visible = crate::markdown::visible_text(&md);
        for words in [
            "# не заголовок",
            "- не список",
            "1. не номер",
            "*не курсив*",
            "<b>не тег</b>",
            "отступ",
        ] {
            assert!(
                visible.contains(words),
                "{words:?} must be shown as written: {visible:?}"
            );
        }
    }

    #[test]
    fn markdown_headline_from_h1_or_front_matter() {
        let doc = import_bytes(
            "# Заголовок\n\nТекст".as_bytes(),
            SourceFormat::Markdown,
            "file",
        )
        .expect("markdown");
        assert_eq!(doc.headline, "Заголовок");
        assert_eq!(doc.body_markdown, "Текст");
        let doc = import_bytes(
            b"---\nheadline: \"Front\"\nslug: front\ntags: [\"a\"]\n---\n# H1\n\nBody",
            SourceFormat::Markdown,
            "file",
        )
        .expect("markdown with front matter");
        assert_eq!(
            doc.headline, "Front",
            "front matter wins over the first heading"
        );
        assert_eq!(
            doc.body_markdown, "# H1\n\nBody",
            "the heading stays in the body then"
        );
        assert_eq!(doc.metadata.slug.as_deref(), Some("front"));
        assert_eq!(doc.metadata.tags, vec!["a".to_string()]);
        let doc = import_bytes(b"just text", SourceFormat::Markdown, "file").expect("markdown");
        assert_eq!(
            doc.headline, "file",
            "without a title the file name is the headline"
        );
    }

    #[test]
    fn a_blown_up_import_is_a_clear_error() {
        let doc = |len: usize| ImportedDocument {
            headline: "h".into(),
            body_markdown: "x".repeat(len),
            metadata: ImportedMetadata::default(),
        };
        let limit = max_output_len(1000);
        assert_eq!(limit, 1000 * MAX_OUTPUT_RATIO + OUTPUT_SLACK_BYTES);
        assert!(
            check_output(doc(limit), 1000).is_ok(),
            "the limit itself passes"
        );
        let err = check_output(doc(limit + 1), 1000).expect_err("past the limit");
        assert_eq!(err.code(), "import_too_large");
        assert!(err.to_string().contains("nothing was imported"), "{err}");
        assert_eq!(max_output_len(usize::MAX), usize::MAX, "no overflow");
    }

    #[test]
    fn formats_from_names() {
        let cases = [
            ("a.TXT", Some(SourceFormat::PlainText)),
            ("статья.md", Some(SourceFormat::Markdown)),
            ("page.htm", Some(SourceFormat::Html)),
            ("report.DOCX", Some(SourceFormat::Docx)),
            ("old.doc", None),
            ("noext", None),
        ];
        for (name, want) in cases {
            assert_eq!(SourceFormat::from_file_name(name), want, "{name}");
        }
    }
}
