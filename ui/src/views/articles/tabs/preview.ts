// Live preview: the body rendered and sanitized in Rust. While the tab is visible, the
// autosave after a pause in typing brings the new preview with it (one round trip: the
// tab asks for it through `ctx.requestPreview`); the headline, dek and byline are shown
// as typed; a new rendering replaces only the blocks that changed. Opening an article,
// showing the tab or loading pictures renders directly, one render at a time, and a slow
// answer never overwrites a newer one. A render past its deadline (hostile input) pauses
// the preview for that article until the reader resumes it, so a runaway never costs more
// than one background thread. Remote pictures are blocked until the reader loads them for
// the article, as a mail client does.
import { h } from "../../../lib/dom";
import type { Preview } from "../../../lib/bindings/Preview";
import { renderPreview } from "../../../lib/ipc/documents";
import { registerArticleTab } from "../../../shell/registry";
import { guardLinks } from "./preview-links";
import { forgetShown, patchBlocks, steppedMinHeight } from "./preview-patch";

/** Articles whose remote pictures the reader chose to load (this session). */
const imagesAllowed = new Set<string>();
/** Articles whose preview ran past its deadline. */
const paused = new Set<string>();
/** The card's height grows and shrinks in steps of this many px (`steppedMinHeight`). */
const HEIGHT_STEP_PX = 2000;
/** Room below the body inside the card: its bottom padding and border. */
const CARD_BOTTOM_PX = 32;

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
    guardLinks(body);
    const loadImages = h("button", {
      testid: "preview-load-images",
      text: "preview.loadImages",
      on: {
        click: () => {
          const id = ctx.article()?.id;
          if (id) imagesAllowed.add(id);
          wantPreviews();
          refresh();
        },
      },
    });
    const imagesBar = h(
      "div",
      { class: "preview-notice", testid: "preview-images-blocked" },
      h("span", { text: "preview.imagesBlocked" }),
      loadImages,
    );
    const resume = h("button", {
      testid: "preview-resume",
      text: "preview.resume",
      on: {
        click: () => {
          const id = ctx.article()?.id;
          if (id) paused.delete(id);
          wantPreviews();
          refresh();
        },
      },
    });
    const pausedBar = h(
      "div",
      { class: "preview-notice preview-paused", testid: "preview-paused" },
      h("span", { text: "preview.paused" }),
      resume,
    );
    imagesBar.hidden = pausedBar.hidden = true;
    const card = h("article", { class: "preview" }, pausedBar, imagesBar, title, dek, byline, body, empty);
    host.append(card);
    /** Empties the body (or shows a message there) outside the block-by-block patching. */
    function clearBody(message = ""): void {
      body.textContent = message;
      forgetShown(body);
      card.style.minHeight = "";
    }

    /** Keeps the card's height in steps while the body grows and shrinks (see
     * `steppedMinHeight`). Reads the layout the patch needs anyway. */
    function settleHeight(): void {
      const natural = body.getBoundingClientRect().bottom - card.getBoundingClientRect().top + CARD_BOTTOM_PX;
      const current = parseFloat(card.style.minHeight) || 0;
      const next = steppedMinHeight(natural, current, HEIGHT_STEP_PX);
      if (next !== current) card.style.minHeight = next ? `${next}px` : "";
    }

    let visible = false;
    let stale = true;
    let seq = 0;
    let inFlight = false;

    /** Autosaves bring the preview while the tab is shown and the article not paused. */
    function wantPreviews(): void {
      const id = ctx.article()?.id;
      ctx.requestPreview(visible && id && !paused.has(id) ? { loadImages: imagesAllowed.has(id) } : null);
    }

    /** Shows the fields as typed; false when there is no body to render. */
    function showFields(): boolean {
      const draft = ctx.draft();
      const id = ctx.article()?.id ?? "";
      if (!draft) {
        title.textContent = dek.textContent = byline.textContent = "";
        clearBody();
        empty.hidden = false;
        imagesBar.hidden = pausedBar.hidden = true;
        return false;
      }
      title.textContent = draft.headline;
      dek.textContent = draft.dek;
      byline.textContent = draft.byline;
      pausedBar.hidden = !paused.has(id);
      if (paused.has(id)) {
        clearBody();
        imagesBar.hidden = true;
        return false;
      }
      return true;
    }

    /** Puts a rendered body in place (from a render or an autosave). */
    function show(preview: Preview, id: string): void {
      if (preview.paused) {
        paused.add(id);
        pausedBar.hidden = false;
        imagesBar.hidden = true;
        clearBody();
        wantPreviews();
        return;
      }
      // Only the blocks that changed are replaced (preview-patch.ts), not the whole
      // article's DOM after each pause in typing.
      patchBlocks(body, preview.blocks);
      imagesBar.hidden = preview.blockedImages === 0;
      empty.hidden = preview.blocks.some((block) => block.trim() !== "") || (ctx.draft()?.headline ?? "") !== "";
      if (visible) settleHeight();
    }

    async function render(): Promise<void> {
      const draft = ctx.draft();
      const id = ctx.article()?.id ?? "";
      stale = false;
      if (!showFields() || !draft) return;
      if (inFlight) {
        // One render at a time: the newest text is rendered when this one answers.
        stale = true;
        return;
      }
      const mine = ++seq;
      inFlight = true;
      try {
        const preview = await renderPreview(draft.body, imagesAllowed.has(id));
        if (mine !== seq) return;
        show(preview, id);
      } catch (error) {
        if (mine === seq) clearBody((error as Error).message);
      } finally {
        inFlight = false;
        if (stale && visible) void render();
      }
    }

    const refresh = () => {
      stale = true;
      if (visible) void render();
    };
    return {
      update: (_article, change) => {
        if (change !== "saved") {
          wantPreviews();
          refresh();
        }
      },
      // The body's preview comes with the autosave this edit schedules.
      edited: () => {
        if (visible) showFields();
        else stale = true;
      },
      autosaved: (result) => {
        const id = ctx.article()?.id;
        if (!visible || !result.preview || !id) return;
        seq += 1; // newer than any render still on its way
        if (showFields()) show(result.preview, id);
      },
      shown: () => {
        visible = true;
        wantPreviews();
        if (stale) void render();
      },
      hidden: () => {
        visible = false;
        wantPreviews();
      },
    };
  },
});
