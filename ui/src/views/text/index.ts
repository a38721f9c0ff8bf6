// Text tools beside the editor: the typography pass (one undoable CodeMirror transaction,
// Ctrl+Shift+T; editor/typography.ts), slug suggestion and export to Markdown/HTML (a file
// chosen in the save dialog, export.ts). HTML paste is the body's own extension
// (editor/paste-html.ts).
import type { ExportFormat } from "../../lib/bindings/ExportFormat";
import { h } from "../../lib/dom";
import { t } from "../../lib/i18n";
import { applyTypography, applyTypographyPlain, suggestSlug } from "../../lib/ipc/text";
import { applyTypographyPass } from "../../editor/typography";
import { toast } from "../../lib/toast";
import { registerArticleTab, type ArticleTabContext } from "../../shell/registry";
import { registerShortcut } from "../../shell/shortcuts";
import { exportToFile } from "./export";

let activeCtx: ArticleTabContext | null = null;

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
  const view = activeCtx?.body();
  if (!view) return;
  try {
    const applied = await applyTypographyPass(view, applyTypography);
    if (applied === "stale") {
      toast(t("text.typographyStale"), "error");
      return;
    }
    for (const testid of ["headline", "dek"]) {
      const el = field(testid);
      if (el && el.value.trim()) setField(el, await applyTypographyPlain(el.value));
    }
    toast(applied > 0 ? t("text.typographyDone", { count: applied }) : t("text.typographyNone"));
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
    const view = ctx.body();
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
      },
    };
  },
});
