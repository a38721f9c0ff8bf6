// Export to a file: Rust opens the native save dialog and writes the file (the page gets no
// file-system or dialog permission); under WebDriver the page passes the path instead.
import { call } from "./core";
import type { ArticleId } from "../bindings/ArticleId";
import type { ExportFormat } from "../bindings/ExportFormat";
import type { ExportProposal } from "../bindings/ExportProposal";
import type { SavedExport } from "../bindings/SavedExport";

export type { ExportProposal, SavedExport };

/** Where the save dialog would open (the profile's last export folder, else Downloads or home). */
export const exportProposal = (id: ArticleId, format: ExportFormat, selection?: string) =>
  call("export_proposal", { id, format, selection: selection ?? null });

/** Exports through the native save dialog (`path` only under WebDriver); `null` when cancelled. */
export const saveExport = (id: ArticleId, format: ExportFormat, selection?: string, path?: string) =>
  call("save_export", { id, format, selection: selection ?? null, path: path ?? null });

/** Opens a folder an export went to in the system's file manager. */
export const openExportFolder = (folder: string) => call("open_export_folder", { folder });
