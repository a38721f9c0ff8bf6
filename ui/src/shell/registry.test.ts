import { describe, expect, it } from "vitest";
import { registerArticleTab, registerView, registeredArticleTabs, registeredViews } from "./registry";

const view = (id: string, order: number) => ({ id, order, label: "nav.articles" as const, icon: "x", mount: () => ({}) });
const tab = (id: string, order: number) => ({ id, order, label: "panel.preview" as const, mount: () => ({ update() {} }) });

describe("registry", () => {
  it("orders views and tabs by their order, whatever the import order", () => {
    registerView(view("later", 50));
    registerView(view("first", 5));
    expect(registeredViews().map((v) => v.id)).toEqual(["first", "later"]);
    registerArticleTab(tab("b", 20));
    registerArticleTab(tab("a", 10));
    expect(registeredArticleTabs().map((t) => t.id)).toEqual(["a", "b"]);
  });

  it("refuses an id registered twice, which would hide one screen", () => {
    expect(() => registerView(view("first", 1))).toThrow(/twice/);
    expect(() => registerArticleTab(tab("a", 1))).toThrow(/twice/);
  });
});
