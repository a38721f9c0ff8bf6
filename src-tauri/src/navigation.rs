//! The main window never leaves the app.
//!
//! Previewed posts come from colleagues and from the site, and a link in one must not
//! replace the app with a remote page that could ask for a password. The UI opens no
//! link itself (it asks, and offers to copy the address); this guard is the backstop:
//! whatever starts a navigation — a missed click, a script, a meta refresh — the webview
//! only goes to the app's own pages.

use tauri::plugin::{Builder, TauriPlugin};
use tauri::{Runtime, Url};

/// Whether an address is one of the app's own pages: the bundled UI. There is no dev server
/// (tauri.conf.json has no `devUrl`; debug builds serve `ui/dist` too), so no local port is
/// allowed either: a post linking to a server on this computer (the test WordPress, say)
/// must not take over the window in the debug build `scripts/run.sh` launches.
pub fn is_app_page(url: &Url) -> bool {
    match url.scheme() {
        // Linux and macOS serve the bundled UI from tauri://localhost.
        "tauri" => url.host_str() == Some("localhost"),
        // Windows and Android serve it from http(s)://tauri.localhost.
        "http" | "https" => url.host_str() == Some("tauri.localhost"),
        "about" => url.path() == "blank",
        _ => false,
    }
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
            "http://127.0.0.1:8089/wp-admin/",
            "http://localhost:1420/",
        ] {
            assert!(!is_app_page(&Url::parse(bad).unwrap()), "{bad}");
        }
    }
}
