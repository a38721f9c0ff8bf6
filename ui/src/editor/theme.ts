// How the body editor looks: a writing surface, not a code editor (proportional font,
// wrapped lines), with quiet Markdown highlighting.
import { HighlightStyle } from "@codemirror/language";
import { EditorView } from "@codemirror/view";
import { tags } from "@lezer/highlight";

export const editorTheme = EditorView.theme({
  "&": {
    height: "100%",
    fontSize: "16px",
    backgroundColor: "var(--surface)",
  },
  "&.cm-focused": { outline: "none" },
  ".cm-scroller": {
    fontFamily: "var(--font-text)",
    lineHeight: "1.65",
    padding: "12px 0 40vh",
  },
  ".cm-content": {
    maxWidth: "46em",
    margin: "0 auto",
    padding: "0 28px",
    caretColor: "var(--accent)",
  },
  ".cm-activeLine": { backgroundColor: "var(--active-line)" },
  ".cm-placeholder": { color: "var(--muted)" },
  "&.cm-focused .cm-selectionBackground, .cm-selectionBackground, ::selection": {
    backgroundColor: "var(--selection)",
  },
});

export const markdownHighlight = HighlightStyle.define([
  { tag: tags.heading1, fontSize: "1.45em", fontWeight: "700" },
  { tag: tags.heading2, fontSize: "1.25em", fontWeight: "700" },
  { tag: [tags.heading3, tags.heading4, tags.heading5, tags.heading6], fontWeight: "700" },
  { tag: tags.strong, fontWeight: "700" },
  { tag: tags.emphasis, fontStyle: "italic" },
  { tag: tags.strikethrough, textDecoration: "line-through" },
  { tag: tags.link, color: "var(--accent)", textDecoration: "underline" },
  { tag: tags.url, color: "var(--muted)" },
  { tag: tags.quote, color: "var(--quote)", fontStyle: "italic" },
  { tag: tags.monospace, fontFamily: "var(--font-mono)", fontSize: "0.92em", color: "var(--code)" },
  { tag: [tags.processingInstruction, tags.meta, tags.contentSeparator], color: "var(--syntax)" },
  // Not `tags.list`: lang-markdown gives it to a whole list, so every item's text was grey
  // as if disabled. Only the marker (`-`, `1.`, a processingInstruction) is syntax-coloured.
]);
