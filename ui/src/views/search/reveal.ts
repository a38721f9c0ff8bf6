// Jumping to a search match in the open article: selects the matched word in the
// headline, dek or body and scrolls it into view. Offsets are UTF-16 units, as the search
// command returns them and as JavaScript strings and CodeMirror count.
import { EditorSelection } from "@codemirror/state";
import { EditorView } from "@codemirror/view";
import type { MatchSpan } from "../../lib/bindings/MatchSpan";

/** The editor's fields, found by the test ids the articles view gives them. */
function field(testid: string): HTMLElement | null {
  return document.querySelector<HTMLElement>(`[data-testid="editor"] [data-testid="${testid}"]`);
}

function revealInBody(span: MatchSpan): boolean {
  const host = field("body")?.querySelector<HTMLElement>(".cm-editor");
  const view = host ? EditorView.findFromDOM(host) : null;
  if (!view) return false;
  const length = view.state.doc.length;
  const from = Math.min(span.start, length);
  const to = Math.min(span.end, length);
  view.dispatch({
    selection: EditorSelection.single(from, to),
    effects: EditorView.scrollIntoView(from, { y: "center" }),
  });
  view.focus();
  return true;
}

function revealInInput(testid: string, span: MatchSpan): boolean {
  const input = field(testid);
  if (!(input instanceof HTMLInputElement || input instanceof HTMLTextAreaElement)) return false;
  input.focus();
  input.setSelectionRange(span.start, span.end);
  return true;
}

/** Selects the first body match (where the reader wants to go), else the first match. */
export function revealMatch(matches: readonly MatchSpan[]): boolean {
  const span = matches.find((m) => m.field === "body") ?? matches[0];
  if (!span) return false;
  return span.field === "body" ? revealInBody(span) : revealInInput(span.field, span);
}
