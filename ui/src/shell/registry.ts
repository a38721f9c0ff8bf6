// Where screens plug in. A domain adds a top-level view (nav entry) with registerView, or a
// tab beside the article editor with registerArticleTab, from its own module imported in
// main.ts. See ui/README.md.
import type { Article } from "../lib/bindings/Article";
import type { EditorView } from "@codemirror/view";
import type { ArticleDraft } from "../lib/bindings/ArticleDraft";
import type { MatchSpan } from "../lib/bindings/MatchSpan";
import type { DraftSaved } from "../lib/bindings/DraftSaved";
import type { PreviewRequest } from "../lib/bindings/PreviewRequest";
import type { MessageKey } from "../lib/i18n";

/** Things any view may ask of the app. */
export interface AppContext {
  /** Switches to the articles view and opens the article (saving the open one first). */
  openArticle(id: string, reveal?: readonly MatchSpan[]): Promise<void>;
  showView(id: string): void;
}

export interface ViewHandle {
  /** The view became visible (e.g. refresh its data). */
  shown?(): void;
  hidden?(): void;
  /** A small element shown on the view's nav entry and kept current by the view (e.g. the
   * site's "3 not yet synced"), so the state is visible from every screen. */
  badge?: HTMLElement;
}

export interface ViewSpec {
  id: string;
  label: MessageKey;
  /** A short glyph for the nav rail: one DejaVu Sans draws (a fresh Debian has no emoji font). */
  icon: string;
  /** Position in the nav rail; core views use 10, 20, …. */
  order: number;
  /** Called once; the view stays mounted (hidden) when another view is shown. */
  mount(host: HTMLElement, app: AppContext): ViewHandle;
}

/** What a tab beside the editor can see and do. */
export interface ArticleTabContext {
  /** The open article as last loaded or saved (version, status, timestamps). */
  article(): Article | null;
  /** The fields as they are in the editor now, saved or not. */
  draft(): ArticleDraft | null;
  /** Runs a store write after pending edits are saved, in order with autosaves, and
   * passes it the current version (for the optimistic check). */
  write<T>(op: (article: Article) => Promise<T>): Promise<T>;
  /** Puts an article returned by the store into the editor (after a restore, a workflow
   * action, a sync pull…). */
  replaceArticle(article: Article): void;
  /** What the next autosaves should render for the preview along with the save (one round
   * trip per pause in typing); null: no preview. The preview tab sets this while shown. */
  requestPreview(request: PreviewRequest | null): void;
  /** The body's CodeMirror view, for editor features (typography, export of a selection);
   * null when no article is open. */
  body(): EditorView | null;
}

export type ArticleChange = "opened" | "saved" | "replaced" | "closed";

export interface ArticleTabHandle {
  /** The open article changed; `article` is null when none is open. */
  update(article: Article | null, change: ArticleChange): void;
  /** The author edited a field (debounced). */
  edited?(): void;
  /** An autosave finished: the saved body's counts, and its preview when one was requested. */
  autosaved?(result: DraftSaved): void;
  shown?(): void;
  hidden?(): void;
}

export interface ArticleTabSpec {
  id: string;
  label: MessageKey;
  order: number;
  mount(host: HTMLElement, ctx: ArticleTabContext): ArticleTabHandle;
}

const views: ViewSpec[] = [];
const articleTabs: ArticleTabSpec[] = [];

function insertSorted<T extends { id: string; order: number }>(list: T[], item: T): void {
  if (list.some((x) => x.id === item.id)) throw new Error(`"${item.id}" is registered twice`);
  list.push(item);
  list.sort((a, b) => a.order - b.order);
}

export function registerView(spec: ViewSpec): void {
  insertSorted(views, spec);
}

export function registerArticleTab(spec: ArticleTabSpec): void {
  insertSorted(articleTabs, spec);
}

export function registeredViews(): readonly ViewSpec[] {
  return views;
}

export function registeredArticleTabs(): readonly ArticleTabSpec[] {
  return articleTabs;
}
