// "Import…": a file input whose bytes go to Rust (no dialog plugin, no file-system access
// from the webview).
import type { Article } from "../../lib/bindings/Article";
import { h } from "../../lib/dom";
import { t } from "../../lib/i18n";
import { importDocument } from "../../lib/ipc/documents";
import { toast } from "../../lib/toast";

export const IMPORT_ACCEPT = ".txt,.text,.md,.markdown,.html,.htm,.docx";

export function importButton(onImported: (article: Article) => void): HTMLElement {
  const input = h("input", { class: "visually-hidden", testid: "import-input", attrs: { type: "file", accept: IMPORT_ACCEPT } });
  input.addEventListener("change", async () => {
    const file = input.files?.[0];
    input.value = "";
    if (!file) return;
    try {
      const article = await importDocument(file);
      toast(t("import.done", { name: file.name }));
      onImported(article);
    } catch (error) {
      toast(t("import.failed", { reason: (error as Error).message }), "error");
    }
  });
  const button = h("button", { class: "button", testid: "import", text: "list.import", on: { click: () => input.click() } });
  return h("span", { class: "import" }, button, input);
}
