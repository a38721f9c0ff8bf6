// The trash: trashed articles, newest first, each with a restore button.
import { h } from "../../lib/dom";
import { t } from "../../lib/i18n";
import { restoreArticle } from "../../lib/ipc/articles";
import { toast } from "../../lib/toast";
import { emit, on } from "../../shell/bus";
import { registerView } from "../../shell/registry";
import { ArticleList } from "../articles/list";

registerView({
  id: "trash",
  label: "nav.trash",
  icon: "⌫", // DejaVu Sans has it; a fresh Debian has no emoji font
  order: 90,
  mount(host) {
    const list = new ArticleList({
      trashed: true,
      emptyText: "trash.empty",
      rowAction: {
        label: "trash.restore",
        testid: "restore-article",
        run: (id) => void restore(id),
      },
    });

    async function restore(id: string): Promise<void> {
      try {
        emit("article-changed", await restoreArticle(id));
      } catch (error) {
        toast(t("error.generic", { reason: (error as Error).message }), "error");
      }
    }

    on("article-changed", (article) => list.upsert(article));
    host.append(h("div", { class: "trash-layout" }, h("h2", { class: "view-title", text: "trash.title" }), list.el));
    return { shown: () => void list.reload() };
  },
});
