import { describe, expect, it } from "vitest";
import { bundles, catalog, LOCALES } from "./catalog";
import { detectLocale, pluralForm, setLocale, t } from "./index";

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe("message catalog", () => {
  it("has every key in every language, never empty", () => {
    for (const bundle of bundles) {
      for (const key of Object.keys(bundle.en)) {
        for (const loc of LOCALES) {
          const text = (bundle as unknown as Record<string, Record<string, string>>)[loc][key];
          expect(text, `${loc} is missing ${key}: a user would see the raw key`).toBeTruthy();
        }
      }
    }
  });

  it("uses the same placeholders in Russian and English", () => {
    for (const key of Object.keys(catalog.en)) {
      expect(placeholders(catalog.ru[key]), `placeholders of ${key} differ, a value would be lost`).toEqual(
        placeholders(catalog.en[key]),
      );
    }
  });

  it("has no key twice across bundles", () => {
    const seen = new Set<string>();
    for (const bundle of bundles) {
      for (const key of Object.keys(bundle.en)) {
        expect(seen.has(key), `${key} is defined by two bundles; one would silently win`).toBe(false);
        seen.add(key);
      }
    }
  });
});

describe("detectLocale", () => {
  it("prefers a saved choice, then the system language", () => {
    expect(detectLocale("en", "ru-RU")).toBe("en");
    expect(detectLocale(null, "ru-RU")).toBe("ru");
    expect(detectLocale(null, "kk-KZ")).toBe("ru");
    expect(detectLocale(null, "en-US")).toBe("en");
    expect(detectLocale("xx", "de-DE"), "an unknown saved value falls back to detection").toBe("en");
  });
});

describe("plural forms", () => {
  it("follows English and Russian rules", () => {
    const en = ["word", "words"];
    expect([1, 2, 0, 21].map((n) => pluralForm("en", n, en))).toEqual(["word", "words", "words", "words"]);
    const ru = ["статья", "статьи", "статей"];
    expect([1, 2, 5, 11, 21, 22, 25, 111].map((n) => pluralForm("ru", n, ru))).toEqual([
      "статья", "статьи", "статей", "статей", "статья", "статьи", "статей", "статей",
    ]);
  });

  it("fills {count|…} in messages", () => {
    setLocale("en", false);
    expect(t("list.words", { count: 1 })).toBe("1 word");
    expect(t("list.words", { count: 7 })).toBe("7 words");
  });
});
