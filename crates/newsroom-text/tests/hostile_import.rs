//! Regression cases of issue 10: hostile HTML and .docx that crashed the importers or made
//! their output explode. Each asserts what the limits promise (see `import/limits.rs`):
//! no panic, the text kept, output proportional to input. Their time is guarded by the
//! fuzz smoke (`crates/newsroom-fuzz`).

use newsroom_text::html_to_markdown;
use newsroom_text::import::{import_bytes, SourceFormat};
use std::io::Write;

fn docx(document_body: &str, numbering: Option<&str>) -> Vec<u8> {
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{document_body}</w:body></w:document>"#
    );
    let mut buf = std::io::Cursor::new(Vec::new());
    let mut writer = zip::ZipWriter::new(&mut buf);
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let mut parts = vec![("word/document.xml", document)];
    if let Some(n) = numbering {
        parts.push(("word/numbering.xml", n.to_string()));
    }
    for (name, text) in parts {
        writer.start_file(name, options).expect("zip entry");
        writer.write_all(text.as_bytes()).expect("zip write");
    }
    writer.finish().expect("zip finish");
    buf.into_inner()
}

#[test]
fn defect_1_huge_word_list_levels_are_clamped() {
    // Before: `"    ".repeat(level - 1)` asked for 400 GB (abort) or overflowed (panic).
    for level in ["99999999999", "18446744073709551615", "0", "4294967296"] {
        let html = format!(r#"<p style="mso-list:l0 level{level}">x</p>"#);
        let md = html_to_markdown(&html);
        assert!(md.ends_with("- x"), "level {level}: {md:?}");
        assert!(
            md.len() <= 4 * 8 + 3,
            "the indent of level {level} is at most the deepest Word level: {md:?}"
        );
    }
}

#[test]
fn defect_8_huge_ol_start_does_not_overflow() {
    // Before: `number += 1` overflowed a u32 (a panic in debug builds).
    let md = html_to_markdown(r#"<ol start="4294967295"><li>a</li><li>b</li></ol>"#);
    assert_eq!(md, "999999999. a\n999999999. b", "{md:?}");
    let md = html_to_markdown(r#"<ol start="99999999999999999999999"><li>a</li></ol>"#);
    assert_eq!(md, "999999999. a");
    let md = html_to_markdown(r#"<ol start="-3"><li>a</li></ol>"#);
    assert_eq!(md, "1. a", "a start that is not a number is ignored");
}

#[test]
fn defect_6_deep_quotes_and_many_breaks_stay_proportional() {
    // Before: 200 nested blockquotes + 100,000 <br> (500 KB) became 40 MB of Markdown.
    let html = "<blockquote>".repeat(200) + &"x<br>".repeat(20_000) + &"</blockquote>".repeat(200);
    let md = html_to_markdown(&html);
    assert!(
        md.len() <= 20 * html.len(),
        "{} bytes of Markdown from {} bytes of HTML",
        md.len(),
        html.len()
    );
    assert_eq!(md.matches('x').count(), 20_000, "no text is lost");
    // Deep lists are bounded the same way.
    let html = "<ul><li>".repeat(150) + &"y<br>".repeat(10_000) + &"</li></ul>".repeat(150);
    let md = html_to_markdown(&html);
    assert!(
        md.len() <= 40 * html.len(),
        "{} from {}",
        md.len(),
        html.len()
    );
    assert_eq!(md.matches('y').count(), 10_000);
}

#[test]
fn wide_tables_stay_proportional() {
    // A first row of 5,000 cells pads every later one-cell row to 5,000 columns.
    let html = "<table><tr>".to_string()
        + &"<td>h</td>".repeat(5_000)
        + "</tr>"
        + &"<tr><td>z</td></tr>".repeat(5_000)
        + "</table>";
    let md = html_to_markdown(&html);
    assert!(
        md.len() <= 40 * html.len(),
        "{} from {}",
        md.len(),
        html.len()
    );
    assert_eq!(
        md.matches('h').count(),
        5_000,
        "extra cells keep their text"
    );
    assert_eq!(md.matches('z').count(), 5_000);
}

#[test]
fn defect_2_nested_docx_tables_stay_linear() {
    // Before: each level re-escaped every `|` inside it — 3,000 levels in 1,952 bytes of
    // .docx became 22.5 MB of Markdown in 46 s.
    let depth = 3_000;
    let body = "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>a|b</w:t></w:r></w:p>".repeat(depth)
        + &"</w:tc></w:tr></w:tbl>".repeat(depth);
    let bytes = docx(&body, None);
    let doc = import_bytes(&bytes, SourceFormat::Docx, "x").expect("nested tables import");
    assert!(
        doc.body_markdown.len() <= 4 * body.len(),
        "{} bytes of Markdown",
        doc.body_markdown.len()
    );
    assert_eq!(
        doc.body_markdown.matches("a\\|b").count(),
        depth,
        "every cell's text is kept, escaped once: {:.300}",
        doc.body_markdown
    );
    assert!(
        !doc.body_markdown.contains("\\\\"),
        "no pipe is escaped twice"
    );
}

#[test]
fn defect_3_many_lists_keep_their_kind() {
    // Before: every num was matched against every abstract list (60,000² steps).
    let lists = 20_000;
    let mut numbering = String::from(
        r#"<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">"#,
    );
    for i in 0..lists {
        let fmt = if i % 2 == 0 { "decimal" } else { "bullet" };
        numbering.push_str(&format!(
            r#"<w:abstractNum w:abstractNumId="{i}"><w:lvl w:ilvl="0"><w:numFmt w:val="{fmt}"/></w:lvl></w:abstractNum>"#
        ));
    }
    for i in 0..lists {
        numbering.push_str(&format!(
            r#"<w:num w:numId="{}"><w:abstractNumId w:val="{i}"/></w:num>"#,
            i + 1
        ));
    }
    numbering.push_str("</w:numbering>");
    let item = |num: usize| {
        format!(
            r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="{num}"/></w:numPr></w:pPr><w:r><w:t>item</w:t></w:r></w:p>"#
        )
    };
    let body = item(1) + &item(2) + &item(lists);
    let doc = import_bytes(&docx(&body, Some(&numbering)), SourceFormat::Docx, "x")
        .expect("numbering imports");
    assert_eq!(doc.body_markdown, "1. item\n- item\n- item");
}

#[test]
fn docx_list_levels_are_clamped() {
    let body = r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="99999999999999999999"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>deep</w:t></w:r></w:p>"#;
    let doc = import_bytes(&docx(body, None), SourceFormat::Docx, "x").expect("imports");
    assert_eq!(doc.body_markdown, format!("{}- deep", "    ".repeat(8)));
}
