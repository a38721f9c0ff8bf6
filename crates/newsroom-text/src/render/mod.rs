//! Markdown → HTML that is safe in the webview and on the site.
//!
//! pulldown-cmark copies raw HTML and addresses verbatim, so its output is never trusted.
//! Two paths make it safe, chosen per top-level block (a paragraph, a list, a quote, a
//! table, an HTML block):
//!
//! - a block without raw HTML goes through [`events`]: addresses are checked against the
//!   allow-list and pulldown-cmark's own escaping covers all text. No HTML parser runs, so
//!   this costs little more than pulldown-cmark itself;
//! - a block with raw HTML is written whole and cleaned by ammonia (the HTML sanitizer)
//!   with the same allow-list ([`policy::sanitizer`]). Inline HTML may open in one event
//!   and close in another (`<b>` … `</b>`); the whole block is one fragment for the
//!   sanitizer, so its tags pair up as they do in the document.
//!
//! Why pasting the blocks together stays safe: each piece is either pulldown-cmark's
//! escaped output with checked attributes or ammonia's serialization of an allowed tree.
//! Neither holds an element that switches a browser's tokenizer out of normal parsing
//! (`script`, `style`, `textarea`, `title`, `svg`, `math`, comments are all refused), so
//! the browser reads exactly the tags and attributes written; tree building can only
//! rearrange allowed elements, never create a script, a handler or an address.
//!
//! Nesting is bounded, because the HTML parser's cost grows with depth for every element:
//! Markdown nested deeper than [`MAX_NESTING`] is flattened (the text stays, the deeper
//! quote/list/emphasis tags go), and raw HTML estimated deeper than
//! [`MAX_RAW_HTML_DEPTH`] is shown as its source text instead of being parsed.

mod blocks;
mod events;
pub mod policy;
mod raw_depth;

pub use blocks::top_level_blocks;
pub use policy::Images;

use events::Context;
use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use raw_depth::DepthEstimate;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

/// Deepest Markdown nesting rendered as nesting; deeper quotes, lists and emphasis are
/// flattened into their parent. Real articles stay under 10.
pub const MAX_NESTING: usize = 100;

/// Deepest raw HTML handed to the sanitizer; a deeper block shows its HTML as text.
pub const MAX_RAW_HTML_DEPTH: usize = 256;

/// Rendered HTML and how many pictures were left unloaded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    pub html: String,
    /// Pictures whose remote address was removed because images are blocked.
    pub blocked_images: usize,
}

/// Renders Markdown with the allow-list; `images` says whether remote pictures load.
pub fn render(markdown: &str, images: Images) -> Rendered {
    render_with_local_images(markdown, images, None)
}

/// [`render`], with the newsroom's stored images (`images/<hash>.jpg`) loaded from
/// `local_image_base` followed by the file name: the preview's read-only image protocol.
pub fn render_with_local_images(
    markdown: &str,
    images: Images,
    local_image_base: Option<&str>,
) -> Rendered {
    let parser = Parser::new_ext(markdown, crate::markdown::parser_options());
    let mut out = String::with_capacity(markdown.len() + markdown.len() / 4);
    let mut ctx = Context::default();
    ctx.local_image_base = local_image_base.map(str::to_string);
    let blocked = Arc::new(AtomicUsize::new(0));
    let mut sanitizer = None;

    let mut block = Vec::new();
    let mut needs_parser = false;
    let mut depth = 0usize;
    let mut in_link = 0usize;
    for event in Flatten::new(parser) {
        match &event {
            Event::Start(tag) => {
                depth += 1;
                if let Tag::Link { .. } = tag {
                    // A link inside a link (`[<https://a>](b)`) is a nested `<a>`, which
                    // an HTML parser splits in ways only the parser knows; so is a
                    // footnote reference (itself an `<a>`) inside a link.
                    needs_parser |= in_link > 0;
                    in_link += 1;
                }
            }
            Event::End(end) => {
                depth = depth.saturating_sub(1);
                if let TagEnd::Link = end {
                    in_link = in_link.saturating_sub(1);
                }
            }
            Event::FootnoteReference(_) => needs_parser |= in_link > 0,
            Event::Html(_) | Event::InlineHtml(_) => needs_parser = true,
            _ => {}
        }
        block.push(event);
        if depth == 0 {
            let events = std::mem::take(&mut block);
            if std::mem::take(&mut needs_parser) {
                let sanitizer = sanitizer
                    .get_or_insert_with(|| policy::sanitizer(images, Arc::clone(&blocked)));
                write_raw_block(&mut out, events, &mut ctx, images, sanitizer);
            } else {
                events::write_block(&mut out, events, &mut ctx, images);
            }
        }
    }
    Rendered {
        html: out,
        blocked_images: ctx.blocked_images + blocked.load(Ordering::Relaxed),
    }
}

/// A block with raw HTML (or nested links): whole through the sanitizer, or, if its HTML nests too deep to
/// parse in reasonable time, with that HTML shown as text.
fn write_raw_block<'a>(
    out: &mut String,
    events: Vec<Event<'a>>,
    ctx: &mut Context,
    images: Images,
    sanitizer: &ammonia::Builder<'static>,
) {
    let mut estimate = DepthEstimate::default();
    for event in &events {
        if let Event::Html(html) | Event::InlineHtml(html) = event {
            estimate.feed(html);
        }
    }
    if estimate.peak() > MAX_RAW_HTML_DEPTH {
        let as_text = events
            .into_iter()
            .map(|event| match event {
                Event::Html(html) | Event::InlineHtml(html) => Event::Text(html),
                other => other,
            })
            .collect();
        events::write_block(out, as_text, ctx, images);
        return;
    }
    let mut html = String::new();
    let presented = events.into_iter().map(|e| events::present(e, ctx));
    pulldown_cmark::html::push_html(&mut html, presented);
    out.push_str(&sanitizer.clean(&html).to_string());
}

/// Drops the tags of elements nested deeper than [`MAX_NESTING`], keeping their content.
/// A dropped block end becomes a line break so paragraphs do not run together.
struct Flatten<'a, I: Iterator<Item = Event<'a>>> {
    inner: I,
    /// For each open element, whether its tags are written.
    open: Vec<bool>,
}

impl<'a, I: Iterator<Item = Event<'a>>> Flatten<'a, I> {
    fn new(inner: I) -> Self {
        Flatten {
            inner,
            open: Vec::new(),
        }
    }
}

impl<'a, I: Iterator<Item = Event<'a>>> Iterator for Flatten<'a, I> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        loop {
            let event = self.inner.next()?;
            match event {
                Event::Start(tag) => {
                    let kept = self.open.len() < MAX_NESTING;
                    self.open.push(kept);
                    if kept {
                        return Some(Event::Start(tag));
                    }
                }
                Event::End(end) => {
                    if self.open.pop().unwrap_or(true) {
                        return Some(Event::End(end));
                    }
                    if matches!(
                        end,
                        TagEnd::Paragraph
                            | TagEnd::Heading(_)
                            | TagEnd::Item
                            | TagEnd::CodeBlock
                            | TagEnd::TableRow
                            | TagEnd::BlockQuote(_)
                    ) {
                        return Some(Event::HardBreak);
                    }
                }
                other => return Some(other),
            }
        }
    }
}

/// The reference the fast path is measured against: pulldown-cmark's whole output
/// through the sanitizer, as every render worked before. Tests and the benchmark use it.
#[doc(hidden)]
pub fn render_reference(markdown: &str, images: Images) -> String {
    let mut ctx = Context::default();
    let parser = Parser::new_ext(markdown, crate::markdown::parser_options())
        .map(|e| events::present(e, &mut ctx));
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, parser);
    let blocked = Arc::new(AtomicUsize::new(0));
    policy::sanitizer(images, blocked).clean(&html).to_string()
}
