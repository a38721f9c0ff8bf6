//! Folding text for matching: case-insensitive, ё = е, й kept apart from и.
//!
//! Used wherever a person types a fragment and expects to find what they meant: the
//! article list filter, tag autocomplete and tag de-duplication («Барыс» = «барыс»,
//! «Ёлка» = «елка»). Kazakh letters (ә ғ қ ң ө ұ ү һ і) are kept as themselves, only
//! lower-cased, because they are distinct letters, not variants.

/// Lower-cases and replaces ё with е; collapses runs of white space into one space and
/// trims, so «ХК  Барыс » and «хк барыс» fold to the same key.
pub fn fold_for_match(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for ch in text.chars() {
        if ch.is_whitespace() {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        for lower in ch.to_lowercase() {
            out.push(match lower {
                'ё' => 'е',
                other => other,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::fold_for_match;

    #[test]
    fn folds_case_yo_and_spaces() {
        let pairs = [
            ("Барыс", "барыс"),
            ("ХК  Барыс ", "хк барыс"),
            ("Ёлка", "елка"),
            ("ЁЛКА", "елка"),
            ("Қазақстан", "қазақстан"),
            ("ӘЛЕМ", "әлем"),
            ("Үкімет", "үкімет"),
            ("ІІМ", "іім"),
        ];
        for (input, expected) in pairs {
            assert_eq!(fold_for_match(input), expected, "fold of {input:?}");
        }
    }

    #[test]
    fn keeps_distinct_letters_distinct() {
        assert_ne!(fold_for_match("й"), fold_for_match("и"));
        assert_ne!(
            fold_for_match("қ"),
            fold_for_match("к"),
            "Kazakh қ is its own letter"
        );
    }
}
