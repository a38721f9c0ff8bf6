import { EditorState } from "@codemirror/state";
import { describe, expect, it } from "vitest";
import { setSpellMarks, spellMarkAt, spellMarks } from "./spell-marks";

describe("spell marks", () => {
  it("follow their word while the text before it changes", () => {
    let state = EditorState.create({ doc: "Привет Масква", extensions: [spellMarks()] });
    state = state.update({ effects: setSpellMarks.of([{ from: 7, to: 13, word: "Масква" }]) }).state;
    expect(spellMarkAt(state, 9)?.word).toBe("Масква");
    expect(spellMarkAt(state, 2)).toBeNull();
    state = state.update({ changes: { from: 0, insert: "Ну, " } }).state;
    expect(spellMarkAt(state, 13)).toEqual({ from: 11, to: 17, word: "Масква" });
  });

  it("drop ranges past the end of the document", () => {
    let state = EditorState.create({ doc: "коротко", extensions: [spellMarks()] });
    state = state.update({ effects: setSpellMarks.of([{ from: 3, to: 40, word: "x" }]) }).state;
    expect(spellMarkAt(state, 4)).toBeNull();
  });
});
