// HTML on the clipboard (a web page, Word, Google Docs) is pasted into the body as clean
// Markdown, converted by `toMarkdown` (Rust); the plain text is pasted if that fails or
// gives nothing.
import type { Extension } from "@codemirror/state";
import { EditorView } from "@codemirror/view";

export function pasteHtmlAsMarkdown(toMarkdown: (html: string) => Promise<string>): Extension {
  // Extension handlers run before CodeMirror's own paste, which would insert the plain text.
  return EditorView.domEventHandlers({
    paste(event, view) {
      const html = event.clipboardData?.getData("text/html") ?? "";
      if (!html.trim() || view.state.readOnly) return false;
      const plain = event.clipboardData?.getData("text/plain") ?? "";
      event.preventDefault();
      toMarkdown(html)
        .then((markdown) => markdown.trim() || plain)
        .catch(() => plain)
        .then((text) => view.dispatch(view.state.replaceSelection(text), { userEvent: "input.paste", scrollIntoView: true }));
      return true;
    },
  });
}
