// Metadata of the open article: status, dates, version, id and the counts.
import type { Article } from "../../../lib/bindings/Article";
import { h } from "../../../lib/dom";
import { formatDateTime, formatNumber, onLocaleChange, t, type MessageKey } from "../../../lib/i18n";
import { getWordTarget, setWordTarget } from "../../../lib/ipc/articles";
import { textStats } from "../../../lib/ipc/documents";
import { toast } from "../../../lib/toast";
import { emit } from "../../../shell/bus";
import { parseTarget, showTarget } from "../word-target";
import { registerArticleTab } from "../../../shell/registry";
import { statusLabel } from "../list";
import type { Stats } from "../../../lib/bindings/Stats";

registerArticleTab({
  id: "details",
  label: "panel.details",
  order: 20,
  mount(host, ctx) {
    const table = h("dl", { class: "details", testid: "details" });
    host.append(table);
    let article: Article | null = null;
    let stats: Stats | null = null;
    let visible = false;
    // The word target: typed as "600–800" or "600", saved on Enter or leaving the field.
    const targetInput = h("input", {
      class: "target-input",
      testid: "word-target",
      placeholder: "details.targetHint",
      attrs: { type: "text", inputmode: "numeric", autocomplete: "off" },
      on: {
        change: () => void saveTarget(),
        keydown: (e) => {
          if (e.key === "Enter") void saveTarget();
        },
      },
    });
    let targetFor: string | null = null;

    async function loadTarget(id: string): Promise<void> {
      if (targetFor === id) return;
      targetFor = id;
      targetInput.value = "";
      try {
        const target = await getWordTarget(id);
        if (targetFor === id) targetInput.value = showTarget(target);
      } catch {
        // Shown empty; setting it again reports any error.
      }
    }

    async function saveTarget(): Promise<void> {
      const id = article?.id;
      if (!id) return;
      const parsed = parseTarget(targetInput.value);
      if (!parsed.ok) {
        toast(t("details.targetBad"), "error");
        return;
      }
      try {
        const saved = await setWordTarget(id, parsed.target);
        targetInput.value = showTarget(saved);
        emit("word-target-changed", { id, target: saved });
      } catch (error) {
        toast(t("error.generic", { reason: (error as Error).message }), "error");
      }
    }

    function row(label: MessageKey, value: string, testid: string): HTMLElement[] {
      return [h("dt", { text: label }), h("dd", { testid }, value)];
    }

    function render(): void {
      if (!article) {
        table.replaceChildren();
        return;
      }
      table.replaceChildren(
        ...row("details.status", statusLabel(article.status), "detail-status"),
        ...row("details.created", formatDateTime(article.created_at), "detail-created"),
        ...row("details.updated", formatDateTime(article.updated_at), "detail-updated"),
        ...row("details.version", String(article.version), "detail-version"),
        h("dt", { text: "details.target" }),
        h("dd", {}, targetInput),
        ...(stats
          ? [
              ...row("details.words", formatNumber(stats.words), "detail-words"),
              ...row("details.chars", formatNumber(stats.chars), "detail-chars"),
              ...row("details.charsNoSpaces", formatNumber(stats.chars_no_spaces), "detail-chars-no-spaces"),
              ...row("details.reading", t("details.minutes", { minutes: stats.reading_minutes }), "detail-reading"),
            ]
          : []),
        ...row("details.id", article.id, "detail-id"),
      );
    }

    async function refreshStats(): Promise<void> {
      const draft = ctx.draft();
      if (!draft || !visible) return;
      try {
        stats = await textStats(draft.body);
        render();
      } catch {
        // Informational only.
      }
    }

    onLocaleChange(render);
    return {
      update(next, change) {
        article = next;
        if (next) void loadTarget(next.id);
        else targetFor = null;
        render();
        // A save's counts arrive with it (autosaved); others are counted here.
        if (change !== "saved") void refreshStats();
      },
      autosaved(result) {
        stats = result.saved.stats;
        if (visible) render();
      },
      shown() {
        visible = true;
        void refreshStats();
      },
      hidden() {
        visible = false;
      },
    };
  },
});
