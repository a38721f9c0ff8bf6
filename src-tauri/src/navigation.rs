//! The main window never leaves the app.
//!
//! Previewed posts come from colleagues and from the site, and a link in one must not
//! replace the app with a remote page that could ask for a password. The UI opens no
//! link itself (it asks, and offers to copy the address); this guard is the backstop:
//! whatever starts a navigation — a missed click, a script, a meta refresh — the webview
//! only goes to the app's own pages.

use tauri::plugin::{Builder, TauriPlugin};
use tauri::{Runtime, Url};

/// Whether an address is one of the app's own pages (the bundled UI, or the dev server in
/// a `tauri dev` session).
pub fn is_app_page(url: &Url) -> bool {
    match url.scheme() {
        // Linux and macOS serve the bundled UI from tauri://localhost.
        "tauri" => url.host_str() == Some("localhost"),
        // Windows and Android serve it from http(s)://tauri.localhost.
        "http" | "https" => {
            url.host_str() == Some("tauri.localhost")
                || (cfg!(debug_assertions) && is_dev_server(url))
        }
        "about" => url.path() == "blank",
        _ => false,
    }
}

/// `tauri dev` serves the UI from a local port; only debug builds allow it.
fn is_dev_server(url: &Url) -> bool {
    matches!(url.host_str(), Some("localhost") | Some("127.0.0.1"))
}

/// A plugin that refuses every navigation away from the app's own pages, in every webview.
pub fn guard<R: Runtime>() -> TauriPlugin<R> {
    Builder::new("navigation-guard")
        .on_navigation(|_webview, url| {
            let allowed = is_app_page(url);
            if !allowed {
                eprintln!("newsroom: refused to navigate the window to {url}");
            }
            allowed
        })
        .build()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_apps_own_pages_are_allowed() {
        for ok in [
            "tauri://localhost/",
            "tauri://localhost/index.html#articles",
            "http://tauri.localhost/",
            "https://tauri.localhost/x",
            "about:blank",
        ] {
            assert!(is_app_page(&Url::parse(ok).unwrap()), "{ok}");
        }
        for bad in [
            "https://evil.example/login",
            "http://tauri.localhost.evil.example/",
            "tauri://evil/",
            "file:///etc/passwd",
            "javascript:alert(1)",
            "data:text/html,<h1>x</h1>",
            "mailto:desk@example.kz",
        ] {
            assert!(!is_app_page(&Url::parse(bad).unwrap()), "{bad}");
        }
    }
}
