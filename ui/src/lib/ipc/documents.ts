import { call, callWithBytes } from "./core";
import type { Article } from "../bindings/Article";
import type { Stats } from "../bindings/Stats";

/** The preview pane's HTML (src-tauri/src/commands/documents.rs `Preview`). */
export interface Preview {
  /** Sanitized in Rust; safe to assign to innerHTML. Empty when paused. */
  html: string;
  /** Remote pictures left unloaded because `loadImages` was false. */
  blockedImages: number;
  /** The render ran past its deadline: pause the preview for this article. */
  paused: boolean;
}

/** Markdown → sanitized HTML, rendered in Rust off the IPC threads, with a deadline. */
export const renderPreview = (markdown: string, loadImages: boolean) =>
  call<Preview>("render_preview", { markdown, loadImages });

export const textStats = (markdown: string) => call<Stats>("text_stats", { markdown });

/** Imports a file as a new article; its bytes go as the raw request body. */
export async function importDocument(file: File): Promise<Article> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  return callWithBytes<Article>("import_document", bytes, {
    "x-file-name": encodeURIComponent(file.name),
  });
}
