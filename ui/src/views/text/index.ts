// Text tools beside the editor: the typography pass (one undoable CodeMirror transaction,
// Ctrl+Shift+T), slug suggestion, export to Markdown/HTML (a file chosen in the save
// dialog, export.ts), and HTML paste into the body converted to Markdown in Rust.
import { EditorView } from "@codemirror/view";
import type { ExportFormat } from "../../lib/bindings/ExportFormat";
import { h } from "../../lib/dom";
import { t } from "../../lib/i18n";
import { applyTypography, applyTypographyPlain, htmlToMarkdown, suggestSlug } from "../../lib/ipc/text";
import { toast } from "../../lib/toast";
import { registerArticleTab, type ArticleTabContext } from "../../shell/registry";
import { registerShortcut } from "../../shell/shortcuts";
import { exportToFile } from "./export";

let activeCtx: ArticleTabContext | null = null;
const pasteInstalled = new WeakSet<EditorView>();

/** The body's CodeMirror view, found from its DOM (the editor module owns it). */
function bodyView(): EditorView | null {
  const el = document.querySelector<HTMLElement>('[data-testid="body"] .cm-editor');
  return el ? EditorView.findFromDOM(el) : null;
}

function field(testid: string): HTMLInputElement | HTMLTextAreaElement | null {
  return document.querySelector<HTMLInputElement | HTMLTextAreaElement>(`[data-testid="${testid}"]`);
}

/** Sets a field as if the author typed it, so the editor autosaves it. */
function setField(el: HTMLInputElement | HTMLTextAreaElement, value: string): void {
  if (el.value === value || el.readOnly || el.disabled) return;
  el.value = value;
  el.dispatchEvent(new Event("input", { bubbles: true }));
}

function fail(error: unknown): void {
  toast(t("text.failed", { reason: (error as Error).message }), "error");
}

async function typography(): Promise<void> {
  const view = bodyView();
  if (!view || !activeCtx?.article()) return;
  try {
    const before = view.state.doc.toString();
    const changes = await applyTypography(before);
    if (view.state.doc.toString() !== before) {
      toast(t("text.typographyStale"), "error");
      return;
    }
    if (changes.length > 0) {
      view.dispatch({ changes, userEvent: "input.typography" });
    }
    for (const testid of ["headline", "dek"]) {
      const el = field(testid);
      if (el && el.value.trim()) setField(el, await applyTypographyPlain(el.value));
    }
    toast(changes.length > 0 ? t("text.typographyDone", { count: changes.length }) : t("text.typographyNone"));
  } catch (error) {
    fail(error);
  }
}

async function fillSlug(ctx: ArticleTabContext): Promise<void> {
  try {
    // After pending autosaves, so the suggestion follows the headline as typed.
    const slug = await ctx.write((article) => suggestSlug(article.id));
    const el = field("slug");
    if (el) setField(el, slug);
    toast(t("text.slugSet", { slug }));
  } catch (error) {
    fail(error);
  }
}

async function exportAs(ctx: ArticleTabContext, host: HTMLElement, format: ExportFormat, selectionOnly: boolean): Promise<void> {
  let selection: string | undefined;
  if (selectionOnly) {
    const view = bodyView();
    const range = view?.state.selection.main;
    if (!view || !range || range.empty) {
      toast(t("text.noSelection"), "error");
      return;
    }
    selection = view.state.sliceDoc(range.from, range.to);
  }
  try {
    await exportToFile(ctx, host, format, selection);
  } catch (error) {
    fail(error);
  }
}

/** HTML on the clipboard (a web page, Word, Google Docs) is pasted as clean Markdown. */
function onPaste(event: ClipboardEvent): void {
  const html = event.clipboardData?.getData("text/html") ?? "";
  if (!html.trim()) return;
  const plain = event.clipboardData?.getData("text/plain") ?? "";
  // Captured before CodeMirror's own handler, which would paste the plain text.
  event.preventDefault();
  event.stopPropagation();
  const view = bodyView();
  if (!view) return;
  htmlToMarkdown(html)
    .then((markdown) => markdown.trim() || plain)
    .catch(() => plain)
    .then((text) => view.dispatch(view.state.replaceSelection(text), { userEvent: "input.paste", scrollIntoView: true }));
}

function installPaste(): void {
  const view = bodyView();
  if (!view || pasteInstalled.has(view)) return;
  pasteInstalled.add(view);
  view.dom.addEventListener("paste", onPaste, { capture: true });
}

registerShortcut({ keys: "mod+shift+t", run: () => void typography() });

registerArticleTab({
  id: "text",
  label: "panel.text",
  order: 30,
  mount(host, ctx) {
    activeCtx = ctx;
    const buttons = [
      h("button", { class: "button", testid: "typography", text: "text.typography", title: "text.typographyHint", on: { click: () => void typography() } }),
      h("button", { class: "button", testid: "suggest-slug", text: "text.suggestSlug", on: { click: () => void fillSlug(ctx) } }),
    ];
    const exports = [
      h("button", { class: "button", testid: "export-markdown", text: "text.exportMarkdown", on: { click: () => void exportAs(ctx, host, "markdown", false) } }),
      h("button", { class: "button", testid: "export-html", text: "text.exportHtml", on: { click: () => void exportAs(ctx, host, "html", false) } }),
      h("button", { class: "button", testid: "export-selection", text: "text.exportSelection", on: { click: () => void exportAs(ctx, host, "markdown", true) } }),
    ];
    const all = [...buttons, ...exports];
    host.append(
      h(
        "div",
        { class: "text-tools", testid: "text-tools" },
        h("p", { class: "hint", text: "text.typographyHint" }),
        h("div", { class: "field-row" }, ...buttons),
        h("h3", { text: "text.export" }),
        h("div", { class: "field-row" }, ...exports),
        h("p", { class: "hint", text: "text.pasteHint" }),
      ),
    );
    return {
      update(article) {
        for (const button of all) button.disabled = article === null;
        if (article) installPaste();
      },
    };
  },
});
