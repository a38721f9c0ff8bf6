import { describe, expect, it } from "vitest";
import { bundles, catalog, LOCALES } from "./catalog";
import { detectLocale, pluralForm, say, setLocale, t, type MessageKey } from "./index";

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

describe("filled messages", () => {
  const names = (s: string) => [...new Set([...s.matchAll(/\{(\w+)(?:\|[^}]*)?\}/g)].map((m) => m[1]))];

  // A count passed as a number must never leave a raw `{count|word|words}` on screen, in
  // either language, whatever the number.
  it.each([0, 1, 2, 5, 21, 1234])("leaves no raw template with every count = %d", (n) => {
    for (const loc of LOCALES) {
      setLocale(loc, false);
      for (const key of Object.keys(catalog.en)) {
        const params = Object.fromEntries(names(catalog[loc][key]).map((name) => [name, n]));
        const text = t(key as MessageKey, params);
        expect(text, `${loc} ${key}`).not.toMatch(/[{}|]/);
      }
    }
  });

  it("writes numbers the language's way and still picks the plural form", () => {
    setLocale("en", false);
    expect(t("stats.words", { count: 1234 })).toBe("1,234 words");
    expect(t("stats.chars", { count: 1 })).toBe("1 character");
    setLocale("ru", false);
    expect(t("check.words", { found: 21, min: 300 })).toBe("Текст: 21 слово (нужно не меньше 300)");
    expect(t("check.words", { found: 1234, min: 300 }).replace(/\s/g, " ")).toBe("Текст: 1 234 слова (нужно не меньше 300)");
  });

  it("picks a plural form for a count that came as text", () => {
    setLocale("en", false);
    expect(t("list.words", { count: "44" })).toBe("44 words");
  });
});

// Every string a user sees comes from the catalog. A hard-coded label, placeholder, title,
// toast or dialog text stays in one language when the user switches; this scan finds the
// forms the views use to show text. (Text from the core is checked in the window test
// test_i18n.py, which reads the screens themselves.)
describe("no hard-coded user-visible strings", () => {
  // Every view and library source (not tests, generated bindings or the catalog itself).
  const files = Object.entries(
    import.meta.glob<string>(["../../**/*.ts", "!../../**/*.test.ts", "!../../lib/bindings/**", "!../../lib/i18n/**"], {
      query: "?raw",
      import: "default",
      eager: true,
    }),
  );
  // A literal with a word of letters (Latin or Cyrillic) in it: what a person reads.
  const WORDS = /[A-Za-zА-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі]{2,}[^"`]*\s|[А-Яа-яЁё]{2,}/;
  const SHOWN = [
    /\b(?:toast|confirm|alert|prompt)\(\s*["'`]([^"'`]+)["'`]/g,
    /\.(?:textContent|innerText|title|placeholder)\s*=\s*["'`]([^"'`]+)["'`]/g,
    /setAttribute\(\s*["'](?:placeholder|title|aria-label)["']\s*,\s*["'`]([^"'`]+)["'`]/g,
    /\b(?:placeholder|title|label|"aria-label")\s*:\s*["'`]([^"'`]+)["'`]/g,
  ];
  const keys = new Set(Object.keys(catalog.en));

  it("shows only catalog messages", () => {
    const found: string[] = [];
    expect(files.length, "the scan found the sources").toBeGreaterThan(30);
    for (const [file, text] of files) {
      for (const pattern of SHOWN) {
        for (const m of text.matchAll(pattern)) {
          const literal = m[1];
          if (keys.has(literal) || literal.includes("${") || !WORDS.test(literal)) continue;
          found.push(`${file}: ${m[0]}`);
        }
      }
    }
    expect(found, "user-visible text not in the message catalog").toEqual([]);
  });

  it("passes counts to t() as numbers (a formatted count cannot pick a plural form)", () => {
    const found = files.flatMap(([file, text]) =>
      [...text.matchAll(/\bt\([^()]*\{[^}]*formatNumber\(/g)].map((m) => `${file}: ${m[0]}`),
    );
    expect(found).toEqual([]);
  });
});

// Rust sends some sentences as a message key with arguments (`Said`: workflow refusals,
// schedule problems and warnings, image refusals and notices). A key the catalog lacks would show the English fallback
// in a Russian interface, so every key written in the core's sources must be here.
describe("keys the core sends", () => {
  const sources = Object.entries(
    import.meta.glob<string>("../../../../crates/newsroom-core/src/**/*.rs", { query: "?raw", import: "default", eager: true }),
  );
  const KEY = /"((?:refusal|schedule\.problem|schedule\.warning|editor\.readOnly|image)\.[a-z_.]+)"/g;

  it("are all in the catalog", () => {
    const sent = new Set(sources.flatMap(([, text]) => [...text.matchAll(KEY)].map((m) => m[1])));
    expect(sources.length, "the scan found the core's sources").toBeGreaterThan(20);
    expect(sent.size, "the scan found the keys").toBeGreaterThan(12);
    // Keys built from a role name (`refusal.role.{role}`).
    for (const role of ["journalist", "editor"]) sent.add(`refusal.role.${role}`);
    const missing = [...sent].filter((key) => !(key in catalog.en) || !(key in catalog.ru));
    expect(missing, "keys the core sends that the UI cannot translate").toEqual([]);
  });

  it("translates a key argument and falls back to the English text", () => {
    setLocale("ru", false);
    expect(
      say({ key: "refusal.not_from_state", args: { action: { key: "action.approve" }, state: { key: "status.draft" } }, text: "x" }),
    ).toBe("«Одобрить» сейчас недоступно: статья в состоянии «Черновик».");
    expect(say({ key: "schedule.warning.in_past", args: { ago: { minutes: 5 } }, text: "x" })).toBe(
      "Это время прошло 5 минут назад; статья будет опубликована сразу.",
    );
    expect(say({ key: "schedule.warning.lead_later", args: { headline: "Барыс", gap: { minutes: 3035 } }, text: "x" })).toBe(
      "«Барыс» — тоже главная статья, на 50 ч 35 мин позже.",
    );
    expect(say({ key: "refusal.trash", args: { why: { key: "refusal.why.with_the_desk" } }, text: "x" })).toBe(
      "Нельзя переместить в корзину: материал у редакторов (сначала отзовите его).",
    );
    expect(say({ key: "editor.readOnly.editors_only", args: { state: { key: "status.approved" } }, text: "x" })).toBe(
      "Только чтение (Одобрен): теперь материал правят только редакторы.",
    );
    expect(say({ key: "no.such.key", args: {}, text: "the English sentence" })).toBe("the English sentence");
    expect(say({ key: "", args: {}, text: "plain" })).toBe("plain");
    setLocale("en", false);
  });
});
