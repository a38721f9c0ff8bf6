// Metadata of the open article: status, dates, version, id and the counts.
import type { Article } from "../../../lib/bindings/Article";
import { h } from "../../../lib/dom";
import { formatDateTime, formatNumber, onLocaleChange, t, type MessageKey } from "../../../lib/i18n";
import { textStats } from "../../../lib/ipc/documents";
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
      update(next) {
        article = next;
        render();
        void refreshStats();
      },
      edited: () => void refreshStats(),
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
