// Export to a file: the native save dialog (opened by Rust, in the profile's last export
// folder), then a toast with the full path and "Open folder". Under WebDriver, where the
// native dialog cannot be driven, a small form in the page asks for the path instead.
import type { ExportFormat } from "../../lib/bindings/ExportFormat";
import { h } from "../../lib/dom";
import { t } from "../../lib/i18n";
import { exportProposal, openExportFolder, saveExport, type SavedExport } from "../../lib/ipc/export";
import { toast } from "../../lib/toast";
import type { ArticleTabContext } from "../../shell/registry";

/** Asks for the path in the page, proposing `path`; resolves `null` on Cancel. */
function askPathInPage(host: HTMLElement, path: string): Promise<string | null> {
  host.querySelector('[data-testid="export-path-form"]')?.remove();
  return new Promise((resolve) => {
    const input = h("input", { class: "input", testid: "export-path", attrs: { type: "text", spellcheck: "false" } });
    input.value = path;
    const done = (value: string | null) => {
      form.remove();
      resolve(value);
    };
    const form = h(
      "form",
      { class: "export-path-form", testid: "export-path-form" },
      h("label", { text: "text.exportSaveAs" }),
      input,
      h("div", { class: "field-row" },
        h("button", { class: "button primary", testid: "export-path-save", text: "text.exportSave", attrs: { type: "submit" } }),
        h("button", { class: "button", testid: "export-path-cancel", text: "text.exportCancel", attrs: { type: "button" }, on: { click: () => done(null) } }),
      ),
    );
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const value = input.value.trim();
      done(value || null);
    });
    host.append(form);
    input.focus();
  });
}

function announce(saved: SavedExport): void {
  toast(t("text.exportedTo", { path: saved.path }), "info", 5000, {
    label: t("text.openFolder"),
    testid: "export-open-folder",
    run: () => {
      openExportFolder(saved.folder).catch((error: unknown) =>
        toast(t("text.failed", { reason: (error as Error).message }), "error"),
      );
    },
  });
}

/** Exports the article (or `selection`) to a file the user chooses; `host` holds the
 * in-page form under WebDriver. Cancelling the dialog says nothing. */
export async function exportToFile(
  ctx: ArticleTabContext,
  host: HTMLElement,
  format: ExportFormat,
  selection: string | undefined,
): Promise<void> {
  // After pending autosaves, so the file holds the text as typed.
  const { id, proposal } = await ctx.write(async (article) => ({
    id: article.id,
    proposal: await exportProposal(article.id, format, selection),
  }));
  let path: string | undefined;
  if (proposal.pickInPage) {
    const chosen = await askPathInPage(host, proposal.path);
    if (chosen === null) return;
    path = chosen;
  }
  const saved = await saveExport(id, format, selection, path);
  if (saved) announce(saved);
}
