// Pasting or dropping image files into the body: the files go to `onImages` (which stores
// them and inserts their Markdown) instead of CodeMirror's text paste. Anything that is not
// an image file (text, HTML, a dropped link) pastes as before.
import { EditorView } from "@codemirror/view";
import type { Extension } from "@codemirror/state";

const IMAGE_TYPES = new Set(["image/jpeg", "image/png", "image/webp", "image/gif"]);

/** The image files a clipboard or drop carries, in order. */
export function imageFiles(data: DataTransfer | null): File[] {
  if (!data) return [];
  return Array.from(data.files).filter((f) => IMAGE_TYPES.has(f.type) || /\.(jpe?g|png|webp|gif)$/i.test(f.name));
}

/** `onImages(files, at)`: `at` is the document position to insert at. */
export function imageInput(onImages: (files: File[], at: number) => void): Extension {
  return EditorView.domEventHandlers({
    paste(event, view) {
      const files = imageFiles(event.clipboardData);
      if (files.length === 0 || view.state.readOnly) return false;
      event.preventDefault();
      onImages(files, view.state.selection.main.head);
      return true;
    },
    drop(event, view) {
      const files = imageFiles(event.dataTransfer);
      if (files.length === 0 || view.state.readOnly) return false;
      event.preventDefault();
      const at = view.posAtCoords({ x: event.clientX, y: event.clientY }) ?? view.state.selection.main.head;
      onImages(files, at);
      return true;
    },
  });
}

/** The text to insert so an image stands as its own paragraph at `at`. */
export function paragraphAround(doc: string, at: number, markdown: string): string {
  const before = doc.slice(0, at);
  const after = doc.slice(at);
  const lead = before === "" || before.endsWith("\n\n") ? "" : before.endsWith("\n") ? "\n" : "\n\n";
  const tail = after === "" || after.startsWith("\n\n") ? "" : after.startsWith("\n") ? "\n" : "\n\n";
  return `${lead}${markdown}${tail}`;
}
