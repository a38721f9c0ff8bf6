import { history, undo } from "@codemirror/commands";
import { EditorState, type TransactionSpec } from "@codemirror/state";
import type { EditorView } from "@codemirror/view";
import { describe, expect, it } from "vitest";
import { applyTypographyPass, type TextChange } from "./typography";

/** Just enough of an EditorView for the pass and the undo command: state and dispatch. */
function fakeView(doc: string) {
  const view = {
    state: EditorState.create({ doc, extensions: [history()] }),
    dispatch(spec: TransactionSpec) {
      view.state = view.state.update(spec).state;
    },
  };
  return view;
}

describe("the typography pass in the editor", () => {
  it("applies Rust's UTF-16 edits as one undoable transaction", async () => {
    const view = fakeView("😀 в Москве - тест");
    // What Rust answers for this text: offsets count the emoji as two units.
    const edits: TextChange[] = [
      { from: 4, to: 5, insert: "\u00a0" },
      { from: 11, to: 14, insert: "\u00a0— " },
    ];
    const applied = await applyTypographyPass(view as unknown as EditorView, async () => edits);
    expect(applied).toBe(2);
    expect(view.state.doc.toString()).toBe("😀 в\u00a0Москве\u00a0— тест");
    undo(view as unknown as EditorView);
    expect(view.state.doc.toString(), "one Ctrl+Z undoes the whole pass").toBe("😀 в Москве - тест");
  });

  it("applies nothing when the text changed during the round trip", async () => {
    const view = fakeView("в Москве");
    const applied = await applyTypographyPass(view as unknown as EditorView, async () => {
      view.dispatch({ changes: { from: 0, insert: "Сегодня " } });
      return [{ from: 1, to: 2, insert: "\u00a0" }];
    });
    expect(applied).toBe("stale");
    expect(view.state.doc.toString()).toBe("Сегодня в Москве");
  });
});
