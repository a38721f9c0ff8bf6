import { afterEach, describe, expect, it } from "vitest";
import { setLocale } from "../../lib/i18n";
import { noticeText } from "./notice-text";

describe("scheduler notices", () => {
  afterEach(() => setLocale("en", false));

  it("are worded in the interface language from kind and minutes", () => {
    setLocale("ru", false);
    expect(noticeText({ kind: "late_publish", minutes: 3, message: "published 3 minutes late" })).toBe(
      "Опубликовано с опозданием на 3 минуты: приложение не работало или компьютер спал.",
    );
    expect(noticeText({ kind: "schedule_moved", minutes: -60, message: "x" })).toContain("раньше на 60 минут");
    expect(noticeText({ kind: "late_publish", minutes: 125, message: "x" })).toContain("на 2 ч 5 мин:");
    setLocale("en", false);
    expect(noticeText({ kind: "embargo_moved", minutes: 1, message: "x" })).toContain("later by 1 minute");
  });

  it("keep the core's sentence where there is nothing to word it from", () => {
    setLocale("ru", false);
    expect(noticeText({ kind: "publish_failed", minutes: null, message: "the scheduler could not publish it: gone" })).toBe(
      "the scheduler could not publish it: gone",
    );
  });
});
