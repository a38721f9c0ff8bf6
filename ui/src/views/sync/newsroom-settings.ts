// The newsroom's own settings on the Site screen: how slugs are transliterated (editors
// choose; the core refuses others) and the newsroom dictionary the spell check accepts.
// Both live in this computer's database; sync sends neither. The image settings
// (./image-settings.ts) too.
import { h } from "../../lib/dom";
import { t } from "../../lib/i18n";
import { addNewsroomWord, newsroomWords, removeNewsroomWord, setSlugScheme, slugScheme } from "../../lib/ipc/text";
import { imageSettingsControl } from "./image-settings";
import { toast } from "../../lib/toast";

const SCHEMES = ["passport", "gost"] as const;

function failed(error: unknown): void {
  toast(t("error.generic", { reason: (error as Error).message }), "error");
}

function slugSchemeControl(): { el: HTMLElement; refresh(): Promise<void> } {
  const select = h(
    "select",
    { testid: "slug-scheme" },
    ...SCHEMES.map((s) => h("option", { attrs: { value: s }, text: `slug.scheme.${s}` })),
  );
  let current = "passport";
  select.addEventListener("change", () => {
    const wanted = select.value;
    setSlugScheme(wanted)
      .then((scheme) => {
        current = scheme;
        toast(t("slug.schemeSaved", { scheme: t(`slug.scheme.${scheme as (typeof SCHEMES)[number]}`) }));
      })
      .catch((error) => {
        select.value = current; // refused (not an editor): show what is in force
        failed(error);
      });
  });
  const el = h(
    "div",
    { class: "newsroom-setting" },
    h("label", { class: "field" }, h("span", { class: "field-label", text: "slug.scheme" }), select),
    h("p", { class: "hint", text: "slug.schemeHint" }),
  );
  return {
    el,
    async refresh() {
      try {
        current = await slugScheme();
        select.value = current;
      } catch (error) {
        failed(error);
      }
    },
  };
}

function dictionaryControl(): { el: HTMLElement; refresh(): Promise<void> } {
  const list = h("ul", { class: "spell-words", testid: "newsroom-words" });
  const input = h("input", { testid: "newsroom-word-input", placeholder: "spell.wordPlaceholder", attrs: { type: "text", spellcheck: "false" } });
  const render = (words: string[]) => {
    list.replaceChildren(
      ...(words.length
        ? words.map((word) =>
            h(
              "li",
              { testid: "newsroom-word" },
              word,
              h("button", {
                title: "spell.remove",
                attrs: { "aria-label": t("spell.remove") },
                on: { click: () => void removeNewsroomWord(word).then(render).catch(failed) },
              }, "×"),
            ),
          )
        : [h("li", { class: "hint", text: "spell.empty" })]),
    );
  };
  const add = async () => {
    const word = input.value.trim();
    if (!word) return;
    try {
      render(await addNewsroomWord(word));
      input.value = "";
    } catch (error) {
      failed(error);
    }
  };
  const form = h(
    "form",
    { class: "field-row", on: { submit: (event) => { event.preventDefault(); void add(); } } },
    input,
    h("button", { class: "button", testid: "newsroom-word-add", text: "spell.addWord", attrs: { type: "submit" } }),
  );
  const el = h(
    "div",
    { class: "newsroom-setting" },
    h("h4", { text: "spell.dictionary" }),
    h("p", { class: "hint", text: "spell.dictionaryHint" }),
    form,
    list,
  );
  return {
    el,
    async refresh() {
      try {
        render(await newsroomWords());
      } catch (error) {
        failed(error);
      }
    },
  };
}

/** The card: call `refresh` when the screen is shown. */
export function newsroomSettingsCard(): { el: HTMLElement; refresh(): Promise<void> } {
  const scheme = slugSchemeControl();
  const dictionary = dictionaryControl();
  const images = imageSettingsControl();
  const el = h(
    "section",
    { class: "sync-card", testid: "newsroom-settings" },
    h("h3", { text: "newsroom.settings" }),
    scheme.el,
    dictionary.el,
    images.el,
  );
  return {
    el,
    refresh: async () => {
      await Promise.all([scheme.refresh(), dictionary.refresh(), images.refresh()]);
    },
  };
}
