import { describe, expect, it } from "vitest";
import { parseDay, parseWhen } from "./when";

const TODAY = "2026-12-01";

describe("typed schedule times", () => {
  it.each([
    ["02.12.2026 09:00", "2026-12-02T09:00"],
    ["2.12.2026 9:00", "2026-12-02T09:00"],
    ["2026-12-02 09:00", "2026-12-02T09:00"],
    ["2026-12-02T09:00", "2026-12-02T09:00"],
    ["2026-12-02T09:00:00", "2026-12-02T09:00"],
    ["завтра 9:00", "2026-12-02T09:00"],
    ["Завтра в 9:00", "2026-12-02T09:00"],
    ["ертең 09:00", "2026-12-02T09:00"],
    ["tomorrow 9am", "2026-12-02T09:00"],
    ["tomorrow at 9 pm", "2026-12-02T21:00"],
    ["tomorrow 12am", "2026-12-02T00:00"],
    ["tomorrow 12:30pm", "2026-12-02T12:30"],
    ["сегодня 18:30", "2026-12-01T18:30"],
    ["послезавтра 7:05", "2026-12-03T07:05"],
    ["9:00 завтра", "2026-12-02T09:00"],
    ["21:15", "2026-12-01T21:15"],
    ["31.12.2026 23:59", "2026-12-31T23:59"],
    ["29.02.2028 10:00", "2028-02-29T10:00"],
  ])("reads %s", (text, local) => {
    expect(parseWhen(text, TODAY)).toEqual({ ok: true, local });
  });

  it("crosses month and year ends from today", () => {
    expect(parseWhen("завтра 9:00", "2026-12-31")).toEqual({ ok: true, local: "2027-01-01T09:00" });
  });

  it.each([
    ["", "when.empty"],
    ["   ", "when.empty"],
    ["завтра", "when.noTime"],
    ["02.12.2026", "when.noTime"],
    ["31.02.2026 09:00", "when.badDate"],
    ["2026-13-01 09:00", "when.badDate"],
    ["завтра 25:00", "when.badTime"],
    ["завтра 9:60", "when.badTime"],
    ["tomorrow 13pm", "when.badTime"],
    ["12/02/2026 09:00", "when.unknown"],
    ["когда-нибудь", "when.unknown"],
    ["завтра 9", "when.unknown"],
    ["завтра завтра 9:00", "when.unknown"],
  ])("refuses %j with %s", (text, error) => {
    expect(parseWhen(text, TODAY)).toEqual({ ok: false, error });
  });
});

describe("a typed day (the Calendar's date box)", () => {
  it.each([
    ["02.12.2026", "2026-12-02"],
    ["2.1.2027", "2027-01-02"],
    ["2026-12-02", "2026-12-02"],
    [" Завтра ", "2026-12-02"],
    ["tomorrow", "2026-12-02"],
    ["сегодня", "2026-12-01"],
    ["бүрсігүні", "2026-12-03"],
  ])("reads %s", (text, date) => {
    expect(parseDay(text, TODAY)).toEqual({ ok: true, date });
  });

  it.each([
    ["", "day.empty"],
    ["31.02.2026", "when.badDate"],
    ["2026-13-01", "when.badDate"],
    ["12/02/2026", "day.unknown"],
    ["завтра 9:00", "day.unknown"],
  ])("refuses %j", (text, error) => {
    expect(parseDay(text, TODAY)).toEqual({ ok: false, error });
  });
});
