// App-wide notifications between views that do not know each other (the list learns that
// the editor saved; the trash learns that an article was trashed).
import type { Article } from "../lib/bindings/Article";
import type { WordTarget } from "../lib/bindings/WordTarget";

export interface BusEvents {
  /** An article was created, saved, trashed, restored or changed by any module. */
  "article-changed": Article;
  /** Many articles may have changed (an import, a sync pull): lists should reload. */
  "articles-reload": void;
  /** An article's word-count target was set or cleared. */
  "word-target-changed": { id: string; target: WordTarget | null };
  /** An article's images were inserted, described, featured or removed. */
  "images-changed": { id: string };
  /** An article's notes were read: its "new notes" badge goes. */
  "notes-seen": { id: string };
}

type Handler<T> = (payload: T) => void;
const handlers = new Map<keyof BusEvents, Set<Handler<never>>>();

export function on<K extends keyof BusEvents>(event: K, handler: Handler<BusEvents[K]>): () => void {
  let set = handlers.get(event);
  if (!set) handlers.set(event, (set = new Set()));
  set.add(handler as Handler<never>);
  return () => set.delete(handler as Handler<never>);
}

export function emit<K extends keyof BusEvents>(event: K, payload: BusEvents[K]): void {
  handlers.get(event)?.forEach((h) => (h as Handler<BusEvents[K]>)(payload));
}
