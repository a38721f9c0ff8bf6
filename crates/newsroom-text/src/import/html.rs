//! HTML (a saved web page, or a paste from a browser or a word processor) → clean Markdown.
//!
//! The HTML is first cleaned by ammonia with a short list of allowed tags, so scripts,
//! styles, comments, forms, iframes, navigation and tracking pixels are gone before any
//! conversion code sees them; then the cleaned tree is walked once to write Markdown. The
//! converter therefore never meets hostile markup, only the structure it knows.
//!
//! Word-processor quirks handled: Google Docs wraps everything in `<b style="font-weight:
//! normal">` and marks emphasis with `<span style="font-weight:700">`; Microsoft Word writes
//! lists as `<p style="mso-list:…">` paragraphs with the bullet in a `mso-list:Ignore` span.

use super::inline::{escape_inline, link_destination, InlineWriter, Style};
use super::limits::{
    leading_number, parse_clamped, MAX_BLOCK_NESTING, MAX_LIST_LEVEL, MAX_LIST_NUMBER,
    MAX_TABLE_COLUMNS,
};
use super::tree::{attr, parse_clean_html, tag_name, text_of};
use markup5ever_rcdom::Handle;
use std::collections::HashSet;

/// A converted page: its title (from the first `<h1>`, else `<title>`) and its body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HtmlDocument {
    pub title: Option<String>,
    pub markdown: String,
}

/// Converts HTML to Markdown for pasting into the editor: everything, including any `<h1>`.
pub fn html_to_markdown(html: &str) -> String {
    convert(html, false).markdown
}

/// Converts a whole HTML document; a leading `<h1>` becomes the title and leaves the body.
pub fn convert_document(html: &str) -> HtmlDocument {
    convert(html, true)
}

/// Tags whose content is never article text.
const DROPPED_WITH_CONTENT: &[&str] = &[
    "script", "style", "noscript", "template", "nav", "aside", "footer", "form", "button",
    "select", "textarea", "iframe", "object", "embed", "svg", "math", "canvas", "video", "audio",
    "head",
];

const KEPT_TAGS: &[&str] = &[
    "title",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "p",
    "br",
    "hr",
    "b",
    "strong",
    "i",
    "em",
    "u",
    "s",
    "strike",
    "del",
    "a",
    "ul",
    "ol",
    "li",
    "blockquote",
    "q",
    "pre",
    "code",
    "kbd",
    "samp",
    "tt",
    "table",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "td",
    "th",
    "caption",
    "div",
    "span",
    "section",
    "article",
    "main",
    "header",
    "figure",
    "figcaption",
    "img",
    "sup",
    "sub",
    "dl",
    "dt",
    "dd",
    "address",
    "center",
    "font",
    "mark",
    "small",
    "big",
    "cite",
    "abbr",
    "time",
];

fn keep_stored_image_refs(url: &str) -> Option<std::borrow::Cow<'_, str>> {
    crate::render::policy::local_image_name(url).map(|_| url.into())
}

fn clean(html: &str) -> Handle {
    let mut builder = ammonia::Builder::empty();
    builder
        .tags(KEPT_TAGS.iter().copied().collect())
        .clean_content_tags(DROPPED_WITH_CONTENT.iter().copied().collect())
        .add_tag_attributes("a", ["href"])
        .add_tag_attributes("img", ["src", "alt", "width", "height"])
        .add_tag_attributes("ol", ["start"])
        .add_generic_attributes(["style"])
        .filter_style_properties(
            [
                "font-weight",
                "font-style",
                "text-decoration",
                "text-decoration-line",
                "mso-list",
            ]
            .into_iter()
            .collect(),
        )
        .url_schemes(
            ["http", "https", "mailto", "tel"]
                .into_iter()
                .collect::<HashSet<_>>(),
        )
        // A relative link means nothing outside its site: the text stays, the link goes. The
        // one exception is the newsroom's own stored image (`images/<hash>.jpg`), which sync
        // maps a site's picture to before converting its HTML.
        .url_relative(ammonia::UrlRelative::Custom(Box::new(
            keep_stored_image_refs,
        )))
        .link_rel(None)
        .strip_comments(true);
    parse_clean_html(&builder.clean(html).to_string())
}

fn convert(html: &str, take_h1: bool) -> HtmlDocument {
    let root = clean(html);
    let mut converter = Converter {
        title_tag: None,
        h1: None,
        take_h1,
        nesting: 0,
    };
    let blocks = converter.blocks(&root);
    let title = converter
        .h1
        .clone()
        .or(converter.title_tag.clone())
        .filter(|t| !t.is_empty());
    HtmlDocument {
        title,
        markdown: join_blocks(&blocks),
    }
}

/// One block of output; consecutive Word list paragraphs join into one list.
#[derive(Debug)]
enum Block {
    Text(String),
    /// A whole `<ul>`/`<ol>`.
    List(String),
    ListLine(String),
}

fn join_blocks(blocks: &[Block]) -> String {
    join(blocks, false)
}

/// Joins blocks with blank lines; inside a list item (`in_item`) a nested list follows its
/// text on the next line, so the outer list stays tight.
fn join(blocks: &[Block], in_item: bool) -> String {
    let mut out = String::new();
    let mut prev_list = false;
    for block in blocks {
        let (text, is_list, nested) = match block {
            Block::Text(t) => (t, false, false),
            Block::List(t) => (t, false, in_item),
            Block::ListLine(t) => (t, true, false),
        };
        if text.trim().is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push_str(if (is_list && prev_list) || nested {
                "\n"
            } else {
                "\n\n"
            });
        }
        out.push_str(text);
        prev_list = is_list;
    }
    out
}

fn style_of(node: &Handle) -> String {
    attr(node, "style")
        .unwrap_or_default()
        .to_ascii_lowercase()
        .replace(' ', "")
}

fn is_block(tag: &str) -> bool {
    matches!(
        tag,
        "p" | "div"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "ul"
            | "ol"
            | "li"
            | "blockquote"
            | "pre"
            | "hr"
            | "table"
            | "section"
            | "article"
            | "main"
            | "header"
            | "figure"
            | "figcaption"
            | "dl"
            | "dt"
            | "dd"
            | "address"
            | "center"
            | "title"
            | "caption"
            | "html"
            | "body"
    )
}

fn has_block_child(node: &Handle) -> bool {
    node.children
        .borrow()
        .iter()
        .any(|c| tag_name(c).is_some_and(is_block))
}

struct Converter {
    title_tag: Option<String>,
    h1: Option<String>,
    take_h1: bool,
    /// Block quotes and lists open around the current node (at most [`MAX_BLOCK_NESTING`]
    /// of them become Markdown structure).
    nesting: usize,
}

impl Converter {
    /// The blocks of a container: inline runs between block children become paragraphs.
    fn blocks(&mut self, node: &Handle) -> Vec<Block> {
        let mut out = Vec::new();
        let mut inline = InlineWriter::new();
        for child in node.children.borrow().iter() {
            match tag_name(child) {
                Some(tag) if is_block(tag) => {
                    flush(&mut inline, &mut out);
                    self.block(child, tag, &mut out);
                }
                _ => self.inline(child, &Style::default(), &mut inline),
            }
        }
        flush(&mut inline, &mut out);
        out
    }

    fn block(&mut self, node: &Handle, tag: &str, out: &mut Vec<Block>) {
        match tag {
            "title" => {
                let mut w = InlineWriter::new();
                self.inline_children(node, &Style::default(), &mut w);
                self.title_tag.get_or_insert(w.plain_text());
            }
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                let mut w = InlineWriter::new();
                self.inline_children(node, &Style::default(), &mut w);
                if tag == "h1" && self.take_h1 && self.h1.is_none() {
                    self.h1 = Some(w.plain_text());
                    return;
                }
                let level = tag[1..].parse::<usize>().unwrap_or(1);
                let text = w.finish().replace("\\\n", " ");
                if !text.is_empty() {
                    out.push(Block::Text(format!("{} {}", "#".repeat(level), text)));
                }
            }
            "p" if style_of(node).contains("mso-list") => out.push(self.word_list_paragraph(node)),
            "p" | "dt" | "dd" | "figcaption" | "caption" | "address" if !has_block_child(node) => {
                let mut w = InlineWriter::new();
                self.inline_children(node, &Style::default(), &mut w);
                out.push(Block::Text(w.finish()));
            }
            "hr" => out.push(Block::Text("---".to_string())),
            "pre" => out.push(Block::Text(code_block(node))),
            // Past the nesting limit a quote or list is read as a plain container: its text
            // stays, joined to the deepest level, and no line gets yet another prefix.
            "blockquote" | "ul" | "ol" if self.nesting >= MAX_BLOCK_NESTING => {
                out.extend(self.blocks(node))
            }
            "blockquote" => {
                self.nesting += 1;
                let inner = join_blocks(&self.blocks(node));
                self.nesting -= 1;
                if !inner.is_empty() {
                    out.push(Block::Text(prefix_lines(&inner, "> ", ">")));
                }
            }
            "ul" | "ol" => {
                self.nesting += 1;
                let list = self.list(node, tag == "ol");
                self.nesting -= 1;
                out.push(Block::List(list));
            }
            "table" => out.extend(self.table(node)),
            // div, section, li outside a list…: their children are the blocks.
            _ => out.extend(self.blocks(node)),
        }
    }

    fn list(&mut self, node: &Handle, ordered: bool) -> String {
        let mut number = attr(node, "start")
            .and_then(|s| parse_clamped(&s, 0, MAX_LIST_NUMBER))
            .unwrap_or(1);
        let mut items = Vec::new();
        for child in node.children.borrow().iter() {
            let body = match tag_name(child) {
                Some("li") => join(&self.blocks(child), true),
                // A list nested directly in a list (invalid but common) joins the last item.
                Some(tag @ ("ul" | "ol")) => {
                    let nested = if self.nesting >= MAX_BLOCK_NESTING {
                        join_blocks(&self.blocks(child))
                    } else {
                        self.nesting += 1;
                        let nested = self.list(child, tag == "ol");
                        self.nesting -= 1;
                        nested
                    };
                    if let Some(last) = items.last_mut() {
                        let last: &mut String = last;
                        last.push('\n');
                        last.push_str(&indent(&nested, "    "));
                    }
                    continue;
                }
                _ => continue,
            };
            let marker = if ordered {
                format!("{number}. ")
            } else {
                "- ".to_string()
            };
            number = (number + 1).min(MAX_LIST_NUMBER);
            let pad = " ".repeat(marker.len());
            let body = if body.is_empty() {
                String::new()
            } else {
                indent(&body, &pad)
            };
            items.push(format!("{marker}{}", body.trim_start()));
        }
        items.join("\n")
    }

    /// A Word list paragraph: the bullet or number Word wrote is dropped and a Markdown
    /// marker takes its place.
    fn word_list_paragraph(&mut self, node: &Handle) -> Block {
        let mut w = InlineWriter::new();
        let mut marker_text = String::new();
        for child in node.children.borrow().iter() {
            if style_of(child).contains("mso-list:ignore") {
                marker_text.push_str(&text_content(child));
            } else {
                self.inline(child, &Style::default(), &mut w);
            }
        }
        let marker_text = marker_text.trim();
        // «1.», «a)» are numbers; «·», «o», «§» are bullets in Symbol or Wingdings.
        let ordered = marker_text.len() > 1
            && marker_text.ends_with(['.', ')'])
            && marker_text[..marker_text.len() - 1]
                .chars()
                .all(char::is_alphanumeric);
        let level = style_of(node)
            .split("level")
            .nth(1)
            .and_then(|s| leading_number(s, 1, MAX_LIST_LEVEL))
            .unwrap_or(1);
        let marker = if ordered { "1. " } else { "- " };
        Block::ListLine(format!(
            "{}{marker}{}",
            "    ".repeat(level as usize - 1),
            w.finish()
        ))
    }

    fn table(&mut self, node: &Handle) -> Vec<Block> {
        let mut rows: Vec<Vec<String>> = Vec::new();
        collect_rows(node, &mut |row| {
            let cells = row
                .children
                .borrow()
                .iter()
                .filter(|c| matches!(tag_name(c), Some("td" | "th")))
                .map(|cell| {
                    let mut w = InlineWriter::new();
                    self.inline_children(cell, &Style::default(), &mut w);
                    w.finish().replace("\\\n", " ").replace('|', "\\|")
                })
                .collect::<Vec<_>>();
            let cells = cap_columns(cells);
            if !cells.is_empty() {
                rows.push(cells);
            }
        });
        let width = rows.iter().map(Vec::len).max().unwrap_or(0);
        if width == 0 {
            return Vec::new();
        }
        let line = |cells: &[String]| {
            let mut padded: Vec<&str> = cells.iter().map(String::as_str).collect();
            padded.resize(width, "");
            format!("| {} |", padded.join(" | "))
        };
        let mut lines = vec![line(&rows[0]), format!("|{}", "---|".repeat(width))];
        lines.extend(rows[1..].iter().map(|r| line(r)));
        vec![Block::Text(lines.join("\n"))]
    }

    fn inline_children(&mut self, node: &Handle, style: &Style, w: &mut InlineWriter) {
        for child in node.children.borrow().iter() {
            self.inline(child, style, w);
        }
    }

    fn inline(&mut self, node: &Handle, style: &Style, w: &mut InlineWriter) {
        if let Some(text) = text_of(node) {
            w.push(style, &text);
            return;
        }
        let Some(tag) = tag_name(node) else { return };
        let mut style = style.clone();
        let css = style_of(node);
        match tag {
            "br" => return w.hard_break(),
            "img" => return push_image(node, &style, w),
            "title" => {
                let mut t = InlineWriter::new();
                self.inline_children(node, &Style::default(), &mut t);
                self.title_tag.get_or_insert(t.plain_text());
                return;
            }
            // Google Docs wraps a whole paste in <b style="font-weight:normal">.
            "b" | "strong" => {
                style.bold = !css.contains("font-weight:normal") && !css.contains("font-weight:400")
            }
            "i" | "em" | "cite" => style.italic = true,
            "s" | "strike" | "del" => style.strike = true,
            "code" | "kbd" | "samp" | "tt" => style.code = true,
            "a" => {
                style.link = attr(node, "href")
                    .filter(|h| !h.trim().is_empty())
                    .or(style.link)
            }
            "q" => {
                w.push(&style, "«");
                self.inline_children(node, &style, w);
                w.push(&style, "»");
                return;
            }
            _ => {}
        }
        if css.contains("mso-list:ignore") {
            return;
        }
        if css.contains("font-weight:bold")
            || css.contains("font-weight:600")
            || css.contains("font-weight:700")
            || css.contains("font-weight:800")
            || css.contains("font-weight:900")
        {
            style.bold = true;
        }
        if css.contains("font-style:italic") {
            style.italic = true;
        }
        if css.contains("line-through") {
            style.strike = true;
        }
        self.inline_children(node, &style, w);
    }
}

fn flush(inline: &mut InlineWriter, out: &mut Vec<Block>) {
    let done = std::mem::take(inline);
    if !done.is_blank() {
        out.push(Block::Text(done.finish()));
    }
}

/// Cells past [`MAX_TABLE_COLUMNS`] join the last column, so their text stays and no row
/// is padded wider than the limit.
fn cap_columns(mut cells: Vec<String>) -> Vec<String> {
    if cells.len() <= MAX_TABLE_COLUMNS {
        return cells;
    }
    let extra = cells.split_off(MAX_TABLE_COLUMNS);
    if let Some(last) = cells.last_mut() {
        for cell in extra.iter().filter(|c| !c.is_empty()) {
            if !last.is_empty() {
                last.push(' ');
            }
            last.push_str(cell);
        }
    }
    cells
}

fn collect_rows(node: &Handle, f: &mut dyn FnMut(&Handle)) {
    for child in node.children.borrow().iter() {
        match tag_name(child) {
            Some("tr") => f(child),
            Some("thead" | "tbody" | "tfoot") => collect_rows(child, f),
            _ => {}
        }
    }
}

fn push_image(node: &Handle, style: &Style, w: &mut InlineWriter) {
    let Some(src) = attr(node, "src") else { return };
    let tiny = |key| {
        attr(node, key).is_some_and(|v| {
            v.trim()
                .trim_end_matches("px")
                .parse::<u32>()
                .is_ok_and(|n| n <= 1)
        })
    };
    // 1×1 images are tracking pixels, not pictures.
    if tiny("width") || tiny("height") {
        return;
    }
    let alt = escape_inline(&attr(node, "alt").unwrap_or_default());
    w.push_raw(
        style.link.clone(),
        format!("![{alt}]({})", link_destination(&src)),
    );
}

fn text_content(node: &Handle) -> String {
    let mut out = String::new();
    fn walk(node: &Handle, out: &mut String) {
        if let Some(text) = text_of(node) {
            out.push_str(&text);
        }
        for child in node.children.borrow().iter() {
            walk(child, out);
        }
    }
    walk(node, &mut out);
    out
}

fn code_block(node: &Handle) -> String {
    let text = text_content(node);
    let text = text.trim_end_matches('\n');
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest.max(2) + 1);
    format!("{fence}\n{text}\n{fence}")
}

fn prefix_lines(text: &str, prefix: &str, empty_prefix: &str) -> String {
    text.lines()
        .map(|l| {
            if l.is_empty() {
                empty_prefix.to_string()
            } else {
                format!("{prefix}{l}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn indent(text: &str, pad: &str) -> String {
    text.lines()
        .map(|l| {
            if l.is_empty() {
                String::new()
            } else {
                format!("{pad}{l}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn structure_table() {
        let cases = [
            ("<h2>Раздел</h2><p>Текст <b>жирный</b> и <i>курсив</i>.</p>", "## Раздел\n\nТекст **жирный** и *курсив*."),
            ("<p>Ссылка на <a href=\"https://tengrinews.kz/news\">новость</a></p>", "Ссылка на [новость](https://tengrinews.kz/news)"),
            ("<ul><li>один</li><li>два</li></ul>", "- один\n- два"),
            ("<ol start=\"3\"><li>три</li><li>четыре</li></ol>", "3. три\n4. четыре"),
            ("<ul><li>внешний<ul><li>внутренний</li></ul></li></ul>", "- внешний\n  - внутренний"),
            ("<blockquote><p>Цитата</p><p>вторая</p></blockquote>", "> Цитата\n>\n> вторая"),
            ("<p>строка<br>вторая</p>", "строка\\\nвторая"),
            ("<pre><code>let x = 1;\n  y</code></pre>", "```\nlet x = 1;\n  y\n```"),
            ("<p>1. не список, *не курсив*</p>", "1\\. не список, \\*не курсив\\*"),
            ("<p>Относительная <a href=\"/news/1\">ссылка</a></p>", "Относительная ссылка"),
            ("<div>текст в div<p>и абзац</p></div>", "текст в div\n\nи абзац"),
            ("<p><q>цитата</q></p>", "«цитата»"),
            ("<table><tr><th>Город</th><th>t</th></tr><tr><td>Алматы</td><td>5 | 6</td></tr></table>", "| Город | t |\n|---|---|\n| Алматы | 5 \\| 6 |"),
        ];
        for (html, want) in cases {
            assert_eq!(html_to_markdown(html), want, "Markdown of {html:?}");
        }
    }

    #[test]
    fn junk_is_dropped() {
        let html = r#"<html><head><title>Т</title><style>p{color:red}</style><script>track()</script></head>
            <body><nav><a href="/">Главная</a></nav><!-- comment --><p>Текст</p>
            <img src="https://t.example/pixel.gif" width="1" height="1">
            <iframe src="https://ads.example"></iframe><form><input name=q><button>Найти</button></form>
            <footer>© 2025</footer><p onclick="x()">Ещё <a href="javascript:alert(1)">клик</a></p></body></html>"#;
        let md = html_to_markdown(html);
        assert_eq!(
            md, "Текст\n\nЕщё клик",
            "only the article text may survive: {md:?}"
        );
    }

    #[test]
    fn google_docs_paste() {
        let html = r#"<meta charset="utf-8"><b style="font-weight:normal;" id="docs-internal-guid-1"><p dir="ltr"><span style="font-weight:400;">Обычный </span><span style="font-weight:700;">жирный</span><span style="font-style:italic;"> курсив</span></p></b>"#;
        assert_eq!(html_to_markdown(html), "Обычный **жирный** *курсив*");
    }

    #[test]
    fn word_paste_lists() {
        let html = r#"<p class=MsoListParagraphCxSpFirst style='text-indent:-18.0pt;mso-list:l0 level1 lfo1'><![if !supportLists]><span style='mso-list:Ignore'>·<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp; </span></span><![endif]>Первый<o:p></o:p></p>
<p class=MsoListParagraphCxSpLast style='mso-list:l0 level2 lfo1'><span style='mso-list:Ignore'>o<span>&nbsp; </span></span>Второй</p>
<p class=MsoNormal>Обычный абзац</p>"#;
        assert_eq!(
            html_to_markdown(html),
            "- Первый\n    - Второй\n\nОбычный абзац"
        );
        let numbered = r#"<p style='mso-list:l1 level1 lfo2'><span style='mso-list:Ignore'>1.<span> </span></span>Раз</p>"#;
        assert_eq!(html_to_markdown(numbered), "1. Раз");
    }

    #[test]
    fn headline_from_h1_or_title() {
        let doc = convert_document("<title>Из title</title><h1>Из h1</h1><p>Тело</p>");
        assert_eq!(
            doc.title.as_deref(),
            Some("Из h1"),
            "an <h1> is the article's own headline"
        );
        assert_eq!(
            doc.markdown, "Тело",
            "the headline must not repeat in the body"
        );
        let doc = convert_document(
            "<html><head><title>Только title</title></head><body><p>Тело</p></body></html>",
        );
        assert_eq!(doc.title.as_deref(), Some("Только title"));
        assert_eq!(doc.markdown, "Тело");
    }

    #[test]
    fn a_stored_image_reference_survives_and_other_relative_addresses_do_not() {
        let hash = "ab".repeat(32);
        let md = html_to_markdown(&format!(
            "<figure class=\"wp-block-image\"><img src=\"images/{hash}.jpg\" alt=\"Пожар\" class=\"wp-image-5\"/></figure>\
             <p><img src=\"/wp-content/a.jpg\" alt=\"x\"> <a href=\"images/{hash}.exe\">ссылка</a></p>"
        ));
        assert!(md.contains(&format!("![Пожар](images/{hash}.jpg)")), "{md}");
        assert!(!md.contains("wp-content") && !md.contains(".exe"), "{md}");
    }
}
