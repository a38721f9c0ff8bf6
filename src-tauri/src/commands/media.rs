//! Image commands: insert (pasted or dropped bytes, or a file picked in the native dialog),
//! the article's media list, descriptions, the featured image, removal, settings; and the
//! read-only `newsroom-image:` protocol the preview and the media panel load pictures from.
//!
//! The protocol serves only files of images the store has rows for, by hash, for GET; it
//! cannot list, write or reach any other path. The CSP's `img-src` gains only this scheme.

use crate::error::{IpcError, IpcResult};
use crate::state::AppState;
use newsroom_core::images::{ImageDescription, ImageFiles, ImageRecord, ImageSettings, Variant};
use newsroom_core::media::{ArticleImage, InsertedImage};
use newsroom_core::{ArticleId, ErrorCode};
use std::path::PathBuf;
use tauri::http::{Response, StatusCode};
use tauri::ipc::{InvokeBody, Request};
use tauri::{State, WebviewWindow};
use tauri_plugin_dialog::DialogExt;

/// The URI scheme of local images (`newsroom-image://localhost/<hash>.jpg`).
pub const PROTOCOL: &str = "newsroom-image";

/// Headers of a raw insert: the article, and the file's name percent-encoded (headers are
/// ASCII; names are often Cyrillic).
const ARTICLE_HEADER: &str = "x-article-id";
const FILE_NAME_HEADER: &str = "x-file-name";

fn image_files(state: &AppState) -> IpcResult<ImageFiles> {
    state
        .data_dir()
        .map(|dir| ImageFiles::in_data_dir(dir))
        .ok_or_else(|| IpcError::new(ErrorCode::Storage, "this system has no data directory"))
}

/// Inserts pasted or dropped image bytes (the raw request body) into an article's media.
#[tauri::command]
pub async fn insert_image(
    state: State<'_, AppState>,
    request: Request<'_>,
) -> IpcResult<InsertedImage> {
    let InvokeBody::Raw(bytes) = request.body() else {
        return Err(IpcError::invalid("the image did not arrive as bytes"));
    };
    let header = |name: &str| {
        request
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    let id: ArticleId = header(ARTICLE_HEADER)
        .ok_or_else(|| IpcError::invalid("the image names no article"))?
        .parse()
        .map_err(IpcError::from)?;
    let name = header(FILE_NAME_HEADER)
        .map(|n| super::documents::percent_decode(&n))
        .transpose()?
        .unwrap_or_else(|| "pasted image".to_string());
    let files = image_files(&state)?;
    let bytes = bytes.clone();
    state
        .run(move |store| store.insert_image(&files, id, &name, &bytes))
        .await
}

/// Opens the native file picker (from Rust: the page gets no dialog or file permission)
/// and inserts the chosen image. `None` when the user cancelled.
#[tauri::command]
pub async fn pick_and_insert_image(
    window: WebviewWindow,
    state: State<'_, AppState>,
    id: ArticleId,
) -> IpcResult<Option<InsertedImage>> {
    let (sender, receiver) = tokio::sync::oneshot::channel();
    window
        .dialog()
        .file()
        .set_parent(&window)
        .add_filter("Images", &["jpg", "jpeg", "png", "webp", "gif"])
        .pick_file(move |picked| {
            let _ = sender.send(picked);
        });
    let picked = receiver
        .await
        .map_err(|_| IpcError::internal("the file dialog closed without an answer"))?;
    let Some(path) = picked.and_then(|p| p.into_path().ok()) else {
        return Ok(None);
    };
    let files = image_files(&state)?;
    state
        .run(move |store| store.insert_image_file(&files, id, &path).map(Some))
        .await
}

#[tauri::command]
pub async fn article_images(
    state: State<'_, AppState>,
    id: ArticleId,
) -> IpcResult<Vec<ArticleImage>> {
    state.run(move |store| store.article_images(id)).await
}

#[tauri::command]
pub async fn describe_image(
    state: State<'_, AppState>,
    hash: String,
    description: ImageDescription,
) -> IpcResult<ImageRecord> {
    state
        .run(move |store| store.describe_image(&hash, &description))
        .await
}

#[tauri::command]
pub async fn set_featured_image(
    state: State<'_, AppState>,
    id: ArticleId,
    hash: Option<String>,
) -> IpcResult<Vec<ArticleImage>> {
    state
        .run(move |store| store.set_featured_image(id, hash.as_deref()))
        .await
}

#[tauri::command]
pub async fn remove_image_from_article(
    state: State<'_, AppState>,
    id: ArticleId,
    hash: String,
) -> IpcResult<Vec<ArticleImage>> {
    let files = image_files(&state)?;
    state
        .run(move |store| store.remove_image_from_article(&files, id, &hash))
        .await
}

#[tauri::command]
pub async fn get_image_settings(state: State<'_, AppState>) -> IpcResult<ImageSettings> {
    state.run(|store| store.image_settings()).await
}

#[tauri::command]
pub async fn set_image_settings(
    state: State<'_, AppState>,
    settings: ImageSettings,
) -> IpcResult<ImageSettings> {
    state
        .run(move |store| store.set_image_settings(&settings))
        .await
}

/// The file a protocol path names: `/<hash>.<ext>` (web copy) or `/<hash>.thumb.<ext>`.
/// Anything else, or a hash without a row, is not found.
fn served_file(state: &AppState, path: &str) -> Option<(PathBuf, &'static str)> {
    let name = path.strip_prefix('/')?;
    let (stem, ext) = name.rsplit_once('.')?;
    let (hash, variant) = match stem.strip_suffix(".thumb") {
        Some(hash) => (hash, Variant::Thumb),
        None => (stem, Variant::Web),
    };
    let encoding = newsroom_core::images::process::Encoding::from_extension(ext)?;
    let store = state.store().ok()?;
    let files = image_files(state).ok()?;
    let file = store.image_path(&files, hash, variant).ok()?;
    // The row's extension must be the one asked for: one name, one file.
    (file.extension()? == ext).then_some((file, encoding.mime_type()))
}

/// Answers a `newsroom-image:` request (GET only) with the file's bytes.
pub fn serve(state: &AppState, request: &tauri::http::Request<Vec<u8>>) -> Response<Vec<u8>> {
    let refuse = |status: StatusCode| {
        Response::builder()
            .status(status)
            .body(Vec::new())
            .expect("a static response")
    };
    if request.method() != tauri::http::Method::GET {
        return refuse(StatusCode::METHOD_NOT_ALLOWED);
    }
    let Some((file, mime)) = served_file(state, request.uri().path()) else {
        return refuse(StatusCode::NOT_FOUND);
    };
    match std::fs::read(&file) {
        Ok(bytes) => Response::builder()
            .status(StatusCode::OK)
            .header("Content-Type", mime)
            // Content-addressed: a name never changes content.
            .header("Cache-Control", "max-age=31536000, immutable")
            .body(bytes)
            .expect("a file response"),
        Err(_) => refuse(StatusCode::NOT_FOUND),
    }
}
