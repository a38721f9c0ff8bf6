//! YAML front matter: the `---` block of metadata at the top of an exported Markdown file.
//!
//! Only the small YAML subset the exporter writes is read back: `key: value` pairs whose
//! values are double-quoted strings (with YAML's escapes), single-quoted or plain scalars,
//! and flow lists of strings (`tags: ["a", "b"]`) or block lists (`- a`). That is enough for
//! our own files and for the usual static-site front matter, without a YAML dependency.

/// One front-matter value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FrontValue {
    Text(String),
    List(Vec<String>),
}

/// Writes `key: "value"` lines between `---` fences; list values as flow lists.
pub fn write_front_matter(fields: &[(&str, FrontValue)]) -> String {
    let mut out = String::from("---\n");
    for (key, value) in fields {
        out.push_str(key);
        out.push_str(": ");
        match value {
            FrontValue::Text(text) => out.push_str(&quote(text)),
            FrontValue::List(items) => {
                out.push('[');
                out.push_str(
                    &items
                        .iter()
                        .map(|i| quote(i))
                        .collect::<Vec<_>>()
                        .join(", "),
                );
                out.push(']');
            }
        }
        out.push('\n');
    }
    out.push_str("---\n");
    out
}

/// A YAML double-quoted scalar; every control character is escaped, so the value is always
/// one line.
pub fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for ch in text.chars() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Splits a document into its front matter fields and the rest. A document without a
/// well-formed block (an opening `---` line and a closing `---` or `...` line) has none.
pub fn split_front_matter(document: &str) -> (Vec<(String, FrontValue)>, &str) {
    let Some(after_open) = document.strip_prefix("---\n") else {
        return (Vec::new(), document);
    };
    let mut offset = 0;
    let mut lines = Vec::new();
    for line in after_open.split_inclusive('\n') {
        let trimmed = line.trim_end();
        offset += line.len();
        if trimmed == "---" || trimmed == "..." {
            let Some(fields) = parse_fields(&lines) else {
                return (Vec::new(), document);
            };
            let rest = &after_open[offset..];
            return (fields, rest.strip_prefix('\n').unwrap_or(rest));
        }
        lines.push(trimmed);
    }
    (Vec::new(), document)
}

fn parse_fields(lines: &[&str]) -> Option<Vec<(String, FrontValue)>> {
    let mut fields: Vec<(String, FrontValue)> = Vec::new();
    for line in lines {
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        if let Some(item) = line.trim_start().strip_prefix("- ") {
            // A block list item belongs to the last key, which had no inline value.
            let (_, value) = fields.last_mut()?;
            let item = unquote(item.trim())?;
            match value {
                FrontValue::List(items) => items.push(item),
                FrontValue::Text(t) if t.is_empty() => *value = FrontValue::List(vec![item]),
                FrontValue::Text(_) => return None,
            }
            continue;
        }
        let (key, raw) = line.split_once(':')?;
        let key = key.trim();
        if key.is_empty() || key.contains(' ') {
            return None;
        }
        let raw = raw.trim();
        let value = if let Some(inner) = raw.strip_prefix('[').and_then(|r| r.strip_suffix(']')) {
            FrontValue::List(
                split_flow_list(inner)?
                    .into_iter()
                    .filter(|s| !s.is_empty())
                    .collect(),
            )
        } else {
            FrontValue::Text(unquote(raw)?)
        };
        fields.push((key.to_string(), value));
    }
    Some(fields)
}

fn split_flow_list(inner: &str) -> Option<Vec<String>> {
    let mut items = Vec::new();
    let mut current = String::new();
    let mut quote_char: Option<char> = None;
    let mut escaped = false;
    for ch in inner.chars() {
        match quote_char {
            Some(q) => {
                current.push(ch);
                if escaped {
                    escaped = false;
                } else if ch == '\\' && q == '"' {
                    escaped = true;
                } else if ch == q {
                    quote_char = None;
                }
            }
            None if ch == ',' => items.push(unquote(current.trim())?),
            None => {
                if ch == '"' || ch == '\'' {
                    quote_char = Some(ch);
                }
                current.push(ch);
            }
        }
        if ch == ',' && quote_char.is_none() {
            current.clear();
        }
    }
    if !current.trim().is_empty() {
        items.push(unquote(current.trim())?);
    }
    Some(items)
}

/// The value of a scalar: double-quoted with escapes, single-quoted with `''`, or plain.
fn unquote(raw: &str) -> Option<String> {
    if let Some(inner) = raw.strip_prefix('"') {
        let inner = inner.strip_suffix('"')?;
        let mut out = String::with_capacity(inner.len());
        let mut chars = inner.chars();
        while let Some(ch) = chars.next() {
            if ch != '\\' {
                out.push(ch);
                continue;
            }
            match chars.next()? {
                'n' => out.push('\n'),
                't' => out.push('\t'),
                'r' => out.push('\r'),
                '0' => out.push('\0'),
                'u' => {
                    let hex: String = chars.by_ref().take(4).collect();
                    out.push(char::from_u32(u32::from_str_radix(&hex, 16).ok()?)?);
                }
                other => out.push(other),
            }
        }
        Some(out)
    } else if let Some(inner) = raw.strip_prefix('\'') {
        Some(inner.strip_suffix('\'')?.replace("''", "'"))
    } else {
        Some(raw.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_of_awkward_values() {
        let fields = [
            (
                "headline",
                FrontValue::Text("«Барыс»: 5:3 — \"победа\"\\".into()),
            ),
            ("dek", FrontValue::Text("две\nстроки\tи\u{7}звонок".into())),
            (
                "tags",
                FrontValue::List(vec!["ХК Барыс".into(), "a, b".into(), "".into()]),
            ),
        ];
        let written = write_front_matter(&fields);
        let doc = format!("{written}\nТело статьи\n");
        let (parsed, body) = split_front_matter(&doc);
        assert_eq!(
            body, "Тело статьи\n",
            "the body starts after the block and its blank line"
        );
        assert_eq!(parsed[0], ("headline".to_string(), fields[0].1.clone()));
        assert_eq!(parsed[1], ("dek".to_string(), fields[1].1.clone()));
        assert_eq!(
            parsed[2],
            (
                "tags".to_string(),
                FrontValue::List(vec!["ХК Барыс".into(), "a, b".into()])
            ),
            "empty list items are dropped, commas inside quotes are kept"
        );
    }

    #[test]
    fn foreign_front_matter_table() {
        let doc = "---\ntitle: Plain value\ntags:\n  - один\n  - 'два'\n---\nТело";
        let (fields, body) = split_front_matter(doc);
        assert_eq!(body, "Тело");
        assert_eq!(
            fields[0],
            ("title".into(), FrontValue::Text("Plain value".into()))
        );
        assert_eq!(
            fields[1],
            (
                "tags".into(),
                FrontValue::List(vec!["один".into(), "два".into()])
            )
        );
        for not_front_matter in [
            "--- \nx",
            "---\nбез конца",
            "---\nне: \"закрыта\n---\nтело",
            "Текст\n---\n",
        ] {
            let (fields, body) = split_front_matter(not_front_matter);
            assert!(
                fields.is_empty(),
                "{not_front_matter:?} has no valid front matter"
            );
            assert_eq!(
                body, not_front_matter,
                "a document without front matter is left whole"
            );
        }
    }
}
