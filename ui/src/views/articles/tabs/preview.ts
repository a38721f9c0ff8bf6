// Live preview: the body rendered and sanitized in Rust. Re-rendered after a pause in
// typing (the editor debounces `edited`), only while the tab is visible, and a slow
// answer never overwrites a newer one.
import { h } from "../../../lib/dom";
import { renderPreview } from "../../../lib/ipc/documents";
import { registerArticleTab } from "../../../shell/registry";

registerArticleTab({
  id: "preview",
  label: "panel.preview",
  order: 10,
  mount(host, ctx) {
    const title = h("h1", { class: "preview-headline", testid: "preview-headline" });
    const dek = h("p", { class: "preview-dek", testid: "preview-dek" });
    const byline = h("p", { class: "preview-byline" });
    // The HTML comes from Rust's sanitizer (no scripts, no handlers, safe URL schemes),
    // and the CSP forbids inline script besides.
    const body = h("div", { class: "preview-body prose", testid: "preview" });
    const empty = h("p", { class: "preview-empty", text: "preview.empty" });
    host.append(h("article", { class: "preview" }, title, dek, byline, body, empty));
    let visible = false;
    let stale = true;
    let seq = 0;

    async function render(): Promise<void> {
      const draft = ctx.draft();
      stale = false;
      if (!draft) {
        title.textContent = dek.textContent = byline.textContent = "";
        body.replaceChildren();
        empty.hidden = false;
        return;
      }
      title.textContent = draft.headline;
      dek.textContent = draft.dek;
      byline.textContent = draft.byline;
      const mine = ++seq;
      try {
        const html = await renderPreview(draft.body);
        if (mine !== seq) return;
        body.innerHTML = html;
        empty.hidden = html.trim() !== "" || draft.headline !== "";
      } catch (error) {
        if (mine === seq) body.textContent = (error as Error).message;
      }
    }

    const refresh = () => {
      stale = true;
      if (visible) void render();
    };
    return {
      update: (_article, change) => {
        if (change !== "saved") refresh();
      },
      edited: refresh,
      shown: () => {
        visible = true;
        if (stale) void render();
      },
      hidden: () => {
        visible = false;
      },
    };
  },
});
