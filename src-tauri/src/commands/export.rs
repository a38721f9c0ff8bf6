//! Exporting an article to a file the user chooses in the native save dialog.
//!
//! The dialog is opened from Rust (tauri-plugin-dialog), and Rust writes the file, so the
//! webview is granted no dialog or file-system permission: it cannot pick, read or write a
//! path by itself. The dialog opens in the folder the current profile last exported to
//! (remembered in the store), else Downloads, else the home folder.
//!
//! Under WebDriver the native dialog cannot be driven (tauri-driver cannot click it), so
//! there the UI asks for the path in the page and passes it in; a path from the page is
//! refused in every other run.

use crate::error::{IpcError, IpcResult};
use crate::state::{blocking, AppState};
use newsroom_core::export::{ExportFormat, ExportedFile};
use newsroom_core::{ArticleId, ErrorCode, Store};
use serde::Serialize;
use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use tauri::{State, WebviewWindow};
use tauri_plugin_dialog::DialogExt;
use ts_rs::TS;

/// tauri-driver sets this for the app it starts (and Tauri itself then lets WebKit be
/// automated), so it marks a run whose page is driven by a test.
const AUTOMATION_ENV: &str = "TAURI_WEBVIEW_AUTOMATION";

fn under_automation() -> bool {
    std::env::var(AUTOMATION_ENV).is_ok_and(|v| v == "true")
}

/// The folders exports were saved to in this run: "Open folder" opens only these, so the
/// page cannot make the app open an arbitrary path.
#[derive(Default)]
pub struct ExportState {
    saved_folders: Mutex<HashSet<PathBuf>>,
}

/// Where the save dialog will open, and the name it will propose.
#[derive(Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ExportProposal {
    pub folder: String,
    pub file_name: String,
    /// `folder` joined with `file_name`.
    pub path: String,
    /// True under WebDriver: the UI asks for the path in the page instead of the dialog.
    pub pick_in_page: bool,
}

/// A file written by an export.
#[derive(Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SavedExport {
    pub path: String,
    pub folder: String,
}

fn render(
    store: &Store,
    id: ArticleId,
    format: ExportFormat,
    selection: Option<&str>,
) -> newsroom_core::Result<ExportedFile> {
    match selection {
        Some(selection) => store.export_selection(id, selection, format),
        None => store.export_article(id, format),
    }
}

/// The remembered folder if it still exists, else Downloads, else home; never the app's
/// working directory, where nobody would look.
fn proposed_folder(store: &Store) -> newsroom_core::Result<PathBuf> {
    let remembered = store.export_folder()?.map(PathBuf::from);
    Ok(remembered
        .filter(|p| p.is_dir())
        .or_else(|| dirs::download_dir().filter(|p| p.is_dir()))
        .or_else(dirs::home_dir)
        .unwrap_or_else(|| PathBuf::from("/")))
}

/// The folder `path` goes into: the path must be absolute, name a file, and sit in a
/// folder that exists (the native dialog only offers such paths; the page's must match).
fn target_folder(path: &Path) -> IpcResult<PathBuf> {
    let invalid =
        |why: &str| IpcError::invalid(format!("cannot export to {}: {why}", path.display()));
    if !path.is_absolute() {
        return Err(invalid("the path must be absolute"));
    }
    if path.file_name().is_none() {
        return Err(invalid("the path names no file"));
    }
    if path.is_dir() {
        return Err(invalid("it is a folder"));
    }
    match path.parent() {
        Some(folder) if folder.is_dir() => Ok(folder.to_path_buf()),
        _ => Err(invalid("its folder does not exist")),
    }
}

/// Writes `content` to `path` through a temporary file in the same folder, so a failed
/// write (a full disk) leaves an earlier file of that name whole.
fn write_atomically(folder: &Path, path: &Path, content: &str) -> IpcResult<()> {
    let storage = |e: std::io::Error| {
        IpcError::new(
            ErrorCode::Storage,
            format!("could not write {}: {e}", path.display()),
        )
    };
    let mut file = tempfile::NamedTempFile::new_in(folder).map_err(storage)?;
    file.write_all(content.as_bytes()).map_err(storage)?;
    file.as_file().sync_all().map_err(storage)?;
    // A temporary file is private (0600); an exported article is an ordinary document.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        file.as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o644))
            .map_err(storage)?;
    }
    file.persist(path).map_err(|e| storage(e.error))?;
    Ok(())
}

/// Where an export of the article would go; the page asks for a path with it under
/// WebDriver (`pick_in_page`).
#[tauri::command]
pub async fn export_proposal(
    state: State<'_, AppState>,
    id: ArticleId,
    format: ExportFormat,
    selection: Option<String>,
) -> IpcResult<ExportProposal> {
    state
        .run(move |store| {
            let file = render(store, id, format, selection.as_deref())?;
            let folder = proposed_folder(store)?;
            Ok(ExportProposal {
                path: folder.join(&file.file_name).display().to_string(),
                folder: folder.display().to_string(),
                file_name: file.file_name,
                pick_in_page: under_automation(),
            })
        })
        .await
}

/// Exports the article (or `selection`) to a file: to `path` under WebDriver, else where
/// the user chooses in the native save dialog. `None` when the dialog was cancelled.
#[tauri::command]
pub async fn save_export(
    window: WebviewWindow,
    state: State<'_, AppState>,
    exports: State<'_, ExportState>,
    id: ArticleId,
    format: ExportFormat,
    selection: Option<String>,
    path: Option<String>,
) -> IpcResult<Option<SavedExport>> {
    let store: Arc<Store> = state.store()?;
    let file_store = Arc::clone(&store);
    let (file, folder) = blocking(move || {
        let file = render(&file_store, id, format, selection.as_deref())?;
        Ok((file, proposed_folder(&file_store)?))
    })
    .await?;
    let target = match path {
        Some(path) if under_automation() => PathBuf::from(path),
        Some(_) => {
            return Err(IpcError::new(
                ErrorCode::Forbidden,
                "the file to export to is chosen in the save dialog",
            ))
        }
        None => {
            let (label, extension) = match format {
                ExportFormat::Markdown => ("Markdown", "md"),
                ExportFormat::Html => ("HTML", "html"),
            };
            let dialog = window
                .dialog()
                .file()
                .set_parent(&window)
                .set_directory(&folder)
                .set_file_name(&file.file_name)
                .add_filter(label, &[extension]);
            // The dialog runs on the main thread; this waits for it off the IPC threads.
            match blocking(move || Ok(dialog.blocking_save_file())).await? {
                None => return Ok(None),
                Some(chosen) => chosen
                    .into_path()
                    .map_err(|e| IpcError::invalid(format!("the dialog gave no file path: {e}")))?,
            }
        }
    };
    let saved = blocking(move || {
        let folder = target_folder(&target)?;
        write_atomically(&folder, &target, &file.content)?;
        store.remember_export_folder(&folder.display().to_string())?;
        Ok(SavedExport {
            path: target.display().to_string(),
            folder: folder.display().to_string(),
        })
    })
    .await?;
    if let Ok(mut folders) = exports.saved_folders.lock() {
        folders.insert(PathBuf::from(&saved.folder));
    }
    Ok(Some(saved))
}

/// Opens a folder an export was saved to in the system's file manager (xdg-open).
#[tauri::command]
pub async fn open_export_folder(exports: State<'_, ExportState>, folder: String) -> IpcResult<()> {
    let folder = PathBuf::from(folder);
    let known = exports
        .saved_folders
        .lock()
        .map(|folders| folders.contains(&folder))
        .unwrap_or(false);
    if !known {
        return Err(IpcError::new(
            ErrorCode::Forbidden,
            "only a folder an export was saved to can be opened",
        ));
    }
    open::that_detached(&folder)
        .map_err(|e| IpcError::internal(format!("could not open {}: {e}", folder.display())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_target_must_be_an_absolute_file_in_an_existing_folder() {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join("статья.md");
        assert_eq!(
            target_folder(&file).expect("a file in an existing folder"),
            dir.path()
        );
        assert!(target_folder(Path::new("relative.md")).is_err(), "relative");
        assert!(target_folder(dir.path()).is_err(), "a folder is not a file");
        assert!(
            target_folder(&dir.path().join("missing").join("a.md")).is_err(),
            "a missing folder is not created behind the user's back"
        );
    }

    #[test]
    fn writing_replaces_an_earlier_file_and_leaves_no_temporary() {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join("a.md");
        std::fs::write(&file, "old").expect("seed");
        write_atomically(dir.path(), &file, "новый текст").expect("write");
        assert_eq!(std::fs::read_to_string(&file).expect("read"), "новый текст");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .expect("list")
            .filter_map(|e| e.ok().map(|e| e.file_name()))
            .collect();
        assert_eq!(names.len(), 1, "only the export is left: {names:?}");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&file).expect("meta").permissions().mode();
            assert_eq!(mode & 0o777, 0o644, "an export is an ordinary document");
        }
    }
}
