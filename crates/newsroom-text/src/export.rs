//! Writing an article out as a file: Markdown with YAML front matter, or a standalone HTML
//! page. Pure functions of the article's fields; the core looks the article up and names
//! the file.

use crate::front_matter::{write_front_matter, FrontValue};
use crate::markdown::render_markdown;

/// The article fields that go into an exported file. Dates are already formatted
/// (RFC 3339, UTC) by the caller.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExportFields<'a> {
    pub headline: &'a str,
    pub dek: &'a str,
    pub byline: &'a str,
    pub slug: &'a str,
    pub status: &'a str,
    pub created_at: &'a str,
    pub updated_at: &'a str,
    /// Extra `key: value` front-matter fields (publication time, schedule…), written after
    /// the standard ones in the given order.
    pub extra: Vec<(&'a str, String)>,
    pub tags: Vec<String>,
}

/// Markdown with a front-matter block; importing the file gives the same headline, dek,
/// byline, slug, tags and body back.
pub fn markdown_file(fields: &ExportFields, body: &str) -> String {
    let mut front: Vec<(&str, FrontValue)> =
        vec![("headline", FrontValue::Text(fields.headline.to_string()))];
    for (key, value) in [
        ("dek", fields.dek),
        ("byline", fields.byline),
        ("slug", fields.slug),
        ("status", fields.status),
    ] {
        if !value.is_empty() {
            front.push((key, FrontValue::Text(value.to_string())));
        }
    }
    for (key, value) in [
        ("created", fields.created_at),
        ("updated", fields.updated_at),
    ] {
        if !value.is_empty() {
            front.push((key, FrontValue::Text(value.to_string())));
        }
    }
    for (key, value) in &fields.extra {
        front.push((key, FrontValue::Text(value.clone())));
    }
    if !fields.tags.is_empty() {
        front.push(("tags", FrontValue::List(fields.tags.clone())));
    }
    let mut out = write_front_matter(&front);
    out.push('\n');
    out.push_str(body);
    if !body.is_empty() && !body.ends_with('\n') {
        out.push('\n');
    }
    out
}

/// A complete HTML page: escaped metadata in the head and the header, and the body
/// rendered and sanitized exactly as the preview shows it.
pub fn html_file(fields: &ExportFields, body: &str) -> String {
    let lang = if looks_kazakh(fields.headline) || looks_kazakh(body) {
        "kk"
    } else {
        "ru"
    };
    let mut out = String::with_capacity(body.len() * 2 + 1024);
    out.push_str("<!DOCTYPE html>\n");
    out.push_str(&format!(
        "<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n"
    ));
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    out.push_str(&format!(
        "<title>{}</title>\n",
        escape_html(fields.headline)
    ));
    for (name, value) in [("description", fields.dek), ("author", fields.byline)] {
        if !value.is_empty() {
            out.push_str(&format!(
                "<meta name=\"{name}\" content=\"{}\">\n",
                escape_html(value)
            ));
        }
    }
    if !fields.tags.is_empty() {
        out.push_str(&format!(
            "<meta name=\"keywords\" content=\"{}\">\n",
            escape_html(&fields.tags.join(", "))
        ));
    }
    out.push_str("</head>\n<body>\n<article>\n<header>\n");
    out.push_str(&format!("<h1>{}</h1>\n", escape_html(fields.headline)));
    if !fields.dek.is_empty() {
        out.push_str(&format!(
            "<p class=\"dek\">{}</p>\n",
            escape_html(fields.dek)
        ));
    }
    if !fields.byline.is_empty() {
        out.push_str(&format!(
            "<p class=\"byline\">{}</p>\n",
            escape_html(fields.byline)
        ));
    }
    if !fields.updated_at.is_empty() {
        let when = escape_html(fields.updated_at);
        out.push_str(&format!(
            "<p class=\"date\"><time datetime=\"{when}\">{when}</time></p>\n"
        ));
    }
    out.push_str("</header>\n");
    out.push_str(&render_markdown(body));
    out.push_str("\n</article>\n</body>\n</html>\n");
    out
}

/// Escapes text for HTML content and attribute values.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() && c != '\n' && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

/// Kazakh text has letters Russian does not (ә ғ қ ң ө ұ ү һ і).
fn looks_kazakh(text: &str) -> bool {
    let kazakh = text
        .chars()
        .filter(|c| "әғқңөұүһіӘҒҚҢӨҰҮҺІ".contains(*c))
        .count();
    kazakh >= 3
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields() -> ExportFields<'static> {
        ExportFields {
            headline: "«Барыс» <победил>",
            dek: "Подзаголовок & \"кавычки\"",
            byline: "Айгерим Сейткали",
            slug: "barys-pobedil",
            status: "draft",
            created_at: "2025-11-26T00:00:00Z",
            updated_at: "2025-11-26T01:00:00Z",
            extra: Vec::new(),
            tags: vec!["ХК Барыс".into(), "хоккей".into()],
        }
    }

    #[test]
    fn markdown_has_front_matter_then_body() {
        let md = markdown_file(&fields(), "Текст **статьи**");
        assert!(
            md.starts_with("---\nheadline: \"«Барыс» <победил>\"\n"),
            "{md}"
        );
        assert!(
            md.contains("\ntags: [\"ХК Барыс\", \"хоккей\"]\n---\n\nТекст **статьи**\n"),
            "{md}"
        );
    }

    #[test]
    fn html_escapes_metadata_and_sanitizes_body() {
        let html = html_file(
            &fields(),
            "Текст <script>alert(1)</script> <img src=x onerror=alert(1)>",
        );
        assert!(
            html.contains("<meta charset=\"utf-8\">"),
            "the page must declare UTF-8"
        );
        assert!(
            html.contains("<title>«Барыс» &lt;победил&gt;</title>"),
            "{html}"
        );
        assert!(
            html.contains("content=\"Подзаголовок &amp; &quot;кавычки&quot;\""),
            "{html}"
        );
        let lower = html.to_lowercase();
        assert!(
            !lower.contains("<script") && !lower.contains("onerror"),
            "the body must be sanitized: {html}"
        );
        assert!(html.contains("<html lang=\"ru\">"));
        let kazakh = html_file(
            &ExportFields {
                headline: "Қазақстан үкіметі",
                ..fields()
            },
            "Ғылым",
        );
        assert!(
            kazakh.contains("<html lang=\"kk\">"),
            "Kazakh text is marked as such"
        );
    }
}
