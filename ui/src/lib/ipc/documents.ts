import { call, callWithBytes } from "./core";
import type { Article } from "../bindings/Article";
import type { Preview } from "../bindings/Preview";

/** The preview pane's HTML (src-tauri/src/commands/documents.rs `Preview`). */
export type { Preview };

/** Markdown → sanitized HTML, rendered in Rust off the IPC threads, with a deadline. */
export const renderPreview = (markdown: string, loadImages: boolean) =>
  call("render_preview", { markdown, loadImages });

export const textStats = (markdown: string) => call("text_stats", { markdown });

/** Imports a file as a new article; its bytes go as the raw request body. */
export async function importDocument(file: File): Promise<Article> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  return callWithBytes("import_document", bytes, {
    "x-file-name": encodeURIComponent(file.name),
  });
}
