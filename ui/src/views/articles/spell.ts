// Spell check of the open article: the body's misspelled words as CodeMirror marks, the
// headline's as marks drawn on a mirror behind its textarea, suggestions and "add to the
// newsroom dictionary" on right-click, and the language chosen in the footer. The checking
// itself runs in Rust on this computer (lib/ipc/text.ts).
import type { EditorView } from "@codemirror/view";
import type { SpellReport } from "../../lib/bindings/SpellReport";
import { debounce, h } from "../../lib/dom";
import { onLocaleChange, t } from "../../lib/i18n";
import {
  addNewsroomWord,
  checkSpelling,
  setSpellLanguage,
  spellingSuggestions,
  spellLanguage,
} from "../../lib/ipc/text";
import { toast } from "../../lib/toast";
import { setSpellMarks, spellMarkAt } from "../../editor/spell-marks";

const CHECK_DEBOUNCE_MS = 500;
const LANGUAGES = ["auto", "ru", "kk", "en", "off"] as const;

export class SpellController {
  /** The footer control: the language select and a line about missing dictionaries. */
  readonly el: HTMLElement;
  /** The headline with its mirror; goes where the bare textarea went. */
  readonly headlineBox: HTMLElement;
  private readonly mirror: HTMLElement;
  private readonly select: HTMLSelectElement;
  private readonly status: HTMLElement;
  private language = "auto";
  /** The language the last check used (suggestions come from the same dictionary). */
  private checkedIn = "ru";
  private bodySeq = 0;
  private headlineSeq = 0;
  private menu: HTMLElement | null = null;
  private missing: string[] = [];
  readonly scheduleCheck = debounce(() => void this.checkAll(), CHECK_DEBOUNCE_MS);

  constructor(
    private readonly view: EditorView,
    private readonly headline: HTMLTextAreaElement,
  ) {
    this.select = h("select", {
      testid: "spell-language",
      title: "spell.language",
      on: { change: () => void this.choose(this.select.value) },
    });
    this.status = h("span", { class: "spell-status", testid: "spell-status" });
    this.el = h("label", { class: "spell-control" }, h("span", { class: "field-label", text: "spell.label" }), this.select, this.status);
    this.fillSelect();
    onLocaleChange(() => {
      this.fillSelect();
      this.renderStatus();
    });

    this.mirror = h("div", { class: "headline-mirror field-headline", testid: "headline-spelling", attrs: { "aria-hidden": "true" } });
    this.headlineBox = h("div", { class: "headline-box" }, this.mirror, headline);
    headline.setAttribute("spellcheck", "false");
    headline.addEventListener("input", () => {
      this.renderHeadline([]);
      this.scheduleCheck();
    });
    headline.addEventListener("contextmenu", (event) => this.headlineMenu(event));
    view.dom.addEventListener("contextmenu", (event) => this.bodyMenu(event));
    document.addEventListener("mousedown", (event) => {
      if (this.menu && !this.menu.contains(event.target as Node)) this.closeMenu();
    });
    document.addEventListener("keydown", (event) => {
      if (event.key === "Escape") this.closeMenu();
    });
    void spellLanguage()
      .then((language) => {
        this.language = language;
        this.select.value = language;
        this.scheduleCheck();
      })
      .catch(() => undefined);
  }

  /** Checks both fields now (an article was opened, the language or dictionary changed). */
  async checkAll(): Promise<void> {
    this.scheduleCheck.cancel();
    this.missing = [];
    await Promise.all([this.checkBody(), this.checkHeadline()]);
    this.renderStatus();
  }

  private fillSelect(): void {
    const value = this.select.value || this.language;
    this.select.replaceChildren(
      ...LANGUAGES.map((code) => h("option", { attrs: { value: code }, text: `spell.lang.${code}` })),
    );
    this.select.value = value;
  }

  private async choose(language: string): Promise<void> {
    try {
      this.language = await setSpellLanguage(language);
    } catch (error) {
      toast(t("error.generic", { reason: (error as Error).message }), "error");
    }
    await this.checkAll();
  }

  private async checkBody(): Promise<void> {
    const seq = ++this.bodySeq;
    const doc = this.view.state.doc;
    const report = await this.ask(doc.toString(), true);
    // An answer for a text that has changed since is dropped; the edit scheduled a new one.
    if (!report || seq !== this.bodySeq || this.view.state.doc !== doc) return;
    this.checkedIn = report.language;
    this.view.dispatch({ effects: setSpellMarks.of(report.marks) });
  }

  private async checkHeadline(): Promise<void> {
    const seq = ++this.headlineSeq;
    const text = this.headline.value;
    const report = await this.ask(text, false);
    if (!report || seq !== this.headlineSeq || this.headline.value !== text) return;
    this.renderHeadline(report.marks);
  }

  private async ask(text: string, markdown: boolean): Promise<SpellReport | null> {
    try {
      const report = await checkSpelling(text, markdown, this.language);
      for (const line of report.missing) if (!this.missing.includes(line)) this.missing.push(line);
      return report;
    } catch (error) {
      this.missing = [(error as Error).message];
      return null;
    }
  }

  private renderStatus(): void {
    this.status.textContent = this.missing.length ? t("spell.missing", { reason: this.missing.join("; ") }) : "";
    this.status.title = this.status.textContent;
  }

  /** The headline's text on the mirror, each misspelled word in a `mark`. */
  private renderHeadline(marks: SpellReport["marks"]): void {
    const text = this.headline.value;
    const parts: (Node | string)[] = [];
    let at = 0;
    for (const m of marks) {
      if (m.from < at || m.to > text.length) continue;
      parts.push(text.slice(at, m.from));
      parts.push(h("mark", { class: "spell-misspelled", attrs: { "data-word": m.word, "data-from": String(m.from) } }, text.slice(m.from, m.to)));
      at = m.to;
    }
    parts.push(text.slice(at));
    this.mirror.replaceChildren(...parts);
  }

  private bodyMenu(event: MouseEvent): void {
    const pos = this.view.posAtCoords({ x: event.clientX, y: event.clientY });
    const mark = pos === null ? null : spellMarkAt(this.view.state, pos);
    if (!mark) return;
    event.preventDefault();
    void this.openMenu(event, mark.word, (replacement) => {
      // Only if the word is still there (a late click after more typing), and never in a
      // read-only article (a dispatch is not stopped by the read-only facet).
      if (this.view.state.readOnly || this.view.state.sliceDoc(mark.from, mark.to) !== mark.word) return;
      this.view.dispatch({ changes: { from: mark.from, to: mark.to, insert: replacement }, userEvent: "input.spell" });
    });
  }

  private headlineMenu(event: MouseEvent): void {
    const hit = [...this.mirror.querySelectorAll<HTMLElement>("mark.spell-misspelled")].find((mark) =>
      [...mark.getClientRects()].some(
        (r) => event.clientX >= r.left && event.clientX <= r.right && event.clientY >= r.top && event.clientY <= r.bottom,
      ),
    );
    if (!hit) return;
    event.preventDefault();
    const word = hit.dataset.word ?? "";
    const from = Number(hit.dataset.from);
    void this.openMenu(event, word, (replacement) => {
      const text = this.headline.value;
      if (this.headline.readOnly || text.slice(from, from + word.length) !== word) return;
      this.headline.value = text.slice(0, from) + replacement + text.slice(from + word.length);
      this.headline.dispatchEvent(new Event("input", { bubbles: true }));
    });
  }

  /** The menu of a marked word: its corrections, then "add to the newsroom dictionary". */
  private async openMenu(event: MouseEvent, word: string, replace: (replacement: string) => void): Promise<void> {
    this.closeMenu();
    const list = h("div", { class: "spell-suggestions" }, h("span", { class: "hint", text: "spell.searching" }));
    const menu = h(
      "div",
      { class: "spell-menu", testid: "spell-menu", attrs: { role: "menu" } },
      list,
      h("button", {
        class: "spell-item spell-add",
        testid: "spell-add",
        text: "spell.addToDictionary",
        attrs: { role: "menuitem" },
        on: { click: () => void this.addWord(word) },
      }),
    );
    menu.style.left = `${event.clientX}px`;
    menu.style.top = `${event.clientY}px`;
    document.body.append(menu);
    this.menu = menu;
    const language = this.checkedIn === "off" ? "ru" : this.checkedIn;
    let suggestions: string[] = [];
    try {
      suggestions = await spellingSuggestions(word, language);
    } catch (error) {
      list.replaceChildren(h("span", { class: "hint" }, (error as Error).message));
      return;
    }
    if (this.menu !== menu) return;
    list.replaceChildren(
      ...(suggestions.length
        ? suggestions.map((s) =>
            h(
              "button",
              {
                class: "spell-item",
                testid: "spell-suggestion",
                attrs: { role: "menuitem" },
                on: {
                  click: () => {
                    this.closeMenu();
                    replace(s);
                  },
                },
              },
              s,
            ),
          )
        : [h("span", { class: "hint", text: "spell.noSuggestions" })]),
    );
  }

  private async addWord(word: string): Promise<void> {
    this.closeMenu();
    try {
      await addNewsroomWord(word);
      toast(t("spell.added", { word }));
    } catch (error) {
      toast(t("error.generic", { reason: (error as Error).message }), "error");
    }
    await this.checkAll();
  }

  private closeMenu(): void {
    this.menu?.remove();
    this.menu = null;
  }
}
