// The desk: who is working (profile switcher), the views with their counts (My drafts,
// Review queue, …) and the articles of the chosen view, filtered by headline and tag.
// "Assigned to me" is the site's assignment (issue 11): what an editor assigned to this
// WordPress account, on whichever machine they did it.
import type { ArticleSummary } from "../../lib/bindings/ArticleSummary";
import type { Profile } from "../../lib/bindings/Profile";
import type { Role } from "../../lib/bindings/Role";
import type { View } from "../../lib/bindings/View";
import { debounce, h } from "../../lib/dom";
import { formatDateTime, t, type MessageKey } from "../../lib/i18n";
import { assignedToMe } from "../../lib/ipc/desk";
import { onSyncRound } from "../../lib/ipc/sync";
import { autocompleteTags } from "../../lib/ipc/tags";
import { createProfile, currentProfile, listProfiles, listView, switchProfile, viewCounts } from "../../lib/ipc/workflow";
import { toast } from "../../lib/toast";
import { emit, on } from "../../shell/bus";
import { registerView, type AppContext } from "../../shell/registry";
import { statusLabel } from "../articles/list";

/** The core's views, and the site's assignment to this account. */
type DeskView = View | "assigned_to_me";
const VIEWS: DeskView[] = ["my_drafts", "assigned_to_me", "review_queue", "approved", "scheduled", "published", "withdrawn", "all", "trash"];

/** Headline and tag filters apply to the site's assignment too (the tag by the core). */
function matchesText(item: ArticleSummary, text: string): boolean {
  return !text || item.headline.toLowerCase().includes(text.toLowerCase());
}

function fail(error: unknown): void {
  toast(t("error.generic", { reason: (error as Error).message }), "error");
}

class Desk {
  readonly el: HTMLElement;
  private readonly profiles = h("select", { class: "profile-select", testid: "profile-select", title: "profile.label" });
  private readonly newName = h("input", { testid: "profile-name", placeholder: "profile.newName", attrs: { type: "text" } });
  private readonly newRole = h("select", { testid: "profile-role" });
  private readonly sidebar = h("ul", { class: "desk-views", testid: "desk-views" });
  private readonly rows = h("ul", { class: "desk-rows", testid: "desk-rows" });
  private readonly text = h("input", { testid: "desk-filter-text", placeholder: "view.filterText", attrs: { type: "search" } });
  private readonly tag = h("input", { testid: "desk-filter-tag", placeholder: "view.filterTag", attrs: { type: "search" } });
  private view: DeskView = "my_drafts";
  private tagId: number | null = null;
  private seq = 0;
  private shown = false;

  constructor(private readonly app: AppContext) {
    for (const role of ["journalist", "editor"] as Role[]) {
      this.newRole.append(h("option", { text: `profile.role.${role}` as MessageKey, attrs: { value: role } }));
    }
    this.profiles.addEventListener("change", () => void this.switchTo(this.profiles.value));
    const create = h("button", { class: "button", testid: "profile-create", text: "profile.create", on: { click: () => void this.create() } });
    const reload = debounce(() => void this.refresh(), 200);
    this.text.addEventListener("input", reload);
    this.tag.addEventListener("input", debounce(() => void this.pickTag(), 200));
    this.el = h(
      "div",
      { class: "desk", testid: "desk" },
      h("header", { class: "desk-profile" }, h("label", { text: "profile.label" }), this.profiles, this.newName, this.newRole, create),
      h("div", { class: "desk-body" },
        h("nav", { class: "desk-sidebar" }, this.sidebar),
        h("section", { class: "desk-list" }, h("div", { class: "desk-filters" }, this.text, this.tag), this.rows),
      ),
    );
    // Only while the desk is on screen: every autosave announces a changed article, and the
    // desk's five questions (the counts run over the whole database) and its rows were redone
    // after each pause in typing behind the editor. A hidden desk catches up when shown.
    on("article-changed", () => this.refreshIfShown());
    on("articles-reload", () => this.refreshIfShown());
    // An assignment made on another machine arrives with a sync round.
    void onSyncRound(() => this.refreshIfShown());
  }

  /** The desk is on screen (`true`) or another view is; showing it refreshes it. */
  setShown(shown: boolean): void {
    this.shown = shown;
    if (shown) void this.refresh();
  }

  private refreshIfShown(): void {
    if (this.shown) void this.refresh();
  }

  async refresh(): Promise<void> {
    const mine = ++this.seq;
    try {
      const coreView: View = this.view === "assigned_to_me" ? "all" : this.view;
      const [profiles, current, counts, page, assigned] = await Promise.all([
        listProfiles(),
        currentProfile(),
        viewCounts(),
        listView({
          view: coreView,
          text: this.text.value || undefined,
          tag_id: this.tagId ?? undefined,
          states: [],
          // For the assignment the page only says which articles have the tag: all of them.
          ...(this.view === "assigned_to_me" ? { limit: 1000 } : {}),
        }),
        assignedToMe(),
      ]);
      if (mine !== this.seq) return;
      this.renderProfiles(profiles, current);
      const countMap = new Map<DeskView, number>(counts.map((c) => [c.view, c.count]));
      countMap.set("assigned_to_me", assigned.length);
      this.renderViews(countMap);
      if (this.view === "assigned_to_me") {
        // The core's page applies the tag filter; the assignment decides the rows.
        const filtered = new Set(page.items.map((i) => i.id));
        const text = this.text.value.trim();
        const rows = assigned.filter((a) => matchesText(a, text) && (this.tagId === null || filtered.has(a.id)));
        this.renderRows(rows, "desk.assignedEmpty");
      } else {
        this.renderRows(page.items);
      }
    } catch (error) {
      fail(error);
    }
  }

  private renderProfiles(profiles: Profile[], current: Profile | null): void {
    if (profiles.length === 0) {
      this.profiles.replaceChildren(h("option", { text: "profile.none", attrs: { value: "" } }));
      return;
    }
    this.profiles.replaceChildren(
      ...profiles.map((p) =>
        h("option", { attrs: { value: p.id, "data-role": p.role } }, `${p.name} — ${t(`profile.role.${p.role}` as MessageKey)}`),
      ),
    );
    if (current) this.profiles.value = current.id;
    document.body.dataset.role = current?.role ?? "";
  }

  private renderViews(counts: Map<DeskView, number>): void {
    this.sidebar.replaceChildren(
      ...VIEWS.map((view) =>
        h(
          "li",
          {
            class: view === this.view ? "desk-view active" : "desk-view",
            testid: `desk-view-${view}`,
            attrs: { "data-count": String(counts.get(view) ?? 0) },
            on: { click: () => { this.view = view; void this.refresh(); } },
          },
          h("span", { text: `view.${view}` as MessageKey }),
          h("span", { class: "desk-count", testid: "view-count" }, String(counts.get(view) ?? 0)),
        ),
      ),
    );
  }

  private renderRows(items: ArticleSummary[], empty: MessageKey = "view.empty"): void {
    if (items.length === 0) {
      this.rows.replaceChildren(h("li", { class: "list-empty", text: empty }));
      return;
    }
    this.rows.replaceChildren(
      ...items.map((item) =>
        h(
          "li",
          { class: "desk-row", testid: "desk-row", attrs: { "data-id": item.id, "data-status": item.status }, on: { click: () => void this.app.openArticle(item.id) } },
          h("span", { class: "row-headline" }, item.headline || "—"),
          h("span", { class: `status-badge status-${item.status}` }, statusLabel(item.status)),
          h("span", { class: "row-time" }, formatDateTime(item.updated_at)),
        ),
      ),
    );
  }

  private async pickTag(): Promise<void> {
    const text = this.tag.value.trim();
    try {
      this.tagId = text ? ((await autocompleteTags(text, 1))[0]?.id ?? -1) : null;
      await this.refresh();
    } catch (error) {
      fail(error);
    }
  }

  private async switchTo(id: string): Promise<void> {
    if (!id) return;
    try {
      const profile = await switchProfile(id);
      toast(t("profile.switched", { name: profile.name }));
      emit("articles-reload", undefined);
    } catch (error) {
      fail(error);
    }
  }

  private async create(): Promise<void> {
    const name = this.newName.value.trim();
    if (!name) return;
    try {
      const profile = await createProfile(name, this.newRole.value as Role);
      this.newName.value = "";
      await switchProfile(profile.id);
      toast(t("profile.switched", { name: profile.name }));
      emit("articles-reload", undefined);
    } catch (error) {
      fail(error);
    }
  }
}

registerView({
  id: "desk",
  label: "nav.desk",
  icon: "☰",
  order: 15,
  mount(host, app) {
    const desk = new Desk(app);
    host.append(desk.el);
    // Filled when first shown: at start-up its questions (the counts over the whole
    // database) held the store for seconds on 100,000 articles, right after the first paint.
    return { shown: () => desk.setShown(true), hidden: () => desk.setShown(false) };
  },
});
