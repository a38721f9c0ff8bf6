//! YAML front matter: the `---` block of metadata at the top of an exported Markdown file.
//!
//! Writing is ours (double-quoted scalars and flow lists, always one line per key); reading
//! goes through a YAML parser (yaml-rust2's event parser), so any YAML a static-site tool
//! writes is read the way YAML reads it. Only top-level `key: scalar` and `key: [list of
//! scalars]` fields are taken; nested maps, aliases and tags are skipped, never expanded
//! (an alias bomb stays as small as its text).

use yaml_rust2::parser::{Event, Parser};

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
    let yaml = lines.join("\n");
    let mut parser = Parser::new_from_str(&yaml);
    let mut next = move || parser.next_token().ok().map(|(event, _)| event);
    if next()? != Event::StreamStart {
        return None;
    }
    match next()? {
        // Nothing but comments or blank lines: front matter without fields.
        Event::StreamEnd => return Some(Vec::new()),
        Event::DocumentStart => {}
        _ => return None,
    }
    if !matches!(next()?, Event::MappingStart(..)) {
        // A lone scalar or list is prose between two rules, not front matter.
        return None;
    }
    let mut fields = Vec::new();
    loop {
        let key = match next()? {
            Event::MappingEnd => break,
            Event::Scalar(key, ..) => key,
            _ => return None,
        };
        // A key with spaces is a sentence with a colon ("Итог: 5:3"), not metadata.
        if key.is_empty() || key.contains(char::is_whitespace) {
            return None;
        }
        let value = match next()? {
            Event::Scalar(value, ..) => Some(FrontValue::Text(value)),
            Event::SequenceStart(..) => Some(FrontValue::List(list_items(&mut next)?)),
            Event::MappingStart(..) => {
                skip_nested(&mut next)?;
                None
            }
            Event::Alias(_) => None,
            _ => return None,
        };
        if let Some(value) = value {
            fields.push((key, value));
        }
    }
    Some(fields)
}

/// The scalars of a list up to its end; empty ones and nested structures are left out.
fn list_items(next: &mut impl FnMut() -> Option<Event>) -> Option<Vec<String>> {
    let mut items = Vec::new();
    loop {
        match next()? {
            Event::SequenceEnd => return Some(items),
            Event::Scalar(item, ..) if !item.trim().is_empty() => items.push(item),
            Event::Scalar(..) | Event::Alias(_) => {}
            Event::SequenceStart(..) | Event::MappingStart(..) => skip_nested(next)?,
            _ => return None,
        }
    }
}

/// Consumes events up to the end of the structure just opened (counted, not recursed).
fn skip_nested(next: &mut impl FnMut() -> Option<Event>) -> Option<()> {
    let mut depth = 1usize;
    while depth > 0 {
        match next()? {
            Event::SequenceStart(..) | Event::MappingStart(..) => depth += 1,
            Event::SequenceEnd | Event::MappingEnd => depth -= 1,
            Event::StreamEnd => return None,
            _ => {}
        }
    }
    Some(())
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

    #[test]
    fn yaml_is_read_as_yaml_and_nothing_is_expanded() {
        let doc = "---\ntitle: >-\n  Две\n  строки\nauthor: \"Иван\" # комментарий\nseo:\n  title: x\ntags: [один, [вложенный], '']\n---\nТело";
        let (fields, body) = split_front_matter(doc);
        assert_eq!(body, "Тело");
        assert_eq!(
            fields,
            vec![
                ("title".into(), FrontValue::Text("Две строки".into())),
                ("author".into(), FrontValue::Text("Иван".into())),
                ("tags".into(), FrontValue::List(vec!["один".into()])),
            ]
        );
        // An alias bomb: each level refers to the one before ten times. Expanded, it would
        // be 10^9 strings; the event parser never expands it.
        let mut bomb = String::from("---\na: &a [\"lol\"]\n");
        for level in 1..9 {
            let prev = (b'a' + level - 1) as char;
            let name = (b'a' + level) as char;
            bomb.push_str(&format!(
                "{name}: &{name} [{}]\n",
                vec![format!("*{prev}"); 10].join(",")
            ));
        }
        bomb.push_str("title: ок\n---\nТело");
        let (fields, _) = split_front_matter(&bomb);
        assert_eq!(
            fields.last(),
            Some(&("title".into(), FrontValue::Text("ок".into())))
        );
        // Prose between two rules is not front matter.
        let prose = "---\nИтог матча: 5:3\n---\nТело";
        assert!(split_front_matter(prose).0.is_empty());
    }
}
