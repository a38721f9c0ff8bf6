//! .docx (a zip of WordprocessingML) → Markdown: paragraphs, headings by style, bold,
//! italic and strike-through, bulleted and numbered lists, hyperlinks and simple tables.
//!
//! A .docx comes from outside and may be hostile. Only four parts are read, looked up by
//! exact name (nothing is extracted to disk, so `../` names cannot reach anything); each
//! part is read through a hard size cap whatever its header claims, and a part that
//! inflates more than [`MAX_RATIO`] times is refused as a zip bomb. Memory use is bounded
//! by [`MAX_PART_BYTES`] per part.

use super::inline::{escape_inline, InlineWriter, Style};
use super::limits::{parse_clamped, MAX_LIST_LEVEL, MAX_TABLE_COLUMNS, MAX_TABLE_NESTING};
use super::ImportError;
use quick_xml::events::{BytesStart, Event};
use quick_xml::XmlVersion;
use std::collections::HashMap;
use std::io::{Cursor, Read};

/// The largest XML part read (the text of a book is a few MB of WordprocessingML).
pub const MAX_PART_BYTES: u64 = 64 * 1024 * 1024;
/// Text XML compresses 5–20×; far more than this is a zip bomb, not a document.
pub const MAX_RATIO: u64 = 200;
/// A document has dozens of parts; thousands means something else.
pub const MAX_ENTRIES: usize = 10_000;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocxDocument {
    pub title: Option<String>,
    pub markdown: String,
}

fn malformed(what: impl std::fmt::Display) -> ImportError {
    ImportError::Malformed(format!("this .docx file cannot be read: {what}"))
}

/// Converts the bytes of a .docx file.
pub fn convert_docx(bytes: &[u8]) -> Result<DocxDocument, ImportError> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
        malformed(format!(
            "it is not a valid zip archive ({e}); a .docx must be saved by a word processor"
        ))
    })?;
    if archive.len() > MAX_ENTRIES {
        return Err(malformed(format!(
            "it has {} parts, more than any document",
            archive.len()
        )));
    }
    let document = read_part(&mut archive, "word/document.xml")?
        .ok_or_else(|| malformed("it has no word/document.xml, so it is not a Word document"))?;
    let styles = read_part(&mut archive, "word/styles.xml")?
        .map(|x| parse_styles(&x))
        .transpose()?
        .unwrap_or_default();
    let numbering = read_part(&mut archive, "word/numbering.xml")?
        .map(|x| parse_numbering(&x))
        .transpose()?
        .unwrap_or_default();
    let links = read_part(&mut archive, "word/_rels/document.xml.rels")?
        .map(|x| parse_relationships(&x))
        .transpose()?
        .unwrap_or_default();
    let context = Context {
        styles,
        numbering,
        links,
    };
    convert_body(&document, &context)
}

fn read_part(
    archive: &mut zip::ZipArchive<Cursor<&[u8]>>,
    name: &str,
) -> Result<Option<String>, ImportError> {
    let file = match archive.by_name(name) {
        Ok(file) => file,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(malformed(format!("its part {name} cannot be opened ({e})"))),
    };
    let declared = file.size();
    let compressed = file.compressed_size().max(1);
    if declared > MAX_PART_BYTES {
        return Err(malformed(format!(
            "its part {name} claims {} MB, more than {} MB",
            declared / 1_048_576,
            MAX_PART_BYTES / 1_048_576
        )));
    }
    if declared > 1_048_576 && declared / compressed > MAX_RATIO {
        return Err(malformed(format!(
            "its part {name} inflates {}×, which is a zip bomb",
            declared / compressed
        )));
    }
    let mut buf = Vec::with_capacity(declared.min(MAX_PART_BYTES) as usize);
    // The header can lie about the size: the cap holds whatever the stream yields.
    file.take(MAX_PART_BYTES + 1)
        .read_to_end(&mut buf)
        .map_err(|e| malformed(format!("its part {name} is damaged ({e})")))?;
    if buf.len() as u64 > MAX_PART_BYTES {
        return Err(malformed(format!(
            "its part {name} is larger than {} MB",
            MAX_PART_BYTES / 1_048_576
        )));
    }
    if buf.len() as u64 > 1_048_576 && buf.len() as u64 / compressed > MAX_RATIO {
        return Err(malformed(format!(
            "its part {name} inflates far more than a document does (a zip bomb)"
        )));
    }
    String::from_utf8(buf)
        .map(Some)
        .map_err(|e| malformed(format!("its part {name} is not UTF-8 XML ({e})")))
}

// ---------------------------------------------------------------- small XML helpers

fn local(name: &str) -> &str {
    name.rsplit_once(':').map_or(name, |(_, local)| local)
}

fn attr_value(e: &BytesStart, key: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| local(a.key.as_ref()) == key)
        .and_then(|a| {
            a.normalized_value(XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        })
}

/// `w:b`, `w:i`…: present means on, unless `w:val` says 0/false/off.
fn toggle(e: &BytesStart) -> bool {
    !matches!(
        attr_value(e, "val").as_deref(),
        Some("0" | "false" | "off" | "none")
    )
}

fn xml_error(part: &str, e: impl std::fmt::Display) -> ImportError {
    malformed(format!("its {part} is not well-formed XML ({e})"))
}

// ---------------------------------------------------------------- styles, numbering, links

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ParagraphKind {
    Title,
    Heading(usize),
}

/// Paragraph style id → what it is. Word names its styles in English in styles.xml
/// («heading 1») even when the UI calls them «Заголовок 1»; the id can be anything («1»).
fn parse_styles(xml: &str) -> Result<HashMap<String, ParagraphKind>, ImportError> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut out = HashMap::new();
    let mut current: Option<String> = None;
    loop {
        match reader.read_event().map_err(|e| xml_error("styles", e))? {
            Event::Start(e) | Event::Empty(e) => match local(e.name().as_ref()) {
                "style" => current = attr_value(&e, "styleId"),
                "name" => {
                    if let (Some(id), Some(name)) = (&current, attr_value(&e, "val")) {
                        if let Some(kind) = kind_from_name(&name) {
                            out.insert(id.clone(), kind);
                        }
                    }
                }
                "outlineLvl" => {
                    let level = attr_value(&e, "val").and_then(|v| v.parse::<usize>().ok());
                    if let (Some(id), Some(level @ 0..=5)) = (&current, level) {
                        out.entry(id.clone())
                            .or_insert(ParagraphKind::Heading(level + 1));
                    }
                }
                _ => {}
            },
            Event::End(e) if local(e.name().as_ref()) == "style" => current = None,
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(out)
}

fn kind_from_name(name: &str) -> Option<ParagraphKind> {
    let name = name.to_lowercase().replace(' ', "");
    if name == "title" || name == "заголовок" || name == "название" {
        return Some(ParagraphKind::Title);
    }
    for prefix in ["heading", "заголовок"] {
        if let Some(level) = name
            .strip_prefix(prefix)
            .and_then(|n| n.parse::<usize>().ok())
        {
            return (1..=6)
                .contains(&level)
                .then_some(ParagraphKind::Heading(level));
        }
    }
    None
}

/// Which lists are numbered: `w:num` → its abstract list, and the abstract list's levels.
/// Looked up in two steps when a paragraph asks, never joined up front (a document with
/// thousands of lists would make that join quadratic).
#[derive(Debug, Default)]
struct Numbering {
    abstract_levels: HashMap<(String, u32), bool>,
    num_to_abstract: HashMap<String, String>,
}

impl Numbering {
    fn ordered(&self, num: &str, level: u32) -> bool {
        self.num_to_abstract
            .get(num)
            .and_then(|a| self.abstract_levels.get(&(a.clone(), level)))
            .copied()
            .unwrap_or(false)
    }
}

/// A `w:ilvl` value: 0–8 in Word; anything larger is the deepest level.
fn list_level(e: &BytesStart) -> Option<u32> {
    attr_value(e, "val").and_then(|v| parse_clamped(&v, 0, MAX_LIST_LEVEL - 1))
}

fn parse_numbering(xml: &str) -> Result<Numbering, ImportError> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut numbering = Numbering::default();
    let mut abstract_id: Option<String> = None;
    let mut level: Option<u32> = None;
    let mut num_id: Option<String> = None;
    loop {
        match reader.read_event().map_err(|e| xml_error("numbering", e))? {
            Event::Start(e) | Event::Empty(e) => match local(e.name().as_ref()) {
                "abstractNum" => abstract_id = attr_value(&e, "abstractNumId"),
                "lvl" => {
                    level = attr_value(&e, "ilvl")
                        .and_then(|v| parse_clamped(&v, 0, MAX_LIST_LEVEL - 1))
                }
                "numFmt" => {
                    if let (Some(a), Some(l)) = (&abstract_id, level) {
                        let ordered = !matches!(
                            attr_value(&e, "val").as_deref(),
                            Some("bullet" | "none") | None
                        );
                        numbering.abstract_levels.insert((a.clone(), l), ordered);
                    }
                }
                "num" => num_id = attr_value(&e, "numId"),
                "abstractNumId" => {
                    if let (Some(n), Some(a)) = (&num_id, attr_value(&e, "val")) {
                        numbering.num_to_abstract.insert(n.clone(), a);
                    }
                }
                _ => {}
            },
            Event::End(e) => match local(e.name().as_ref()) {
                "abstractNum" => abstract_id = None,
                "num" => num_id = None,
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(numbering)
}

/// Relationship id → external target (hyperlinks).
fn parse_relationships(xml: &str) -> Result<HashMap<String, String>, ImportError> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut out = HashMap::new();
    loop {
        match reader
            .read_event()
            .map_err(|e| xml_error("relationships", e))?
        {
            Event::Start(e) | Event::Empty(e) if local(e.name().as_ref()) == "Relationship" => {
                if let (Some(id), Some(target)) = (attr_value(&e, "Id"), attr_value(&e, "Target")) {
                    out.insert(id, target);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(out)
}

// ---------------------------------------------------------------- the body

struct Context {
    styles: HashMap<String, ParagraphKind>,
    numbering: Numbering,
    links: HashMap<String, String>,
}

/// Only web and mail links are kept; a link to a local file means nothing elsewhere.
fn safe_link(target: &str) -> Option<String> {
    let lower = target.trim().to_ascii_lowercase();
    ["http://", "https://", "mailto:"]
        .iter()
        .any(|p| lower.starts_with(p))
        .then(|| target.trim().to_string())
}

#[derive(Default)]
struct Paragraph {
    style_id: Option<String>,
    num: Option<(String, u32)>,
    text: InlineWriter,
}

/// Where a finished paragraph goes: the body, or a table cell.
#[derive(Default)]
struct Table {
    rows: Vec<Vec<String>>,
}

enum FieldState {
    None,
    Instruction(String),
    Result(Option<String>),
}

struct BodyWriter<'c> {
    ctx: &'c Context,
    blocks: Vec<(bool, String)>,
    title: Option<String>,
    tables: Vec<Table>,
    /// `w:tbl` elements open past [`MAX_TABLE_NESTING`]: read as the text of the cell
    /// they are in, so their ends must not close a real table.
    ignored_tables: usize,
}

impl BodyWriter<'_> {
    fn finish_paragraph(&mut self, p: Paragraph) {
        let kind = p.style_id.as_ref().and_then(|id| {
            self.ctx
                .styles
                .get(id)
                .copied()
                .or_else(|| kind_from_name(id))
        });
        if let Some(table) = self.tables.last_mut() {
            let text = p.text.finish().replace("\\\n", " ").replace('|', "\\|");
            if let Some(cell) = table.rows.last_mut().and_then(|r| r.last_mut()) {
                if !cell.is_empty() && !text.is_empty() {
                    cell.push(' ');
                }
                cell.push_str(&text);
            }
            return;
        }
        if p.text.is_blank() {
            return;
        }
        match kind {
            Some(ParagraphKind::Title) if self.title.is_none() => {
                self.title = Some(p.text.plain_text())
            }
            Some(ParagraphKind::Title) => self
                .blocks
                .push((false, format!("# {}", escape_inline(&p.text.plain_text())))),
            Some(ParagraphKind::Heading(level)) => self.blocks.push((
                false,
                format!(
                    "{} {}",
                    "#".repeat(level),
                    escape_inline(&p.text.plain_text())
                ),
            )),
            None => match p.num {
                Some((num, level)) => {
                    let ordered = self.ctx.numbering.ordered(&num, level);
                    let marker = if ordered { "1. " } else { "- " };
                    let indent = "    ".repeat(level.min(MAX_LIST_LEVEL - 1) as usize);
                    self.blocks.push((
                        true,
                        format!("{indent}{marker}{}", p.text.finish().replace("\\\n", " ")),
                    ));
                }
                None => self.blocks.push((false, p.text.finish())),
            },
        }
    }

    fn start_table(&mut self) {
        if self.tables.len() >= MAX_TABLE_NESTING {
            self.ignored_tables += 1;
        } else {
            self.tables.push(Table::default());
        }
    }

    fn start_row(&mut self) {
        if self.ignored_tables > 0 {
            return;
        }
        if let Some(t) = self.tables.last_mut() {
            t.rows.push(Vec::new());
        }
    }

    fn start_cell(&mut self) {
        if self.ignored_tables > 0 {
            return;
        }
        if let Some(row) = self.tables.last_mut().and_then(|t| t.rows.last_mut()) {
            if row.len() < MAX_TABLE_COLUMNS {
                row.push(String::new());
            }
            // Past the column limit the text joins the last cell (see limits.rs).
        }
    }

    fn finish_table(&mut self) {
        if self.ignored_tables > 0 {
            self.ignored_tables -= 1;
            return;
        }
        let Some(table) = self.tables.pop() else {
            return;
        };
        if let Some(cell) = self
            .tables
            .last_mut()
            .and_then(|t| t.rows.last_mut())
            .and_then(|r| r.last_mut())
        {
            // A table inside a table cell flattens into the cell's text. Its cells were
            // escaped once when their paragraphs ended; joining them with spaces (no new
            // pipes) keeps every level linear instead of re-escaping what is inside it.
            for text in table.rows.iter().flatten().filter(|t| !t.is_empty()) {
                if !cell.is_empty() {
                    cell.push(' ');
                }
                cell.push_str(text);
            }
            return;
        }
        let width = table.rows.iter().map(Vec::len).max().unwrap_or(0);
        if width == 0 {
            return;
        }
        let line = |cells: &[String]| {
            let mut padded: Vec<&str> = cells.iter().map(String::as_str).collect();
            padded.resize(width, "");
            format!("| {} |", padded.join(" | "))
        };
        let mut lines = vec![line(&table.rows[0]), format!("|{}", "---|".repeat(width))];
        lines.extend(table.rows[1..].iter().map(|r| line(r)));
        self.blocks.push((false, lines.join("\n")));
    }
}

fn convert_body(xml: &str, ctx: &Context) -> Result<DocxDocument, ImportError> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut out = BodyWriter {
        ctx,
        blocks: Vec::new(),
        title: None,
        tables: Vec::new(),
        ignored_tables: 0,
    };
    let mut paragraph: Option<Paragraph> = None;
    let mut style = Style::default();
    let mut hyperlink: Option<String> = None;
    let mut field = FieldState::None;
    // Depth inside content that is not body text: deleted revisions, text boxes, drawings.
    let mut skip_depth = 0usize;
    let mut in_text = false;
    let mut in_instr = false;
    loop {
        let event = reader.read_event().map_err(|e| xml_error("document", e))?;
        match &event {
            Event::Start(e) | Event::Empty(e) => {
                let is_start = matches!(event, Event::Start(_));
                let name = local(e.name().as_ref()).to_string();
                if skip_depth > 0 {
                    if is_start {
                        skip_depth += 1;
                    }
                    continue;
                }
                match name.as_str() {
                    "del" | "txbxContent" | "drawing" | "pict" | "footnoteReference"
                    | "endnoteReference" | "commentReference" | "object"
                        if is_start =>
                    {
                        skip_depth = 1
                    }
                    "p" if is_start => paragraph = Some(Paragraph::default()),
                    "pStyle" => {
                        if let Some(p) = paragraph.as_mut() {
                            p.style_id = attr_value(e, "val");
                        }
                    }
                    "ilvl" => {
                        if let Some(p) = paragraph.as_mut() {
                            let level = list_level(e).unwrap_or(0);
                            let num = p.num.take().map(|(n, _)| n).unwrap_or_default();
                            p.num = Some((num, level));
                        }
                    }
                    "numId" => {
                        if let Some(p) = paragraph.as_mut() {
                            let level = p.num.as_ref().map(|(_, l)| *l).unwrap_or(0);
                            // numId 0 means «no numbering» (a list item turned back into text).
                            p.num = attr_value(e, "val")
                                .filter(|v| v != "0")
                                .map(|n| (n, level));
                        }
                    }
                    "r" if is_start => {
                        style = Style {
                            link: style.link.take(),
                            ..Style::default()
                        }
                    }
                    "b" => style.bold = toggle(e),
                    "i" => style.italic = toggle(e),
                    "strike" | "dstrike" => style.strike = toggle(e),
                    "rStyle" => {
                        let id = attr_value(e, "val").unwrap_or_default().to_lowercase();
                        style.bold |= id.contains("strong");
                        style.italic |= id.contains("emphasis");
                    }
                    "hyperlink" if is_start => {
                        hyperlink = attr_value(e, "id")
                            .and_then(|id| ctx.links.get(&id).cloned())
                            .and_then(|t| safe_link(&t))
                    }
                    "t" if is_start => in_text = true,
                    "instrText" if is_start => in_instr = true,
                    "fldChar" => {
                        field = match attr_value(e, "fldCharType").as_deref() {
                            Some("begin") => FieldState::Instruction(String::new()),
                            Some("separate") => {
                                match std::mem::replace(&mut field, FieldState::None) {
                                    FieldState::Instruction(instr) => {
                                        FieldState::Result(hyperlink_field(&instr))
                                    }
                                    other => other,
                                }
                            }
                            _ => FieldState::None,
                        }
                    }
                    "tab" => push_text(&mut paragraph, &style, &hyperlink, &field, " "),
                    "noBreakHyphen" => push_text(&mut paragraph, &style, &hyperlink, &field, "-"),
                    // A page break is layout, not a line of the text.
                    "br" | "cr" if attr_value(e, "type").as_deref() != Some("page") => {
                        if let Some(p) = paragraph.as_mut() {
                            p.text.hard_break();
                        }
                    }
                    "tbl" if is_start => out.start_table(),
                    "tr" if is_start => out.start_row(),
                    "tc" if is_start => out.start_cell(),
                    _ => {}
                }
            }
            Event::End(e) => {
                if skip_depth > 0 {
                    skip_depth -= 1;
                    continue;
                }
                match local(e.name().as_ref()) {
                    "p" => {
                        if let Some(p) = paragraph.take() {
                            out.finish_paragraph(p);
                        }
                    }
                    "hyperlink" => hyperlink = None,
                    "t" => in_text = false,
                    "instrText" => in_instr = false,
                    "tbl" => out.finish_table(),
                    _ => {}
                }
            }
            Event::Text(t) if skip_depth == 0 => {
                let text = t.xml_content(XmlVersion::Implicit1_0);
                if in_instr {
                    if let FieldState::Instruction(instr) = &mut field {
                        instr.push_str(&text);
                    }
                } else if in_text {
                    push_text(&mut paragraph, &style, &hyperlink, &field, &text);
                }
            }
            Event::GeneralRef(r) if skip_depth == 0 && in_text => {
                let name = r.xml_content(XmlVersion::Implicit1_0);
                let resolved = match r.resolve_char_ref() {
                    Ok(Some(c)) => Some(c.to_string()),
                    _ => quick_xml::escape::resolve_predefined_entity(&name).map(str::to_string),
                };
                if let Some(text) = resolved {
                    push_text(&mut paragraph, &style, &hyperlink, &field, &text);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(finish_document(out))
}

fn push_text(
    paragraph: &mut Option<Paragraph>,
    style: &Style,
    hyperlink: &Option<String>,
    field: &FieldState,
    text: &str,
) {
    let Some(p) = paragraph.as_mut() else { return };
    let link = match field {
        FieldState::Result(Some(url)) => Some(url.clone()),
        _ => hyperlink.clone(),
    };
    let style = Style {
        link,
        ..style.clone()
    };
    p.text.push(&style, text);
}

/// `HYPERLINK "https://…"` field instruction → its target.
fn hyperlink_field(instruction: &str) -> Option<String> {
    let rest = instruction.trim().strip_prefix("HYPERLINK")?;
    let target = rest.split('"').nth(1)?;
    safe_link(target)
}

fn finish_document(out: BodyWriter) -> DocxDocument {
    let mut blocks = out.blocks;
    let mut title = out.title;
    // Without a Title paragraph, a leading level-1 heading is the headline.
    if title.is_none() {
        if let Some((false, first)) = blocks.first() {
            if let Some(text) = first.strip_prefix("# ") {
                title = Some(text.replace('\\', ""));
                blocks.remove(0);
            }
        }
    }
    let mut markdown = String::new();
    let mut prev_list = false;
    for (is_list, text) in &blocks {
        if !markdown.is_empty() {
            markdown.push_str(if *is_list && prev_list { "\n" } else { "\n\n" });
        }
        markdown.push_str(text);
        prev_list = *is_list;
    }
    DocxDocument { title, markdown }
}
