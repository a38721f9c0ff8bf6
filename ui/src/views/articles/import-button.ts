// "Import…": a file input whose bytes go to Rust (no dialog plugin, no file-system access
// from the webview).
import type { Article } from "../../lib/bindings/Article";
import { h } from "../../lib/dom";
import { t } from "../../lib/i18n";
import { importDocument } from "../../lib/ipc/documents";
import { toast } from "../../lib/toast";

export const IMPORT_ACCEPT = ".txt,.text,.md,.markdown,.html,.htm,.docx";

/** Imports files one after another (each is its own article), reporting each. */
async function importFiles(files: File[], onImported: (article: Article) => void): Promise<void> {
  for (const file of files) {
    try {
      const article = await importDocument(file);
      toast(t("import.done", { name: file.name }));
      onImported(article);
    } catch (error) {
      toast(t("import.failed", { reason: `${file.name}: ${(error as Error).message}` }), "error");
    }
  }
}

/** Files dropped onto `target` are imported. The window leaves drops to the page
 * (`dragDropEnabled: false` in tauri.conf.json), so they arrive as DOM File objects, the
 * same path the file input takes. */
export function acceptDroppedFiles(target: HTMLElement, onImported: (article: Article) => void): void {
  const hasFiles = (e: DragEvent) => Array.from(e.dataTransfer?.types ?? []).includes("Files");
  target.addEventListener("dragover", (e) => {
    if (!hasFiles(e)) return;
    e.preventDefault();
    if (e.dataTransfer) e.dataTransfer.dropEffect = "copy";
    target.classList.add("drop-target");
  });
  target.addEventListener("dragleave", (e) => {
    if (e.target === target) target.classList.remove("drop-target");
  });
  target.addEventListener("drop", (e) => {
    target.classList.remove("drop-target");
    const files = Array.from(e.dataTransfer?.files ?? []);
    if (!files.length) return;
    e.preventDefault();
    void importFiles(files, onImported);
  });
}

export function importButton(onImported: (article: Article) => void): HTMLElement {
  // Also the path window tests drive: WebDriver cannot click a native file dialog, but it
  // can hand this input a path.
  const input = h("input", { class: "visually-hidden", testid: "import-input", attrs: { type: "file", accept: IMPORT_ACCEPT, multiple: "" } });
  input.addEventListener("change", () => {
    const files = Array.from(input.files ?? []);
    input.value = "";
    void importFiles(files, onImported);
  });
  const button = h("button", { class: "button", testid: "import", text: "list.import", on: { click: () => input.click() } });
  return h("span", { class: "import" }, button, input);
}
