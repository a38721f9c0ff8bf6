//! Cleaning what a person typed or pasted before it is stored.
//!
//! Control characters (a NUL from a broken clipboard, form feeds from a PDF copy) would be
//! invisible in the editor yet break the site's XML-RPC/REST round trips and search, so
//! they are removed; tabs and line breaks are kept and Windows line ends become `\n`.

use crate::error::{Error, Result};

/// The largest body the app stores: far beyond any article (a 10,000-word long read is
/// ~130 KB), large enough that a 10 MB paste is still kept rather than lost.
pub const MAX_BODY_BYTES: usize = 16 * 1024 * 1024;
pub const MAX_HEADLINE_CHARS: usize = 1_000;
pub const MAX_LINE_FIELD_CHARS: usize = 2_000;

/// Cleans multi-line text: drops control characters other than tab and new line.
pub fn clean_multiline(text: &str) -> String {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    text.chars()
        .filter(|c| !c.is_control() || *c == '\n' || *c == '\t')
        .collect()
}

/// Cleans a one-line field (headline, byline, slug): line breaks and tabs become spaces,
/// other control characters are dropped, ends are trimmed.
pub fn clean_line(text: &str) -> String {
    let mapped: String = text
        .chars()
        .filter_map(|c| match c {
            '\n' | '\r' | '\t' => Some(' '),
            c if c.is_control() => None,
            c => Some(c),
        })
        .collect();
    mapped.trim().to_string()
}

pub fn check_body_size(body: &str) -> Result<()> {
    if body.len() > MAX_BODY_BYTES {
        return Err(Error::Invalid(format!(
            "the text is {:.1} MB; an article can hold at most {} MB — split it into several articles (your text is still in the editor)",
            body.len() as f64 / 1_048_576.0,
            MAX_BODY_BYTES / 1_048_576
        )));
    }
    Ok(())
}

pub fn check_field_length(name: &str, value: &str, max_chars: usize) -> Result<()> {
    let chars = value.chars().count();
    if chars > max_chars {
        return Err(Error::Invalid(format!(
            "the {name} is {chars} characters long; at most {max_chars} are allowed"
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removes_control_characters_but_keeps_layout() {
        assert_eq!(clean_multiline("а\u{0}б\r\nв\tг\u{7}\u{c}"), "аб\nв\tг");
        assert_eq!(
            clean_line("  Заголовок\nс переносом\u{0} "),
            "Заголовок с переносом"
        );
    }

    #[test]
    fn oversized_body_is_refused_with_a_reason() {
        let body = "я".repeat(MAX_BODY_BYTES / 2 + 1);
        let err = check_body_size(&body).unwrap_err();
        assert!(err.to_string().contains("at most 16 MB"), "{err}");
        assert!(
            check_body_size(&"я".repeat(5_000_000)).is_ok(),
            "a 10 MB body is kept"
        );
    }
}
