//! One fuzz entry point per path untrusted text takes into Newsroom: the Markdown preview,
//! typography, each importer, slugs, search (query parsing and highlighting), the
//! revision diff, and images a colleague's app hands over inside a post.
//!
//! Each entry takes raw bytes, runs the real code on them and asserts the invariants that
//! must hold for any input (a panic is the failure the fuzzer reports). The cargo-fuzz
//! targets in `fuzz/` and the stable smoke run in `tests/smoke.rs` both call these, so the
//! two never drift apart.

pub mod gen;

use newsroom_text::import::{import_bytes, max_output_len, SourceFormat};
use std::io::Write;

/// A fuzz entry point: runs the code under test on raw bytes, panics on a broken invariant.
pub type Target = fn(&[u8]);

/// Every target, by the name cargo-fuzz knows it by.
pub const TARGETS: &[(&str, Target)] = &[
    ("render", render),
    ("typography", typography),
    ("import_txt", import_txt),
    ("import_md", import_md),
    ("import_html", import_html),
    ("paste_html", paste_html),
    ("import_docx", import_docx),
    ("import_docx_xml", import_docx_xml),
    ("slug", slug),
    ("search", search),
    ("diff", diff),
    ("handover", handover),
];

fn text(data: &[u8]) -> String {
    String::from_utf8_lossy(data).into_owned()
}

/// Splits the input at its first NUL byte into two texts (query/article, old/new…).
fn halves(data: &[u8]) -> (String, String) {
    match data.iter().position(|&b| b == 0) {
        Some(at) => (text(&data[..at]), text(&data[at + 1..])),
        None => (text(data), String::new()),
    }
}

/// The Markdown preview: whatever the text, no script, event handler or script URL
/// survives into the page, and the output cuts into top-level pieces that join back into
/// it (the preview replaces them one by one).
pub fn render(data: &[u8]) {
    let html = newsroom_text::render_markdown(&text(data));
    let blocks = newsroom_text::render::top_level_blocks(&html)
        .unwrap_or_else(|| panic!("the rendering did not cut into pieces: {html:?}"));
    assert_eq!(blocks.concat(), html, "the pieces are not the rendering");
    // Text escapes `<`, so every `<` starts a real tag.
    for tag in html.split('<').skip(1) {
        let tag = &tag[..tag.find('>').unwrap_or(tag.len())];
        let name_end = tag.find(char::is_whitespace).unwrap_or(tag.len());
        let name = tag[..name_end].to_ascii_lowercase();
        assert!(
            !matches!(
                name.as_str(),
                "script" | "iframe" | "object" | "embed" | "style"
            ),
            "<{tag}> survived"
        );
        for (attr, value) in attributes(&tag[name_end..]) {
            assert!(
                !attr.starts_with("on"),
                "an event handler survived: <{tag}>"
            );
            let value: String = value.chars().filter(|c| !c.is_whitespace()).collect();
            assert!(
                !value.to_ascii_lowercase().starts_with("javascript:"),
                "a script URL survived: <{tag}>"
            );
        }
    }
}

/// The attributes of a serialized tag (`name="value"` or bare `name`), quotes respected.
fn attributes(mut rest: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '/');
        if rest.is_empty() {
            return out;
        }
        let key_end = rest
            .find(|c: char| c == '=' || c.is_whitespace())
            .unwrap_or(rest.len());
        let key = rest[..key_end].to_ascii_lowercase();
        rest = &rest[key_end..];
        let mut value = String::new();
        if let Some(after) = rest.strip_prefix('=') {
            let (v, tail) = match after.chars().next() {
                Some(q @ ('"' | '\'')) => {
                    let body = &after[1..];
                    let end = body.find(q).unwrap_or(body.len());
                    (&body[..end], body.get(end + 1..).unwrap_or(""))
                }
                _ => {
                    let end = after.find(char::is_whitespace).unwrap_or(after.len());
                    (&after[..end], &after[end..])
                }
            };
            value = v.to_string();
            rest = tail;
        }
        out.push((key, value));
    }
}

/// Typography: the text stays about its size (quotes and dashes change, nothing multiplies),
/// and the edits the editor applies (UTF-16 offsets, sorted, not overlapping) give exactly
/// the text of the whole pass.
pub fn typography(data: &[u8]) {
    let input = text(data);
    let out = newsroom_text::apply_typography(&input);
    assert!(
        out.len() <= input.len() * 3 + 16,
        "typography grew {} bytes to {}",
        input.len(),
        out.len()
    );
    let units: Vec<u16> = input.encode_utf16().collect();
    let mut edited: Vec<u16> = Vec::with_capacity(units.len());
    let mut at = 0;
    for edit in newsroom_text::typography_edits(&input) {
        assert!(
            at <= edit.from && edit.from <= edit.to && edit.to <= units.len(),
            "edits must be sorted, apart and inside the text: {}..{} after {at}",
            edit.from,
            edit.to
        );
        edited.extend_from_slice(&units[at..edit.from]);
        edited.extend(edit.insert.encode_utf16());
        at = edit.to;
    }
    edited.extend_from_slice(&units[at..]);
    assert!(
        String::from_utf16(&edited).is_ok_and(|edited| edited == out),
        "the edits must give the pass's text"
    );
}

fn import(data: &[u8], format: SourceFormat) {
    match import_bytes(data, format, "fuzz") {
        Ok(doc) => {
            if format != SourceFormat::Docx {
                assert!(
                    doc.body_markdown.len() <= max_output_len(data.len()),
                    "{} bytes became {}",
                    data.len(),
                    doc.body_markdown.len()
                );
            }
            assert!(!doc.headline.is_empty(), "an import always has a headline");
        }
        Err(e) => assert!(!e.to_string().is_empty(), "an import error says why"),
    }
}

pub fn import_txt(data: &[u8]) {
    import(data, SourceFormat::PlainText)
}

pub fn import_md(data: &[u8]) {
    import(data, SourceFormat::Markdown)
}

pub fn import_html(data: &[u8]) {
    import(data, SourceFormat::Html)
}

/// A paste (and a pulled WordPress post): the same converter, without the file wrapper.
pub fn paste_html(data: &[u8]) {
    let input = text(data);
    let md = newsroom_text::html_to_markdown(&input);
    assert!(
        md.len() <= max_output_len(input.len()),
        "{} bytes of HTML became {} of Markdown",
        input.len(),
        md.len()
    );
}

/// The bytes as a whole .docx file (mostly not a zip: the archive checks are fuzzed).
pub fn import_docx(data: &[u8]) {
    import(data, SourceFormat::Docx)
}

/// The bytes as WordprocessingML: `document.xml`, then after a NUL `numbering.xml`, zipped
/// into a .docx so the XML readers are what gets fuzzed.
pub fn import_docx_xml(data: &[u8]) {
    let (document, numbering) = halves(data);
    import(&docx(&document, &numbering), SourceFormat::Docx)
}

/// A .docx holding exactly these parts (an empty numbering part is left out).
pub fn docx(document: &str, numbering: &str) -> Vec<u8> {
    let mut buf = std::io::Cursor::new(Vec::new());
    let mut writer = zip::ZipWriter::new(&mut buf);
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let mut parts = vec![("word/document.xml", document)];
    if !numbering.is_empty() {
        parts.push(("word/numbering.xml", numbering));
    }
    for (name, body) in parts {
        writer.start_file(name, options).expect("zip entry");
        writer.write_all(body.as_bytes()).expect("zip write");
    }
    writer.finish().expect("zip finish");
    buf.into_inner()
}

/// Slugs: only lowercase Latin letters, digits and single inner hyphens, of bounded length.
pub fn slug(data: &[u8]) {
    let slug = newsroom_text::slugify(&text(data));
    assert!(
        slug.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
        "{slug:?}"
    );
    assert!(!slug.starts_with('-') && !slug.ends_with('-'), "{slug:?}");
    assert!(!slug.contains("--"), "{slug:?}");
    assert!(
        slug.len() <= newsroom_text::slug::MAX_SLUG_LEN,
        "a slug is short: {} bytes",
        slug.len()
    );
}

/// Search: the query (before a NUL) parsed, then matched and highlighted in the article
/// (after it). Ranges are in order, on character boundaries, and the marked HTML escapes
/// everything else.
pub fn search(data: &[u8]) {
    use newsroom_search::highlight::{
        marked_html, match_ranges, snippet_html, to_utf16, MatchField,
    };
    let (query, article) = halves(data);
    let parsed = newsroom_search::query::parse(&query);
    let ranges = match_ranges(&parsed, &article);
    let mut at = 0;
    for &(start, end) in &ranges {
        assert!(
            at <= start && start < end && end <= article.len(),
            "{ranges:?}"
        );
        assert!(article.is_char_boundary(start) && article.is_char_boundary(end));
        at = end;
    }
    let marked = marked_html(&article, &ranges);
    assert_eq!(
        marked.matches("<mark>").count(),
        ranges.len(),
        "every match is marked once"
    );
    assert!(!marked
        .replace("<mark>", "")
        .replace("</mark>", "")
        .contains('<'));
    let snippet = snippet_html(&article, &ranges);
    assert!(!snippet
        .replace("<mark>", "")
        .replace("</mark>", "")
        .contains('<'));
    let spans = to_utf16(&article, &ranges, MatchField::Body);
    assert_eq!(spans.len(), ranges.len());
}

/// The revision diff: whatever the two texts, the chunks rebuild both exactly.
pub fn diff(data: &[u8]) {
    use newsroom_core::revision::{diff_text, DiffOp, DIFF_DEADLINE};
    let (old, new) = halves(data);
    let (chunks, _coarse) = diff_text(&old, &new, DIFF_DEADLINE);
    let side = |keep: DiffOp| -> String {
        chunks
            .iter()
            .filter(|c| c.op == DiffOp::Equal || c.op == keep)
            .map(|c| c.text.as_str())
            .collect()
    };
    assert_eq!(side(DiffOp::Delete), old, "the old text rebuilds");
    assert_eq!(side(DiffOp::Insert), new, "the new text rebuilds");
}

/// Images handed over inside a post's HTML (sync's `handover`, read from every post a
/// colleague wrote): taking them off never adds text, leaves an HTML without the marker as
/// it was, finds at most the limit, and decoding what they carry and walking it for
/// metadata (as `images::verbatim` does before keeping a copy) never panic.
pub fn handover(data: &[u8]) {
    use newsroom_core::images::process::Encoding;
    use newsroom_core::images::verbatim::metadata_free;
    use newsroom_sync::handover::{split, MAX_IMAGES};
    let html = text(data);
    let (kept, found) = split(&html);
    assert!(
        kept.len() <= html.len(),
        "taking hand-overs off adds nothing"
    );
    assert!(found.len() <= MAX_IMAGES, "at most {MAX_IMAGES} images");
    if !html.contains("<!-- newsroom:image ") {
        assert_eq!(kept, html, "an HTML without hand-overs is left as it is");
    }
    for image in &found {
        if let Ok((_, file)) = image.decode() {
            metadata_free(&file, Encoding::Jpeg);
            metadata_free(&file, Encoding::Png);
        }
    }
    metadata_free(data, Encoding::Jpeg);
    metadata_free(data, Encoding::Png);
}
