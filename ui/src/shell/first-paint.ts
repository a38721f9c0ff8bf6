// The first paint of what the user came for (the article list): the shell mounts its other
// views after it, so their queries do not compete with the list's. The articles view says
// when (`firstPaintDone`); if it never does, the rest mounts after FALLBACK_MS anyway.
const FALLBACK_MS = 2000;

let done: () => void = () => undefined;

/** Resolves once the first view has painted, or after FALLBACK_MS. */
export const firstPaint = new Promise<void>((resolve) => {
  done = resolve;
  setTimeout(resolve, FALLBACK_MS);
});

export function firstPaintDone(): void {
  done();
}
