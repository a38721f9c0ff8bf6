// The article's images: thumbnails, alt text, caption, credit and rights for each, a flag on
// every image still missing alt text or a credit (approval waits for them), the featured
// image, and removing an image the text no longer shows. Inserting is in the editor (paste,
// drop, "Insert image…"); this tab follows along through the "images-changed" event.
import type { ArticleImage } from "../../../lib/bindings/ArticleImage";
import type { ImageDescription } from "../../../lib/bindings/ImageDescription";
import { h } from "../../../lib/dom";
import { t, type MessageKey } from "../../../lib/i18n";
import { articleImages, describeImage, removeImageFromArticle, setFeaturedImage, thumbnailUrl } from "../../../lib/ipc/media";
import { toast } from "../../../lib/toast";
import { on } from "../../../shell/bus";
import { registerArticleTab } from "../../../shell/registry";

registerArticleTab({
  id: "media",
  label: "panel.media",
  order: 15,
  mount(host, ctx) {
    const list = h("ol", { class: "media-list", testid: "media-list" });
    const empty = h("p", { class: "media-empty", testid: "media-empty", text: "media.empty" });
    host.append(h("section", { class: "media" }, empty, list));
    let visible = false;
    let stale = true;
    let seq = 0;

    async function load(): Promise<void> {
      const id = ctx.article()?.id;
      stale = false;
      const mine = ++seq;
      if (!id) {
        list.replaceChildren();
        empty.hidden = false;
        return;
      }
      try {
        const images = await articleImages(id);
        if (mine === seq) show(id, images);
      } catch (error) {
        if (mine === seq) list.replaceChildren(h("li", {}, (error as Error).message));
      }
    }

    function show(id: string, images: ArticleImage[]): void {
      empty.hidden = images.length > 0;
      list.replaceChildren(...images.map((image) => item(id, image)));
    }

    function item(id: string, entry: ArticleImage): HTMLElement {
      const { image } = entry;
      const described = { ...image.description };
      const flag = h("p", { class: "media-flag", testid: "media-undescribed", text: "media.undescribed" });
      flag.hidden = entry.described;
      const field = (name: keyof ImageDescription, label: MessageKey, multiline: boolean) => {
        const input = multiline
          ? h("textarea", { testid: `media-${name}`, attrs: { rows: "2" } })
          : h("input", { testid: `media-${name}`, attrs: { type: "text" } });
        input.value = described[name];
        input.addEventListener("change", () => void save(name, input.value));
        return h("label", { class: "field" }, h("span", { class: "field-label", text: label }), input);
      };
      async function save(name: keyof ImageDescription, value: string): Promise<void> {
        described[name] = value;
        try {
          const record = await describeImage(image.hash, described);
          Object.assign(described, record.description);
          // The list is not redrawn here: the author may be typing in the next field.
          flag.hidden = record.description.alt.trim() !== "" && record.description.credit.trim() !== "";
        } catch (error) {
          toast(t("media.saveFailed", { reason: (error as Error).message }), "error");
        }
      }
      const featured = h("input", { testid: "media-featured", attrs: { type: "radio", name: `featured-${id}` } });
      featured.checked = entry.featured;
      featured.addEventListener("change", () => void choose(featured.checked ? image.hash : null));
      async function choose(hash: string | null): Promise<void> {
        try {
          show(id, await ctx.write(() => setFeaturedImage(id, hash)));
        } catch (error) {
          toast((error as Error).message, "error");
          void load();
        }
      }
      const remove = h("button", { class: "button button-small", testid: "media-remove", text: "media.remove" });
      remove.hidden = entry.in_body;
      remove.addEventListener("click", async () => {
        try {
          show(id, await ctx.write(() => removeImageFromArticle(id, image.hash)));
        } catch (error) {
          toast((error as Error).message, "error");
        }
      });
      const thumb = h("img", { class: "media-thumb", testid: "media-thumb", attrs: { src: thumbnailUrl(image), alt: image.description.alt } });
      const size = h("span", { class: "media-size" }, t("media.size", { width: image.width, height: image.height }));
      const notInText = h("span", { class: "media-note", text: "media.notInText" });
      notInText.hidden = entry.in_body;
      return h(
        "li",
        { class: "media-item", testid: "media-item", attrs: { "data-hash": image.hash } },
        h("div", { class: "media-head" }, thumb, h("div", {}, size, notInText, h("label", { class: "media-featured" }, featured, h("span", { text: "media.featured" })), remove)),
        flag,
        field("alt", "media.alt", false),
        field("caption", "media.caption", true),
        field("credit", "media.credit", false),
        field("rights", "media.rights", true),
      );
    }

    const refresh = () => {
      stale = true;
      if (visible) void load();
    };
    on("images-changed", ({ id }) => {
      if (ctx.article()?.id === id) refresh();
    });
    return {
      // Whether an image is in the text is read from the saved body, so a save refreshes too.
      update: refresh,
      shown: () => {
        visible = true;
        if (stale) void load();
      },
      hidden: () => {
        visible = false;
      },
    };
  },
});
