// Shows a range of the body (a search match): selects it, scrolls it to the middle of the
// editor and focuses it. Offsets are UTF-16 units, as JavaScript and CodeMirror count.
import { EditorSelection } from "@codemirror/state";
import { EditorView } from "@codemirror/view";

export function revealRange(view: EditorView, start: number, end: number): void {
  const length = view.state.doc.length;
  const from = Math.min(start, length);
  const to = Math.min(end, length);
  view.dispatch({
    selection: EditorSelection.single(from, to),
    effects: EditorView.scrollIntoView(from, { y: "center" }),
  });
  view.focus();
}
