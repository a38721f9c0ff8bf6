// The tag editor beside the article: chips for the article's tags and a field that
// autocompletes over all tags as you type (case, ё/е ignored; Kazakh letters kept).
// A new name becomes a tag; if it resembles existing ones the user is told which.
import type { Article } from "../../lib/bindings/Article";
import type { Tag } from "../../lib/bindings/Tag";
import { debounce, h } from "../../lib/dom";
import { t } from "../../lib/i18n";
import { getArticle } from "../../lib/ipc/articles";
import { articleTags, autocompleteTags, setArticleTags } from "../../lib/ipc/tags";
import { toast } from "../../lib/toast";
import { registerArticleTab } from "../../shell/registry";

const KEYSTROKE_MS = 60;

registerArticleTab({
  id: "tags",
  label: "panel.tags",
  order: 16,
  mount(host, ctx) {
    const chips = h("ul", { class: "tag-chips", testid: "tag-chips" });
    const input = h("input", { class: "tag-input", testid: "tag-input", placeholder: "tags.placeholder", attrs: { type: "text", autocomplete: "off" } });
    const suggestions = h("ul", { class: "tag-suggestions", testid: "tag-suggestions" });
    const warnings = h("div", { class: "tag-warnings", testid: "tag-warnings" });
    host.append(h("div", { class: "tags-editor" }, chips, h("div", { class: "tag-field" }, input, suggestions), warnings));

    let current: Article | null = null;
    let tags: Tag[] = [];
    let offered: Tag[] = [];
    let highlighted = 0;
    let seq = 0;

    function fail(error: unknown): void {
      toast(t("tags.failed", { reason: (error as Error).message }), "error");
    }

    function renderChips(): void {
      chips.replaceChildren(
        ...tags.map((tag) =>
          h("li", { class: tag.is_flag ? "tag-chip tag-flag" : "tag-chip", testid: "tag-chip", attrs: { "data-name": tag.name } },
            tag.name,
            h("button", { class: "tag-remove", testid: "tag-remove", title: "tags.remove", on: { click: () => void save(tags.filter((x) => x.id !== tag.id).map((x) => x.name)) } }, "×"),
          ),
        ),
      );
    }

    function renderSuggestions(): void {
      suggestions.replaceChildren(
        ...offered.map((tag, i) =>
          h("li", {
            class: i === highlighted ? "tag-suggestion active" : "tag-suggestion",
            testid: "tag-suggestion",
            attrs: { "data-name": tag.name },
            on: { mousedown: (e) => { e.preventDefault(); void pick(tag.name); } },
          }, tag.name, h("span", { class: "tag-uses" }, ` ${tag.use_count}`)),
        ),
      );
    }

    const suggest = debounce(async () => {
      const mine = ++seq;
      const text = input.value.trim();
      if (!text) {
        offered = [];
        renderSuggestions();
        return;
      }
      try {
        const found = await autocompleteTags(text, 8);
        if (mine !== seq) return;
        offered = found.filter((f) => !tags.some((x) => x.id === f.id));
        highlighted = 0;
        renderSuggestions();
      } catch (error) {
        fail(error);
      }
    }, KEYSTROKE_MS);

    input.addEventListener("input", () => void suggest());
    input.addEventListener("keydown", (e) => {
      if (e.key === "ArrowDown" && offered.length) {
        highlighted = (highlighted + 1) % offered.length;
        renderSuggestions();
        e.preventDefault();
      } else if (e.key === "ArrowUp" && offered.length) {
        highlighted = (highlighted + offered.length - 1) % offered.length;
        renderSuggestions();
        e.preventDefault();
      } else if (e.key === "Enter") {
        e.preventDefault();
        const chosen = offered[highlighted]?.name ?? input.value.trim();
        if (chosen) void pick(chosen);
      } else if (e.key === "Escape") {
        offered = [];
        renderSuggestions();
      }
    });

    async function pick(name: string): Promise<void> {
      input.value = "";
      offered = [];
      renderSuggestions();
      await save([...tags.map((x) => x.name), name]);
    }

    async function save(names: string[]): Promise<void> {
      try {
        let id = "";
        const result = await ctx.write((a) => {
          id = a.id;
          return setArticleTags(a.id, names);
        });
        // A tag change is an edit of the article (its version moved), so the editor's next
        // save must start from the stored article, not the one it had before.
        ctx.replaceArticle(await getArticle(id));
        tags = result.tags;
        renderChips();
        warnings.replaceChildren(
          ...result.created
            .filter((c) => c.similar.length > 0)
            .map((c) => h("p", { class: "tag-warning", testid: "tag-warning" }, t("tags.similar", { name: c.name, similar: c.similar.map((s) => `«${s.name}»`).join(", ") }))),
        );
      } catch (error) {
        fail(error);
      }
    }

    async function load(): Promise<void> {
      const article = current;
      warnings.replaceChildren();
      if (!article) {
        tags = [];
        renderChips();
        return;
      }
      try {
        tags = await articleTags(article.id);
        renderChips();
      } catch (error) {
        fail(error);
      }
    }

    return {
      update(article, change) {
        const switched = article?.id !== current?.id;
        current = article;
        if (switched || change === "replaced" || change === "opened") void load();
      },
    };
  },
});
