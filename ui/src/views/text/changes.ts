// Turning "the whole new text" from Rust into small CodeMirror changes, so applying the
// typography pass is one transaction (one Ctrl+Z) that keeps the cursor where it was.

export interface TextChange {
  from: number;
  to: number;
  insert: string;
}

/**
 * The changes that turn `before` into `after`, one per changed line and trimmed to the part
 * that differs. Typography never adds or removes lines; if the line counts differ anyway,
 * the whole text is replaced.
 */
export function lineChanges(before: string, after: string): TextChange[] {
  if (before === after) return [];
  const a = before.split("\n");
  const b = after.split("\n");
  if (a.length !== b.length) return [{ from: 0, to: before.length, insert: after }];
  const changes: TextChange[] = [];
  let offset = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x !== y) {
      let prefix = 0;
      while (prefix < x.length && prefix < y.length && x[prefix] === y[prefix]) prefix++;
      let suffix = 0;
      while (
        suffix < x.length - prefix &&
        suffix < y.length - prefix &&
        x[x.length - 1 - suffix] === y[y.length - 1 - suffix]
      ) {
        suffix++;
      }
      changes.push({ from: offset + prefix, to: offset + x.length - suffix, insert: y.slice(prefix, y.length - suffix) });
    }
    offset += x.length + 1;
  }
  return changes;
}

/** Applies changes (sorted, non-overlapping, positions in the old text) to a string. */
export function applyChanges(text: string, changes: readonly TextChange[]): string {
  let out = "";
  let pos = 0;
  for (const change of changes) {
    out += text.slice(pos, change.from) + change.insert;
    pos = change.to;
  }
  return out + text.slice(pos);
}
