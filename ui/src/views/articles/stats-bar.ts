// Word and character counts and reading time, computed in Rust (right for Cyrillic).
import type { Stats } from "../../lib/bindings/Stats";
import type { WordTarget } from "../../lib/bindings/WordTarget";
import { h } from "../../lib/dom";
import { onLocaleChange, t } from "../../lib/i18n";
import { fitOf } from "./word-target";

export class StatsBar {
  readonly el: HTMLElement;
  private stats: Stats | null = null;
  private target: WordTarget | null = null;

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

  /** The open article's word-count target, shown beside the count and coloured by fit. */
  setTarget(target: WordTarget | null): void {
    this.target = target;
    this.render();
  }

  private render(): void {
    const s = this.stats;
    if (!s) {
      this.el.replaceChildren();
      return;
    }
    const item = (name: string, text: string) => h("span", { class: "stat", attrs: { "data-stat": name } }, text);
    const target = this.targetItem(s.words);
    this.el.replaceChildren(
      item("words", t("stats.words", { count: s.words })),
      ...(target ? [target] : []),
      item("chars", t("stats.chars", { count: s.chars })),
      item("chars-no-spaces", t("stats.charsNoSpaces", { count: s.chars_no_spaces })),
      item("reading", t("stats.reading", { minutes: s.reading_minutes })),
    );
  }

  private targetItem(words: number): HTMLElement | null {
    const target = this.target;
    if (!target) return null;
    const text = target.max === null ? t("stats.targetMin", { min: target.min }) : t("stats.target", { min: target.min, max: target.max });
    const fit = fitOf(words, target);
    return h("span", { class: `stat stat-target target-${fit}`, testid: "stats-target", attrs: { "data-stat": "target", "data-fit": fit, title: t(`stats.fit.${fit}`) } }, text);
  }
}
