// The start-up path. The app's status brings the article that was open when the app last
// closed (Rust remembers it per data directory); the editor opens it while the list loads.
// When each is painted the window tells Rust, which logs the process's age and, after the
// list, starts what the first paint did not need (the scheduler, sync, the search index).
// `tests/bench/window.py` reads those marks from the app's log.
import type { Article } from "../../lib/bindings/Article";
import { rememberOpenArticle as remember, startupMark } from "../../lib/ipc/app";
import { firstPaintDone } from "../../shell/first-paint";

let reopening: Article | null = null;
let remembered: string | null = null;

/** The article to reopen, from the app's status (once, at start-up). */
export function setArticleToReopen(article: Article | null): void {
  reopening = article;
  remembered = article?.id ?? null;
}

/** Takes the article to reopen; null after the first call. */
export function takeArticleToReopen(): Article | null {
  const article = reopening;
  reopening = null;
  return article;
}

/** Remembers the article now open (`null`: none) for the next start. */
export function rememberOpenArticle(id: string | null): void {
  if (id === remembered) return;
  remembered = id;
  // Reopening is a convenience; a failed write only means an empty editor next time.
  remember(id).catch(() => undefined);
}

/** Runs `then` once the frame being prepared has been painted. */
export function afterPaint(then: () => void): void {
  requestAnimationFrame(() => setTimeout(then, 0));
}

/** Tells Rust the list (or the editor) is on screen, once painted; the list also lets the
 * shell mount its other views. */
export function markPainted(stage: "list" | "editor"): void {
  afterPaint(() => {
    void startupMark(stage).catch(() => undefined);
    if (stage === "list") firstPaintDone();
  });
}
