import { describe, expect, it } from "vitest";
import { fitOf, parseTarget, showTarget } from "./word-target";

describe("word targets", () => {
  it.each([
    ["600–800", { min: 600, max: 800 }],
    ["600-800", { min: 600, max: 800 }],
    [" 600 — 800 ", { min: 600, max: 800 }],
    ["600", { min: 600, max: null }],
    ["", null],
  ])("reads %j", (text, target) => {
    expect(parseTarget(text)).toEqual({ ok: true, target });
  });

  it.each(["800–600", "abc", "600–", "–800", "6 0 0x"])("refuses %j", (text) => {
    expect(parseTarget(text)).toEqual({ ok: false });
  });

  it("shows what it reads", () => {
    expect(showTarget({ min: 600, max: 800 })).toBe("600–800");
    expect(parseTarget(showTarget({ min: 600, max: null }))).toEqual({ ok: true, target: { min: 600, max: null } });
  });

  it("says short, within or over", () => {
    const t = { min: 600, max: 800 };
    expect([599, 600, 800, 801].map((n) => fitOf(n, t))).toEqual(["short", "within", "within", "over"]);
    expect(fitOf(10_000, { min: 300, max: null })).toBe("within");
  });
});
