//! The editor's Markdown dialect, rendering entry points and the visible text.
//!
//! Rendering lives in [`crate::render`]: raw HTML and addresses are never trusted, and
//! nothing that could run in the webview or on the site (scripts, event handlers,
//! `javascript:` addresses, form controls) reaches the output.

use crate::render::{self, Images, Rendered};
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// The Markdown dialect the editor speaks: CommonMark plus tables, strikethrough,
/// footnotes and task lists, which journalists paste from word processors.
pub fn parser_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_TASKLISTS
}

/// Renders Markdown to HTML that is safe to show in the webview and to send to the site,
/// pictures included. See [`crate::render`] for how it is made safe.
pub fn render_markdown(markdown: &str) -> String {
    render::render(markdown, Images::Load).html
}

/// Renders Markdown for the preview pane: as [`render_markdown`], but remote pictures load
/// only when the reader asked for them for this article (a pulled post may carry tracking
/// pixels), as a mail client does.
pub fn render_preview(markdown: &str, images: Images) -> Rendered {
    render::render(markdown, images)
}

/// [`render_preview`] where the newsroom's stored images (`![…](images/<hash>.jpg)`) load
/// from `local_image_base` + file name (the desktop app's `newsroom-image:` protocol).
pub fn render_preview_with_local_images(
    markdown: &str,
    images: Images,
    local_image_base: &str,
) -> Rendered {
    render::render_with_local_images(markdown, images, Some(local_image_base))
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
    fn stored_images_load_from_the_local_protocol_only_in_the_preview() {
        let hash = "ab".repeat(32);
        let md = format!(
            "![Пожар](images/{hash}.jpg)\n\n![x](images/{hash}.exe) ![y](images/notahash.jpg)"
        );
        let preview =
            render_preview_with_local_images(&md, Images::Block, "newsroom-image://localhost/");
        assert!(
            preview.html.contains(&format!(
                "<img src=\"newsroom-image://localhost/{hash}.jpg\" alt=\"Пожар\">"
            )),
            "{}",
            preview.html
        );
        assert_eq!(preview.html.matches("src=").count(), 1, "{}", preview.html);
        assert_eq!(
            preview.blocked_images, 0,
            "a stored image is not a remote one"
        );
        let site = render_markdown(&md);
        assert!(
            !site.contains("src="),
            "what goes to the site never names the protocol: {site}"
        );
    }

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
        let html = render_markdown("- [x] готово\n- [ ] нет\n\n| a | b |\n|---|--:|\n| 1 | 2 |\n");
        assert!(html.contains("☑ готово"), "{html}");
        assert!(html.contains("☐ нет"), "{html}");
        assert!(html.contains("<table>"), "{html}");
    }
}
