import { describe, expect, it } from "vitest";
import { addDays, mondayOf, todayIn } from "./dates";

describe("calendar dates", () => {
  it("steps over month and year ends", () => {
    expect(addDays("2026-01-31", 1)).toBe("2026-02-01");
    expect(addDays("2026-01-01", -1)).toBe("2025-12-31");
  });

  it("finds the Monday of a week (weeks start on Monday in the newsroom)", () => {
    expect(mondayOf("2026-01-15")).toBe("2026-01-12");
    expect(mondayOf("2026-01-12")).toBe("2026-01-12");
    expect(mondayOf("2026-01-18")).toBe("2026-01-12");
  });

  it("reads today in a zone as YYYY-MM-DD", () => {
    expect(todayIn("Asia/Almaty")).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });
});
