//! The last check of the Markdown pass: what is not prose must come out as it went in.
//!
//! The rules only edit visible text, but in Markdown a space can be all that keeps text from
//! being syntax: `[a](b c)` is prose while `[a](b~c)`, with a no-break space, is a link. So
//! the edited document is parsed again and its [`Shape`] compared with the original's; when
//! they differ, the edits are taken one by one and each is kept only if the shape still
//! holds. That closes the whole class, whatever rule or construct causes it.

use crate::markdown::parser_options;
use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use std::ops::Range;

/// What the typography pass must never change in a Markdown document.
#[derive(Debug, PartialEq, Eq)]
pub struct Shape {
    /// Every start and end of a block or inline element, with link and image destinations
    /// and titles: the document's structure.
    tags: Vec<String>,
    /// Code spans and the text of code blocks.
    code: Vec<String>,
    /// Raw HTML, inline and block, attributes included.
    html: Vec<String>,
}

pub fn shape(markdown: &str) -> Shape {
    let mut shape = Shape {
        tags: Vec::new(),
        code: Vec::new(),
        html: Vec::new(),
    };
    let mut in_code_block = false;
    for event in Parser::new_ext(markdown, parser_options()) {
        match event {
            Event::Start(tag) => {
                in_code_block |= matches!(tag, Tag::CodeBlock(_));
                shape.tags.push(match tag {
                    Tag::Link {
                        link_type,
                        dest_url,
                        title,
                        ..
                    }
                    | Tag::Image {
                        link_type,
                        dest_url,
                        title,
                        ..
                    } => format!("link {link_type:?} {dest_url} {title}"),
                    other => format!("{other:?}"),
                });
            }
            Event::End(end) => {
                in_code_block &= end != TagEnd::CodeBlock;
                shape.tags.push(format!("/{end:?}"));
            }
            Event::Text(text) if in_code_block => shape.code.push(text.into_string()),
            Event::Code(code) => shape.code.push(code.into_string()),
            Event::Html(html) | Event::InlineHtml(html) => shape.html.push(html.into_string()),
            _ => {}
        }
    }
    shape
}

/// `source` with `replacements` (sorted, not overlapping) applied.
pub fn apply(source: &str, replacements: &[(Range<usize>, String)]) -> String {
    let mut out = String::with_capacity(source.len() + replacements.len() * 2);
    let mut pos = 0;
    for (range, text) in replacements {
        out.push_str(&source[pos..range.start]);
        out.push_str(text);
        pos = range.end;
    }
    out.push_str(&source[pos..]);
    out
}

/// The replacements that keep the document's [`Shape`]: all of them when they do together
/// (the usual case, one extra parse), otherwise each one that does on its own on top of
/// those already kept.
pub fn keeping_shape(
    source: &str,
    replacements: Vec<(Range<usize>, String)>,
) -> Vec<(Range<usize>, String)> {
    let want = shape(source);
    if shape(&apply(source, &replacements)) == want {
        return replacements;
    }
    let mut kept: Vec<(Range<usize>, String)> = Vec::with_capacity(replacements.len());
    for replacement in replacements {
        kept.push(replacement);
        if shape(&apply(source, &kept)) != want {
            kept.pop();
        }
    }
    kept
}
