// Tag management: the cloud of published tags, every tag with its counts (rename, flag,
// merge several into one), and the log of renames and merges, each of which can be undone.
import type { Tag } from "../../lib/bindings/Tag";
import type { TagOperation } from "../../lib/bindings/TagOperation";
import { h } from "../../lib/dom";
import { formatDateTime, t } from "../../lib/i18n";
import { createTag, listTags, mergeTags, renameTag, setTagFlag, tagCloud, tagOperations, undoTagOperation } from "../../lib/ipc/tags";
import { toast } from "../../lib/toast";
import { emit } from "../../shell/bus";
import { registerView } from "../../shell/registry";

class TagAdmin {
  readonly el: HTMLElement;
  private readonly cloud = h("p", { class: "tag-cloud", testid: "tag-cloud" });
  private readonly table = h("ul", { class: "tag-table", testid: "tag-table" });
  private readonly ops = h("ul", { class: "tag-ops", testid: "tag-ops" });
  private readonly target = h("select", { testid: "merge-target" });
  private readonly newTag = h("input", { testid: "new-tag-name", placeholder: "tags.newTag", attrs: { type: "text" } });
  private selected = new Set<number>();

  constructor() {
    const merge = h("button", { class: "button", testid: "merge-tags", text: "tags.merge", on: { click: () => void this.merge() } });
    const create = h("button", { class: "button", testid: "create-tag", text: "tags.create", on: { click: () => void this.create() } });
    this.el = h("div", { class: "tag-admin", testid: "tag-admin" },
      h("h3", { text: "tags.cloud" }), this.cloud,
      h("h3", { text: "tags.all" }), h("div", { class: "tag-admin-bar" }, this.newTag, create, h("span", { text: "tags.mergeInto" }), this.target, merge), this.table,
      h("h3", { text: "tags.operations" }), this.ops,
    );
  }

  private fail(error: unknown): void {
    toast(t("tags.failed", { reason: (error as Error).message }), "error");
  }

  async refresh(): Promise<void> {
    try {
      const [cloud, all, ops] = await Promise.all([tagCloud(40), listTags({ order: "use" }), tagOperations(30)]);
      this.renderCloud(cloud);
      this.renderTable(all);
      this.renderOps(ops);
    } catch (error) {
      this.fail(error);
    }
  }

  private renderCloud(tags: Tag[]): void {
    const max = Math.max(1, ...tags.map((x) => x.published_count));
    this.cloud.replaceChildren(
      ...tags.map((tag) =>
        h("span", { class: "cloud-tag", testid: "cloud-tag", attrs: { "data-name": tag.name, "data-count": String(tag.published_count), style: `font-size: ${(0.85 + tag.published_count / max).toFixed(2)}em` } },
          `${tag.name} `, h("sup", {}, String(tag.published_count)), " "),
      ),
    );
  }

  private renderTable(tags: Tag[]): void {
    this.selected = new Set([...this.selected].filter((id) => tags.some((x) => x.id === id)));
    this.target.replaceChildren(...tags.map((tag) => h("option", { attrs: { value: String(tag.id) } }, tag.name)));
    this.table.replaceChildren(
      ...tags.map((tag) => {
        const pick = h("input", { testid: "tag-select", attrs: { type: "checkbox" } });
        pick.checked = this.selected.has(tag.id);
        pick.addEventListener("change", () => (pick.checked ? this.selected.add(tag.id) : this.selected.delete(tag.id)));
        const flag = h("input", { testid: "tag-flag", title: "tags.flag", attrs: { type: "checkbox" } });
        flag.checked = tag.is_flag;
        flag.addEventListener("change", () => void this.run(() => setTagFlag(tag.id, flag.checked)));
        const name = h("input", { testid: "tag-name", attrs: { type: "text", value: tag.name } });
        const rename = h("button", { class: "button button-small", testid: "tag-rename", text: "tags.rename", on: { click: () => void this.run(() => renameTag(tag.id, name.value)) } });
        return h("li", { class: "tag-row", testid: "tag-row", attrs: { "data-name": tag.name } },
          pick, name, rename, h("label", {}, flag, t("tags.flag")),
          h("span", { class: "tag-counts" }, t("tags.count", { use: tag.use_count, published: tag.published_count })));
      }),
    );
  }

  private renderOps(ops: TagOperation[]): void {
    this.ops.replaceChildren(
      ...ops.map((op) =>
        h("li", { testid: "tag-op", attrs: { "data-kind": op.kind } },
          `${formatDateTime(op.created_at)} · ${op.summary} · ${op.articles} `,
          op.undone_at
            ? h("em", { text: "tags.undone" })
            : h("button", { class: "button button-small", testid: "tag-undo", text: "tags.undo", on: { click: () => void this.run(() => undoTagOperation(op.id)) } }),
        ),
      ),
    );
  }

  private async merge(): Promise<void> {
    const target = Number(this.target.value);
    const sources = [...this.selected].filter((id) => id !== target);
    if (!target || sources.length === 0) return;
    await this.run(() => mergeTags(sources, target));
    this.selected.clear();
  }

  private async create(): Promise<void> {
    const name = this.newTag.value.trim();
    if (!name) return;
    await this.run(() => createTag(name));
    this.newTag.value = "";
  }

  private async run(op: () => Promise<unknown>): Promise<void> {
    try {
      await op();
      emit("articles-reload", undefined);
    } catch (error) {
      this.fail(error);
    }
    await this.refresh();
  }
}

registerView({
  id: "tag-admin",
  label: "nav.tags",
  icon: "#",
  order: 40,
  mount(host) {
    const admin = new TagAdmin();
    host.append(admin.el);
    void admin.refresh();
    return { shown: () => void admin.refresh() };
  },
});
