// Text tools in Rust: the typography pass, slug suggestions and HTML paste (export: export.ts).
import { call } from "./core";
import type { ArticleId } from "../bindings/ArticleId";

/** Russian/Kazakh typography on a Markdown body: the edits it makes, in UTF-16 offsets of
 * `markdown` (code, links, URLs untouched), to apply as one CodeMirror transaction. */
export const applyTypography = (markdown: string) => call("apply_typography", { markdown });

/** Typography on a one-line field such as the headline. */
export const applyTypographyPlain = (text: string) => call("apply_typography_plain", { text });

/** The transliterated, newsroom-unique slug for the article (its frozen one once published). */
export const suggestSlug = (id: ArticleId) => call("suggest_slug", { id });

/** HTML from the clipboard → clean Markdown. */
export const htmlToMarkdown = (html: string) => call("html_to_markdown", { html });

/** The misspelled words of the body (`markdown`) or the headline, checked on this computer. */
export const checkSpelling = (text: string, markdown: boolean, language: string) =>
  call("check_spelling", { text, markdown, language });

/** Corrections for a marked word, in the language the check reported. */
export const spellingSuggestions = (word: string, language: string) =>
  call("spelling_suggestions", { word, language });

/** The newsroom's own dictionary (names, places); kept on this computer only. */
export const newsroomWords = () => call("newsroom_words");
export const addNewsroomWord = (word: string) => call("add_newsroom_word", { word });
export const removeNewsroomWord = (word: string) => call("remove_newsroom_word", { word });

/** "auto", "ru", "kk", "en" or "off". */
export const spellLanguage = () => call("spell_language");
export const setSpellLanguage = (language: string) => call("set_spell_language", { language });

/** The newsroom's slug scheme: "passport" or "gost" (editors change it). */
export const slugScheme = () => call("slug_scheme");
export const setSlugScheme = (scheme: string) => call("set_slug_scheme", { scheme });
