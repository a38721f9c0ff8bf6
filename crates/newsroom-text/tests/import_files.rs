//! Importing real files: the shared Russian news fixture, a saved web page, .docx files
//! built here with a real zip writer, hostile archives, and the export → import round trip.

use newsroom_text::export::{markdown_file, ExportFields};
use newsroom_text::import::{import_bytes, ImportError, SourceFormat};
use newsroom_text::markdown::visible_text;
use newsroom_text::render_markdown;
use std::io::Write;
use std::path::PathBuf;

fn shared_fixture(name: &str) -> PathBuf {
    // The team's real articles, copied into the repository so a fresh clone tests on its own.
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures")
        .join(name)
}

fn local_fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn read(path: &PathBuf) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| panic!("fixture {} must exist: {e}", path.display()))
}

#[test]
fn shared_russian_fixture_keeps_paragraphs_and_quotes() {
    let bytes = read(&shared_fixture("article-ru-mvd.txt"));
    let text = String::from_utf8(bytes.clone()).expect("the fixture is UTF-8");
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let doc = import_bytes(&bytes, SourceFormat::PlainText, "article-ru-mvd")
        .expect("the fixture must import");
    assert_eq!(
        doc.headline, "article-ru-mvd",
        "a .txt has no title, so the file name is the headline"
    );
    let paragraphs: Vec<&str> = doc.body_markdown.split("\n\n").collect();
    assert_eq!(
        paragraphs.len(),
        lines.len(),
        "one line of the file is one paragraph"
    );
    let html = render_markdown(&doc.body_markdown);
    assert_eq!(
        html.matches("<p>").count(),
        lines.len(),
        "every paragraph renders as a paragraph"
    );
    let visible = visible_text(&doc.body_markdown);
    for line in &lines {
        assert!(
            visible.contains(line),
            "the line must come through unchanged: {line}"
        );
    }
    assert_eq!(
        doc.body_markdown.matches('«').count(),
        text.matches('«').count(),
        "every «quote» must survive the import"
    );
    assert!(
        doc.body_markdown.contains("«обратная связь»"),
        "nested quotes stay as written"
    );
}

#[test]
fn shared_fixture_in_windows_1251_imports_the_same() {
    let text =
        String::from_utf8(read(&shared_fixture("article-ru-mvd.txt"))).expect("UTF-8 fixture");
    let (cp1251, _, unmappable) = encoding_rs::WINDOWS_1251.encode(&text);
    assert!(!unmappable, "the fixture is representable in Windows-1251");
    let utf8 = import_bytes(text.as_bytes(), SourceFormat::PlainText, "a").expect("UTF-8 import");
    let legacy = import_bytes(&cp1251, SourceFormat::PlainText, "a")
        .expect("a Windows-1251 file must be detected");
    assert_eq!(
        legacy.body_markdown, utf8.body_markdown,
        "the encoding must not change the text"
    );
}

#[test]
fn saved_news_page_becomes_clean_markdown() {
    let bytes = read(&local_fixture("news-page-ru.html"));
    let doc = import_bytes(&bytes, SourceFormat::Html, "page").expect("a web page must import");
    assert_eq!(
        doc.headline,
        "Министр внутренних дел поручил усилить «обратную связь» с обществом"
    );
    let md = &doc.body_markdown;
    let expected_parts = [
        "Такое поручение министр внутренних дел Казахстана Ерлан Тургумбаев дал на\u{a0}коллегии",
        "[Bestnews.kz](https://bestnews.kz/news/123?utm_source=rss)",
        "На коллегии обсудили **итоги работы** за *9 месяцев*:",
        "- борьба с наркопреступностью;\n- защита детей от насилия;\n- безопасность на дорогах.",
        "## Сервисная модель",
        "> «По поручению Президента",
        "„обратная связь“",
        "Подробнее — на сайте ведомства.",
    ];
    for part in expected_parts {
        assert!(md.contains(part), "{part:?} must be in the Markdown:\n{md}");
    }
    for junk in [
        "gtag",
        "dataLayer",
        "font-size",
        "Главная",
        "banner",
        "advertising",
        "pixel",
        "Поделиться",
        "Подписаться",
        "Читайте также",
        "Все права",
        "yandex",
        "javascript",
        "track(",
        "26 ноября",
    ] {
        if junk == "26 ноября" {
            // The date line is article text in a div; it is kept on purpose.
            assert!(md.contains(junk), "visible article text is kept: {md}");
            continue;
        }
        assert!(
            !md.contains(junk),
            "{junk:?} is page junk and must be dropped:\n{md}"
        );
    }
    assert!(
        !md.contains("# Министр"),
        "the <h1> is the headline, not part of the body"
    );
}

// ---------------------------------------------------------------- .docx

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>"#;

const STYLES: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:style w:type="paragraph" w:styleId="a3"><w:name w:val="Title"/></w:style>
<w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="2"><w:name w:val="heading 2"/></w:style>
</w:styles>"#;

const NUMBERING: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/></w:lvl><w:lvl w:ilvl="1"><w:numFmt w:val="bullet"/></w:lvl></w:abstractNum>
<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:numFmt w:val="decimal"/></w:lvl></w:abstractNum>
<w:num w:numId="5"><w:abstractNumId w:val="0"/></w:num>
<w:num w:numId="6"><w:abstractNumId w:val="1"/></w:num>
</w:numbering>"#;

const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="https://tengrinews.kz/news/1" TargetMode="External"/>
<Relationship Id="rId10" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="file:///C:/secret.doc" TargetMode="External"/>
</Relationships>"#;

const DOCUMENT: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<w:body>
<w:p><w:pPr><w:pStyle w:val="a3"/></w:pPr><w:r><w:t>Заголовок из Word</w:t></w:r></w:p>
<w:p><w:r><w:t xml:space="preserve">Обычный текст, </w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>жирный</w:t></w:r><w:r><w:t xml:space="preserve"> и </w:t></w:r><w:r><w:rPr><w:i/></w:rPr><w:t>курсив</w:t></w:r><w:r><w:rPr><w:b w:val="0"/></w:rPr><w:t xml:space="preserve"> — снова обычный &amp; с амперсандом.</w:t></w:r></w:p>
<w:p><w:pPr><w:pStyle w:val="1"/></w:pPr><w:r><w:t>Раздел первый</w:t></w:r></w:p>
<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="5"/></w:numPr></w:pPr><w:r><w:t>пункт один</w:t></w:r></w:p>
<w:p><w:pPr><w:numPr><w:ilvl w:val="1"/><w:numId w:val="5"/></w:numPr></w:pPr><w:r><w:t>вложенный</w:t></w:r></w:p>
<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="6"/></w:numPr></w:pPr><w:r><w:t>первый номер</w:t></w:r></w:p>
<w:p><w:r><w:t xml:space="preserve">Ссылка на </w:t></w:r><w:hyperlink r:id="rId9"><w:r><w:t>новость</w:t></w:r></w:hyperlink><w:r><w:t xml:space="preserve"> и на </w:t></w:r><w:hyperlink r:id="rId10"><w:r><w:t>файл</w:t></w:r></w:hyperlink><w:r><w:t>.</w:t></w:r></w:p>
<w:p><w:r><w:t xml:space="preserve">Поле: </w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> HYPERLINK "https://kazinform.kz/" </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>Казинформ</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>
<w:p><w:del w:id="1"><w:r><w:delText>удалённый текст</w:delText></w:r></w:del><w:ins w:id="2"><w:r><w:t>вставленный текст</w:t></w:r></w:ins></w:p>
<w:p><w:r><w:t>1. Не список * и не курсив</w:t></w:r><w:r><w:br/></w:r><w:r><w:t>вторая строка</w:t></w:r></w:p>
<w:tbl><w:tr><w:tc><w:p><w:r><w:t>Город</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Население</w:t></w:r></w:p></w:tc></w:tr>
<w:tr><w:tc><w:p><w:r><w:t>Алматы</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>2 200 000</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
<w:p/>
<w:sectPr/>
</w:body>
</w:document>"#;

fn zip_of(parts: &[(&str, &[u8])], method: zip::CompressionMethod) -> Vec<u8> {
    let mut buf = std::io::Cursor::new(Vec::new());
    let mut writer = zip::ZipWriter::new(&mut buf);
    let options = zip::write::SimpleFileOptions::default().compression_method(method);
    for (name, bytes) in parts {
        writer.start_file(*name, options).expect("start zip entry");
        writer.write_all(bytes).expect("write zip entry");
    }
    writer.finish().expect("finish zip");
    buf.into_inner()
}

fn docx(document: &str) -> Vec<u8> {
    zip_of(
        &[
            ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
            ("word/document.xml", document.as_bytes()),
            ("word/styles.xml", STYLES.as_bytes()),
            ("word/numbering.xml", NUMBERING.as_bytes()),
            ("word/_rels/document.xml.rels", RELS.as_bytes()),
        ],
        zip::CompressionMethod::Deflated,
    )
}

#[test]
fn word_document_becomes_markdown() {
    let bytes = docx(DOCUMENT);
    // Kept as a file too, so the fixture can be opened in a word processor by hand.
    let out = std::env::temp_dir().join("newsroom-text-test.docx");
    std::fs::write(&out, &bytes).expect("write the generated .docx");
    let doc = import_bytes(
        &std::fs::read(&out).expect("read back"),
        SourceFormat::Docx,
        "file",
    )
    .expect("the .docx imports");
    assert_eq!(
        doc.headline, "Заголовок из Word",
        "the Title paragraph is the headline"
    );
    let expected = "Обычный текст, **жирный** и *курсив* — снова обычный & с амперсандом.\n\n\
# Раздел первый\n\n\
- пункт один\n    - вложенный\n1. первый номер\n\n\
Ссылка на [новость](https://tengrinews.kz/news/1) и на файл.\n\n\
Поле: [Казинформ](https://kazinform.kz/)\n\n\
вставленный текст\n\n\
1\\. Не список \\* и не курсив\\\nвторая строка\n\n\
| Город | Население |\n|---|---|\n| Алматы | 2 200 000 |";
    assert_eq!(
        doc.body_markdown, expected,
        "headings by style, emphasis, lists, links, tracked changes, tables"
    );
}

#[test]
fn hostile_archives_give_clear_errors() {
    let zeros = vec![0u8; 10 * 1024 * 1024];
    let bomb = zip_of(
        &[("word/document.xml", &zeros)],
        zip::CompressionMethod::Deflated,
    );
    assert!(
        bomb.len() < 100_000,
        "the test bomb must compress well ({} bytes)",
        bomb.len()
    );
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("zip bomb", bomb, "zip bomb"),
        (
            "not a zip",
            b"<html>definitely not a zip</html>".to_vec(),
            "not a valid zip",
        ),
        (
            "truncated zip",
            docx(DOCUMENT)[..200].to_vec(),
            "not a valid zip",
        ),
        (
            "no document part",
            zip_of(
                &[
                    ("../../etc/passwd", b"root:x:0:0"),
                    ("word/other.xml", b"<x/>"),
                ],
                zip::CompressionMethod::Stored,
            ),
            "no word/document.xml",
        ),
        (
            "broken XML",
            zip_of(
                &[("word/document.xml", b"<w:document><w:body><w:p></w:body>")],
                zip::CompressionMethod::Stored,
            ),
            "not well-formed",
        ),
        ("empty file", Vec::new(), "not a valid zip"),
    ];
    for (what, bytes, needle) in cases {
        match import_bytes(&bytes, SourceFormat::Docx, "x") {
            Err(ImportError::Malformed(message)) => {
                assert!(
                    message.contains(needle),
                    "{what}: the message must say {needle:?}, got {message:?}"
                )
            }
            other => panic!("{what} must be refused as malformed, got {other:?}"),
        }
    }
}

#[test]
fn markdown_export_round_trips() {
    let body = "Первый абзац с «кавычками», **жирным** и [ссылкой](https://a.kz).\n\n## Раздел\n\n- один\n- два\n\n```\nкод: \"---\"\n```\n\n---\n\nПоследний абзац.";
    let fields = ExportFields {
        headline: "Заголовок: «с кавычками» и \"двойными\" # знаками",
        dek: "Подзаголовок\nв две строки",
        byline: "Айгерим Сейткали",
        slug: "zagolovok-s-kavychkami",
        status: "published",
        created_at: "2025-11-26T00:00:00Z",
        updated_at: "2025-11-26T01:00:00Z",
        extra: vec![("published", "2025-11-26T02:00:00Z".into())],
        tags: vec!["ХК Барыс".into(), "хоккей".into()],
    };
    let file = markdown_file(&fields, body);
    let doc = import_bytes(file.as_bytes(), SourceFormat::Markdown, "fallback")
        .expect("our own export must import");
    assert_eq!(
        doc.headline, fields.headline,
        "headline survives the round trip"
    );
    assert_eq!(
        doc.body_markdown.trim_end(),
        body,
        "body survives the round trip"
    );
    assert_eq!(doc.metadata.dek.as_deref(), Some(fields.dek));
    assert_eq!(doc.metadata.byline.as_deref(), Some(fields.byline));
    assert_eq!(doc.metadata.slug.as_deref(), Some(fields.slug));
    assert_eq!(doc.metadata.tags, fields.tags);
}

#[test]
fn hostile_text_files() {
    let cases: Vec<(&str, Vec<u8>, SourceFormat)> = vec![
        (
            "binary as text",
            vec![0x7f, b'E', b'L', b'F', 0, 0, 1],
            SourceFormat::PlainText,
        ),
        (
            "random high bytes",
            vec![0x81, 0x8d, 0x8f, 0x90, 0x98, 0x81],
            SourceFormat::Markdown,
        ),
        (
            "html with invalid bytes",
            b"<p>\xff\xfe\x00</p>".to_vec(),
            SourceFormat::Html,
        ),
    ];
    for (what, bytes, format) in cases {
        let err = import_bytes(&bytes, format, "x").expect_err(what);
        assert!(matches!(err, ImportError::Encoding(_)), "{what}: {err:?}");
        assert!(
            err.to_string().contains("offset"),
            "{what}: the message must point at a byte: {err}"
        );
    }
    // Deep nesting and huge inputs must not crash the converters.
    let deep = "<div>".repeat(5_000) + "текст" + &"</div>".repeat(5_000);
    let doc = import_bytes(deep.as_bytes(), SourceFormat::Html, "x").expect("deep HTML imports");
    assert!(
        doc.body_markdown.contains("текст"),
        "{:?}",
        doc.body_markdown
    );
}
