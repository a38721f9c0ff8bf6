// The typography pass on the body: Rust computes the edits (UTF-16 offsets of the text it
// was sent, which is what CodeMirror counts in) and they are applied as one transaction,
// so one Ctrl+Z undoes the pass and the cursor stays where it was.
import type { EditorView } from "@codemirror/view";

export interface TextChange {
  from: number;
  to: number;
  insert: string;
}

/** What the pass did: how many edits it applied, or "stale" when the text changed while
 * Rust was working (nothing is applied then). */
export type TypographyResult = number | "stale";

export async function applyTypographyPass(
  view: EditorView,
  editsFor: (text: string) => Promise<TextChange[]>,
): Promise<TypographyResult> {
  const before = view.state.doc;
  const changes = await editsFor(before.toString());
  // A keystroke during the round trip moves the offsets: refuse rather than misplace them.
  if (!view.state.doc.eq(before)) return "stale";
  if (changes.length > 0) view.dispatch({ changes, userEvent: "input.typography" });
  return changes.length;
}
