// The body editor: CodeMirror 6 with Markdown highlighting. Each feature is a small
// extension; this file only assembles them.
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import { markdown, markdownLanguage } from "@codemirror/lang-markdown";
import { syntaxHighlighting } from "@codemirror/language";
import { Compartment, EditorState, Prec, type Extension } from "@codemirror/state";
import {
  drawSelection,
  EditorView,
  highlightActiveLine,
  keymap,
  placeholder as placeholderExt,
} from "@codemirror/view";
import { endListOnEmptyItem } from "./list-exit";
import { editorTheme, markdownHighlight } from "./theme";

export interface MarkdownEditor {
  readonly view: EditorView;
  text(): string;
  /** Replaces the whole text without notifying `onChange` (loading an article). */
  setText(text: string): void;
  /** Read-only: the text can be read, selected and copied, but not changed. */
  setReadOnly(readOnly: boolean): void;
  readonly readOnly: boolean;
  focus(): void;
  destroy(): void;
}

export interface MarkdownEditorOptions {
  parent: HTMLElement;
  /** Called on every user edit with the time of the input that made it (`Date.now()`'s
   * clock; see `inputTime`). Must be cheap: no doc.toString() here on a long read. */
  onChange: (at: number) => void;
  placeholder?: string;
  extensions?: Extension[];
}

/** How long after an input event a change still counts as made by it, in ms. */
const INPUT_TO_CHANGE_MS = 100;

/** An input event's time on `Date.now()`'s clock. */
export function eventTime(event: Event): number {
  return performance.timeOrigin + event.timeStamp;
}

/** When the user made a change the editor reports at `now`: the last input event's time if
 * it came just before (CodeMirror reports a typed key some milliseconds after the key, once
 * it has read and drawn it), else `now` (a command or an answer from Rust changed the text). */
export function inputTime(lastInputAt: number, now: number): number {
  return lastInputAt <= now && now - lastInputAt <= INPUT_TO_CHANGE_MS ? lastInputAt : now;
}

export function createMarkdownEditor(options: MarkdownEditorOptions): MarkdownEditor {
  let loading = false;
  let lastInputAt = 0;
  const listener = EditorView.updateListener.of((update) => {
    if (update.docChanged && !loading) options.onChange(inputTime(lastInputAt, Date.now()));
  });
  // Whether the text may be changed lives in a compartment, so it can be switched without
  // rebuilding the editor (which would lose the selection and undo history), and is
  // carried into the fresh state each article load creates.
  const editability = new Compartment();
  let readOnly = false;
  const editabilityFor = (ro: boolean): Extension => [
    // readOnly stops every change through the state (typing, paste, drop, commands);
    // editable=false also tells assistive technology and hides the caret.
    EditorState.readOnly.of(ro),
    EditorView.editable.of(!ro),
  ];
  const base: Extension[] = [
        history(),
        drawSelection(),
        highlightActiveLine(),
        EditorView.lineWrapping,
        // Ahead of the Markdown keymap (which markdown() adds at high precedence).
        Prec.highest(keymap.of([{ key: "Enter", run: endListOnEmptyItem }])),
        markdown({ base: markdownLanguage }),
        syntaxHighlighting(markdownHighlight),
        editorTheme,
        keymap.of([...defaultKeymap, ...historyKeymap, indentWithTab]),
        // The spell check is ours (Rust, Hunspell dictionaries; see editor/spell-marks.ts), so
        // WebKit's own is off: one set of marks, one menu.
        EditorView.contentAttributes.of({ spellcheck: "false", "data-testid": "body-editor" }),
        placeholderExt(options.placeholder ?? ""),
        listener,
  ];
  const extensions = (): Extension[] => [base, editability.of(editabilityFor(readOnly)), ...(options.extensions ?? [])];
  const view = new EditorView({ parent: options.parent, state: EditorState.create({ doc: "", extensions: extensions() }) });
  // The events that change the text, in the capture phase: the time is the user's.
  for (const type of ["keydown", "beforeinput", "compositionend", "paste", "cut", "drop"]) {
    view.contentDOM.addEventListener(type, (event) => (lastInputAt = eventTime(event)), true);
  }

  return {
    view,
    text: () => view.state.doc.toString(),
    setText(text: string) {
      loading = true;
      try {
        // A fresh state drops the undo history of the previous article.
        view.setState(EditorState.create({ doc: text, extensions: extensions() }));
      } finally {
        loading = false;
      }
    },
    setReadOnly(next: boolean) {
      if (next === readOnly) return;
      readOnly = next;
      view.dispatch({ effects: editability.reconfigure(editabilityFor(next)) });
    },
    get readOnly() {
      return readOnly;
    },
    focus: () => view.focus(),
    destroy: () => view.destroy(),
  };
}
