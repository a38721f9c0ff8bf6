//! Markdown → sanitized HTML.
//!
//! pulldown-cmark passes raw HTML through verbatim, so its output is never trusted: every
//! render goes through ammonia, which keeps formatting and drops scripts, event handlers,
//! `javascript:` URLs and anything else that could run in the webview or on the site.

use pulldown_cmark::{html, Event, Options, Parser, Tag, TagEnd};

/// The Markdown dialect the editor speaks: CommonMark plus tables, strikethrough,
/// footnotes and task lists, which journalists paste from word processors.
pub fn parser_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_TASKLISTS
}

/// Renders Markdown to HTML that is safe to show in the webview and to send to the site.
pub fn render_markdown(markdown: &str) -> String {
    let parser = Parser::new_ext(markdown, parser_options());
    let mut unsafe_html = String::with_capacity(markdown.len() + markdown.len() / 4);
    html::push_html(&mut unsafe_html, parser);
    sanitize_html(&unsafe_html)
}

/// Removes everything from HTML that could execute or load active content.
pub fn sanitize_html(html: &str) -> String {
    sanitizer().clean(html).to_string()
}

fn sanitizer() -> ammonia::Builder<'static> {
    let mut builder = ammonia::Builder::default();
    builder
        .add_tags(["figure", "figcaption", "input"])
        .add_tag_attributes("input", ["type", "checked", "disabled"])
        .add_tag_attributes("td", ["align"])
        .add_tag_attributes("th", ["align"])
        .add_tag_attributes("ol", ["start"])
        .url_schemes(["http", "https", "mailto", "tel"].into_iter().collect())
        .link_rel(Some("noopener noreferrer"));
    builder
}

/// The text a reader sees, without Markdown syntax, link targets or raw HTML tags.
/// Block boundaries become new lines so words on either side stay apart.
pub fn visible_text(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    for event in Parser::new_ext(markdown, parser_options()) {
        match event {
            Event::Text(text) | Event::Code(text) => out.push_str(&text),
            Event::SoftBreak | Event::HardBreak => out.push('\n'),
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::TableCell
                | TagEnd::CodeBlock,
            ) => out.push('\n'),
            Event::Start(Tag::Item) => out.push('\n'),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_basic_markdown() {
        let html = render_markdown("# Заголовок\n\n**жирный** и *курсив*");
        assert!(html.contains("<h1>Заголовок</h1>"), "{html}");
        assert!(html.contains("<strong>жирный</strong>"), "{html}");
        assert!(html.contains("<em>курсив</em>"), "{html}");
    }

    #[test]
    fn hostile_html_never_survives() {
        let cases = [
            "<script>alert(1)</script>",
            "<img src=x onerror=\"alert(1)\">",
            "[клик](javascript:alert(1))",
            "<a href=\"javascript:alert(1)\">x</a>",
            "<iframe src=\"https://evil.example\"></iframe>",
            "<div onclick=\"alert(1)\">x</div>",
            "<svg><script>alert(1)</script></svg>",
            "<style>body{display:none}</style>",
        ];
        for case in cases {
            let html = render_markdown(case).to_lowercase();
            for bad in [
                "<script",
                "onerror",
                "javascript:",
                "<iframe",
                "onclick",
                "<style",
            ] {
                assert!(
                    !html.contains(bad),
                    "{bad} survived in {html:?} from {case:?}"
                );
            }
        }
    }

    #[test]
    fn malformed_markdown_still_renders() {
        let html = render_markdown("**незакрытый *курсив [ссылка](\n\n```\nкод без конца");
        assert!(html.contains("незакрытый"), "{html}");
        assert!(html.contains("код без конца"), "{html}");
    }

    #[test]
    fn task_lists_and_tables_survive_sanitizing() {
        let html = render_markdown("- [x] готово\n\n| a | b |\n|---|--:|\n| 1 | 2 |\n");
        assert!(html.contains("checkbox"), "{html}");
        assert!(html.contains("<table>"), "{html}");
    }
}
