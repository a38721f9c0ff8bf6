// Text tools in Rust: the typography pass, slug suggestions, export and HTML paste.
import { call } from "./core";
import type { ArticleId } from "../bindings/ArticleId";
import type { ExportFormat } from "../bindings/ExportFormat";
import type { ExportedFile } from "../bindings/ExportedFile";

/** Russian/Kazakh typography on a Markdown body; returns the new text (code, links, URLs untouched). */
export const applyTypography = (markdown: string) => call<string>("apply_typography", { markdown });

/** Typography on a one-line field such as the headline. */
export const applyTypographyPlain = (text: string) => call<string>("apply_typography_plain", { text });

/** The transliterated, newsroom-unique slug for the article (its frozen one once published). */
export const suggestSlug = (id: ArticleId) => call<string>("suggest_slug", { id });

/** The article (or `selection`, Markdown source from the editor) as a file to download. */
export const exportArticle = (id: ArticleId, format: ExportFormat, selection?: string) =>
  call<ExportedFile>("export_article", { id, format, selection: selection ?? null });

/** HTML from the clipboard → clean Markdown. */
export const htmlToMarkdown = (html: string) => call<string>("html_to_markdown", { html });
