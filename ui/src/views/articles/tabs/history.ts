// Revision history: the list (newest first), a diff of any two ticked revisions, and
// restore, which adds a revision (the current text stays in history).
import type { Article } from "../../../lib/bindings/Article";
import type { FieldDiff } from "../../../lib/bindings/FieldDiff";
import type { RevisionSummary } from "../../../lib/bindings/RevisionSummary";
import { debounce, h } from "../../../lib/dom";
import { formatDateTime, onLocaleChange, t, type MessageKey } from "../../../lib/i18n";
import { diffRevisions, listRevisions, restoreRevision } from "../../../lib/ipc/revisions";
import { toast } from "../../../lib/toast";
import { registerArticleTab } from "../../../shell/registry";

/** Which two revisions to diff, oldest first; the last two ticks win. */
export function pickPair(ticked: number[]): [number, number] | null {
  if (ticked.length < 2) return null;
  const [a, b] = ticked.slice(-2);
  return a < b ? [a, b] : [b, a];
}

registerArticleTab({
  id: "history",
  label: "panel.history",
  order: 30,
  mount(host, ctx) {
    const compare = h("button", { class: "button", testid: "history-compare", text: "history.compare" });
    const hint = h("span", { class: "hint", text: "history.pickTwo" });
    const rows = h("ul", { class: "revision-rows", testid: "revision-rows" });
    const diffView = h("div", { class: "diff", testid: "diff" });
    host.append(h("div", { class: "history" }, h("div", { class: "history-actions" }, compare, hint), rows, diffView));

    let articleId: string | null = null;
    let revisions: RevisionSummary[] = [];
    let ticked: number[] = [];
    let visible = false;
    let stale = true;
    let seq = 0;

    compare.addEventListener("click", () => void showDiff());

    async function load(): Promise<void> {
      stale = false;
      const id = articleId;
      const mine = ++seq;
      if (!id) {
        revisions = [];
        render();
        return;
      }
      try {
        const list = await listRevisions(id);
        if (mine !== seq) return;
        revisions = list;
        ticked = ticked.filter((r) => list.some((x) => x.id === r));
        render();
      } catch (error) {
        toast(t("error.generic", { reason: (error as Error).message }), "error");
      }
    }
    const loadSoon = debounce(() => void load(), 800);

    function render(): void {
      compare.disabled = pickPair(ticked) === null;
      if (revisions.length === 0) {
        rows.replaceChildren(h("li", { class: "list-empty", text: "history.empty" }));
        return;
      }
      rows.replaceChildren(...revisions.map(row));
    }

    function row(rev: RevisionSummary): HTMLElement {
      const box = h("input", { testid: "revision-pick", attrs: { type: "checkbox" } });
      box.checked = ticked.includes(rev.id);
      box.addEventListener("change", () => {
        ticked = box.checked ? [...ticked.filter((x) => x !== rev.id), rev.id] : ticked.filter((x) => x !== rev.id);
        if (ticked.length > 2) ticked = ticked.slice(-2);
        render();
      });
      const kindKey = `history.kind.${rev.kind}` as MessageKey;
      return h(
        "li",
        { class: "revision-row", testid: "revision-row", attrs: { "data-id": String(rev.id), "data-kind": rev.kind } },
        h("label", { class: "revision-pick" }, box,
          h("span", { class: `revision-kind kind-${rev.kind}` }, t(kindKey)),
          h("span", { class: "revision-time" }, formatDateTime(rev.updated_at)),
        ),
        h("span", { class: "revision-meta" },
          `#${rev.id} · ${t("history.chars", { count: rev.chars })}`,
          rev.restored_from !== null ? ` · ${t("history.restoredFrom", { id: rev.restored_from })}` : "",
        ),
        h("button", { class: "button button-small", testid: "revision-restore", text: "history.restore", on: { click: () => void restore(rev.id) } }),
      );
    }

    async function showDiff(): Promise<void> {
      const pair = pickPair(ticked);
      if (!pair) return;
      try {
        renderDiff(await diffRevisions(pair[0], pair[1]));
      } catch (error) {
        toast(t("error.generic", { reason: (error as Error).message }), "error");
      }
    }

    function renderDiff(fields: FieldDiff[]): void {
      if (fields.length === 0) {
        diffView.replaceChildren(h("p", { class: "hint", text: "history.noDifference" }));
        return;
      }
      diffView.replaceChildren(
        ...fields.map((field) =>
          h(
            "section",
            { class: "diff-field", attrs: { "data-field": field.field } },
            h("h4", {}, t(`history.field.${field.field}` as MessageKey)),
            field.coarse ? h("p", { class: "hint", testid: "diff-coarse", text: "history.coarse" }) : null,
            h(
              "div",
              { class: "diff-chunks" },
              ...field.chunks.map((chunk) => h("pre", { class: `chunk chunk-${chunk.op}`, testid: `chunk-${chunk.op}` }, chunk.text)),
            ),
          ),
        ),
      );
    }

    async function restore(revisionId: number): Promise<void> {
      try {
        const article = await ctx.write((current) => restoreRevision(revisionId, current.version));
        ctx.replaceArticle(article);
        toast(t("history.restored"));
      } catch (error) {
        toast(t("error.generic", { reason: (error as Error).message }), "error");
      }
    }

    onLocaleChange(render);
    return {
      update(article: Article | null, change) {
        if (change === "opened" || change === "closed" || article?.id !== articleId) {
          articleId = article?.id ?? null;
          ticked = [];
          diffView.replaceChildren();
          stale = true;
          if (visible) void load();
          return;
        }
        stale = true;
        if (visible) (change === "saved" ? loadSoon : load)();
      },
      shown() {
        visible = true;
        if (stale) void load();
      },
      hidden() {
        visible = false;
      },
    };
  },
});
