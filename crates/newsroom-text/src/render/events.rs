//! The fast path: Markdown events made safe one by one, then written by pulldown-cmark.
//!
//! pulldown-cmark escapes every piece of text it writes, so headings, paragraphs, lists,
//! emphasis and code are safe by construction; what it copies verbatim is raw HTML (which
//! never reaches this path, see [`super`]) and addresses. Here every address is checked
//! against the allow-list, and every tag pulldown-cmark would decorate with attributes
//! the allow-list does not hold (footnote ids, table alignment styles, task-list
//! checkboxes) is written the way the HTML sanitizer would leave it.
//!
//! The output is byte for byte what the sanitizer would have serialized (void tags as
//! `<br>`, no-break spaces as `&nbsp;`, attributes escaped as an HTML serializer escapes
//! them), so articles rendered before and after this path existed compare equal, and the
//! equivalence test can compare bytes.

use super::policy::{code_language_allowed, url_allowed, Images};
use pulldown_cmark::{Alignment, CodeBlockKind, CowStr, Event, LinkType, Tag, TagEnd};
use std::collections::HashMap;

/// State that outlives one block: footnote numbers and the count of blocked pictures.
#[derive(Default)]
pub struct Context {
    footnotes: HashMap<String, usize>,
    pub blocked_images: usize,
    /// Where the preview loads the newsroom's own stored images from (see
    /// [`super::policy::local_image_name`]); `None` everywhere else, where such a relative
    /// reference is dropped like any other.
    pub local_image_base: Option<String>,
}

impl Context {
    /// The number a footnote gets where it is first mentioned, as pulldown-cmark numbers it.
    pub fn footnote_number(&mut self, name: &str) -> usize {
        let next = self.footnotes.len() + 1;
        *self.footnotes.entry(name.to_owned()).or_insert(next)
    }
}

/// Presentation shared by every path, the HTML sanitizer's included: a task-list box is a
/// character, not a form control (no `<input>` reaches the page), and footnotes are
/// numbered across blocks as pulldown-cmark numbers them across a document.
pub fn present<'a>(event: Event<'a>, ctx: &mut Context) -> Event<'a> {
    match event {
        Event::TaskListMarker(done) => Event::Text(if done { "☑ " } else { "☐ " }.into()),
        Event::FootnoteReference(name) => {
            let n = ctx.footnote_number(&name);
            // What the sanitizer leaves of pulldown-cmark's reference: the `#name` link
            // is relative, so it loses its address.
            Event::Html(format!("<sup><a rel=\"noopener noreferrer\">{n}</a></sup>").into())
        }
        Event::Start(Tag::FootnoteDefinition(name)) => {
            let n = ctx.footnote_number(&name);
            Event::Html(format!("<div><sup>{n}</sup>").into())
        }
        Event::End(TagEnd::FootnoteDefinition) => Event::Html("</div>\n".into()),
        other => other,
    }
}

/// Writes one block that holds no raw HTML.
pub fn write_block<'a>(
    out: &mut String,
    events: Vec<Event<'a>>,
    ctx: &mut Context,
    images: Images,
) {
    let mut safe: Vec<Event<'a>> = Vec::with_capacity(events.len());
    let mut iter = events.into_iter();
    while let Some(event) = iter.next() {
        let event = match event {
            Event::HardBreak => Event::Html("<br>\n".into()),
            Event::Rule => {
                // pulldown-cmark starts a rule on a new line unless the last thing written
                // ended one.
                let ended_line = safe.last().is_none_or(ends_line);
                Event::Html(if ended_line { "<hr>\n" } else { "\n<hr>\n" }.into())
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                ..
            }) => {
                let dest = if link_type == LinkType::Email {
                    CowStr::from(format!("mailto:{dest_url}"))
                } else {
                    dest_url
                };
                Event::Html(link_open(&dest, &title).into())
            }
            Event::End(TagEnd::Link) => Event::Html("</a>".into()),
            Event::Start(Tag::Image {
                dest_url, title, ..
            }) => {
                let alt = alt_text(&mut iter, ctx);
                Event::Html(image(&dest_url, &alt, &title, images, ctx).into())
            }
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
                let lang = info.split(' ').next().unwrap_or("");
                let kept = if code_language_allowed(&format!("language-{lang}")) {
                    CowStr::from(lang.to_owned())
                } else {
                    CowStr::from("")
                };
                Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(kept)))
            }
            Event::Start(Tag::Table(alignments)) => {
                // Alignment is written as a `style` attribute, which the allow-list drops.
                Event::Start(Tag::Table(vec![Alignment::None; alignments.len()]))
            }
            Event::Start(Tag::Heading { level, .. }) => Event::Start(Tag::Heading {
                level,
                id: None,
                classes: Vec::new(),
                attrs: Vec::new(),
            }),
            Event::Start(Tag::BlockQuote(_)) => Event::Start(Tag::BlockQuote(None)),
            // The caller sends raw HTML to the sanitizer; should any arrive here, it is text.
            Event::Html(html) | Event::InlineHtml(html) => Event::Text(html),
            Event::InlineMath(math) | Event::DisplayMath(math) => Event::Text(math),
            other => present(other, ctx),
        };
        safe.push(event);
    }
    let start = out.len();
    pulldown_cmark::html::push_html(out, safe.into_iter());
    // Two single-character searches (memchr) rather than one over a set of characters,
    // which decodes every character and cost more than the rest of this path.
    let written = &out[start..];
    if written.contains('\r') || written.contains('\u{a0}') {
        let written = out.split_off(start);
        serialize_like_a_parser(out, &written);
    }
}

/// What an HTML parser and serializer do to characters pulldown-cmark writes as they are:
/// line endings become `\n` (the parser's input rule) and a no-break space becomes
/// `&nbsp;` (the serializer's rule, in text and attributes alike).
pub fn serialize_like_a_parser(out: &mut String, html: &str) {
    let mut rest = html;
    while let Some(at) = rest.find(['\r', '\u{a0}']) {
        out.push_str(&rest[..at]);
        if rest[at..].starts_with('\r') {
            out.push('\n');
            rest = &rest[at + 1..];
            rest = rest.strip_prefix('\n').unwrap_or(rest);
        } else {
            out.push_str("&nbsp;");
            rest = &rest[at + '\u{a0}'.len_utf8()..];
        }
    }
    out.push_str(rest);
}

/// Escapes an attribute value as an HTML serializer does (no-break spaces are left to
/// [`serialize_like_a_parser`]).
fn push_attr_value(out: &mut String, value: &str) {
    for c in value.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
}

/// Whether pulldown-cmark's output for an event ends with a line break.
fn ends_line(event: &Event) -> bool {
    match event {
        Event::Text(s) | Event::Html(s) | Event::InlineHtml(s) => s.ends_with('\n'),
        Event::SoftBreak => true,
        Event::Start(tag) => matches!(tag, Tag::BlockQuote(_) | Tag::List(_) | Tag::HtmlBlock),
        Event::End(end) => !matches!(
            end,
            TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Strikethrough
                | TagEnd::Link
                | TagEnd::Image
                | TagEnd::TableCell
                | TagEnd::Superscript
                | TagEnd::Subscript
        ),
        _ => false,
    }
}

fn link_open(dest: &str, title: &str) -> String {
    let mut a = String::with_capacity(dest.len() + title.len() + 48);
    a.push_str("<a");
    if let Some(url) = url_allowed(dest) {
        a.push_str(" href=\"");
        push_attr_value(&mut a, &url);
        a.push('"');
    }
    push_title(&mut a, title);
    a.push_str(" rel=\"noopener noreferrer\">");
    a
}

fn image(dest: &str, alt: &str, title: &str, images: Images, ctx: &mut Context) -> String {
    let mut img = String::with_capacity(dest.len() + alt.len() + title.len() + 32);
    img.push_str("<img");
    let local = ctx
        .local_image_base
        .as_deref()
        .and_then(|base| super::policy::local_image_name(dest).map(|name| format!("{base}{name}")));
    if let Some(src) = local {
        // The newsroom's own file on this machine: nothing remote to block.
        img.push_str(" src=\"");
        push_attr_value(&mut img, &src);
        img.push('"');
    } else if let Some(url) = url_allowed(dest) {
        if images == Images::Load {
            img.push_str(" src=\"");
            push_attr_value(&mut img, &url);
            img.push('"');
        } else {
            ctx.blocked_images += 1;
        }
    }
    img.push_str(" alt=\"");
    push_attr_value(&mut img, alt);
    img.push('"');
    push_title(&mut img, title);
    img.push('>');
    img
}

fn push_title(out: &mut String, title: &str) {
    if !title.is_empty() {
        out.push_str(" title=\"");
        push_attr_value(out, title);
        out.push('"');
    }
}

/// The picture's description, read up to the image's end the way pulldown-cmark reads it
/// (not yet escaped).
fn alt_text<'a>(iter: &mut impl Iterator<Item = Event<'a>>, ctx: &mut Context) -> String {
    let mut alt = String::new();
    let mut nest = 0usize;
    for event in iter.by_ref() {
        match event {
            Event::Start(_) => nest += 1,
            Event::End(_) => {
                if nest == 0 {
                    break;
                }
                nest -= 1;
            }
            Event::InlineHtml(text)
            | Event::Code(text)
            | Event::Text(text)
            | Event::InlineMath(text)
            | Event::DisplayMath(text) => alt.push_str(&text),
            Event::SoftBreak | Event::HardBreak | Event::Rule => alt.push(' '),
            // As in the shared presentation: a reference is numbered, and (being markup,
            // not text) leaves nothing in the description; a task box is its character.
            Event::FootnoteReference(name) => {
                ctx.footnote_number(&name);
            }
            Event::TaskListMarker(done) => alt.push_str(if done { "☑ " } else { "☐ " }),
            Event::Html(_) => {}
        }
    }
    alt
}
