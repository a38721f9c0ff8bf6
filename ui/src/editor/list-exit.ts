// Enter on an empty list item ends the list with a blank line.
//
// CodeMirror's Markdown keymap (insertNewlineContinueMarkup) continues lists and, on an
// empty item, removes the marker, but leaves no blank line: the paragraph typed next is a
// lazy continuation of the last item (`- два\nАбзац` renders inside its <li>). Here an empty
// top-level item becomes a blank line, so what follows starts a new block. Everything else
// (nested lists, quotes, continuing a list) stays CodeMirror's.
import type { EditorState, StateCommand, TransactionSpec } from "@codemirror/state";
import { EditorSelection } from "@codemirror/state";

const EMPTY_ITEM = /^(?:[-+*]|\d{1,9}[.)])(?:[ \t]+\[[ xX]\])?[ \t]*$/;

/** The change that ends the list, or null when the cursor is not at an empty top-level item. */
export function endListChange(state: EditorState): TransactionSpec | null {
  const range = state.selection.main;
  if (state.selection.ranges.length !== 1 || !range.empty) return null;
  const line = state.doc.lineAt(range.head);
  if (range.head !== line.to || !EMPTY_ITEM.test(line.text) || line.number === 1) return null;
  const before = state.doc.line(line.number - 1);
  // Only directly after an item's text: an empty item after a blank line is CodeMirror's case.
  if (!/\S/.test(before.text)) return null;
  return {
    changes: { from: line.from, to: line.to, insert: state.lineBreak },
    selection: EditorSelection.cursor(line.from + state.lineBreak.length),
    scrollIntoView: true,
    userEvent: "input",
  };
}

export const endListOnEmptyItem: StateCommand = ({ state, dispatch }) => {
  const spec = endListChange(state);
  if (!spec) return false;
  dispatch(state.update(spec));
  return true;
};
