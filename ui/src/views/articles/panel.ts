// The side panel beside the editor: one tab per registered ArticleTabSpec (preview,
// details, history, and whatever other domains add).
import type { Article } from "../../lib/bindings/Article";
import type { DraftSaved } from "../../lib/bindings/DraftSaved";
import { h } from "../../lib/dom";
import {
  registeredArticleTabs,
  type ArticleChange,
  type ArticleTabContext,
  type ArticleTabHandle,
} from "../../shell/registry";

interface MountedTab {
  id: string;
  button: HTMLButtonElement;
  body: HTMLElement;
  handle: ArticleTabHandle;
}

export class SidePanel {
  readonly el: HTMLElement;
  private readonly tabs: MountedTab[] = [];
  private active: MountedTab | null = null;

  constructor(ctx: ArticleTabContext) {
    const bar = h("div", { class: "tab-bar", attrs: { role: "tablist" } });
    const bodies = h("div", { class: "tab-bodies" });
    for (const spec of registeredArticleTabs()) {
      const body = h("div", { class: `tab-body tab-${spec.id}`, testid: `tab-body-${spec.id}`, attrs: { role: "tabpanel" } });
      body.hidden = true;
      const button = h("button", {
        class: "tab",
        testid: `tab-${spec.id}`,
        text: spec.label,
        attrs: { role: "tab" },
        on: { click: () => this.show(spec.id) },
      });
      bar.append(button);
      bodies.append(body);
      this.tabs.push({ id: spec.id, button, body, handle: spec.mount(body, ctx) });
    }
    this.el = h("aside", { class: "side-panel", testid: "side-panel" }, bar, bodies);
    if (this.tabs[0]) this.show(this.tabs[0].id);
  }

  show(id: string): void {
    const next = this.tabs.find((tab) => tab.id === id);
    if (!next || next === this.active) return;
    if (this.active) {
      this.active.body.hidden = true;
      this.active.button.classList.remove("active");
      this.active.button.setAttribute("aria-selected", "false");
      this.active.handle.hidden?.();
    }
    next.body.hidden = false;
    next.button.classList.add("active");
    next.button.setAttribute("aria-selected", "true");
    this.active = next;
    next.handle.shown?.();
  }

  /** Whether a tab is the visible one (tabs skip work while hidden). */
  isShown(id: string): boolean {
    return this.active?.id === id;
  }

  update(article: Article | null, change: ArticleChange): void {
    for (const tab of this.tabs) tab.handle.update(article, change);
  }

  edited(): void {
    for (const tab of this.tabs) tab.handle.edited?.();
  }

  autosaved(result: DraftSaved): void {
    for (const tab of this.tabs) tab.handle.autosaved?.(result);
  }
}
