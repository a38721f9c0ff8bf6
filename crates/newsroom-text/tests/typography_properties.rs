//! What the typography pass guarantees for any Markdown input, checked on generated
//! documents built from the pieces that break typographers: links of every kind, code,
//! inline HTML, quotes, dashes, dots, numbers, paths and no-break spaces.
//!
//! The run is deterministic (a fixed seed, no failure files), so CI sees the same cases
//! every time; a failure prints the smallest input that shows it.

use newsroom_text::markdown::parser_options;
use newsroom_text::typography::apply_typography;
use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};
use pulldown_cmark::{Event, Parser, Tag};

/// What the pass must never change, read from the parsed document.
#[derive(Debug, PartialEq, Eq)]
struct Untouchable {
    /// Destinations and titles of links and images, in order.
    targets: Vec<String>,
    /// Code spans, and the text of code blocks.
    code: Vec<String>,
    /// Raw HTML, inline and block, tags and attributes included.
    html: Vec<String>,
    links: usize,
    images: usize,
}

fn untouchable(markdown: &str) -> Untouchable {
    let mut found = Untouchable {
        targets: Vec::new(),
        code: Vec::new(),
        html: Vec::new(),
        links: 0,
        images: 0,
    };
    let mut in_code_block = false;
    for event in Parser::new_ext(markdown, parser_options()) {
        match event {
            Event::Start(Tag::Link {
                dest_url, title, ..
            }) => {
                found.links += 1;
                found.targets.push(format!("{dest_url} {title}"));
            }
            Event::Start(Tag::Image {
                dest_url, title, ..
            }) => {
                found.images += 1;
                found.targets.push(format!("{dest_url} {title}"));
            }
            Event::Start(Tag::CodeBlock(_)) => in_code_block = true,
            Event::End(pulldown_cmark::TagEnd::CodeBlock) => in_code_block = false,
            Event::Text(text) if in_code_block => found.code.push(text.to_string()),
            Event::Code(code) => found.code.push(code.to_string()),
            Event::Html(html) | Event::InlineHtml(html) => found.html.push(html.to_string()),
            _ => {}
        }
    }
    found
}

const PIECES: &[&str] = &[
    " ",
    " ",
    " ",
    "\u{a0}",
    "\n",
    "\n\n",
    "\n> ",
    "\n- ",
    "\n1. ",
    "\n# ",
    "\n    ",
    "\n```\n",
    "`",
    "\"",
    "\"",
    "“",
    "”",
    "«",
    "»",
    "„",
    "'",
    "-",
    "-",
    "--",
    "–",
    "—",
    "...",
    "…",
    ".",
    ",",
    ":",
    "!",
    "?",
    "(",
    ")",
    "[",
    "]",
    "[]",
    "*",
    "_",
    "**",
    "\\",
    "\\\"",
    "&amp;",
    "&quot;",
    "в",
    "и",
    "на",
    "Москва",
    "столица",
    "ООО",
    "Барыс",
    "А.",
    "С.",
    "Пушкин",
    "А.С.",
    "XIX",
    "XXI",
    "в.",
    "вв.",
    "век",
    "м2",
    "км2",
    "м",
    "км",
    "млн",
    "тыс.",
    "№",
    "§",
    "5",
    "10",
    "1941",
    "1 000",
    "1,5",
    "0",
    "Qazaq",
    "news",
    "a.kz/x--y...z",
    "/var/a--b",
    "https://a.kz/a--b...\"c\"",
    "www.a.kz",
    "a@b.kz",
    "[в Москве]",
    "[в Москве][]",
    "[\"Барыс\"]",
    "![в Москве][]",
    "[a - b](https://a.kz/\"q\" \"t - t\")",
    "![\"фото\" - 5 км](/i.png)",
    "[в Москве][m]",
    "<https://a.kz/a--b>",
    "<code>",
    "</code>",
    "<kbd>",
    "</kbd>",
    "<span title=\"a - b ...\">",
    "</span>",
    "<pre>",
    "</pre>",
    "<b>",
    "</b>",
    "[^1]",
    "\n\n[в Москве]: https://a.kz/m \"t - t\"\n",
    "\n\n[m]: /m\n",
    "\n\n[\"Барыс\"]: /b\n",
    "\n\n[^1]: сноска \"x\"\n",
    "\n\n<div title=\"a - b\">\n\"x\" - y\n</div>\n\n",
    "|",
    "\n|---|---|\n",
    "~~",
    "$",
];

fn document() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..40).prop_map(|pieces| pieces.concat())
}

fn config() -> Config {
    Config {
        cases: 2000,
        rng_seed: RngSeed::Fixed(0x6e65_7773),
        failure_persistence: None,
        max_shrink_iters: 4000,
        ..Config::default()
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn the_pass_keeps_what_is_not_prose(markdown in document()) {
        let once = apply_typography(&markdown);
        prop_assert_eq!(untouchable(&once), untouchable(&markdown), "input {:?}, output {:?}", markdown, once);
        let twice = apply_typography(&once);
        prop_assert_eq!(&twice, &once, "a second pass changed {:?}", markdown);
    }
}
