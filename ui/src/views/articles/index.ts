// The articles view: list | editor | side panel (preview, details, history, …).
import type { Article } from "../../lib/bindings/Article";
import type { MatchSpan } from "../../lib/bindings/MatchSpan";
import { h } from "../../lib/dom";
import { t } from "../../lib/i18n";
import { createArticle, getArticle } from "../../lib/ipc/articles";
import { toast } from "../../lib/toast";
import { onSyncRound } from "../../lib/ipc/sync";
import { emit, on } from "../../shell/bus";
import { mountWelcome } from "../workflow/welcome";
import { registerView, type AppContext } from "../../shell/registry";
import { registerShortcut } from "../../shell/shortcuts";
import { ArticleEditor } from "./editor";
import { acceptDroppedFiles, importButton } from "./import-button";
import { ArticleList } from "./list";
import { afterPaint, markPainted, rememberOpenArticle, takeArticleToReopen } from "./startup";
import { SidePanel } from "./panel";
import "./tabs/preview";
import "./tabs/media";
import "./tabs/details";
import "./tabs/history";

let opener: AppContext["openArticle"] | null = null;

/** Performance timeline names for "new article" (Ctrl+N → an editor taking typing). */
export const NEW_ARTICLE_MARK = "newsroom:new-article";
export const NEW_ARTICLE_MEASURE = "newsroom:new-article-editor";

/** Opens an article in the editor, at a search match if given (used by other views
 * through AppContext). */
export function openArticle(id: string, reveal?: readonly MatchSpan[]): Promise<void> {
  return opener ? opener(id, reveal) : Promise.resolve();
}

registerView({
  id: "articles",
  label: "nav.articles",
  icon: "✎",
  order: 10,
  mount(host: HTMLElement, app: AppContext) {
    let panel: SidePanel | null = null;
    const editor = new ArticleEditor({
      changed: (article) => emit("article-changed", article),
      opened: (article) => {
        list.select(article?.id ?? null);
        panel?.update(article, article ? "opened" : "closed");
        rememberOpenArticle(article?.id ?? null);
      },
      edited: () => panel?.edited(),
      replaced: (article) => panel?.update(article, "replaced"),
      saved: (article) => panel?.update(article, "saved"),
      autosaved: (result) => panel?.autosaved(result),
    });

    async function open(id: string, reveal?: readonly MatchSpan[]): Promise<void> {
      app.showView("articles");
      if (editor.article?.id !== id) {
        try {
          const article = await getArticle(id);
          if (!(await editor.open(article))) return;
        } catch (error) {
          toast(t("error.generic", { reason: (error as Error).message }), "error");
          return;
        }
      }
      // The fields are filled when the article opens; select on the next frame.
      if (reveal) requestAnimationFrame(() => editor.reveal(reveal));
    }

    async function showNew(article: Article): Promise<void> {
      list.upsert(article);
      if (await editor.open(article)) editor.focusHeadline();
    }

    async function createNew(): Promise<void> {
      app.showView("articles");
      // From the shortcut to an editor that takes typing, painted: the start-up benchmark
      // reads this measure on a fresh database, where there is no article to reopen.
      performance.mark(NEW_ARTICLE_MARK);
      if (!(await editor.flush())) return;
      try {
        await showNew(await createArticle());
        afterPaint(() => performance.measure(NEW_ARTICLE_MEASURE, NEW_ARTICLE_MARK));
      } catch (error) {
        toast(t("error.generic", { reason: (error as Error).message }), "error");
      }
    }

    const newButton = h("button", { class: "button button-primary", testid: "new-article", text: "list.new", title: "shortcuts.hint", on: { click: () => void createNew() } });
    const list = new ArticleList({
      trashed: false,
      onOpen: (id) => void open(id),
      toolbar: [newButton, importButton((article) => void showNew(article))],
      emptyText: "list.empty",
    });
    panel = new SidePanel({
      article: () => editor.article,
      draft: () => editor.draft(),
      write: (op) => editor.write(op),
      replaceArticle: (article) => editor.replaceArticle(article),
      requestPreview: (request) => editor.requestPreview(request),
      body: () => (editor.article ? editor.bodyView : null),
    });
    const listPane = h("div", { class: "list-pane", testid: "list-pane" }, list.el);
    acceptDroppedFiles(listPane, (article) => void showNew(article));
    host.append(h("div", { class: "articles-layout" }, listPane, editor.el, panel.el));
    void mountWelcome(host);

    on("article-changed", (article) => {
      list.upsert(article);
      if (article.trashed_at === null) return;
      if (editor.article?.id === article.id) editor.close();
    });
    on("articles-reload", () => void list.reload());

    // A round may have pulled a colleague's change (a send-back, an edit, a schedule): the
    // list shows it, and so does the open article — its state and rights at once, its text
    // when nothing typed here is waiting. Typed text is never replaced: it is saved first,
    // and a save over a newer version becomes a conflict the user resolves.
    async function followRound(): Promise<void> {
      void list.reload();
      const shown = editor.article;
      if (!shown) return;
      let fresh: Article;
      try {
        fresh = await getArticle(shown.id);
      } catch {
        return; // Trashed or gone: the list and the trash view say so.
      }
      if (editor.article?.id !== fresh.id || fresh.version === editor.article.version) return;
      if (!(await editor.flush())) return;
      if (editor.article?.id === fresh.id && editor.article.version === shown.version) {
        editor.replaceArticle(fresh);
      }
    }
    void onSyncRound(() => void followRound());

    registerShortcut({ keys: "mod+n", run: () => void createNew() });
    registerShortcut({ keys: "mod+s", run: () => void editor.saveRevision() });
    for (const keys of ["mod+f", "mod+k"]) {
      registerShortcut({
        keys,
        run: () => {
          app.showView("articles");
          list.search.focus();
          list.search.select();
        },
      });
    }

    opener = open;
    // Pending text is saved before the window goes away (see main.ts).
    flushers.push(() => editor.flush());
    releasers.push(() => editor.releaseLock());
    // At start-up the article open when the app last closed opens while the list loads.
    const reopening = takeArticleToReopen();
    if (reopening) {
      void editor.open(reopening).then((opened) => {
        if (opened) markPainted("editor");
      });
    }
    void list
      .reload()
      .catch(() => undefined)
      .then(() => markPainted("list"));
    return { shown: () => void list.reload() };
  },
});

const flushers: (() => Promise<boolean>)[] = [];
const releasers: (() => Promise<void>)[] = [];

/** How long a closing window waits for the site to release its lock. */
const RELEASE_WAIT_MS = 2000;

/** Releases the site's post locks this window holds (it is closing). A site that does not
 * answer in time does not hold the window open: its lock expires there by itself. */
export async function releaseAll(): Promise<void> {
  await Promise.race([
    Promise.all(releasers.map((r) => r())),
    new Promise((resolve) => setTimeout(resolve, RELEASE_WAIT_MS)),
  ]);
}

/** Saves every open editor; resolves false if something could not be saved. */
export async function flushAll(): Promise<boolean> {
  const results = await Promise.all(flushers.map((f) => f()));
  return results.every(Boolean);
}
