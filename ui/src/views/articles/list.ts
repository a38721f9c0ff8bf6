// The article list: newest change first, filter box, new and import buttons. Used by the
// articles view (live articles) and the trash view (trashed ones, with a restore button).
// A live article with notes from colleagues not read here yet carries a badge.
import type { ArticleSummary } from "../../lib/bindings/ArticleSummary";
import type { Article } from "../../lib/bindings/Article";
import { debounce, h } from "../../lib/dom";
import { formatDateTime, onLocaleChange, t, type MessageKey } from "../../lib/i18n";
import { listArticles } from "../../lib/ipc/articles";
import { unreadNotes } from "../../lib/ipc/desk";
import { onSyncRound } from "../../lib/ipc/sync";
import { toast } from "../../lib/toast";
import { on } from "../../shell/bus";

export interface ArticleListOptions {
  trashed: boolean;
  onOpen?(id: string): void;
  /** Extra controls (buttons) under the search box. */
  toolbar?: HTMLElement[];
  /** A button per row (the trash's "restore"). */
  rowAction?: { label: MessageKey; testid: string; run(id: string): void };
  emptyText: MessageKey;
}

const FILTER_DEBOUNCE_MS = 150;

export function statusLabel(status: string): string {
  const key = `status.${status}` as MessageKey;
  const text = t(key);
  return text === key ? status : text;
}

export function summaryOf(article: Article): ArticleSummary {
  return {
    id: article.id,
    headline: article.headline,
    status: article.status,
    word_count: article.word_count,
    updated_at: article.updated_at,
    trashed_at: article.trashed_at,
  };
}

export class ArticleList {
  readonly el: HTMLElement;
  readonly search: HTMLInputElement;
  private readonly rows: HTMLElement;
  private readonly footer: HTMLElement;
  private items: ArticleSummary[] = [];
  private total = 0;
  private selected: string | null = null;
  private loadSeq = 0;
  /** Unread notes from the site per article id (live lists only). */
  private unread = new Map<string, number>();
  private unreadSeq = 0;

  constructor(private readonly options: ArticleListOptions) {
    const reload = debounce(() => void this.reload(), FILTER_DEBOUNCE_MS);
    this.search = h("input", {
      class: "list-search",
      testid: options.trashed ? "trash-search" : "list-search",
      placeholder: "list.search",
      attrs: { type: "search", autocomplete: "off" },
      on: { input: reload },
    });
    this.rows = h("ul", { class: "article-rows", testid: options.trashed ? "trash-rows" : "article-rows", attrs: { role: "listbox" } });
    this.footer = h("div", { class: "list-footer", testid: "list-count" });
    this.el = h(
      "div",
      { class: "article-list" },
      h("div", { class: "list-head" }, this.search, h("div", { class: "list-toolbar" }, ...(options.toolbar ?? []))),
      this.rows,
      this.footer,
    );
    onLocaleChange(() => this.render());
    if (!options.trashed) {
      // Notes arrive with sync rounds; reading an article's thread clears its badge.
      void onSyncRound(() => void this.reloadUnread());
      on("notes-seen", () => void this.reloadUnread());
    }
  }

  /** Asks which articles have new notes, and redraws the badges. */
  async reloadUnread(): Promise<void> {
    if (this.options.trashed) return;
    const seq = ++this.unreadSeq;
    try {
      const unread = await unreadNotes();
      if (seq !== this.unreadSeq) return;
      this.unread = new Map(unread.map((u) => [u.article_id, u.count]));
      this.render();
    } catch {
      // The badges are a hint; the thread itself shows every note.
    }
  }

  get filter(): string {
    return this.search.value.trim();
  }

  async reload(): Promise<void> {
    const seq = ++this.loadSeq;
    try {
      const page = await listArticles({ trashed: this.options.trashed, filter: this.filter || null });
      if (seq !== this.loadSeq) return; // a newer query is on its way
      this.items = page.items;
      this.total = page.total;
      this.render();
      void this.reloadUnread();
    } catch (error) {
      toast(t("error.generic", { reason: (error as Error).message }), "error");
    }
  }

  select(id: string | null): void {
    this.selected = id;
    this.rows.querySelectorAll<HTMLElement>(".article-row").forEach((row) => this.markSelected(row));
  }

  /** Updates one article in place (a save), moving it where the order puts it. */
  upsert(article: Article): void {
    const belongs = (article.trashed_at !== null) === this.options.trashed;
    const index = this.items.findIndex((x) => x.id === article.id);
    // Each autosave lands here: only the article's own row is rebuilt, not the whole page of
    // rows (a full render on every pause in typing cost milliseconds on the thread the
    // preview's frame waits for). The rows mirror `items` one to one unless the list is empty.
    const mirrored = this.items.length > 0 && this.rows.children.length === this.items.length;
    if (index >= 0) {
      this.items.splice(index, 1);
      if (mirrored) this.rows.children[index].remove();
    }
    const matches = !this.filter || article.headline.toLowerCase().includes(this.filter.toLowerCase());
    let added: HTMLElement | null = null;
    if (belongs && (matches || index >= 0)) {
      const item = summaryOf(article);
      this.items.unshift(item);
      if (index < 0) this.total += 1;
      added = this.row(item);
    } else if (index >= 0) {
      this.total -= 1;
    }
    if (!mirrored || this.items.length === 0) {
      this.render();
      return;
    }
    if (added) {
      this.rows.prepend(added);
      this.markSelected(added);
    }
    this.renderFooter();
  }

  private render(): void {
    const rows = this.items.map((item) => this.row(item));
    if (rows.length === 0) {
      const text = this.filter ? t("list.emptyFiltered", { filter: this.filter }) : t(this.options.emptyText);
      this.rows.replaceChildren(h("li", { class: "list-empty", testid: "list-empty" }, text));
    } else {
      this.rows.replaceChildren(...rows);
    }
    this.renderFooter();
    this.select(this.selected);
  }

  private renderFooter(): void {
    this.footer.textContent = this.total > 0 ? t("list.count", { shown: this.items.length, total: this.total }) : "";
  }

  private markSelected(row: HTMLElement): void {
    row.classList.toggle("selected", row.dataset.id === this.selected);
    row.setAttribute("aria-selected", String(row.dataset.id === this.selected));
  }

  private row(item: ArticleSummary): HTMLElement {
    const when = this.options.trashed && item.trashed_at ? t("trash.trashedAt", { when: formatDateTime(item.trashed_at) }) : formatDateTime(item.updated_at);
    const action = this.options.rowAction;
    const li = h(
      "li",
      {
        class: "article-row",
        testid: "article-row",
        attrs: { role: "option", "data-id": item.id, tabindex: "0" },
        on: {
          click: () => this.options.onOpen?.(item.id),
          keydown: (e) => {
            if (e.key === "Enter") this.options.onOpen?.(item.id);
          },
        },
      },
      h("div", { class: "row-headline", testid: "row-headline" }, item.headline || t("list.untitled")),
      h(
        "div",
        { class: "row-meta" },
        h("span", { class: `status-badge status-${item.status}`, testid: "row-status" }, statusLabel(item.status)),
        h("span", { class: "row-time" }, when),
        h("span", { class: "row-words" }, t("list.words", { count: item.word_count })),
        this.unreadBadge(item.id),
      ),
      action
        ? h("button", {
            class: "button button-small",
            testid: action.testid,
            text: action.label,
            on: {
              click: (e) => {
                e.stopPropagation();
                action.run(item.id);
              },
            },
          })
        : null,
    );
    if (!item.headline) li.querySelector(".row-headline")?.classList.add("untitled");
    return li;
  }

  private unreadBadge(id: string): HTMLElement | null {
    const count = this.unread.get(id) ?? 0;
    if (count === 0) return null;
    const text = t("desk.unread", { count });
    return h("span", { class: "note-badge", testid: "row-notes", attrs: { title: text, "data-count": String(count), "aria-label": text } }, `✉ ${count}`);
  }
}
