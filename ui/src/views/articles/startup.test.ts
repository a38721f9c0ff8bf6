import { beforeEach, describe, expect, it, vi } from "vitest";

const remembered: (string | null)[] = [];
vi.mock("../../lib/ipc/app", () => ({
  rememberOpenArticle: (id: string | null) => {
    remembered.push(id);
    return Promise.resolve();
  },
  startupMark: () => Promise.resolve(),
}));

const { rememberOpenArticle, setArticleToReopen, takeArticleToReopen } = await import("./startup");
import type { Article } from "../../lib/bindings/Article";

const article = { id: "0190a5c4-0000-7000-8000-000000000001" } as Article;

describe("reopening the article open at closing", () => {
  beforeEach(() => {
    remembered.length = 0;
    setArticleToReopen(null);
  });

  it("hands the article over once", () => {
    setArticleToReopen(article);
    expect(takeArticleToReopen()).toBe(article);
    expect(takeArticleToReopen()).toBeNull();
  });

  it("writes only when the open article changes", () => {
    setArticleToReopen(article);
    rememberOpenArticle(article.id); // the reopened one: already stored
    rememberOpenArticle("other");
    rememberOpenArticle("other");
    rememberOpenArticle(null);
    expect(remembered).toEqual(["other", null]);
  });
});
