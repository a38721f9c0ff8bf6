//! Turning files a journalist brings (plain text, Markdown, HTML, .docx) into clean Markdown.

use serde::Serialize;

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
            "html" | "htm" => Some(SourceFormat::Html),
            "docx" => Some(SourceFormat::Docx),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedDocument {
    pub headline: String,
    pub body_markdown: String,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ImportError {
    #[error("{0}")]
    Unsupported(String),
    #[error("{0}")]
    Encoding(String),
    #[error("{0}")]
    Malformed(String),
}

/// Converts a file's bytes. `fallback_headline` (usually the file name) is used when the
/// document itself has no title.
pub fn import_bytes(bytes: &[u8], format: SourceFormat, fallback_headline: &str) -> Result<ImportedDocument, ImportError> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        ImportError::Encoding(format!(
            "the file is not valid UTF-8 text (bad byte at position {}); save it as UTF-8 and import again",
            e.valid_up_to()
        ))
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    match format {
        SourceFormat::Markdown => Ok(ImportedDocument {
            headline: fallback_headline.to_string(),
            body_markdown: text.replace("\r\n", "\n"),
        }),
        SourceFormat::PlainText => Ok(ImportedDocument {
            headline: fallback_headline.to_string(),
            body_markdown: plain_text_to_markdown(text),
        }),
        other => Err(ImportError::Unsupported(format!("{other:?} import is not available yet"))),
    }
}

/// Every non-empty line of a plain-text file is a paragraph (news sites export one
/// paragraph a line).
pub fn plain_text_to_markdown(text: &str) -> String {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}
