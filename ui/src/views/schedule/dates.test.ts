import { afterEach, describe, expect, it, vi } from "vitest";
import { addDays, mondayOf, todayIn, useZoneOffsets } from "./dates";

describe("calendar dates", () => {
  afterEach(() => vi.restoreAllMocks());

  it("steps over month and year ends", () => {
    expect(addDays("2026-01-31", 1)).toBe("2026-02-01");
    expect(addDays("2026-01-01", -1)).toBe("2025-12-31");
  });

  it("finds the Monday of a week (weeks start on Monday in the newsroom)", () => {
    expect(mondayOf("2026-01-15")).toBe("2026-01-12");
    expect(mondayOf("2026-01-12")).toBe("2026-01-12");
    expect(mondayOf("2026-01-18")).toBe("2026-01-12");
  });

  it("reads today in a zone as YYYY-MM-DD, on the zone's side of midnight", () => {
    const evening = new Date("2026-12-01T20:30:00Z");
    expect(todayIn("Asia/Almaty", evening)).toBe("2026-12-02");
    expect(todayIn("UTC", evening)).toBe("2026-12-01");
    expect(todayIn("America/New_York", new Date("2026-12-02T03:00:00Z"))).toBe("2026-12-01");
    expect(todayIn("Not/AZone", evening), "an unknown zone reads as UTC").toBe("2026-12-01");
  });

  // Debian 12's WebKitGTK still has Asia/Almaty at UTC+6 (the zone moved to +5 in 2024), so
  // from midnight to one o'clock there its "today" was tomorrow. Once Rust's offsets are known
  // they decide; an offset here that no engine would give shows they are the ones used.
  it("follows Rust's tz database over the web view's once its offsets are known", () => {
    try {
      useZoneOffsets({ "Asia/Almaty": 300, UTC: 600 });
      expect(todayIn("Asia/Almaty", new Date("2026-12-01T18:30:00Z"))).toBe("2026-12-01");
      expect(todayIn("Asia/Almaty", new Date("2026-12-01T19:00:00Z"))).toBe("2026-12-02");
      expect(todayIn("UTC", new Date("2026-12-01T20:00:00Z")), "Rust's offset, not the engine's").toBe("2026-12-02");
      expect(todayIn("Europe/Paris", new Date("2026-12-01T23:30:00Z")), "a zone Rust did not list: the engine's").toBe("2026-12-02");
    } finally {
      useZoneOffsets({});
    }
  });

  // WebKitGTK formats "en-CA" as MM/DD/YYYY where Chromium gives YYYY-MM-DD, and an engine
  // may format in the process's locale (C, en_US, ru_RU, kk_KZ) whatever was asked: the date
  // must come out the same from every one of them.
  it.each(["en-CA as MM/DD/YYYY", "en-US", "ru-RU", "kk-KZ", "ar-EG"])("does not depend on an engine formatting %s", (engine) => {
    const Real = Intl.DateTimeFormat;
    class EngineFormat extends Real {
      constructor(_locale?: string | string[], options?: Intl.DateTimeFormatOptions) {
        super(engine.startsWith("en-CA") ? "en-US" : engine, options);
      }
    }
    vi.stubGlobal("Intl", { ...Intl, DateTimeFormat: EngineFormat });
    try {
      expect(todayIn("Asia/Almaty", new Date("2026-12-01T12:00:00Z"))).toBe("2026-12-01");
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
