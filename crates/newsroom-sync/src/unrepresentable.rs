//! Markup a post may hold that the app's Markdown cannot: an editor's YouTube `<iframe>`, a
//! `<figure>`, Gutenberg's block comments, shortcodes, `<video>`, tables with attributes.
//! A pull converts such a post to Markdown without it (the converter drops what it cannot
//! show); pushing that Markdown back would delete it from the site. So a post holding any
//! of it never gets its body overwritten by the app: the push is refused, with the reason,
//! and the text is edited in WordPress instead. Other fields still sync.

use crate::mapping::RemoteFields;

/// Opening-tag prefixes (lowercase) and what to call them in the message.
const TAGS: &[(&str, &str)] = &[
    ("<iframe", "an embedded frame (iframe)"),
    ("<figure", "a figure"),
    ("<video", "a video"),
    ("<audio", "an audio player"),
    ("<embed", "an embed"),
    ("<object", "an embedded object"),
    ("<script", "a script"),
    ("<form", "a form"),
    ("<!-- wp:", "WordPress blocks"),
];

/// WordPress's own shortcodes, and those of its common embed plugins.
const SHORTCODES: &[&str] = &[
    "caption",
    "gallery",
    "audio",
    "video",
    "playlist",
    "embed",
    "wp_caption",
];

/// Table parts whose attributes (alignment, spans, classes) Markdown tables cannot carry.
const TABLE_PARTS: &[&str] = &["<table", "<tr", "<td", "<th"];

/// What in the post's body the app cannot represent, if anything. Content rendered from the
/// post's own Markdown (the app's own push) is representable by construction.
pub fn unrepresentable(remote: &RemoteFields) -> Option<&'static str> {
    if let Some(md) = &remote.markdown {
        if crate::images::render_body(md).trim() == remote.content.trim() {
            return None;
        }
    }
    let html = remote.content.to_lowercase();
    for (prefix, what) in TAGS {
        if contains_tag(&html, prefix) {
            return Some(what);
        }
    }
    if TABLE_PARTS.iter().any(|t| has_attributed(&html, t)) {
        return Some("a table with attributes");
    }
    if SHORTCODES.iter().any(|code| has_shortcode(&html, code)) {
        return Some("a shortcode");
    }
    None
}

/// `prefix` followed by the end of a tag name (so `<th` does not match `<thead>`).
fn contains_tag(html: &str, prefix: &str) -> bool {
    if prefix.starts_with("<!--") {
        return html.contains(prefix);
    }
    html.match_indices(prefix).any(|(at, _)| {
        html[at + prefix.len()..]
            .chars()
            .next()
            .is_none_or(|c| c == '>' || c == '/' || c.is_whitespace())
    })
}

/// `<tag` with at least one attribute.
fn has_attributed(html: &str, tag: &str) -> bool {
    html.match_indices(tag).any(|(at, _)| {
        let rest = &html[at + tag.len()..];
        let mut chars = rest.chars();
        match chars.next() {
            Some(c) if c.is_whitespace() => chars
                .take_while(|c| *c != '>')
                .any(|c| !c.is_whitespace() && c != '/'),
            _ => false,
        }
    })
}

/// `[code]`, `[code …]` or `[/code]`.
fn has_shortcode(html: &str, code: &str) -> bool {
    ["[", "[/"].iter().any(|open| {
        let needle = format!("{open}{code}");
        html.match_indices(&needle).any(|(at, _)| {
            html[at + needle.len()..]
                .chars()
                .next()
                .is_some_and(|c| c == ']' || c.is_whitespace())
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn post(content: &str) -> RemoteFields {
        RemoteFields {
            content: content.into(),
            ..RemoteFields::default()
        }
    }

    #[test]
    fn what_markdown_cannot_hold_is_named() {
        let cases = [
            (
                r#"<p>Видео:</p><iframe src="https://www.youtube.com/embed/x"></iframe>"#,
                "iframe",
            ),
            (
                "<figure><img src=a.jpg><figcaption>Фото</figcaption></figure>",
                "figure",
            ),
            (
                "<!-- wp:paragraph --><p>Текст</p><!-- /wp:paragraph -->",
                "blocks",
            ),
            (
                r#"[caption id="a1"]<img src=a.jpg> Подпись[/caption]"#,
                "shortcode",
            ),
            ("<video src=a.mp4></video>", "video"),
            (
                r#"<table class="wide"><tr><td colspan="2">1</td></tr></table>"#,
                "table",
            ),
        ];
        for (html, word) in cases {
            let what = unrepresentable(&post(html));
            assert!(
                what.is_some_and(|w| w.contains(word)),
                "{html:?} must be recognised as {word}: {what:?}"
            );
        }
    }

    #[test]
    fn ordinary_text_and_the_apps_own_output_are_representable() {
        for html in [
            "<p>Обычный <strong>текст</strong> [1] и [сноска].</p>",
            "<table><thead><tr><th>А</th></tr></thead><tbody><tr><td>1</td></tr></tbody></table>",
            "Абзац без разметки\n\nвторой",
        ] {
            assert_eq!(unrepresentable(&post(html)), None, "{html:?}");
        }
        let own = "| А | Б |\n|:--|--:|\n| 1 | 2 |";
        let remote = RemoteFields {
            content: newsroom_text::render_markdown(own),
            markdown: Some(own.into()),
            ..RemoteFields::default()
        };
        assert_eq!(unrepresentable(&remote), None, "the app's own push");
    }
}
