//! Image references in an article's Markdown body.
//!
//! An inserted image is written as `![alt](images/<hash>.<ext>)`: a relative path that
//! reads as what it is in the Markdown and names the stored file exactly. The preview and
//! the sync map the path to where the file is served; the body keeps it as it is.

use super::files::is_hash;
use pulldown_cmark::{Event, Parser, Tag};

/// The folder part of a reference.
pub const REF_PREFIX: &str = "images/";

/// The Markdown that shows image `hash` stored with extension `ext`.
pub fn markdown_ref(hash: &str, ext: &str, alt: &str) -> String {
    // `]` and `\` would end or escape the alt text early.
    let alt: String = alt
        .chars()
        .flat_map(|c| match c {
            '[' | ']' | '\\' => vec!['\\', c],
            '\n' | '\r' => vec![' '],
            c => vec![c],
        })
        .collect();
    format!("![{alt}]({REF_PREFIX}{hash}.{ext})")
}

/// The hash in a reference's destination, if it is one of ours.
pub fn hash_of_destination(destination: &str) -> Option<&str> {
    let name = destination.strip_prefix(REF_PREFIX)?;
    let (hash, ext) = name.split_once('.')?;
    (is_hash(hash) && matches!(ext, "jpg" | "png")).then_some(hash)
}

/// The images a body shows, each once, in order of first appearance.
pub fn referenced_hashes(markdown: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for event in Parser::new(markdown) {
        if let Event::Start(Tag::Image { dest_url, .. }) = event {
            if let Some(hash) = hash_of_destination(&dest_url) {
                if !out.iter().any(|h| h == hash) {
                    out.push(hash.to_string());
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const H1: &str = "1111111111111111111111111111111111111111111111111111111111111111";
    const H2: &str = "2222222222222222222222222222222222222222222222222222222222222222";

    #[test]
    fn finds_our_references_once_and_ignores_others() {
        let body = format!(
            "Text\n\n{}\n\nMore ![x](https://example.org/a.jpg) and {} and `![c](images/{H2}.jpg)`\n\n{}",
            markdown_ref(H1, "jpg", "Акорда [ночью]"),
            markdown_ref(H2, "png", ""),
            markdown_ref(H1, "jpg", "again"),
        );
        assert_eq!(
            referenced_hashes(&body),
            vec![H1.to_string(), H2.to_string()]
        );
    }

    #[test]
    fn a_reference_round_trips_through_markdown_with_brackets_in_the_alt() {
        let md = markdown_ref(H1, "jpg", "a ] b [ c \\");
        let alt: String = Parser::new(&md)
            .filter_map(|e| match e {
                Event::Text(t) => Some(t.to_string()),
                _ => None,
            })
            .collect();
        assert_eq!(alt, "a ] b [ c \\");
        assert_eq!(referenced_hashes(&md), vec![H1.to_string()]);
    }

    #[test]
    fn look_alike_paths_are_not_references() {
        for dest in [
            format!("images/{}.jpg", &H1[..63]),
            format!("images/{H1}.gif"),
            format!("../images/{H1}.jpg"),
            format!("images/{}.jpg", "AB".repeat(32)),
        ] {
            assert_eq!(hash_of_destination(&dest), None, "{dest}");
        }
    }
}
