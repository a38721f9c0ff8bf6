//! Regression cases from issue 10 for the render path: each input once crashed, hung or
//! leaked through the preview. The time budgets are generous regression guards (a debug
//! build on a loaded machine), not benchmarks; before the fix these inputs took 3–28 s in
//! a release build.

use newsroom_text::render_markdown;
use std::time::{Duration, Instant};

const BUDGET: Duration = Duration::from_secs(3);

fn render_within_budget(input: &str) -> String {
    let started = Instant::now();
    let html = render_markdown(input);
    let took = started.elapsed();
    assert!(
        took < BUDGET,
        "rendering {} bytes took {took:?} (budget {BUDGET:?})",
        input.len()
    );
    html
}

#[test]
fn deeply_nested_quotes_and_lists_render_in_linear_time() {
    // Defect 4: 80 KB, 40,000 levels of quote and list.
    let html = render_within_budget(&"> - ".repeat(20_000));
    // Nesting past the limit is flattened: no more than the limit of open quotes.
    assert!(html.matches("<blockquote>").count() <= newsroom_text::render::MAX_NESTING);
}

#[test]
fn deeply_nested_raw_html_renders_in_linear_time_as_text() {
    // Defect 4: 240 KB of raw HTML nesting 60,000 deep.
    let html = render_within_budget(&"<ul><li>".repeat(30_000));
    // Too deep to parse: shown as its source, escaped.
    assert!(html.starts_with("&lt;ul&gt;&lt;li&gt;"), "{}", &html[..80]);
    assert!(!html.contains("<ul>"));
}

#[test]
fn deep_raw_html_inside_deep_markdown_stays_fast() {
    let mut input = "> - ".repeat(5_000);
    input.push_str(&"<div>".repeat(200));
    input.push_str("<b>x</b>");
    render_within_budget(&input);
}

#[test]
fn megabytes_of_entities_render_in_linear_time() {
    // Defect 4: 2.3 MB of `&amp;`.
    let html = render_within_budget(&"&amp;".repeat(460_000));
    assert_eq!(html.matches("&amp;").count(), 460_000);
}

#[test]
fn no_form_control_survives() {
    // Defect 9: a post could draw a fake password field.
    for case in [
        "<input type=\"password\" placeholder=\"Пароль от почты\">",
        "<input type=text>",
        "<INPUT TYPE=CHECKBOX CHECKED>",
        "<form><input name=x><button>Войти</button><select><option>1</select><textarea>t</textarea></form>",
        "- [x] готово",
    ] {
        let html = render_markdown(case).to_lowercase();
        for bad in ["<input", "<form", "<button", "<select", "<textarea"] {
            assert!(!html.contains(bad), "{bad} survived in {html:?} from {case:?}");
        }
    }
}

#[test]
fn relative_and_protocol_relative_addresses_are_dropped() {
    // Defect 9: `//evil.example` passed the render path though the importer refuses it.
    for case in [
        "[вход](//evil.example/login)",
        "[вход](/wp-admin)",
        "[вход](../secret)",
        "<a href=\"//evil.example\">вход</a>",
        "<a href=\"/wp-admin\">вход</a>",
        "![x](//tracker.example/p.gif)",
        "<img src=\"//tracker.example/p.gif\">",
    ] {
        let html = render_markdown(case);
        assert!(!html.contains("href="), "{html:?} from {case:?}");
        assert!(!html.contains("src="), "{html:?} from {case:?}");
        assert!(!html.contains("evil") || html.contains(">вход<"), "{html}");
    }
    let kept = render_markdown("[сайт](https://example.kz/a) <mailto:desk@example.kz>");
    assert!(kept.contains("href=\"https://example.kz/a\""), "{kept}");
    assert!(kept.contains("href=\"mailto:desk@example.kz\""), "{kept}");
}

#[test]
fn fenced_code_keeps_its_language() {
    // Defect 12: `class="language-rust"` was stripped, so the site could not highlight.
    let html = render_markdown("```rust\nfn main() {}\n```\n\n```c++\nint x;\n```");
    assert!(html.contains("<code class=\"language-rust\">"), "{html}");
    assert!(html.contains("<code class=\"language-c++\">"), "{html}");
    let raw = render_markdown("<pre><code class=\"language-kotlin\">x</code></pre>");
    assert!(raw.contains("class=\"language-kotlin\""), "{raw}");
    // Exactly that pattern: nothing else rides along.
    for case in [
        "```rust\" onclick=\"x\nx\n```",
        "<code class=\"language-rust evil\">x</code>",
        "<code class=\"hljs\">x</code>",
        "<p class=\"language-rust\">x</p>",
    ] {
        let html = render_markdown(case);
        assert!(!html.contains("class="), "{html:?} from {case:?}");
    }
}

#[test]
fn the_preview_blocks_remote_pictures_until_asked() {
    use newsroom_text::{render_preview, Images};
    let post = "![пиксель](https://tracker.example/p.gif)\n\n<img src=\"https://tracker.example/q.gif\" alt=\"q\">";
    let blocked = render_preview(post, Images::Block);
    assert!(
        !blocked.html.contains("tracker.example"),
        "{}",
        blocked.html
    );
    assert_eq!(blocked.blocked_images, 2);
    assert!(blocked.html.contains("alt=\"пиксель\""), "{}", blocked.html);
    let loaded = render_preview(post, Images::Load);
    assert_eq!(
        loaded
            .html
            .matches("src=\"https://tracker.example/")
            .count(),
        2
    );
    assert_eq!(loaded.blocked_images, 0);
    // What goes to the site keeps its pictures.
    assert_eq!(render_markdown(post), loaded.html);
}
