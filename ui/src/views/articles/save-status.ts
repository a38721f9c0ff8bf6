// The save indicator under the editor: saved / unsaved / saving / not saved (why), with
// the actions a failed save offers. data-state is the machine-readable state (tests).
import type { SaveState } from "../../lib/autosave";
import { h } from "../../lib/dom";
import { formatTime, onLocaleChange, t } from "../../lib/i18n";

export interface SaveStatusActions {
  retryNow(): void;
  keepMine(): void;
}

/** A save that answers sooner than this never shows "Saving…": the autosave answers in
 * about 10 ms, and drawing the label meant a frame (about 30 ms beside a long preview)
 * that the answer, the preview and the counts then waited behind. */
const SAVING_SHOWN_AFTER_MS = 300;

export class SaveStatus {
  readonly el: HTMLElement;
  private readonly label: HTMLElement;
  private readonly retry: HTMLButtonElement;
  private readonly keepMine: HTMLButtonElement;
  private state: SaveState = { kind: "saved", at: null };
  private savingShown: ReturnType<typeof setTimeout> | null = null;

  constructor(actions: SaveStatusActions) {
    this.label = h("span", { class: "save-label", testid: "save-state" });
    this.retry = h("button", { class: "link-button", testid: "save-retry", text: "save.retryNow", on: { click: () => actions.retryNow() } });
    this.keepMine = h("button", { class: "link-button", testid: "save-keep-mine", text: "save.keepMine", on: { click: () => actions.keepMine() } });
    this.el = h("div", { class: "save-status", attrs: { role: "status", "aria-live": "polite" } }, h("span", { class: "save-dot" }), this.label, this.retry, this.keepMine);
    onLocaleChange(() => this.render());
    this.render();
  }

  set(state: SaveState): void {
    this.state = state;
    if (this.savingShown !== null) clearTimeout(this.savingShown);
    this.savingShown = null;
    if (state.kind === "saving") {
      // Until then the line keeps saying the text is not saved yet, which stays true.
      this.savingShown = setTimeout(() => {
        this.savingShown = null;
        this.render();
      }, SAVING_SHOWN_AFTER_MS);
      return;
    }
    this.render();
  }

  private render(): void {
    const s = this.state;
    this.el.dataset.state = s.kind;
    this.label.dataset.state = s.kind;
    this.retry.hidden = !(s.kind === "retrying" || s.kind === "failed");
    this.keepMine.hidden = s.kind !== "conflict";
    switch (s.kind) {
      case "saved":
        this.label.textContent = s.at ? t("save.savedAt", { time: formatTime(s.at) }) : t("save.saved");
        break;
      case "dirty":
        this.label.textContent = t("save.dirty");
        break;
      case "saving":
        this.label.textContent = t("save.saving");
        break;
      case "retrying":
        this.label.textContent = t("save.failed", { reason: s.reason, seconds: Math.round(s.retryInMs / 1000) });
        break;
      case "failed":
        this.label.textContent = t("save.failedPermanent", { reason: s.reason });
        break;
      case "conflict":
        this.label.textContent = t("save.conflict", { reason: s.reason });
        break;
    }
  }
}
