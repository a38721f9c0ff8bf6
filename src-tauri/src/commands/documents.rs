//! Document commands: the live preview, counts, and importing a file as an article.

use crate::error::{IpcError, IpcResult};
use crate::state::{blocking, AppState};
use newsroom_core::article::Stats;
use newsroom_core::Article;
use newsroom_text::import::SourceFormat;
use newsroom_text::Images;
use serde::{Deserialize, Serialize};
use std::time::Duration;
use tauri::ipc::{InvokeBody, Request};
use tauri::State;
use ts_rs::TS;

/// Header carrying the imported file's name, percent-encoded by the UI (headers are ASCII;
/// file names are often Cyrillic).
const FILE_NAME_HEADER: &str = "x-file-name";

/// How long a preview render may run before the preview pauses for the article. Real
/// articles render in about a millisecond; only hostile input gets near this.
const RENDER_DEADLINE: Duration = Duration::from_secs(2);

/// The preview pane's HTML, or word that the render ran past its deadline.
#[derive(Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Preview {
    /// Sanitized HTML, safe to assign to innerHTML, cut into its top-level pieces (each
    /// element with its contents, each run of text between them) so the preview replaces
    /// only the pieces that changed; joined, they are the whole rendering. One piece holds
    /// it all if it could not be cut; none when paused.
    pub blocks: Vec<String>,
    /// Remote pictures left unloaded (`load_images` was false).
    pub blocked_images: usize,
    /// The render ran past [`RENDER_DEADLINE`]; the UI pauses the preview for the article.
    pub paused: bool,
}

/// What an autosave should render for the preview pane along with the save, so a pause in
/// typing costs one round trip (`save_draft`).
#[derive(Debug, Clone, Copy, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PreviewRequest {
    /// Load remote pictures (the reader asked for this article's).
    pub load_images: bool,
}

/// Markdown → sanitized HTML for the preview pane, off the IPC threads and with a
/// deadline. Remote pictures load only when the reader asked (`load_images`).
#[tauri::command]
pub async fn render_preview(markdown: String, load_images: bool) -> IpcResult<Preview> {
    render(markdown, load_images).await
}

/// The preview of `markdown` on the blocking pool, paused past [`RENDER_DEADLINE`].
pub async fn render(markdown: String, load_images: bool) -> IpcResult<Preview> {
    let images = if load_images {
        Images::Load
    } else {
        Images::Block
    };
    // The newsroom's stored images load through the read-only image protocol.
    let base = format!("{}://localhost/", super::media::PROTOCOL);
    let render = blocking(move || {
        let rendered = newsroom_text::render_preview_with_local_images(&markdown, images, &base);
        Ok(Preview {
            blocks: preview_blocks(rendered.html),
            blocked_images: rendered.blocked_images,
            paused: false,
        })
    });
    match tokio::time::timeout(RENDER_DEADLINE, render).await {
        Ok(preview) => preview,
        // The blocking thread finishes on its own; the UI asks for this article no more
        // until the reader resumes, so runaway renders do not pile up.
        Err(_elapsed) => Ok(Preview {
            blocks: Vec::new(),
            blocked_images: 0,
            paused: true,
        }),
    }
}

/// The rendering in its top-level pieces, or whole as one piece if it does not cut.
fn preview_blocks(html: String) -> Vec<String> {
    match newsroom_text::render::top_level_blocks(&html) {
        Some(blocks) => blocks.into_iter().map(str::to_string).collect(),
        None if html.is_empty() => Vec::new(),
        None => vec![html],
    }
}

/// Words, characters and reading time of a Markdown body as a reader sees it.
#[tauri::command]
pub async fn text_stats(markdown: String) -> IpcResult<Stats> {
    blocking(move || Ok(newsroom_text::text_stats(&markdown).into())).await
}

/// Creates an article from a file the user picked. The file's bytes arrive as the raw
/// request body (no JSON array of numbers for a multi-megabyte file).
#[tauri::command]
pub async fn import_document(
    state: State<'_, AppState>,
    request: Request<'_>,
) -> IpcResult<Article> {
    let InvokeBody::Raw(bytes) = request.body() else {
        return Err(IpcError::invalid(
            "the file's contents did not arrive as bytes",
        ));
    };
    let name = request
        .headers()
        .get(FILE_NAME_HEADER)
        .and_then(|v| v.to_str().ok())
        .map(percent_decode)
        .ok_or_else(|| IpcError::invalid("the imported file has no name"))??;
    let format = SourceFormat::from_file_name(&name).ok_or_else(|| {
        IpcError::invalid(format!(
            "{name}: only .txt, .md, .html and .docx files can be imported"
        ))
    })?;
    if bytes.len() as u64 > newsroom_core::import::MAX_IMPORT_BYTES {
        return Err(IpcError::invalid(format!(
            "{name} is {} MB; files over {} MB are not imported",
            bytes.len() / 1_048_576,
            newsroom_core::import::MAX_IMPORT_BYTES / 1_048_576
        )));
    }
    let bytes = bytes.clone();
    state
        .run(move |store| store.import_bytes(&bytes, &name, format))
        .await
}

/// Decodes `encodeURIComponent` output. A `%` without two hex digits after it is refused:
/// the decoder would keep it as text, and the name is then garbled, not the user's.
pub(crate) fn percent_decode(encoded: &str) -> IpcResult<String> {
    let raw = encoded.as_bytes();
    let broken_escape = raw.iter().enumerate().any(|(i, &b)| {
        b == b'%'
            && !raw
                .get(i + 1..i + 3)
                .is_some_and(|hex| hex.iter().all(u8::is_ascii_hexdigit))
    });
    if broken_escape {
        return Err(IpcError::invalid("the file name is garbled"));
    }
    percent_encoding::percent_decode_str(encoded)
        .decode_utf8()
        .map(|name| name.into_owned())
        .map_err(|_| IpcError::invalid("the file name is not valid UTF-8"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_cyrillic_file_names() {
        let decoded = percent_decode("%D0%9C%D0%92%D0%94%20%C2%AB1%C2%BB.txt").ok();
        assert_eq!(
            decoded.as_deref(),
            Some("МВД «1».txt"),
            "the UI encodes names with encodeURIComponent"
        );
        assert!(
            percent_decode("bad%2").is_err(),
            "a truncated escape is an error, not a panic"
        );
        assert!(percent_decode("bad%zz.txt").is_err(), "not hex");
        assert!(percent_decode("%D0.txt").is_err(), "half a character");
        assert_eq!(
            percent_decode("100%25.txt").ok().as_deref(),
            Some("100%.txt")
        );
    }

    #[test]
    fn the_preview_comes_in_pieces_that_join_back_into_the_rendering() {
        let html = "<p>Ёлки</p>\n<p>«да»</p>\n".to_string();
        let blocks = preview_blocks(html.clone());
        assert_eq!(blocks, ["<p>Ёлки</p>", "\n", "<p>«да»</p>", "\n"]);
        assert_eq!(blocks.concat(), html);
        assert_eq!(
            preview_blocks("a <!-- b".into()),
            ["a <!-- b"],
            "uncut: whole"
        );
        assert!(preview_blocks(String::new()).is_empty());
    }
}
