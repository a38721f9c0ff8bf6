//! Reproducible hostile inputs for the stable smoke run: a fixed seed picks tokens that
//! trip text tools (markup, quotes, entities, deep nesting, huge numbers) and random bytes,
//! so every run tries exactly the same cases and a failure names its seed.

/// SplitMix64: tiny, fast and good enough to spread seeds over token choices.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }
}

const MARKUP: &[&str] = &[
    "<p>",
    "</p>",
    "<b>",
    "</b>",
    "<i>",
    "<ul>",
    "<ol start=\"4294967295\">",
    "<li>",
    "</li>",
    "</ul>",
    "</ol>",
    "<blockquote>",
    "</blockquote>",
    "<br>",
    "<table><tr><td>",
    "</td><td>",
    "</td></tr></table>",
    "<a href=\"https://a.kz/x\">",
    "<a href=\"javascript:alert(1)\">",
    "</a>",
    "<img src=x onerror=alert(1)>",
    "<script>alert(1)</script>",
    "<pre><code>",
    "</code></pre>",
    "<h1>",
    "</h1>",
    "<p style=\"mso-list:l0 level99999999999\">",
    "<span style=\"mso-list:Ignore\">1.</span>",
    "<div>",
    "</div>",
    "&amp;",
    "&#x110000;",
    "&#99999999999;",
    "<!--",
    "-->",
    "<svg onload=x>",
    "<q>",
    "</q>",
    "<input type=password>",
    "> ",
    "- ",
    "1. ",
    "# ",
    "```",
    "`",
    "*",
    "**",
    "_",
    "[",
    "](",
    ")",
    "|",
    "---",
    "\\",
    "\n",
    "\n\n",
    "  ",
    "\t",
    "«",
    "»",
    "\"",
    "'",
    "—",
    "...",
    " - ",
    "Полиция",
    "сот",
    "ёлка",
    "қала",
    "😀",
    "\u{0}",
    "\u{feff}",
    "\r\n",
    "x",
    "42",
];

const WORDML: &[&str] = &[
    "<w:p>",
    "</w:p>",
    "<w:r>",
    "</w:r>",
    "<w:t>",
    "</w:t>",
    "текст",
    "a|b",
    "<w:tbl>",
    "</w:tbl>",
    "<w:tr>",
    "</w:tr>",
    "<w:tc>",
    "</w:tc>",
    "<w:pPr><w:numPr><w:ilvl w:val=\"99999999999\"/><w:numId w:val=\"1\"/></w:numPr></w:pPr>",
    "<w:pStyle w:val=\"Heading1\"/>",
    "<w:b/>",
    "<w:i w:val=\"0\"/>",
    "<w:br/>",
    "<w:tab/>",
    "<w:hyperlink r:id=\"rId1\">",
    "</w:hyperlink>",
    "<w:fldChar w:fldCharType=\"begin\"/>",
    "<w:instrText>HYPERLINK \"javascript:x\"</w:instrText>",
    "<w:fldChar w:fldCharType=\"separate\"/>",
    "<w:del>",
    "</w:del>",
    "&amp;",
    "&#0;",
    "&lt;",
    "<w:abstractNum w:abstractNumId=\"1\">",
    "<w:lvl w:ilvl=\"18446744073709551615\">",
    "<w:numFmt w:val=\"decimal\"/>",
    "</w:lvl>",
    "</w:abstractNum>",
    "<w:num w:numId=\"1\"><w:abstractNumId w:val=\"1\"/></w:num>",
    "<",
    ">",
    "\"",
];

const HANDOVER: &[&str] = &[
    "<!-- newsroom:image ",
    " -->",
    "-->",
    "abababababababababababababababababababababababababababababababab.jpg",
    "cdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcd.png",
    ".jpg",
    " ",
    "\n",
    "AAAA",
    "eyJhbHQiOiIiLCJjYXB0aW9uIjoiIiwiY3JlZGl0IjoiIiwicmlnaHRzIjoiIn0=",
    "/9j/4AAQSkZJRgABAQ",
    "/9j/4QAiRXhpZgAA",
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAAB",
    "=",
    "<p>",
    "<img src=\"images/x.jpg\">",
    "\u{ff}\u{d8}",
];

/// An input of at most `max_len` bytes for a target: tokens of its kind, random bytes,
/// and now and then one token repeated many times (the shape of every blow-up found).
pub fn input(rng: &mut Rng, target: &str, max_len: usize) -> Vec<u8> {
    let tokens = if target.starts_with("import_docx") {
        WORDML
    } else if target == "handover" {
        HANDOVER
    } else {
        MARKUP
    };
    let mut out = Vec::new();
    if target.starts_with("import_docx_xml") {
        out.extend_from_slice(b"<w:document xmlns:w=\"w\" xmlns:r=\"r\"><w:body>");
    }
    let wanted = rng.below(max_len);
    while out.len() < wanted {
        match rng.below(10) {
            0 => {
                let len = rng.below(16);
                out.extend((0..len).map(|_| rng.next_u64() as u8));
            }
            1 => {
                let token = tokens[rng.below(tokens.len())];
                for _ in 0..rng.below(400) {
                    out.extend_from_slice(token.as_bytes());
                }
            }
            2 if target == "search" || target == "diff" => out.push(0),
            _ => out.extend_from_slice(tokens[rng.below(tokens.len())].as_bytes()),
        }
    }
    out.truncate(max_len);
    out
}
