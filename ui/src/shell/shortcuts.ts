// Global keyboard shortcuts. Handled in the capture phase so they work while the focus is
// in an input or in CodeMirror (whose own bindings would otherwise take Ctrl+F).

export interface Shortcut {
  /** e.g. "mod+n": mod is Ctrl (or Cmd on macOS). */
  keys: string;
  run(): void;
}

const shortcuts: Shortcut[] = [];

export function registerShortcut(shortcut: Shortcut): void {
  shortcuts.push(shortcut);
}

/** "mod+shift+k" for a key event, in the same spelling as Shortcut.keys. */
export function describeKey(e: Pick<KeyboardEvent, "key" | "code" | "ctrlKey" | "metaKey" | "shiftKey" | "altKey">): string {
  const parts: string[] = [];
  if (e.ctrlKey || e.metaKey) parts.push("mod");
  if (e.altKey) parts.push("alt");
  if (e.shiftKey) parts.push("shift");
  // With a Russian layout e.key is "т" for the N key; e.code names the physical key.
  const fromCode = /^Key([A-Z])$/.exec(e.code ?? "");
  parts.push(fromCode ? fromCode[1].toLowerCase() : e.key.toLowerCase());
  return parts.join("+");
}

export function installShortcuts(target: Window = window): void {
  target.addEventListener(
    "keydown",
    (e) => {
      const keys = describeKey(e);
      const match = shortcuts.find((s) => s.keys === keys);
      if (!match) return;
      e.preventDefault();
      e.stopPropagation();
      match.run();
    },
    { capture: true },
  );
}
