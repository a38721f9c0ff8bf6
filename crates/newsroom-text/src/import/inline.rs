//! Writing inline Markdown from styled runs of text, shared by the HTML and .docx importers.
//!
//! Both importers see text as runs with a style (bold, italic, a link…). Turning runs into
//! Markdown is where the traps are: literal `*` or `[` in the text must be escaped, emphasis
//! delimiters must not touch white space or CommonMark ignores them, and a line that starts
//! with `1.` or `#` would turn into a list or a heading. This module handles all of it once.

/// How a run of text looks.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Style {
    pub bold: bool,
    pub italic: bool,
    pub strike: bool,
    pub code: bool,
    /// The target of the link the run is part of.
    pub link: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
    Text(Style, String),
    /// Markdown written by the caller (an image), not escaped.
    Raw(Option<String>, String),
    HardBreak,
}

/// Collects the inline content of one block.
#[derive(Debug, Default)]
pub struct InlineWriter {
    pieces: Vec<Piece>,
}

impl InlineWriter {
    pub fn new() -> Self {
        Self::default()
    }

    /// Appends text. Runs of white space collapse to one space, as a browser shows them.
    pub fn push(&mut self, style: &Style, text: &str) {
        let text = collapse_space(text);
        if text.is_empty() {
            return;
        }
        let text = if text.starts_with(' ') && self.ends_with_space() {
            text[1..].to_string()
        } else {
            text
        };
        if text.is_empty() {
            return;
        }
        if let Some(Piece::Text(last_style, last)) = self.pieces.last_mut() {
            if last_style == style {
                last.push_str(&text);
                return;
            }
        }
        self.pieces.push(Piece::Text(style.clone(), text));
    }

    pub fn push_raw(&mut self, link: Option<String>, markdown: String) {
        self.pieces.push(Piece::Raw(link, markdown));
    }

    pub fn hard_break(&mut self) {
        self.pieces.push(Piece::HardBreak);
    }

    /// True when nothing visible was written.
    pub fn is_blank(&self) -> bool {
        self.pieces.iter().all(|p| match p {
            Piece::Text(_, t) => t.trim().is_empty(),
            Piece::Raw(..) => false,
            Piece::HardBreak => true,
        })
    }

    fn ends_with_space(&self) -> bool {
        match self.pieces.last() {
            None | Some(Piece::HardBreak) => true,
            Some(Piece::Text(_, t)) => t.ends_with(' '),
            Some(Piece::Raw(..)) => false,
        }
    }

    /// The plain text, without any Markdown (for a headline).
    pub fn plain_text(&self) -> String {
        let mut out = String::new();
        for piece in &self.pieces {
            match piece {
                Piece::Text(_, t) => out.push_str(t),
                Piece::Raw(..) => {}
                Piece::HardBreak => out.push(' '),
            }
        }
        collapse_space(&out).trim().to_string()
    }

    /// The Markdown of the block; lines are trimmed and escaped at their starts.
    pub fn finish(self) -> String {
        let mut lines: Vec<String> = vec![String::new()];
        let mut i = 0;
        let pieces = self.pieces;
        while i < pieces.len() {
            if pieces[i] == Piece::HardBreak {
                lines.push(String::new());
                i += 1;
                continue;
            }
            // A link spans consecutive pieces with the same target.
            let link = piece_link(&pieces[i]).cloned();
            let mut j = i;
            while j < pieces.len()
                && pieces[j] != Piece::HardBreak
                && piece_link(&pieces[j]) == link.as_ref()
            {
                j += 1;
            }
            let inner = write_styled(&pieces[i..j]);
            let line = lines.last_mut().map(|l| l as &mut String);
            if let Some(line) = line {
                match &link {
                    Some(url) if !inner.trim().is_empty() => {
                        let (lead, core, trail) = split_space(&inner);
                        line.push_str(lead);
                        line.push('[');
                        line.push_str(core);
                        line.push_str("](");
                        line.push_str(&link_destination(url));
                        line.push(')');
                        line.push_str(trail);
                    }
                    _ => line.push_str(&inner),
                }
            }
            i = j;
        }
        let lines: Vec<String> = lines
            .iter()
            .map(|l| escape_line_start(l.trim()))
            .filter(|l| !l.is_empty())
            .collect();
        // A trailing backslash is CommonMark's hard line break.
        lines.join("\\\n")
    }
}

fn piece_link(piece: &Piece) -> Option<&String> {
    match piece {
        Piece::Text(style, _) => style.link.as_ref(),
        Piece::Raw(link, _) => link.as_ref(),
        Piece::HardBreak => None,
    }
}

/// Emphasis nests bold outside italic outside strike-through, grouping neighbours that
/// share a style, so `**bold *both* bold**` comes out as one bold span.
fn write_styled(pieces: &[Piece]) -> String {
    let mut out = String::new();
    let flags = |p: &Piece| match p {
        Piece::Text(s, _) => (s.bold && !s.code, s.italic && !s.code, s.strike && !s.code),
        _ => (false, false, false),
    };
    write_level(pieces, 0, &flags, &mut out);
    out
}

type Flags<'a> = &'a dyn Fn(&Piece) -> (bool, bool, bool);

fn write_level(pieces: &[Piece], level: usize, flags: Flags, out: &mut String) {
    if level == 3 {
        for piece in pieces {
            match piece {
                Piece::Text(style, text) if style.code => out.push_str(&code_span(text)),
                Piece::Text(_, text) => out.push_str(&escape_inline(text)),
                Piece::Raw(_, markdown) => out.push_str(markdown),
                Piece::HardBreak => {}
            }
        }
        return;
    }
    let on = |p: &Piece| {
        let (b, i, s) = flags(p);
        [b, i, s][level]
    };
    let delimiter = ["**", "*", "~~"][level];
    let mut start = 0;
    while start < pieces.len() {
        let active = on(&pieces[start]);
        let end = start
            + pieces[start..]
                .iter()
                .take_while(|p| on(p) == active)
                .count();
        let mut inner = String::new();
        write_level(&pieces[start..end], level + 1, flags, &mut inner);
        if active && !inner.trim().is_empty() {
            let (lead, core, trail) = split_space(&inner);
            out.push_str(lead);
            out.push_str(delimiter);
            out.push_str(core);
            out.push_str(delimiter);
            out.push_str(trail);
        } else {
            out.push_str(&inner);
        }
        start = end;
    }
}

/// Leading white space, the rest, trailing white space: delimiters go around the rest.
fn split_space(s: &str) -> (&str, &str, &str) {
    let core = s.trim();
    let lead_len = s.len() - s.trim_start().len();
    (&s[..lead_len], core, &s[lead_len + core.len()..])
}

fn collapse_space(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_space = false;
    for ch in text.chars() {
        // A no-break space is a character of the text, not layout: it stays.
        if ch.is_whitespace() && ch != '\u{a0}' {
            if !in_space {
                out.push(' ');
            }
            in_space = true;
        } else if !ch.is_control() || ch == '\t' {
            out.push(ch);
            in_space = false;
        }
    }
    out
}

/// Escapes the characters that would start Markdown inline syntax.
pub fn escape_inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let chars: Vec<char> = text.chars().collect();
    for (i, &ch) in chars.iter().enumerate() {
        match ch {
            '\\' | '`' | '*' | '_' | '[' | ']' | '~' => {
                out.push('\\');
                out.push(ch);
            }
            // `<` only matters before something tag- or autolink-like.
            '<' if chars
                .get(i + 1)
                .is_some_and(|n| n.is_ascii_alphabetic() || matches!(n, '/' | '!' | '?')) =>
            {
                out.push_str("\\<");
            }
            // `&` only matters when it spells an entity (`&amp;`, `&#171;`).
            '&' if looks_like_entity(&chars[i + 1..]) => out.push_str("\\&"),
            _ => out.push(ch),
        }
    }
    out
}

fn looks_like_entity(rest: &[char]) -> bool {
    let name_len = rest
        .iter()
        .take(32)
        .take_while(|c| c.is_ascii_alphanumeric() || **c == '#')
        .count();
    name_len > 0 && rest.get(name_len) == Some(&';')
}

/// Escapes what would make a line a heading, quote, list, rule or setext underline.
pub fn escape_line_start(line: &str) -> String {
    let mut chars = line.chars();
    let Some(first) = chars.next() else {
        return String::new();
    };
    let second = chars.next();
    let needs_escape = match first {
        '#' | '>' | '|' => true,
        '-' | '+' | '=' => second.is_none_or(|c| c.is_whitespace() || c == first),
        _ => false,
    };
    if needs_escape {
        return format!("\\{line}");
    }
    // «1. », «12) » start an ordered list: escape the delimiter.
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    if (1..=9).contains(&digits) {
        let mut rest = line[digits..].chars();
        if let Some(delim @ ('.' | ')')) = rest.next() {
            if rest.next().is_none_or(char::is_whitespace) {
                return format!("{}\\{delim}{}", &line[..digits], &line[digits + 1..]);
            }
        }
    }
    line.to_string()
}

/// A code span whose fence is longer than any run of backticks inside.
fn code_span(text: &str) -> String {
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{text}{pad}{fence}")
}

/// A link destination that survives spaces and parentheses.
pub fn link_destination(url: &str) -> String {
    if url
        .chars()
        .any(|c| c.is_whitespace() || matches!(c, '(' | ')' | '<' | '>'))
    {
        format!(
            "<{}>",
            url.replace('<', "%3C")
                .replace('>', "%3E")
                .replace('\n', "")
        )
    } else {
        url.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bold() -> Style {
        Style {
            bold: true,
            ..Style::default()
        }
    }

    #[test]
    fn escaping_table() {
        let cases = [
            ("2*3 = 6", "2\\*3 = 6"),
            ("snake_case", "snake\\_case"),
            ("[1]", "\\[1\\]"),
            ("a < b, <b>тег</b>", "a < b, \\<b>тег\\</b>"),
            ("AT&T &amp; Co", "AT&T \\&amp; Co"),
            ("`код`", "\\`код\\`"),
        ];
        for (input, want) in cases {
            assert_eq!(escape_inline(input), want, "inline escaping of {input:?}");
        }
        let lines = [
            ("# не заголовок", "\\# не заголовок"),
            ("- не список", "\\- не список"),
            ("---", "\\---"),
            ("1. не список", "1\\. не список"),
            ("2025. Год", "2025\\. Год"),
            ("> не цитата", "\\> не цитата"),
            ("-5 градусов", "-5 градусов"),
            ("Обычная строка", "Обычная строка"),
        ];
        for (input, want) in lines {
            assert_eq!(
                escape_line_start(input),
                want,
                "line-start escaping of {input:?}"
            );
        }
    }

    #[test]
    fn emphasis_keeps_spaces_outside_delimiters() {
        let mut w = InlineWriter::new();
        w.push(&Style::default(), "Это ");
        w.push(&bold(), "жирный ");
        w.push(&Style::default(), "текст");
        assert_eq!(w.finish(), "Это **жирный** текст");
    }

    #[test]
    fn nested_styles_group_under_one_bold() {
        let mut w = InlineWriter::new();
        w.push(&bold(), "жирный ");
        w.push(
            &Style {
                bold: true,
                italic: true,
                ..Style::default()
            },
            "оба",
        );
        w.push(&bold(), " жирный");
        assert_eq!(w.finish(), "**жирный *оба* жирный**");
    }

    #[test]
    fn links_and_breaks() {
        let link = Style {
            link: Some("https://a.kz/x y".into()),
            ..Style::default()
        };
        let mut w = InlineWriter::new();
        w.push(&link, "ссылка");
        w.hard_break();
        w.push(&Style::default(), "1. строка");
        assert_eq!(w.finish(), "[ссылка](<https://a.kz/x y>)\\\n1\\. строка");
    }

    #[test]
    fn code_spans_hold_backticks() {
        assert_eq!(code_span("a`b"), "``a`b``");
        assert_eq!(code_span("`x"), "`` `x ``");
    }
}
