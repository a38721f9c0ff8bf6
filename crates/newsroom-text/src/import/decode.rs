//! Bytes of a text file → a string.
//!
//! UTF-8 (with or without a BOM) and UTF-16 with a BOM are read as they say. Anything else
//! that is not valid UTF-8 goes to chardetng (the detector Firefox uses), and its guess is
//! accepted only if it is one of the two legacy Cyrillic encodings Russian files still come
//! in — Windows-1251 (by far the most common) and KOI8-R — and the result reads like Cyrillic
//! text: most non-ASCII characters are Cyrillic letters, most of those lower case, as in any
//! real prose. Anything else (a Western code page, random bytes) is refused with the offset
//! of the first byte that is not UTF-8.

use super::ImportError;
use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::{Encoding, KOI8_R, KOI8_U, UTF_16BE, UTF_16LE, WINDOWS_1251};

/// The encoding that was used, for messages and tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextEncoding {
    Utf8,
    Utf16,
    Windows1251,
    Koi8R,
}

/// Decodes a text file. Binary data (NUL bytes) and text in an unknown encoding are refused
/// with the offset of the first byte that could not be read.
pub fn decode_text(bytes: &[u8]) -> Result<(String, TextEncoding), ImportError> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return utf8(rest).map(|s| (s, TextEncoding::Utf8));
    }
    for (bom, encoding) in [(b"\xFF\xFE", UTF_16LE), (b"\xFE\xFF", UTF_16BE)] {
        if let Some(rest) = bytes.strip_prefix(bom) {
            let (text, had_errors) = encoding.decode_without_bom_handling(rest);
            if had_errors {
                return Err(ImportError::Encoding(
                    "the file says it is UTF-16 but contains broken characters; save it as UTF-8 and import again".into(),
                ));
            }
            return Ok((text.into_owned(), TextEncoding::Utf16));
        }
    }
    if let Some(nul) = bytes.iter().position(|&b| b == 0) {
        return Err(ImportError::Encoding(format!(
            "the file looks binary, not text (a zero byte at offset {nul}); import .txt, .md, .html or .docx files"
        )));
    }
    let utf8_error = match std::str::from_utf8(bytes) {
        Ok(text) => return Ok((text.to_string(), TextEncoding::Utf8)),
        Err(e) => e,
    };
    let mut detector = EncodingDetector::new(Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    // Not UTF-8 (checked above), so UTF-8 is not a guess to allow.
    let guess = detector.guess(None, Utf8Detection::Deny);
    let named = if guess == WINDOWS_1251 {
        Some(TextEncoding::Windows1251)
    } else if guess == KOI8_R || guess == KOI8_U {
        Some(TextEncoding::Koi8R)
    } else {
        None
    };
    if let Some(name) = named {
        if let Some(text) = legacy_cyrillic(bytes, guess) {
            return Ok((text, name));
        }
    }
    Err(ImportError::Encoding(format!(
        "the file is not UTF-8 text (the byte at offset {} is not valid UTF-8) and does not read as Windows-1251 or KOI8-R either; save it as UTF-8 and import again",
        utf8_error.valid_up_to()
    )))
}

fn utf8(bytes: &[u8]) -> Result<String, ImportError> {
    std::str::from_utf8(bytes).map(str::to_string).map_err(|e| {
        ImportError::Encoding(format!(
            "the file starts with a UTF-8 mark but the byte at offset {} (after the mark) is not valid UTF-8; save it as UTF-8 and import again",
            e.valid_up_to()
        ))
    })
}

/// `bytes` decoded with `encoding`, if the result reads like Cyrillic prose.
fn legacy_cyrillic(bytes: &[u8], encoding: &'static Encoding) -> Option<String> {
    let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
    if had_errors {
        return None;
    }
    let mut non_ascii = 0usize;
    let mut cyrillic = 0usize;
    let mut lower = 0usize;
    for ch in text.chars().filter(|c| !c.is_ascii()) {
        non_ascii += 1;
        if ('\u{400}'..='\u{4ff}').contains(&ch) {
            cyrillic += 1;
            if ch.is_lowercase() {
                lower += 1;
            }
        }
    }
    // Typographic marks («» — … №) are the other non-ASCII characters of Russian text.
    let reads_as_cyrillic = non_ascii > 0 && cyrillic * 10 >= non_ascii * 7 && lower * 2 > cyrillic;
    reads_as_cyrillic.then(|| text.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str =
        "Министр внутренних дел поручил усилить «обратную связь» с обществом — 2025 г.";

    #[test]
    fn encodings_table() {
        let (cp1251, _, _) = WINDOWS_1251.encode(SAMPLE);
        let (koi8, _, _) = KOI8_R.encode(SAMPLE);
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice(SAMPLE.as_bytes());
        let mut utf16 = vec![0xFF, 0xFE];
        utf16.extend(SAMPLE.encode_utf16().flat_map(u16::to_le_bytes));
        let cases: [(&[u8], TextEncoding); 5] = [
            (SAMPLE.as_bytes(), TextEncoding::Utf8),
            (&bom, TextEncoding::Utf8),
            (&utf16, TextEncoding::Utf16),
            (&cp1251, TextEncoding::Windows1251),
            (&koi8, TextEncoding::Koi8R),
        ];
        for (bytes, want) in cases {
            let (text, encoding) =
                decode_text(bytes).unwrap_or_else(|e| panic!("{want:?} must decode: {e}"));
            assert_eq!(encoding, want, "detected encoding");
            assert!(
                text.starts_with("Министр") && text.contains("обратную связь"),
                "{want:?} decoded as {text:?}"
            );
        }
    }

    #[test]
    fn garbage_names_the_offset() {
        let mut bytes = b"Hello, ".to_vec();
        bytes.extend_from_slice(&[0x81, 0x8D, 0x8F, 0x90, 0x98]);
        let err = decode_text(&bytes)
            .expect_err("bytes that are neither UTF-8 nor Cyrillic must be refused");
        assert!(
            err.to_string().contains("offset 7"),
            "the message must point at the first bad byte: {err}"
        );
        let err = decode_text(b"PK\x03\x04\x00\x00binary").expect_err("binary must be refused");
        assert!(err.to_string().contains("binary"), "{err}");
    }
}
