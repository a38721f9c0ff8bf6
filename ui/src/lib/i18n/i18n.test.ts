import { describe, expect, it } from "vitest";
import { bundles, catalog, LOCALES } from "./catalog";
import { detectLocale } from "./index";

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
