// Misspelled words in the body, as CodeMirror marks (class `cm-misspelled`). The checker
// runs in Rust; this extension only shows its answer and keeps the marks on their words
// while the text changes until the next answer replaces them.
import { StateEffect, StateField, type EditorState, type Extension } from "@codemirror/state";
import { Decoration, EditorView, type DecorationSet } from "@codemirror/view";

export interface SpellRange {
  from: number;
  to: number;
  word: string;
}

/** Replaces all marks (the checker's answer for the document it was asked about). */
export const setSpellMarks = StateEffect.define<SpellRange[]>();

const markField = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(marks, tr) {
    let next = marks.map(tr.changes);
    for (const effect of tr.effects) {
      if (effect.is(setSpellMarks)) {
        const length = tr.state.doc.length;
        next = Decoration.set(
          effect.value
            .filter((r) => r.from < r.to && r.to <= length)
            .map((r) =>
              Decoration.mark({ class: "cm-misspelled", attributes: { "data-word": r.word } }).range(r.from, r.to),
            ),
          true,
        );
      }
    }
    return next;
  },
  provide: (field) => EditorView.decorations.from(field),
});

/** The marked word at `pos`, if any (for the suggestions menu). */
export function spellMarkAt(state: EditorState, pos: number): SpellRange | null {
  let found: SpellRange | null = null;
  state.field(markField, false)?.between(pos, pos, (from, to, deco) => {
    if (from <= pos && pos <= to) {
      found = { from, to, word: String(deco.spec.attributes?.["data-word"] ?? state.sliceDoc(from, to)) };
      return false;
    }
    return undefined;
  });
  return found;
}

export function spellMarks(): Extension {
  return markField;
}
