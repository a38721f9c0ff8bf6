//! The allow-list: which URLs, tags, attributes and classes may reach the webview or the
//! site. One place states it; the event filter ([`super::events`]) and the HTML sanitizer
//! for raw-HTML fragments ([`sanitizer`]) both follow it.

use pulldown_cmark_escape::escape_href;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

/// Link and image schemes a reader may follow. Everything else — `javascript:`, `data:`,
/// relative and protocol-relative (`//evil.example`) addresses — is dropped: a preview has
/// no base address, and on the site a relative link would point somewhere the author
/// never saw.
const URL_SCHEMES: [&str; 4] = ["http", "https", "mailto", "tel"];

/// The address a link or image may keep, or `None`. The address is the attribute value a
/// browser would read after pulldown-cmark's percent-escaping, the same string the HTML
/// sanitizer judges, so both paths agree on every address.
pub fn url_allowed(dest: &str) -> Option<String> {
    let mut written = String::with_capacity(dest.len());
    // Writing into a String cannot fail.
    let _ = escape_href(&mut written, dest);
    let as_read = written.replace("&amp;", "&").replace("&#x27;", "'");
    match url::Url::parse(&as_read) {
        Ok(url) if URL_SCHEMES.contains(&url.scheme()) => Some(as_read),
        _ => None,
    }
}

/// The file name of one of the newsroom's stored images referenced as
/// `images/<sha-256 hex>.jpg|png` (the core's image references), or `None`. The preview
/// maps it to the app's read-only image protocol; nothing else may use that scheme.
pub fn local_image_name(dest: &str) -> Option<&str> {
    let name = dest.strip_prefix("images/")?;
    let (hash, ext) = name.split_once('.')?;
    let is_hash = hash.len() == 64 && hash.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
    (is_hash && matches!(ext, "jpg" | "png")).then_some(name)
}

/// `language-rust`, `language-c++`: the one class the site's highlighter needs on `<code>`.
pub fn code_language_allowed(class: &str) -> bool {
    class.strip_prefix("language-").is_some_and(|lang| {
        !lang.is_empty()
            && lang
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'+' | b'-'))
    })
}

/// Whether `<img>` may load its picture. The preview blocks remote pictures unless the
/// reader asked for them (a pulled post could carry tracking pixels); the site gets them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Images {
    Load,
    Block,
}

/// ammonia configured with the allow-list, for raw-HTML fragments. `blocked` counts the
/// pictures whose address was removed because remote images are blocked.
pub fn sanitizer(images: Images, blocked: Arc<AtomicUsize>) -> ammonia::Builder<'static> {
    let mut builder = ammonia::Builder::default();
    builder
        .add_tags(["figure", "figcaption"])
        // ammonia's defaults carry no form controls; say so, so a later add_tags cannot
        // bring back fake password fields.
        .rm_tags(["input"])
        .add_tag_attributes("td", ["align"])
        .add_tag_attributes("th", ["align"])
        .add_tag_attributes("ol", ["start"])
        .add_tag_attributes("code", ["class"])
        .url_schemes(URL_SCHEMES.into_iter().collect())
        .url_relative(ammonia::UrlRelative::Deny)
        .link_rel(Some("noopener noreferrer"))
        .attribute_filter(
            move |element, attribute, value| match (element, attribute) {
                ("code", "class") if !code_language_allowed(value) => None,
                ("img", "src") if images == Images::Block => {
                    blocked.fetch_add(1, Ordering::Relaxed);
                    None
                }
                _ => Some(value.into()),
            },
        );
    builder
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_absolute_addresses_with_safe_schemes_pass() {
        for ok in [
            "https://example.kz/a--b",
            "http://x.example",
            "mailto:desk@example.kz",
            "tel:+77001234567",
            "HTTPS://EXAMPLE.KZ",
        ] {
            assert!(url_allowed(ok).is_some(), "{ok}");
        }
        for bad in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            "java\tscript:alert(1)",
            "data:text/html,<script>",
            "//evil.example/login",
            "/admin",
            "#1",
            "relative/page.html",
            "vbscript:x",
            "file:///etc/passwd",
            "",
        ] {
            assert!(url_allowed(bad).is_none(), "{bad:?} must be refused");
        }
    }

    #[test]
    fn code_language_class_pattern() {
        for ok in [
            "language-rust",
            "language-c++",
            "language-objective_c",
            "language-x-y",
        ] {
            assert!(code_language_allowed(ok), "{ok}");
        }
        for bad in [
            "language-",
            "language-rust evil",
            "lang-rust",
            "language-rust\"",
            "hljs",
            "language-<b>",
        ] {
            assert!(!code_language_allowed(bad), "{bad}");
        }
    }
}
