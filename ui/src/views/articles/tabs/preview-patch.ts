// Puts a new rendering of the article into the preview by replacing only the top-level
// blocks that changed. Setting `innerHTML` to the whole article after each pause in typing
// made WebKit parse, build and lay out every paragraph again (about 750 nodes on a
// 10,000-word article), on the thread the editor's keystrokes wait for; a typed word
// changes one block. Rust sends the rendering already cut into its top-level blocks
// (`Preview.blocks`); they are compared with the blocks shown, and only the changed middle
// is parsed.

/** How many blocks at the start (`prefix`) and at the end (`suffix`) of `next` equal those
 * of `shown`; the two never overlap, in either list. */
export function unchangedEnds<T>(
  shown: readonly T[],
  next: readonly T[],
  equal: (a: T, b: T) => boolean,
): { prefix: number; suffix: number } {
  const most = Math.min(shown.length, next.length);
  let prefix = 0;
  while (prefix < most && equal(shown[prefix], next[prefix])) prefix += 1;
  let suffix = 0;
  while (
    suffix < most - prefix &&
    equal(shown[shown.length - 1 - suffix], next[next.length - 1 - suffix])
  ) {
    suffix += 1;
  }
  return { prefix, suffix };
}

/** The blocks each host shows, one per child node, in order. */
const shownBlocks = new WeakMap<HTMLElement, readonly string[]>();

function parse(html: string): Node[] {
  const template = document.createElement("template");
  template.innerHTML = html;
  return Array.from(template.content.childNodes);
}

/** Makes `host` show the rendering `next`, in its top-level blocks (safe to parse: Rust's
 * sanitizer made them), replacing only the blocks that changed since the last call for
 * this host. Returns how many top-level nodes were built, for tests. */
export function patchBlocks(host: HTMLElement, next: readonly string[]): number {
  const shown = shownBlocks.get(host);
  if (shown && shown.length === host.childNodes.length) {
    const { prefix, suffix } = unchangedEnds(shown, next, (a, b) => a === b);
    const fresh = parse(next.slice(prefix, next.length - suffix).join(""));
    // Each top-level block parses to exactly one node; if not, start over below.
    if (fresh.length === next.length - prefix - suffix) {
      const old = Array.from(host.childNodes).slice(prefix, shown.length - suffix);
      const before = suffix > 0 ? host.childNodes[shown.length - suffix] : null;
      for (const node of old) node.remove();
      const fragment = document.createDocumentFragment();
      fragment.append(...fresh);
      host.insertBefore(fragment, before);
      shownBlocks.set(host, next);
      return fresh.length;
    }
  }
  const nodes = parse(next.join(""));
  host.replaceChildren(...nodes);
  if (next.length === nodes.length) shownBlocks.set(host, next);
  else shownBlocks.delete(host);
  return nodes.length;
}

/** Forgets what `host` shows (after something else changed its children). */
export function forgetShown(host: HTMLElement): void {
  shownBlocks.delete(host);
}

/** The preview card's minimum height, in px, for content `natural` px tall, given the one
 * set now (`current`, 0 for none): a multiple of `step` above `natural`, kept while the
 * content stays within one step below it. WebKit rebuilds the scrolled panel's tiles when
 * its content's height changes (0.5–1.6 s on a 10,000-word preview in software
 * compositing, measured), which a new line in the paragraph being typed did every few
 * seconds; with the card's height in steps, a typed line almost never changes it. A short
 * preview (one step or less) gets no reserve. */
export function steppedMinHeight(natural: number, current: number, step: number): number {
  if (natural <= step) return 0;
  if (current >= natural && current - natural < step) return current;
  return (Math.floor(natural / step) + 1) * step;
}
