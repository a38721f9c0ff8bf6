// Interface language: Russian by default where the system speaks Russian, switchable, and
// remembered. Static labels carry data-i18n attributes and are relabelled in place on a
// switch, so nothing (least of all an open editor) is rebuilt.
import type { Said } from "../bindings/Said";
import { catalog, LOCALES, type Locale, type MessageKey } from "./catalog";

export type { Locale, MessageKey };

const STORAGE_KEY = "newsroom.locale";
let current: Locale = "en";
const listeners = new Set<(locale: Locale) => void>();

/** The saved choice, else Russian for a Russian (or Kazakh) system, else English. */
export function detectLocale(saved: string | null, systemLanguage: string | undefined): Locale {
  if (saved && (LOCALES as readonly string[]).includes(saved)) return saved as Locale;
  const lang = (systemLanguage ?? "").toLowerCase();
  return lang.startsWith("ru") || lang.startsWith("kk") ? "ru" : "en";
}

export function locale(): Locale {
  return current;
}

export function setLocale(next: Locale, persist = true): void {
  current = next;
  if (persist) {
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Storage may be unavailable; the choice then lasts for this session only.
    }
  }
  if (typeof document !== "undefined") {
    document.documentElement.lang = next;
    localize(document.body);
  }
  listeners.forEach((fn) => fn(next));
}

export function initLocale(): Locale {
  let saved: string | null = null;
  try {
    saved = localStorage.getItem(STORAGE_KEY);
  } catch {
    saved = null;
  }
  setLocale(detectLocale(saved, navigator.language), false);
  return current;
}

export function onLocaleChange(fn: (locale: Locale) => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/** The message for `key` with {placeholders} filled in. A number is written the language's
 * way (1 234 / 1,234) by `t` itself, so callers pass numbers, never pre-formatted strings
 * (a formatted string cannot pick a plural form). `{count|word|words}` picks a plural form
 * by the language's rules: English one/other; Russian one/few/many (статья, статьи,
 * статей), the last form also serving for fractions. */
export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  const template = catalog[current][key] ?? catalog.en[key] ?? key;
  return template
    .replace(/\{(\w+)\|([^}]*)\}/g, (whole, name: string, forms: string) => {
      const n = pluralNumber(params[name]);
      return n === null ? whole : pluralForm(current, n, forms.split("|"));
    })
    .replace(/\{(\w+)\}/g, (whole, name: string) => {
      if (!(name in params)) return whole;
      const value = params[name];
      return typeof value === "number" ? formatNumber(value) : String(value);
    });
}

/** Whether the catalog has `key` (in any language). */
export function hasMessage(key: string): key is MessageKey {
  return key in catalog.en || key in catalog[current];
}

/** A sentence from Rust (`Said`: a message key, its arguments, the English text) in the
 * interface language; the English text where this UI does not know the key. An argument
 * `{key}` is itself a message (a state, a role, an action), translated first; `{minutes}`
 * is a duration. */
export function say(said: Said): string {
  if (!said.key || !hasMessage(said.key)) return said.text;
  const params: Record<string, string | number> = {};
  for (const [name, arg] of Object.entries(said.args)) {
    if (arg === undefined) continue;
    if (typeof arg !== "object") params[name] = arg;
    else if ("key" in arg) params[name] = hasMessage(arg.key) ? t(arg.key) : arg.key;
    else params[name] = formatDuration(arg.minutes);
  }
  return t(said.key, params);
}

/** "47 минут", "50 ч 35 мин": minutes up to two hours, then hours and minutes. */
export function formatDuration(totalMinutes: number): string {
  const minutes = Math.abs(Math.trunc(totalMinutes));
  if (minutes < 120) return t("duration.minutes", { minutes });
  return t("duration.hours", { hours: Math.floor(minutes / 60), minutes: minutes % 60 });
}

/** The number a plural form is chosen by: a number, or a string of digits (a count that
 * came as text, e.g. from the core) — never left as a raw `{n|…}` template. */
function pluralNumber(value: string | number | undefined): number | null {
  if (typeof value === "number") return value;
  if (typeof value !== "string") return null;
  const digits = value.replace(/[\s\u00a0\u202f,]/g, "");
  return /^-?\d+(\.\d+)?$/.test(digits) ? Number(digits) : null;
}

const PLURAL_ORDER: Record<Locale, Intl.LDMLPluralRule[]> = {
  en: ["one", "other"],
  ru: ["one", "few", "many"],
};

export function pluralForm(lang: Locale, n: number, forms: string[]): string {
  const category = new Intl.PluralRules(lang).select(n);
  const index = PLURAL_ORDER[lang].indexOf(category);
  return forms[index >= 0 ? index : forms.length - 1] ?? forms[forms.length - 1] ?? "";
}

/** Relabels every element under `root` that names its message in a data attribute. */
export function localize(root: ParentNode): void {
  root.querySelectorAll<HTMLElement>("[data-i18n], [data-i18n-placeholder], [data-i18n-title]").forEach(relabel);
}

/** Relabels one element from its data attributes. */
export function relabel(el: HTMLElement): void {
  if (el.dataset.i18n) el.textContent = t(el.dataset.i18n as MessageKey);
  if (el.dataset.i18nPlaceholder) el.setAttribute("placeholder", t(el.dataset.i18nPlaceholder as MessageKey));
  if (el.dataset.i18nTitle) el.title = t(el.dataset.i18nTitle as MessageKey);
}

/** Numbers and dates in the interface language. */
export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const now = new Date();
  const sameDay = date.toDateString() === now.toDateString();
  const options: Intl.DateTimeFormatOptions = sameDay
    ? { hour: "2-digit", minute: "2-digit" }
    : { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" };
  return new Intl.DateTimeFormat(current, options).format(date);
}

export function formatTime(iso: string): string {
  return new Intl.DateTimeFormat(current, { hour: "2-digit", minute: "2-digit", second: "2-digit" }).format(
    new Date(iso),
  );
}

export function formatNumber(n: number): string {
  return new Intl.NumberFormat(current).format(n);
}
