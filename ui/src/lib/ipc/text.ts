// Text tools in Rust: the typography pass, slug suggestions and HTML paste (export: export.ts).
import { call } from "./core";
import type { ArticleId } from "../bindings/ArticleId";

/** Russian/Kazakh typography on a Markdown body; returns the new text (code, links, URLs untouched). */
export const applyTypography = (markdown: string) => call<string>("apply_typography", { markdown });

/** Typography on a one-line field such as the headline. */
export const applyTypographyPlain = (text: string) => call<string>("apply_typography_plain", { text });

/** The transliterated, newsroom-unique slug for the article (its frozen one once published). */
export const suggestSlug = (id: ArticleId) => call<string>("suggest_slug", { id });

/** HTML from the clipboard → clean Markdown. */
export const htmlToMarkdown = (html: string) => call<string>("html_to_markdown", { html });
