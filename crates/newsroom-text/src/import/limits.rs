//! The limits every importer applies to untrusted input, and the one way numbers are read
//! from it.
//!
//! An imported file, a paste and a pulled WordPress post all come from someone else. A
//! number written in them (a list level, a start number, a heading level) is read only
//! through [`parse_clamped`], so a hostile value can never size an allocation or overflow
//! an integer; nesting is capped so output stays proportional to input.

/// Word's list levels run 1–9 (`mso-list:l0 level1`…`level9`, `w:ilvl` 0–8); a deeper
/// level is clamped to the deepest, so the text stays and the indent stays bounded.
pub const MAX_LIST_LEVEL: u32 = 9;

/// CommonMark reads at most nine digits as a list number; a larger `<ol start>` is clamped
/// (and numbering stops growing there) so the list stays a list.
pub const MAX_LIST_NUMBER: u32 = 999_999_999;

/// Block quotes and lists nest at most this deep in the Markdown an importer writes. Each
/// level prefixes every line inside it (`> `, list indent), so unbounded nesting makes the
/// output grow with depth × lines; deeper content is kept, joined to the deepest level.
pub const MAX_BLOCK_NESTING: usize = 16;

/// A table wider than this keeps its extra cells' text in its last column: every row is
/// padded to the widest, so width × rows would otherwise grow from a few bytes per cell.
pub const MAX_TABLE_COLUMNS: usize = 64;

/// Tables inside table cells nest at most this deep; deeper tables are read as the text of
/// the cell they are in.
pub const MAX_TABLE_NESTING: usize = 8;

/// The Markdown of an import may be at most this many times its input (plus
/// [`OUTPUT_SLACK_BYTES`]). The limits above keep real and hostile documents far below it;
/// it is the backstop that turns any blow-up still possible into a clear error.
pub const MAX_OUTPUT_RATIO: usize = 32;

/// A tiny input may legitimately grow by more than the ratio (`<ol start=…>` and markers).
pub const OUTPUT_SLACK_BYTES: usize = 64 * 1024;

/// The most Markdown an input of `input_len` bytes may become.
pub fn max_output_len(input_len: usize) -> usize {
    input_len
        .saturating_mul(MAX_OUTPUT_RATIO)
        .saturating_add(OUTPUT_SLACK_BYTES)
}

/// Reads a decimal number from untrusted text, clamped to `min..=max`. Surrounding white
/// space is ignored; a number too long for any integer is `max`; anything that is not a
/// plain non-negative decimal is `None`.
pub fn parse_clamped(text: &str, min: u32, max: u32) -> Option<u32> {
    let digits = text.trim();
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let value = digits.parse::<u64>().unwrap_or(u64::MAX);
    Some(value.clamp(u64::from(min), u64::from(max)) as u32)
}

/// The decimal number at the start of `text` (`"12 lfo1"` → 12), clamped like
/// [`parse_clamped`].
pub fn leading_number(text: &str, min: u32, max: u32) -> Option<u32> {
    let end = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    parse_clamped(&text[..end], min, max)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_numbers_are_clamped_never_overflow() {
        let cases = [
            ("3", Some(3)),
            (" 7 ", Some(7)),
            ("0", Some(1)),
            ("99999999999", Some(9)),
            ("18446744073709551615", Some(9)),
            ("999999999999999999999999999999", Some(9)),
            ("-1", None),
            ("+2", None),
            ("1e3", None),
            ("", None),
        ];
        for (text, want) in cases {
            assert_eq!(parse_clamped(text, 1, 9), want, "{text:?}");
        }
        assert_eq!(leading_number("99999999999 lfo1", 1, 9), Some(9));
        assert_eq!(leading_number("2 lfo1", 1, 9), Some(2));
        assert_eq!(leading_number("x", 1, 9), None);
    }
}
