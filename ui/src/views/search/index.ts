// The search screen: a box with results as you type, filters, highlighted snippets;
// opening a result opens the article and selects the first match in the editor.
import type { SearchHit } from "../../lib/bindings/SearchHit";
import type { SearchQuery } from "../../lib/bindings/SearchQuery";
import { debounce, h } from "../../lib/dom";
import { formatDateTime, onLocaleChange, t } from "../../lib/i18n";
import { searchArticles } from "../../lib/ipc/search";
import { registerView, type AppContext } from "../../shell/registry";
import { statusLabel } from "../articles/list";
import "./search.css";

const TYPE_DEBOUNCE_MS = 120;
const PAGE = 20;
const STATUSES = ["draft", "in_review", "changes_requested", "approved", "scheduled", "published", "withdrawn"];

/** `YYYY-MM-DD` from a date input as the UTC instant of that local midnight. */
function dayStart(value: string, plusDays = 0): string | undefined {
  if (!value) return undefined;
  const [y, m, d] = value.split("-").map(Number);
  const date = new Date(y, m - 1, d + plusDays);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

class SearchScreen {
  readonly el: HTMLElement;
  private readonly box: HTMLInputElement;
  private readonly status: HTMLSelectElement;
  private readonly tag: HTMLInputElement;
  private readonly author: HTMLInputElement;
  private readonly from: HTMLInputElement;
  private readonly to: HTMLInputElement;
  private readonly trashed: HTMLInputElement;
  private readonly newest: HTMLInputElement;
  private readonly results: HTMLElement;
  private readonly summary: HTMLElement;
  private readonly more: HTMLButtonElement;
  private hits: SearchHit[] = [];
  private total = 0;
  private seq = 0;
  private lastText = "";

  constructor(private readonly app: AppContext) {
    const run = debounce(() => void this.search(), TYPE_DEBOUNCE_MS);
    const now = () => void this.search();
    this.box = h("input", {
      class: "search-box",
      testid: "search-box",
      placeholder: "search.placeholder",
      attrs: { type: "search", autocomplete: "off", spellcheck: "false" },
      on: { input: run },
    });
    this.status = h("select", { class: "search-filter", testid: "search-status", title: "search.status", on: { change: now } });
    this.tag = h("input", { class: "search-filter", testid: "search-tag", placeholder: "search.tag", attrs: { type: "text" }, on: { input: run } });
    this.author = h("input", { class: "search-filter", testid: "search-author", placeholder: "search.author", attrs: { type: "text" }, on: { input: run } });
    this.from = h("input", { class: "search-filter", testid: "search-from", title: "search.from", attrs: { type: "date" }, on: { change: now } });
    this.to = h("input", { class: "search-filter", testid: "search-to", title: "search.to", attrs: { type: "date" }, on: { change: now } });
    this.trashed = h("input", { testid: "search-trashed", attrs: { type: "checkbox" }, on: { change: now } });
    this.newest = h("input", { testid: "search-newest", attrs: { type: "checkbox" }, on: { change: now } });
    this.results = h("ol", { class: "search-results", testid: "search-results" });
    this.summary = h("div", { class: "search-summary", testid: "search-count" });
    this.more = h("button", { class: "button", testid: "search-more", text: "search.more", on: { click: () => void this.search(true) } });
    this.more.hidden = true;
    this.fillStatuses();
    this.el = h(
      "div",
      { class: "search-layout" },
      h("h2", { class: "view-title", text: "search.title" }),
      this.box,
      h(
        "div",
        { class: "search-filters" },
        this.status,
        this.tag,
        this.author,
        h("label", { class: "search-check" }, h("span", { text: "search.from" }), this.from),
        h("label", { class: "search-check" }, h("span", { text: "search.to" }), this.to),
        h("label", { class: "search-check" }, this.trashed, h("span", { text: "search.trash" })),
        h("label", { class: "search-check" }, this.newest, h("span", { text: "search.newest" })),
      ),
      this.summary,
      this.results,
      this.more,
    );
    onLocaleChange(() => {
      this.fillStatuses();
      this.render();
    });
    this.render();
  }

  focus(): void {
    this.box.focus();
    this.box.select();
  }

  private fillStatuses(): void {
    const chosen = this.status.value;
    const any = h("option", { attrs: { value: "" } }, t("search.anyStatus"));
    const options = STATUSES.map((s) => h("option", { attrs: { value: s } }, statusLabel(s)));
    this.status.replaceChildren(any, ...options);
    this.status.value = chosen;
  }

  private query(offset: number): SearchQuery {
    const text = (el: HTMLInputElement) => el.value.trim() || undefined;
    return {
      text: this.box.value,
      status: this.status.value || undefined,
      tag: text(this.tag),
      author: text(this.author),
      from: dayStart(this.from.value),
      to: dayStart(this.to.value, 1),
      trashed: this.trashed.checked,
      sort: this.newest.checked ? "newest" : "relevance",
      limit: PAGE,
      offset,
    };
  }

  private hasCriteria(): boolean {
    const q = this.query(0);
    return Boolean(q.text.trim() || q.status || q.tag || q.author || q.from || q.to || q.trashed);
  }

  /** Runs the search; `append` fetches the next page. Older answers are dropped. */
  async search(append = false): Promise<void> {
    const seq = ++this.seq;
    if (!this.hasCriteria()) {
      this.hits = [];
      this.total = 0;
      this.lastText = "";
      this.render();
      return;
    }
    const query = this.query(append ? this.hits.length : 0);
    try {
      const found = await searchArticles(query);
      if (seq !== this.seq) return;
      this.hits = append ? [...this.hits, ...found.hits] : found.hits;
      this.total = found.total;
      this.lastText = query.text.trim();
      this.render();
    } catch (error) {
      if (seq !== this.seq) return;
      this.summary.textContent = t("search.failed", { reason: (error as Error).message });
      this.summary.classList.add("search-error");
    }
  }

  private render(): void {
    this.summary.classList.remove("search-error");
    if (!this.hasCriteria()) {
      this.summary.textContent = t("search.hint");
      this.results.replaceChildren();
      this.more.hidden = true;
      return;
    }
    this.summary.textContent =
      this.total === 0 ? t("search.none", { text: this.lastText }) : t("search.count", { count: this.total });
    this.results.replaceChildren(...this.hits.map((hit) => this.row(hit)));
    this.more.hidden = this.hits.length >= this.total;
  }

  private row(hit: SearchHit): HTMLElement {
    const headline = h("div", { class: "search-headline", testid: "search-headline" });
    // Built by the search crate from escaped text plus <mark> tags only.
    headline.innerHTML = hit.headline_html || t("list.untitled");
    const snippet = h("div", { class: "search-snippet", testid: "search-snippet" });
    snippet.innerHTML = hit.snippet_html;
    const meta = h(
      "div",
      { class: "search-meta" },
      h("span", { class: `status-badge status-${hit.status}` }, statusLabel(hit.status)),
      hit.byline ? h("span", {}, hit.byline) : null,
      h("span", {}, formatDateTime(hit.updated_at)),
      ...hit.tags.map((tag) => h("span", { class: "search-tag" }, `#${tag}`)),
    );
    const open = () => void this.open(hit);
    return h(
      "li",
      {
        class: "search-hit",
        testid: "search-hit",
        attrs: { tabindex: "0", "data-id": hit.article_id },
        on: { click: open, keydown: (e) => e.key === "Enter" && open() },
      },
      headline,
      snippet,
      meta,
    );
  }

  private async open(hit: SearchHit): Promise<void> {
    await this.app.openArticle(hit.article_id, hit.matches);
  }
}

registerView({
  id: "search",
  label: "nav.search",
  icon: "⌕",
  order: 15,
  mount(host, app) {
    const screen = new SearchScreen(app);
    host.append(screen.el);
    return {
      shown: () => {
        screen.focus();
        // Articles may have changed while the screen was hidden.
        void screen.search();
      },
    };
  },
});
