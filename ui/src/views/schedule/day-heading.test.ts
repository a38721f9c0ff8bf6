import { afterEach, describe, expect, it } from "vitest";
import { setLocale } from "../../lib/i18n";
import { dayHeading } from "./day-heading";

describe("a calendar day's heading", () => {
  afterEach(() => setLocale("en", false));

  it("reads as a Russian reader says a date, with the month in the genitive", () => {
    setLocale("ru", false);
    expect(dayHeading("2026-12-01")).toBe("вт, 1 декабря");
    expect(dayHeading("2027-01-03")).toBe("вс, 3 января");
  });

  it("reads in English too, weeks starting on Monday", () => {
    setLocale("en", false);
    expect(dayHeading("2026-11-30")).toBe("Mon 30 November");
    expect(dayHeading("2024-02-29")).toBe("Thu 29 February");
  });
});
