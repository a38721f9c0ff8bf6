// The image settings on the Site screen (issue 12): the long edge of the web copy (what the
// preview shows and the site gets), the thumbnails' long edge, and whether the untouched
// original is kept on this computer. They live in this computer's database and apply to
// images inserted after a change; the core checks the ranges and its refusal is shown.
import { h } from "../../lib/dom";
import { t } from "../../lib/i18n";
import type { ImageSettings } from "../../lib/bindings/ImageSettings";
import { imageSettings, setImageSettings } from "../../lib/ipc/media";
import { toast } from "../../lib/toast";
import { THUMB_LONG_EDGE, WEB_LONG_EDGE, type EdgeRange } from "./image-ranges";

function numberField(testid: string, { min, max }: EdgeRange): HTMLInputElement {
  return h("input", { testid, attrs: { type: "number", min: String(min), max: String(max), step: "1", inputmode: "numeric" } });
}

/** The "Images" section: call `refresh` when the screen is shown. */
export function imageSettingsControl(): { el: HTMLElement; refresh(): Promise<void> } {
  const web = numberField("image-web-long-edge", WEB_LONG_EDGE);
  const thumb = numberField("image-thumb-long-edge", THUMB_LONG_EDGE);
  const keep = h("input", { testid: "image-keep-originals", attrs: { type: "checkbox" } });
  const error = h("p", { class: "field-error", testid: "image-settings-error", attrs: { role: "alert" } });
  error.hidden = true;
  let current: ImageSettings | null = null;

  const show = (settings: ImageSettings) => {
    current = settings;
    web.value = String(settings.web_long_edge);
    thumb.value = String(settings.thumb_long_edge);
    keep.checked = settings.keep_originals;
  };
  const fail = (message: string) => {
    error.textContent = message;
    error.hidden = false;
  };

  const save = async () => {
    error.hidden = true;
    // What the fields hold goes to the core as it is (an empty field as 0): the core's
    // refusal names the range, in the interface language.
    const wanted: ImageSettings = {
      web_long_edge: Math.trunc(Number(web.value) || 0),
      thumb_long_edge: Math.trunc(Number(thumb.value) || 0),
      keep_originals: keep.checked,
    };
    try {
      show(await setImageSettings(wanted));
      toast(t("images.saved"));
    } catch (e) {
      fail((e as Error).message);
      toast(t("images.saveFailed", { reason: (e as Error).message }), "error");
    }
  };

  const form = h(
    "form",
    {
      class: "image-settings",
      testid: "image-settings",
      // The core checks the ranges and says what is wrong in the interface language; the
      // browser's own check would block the form with a bubble of its own instead.
      attrs: { novalidate: "" },
      on: {
        submit: (event) => {
          event.preventDefault();
          void save();
        },
      },
    },
    h("label", { class: "field" }, h("span", { class: "field-label", text: "images.webLongEdge" }), web),
    h("p", { class: "hint", text: "images.webLongEdgeHint" }),
    h("label", { class: "field" }, h("span", { class: "field-label", text: "images.thumbLongEdge" }), thumb),
    h("label", { class: "field field-check" }, keep, h("span", { text: "images.keepOriginals" })),
    h("p", { class: "hint", text: "images.keepOriginalsHint" }),
    error,
    h("button", { class: "button", testid: "image-settings-save", text: "images.save", attrs: { type: "submit" } }),
  );
  const el = h(
    "div",
    { class: "newsroom-setting" },
    h("h4", { text: "images.settings" }),
    h("p", { class: "hint", text: "images.settingsHint" }),
    form,
  );
  return {
    el,
    async refresh() {
      try {
        show(await imageSettings());
        error.hidden = true;
      } catch (e) {
        if (current) show(current);
        fail((e as Error).message);
      }
    },
  };
}
