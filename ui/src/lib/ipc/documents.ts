import { call, callWithBytes } from "./core";
import type { Article } from "../bindings/Article";
import type { Stats } from "../bindings/Stats";

/** Markdown → sanitized HTML, rendered in Rust. Safe to assign to innerHTML. */
export const renderPreview = (markdown: string) => call<string>("render_preview", { markdown });

export const textStats = (markdown: string) => call<Stats>("text_stats", { markdown });

/** Imports a file as a new article; its bytes go as the raw request body. */
export async function importDocument(file: File): Promise<Article> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  return callWithBytes<Article>("import_document", bytes, {
    "x-file-name": encodeURIComponent(file.name),
  });
}
