import { describe, expect, it } from "vitest";
import { inputTime } from "./markdown-editor";

describe("inputTime", () => {
  it("dates a change by the input event just before it", () => {
    expect(inputTime(1_000, 1_012)).toBe(1_000);
    expect(inputTime(1_000, 1_100)).toBe(1_000);
  });

  it("dates a change with no input just before it (a command, an answer) now", () => {
    expect(inputTime(1_000, 1_101)).toBe(1_101);
    expect(inputTime(0, 5_000), "no input yet").toBe(5_000);
  });

  it("never dates a change in the future (an event time on another clock)", () => {
    expect(inputTime(9_000, 5_000)).toBe(5_000);
  });
});
