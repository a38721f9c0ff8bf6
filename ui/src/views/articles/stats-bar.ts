// Word and character counts and reading time, computed in Rust (right for Cyrillic).
import type { Stats } from "../../lib/bindings/Stats";
import { h } from "../../lib/dom";
import { onLocaleChange, t } from "../../lib/i18n";

export class StatsBar {
  readonly el: HTMLElement;
  private stats: Stats | null = null;

  constructor() {
    this.el = h("div", { class: "stats-bar", testid: "stats" });
    onLocaleChange(() => this.render());
  }

  get current(): Stats | null {
    return this.stats;
  }

  set(stats: Stats | null): void {
    this.stats = stats;
    this.render();
  }

  private render(): void {
    const s = this.stats;
    if (!s) {
      this.el.replaceChildren();
      return;
    }
    const item = (name: string, text: string) => h("span", { class: "stat", attrs: { "data-stat": name } }, text);
    this.el.replaceChildren(
      item("words", t("stats.words", { count: s.words })),
      item("chars", t("stats.chars", { count: s.chars })),
      item("chars-no-spaces", t("stats.charsNoSpaces", { count: s.chars_no_spaces })),
      item("reading", t("stats.reading", { minutes: s.reading_minutes })),
    );
  }
}
