import { EditorSelection, EditorState } from "@codemirror/state";
import { insertNewlineContinueMarkup, markdown } from "@codemirror/lang-markdown";
import { describe, expect, it } from "vitest";
import { endListOnEmptyItem } from "./list-exit";

/** Types `keys` into a Markdown state: "\n" is Enter (ours first, then CodeMirror's), the rest is text. */
function type(keys: string): string {
  let state = EditorState.create({ doc: "", extensions: [markdown()] });
  const dispatch = (tr: { state: EditorState }) => {
    state = tr.state;
  };
  for (const ch of keys) {
    if (ch === "\n") {
      if (!endListOnEmptyItem({ state, dispatch: (tr) => dispatch(tr) })) {
        if (!insertNewlineContinueMarkup({ state, dispatch: (tr) => dispatch(tr) })) {
          state = state.update(state.replaceSelection("\n")).state;
        }
      }
    } else {
      const pos = state.selection.main.head;
      state = state.update({ changes: { from: pos, insert: ch }, selection: EditorSelection.cursor(pos + ch.length) }).state;
    }
  }
  return state.doc.toString();
}

describe("Enter on an empty list item", () => {
  it("ends a bullet list with a blank line, so the next paragraph is not in the last item", () => {
    expect(type("- раз\nдва\n\nАбзац после списка.")).toBe("- раз\n- два\n\nАбзац после списка.");
  });

  it("ends an ordered list and a task list the same way", () => {
    expect(type("1. раз\nдва\n\nАбзац")).toBe("1. раз\n2. два\n\nАбзац");
    expect(type("- [ ] раз\n\nАбзац")).toBe("- [ ] раз\n\nАбзац");
  });

  it("ends a one-item list too", () => {
    expect(type("- раз\n\nАбзац")).toBe("- раз\n\nАбзац");
  });

  it("leaves nested lists and plain paragraphs to CodeMirror", () => {
    expect(type("Абзац\nещё")).toBe("Абзац\nещё");
    expect(type("- раз\n  - вложенный\n\n")).not.toContain("\n\n\n");
  });
});
