//! A cheap upper estimate of how deep an HTML parser will nest raw HTML.
//!
//! The HTML sanitizer's parser and tree walk cost time proportional to nesting depth for
//! every element, so a few kilobytes of `<ul><li>` take seconds. Before raw HTML goes to
//! the sanitizer, this scan estimates its depth in one pass, and too deep a fragment is
//! shown as source text instead (see [`super::MAX_RAW_HTML_DEPTH`]).
//!
//! The estimate follows the parser's two ways of nesting: the stack of open elements
//! (an end tag closes up to its matching open element; an unmatched one is ignored) and
//! the list of open formatting elements (`<b>`, `<a>`, ...), which the parser re-opens
//! inside later elements after a misnested close. The peak of both together bounds the
//! real depth up to the few elements a parser adds implicitly (`tbody`, `tr`).

/// Elements that never hold children.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "keygen", "link", "meta", "param",
    "source", "track", "wbr",
];

/// Elements the parser may re-open after a misnested end tag.
const FORMATTING: &[&str] = &[
    "a", "b", "big", "code", "em", "font", "i", "nobr", "s", "small", "strike", "strong", "tt", "u",
];

/// Tracks open elements across the raw-HTML fragments of one block.
#[derive(Default)]
pub struct DepthEstimate {
    open: Vec<String>,
    formatting: usize,
    peak: usize,
}

impl DepthEstimate {
    /// The deepest nesting seen so far.
    pub fn peak(&self) -> usize {
        self.peak
    }

    /// Reads one raw-HTML fragment.
    pub fn feed(&mut self, html: &str) {
        let bytes = html.as_bytes();
        let mut i = 0;
        while let Some(offset) = memchr_lt(&bytes[i..]) {
            i += offset + 1;
            let closing = bytes.get(i) == Some(&b'/');
            let name_start = if closing { i + 1 } else { i };
            let name_len = bytes[name_start..]
                .iter()
                .take_while(|b| b.is_ascii_alphanumeric() || **b == b'-')
                .count();
            if name_len == 0 || !bytes[name_start].is_ascii_alphabetic() {
                continue;
            }
            let name = html[name_start..name_start + name_len].to_ascii_lowercase();
            i = name_start + name_len;
            if closing {
                self.close(&name);
            } else {
                self.open(name);
            }
        }
    }

    fn open(&mut self, name: String) {
        if VOID.contains(&name.as_str()) {
            return;
        }
        if FORMATTING.contains(&name.as_str()) {
            self.formatting += 1;
        }
        self.open.push(name);
        self.peak = self.peak.max(self.open.len() + self.formatting);
    }

    fn close(&mut self, name: &str) {
        if FORMATTING.contains(&name) {
            // Only its own end tag takes a formatting element off the parser's list.
            self.formatting = self.formatting.saturating_sub(1);
        }
        if let Some(at) = self.open.iter().rposition(|open| open == name) {
            self.open.truncate(at);
        }
    }
}

fn memchr_lt(bytes: &[u8]) -> Option<usize> {
    bytes.iter().position(|b| *b == b'<')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn depth(html: &str) -> usize {
        let mut d = DepthEstimate::default();
        d.feed(html);
        d.peak()
    }

    #[test]
    fn flat_html_is_shallow() {
        assert_eq!(depth("<p>a</p><p>b<br>c</p><img src=x>"), 1);
        assert_eq!(depth("<table><tr><td>1</td><td>2</td></tr></table>"), 3);
    }

    #[test]
    fn nested_lists_count_every_level() {
        assert_eq!(depth(&"<ul><li>".repeat(1000)), 2000);
    }

    #[test]
    fn misnested_formatting_still_counts() {
        // The parser re-opens every <b> inside each later <div>.
        let html = (0..50)
            .map(|i| format!("<div><b id={i}></div>"))
            .collect::<String>();
        assert!(depth(&html) >= 50, "{}", depth(&html));
    }

    #[test]
    fn text_that_looks_like_tags_is_harmless() {
        assert_eq!(depth("a < b, 3<4, <>, </>, <1>"), 0);
    }
}
