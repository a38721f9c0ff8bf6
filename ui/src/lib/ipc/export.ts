// Export to a file: Rust opens the native save dialog and writes the file (the page gets no
// file-system or dialog permission); under WebDriver the page passes the path instead.
import { call } from "./core";
import type { ArticleId } from "../bindings/ArticleId";
import type { ExportFormat } from "../bindings/ExportFormat";

/** Mirrors `src-tauri/src/commands/export.rs::ExportProposal` (the shell's own type). */
export interface ExportProposal {
  folder: string;
  fileName: string;
  /** `folder` joined with `fileName`. */
  path: string;
  /** True under WebDriver, where the native dialog cannot be driven. */
  pickInPage: boolean;
}

/** Mirrors `src-tauri/src/commands/export.rs::SavedExport`. */
export interface SavedExport {
  path: string;
  folder: string;
}

/** Where the save dialog would open (the profile's last export folder, else Downloads or home). */
export const exportProposal = (id: ArticleId, format: ExportFormat, selection?: string) =>
  call<ExportProposal>("export_proposal", { id, format, selection: selection ?? null });

/** Exports through the native save dialog (`path` only under WebDriver); `null` when cancelled. */
export const saveExport = (id: ArticleId, format: ExportFormat, selection?: string, path?: string) =>
  call<SavedExport | null>("save_export", { id, format, selection: selection ?? null, path: path ?? null });

/** Opens a folder an export went to in the system's file manager. */
export const openExportFolder = (folder: string) => call<void>("open_export_folder", { folder });
