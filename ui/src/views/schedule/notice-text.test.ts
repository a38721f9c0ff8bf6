import { afterEach, describe, expect, it } from "vitest";
import { setLocale } from "../../lib/i18n";
import { noticeText } from "./notice-text";

describe("scheduler notices", () => {
  afterEach(() => setLocale("en", false));

  it("are worded in the interface language from kind and minutes", () => {
    setLocale("ru", false);
    expect(noticeText({ kind: "late_publish", minutes: 3, message: "published 3 minutes late", reason: null })).toBe(
      "Опубликовано с опозданием на 3 минуты: приложение не работало или компьютер спал.",
    );
    expect(noticeText({ kind: "schedule_moved", minutes: -60, message: "x", reason: null })).toContain("раньше на 60 минут");
    expect(noticeText({ kind: "late_publish", minutes: 125, message: "x", reason: null })).toContain("на 2 ч 5 мин:");
    setLocale("en", false);
    expect(noticeText({ kind: "embargo_moved", minutes: 1, message: "x", reason: null })).toContain("later by 1 minute");
  });

  it("keep the core's sentence where there is nothing to word it from", () => {
    setLocale("ru", false);
    expect(noticeText({ kind: "publish_failed", minutes: null, message: "the scheduler could not publish it: gone", reason: null })).toBe(
      "the scheduler could not publish it: gone",
    );
  });

  it("word a failed publish's reason in the interface language", () => {
    setLocale("ru", false);
    const reason = { key: "refusal.in_trash", args: {}, text: "the article is in the trash; restore it first" };
    expect(noticeText({ kind: "publish_failed", minutes: null, message: "x", reason })).toBe(
      "Планировщик не смог опубликовать материал: Материал в корзине; сначала восстановите его.",
    );
  });
});
